// The Video segment with the real ffmpeg: the MP4 a user gets (codecs, size, length, faststart),
// narration and subtitles in sync with the timeline, and failures that leave earlier work alone.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAbortError } from '../../src/errors.js';
import { probe, runFfmpeg } from '../../src/media/ffmpeg.js';
import { parseSubtitles } from '../../src/media/subtitles.js';
import { buildTimeline } from '../../src/media/timeline.js';
import {
  type RenderOptions,
  RenderOptionsSchema,
  StoryRequestSchema,
  type StoryScript,
} from '../../src/pipeline/script.js';
import type { Providers, SegmentContext } from '../../src/pipeline/segment.js';
import { createVideoRunner, runVideo as runEnvVideo } from '../../src/pipeline/video.js';
import { TaskFolder } from '../../src/storage/task-folder.js';
import { makeVideoTask } from '../helpers/video-task.js';

// Tests render with the fastest x264 preset; the filter graph is the product's.
const runVideo = createVideoRunner({ preset: 'ultrafast' });

const unused = () => {
  throw new Error('the Video segment calls no provider');
};
const providers = {
  story: { provider: 'none', modelId: 'none', write: unused },
  image: { provider: 'none', modelId: 'none', generate: unused },
  speech: { provider: 'none', modelId: 'none', synthesize: unused },
} as unknown as Providers;

function context(
  taskDir: string,
  render: Partial<RenderOptions> = {},
  signal = new AbortController().signal,
) {
  const progress: number[] = [];
  const ctx: SegmentContext = {
    folder: new TaskFolder(taskDir),
    request: StoryRequestSchema.parse({ topic: 'penguin' }),
    render: RenderOptionsSchema.parse(render),
    providers,
    signal,
    progress: (f) => progress.push(f),
  };
  return { ctx, progress };
}

/** Top-level MP4 box types in file order. */
async function boxOrder(file: string): Promise<string[]> {
  const buf = await readFile(file);
  const types: string[] = [];
  let at = 0;
  while (at + 8 <= buf.length) {
    let size = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    if (size === 1) size = Number(buf.readBigUInt64BE(at + 8));
    types.push(type);
    if (size < 8) break;
    at += size;
  }
  return types;
}

/** Mono 8 kHz samples of the MP4's audio. */
async function audioSamples(file: string, dir: string): Promise<Int16Array> {
  const raw = join(dir, 'audio.raw');
  await runFfmpeg(['-y', '-i', file, '-map', '0:a', '-ac', '1', '-ar', '8000', '-f', 's16le', raw]);
  const buf = await readFile(raw);
  return new Int16Array(buf.buffer, buf.byteOffset, buf.length / 2);
}

function rms(samples: Int16Array, from: number, to: number): number {
  const a = Math.max(0, Math.round(from * 8000));
  const b = Math.min(samples.length, Math.round(to * 8000));
  let sum = 0;
  for (let i = a; i < b; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / Math.max(1, b - a));
}

/** Share of bright pixels in the bottom quarter of the frame at time t (white subtitle text). */
async function brightBottomShare(file: string, t: number, dir: string): Promise<number> {
  const raw = join(dir, `frame-${t}.gray`);
  await runFfmpeg([
    '-y',
    '-ss',
    String(t),
    '-i',
    file,
    '-frames:v',
    '1',
    '-vf',
    'crop=iw:ih/4:0:ih*3/4,format=gray',
    '-f',
    'rawvideo',
    raw,
  ]);
  const px = await readFile(raw);
  return px.filter((v) => v > 180).length / px.length;
}

/** Share of bright pixels in the top or bottom quarter of the frame at time t. */
async function brightShare(file: string, t: number, dir: string, band: 'top' | 'bottom'): Promise<number> {
  const raw = join(dir, `band-${band}-${t}.gray`);
  const y = band === 'top' ? '0' : 'ih*3/4';
  await runFfmpeg([
    '-y',
    '-ss',
    String(t),
    '-i',
    file,
    '-frames:v',
    '1',
    '-vf',
    `crop=iw:ih/4:0:${y},format=gray`,
    '-f',
    'rawvideo',
    raw,
  ]);
  const px = await readFile(raw);
  return px.filter((v) => v > 180).length / px.length;
}

/** RGB of the pixel at the centre of the frame at time t. */
async function centrePixel(file: string, t: number, dir: string): Promise<number[]> {
  const raw = join(dir, `px-${t}.rgb`);
  await runFfmpeg([
    '-y',
    '-ss',
    String(t),
    '-i',
    file,
    '-frames:v',
    '1',
    '-vf',
    'crop=2:2:iw/2:ih/2,format=rgb24',
    '-f',
    'rawvideo',
    raw,
  ]);
  return [...(await readFile(raw)).subarray(0, 3)];
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'storyagent-video-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('Video segment', () => {
  it('renders a 16:9 Chinese story: H.264/AAC MP4 with faststart, burned subtitles and narration in sync', async () => {
    // A folder name ffmpeg's filter syntax would trip over if paths were not escaped.
    const taskDir = join(root, "task one, it's [a]: 100%d");
    const script = await makeVideoTask(taskDir, {
      language: 'zh',
      aspect: '16:9',
      picture: (n) => `color=c=0x${['204080', '305020', '402050'][n - 1]}:s=320x180:d=1`,
      pages: [
        {
          segments: [
            { text: '小企鹅站在冰面上，', seconds: 1.2 },
            { text: '望着天空中的大雁。', seconds: 1 },
          ],
        },
        { segments: [{ text: '它想：我也要飞起来！', seconds: 1.4 }] },
        {
          segments: [
            { text: '它张开翅膀，', seconds: 0.8 },
            { text: '跑呀跑呀。', seconds: 0.9 },
          ],
        },
      ],
    });
    const { ctx, progress } = context(taskDir);
    const resources = await runVideo(ctx);
    expect(resources).toEqual(['video/output.mp4', 'video/subtitles.srt']);

    const out = join(taskDir, 'video/output.mp4');
    const timeline = buildTimeline(script, taskDir);
    const info = await probe(out);
    expect(info.video).toMatchObject({ codec: 'h264', width: 1280, height: 720, pixFmt: 'yuv420p', fps: 30 });
    expect(info.audio?.codec).toBe('aac');
    expect(Math.abs(info.durationSeconds - timeline.duration)).toBeLessThan(0.25);
    const boxes = await boxOrder(out);
    expect(boxes.indexOf('moov')).toBeGreaterThanOrEqual(0);
    expect(boxes.indexOf('moov')).toBeLessThan(boxes.indexOf('mdat'));

    // Every spoken segment is covered by subtitle cues for its whole length.
    const cues = parseSubtitles(await readFile(join(taskDir, 'video/subtitles.srt'), 'utf8'));
    expect(cues.map((c) => c.text.replace(/\n/g, '')).join('')).toBe(
      script.pages.map((p) => p.text).join(''),
    );
    script.pages.forEach((page, i) => {
      let t = timeline.pages[i]!.narrationStart;
      for (const seg of page.segments!) {
        const end = t + seg.duration!;
        for (let s = t + 0.01; s < end; s += 0.1) {
          expect(cues.some((c) => c.start <= s + 0.001 && c.end >= s - 0.001)).toBe(true);
        }
        t = end + 0.3;
      }
    });

    // Narration is heard inside each page's narration window, not in the lead-in.
    const samples = await audioSamples(out, root);
    expect(rms(samples, 0, 0.25)).toBeLessThan(50);
    // …and the pause after a page is silent (no music was asked for).
    const p1 = timeline.pages[0]!;
    expect(
      rms(samples, p1.narrationStart + p1.narrationDuration + 0.1, p1.start + p1.duration - 0.1),
    ).toBeLessThan(50);
    for (const p of timeline.pages) {
      expect(rms(samples, p.narrationStart + 0.1, p.narrationStart + 0.6)).toBeGreaterThan(1000);
    }
    // Subtitles are burned in: white text at the bottom during a cue, none before the first one.
    expect(await brightBottomShare(out, 1, root)).toBeGreaterThan(0.005);
    expect(await brightBottomShare(out, 0.1, root)).toBeLessThan(0.001);

    // Pages crossfade: halfway through the fade from page 1 (blue 0x80) to page 2 (blue 0x20)
    // the picture is a mix of both.
    const p2 = timeline.pages[1]!;
    const blue = async (t: number) => (await centrePixel(out, t, root))[2]!;
    expect(Math.abs((await blue(1)) - 0x80)).toBeLessThan(12);
    expect(Math.abs((await blue(p2.start - timeline.pages[0]!.crossfadeOut / 2)) - 0x50)).toBeLessThan(20);
    expect(Math.abs((await blue(p2.start + 0.5)) - 0x20)).toBeLessThan(12);

    expect(progress.at(-1)).toBeGreaterThan(0.95);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // No temp files left beside the results; the chunks are kept for the next render, one per page.
    expect((await readdir(join(taskDir, 'video'))).sort()).toEqual(['chunks', 'output.mp4', 'subtitles.srt']);
    const chunks = await readdir(join(taskDir, 'video/chunks'));
    expect(chunks).toHaveLength(3);
    for (const c of chunks) expect(c).toMatch(/^[0-9a-f]{32}\.mp4$/);
  });

  it('moves the subtitles to the top on a page whose main character stands where they would be', async () => {
    const taskDir = join(root, 'placed');
    const script = await makeVideoTask(taskDir, {
      language: 'en',
      aspect: '16:9',
      picture: () => 'color=c=0x203040:s=320x180:d=1',
      pages: [
        { segments: [{ text: 'Pip stood right in the middle of the ice.', seconds: 1.2 }] },
        { segments: [{ text: 'Then Pip flew high up into the sky.', seconds: 1.2 }] },
      ],
    });
    // What the Image segment records: page 1's hero stands on the ground in the middle, page 2's is up high.
    script.pages[0]!.main_box = [0.38, 0.42, 0.62, 0.86];
    script.pages[1]!.main_box = [0.4, 0.08, 0.6, 0.4];
    await new TaskFolder(taskDir).writeScript(script);
    const { ctx } = context(taskDir);
    expect(await runVideo(ctx)).toEqual(['video/output.mp4', 'video/subtitles.srt']);

    const out = join(taskDir, 'video/output.mp4');
    const timeline = buildTimeline(script, taskDir);
    const [t1, t2] = timeline.pages.map((p) => p.narrationStart + 0.6);
    expect(await brightShare(out, t1!, root, 'top')).toBeGreaterThan(0.005);
    expect(await brightShare(out, t1!, root, 'bottom')).toBeLessThan(0.001);
    expect(await brightShare(out, t2!, root, 'bottom')).toBeGreaterThan(0.005);
    expect(await brightShare(out, t2!, root, 'top')).toBeLessThan(0.001);
    // The SRT a player shows stays plain text.
    expect(await readFile(join(taskDir, 'video/subtitles.srt'), 'utf8')).not.toContain('{');
  });

  it('renders 9:16 English karaoke with music and soft subtitles when burning is off', async () => {
    const taskDir = join(root, 'portrait');
    const script = await makeVideoTask(taskDir, {
      language: 'en',
      aspect: '9:16',
      words: true,
      pages: [
        { segments: [{ text: 'Pip looked up at the geese.', seconds: 1.3 }] },
        {
          segments: [
            { text: 'I want to fly, he said.', seconds: 1.1 },
            { text: 'So he ran.', seconds: 0.6 },
          ],
        },
      ],
    });
    const music = join(root, 'music.wav');
    await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'sine=frequency=880:duration=1.5', music]);
    const { ctx } = context(taskDir, {
      subtitleStyle: 'karaoke',
      burnSubtitles: false,
      musicPath: music,
      musicGainDb: -12,
    });
    expect(await runVideo(ctx)).toEqual(['video/output.mp4', 'video/subtitles.srt', 'video/subtitles.ass']);

    const out = join(taskDir, 'video/output.mp4');
    const info = await probe(out);
    expect(info.video).toMatchObject({ codec: 'h264', width: 720, height: 1280, pixFmt: 'yuv420p' });
    expect(info.audio?.codec).toBe('aac');
    const timeline = buildTimeline(script, taskDir);
    expect(Math.abs(info.durationSeconds - timeline.duration)).toBeLessThan(0.25);
    const ass = await readFile(join(taskDir, 'video/subtitles.ass'), 'utf8');
    expect(ass).toContain('PlayResY: 1280');
    expect(ass).toMatch(/\{\\k\d+\}Pip/);
    // The 1.5 s music file loops under the voice: it is heard in the pause between pages.
    const samples = await audioSamples(out, root);
    const p1 = timeline.pages[0]!;
    const pauseStart = p1.narrationStart + p1.narrationDuration;
    expect(rms(samples, pauseStart + 0.1, p1.start + p1.duration - 0.1)).toBeGreaterThan(200);
    // Soft subtitles: a mov_text track players can switch on.
    const { stdout: probeJson } = await promisify(execFile)('ffprobe', [
      '-v',
      'error',
      '-show_streams',
      '-of',
      'json',
      out,
    ]);
    expect(probeJson).toContain('"codec_name": "mov_text"');
  });

  it('names a missing page picture, writes no video and leaves earlier files intact', async () => {
    const taskDir = join(root, 'missing-image');
    await makeVideoTask(taskDir, {
      language: 'en',
      aspect: '16:9',
      pages: [{ segments: [{ text: 'One.', seconds: 0.5 }] }, { segments: [{ text: 'Two.', seconds: 0.5 }] }],
    });
    await unlink(join(taskDir, 'image/p2.png'));
    const before = await readFile(join(taskDir, 'script_data.json'), 'utf8');
    const { ctx } = context(taskDir);
    await expect(runVideo(ctx)).rejects.toThrow(/image\/p2\.png is missing: run the Image segment first/);
    expect(await readdir(join(taskDir, 'video')).catch(() => [])).toEqual([]);
    expect(await readFile(join(taskDir, 'script_data.json'), 'utf8')).toBe(before);
    expect((await readdir(join(taskDir, 'speech'))).sort()).toEqual([
      'p1.wav',
      'p1_1.wav',
      'p2.wav',
      'p2_1.wav',
    ]);
    expect(await readdir(join(taskDir, 'image'))).toEqual(['p1.png']);
  });

  it('asks for Speech when the script has no narration yet', async () => {
    const taskDir = join(root, 'no-speech');
    const script = await makeVideoTask(taskDir, {
      language: 'en',
      aspect: '1:1',
      pages: [{ segments: [{ text: 'One.', seconds: 0.5 }] }],
    });
    const bare: StoryScript = {
      ...script,
      pages: script.pages.map(({ page, text, image_prompt }) => ({ page, text, image_prompt })),
    };
    await writeFile(join(taskDir, 'script_data.json'), JSON.stringify(bare));
    const { ctx } = context(taskDir);
    await expect(runVideo(ctx)).rejects.toThrow(/run the Speech segment first/);
  });

  it('uses the ffmpeg its settings name (FFMPEG_PATH) and names the Debian package when it is missing', async () => {
    const taskDir = join(root, 'env-ffmpeg');
    await makeVideoTask(taskDir, {
      language: 'en',
      aspect: '16:9',
      pages: [{ segments: [{ text: 'One.', seconds: 0.4 }] }],
    });
    const { ctx } = context(taskDir);
    await expect(
      runEnvVideo({ ...ctx, settings: { ffmpegPath: join(root, 'no-such-ffmpeg') } }),
    ).rejects.toThrow(/no-such-ffmpeg was not found: install the Debian package `ffmpeg`/);
    expect(await readdir(join(taskDir, 'video'))).toEqual([]);
  });

  it('stops ffmpeg when cancelled and leaves no output or temp file', async () => {
    const taskDir = join(root, 'cancel');
    await makeVideoTask(taskDir, {
      language: 'en',
      aspect: '16:9',
      pages: [
        { segments: [{ text: 'A long page.', seconds: 8 }] },
        { segments: [{ text: 'More.', seconds: 8 }] },
      ],
    });
    const controller = new AbortController();
    const { ctx } = context(taskDir, {}, controller.signal);
    ctx.progress = (f) => {
      if (f > 0.02) controller.abort();
    };
    const started = Date.now();
    const err = await runVideo(ctx).catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await readdir(join(taskDir, 'video'))).toEqual([]);
  });
});
