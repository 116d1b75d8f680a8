// Karaoke with a voice that reports no word timings: the Speech segment narrates through the
// OpenAI speech fake (answering with real eSpeak speech of the text) and aligns each segment's
// words to the audio, landing near where eSpeak says the words start.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runSegment } from '../../src/pipeline/run.js';
import { RenderOptionsSchema, StoryRequestSchema, StoryScriptSchema } from '../../src/pipeline/script.js';
import type { SegmentContext } from '../../src/pipeline/segment.js';
import { createProviders } from '../../src/providers/registry.js';
import { EspeakSpeech } from '../../src/providers/tts/espeak.js';
import { TaskFolder } from '../../src/storage/task-folder.js';
import type { WordTiming } from '../../src/story/script.js';
import { sampleScript } from '../contract/harness.js';
import { startFakeOpenAI } from '../fakes/openai.js';
import type { FakeServer } from '../fakes/server.js';

const KEY = 'sk-align-0123456789';
let root: string;
let fake: FakeServer | undefined;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sa-align-'));
});
afterAll(async () => {
  await fake?.close();
  await rm(root, { recursive: true, force: true });
});

describe('Speech with a voice that has no word timings', () => {
  it('aligns every segment so karaoke follows the voice', async () => {
    const folder = new TaskFolder(join(root, '1'));
    await folder.writeScript(StoryScriptSchema.parse(sampleScript()));
    const config = loadConfig({}, { STORAGE_DIR: root, SPEECH_PROVIDER: 'openai-tts:tts-1#alloy' });
    const ctx = (providers: SegmentContext['providers']): SegmentContext => ({
      folder,
      request: StoryRequestSchema.parse({ topic: 't', pages: 2, language: 'zh' }),
      render: RenderOptionsSchema.parse({}),
      providers,
      signal: new AbortController().signal,
      progress: () => {},
    });
    const offline = createProviders(loadConfig({}, {}), {}, {});
    await runSegment(3, ctx(offline));

    // What the "remote" voice says for each segment, and where eSpeak put its words.
    const espeak = new EspeakSpeech();
    const spoken = new Map<string, { wav: Uint8Array; words: WordTiming[] }>();
    for (const page of (await folder.readScript()).pages)
      for (const s of page.segments!)
        spoken.set(s.text, await espeak.synthesize({ text: s.text, language: 'zh' }, {}));
    fake = await startFakeOpenAI({ apiKey: KEY, speech: (body) => spoken.get(String(body.input))!.wav });

    const providers = createProviders(config, {}, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${fake.url}/v1` });
    await runSegment(4, ctx(providers));
    const script = await folder.readScript();
    const errors: number[] = [];
    for (const s of script.pages.flatMap((p) => p.segments!)) {
      const truth = spoken.get(s.text)!.words;
      expect(s.words!.length).toBeGreaterThan(0);
      // Every character of the text is in some word, in order, inside the clip.
      expect(s.words!.map((w) => w.text).join('')).toBe(s.text.replace(/[\p{P}\s]/gu, ''));
      for (const [i, w] of s.words!.entries()) {
        expect(w.end).toBeLessThanOrEqual(s.duration!);
        if (i > 0) expect(w.start).toBeGreaterThanOrEqual(s.words![i - 1]!.end);
      }
      // Compare word starts at the characters where eSpeak's words start.
      let at = 0;
      const startAt = new Map<number, number>();
      for (const w of s.words!) {
        startAt.set(at, w.start);
        at += w.text.length;
      }
      at = 0;
      for (const w of truth) {
        const aligned = startAt.get(at);
        if (aligned !== undefined) errors.push(Math.abs(aligned - w.start));
        at += w.text.length;
      }
    }
    expect(errors.length).toBeGreaterThan(10);
    const within = errors.filter((e) => e <= 0.08).length / errors.length;
    console.log(
      `aligned OpenAI segments: ${(within * 100).toFixed(0)}% of ${errors.length} word starts within 80 ms`,
    );
    expect(within).toBeGreaterThanOrEqual(0.9);
  }, 120_000);
});
