// Edge neural voices against a local fake of the read-aloud WebSocket protocol: the SSML and the
// token the client sends, word boundaries as word timings, rate and pitch, and the faults a flaky
// connection brings (socket dropped mid-audio, a slow answer, a refused token, an unknown voice).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeWav, wavDurationSeconds } from '../../src/media/wav.js';
import type { ProviderRuntime } from '../../src/providers/core/call.js';
import { Semaphore } from '../../src/providers/core/semaphore.js';
import { EdgeSpeech } from '../../src/providers/tts/edge-tts.js';
import { type FakeEdge, startFakeEdgeTts } from '../fakes/edge-tts.js';

let fake: FakeEdge;
beforeEach(async () => {
  fake = await startFakeEdgeTts();
});
afterEach(async () => {
  await fake.close();
});

const rt = (over: Partial<ProviderRuntime['policy']> = {}): ProviderRuntime => ({
  provider: 'edge-tts',
  policy: { maxRetries: 2, timeoutMs: 10_000, baseDelayMs: 10, maxDelayMs: 1000, ...over },
  limiter: new Semaphore(2),
  secrets: [],
});

describe('Edge neural voices', () => {
  it('speaks the text with the voice, rate and pitch asked, and returns the word boundaries as timings', async () => {
    const tts = new EdgeSpeech(rt(), { url: fake.url, voice: 'zh-CN-XiaoxiaoNeural', pitch: '+5Hz' });
    const r = await tts.synthesize({ text: '小狐狸爬上山坡，风在唱歌。', language: 'zh', rate: 1.25 }, {});
    const [req] = fake.requests;
    expect(req).toMatchObject({
      voice: 'zh-CN-XiaoxiaoNeural',
      rate: '+25%',
      pitch: '+5Hz',
      text: '小狐狸爬上山坡，风在唱歌。',
      outputFormat: 'audio-24khz-48kbitrate-mono-mp3',
      wordBoundary: true,
    });
    expect(decodeWav(r.wav).sampleRate).toBe(24000);
    const spoken = fake.spoken[0]!;
    expect(r.words.map((w) => w.text)).toEqual(spoken.map((w) => w.text));
    for (const [i, w] of r.words.entries()) {
      expect(w.start).toBeCloseTo(spoken[i]!.start, 2);
      expect(w.end).toBeCloseTo(spoken[i]!.end, 2);
    }
    // The decoded MP3 is as long as the fake's audio (its trailing pause included, within an MP3 frame).
    const last = spoken.at(-1)!;
    expect(wavDurationSeconds(r.wav)).toBeGreaterThan(last.end);
    expect(wavDurationSeconds(r.wav)).toBeLessThan(last.end + 0.5);
    expect(r.usage?.audioSeconds).toBeGreaterThan(1);
    expect(r.warnings).toEqual([]);
  });

  it('escapes the text for SSML and uses a voice of the story language when the configured one is not', async () => {
    const tts = new EdgeSpeech(rt(), { url: fake.url, voice: 'zh-CN-YunxiNeural' });
    const r = await tts.synthesize({ text: 'Tom & <Jerry> say "hi".', language: 'en' }, {});
    expect(fake.requests[0]).toMatchObject({
      voice: 'en-US-AvaNeural',
      text: 'Tom & <Jerry> say "hi".',
      rate: '+0%',
    });
    expect(r.warnings).toEqual(['voice zh-CN-YunxiNeural does not speak "en"; used en-US-AvaNeural']);
    expect(r.words.map((w) => w.text)).toEqual(['Tom', 'Jerry', 'say', 'hi']);
  });

  it('retries a socket dropped mid-audio and succeeds on the next try', async () => {
    fake.fault({ kind: 'drop' });
    const tts = new EdgeSpeech(rt(), { url: fake.url, voice: 'en-US-AvaNeural' });
    const r = await tts.synthesize({ text: 'The fox sings.', language: 'en' }, {});
    expect(fake.requests).toHaveLength(2);
    expect(r.words.map((w) => w.text)).toEqual(['The', 'fox', 'sings']);
  });

  it('fails with a clear error when every try is dropped mid-audio', async () => {
    fake.fault({ kind: 'drop' }, { kind: 'drop' }, { kind: 'drop' });
    const tts = new EdgeSpeech(rt(), { url: fake.url, voice: 'en-US-AvaNeural' });
    await expect(tts.synthesize({ text: 'The fox sings.', language: 'en' }, {})).rejects.toThrow(
      /edge-tts: the connection closed before the end of the audio/,
    );
    expect(fake.requests).toHaveLength(3);
  });

  it('times out a slow answer, then retries', async () => {
    // The first answer comes after 4 s; each try waits 1.5 s (room for a loaded machine's ffmpeg).
    fake.fault({ kind: 'slow', delayMs: 4000 });
    const tts = new EdgeSpeech(rt({ timeoutMs: 1500 }), { url: fake.url, voice: 'en-US-AvaNeural' });
    const started = Date.now();
    const r = await tts.synthesize({ text: 'Hello there.', language: 'en' }, {});
    expect(r.words.map((w) => w.text)).toEqual(['Hello', 'there']);
    expect(fake.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  });

  it('says so when the token is refused, without retrying, and when a voice gives no audio', async () => {
    fake.fault({ kind: 'reject' });
    const tts = new EdgeSpeech(rt(), { url: fake.url, voice: 'en-US-AvaNeural' });
    await expect(tts.synthesize({ text: 'Hi.', language: 'en' }, {})).rejects.toThrow(
      /refused the connection token.*\(HTTP 403\)/,
    );
    await expect(
      tts.synthesize({ text: 'Hi.', language: 'en', voice: 'en-US-NobodyNeural' }, {}),
    ).rejects.toThrow(/no audio received: is the voice name right/);
    await expect(tts.synthesize({ text: 'Hi.', language: 'en', voice: 'alloy' }, {})).rejects.toThrow(
      /voice: "alloy" is not an Edge voice name/,
    );
  });

  it("sets its clock by the service's Date when a token from a wrong clock is refused", async () => {
    const skewed = await startFakeEdgeTts({ clockAheadMs: 3_600_000 });
    try {
      const tts = new EdgeSpeech(rt(), { url: skewed.url, voice: 'en-US-AvaNeural' });
      const r = await tts.synthesize({ text: 'Good night.', language: 'en' }, {});
      expect(r.words.map((w) => w.text)).toEqual(['Good', 'night']);
      expect(skewed.requests).toHaveLength(1);
    } finally {
      await skewed.close();
    }
  });

  it('stops at once when the task is cancelled', async () => {
    fake.fault({ kind: 'slow', delayMs: 5000 });
    const tts = new EdgeSpeech(rt(), { url: fake.url, voice: 'en-US-AvaNeural' });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const started = Date.now();
    await expect(tts.synthesize({ text: 'Hi.', language: 'en' }, { signal: ac.signal })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
