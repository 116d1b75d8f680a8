// The offline eSpeak NG (WASM) voice: real synthesis in zh and en, checked for what a listener
// would notice — audible, plausible length, Mandarin really read as Mandarin, timings usable.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { decodeWav, rms, wavDurationSeconds } from '../../src/media/wav.js';
import type { Language, WordTiming } from '../../src/pipeline/script.js';
import { EspeakSpeech } from '../../src/providers/tts/espeak.js';

const speech = new EspeakSpeech();

const ZH = '从前有一只小企鹅，它住在冰天雪地的南极。';
const EN = 'Once upon a time, a little penguin lived at the South Pole.';

async function say(text: string, language: Language, rate?: number, voice?: string) {
  const result = await speech.synthesize({ text, language, rate, voice }, {});
  const decoded = decodeWav(result.wav);
  return { ...result, decoded, duration: wavDurationSeconds(result.wav) };
}

function expectUsableTimings(words: WordTiming[], duration: number) {
  expect(words.length).toBeGreaterThan(0);
  let previousEnd = 0;
  for (const w of words) {
    expect(w.text.trim()).not.toBe('');
    expect(w.start).toBeGreaterThanOrEqual(previousEnd - 1e-9);
    expect(w.end).toBeGreaterThanOrEqual(w.start);
    expect(w.end).toBeLessThanOrEqual(duration + 1e-9);
    previousEnd = w.end;
  }
}

describe('EspeakSpeech', () => {
  it('identifies itself as the offline eSpeak NG model', () => {
    expect(speech.provider).toBe('offline');
    expect(speech.modelId).toBe('espeak-ng');
  });

  it('speaks Chinese: a valid, audible 16-bit mono WAV of plausible length', async () => {
    const r = await say(ZH, 'zh');
    expect(r.decoded.channels).toBe(1);
    expect(r.decoded.sampleRate).toBe(22050);
    expect(rms(r.decoded.samples)).toBeGreaterThan(0.03);
    // 18 characters read aloud: about 3-6 per second, plus the pause at the comma
    expect(r.duration).toBeGreaterThan(2.5);
    expect(r.duration).toBeLessThan(7);
    expect(r.usage?.audioSeconds).toBeCloseTo(r.duration, 6);
  });

  it('speaks English: a valid, audible WAV of plausible length', async () => {
    const r = await say(EN, 'en');
    expect(rms(r.decoded.samples)).toBeGreaterThan(0.03);
    // 12 words at a read-aloud pace of roughly 120-240 words per minute
    expect(r.duration).toBeGreaterThan(3);
    expect(r.duration).toBeLessThan(6);
  });

  it('reads Mandarin as Mandarin, not as English letters and tone digits', async () => {
    const phonemes = await speech.phonemes({ text: '你好', language: 'zh' });
    const flat = phonemes.flat().join(' ');
    expect(flat).toMatch(/^n i χ ˈ?ɑu$/);
    // what the Debian binary's broken cmn does: "three" for the tone digit
    expect(flat).not.toMatch(/θ|ɹ/);
    const r = await say('你好', 'zh');
    expect(r.duration).toBeGreaterThan(0.3);
    expect(r.duration).toBeLessThan(1);
  });

  it('gives Chinese word timings that cover the characters in order', async () => {
    const r = await say('你好，小企鹅。我有3只小鸟！', 'zh');
    expectUsableTimings(r.words, r.duration);
    const text = r.words.map((w) => w.text).join('');
    expect(text).toBe('你好小企鹅我有3只小鸟');
    // the comma's pause lies between 你好 and 小
    expect(r.words[1]!.start - r.words[0]!.end).toBeGreaterThan(0.05);
  });

  it('gives English word timings with the words of the text', async () => {
    const r = await say(EN, 'en');
    expectUsableTimings(r.words, r.duration);
    expect(r.words.map((w) => w.text)).toEqual(EN.replace(/[,.]/g, '').split(' '));
    const last = r.words[r.words.length - 1]!;
    expect(r.duration - last.end).toBeLessThan(0.3);
  });

  it('speaks faster at rate 1.5 and slower at rate 0.75', async () => {
    const normal = await say(EN, 'en', 1);
    const fast = await say(EN, 'en', 1.5);
    const slow = await say(EN, 'en', 0.75);
    expect(fast.duration).toBeLessThan(normal.duration * 0.8);
    expect(slow.duration).toBeGreaterThan(normal.duration * 1.15);
    const zhNormal = await say(ZH, 'zh', 1);
    const zhFast = await say(ZH, 'zh', 1.5);
    expect(zhFast.duration).toBeLessThan(zhNormal.duration * 0.8);
  });

  it('is deterministic: the same request gives the same bytes, also after other requests', async () => {
    const a = await say(ZH, 'zh');
    await say(EN, 'en', 1.3);
    const [b, c] = await Promise.all([say(ZH, 'zh'), say(ZH, 'zh')]);
    expect(Buffer.from(b.wav).equals(Buffer.from(a.wav))).toBe(true);
    expect(Buffer.from(c.wav).equals(Buffer.from(a.wav))).toBe(true);
    expect(b.words).toEqual(a.words);
  });

  it('speaks Latin words inside Chinese text, and text with SSML-like characters', async () => {
    const mixed = await say('Tom 和小红是好朋友。', 'zh');
    expect(mixed.words[0]!.text).toBe('Tom');
    const tricky = await say('Tom <b> & Jerry &amp; friends', 'en');
    expect(rms(tricky.decoded.samples)).toBeGreaterThan(0.03);
    expect(tricky.words.map((w) => w.text)).toContain('Jerry');
  });

  it('takes a voice override and refuses unknown voices by field', async () => {
    const gb = await say('Hello there.', 'en', 1, 'en-gb');
    const us = await say('Hello there.', 'en', 1);
    expect(Buffer.from(gb.wav).equals(Buffer.from(us.wav))).toBe(false);
    await expect(say('Hello', 'en', 1, 'klingon')).rejects.toThrow(/voice/);
    await expect(say('Hello', 'en', 1, 'en-us+nosuchvariant')).rejects.toThrow(/voice/);
    await expect(say('Hello', 'en', 1, '../../etc')).rejects.toBeInstanceOf(AppError);
  });

  it('rejects empty text and a bad rate, naming the field', async () => {
    await expect(say('   ', 'en')).rejects.toThrow(/^text:/);
    await expect(say('Hi', 'en', 0)).rejects.toThrow(/^rate:/);
    await expect(say('Hi', 'en', Number.NaN)).rejects.toThrow(/^rate:/);
  });

  it('honours an AbortSignal', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      speech.synthesize({ text: EN, language: 'en' }, { signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    // and stays usable afterwards
    const r = await say('Still here.', 'en');
    expect(rms(r.decoded.samples)).toBeGreaterThan(0.03);
  });

  it('stops a long synthesis when cancelled mid-way, and the next request is unaffected', async () => {
    const long = ZH.repeat(200); // about 20 minutes of speech: seconds of engine work
    const controller = new AbortController();
    const started = performance.now();
    const pending = speech.synthesize({ text: long, language: 'zh' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - started).toBeLessThan(1000);
    // the engine really stopped: the next request is not queued behind the long one
    const next = performance.now();
    const after = await say(ZH, 'zh');
    expect(performance.now() - next).toBeLessThan(2500);
    const fresh = await say(ZH, 'zh');
    expect(Buffer.from(after.wav).equals(Buffer.from(fresh.wav))).toBe(true);
  });

  it('keeps the event loop free while it synthesises', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    await speech.synthesize({ text: ZH.repeat(8), language: 'zh' }, {});
    clearInterval(timer);
    const elapsed = performance.now() - started;
    // a blocked loop would tick about once; a free one roughly every 5 ms
    expect(ticks).toBeGreaterThan(Math.min(10, elapsed / 20));
  });
});
