// The Speech segment on a real task folder with the real offline voice: the WAVs a user's video
// is made from, durations in script_data.json that match the files, pages joined with pauses.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeWav, rms, wavDurationSeconds } from '../../src/media/wav.js';
import { RenderOptionsSchema, StoryRequestSchema, type StoryScript } from '../../src/pipeline/script.js';
import type { Providers, SegmentContext } from '../../src/pipeline/segment.js';
import { runSpeech, SEGMENT_PAUSE_SECONDS } from '../../src/pipeline/speech.js';
import { EspeakSpeech } from '../../src/providers/tts/espeak.js';
import { TaskFolder } from '../../src/storage/task-folder.js';

const run = promisify(execFile);

// Speech only calls the speech model; the other two must not be reached.
const unused = (what: string) => () => Promise.reject(new Error(`${what} must not be called by Speech`));
const providers: Providers = {
  story: { provider: 'test', modelId: 'unused', writeStory: unused('story'), rewritePage: unused('story') },
  image: { provider: 'test', modelId: 'unused', generate: unused('image') },
  speech: new EspeakSpeech(),
};

function zhScript(): StoryScript {
  return {
    title: '小企鹅学飞',
    topic: '一只想学飞的小企鹅',
    main_role: '小企鹅',
    scene: '南极',
    language: 'zh',
    characters: [{ name: '皮皮', description: '一只圆滚滚的小企鹅，戴着红围巾' }],
    pages: [
      {
        page: 1,
        text: '皮皮住在南极。它每天看着鸟儿飞过。',
        image_prompt: 'a round little penguin with a red scarf, snow',
        segments: [{ text: '皮皮住在南极。' }, { text: '它每天看着鸟儿飞过。' }],
      },
      {
        page: 2,
        text: '皮皮说：“我也要飞！”',
        image_prompt: 'a round little penguin with a red scarf, flapping',
        segments: [{ text: '皮皮说：“我也要飞！”' }],
      },
    ],
  };
}

let taskDir: string;
let progress: { fraction: number; message?: string }[];

function context(overrides: Partial<SegmentContext> = {}): SegmentContext {
  return {
    folder: new TaskFolder(taskDir),
    request: StoryRequestSchema.parse({ topic: '一只想学飞的小企鹅', pages: 2 }),
    render: RenderOptionsSchema.parse({}),
    providers,
    signal: new AbortController().signal,
    progress: (fraction, message) => progress.push({ fraction, message }),
    ...overrides,
  };
}

const headerSeconds = async (rel: string) => wavDurationSeconds(await readFile(join(taskDir, rel)));

beforeEach(async () => {
  taskDir = await mkdtemp(join(tmpdir(), 'speech-segment-'));
  progress = [];
});
afterEach(async () => {
  await rm(taskDir, { recursive: true, force: true });
});

describe('Speech segment', () => {
  it('writes one WAV per segment and per page, with durations that match the files', async () => {
    await new TaskFolder(taskDir).writeScript(zhScript());
    const resources = await runSpeech(context());

    expect(resources.sort()).toEqual(
      [
        'speech/p1_1.wav',
        'speech/p1_2.wav',
        'speech/p1.wav',
        'speech/p2_1.wav',
        'speech/p2.wav',
        'script_data.json',
      ].sort(),
    );
    const script = await new TaskFolder(taskDir).readScript();
    for (const page of script.pages) {
      expect(page.audio).toBe(`speech/p${page.page}.wav`);
      expect(page.duration).toBeCloseTo(await headerSeconds(page.audio!), 3);
      const segments = page.segments!;
      expect(segments.map((s) => s.audio)).toEqual(
        segments.map((_, i) => `speech/p${page.page}_${i + 1}.wav`),
      );
      let sum = 0;
      for (const s of segments) {
        const seconds = await headerSeconds(s.audio!);
        expect(s.duration).toBeCloseTo(seconds, 3);
        expect(Math.round(s.duration! * 1000)).toBe(s.duration! * 1000); // rounded to ms
        sum += seconds;
        // audible narration, not silence
        const decoded = decodeWav(await readFile(join(taskDir, s.audio!)));
        expect(decoded.channels).toBe(1);
        expect(rms(decoded.samples)).toBeGreaterThan(0.05);
        // word timings for the subtitles, inside the clip and in order
        expect(s.words!.length).toBeGreaterThan(0);
        let previous = 0;
        for (const w of s.words!) {
          expect(w.start).toBeGreaterThanOrEqual(previous);
          expect(w.end).toBeGreaterThanOrEqual(w.start);
          expect(w.end).toBeLessThanOrEqual(s.duration!);
          previous = w.end;
        }
      }
      // the page is its segments joined with the pause between them
      const expected = sum + SEGMENT_PAUSE_SECONDS * (segments.length - 1);
      expect(Math.abs(page.duration! - expected)).toBeLessThan(0.002);
      expect(segments[0]!.start).toBe(0);
    }
    const p1 = script.pages[0]!;
    expect(p1.segments![1]!.start).toBeCloseTo(p1.segments![0]!.duration! + SEGMENT_PAUSE_SECONDS, 3);
    // the Story fields are kept as they were
    expect(script.title).toBe('小企鹅学飞');
    expect(script.pages[1]!.segments![0]!.text).toBe('皮皮说：“我也要飞！”');
  });

  it('produces page WAVs that ffprobe reads with the recorded duration', async () => {
    await new TaskFolder(taskDir).writeScript(zhScript());
    await runSpeech(context());
    const script = await new TaskFolder(taskDir).readScript();
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration:stream=codec_name,channels',
      '-of',
      'json',
      join(taskDir, 'speech/p1.wav'),
    ]);
    const info = JSON.parse(stdout) as {
      streams: { codec_name: string; channels: number }[];
      format: { duration: string };
    };
    expect(info.streams[0]).toMatchObject({ codec_name: 'pcm_s16le', channels: 1 });
    expect(Number(info.format.duration)).toBeCloseTo(script.pages[0]!.duration!, 2);
  });

  it('reports progress per segment, ending at 1', async () => {
    await new TaskFolder(taskDir).writeScript(zhScript());
    await runSpeech(context());
    expect(progress.map((p) => p.fraction)).toEqual([1 / 3, 2 / 3, 1]);
    expect(progress[0]!.message).toMatch(/page 1/);
  });

  it('speaks faster with a higher speech rate', async () => {
    const en: StoryScript = {
      ...zhScript(),
      language: 'en',
      pages: [
        {
          page: 1,
          text: 'Pip lived at the South Pole. Every day she watched the birds.',
          image_prompt: 'penguin',
          segments: [{ text: 'Pip lived at the South Pole.' }, { text: 'Every day she watched the birds.' }],
        },
      ],
    };
    await new TaskFolder(taskDir).writeScript(en);
    await runSpeech(context());
    const normal = (await new TaskFolder(taskDir).readScript()).pages[0]!.duration!;
    await runSpeech(context({ render: RenderOptionsSchema.parse({ speechRate: 1.5 }) }));
    const fast = (await new TaskFolder(taskDir).readScript()).pages[0]!.duration!;
    expect(fast).toBeLessThan(normal * 0.85);
  });

  it('asks for Split first when pages have no segments, and writes nothing', async () => {
    const script = zhScript();
    delete script.pages[1]!.segments;
    await new TaskFolder(taskDir).writeScript(script);
    const before = await readFile(join(taskDir, 'script_data.json'), 'utf8');
    await expect(runSpeech(context())).rejects.toThrow(/page 2 has no segments: run Split first/);
    expect(await readFile(join(taskDir, 'script_data.json'), 'utf8')).toBe(before);
    expect(await readdir(taskDir)).toEqual(['script_data.json']);
  });

  it('stops when cancelled and leaves script_data.json untouched', async () => {
    await new TaskFolder(taskDir).writeScript(zhScript());
    const before = await readFile(join(taskDir, 'script_data.json'), 'utf8');
    const controller = new AbortController();
    controller.abort();
    await expect(runSpeech(context({ signal: controller.signal }))).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(await readFile(join(taskDir, 'script_data.json'), 'utf8')).toBe(before);
  });

  it('a re-run with fewer segments replaces the files and leaves no stale WAVs', async () => {
    await new TaskFolder(taskDir).writeScript(zhScript());
    await runSpeech(context());
    const script = await new TaskFolder(taskDir).readScript();
    script.pages = [{ ...script.pages[0]!, segments: [{ text: '皮皮住在南极。' }] }];
    await new TaskFolder(taskDir).writeScript(script);
    // a file some earlier run left in the folder that Speech does not own stays
    await writeFile(join(taskDir, 'speech', 'notes.txt'), 'mine');
    await runSpeech(context());
    expect((await readdir(join(taskDir, 'speech'))).sort()).toEqual(['notes.txt', 'p1.wav', 'p1_1.wav']);
    const after = await new TaskFolder(taskDir).readScript();
    expect(after.pages[0]!.duration).toBeCloseTo(after.pages[0]!.segments![0]!.duration!, 3);
  });
});
