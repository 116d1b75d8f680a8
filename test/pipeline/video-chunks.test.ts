// The chunked Video render against the one-pass render of the same story: same length, frames and
// sound, the same pictures at the joins (SSIM), and a re-run after one page changed renders only
// the chunks that show that page.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probe, runFfmpeg } from '../../src/media/ffmpeg.js';
import { formatAss } from '../../src/media/subtitles.js';
import { buildTimeline } from '../../src/media/timeline.js';
import { buildVideoArgs, planChunks } from '../../src/media/video-args.js';
import { RenderOptionsSchema, StoryRequestSchema, type StoryScript } from '../../src/pipeline/script.js';
import type { Providers, SegmentContext } from '../../src/pipeline/segment.js';
import { SEGMENT_PAUSE_SECONDS } from '../../src/pipeline/speech.js';
import { createVideoRunner, filmCues, runVideo, VIDEO_DEFAULTS } from '../../src/pipeline/video.js';
import { TaskFolder } from '../../src/storage/task-folder.js';
import { makeVideoTask } from '../helpers/video-task.js';

const run = promisify(execFile);
const SIZE = { width: 320, height: 180 };
const PRESET = 'ultrafast';
const render = createVideoRunner({ preset: PRESET, frameSize: SIZE, concurrency: 2 });

function context(taskDir: string) {
  const messages: string[] = [];
  const ctx: SegmentContext = {
    folder: new TaskFolder(taskDir),
    request: StoryRequestSchema.parse({ topic: 'penguin' }),
    render: RenderOptionsSchema.parse({}),
    providers: {} as Providers,
    signal: new AbortController().signal,
    progress: (_f, m) => {
      if (m) messages.push(m);
    },
  };
  return { ctx, messages };
}

/** Frames in the file's video stream, counted by decoding. */
async function frameCount(file: string): Promise<number> {
  const { stdout } = await run('ffprobe', [
    ...['-v', 'error', '-select_streams', 'v', '-count_frames'],
    ...['-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', file],
  ]);
  return Number(stdout.trim());
}

/** SSIM (all planes) of every frame of `a` against the same frame of `b`. */
async function ssimPerFrame(a: string, b: string, dir: string): Promise<number[]> {
  const stats = join(dir, 'ssim.log');
  await runFfmpeg(['-i', a, '-i', b, '-lavfi', `[0:v][1:v]ssim=stats_file=${stats}`, '-f', 'null', '-']);
  return (await readFile(stats, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => Number(/All:([\d.]+)/.exec(line)?.[1]));
}

/** Mono 8 kHz samples of the file's sound. */
async function samples(file: string, dir: string): Promise<Int16Array> {
  const raw = join(dir, 'a.raw');
  await runFfmpeg(['-y', '-i', file, '-map', '0:a', '-ac', '1', '-ar', '8000', '-f', 's16le', raw]);
  const buf = await readFile(raw);
  return new Int16Array(buf.buffer, buf.byteOffset, buf.length / 2);
}

/** RGB at the centre of the frame at time t. */
async function centre(file: string, t: number): Promise<number[]> {
  const { stdout } = await run(
    'ffmpeg',
    [
      ...['-v', 'error', '-ss', String(t), '-i', file, '-frames:v', '1'],
      ...['-vf', 'crop=2:2:iw/2:ih/2,format=rgb24', '-f', 'rawvideo', '-'],
    ],
    { encoding: 'buffer' },
  );
  return [...stdout.subarray(0, 3)];
}

const colour = (hex: string) => `color=c=0x${hex}:s=320x180:d=1`;

/** Page `page`'s picture, redrawn in one colour (as a redraw by the Image segment would leave it). */
const paint = (taskDir: string, page: number, hex: string) =>
  runFfmpeg([
    '-y',
    '-f',
    'lavfi',
    '-i',
    colour(hex),
    '-frames:v',
    '1',
    '-update',
    '1',
    join(taskDir, `image/p${page}.png`),
  ]);

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'storyagent-chunks-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('chunked Video render', () => {
  it('matches the one-pass render: length, frame count, sound, and the pictures at every join', async () => {
    const taskDir = join(root, 'same');
    // Pictures with detail (moving pans and zooms show), three pages: zoom-in, pan-right, zoom-out.
    const script = await makeVideoTask(taskDir, {
      language: 'en',
      aspect: '16:9',
      pages: [
        { segments: [{ text: 'Pip looks up at the sky.', seconds: 1.1 }] },
        { segments: [{ text: 'Geese fly over the ice.', seconds: 0.9 }] },
        { segments: [{ text: 'One day I will fly too!', seconds: 1 }] },
      ],
    });
    const { ctx } = context(taskDir);
    await render(ctx);
    const chunked = join(taskDir, 'video/output.mp4');

    // Today's one-pass render of the same timeline, subtitles (the same cues, laid out and
    // placed as the segment does, burned from one file over the whole film) and codec settings.
    const timeline = buildTimeline(script, taskDir, { segmentPauseSeconds: SEGMENT_PAUSE_SECONDS });
    const { layout, cues } = filmCues(script, timeline, SIZE.width, SIZE.height);
    const fontName = 'Noto Sans CJK SC';
    const filmAss = join(root, 'film.ass');
    await writeFile(filmAss, formatAss(cues, { ...SIZE, fontName, layout, karaoke: false }));
    const onePass = join(root, 'one-pass.mp4');
    await runFfmpeg(
      buildVideoArgs(timeline, {
        ...SIZE,
        burnSubtitles: true,
        subtitlesPath: filmAss,
        fontName,
        fontSizePx: layout.fontSize,
        musicGainDb: -20,
        crf: 23,
        preset: PRESET,
        x264Params: VIDEO_DEFAULTS.x264Params,
        motionStep: VIDEO_DEFAULTS.motionStep,
        zoomStep: VIDEO_DEFAULTS.zoomStep,
        outPath: onePass,
      }),
    );

    const [a, b] = [await probe(chunked), await probe(onePass)];
    expect(a.video).toMatchObject({ codec: 'h264', ...SIZE, pixFmt: 'yuv420p', fps: 30 });
    expect(a.audio?.codec).toBe('aac');
    expect(Math.abs(a.durationSeconds - b.durationSeconds)).toBeLessThan(1 / 30);
    const frames = Math.round(timeline.duration * 30);
    expect(await frameCount(chunked)).toBe(frames);
    expect(await frameCount(onePass)).toBe(frames);

    // The sound is laid the same way over the whole film.
    const [sa, sb] = [await samples(chunked, root), await samples(onePass, root)];
    expect(Math.abs(sa.length - sb.length)).toBeLessThan(80);
    let diff = 0;
    let level = 0;
    for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
      diff += Math.abs(sa[i]! - sb[i]!);
      level += Math.abs(sb[i]!);
    }
    expect(level).toBeGreaterThan(0);
    expect(diff / level).toBeLessThan(0.02);

    // Frame for frame the same pictures (only x264's own noise differs), at the joins too: the
    // last frame of a chunk, the first of the next, and the middle of each crossfade.
    const ssim = await ssimPerFrame(chunked, onePass, root);
    expect(ssim).toHaveLength(frames);
    const chunks = planChunks(timeline);
    expect(chunks).toHaveLength(3);
    for (const c of chunks.slice(1)) {
      for (const f of [c.startFrame - 1, c.startFrame, c.startFrame + 1]) {
        expect(ssim[f], `frame ${f}`).toBeGreaterThanOrEqual(0.98);
      }
    }
    for (const c of chunks.slice(0, -1)) {
      const mid = c.startFrame + c.frames - Math.ceil(c.fadeFrames / 2);
      expect(ssim[mid], `crossfade frame ${mid}`).toBeGreaterThanOrEqual(0.98);
    }
    // Elsewhere x264 may place a keyframe differently: one frame can dip a little, the film not.
    expect(ssim.reduce((x, y) => x + y, 0) / ssim.length).toBeGreaterThanOrEqual(0.99);
    expect(Math.min(...ssim)).toBeGreaterThanOrEqual(0.95);
    // Seekable and faststart like before: the index comes before the media data.
    const head = (await readFile(chunked)).subarray(0, 64 * 1024).toString('latin1');
    expect(head.indexOf('moov')).toBeGreaterThan(-1);
    expect(head.indexOf('moov')).toBeLessThan(head.indexOf('mdat'));
  });

  it('re-renders only the chunks that show a changed page, and removes the stale ones', async () => {
    const taskDir = join(root, 'edit');
    const hexes = ['204080', '305020', '402050'];
    const script = await makeVideoTask(taskDir, {
      language: 'en',
      aspect: '16:9',
      picture: (n) => colour(hexes[n - 1]!),
      pages: [
        { segments: [{ text: 'One.', seconds: 0.8 }] },
        { segments: [{ text: 'Two.', seconds: 0.8 }] },
        { segments: [{ text: 'Three.', seconds: 0.8 }] },
      ],
    });
    const timeline = buildTimeline(script, taskDir, { segmentPauseSeconds: SEGMENT_PAUSE_SECONDS });
    const out = join(taskDir, 'video/output.mp4');
    const chunkFiles = async () => (await readdir(join(taskDir, 'video/chunks'))).sort();
    const pass = async () => {
      const { ctx, messages } = context(taskDir);
      await render(ctx);
      return messages.at(-1);
    };

    expect(await pass()).toBe('video ready: 3 of 3 chunks rendered, 0 reused');
    const first = await chunkFiles();
    // Nothing changed (`--only video` again): every chunk is reused.
    expect(await pass()).toBe('video ready: 0 of 3 chunks rendered, 3 reused');
    expect(await chunkFiles()).toEqual(first);

    // Page 2 gets a new picture: its own chunk and page 1's (which fades into it) are rendered.
    await paint(taskDir, 2, 'c0c000');
    expect(await pass()).toBe('video ready: 2 of 3 chunks rendered, 1 reused');
    const second = await chunkFiles();
    expect(second).toHaveLength(3);
    expect(second.filter((f) => first.includes(f))).toHaveLength(1);
    const p2 = timeline.pages[1]!;
    const [r, g, bl] = await centre(out, p2.start + p2.duration / 2 - 0.2);
    expect(r).toBeGreaterThan(0xa0);
    expect(g).toBeGreaterThan(0xa0);
    expect(bl).toBeLessThan(0x30);
    expect(await frameCount(out)).toBe(Math.round(timeline.duration * 30));

    // Page 1 is shown by chunk 1 only.
    await paint(taskDir, 1, '808080');
    expect(await pass()).toBe('video ready: 1 of 3 chunks rendered, 2 reused');
    expect(await chunkFiles()).toHaveLength(3);
  });

  it('redrawing one page re-renders its chunk and the one fading into it, whatever its move becomes', async () => {
    const taskDir = join(root, 'redraw');
    const hexes = ['204080', '305020', '402050', '503010', '206060'];
    await makeVideoTask(taskDir, {
      language: 'en',
      aspect: '16:9',
      picture: (n) => colour(hexes[n - 1]!),
      pages: hexes.map((_, i) => ({ segments: [{ text: `Page ${i + 1}.`, seconds: 0.7 }] })),
    });
    const pass = async () => {
      const { ctx, messages } = context(taskDir);
      await render(ctx);
      return messages.at(-1);
    };
    expect(await pass()).toBe('video ready: 5 of 5 chunks rendered, 0 reused');
    // The Image segment redraws page 2 with its hero on the left: page 2 now pans left, and no
    // other page's move changes with it.
    await paint(taskDir, 2, 'c0c000');
    const file = join(taskDir, 'script_data.json');
    const script = JSON.parse(await readFile(file, 'utf8')) as StoryScript;
    script.pages[1]!.main_box = [0.05, 0.3, 0.3, 0.9];
    await writeFile(file, JSON.stringify(script));
    expect(await pass()).toBe('video ready: 2 of 5 chunks rendered, 3 reused');
  });

  it('drops the chunks once the film is joined when they are not to be kept (VIDEO_KEEP_CHUNKS=false)', async () => {
    const taskDir = join(root, 'no-keep');
    const script = await makeVideoTask(taskDir, {
      language: 'en',
      aspect: '16:9',
      picture: (n) => colour(['204080', '305020'][n - 1]!),
      pages: [{ segments: [{ text: 'One.', seconds: 0.8 }] }, { segments: [{ text: 'Two.', seconds: 0.8 }] }],
    });
    const timeline = buildTimeline(script, taskDir, { segmentPauseSeconds: SEGMENT_PAUSE_SECONDS });
    const pass = async () => {
      const { ctx, messages } = context(taskDir);
      await runVideo({ ...ctx, settings: { keepVideoChunks: false, videoChunkConcurrency: 2 } });
      return messages.at(-1);
    };
    expect(await pass()).toBe('video ready: 2 of 2 chunks rendered, 0 reused');
    const out = join(taskDir, 'video/output.mp4');
    expect(await frameCount(out)).toBe(Math.round(timeline.duration * 30));
    await expect(readdir(join(taskDir, 'video/chunks'))).rejects.toMatchObject({ code: 'ENOENT' });
    // Nothing to reuse: the next render makes every chunk again, and the film is whole.
    expect(await pass()).toBe('video ready: 2 of 2 chunks rendered, 0 reused');
    expect((await probe(out)).audio?.codec).toBe('aac');
  });
});
