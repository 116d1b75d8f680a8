import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav, wavDurationSeconds } from '../../src/media/wav.js';
import type { ProviderRuntime } from '../../src/providers/core/call.js';
import { Semaphore } from '../../src/providers/core/semaphore.js';
import { CosyVoiceSpeech } from '../../src/providers/tts/cosyvoice.js';
import { GeminiSpeech } from '../../src/providers/tts/gemini-tts.js';
import { OpenAISpeech } from '../../src/providers/tts/openai-tts.js';
import { startFakeCosyVoice, zeroShotForm } from '../fakes/cosyvoice.js';
import { startFakeGemini } from '../fakes/gemini.js';
import { sinePcm, sineWav } from '../fakes/media.js';
import { startFakeOpenAI } from '../fakes/openai.js';
import { type FakeServer, jsonBody } from '../fakes/server.js';

const KEY = 'sk-fake-speech-1234567890';
const rt = (provider: string): ProviderRuntime => ({
  provider,
  policy: { maxRetries: 2, timeoutMs: 3000, baseDelayMs: 10, maxDelayMs: 2000 },
  limiter: new Semaphore(2),
  secrets: [KEY],
});

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('OpenAI speech', () => {
  it('posts model, input, voice, speed and wav format, and repairs a streamed WAV header', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, speech: () => sineWav(0.5, 24000, true) });
    const tts = new OpenAISpeech(rt('openai-tts'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      modelId: 'gpt-4o-mini-tts',
      voice: 'nova',
    });
    const r = await tts.synthesize({ text: '从前有一只小兔子。', language: 'zh', rate: 1.25 }, {});
    expect(wavDurationSeconds(r.wav)).toBeCloseTo(0.5, 2);
    expect(decodeWav(r.wav).sampleRate).toBe(24000);
    expect(r.usage).toEqual({ audioSeconds: 0.5 });
    const [req] = fake.calls(/audio\/speech/);
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    const body = jsonBody(req!);
    expect(body).toMatchObject({
      model: 'gpt-4o-mini-tts',
      input: '从前有一只小兔子。',
      voice: 'nova',
      response_format: 'wav',
      speed: 1.25,
    });
    expect(String(body.instructions)).toContain('Mandarin');
  });

  it('keeps its voice when asked for one OpenAI does not have, and says so', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, speech: () => sineWav(0.2, 24000) });
    const tts = new OpenAISpeech(rt('openai-tts'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      modelId: 'tts-1',
    });
    const r = await tts.synthesize({ text: 'Hello.', language: 'en', voice: 'cmn' }, {});
    expect(jsonBody(fake.calls(/speech/)[0]!).voice).toBe('alloy');
    expect(r.warnings[0]).toMatch(/"cmn" is not an OpenAI voice/);
  });

  it('retries a 503 and succeeds', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, speech: () => sineWav(0.2, 24000) });
    fake.fault(/speech/, { kind: 'status', status: 503 });
    const tts = new OpenAISpeech(rt('openai-tts'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      modelId: 'tts-1',
    });
    await tts.synthesize({ text: 'Hello.', language: 'en' }, {});
    expect(fake.calls(/speech/)).toHaveLength(2);
  });
});

describe('Gemini TTS', () => {
  it('asks for AUDIO with the voice and wraps the 24 kHz PCM in a WAV', async () => {
    fake = await startFakeGemini({ apiKey: KEY, pcm: () => sinePcm(0.25, 24000) });
    const tts = new GeminiSpeech(rt('gemini-tts'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1beta`,
      modelId: 'gemini-2.5-flash-preview-tts',
      voice: 'Puck',
    });
    const r = await tts.synthesize({ text: 'Once upon a time.', language: 'en' }, {});
    expect(wavDurationSeconds(r.wav)).toBeCloseTo(0.25, 3);
    expect(decodeWav(r.wav).sampleRate).toBe(24000);
    expect(r.usage?.audioSeconds).toBe(0.25);
    const [req] = fake.calls(/generateContent/);
    expect(req!.path).toBe('/v1beta/models/gemini-2.5-flash-preview-tts:generateContent');
    expect(req!.headers['x-goog-api-key']).toBe(KEY);
    expect(jsonBody(req!)).toMatchObject({
      contents: [{ parts: [{ text: 'Once upon a time.' }] }],
      generationConfig: {
        responseModalities: ['AUDIO'],
        speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Puck' } } },
      },
    });
  });

  it('fails clearly on a wrong key without retrying or echoing it', async () => {
    fake = await startFakeGemini({ apiKey: 'the-right-key-000' });
    const tts = new GeminiSpeech(rt('gemini-tts'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1beta`,
      modelId: 'm',
    });
    const err = (await tts.synthesize({ text: 'Hi.', language: 'en' }, {}).catch((e: unknown) => e)) as Error;
    expect(err.message).toMatch(/gemini-tts: API key not valid.*\(HTTP 400\)/);
    expect(err.message).not.toContain(KEY);
    expect(fake.calls(/generateContent/)).toHaveLength(1);
  });
});

describe('CosyVoice zero-shot', () => {
  let refs: string;
  beforeAll(async () => {
    refs = await mkdtemp(join(tmpdir(), 'tts-refs-'));
    await writeFile(join(refs, 'zero_shot_prompt.wav'), sineWav(0.3, 16000));
    await writeFile(join(refs, 'zero_shot_prompt.txt'), '希望你以后能够做的比我还好呦。\n');
  });
  afterAll(() => rm(refs, { recursive: true, force: true }));

  it('sends the text, the reference transcript and clip as a form, and wraps the PCM at the rate in its id', async () => {
    fake = await startFakeCosyVoice();
    fake.fault(/inference_zero_shot/, { kind: 'status', status: 500 });
    const tts = new CosyVoiceSpeech(rt('cosyvoice'), {
      baseURL: fake.url,
      referencesDir: refs,
      sampleRate: 22050,
    });
    const r = await tts.synthesize({ text: '小兔子回家了。', language: 'zh' }, {});
    expect(decodeWav(r.wav).sampleRate).toBe(22050);
    expect(wavDurationSeconds(r.wav)).toBeCloseTo(0.7, 2);
    const calls = fake.calls(/inference_zero_shot/);
    expect(calls).toHaveLength(2);
    const form = await zeroShotForm(calls[1]!);
    expect(form.tts_text).toBe('小兔子回家了。');
    expect(form.prompt_text).toBe('希望你以后能够做的比我还好呦。');
    expect(Buffer.from(form.prompt_wav).equals(Buffer.from(sineWav(0.3, 16000)))).toBe(true);
  });

  it('does not guess a rate the server does not announce: it asks for it in the id', async () => {
    fake = await startFakeCosyVoice({ sampleRate: 24000 });
    const tts = new CosyVoiceSpeech(rt('cosyvoice'), { baseURL: fake.url, referencesDir: refs });
    await expect(tts.synthesize({ text: 'Hi.', language: 'en' }, {})).rejects.toThrow(
      /does not say its sample rate; add it to the provider id: cosyvoice:http:\/\/127\.0\.0\.1:\d+#24000/,
    );
  });

  it('uses the rate the server announces', async () => {
    fake = await startFakeCosyVoice({ sampleRate: 24000, announceRate: true });
    const tts = new CosyVoiceSpeech(rt('cosyvoice'), { baseURL: fake.url, referencesDir: refs });
    const r = await tts.synthesize({ text: 'Hi.', language: 'en' }, {});
    expect(decodeWav(r.wav).sampleRate).toBe(24000);
  });

  it('rejects a voice that is not a reference clip name, naming the field', async () => {
    fake = await startFakeCosyVoice();
    const tts = new CosyVoiceSpeech(rt('cosyvoice'), { baseURL: fake.url, referencesDir: refs });
    await expect(tts.synthesize({ text: 'Hi.', language: 'en', voice: '../secret' }, {})).rejects.toThrow(
      /^voice: /,
    );
    await expect(tts.synthesize({ text: 'Hi.', language: 'en', voice: 'missing' }, {})).rejects.toThrow(
      /reference clip "missing"/,
    );
    expect(fake.requests).toHaveLength(0);
  });
});
