// Video segment cost, memory and parallelism, each against a baseline measured in the same run:
// CPU against a bare x264 encode of the same pages as stills at the preset and CRF (target ≤ 1.8),
// and against one with the segment's x264 options too (shown, so the gain is not mistaken for
// the motion's alone); its look against
// today's one-pass render (SSIM ≥ 0.98); peak RSS of the ffmpeg runs of a 20-page render against
// the one-pass render (target ≤ 300 MiB, flat from 5 to 20 pages); wall time with 2 chunks at once
// against 1. BENCH_QUICK=1 runs a short version (fewer pages, one round).
import { execFile } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runFfmpeg } from '../src/media/ffmpeg.js';
import { formatAss } from '../src/media/subtitles.js';
import { buildTimeline, type StoryTimeline } from '../src/media/timeline.js';
import { buildVideoArgs } from '../src/media/video-args.js';
import {
  FRAME_SIZE,
  RenderOptionsSchema,
  StoryRequestSchema,
  type StoryScript,
} from '../src/pipeline/script.js';
import type { Providers, SegmentContext } from '../src/pipeline/segment.js';
import { SEGMENT_PAUSE_SECONDS } from '../src/pipeline/speech.js';
import {
  CHUNK_DIR,
  createVideoRunner,
  filmCues,
  VIDEO_DEFAULTS,
  type VideoSegmentOptions,
} from '../src/pipeline/video.js';
import { TaskFolder } from '../src/storage/task-folder.js';
import { makeVideoTask } from '../test/helpers/video-task.js';
import type { BenchRow } from './table.js';

export const title = 'Video segment';

const QUICK = process.env.BENCH_QUICK === '1';
const PAGES = QUICK ? 4 : 10;
const ROUNDS = QUICK ? 1 : 3;
/** Page counts of the memory and parallel measurements. */
const FEW = QUICK ? 2 : 5;
const MANY = QUICK ? 6 : 20;
const MiB = 1024 * 1024;
const run = promisify(execFile);

/** Replaces the synthetic pictures with the offline illustrator's pages when it is available. */
async function illustrate(taskDir: string, script: StoryScript): Promise<string> {
  try {
    const { OfflineIllustrator } = await import('../src/providers/image/offline.js');
    const illustrator = new OfflineIllustrator();
    const { width, height } = FRAME_SIZE['16:9'];
    for (const page of script.pages) {
      const { png } = await illustrator.generate(
        { prompt: page.image_prompt, width, height, seed: 1, page, script },
        {},
      );
      await writeFile(join(taskDir, `image/p${page.page}.png`), png);
    }
    return 'offline illustrator pages';
  } catch {
    return 'testsrc2 pictures';
  }
}

/** A task folder of `pages` narrated, illustrated pages, and its timeline. */
async function story(dir: string, name: string, pages: number) {
  const taskDir = join(dir, name);
  const script = await makeVideoTask(taskDir, {
    language: 'zh',
    aspect: '16:9',
    pages: Array.from({ length: pages }, (_, i) => ({
      segments: [
        { text: `第${i + 1}页，小企鹅望着天空中飞过的大雁，心里想着：`, seconds: 3.6 },
        { text: '总有一天，我也要飞上蓝天！', seconds: 2.8 },
      ],
    })),
  });
  const pictures = await illustrate(taskDir, script);
  const timeline = buildTimeline(script, taskDir, { segmentPauseSeconds: SEGMENT_PAUSE_SECONDS });
  return { taskDir, script, timeline, pictures };
}

function context(taskDir: string): SegmentContext {
  return {
    folder: new TaskFolder(taskDir),
    request: StoryRequestSchema.parse({ topic: 'penguin', language: 'zh' }),
    render: RenderOptionsSchema.parse({}),
    providers: {} as Providers,
    signal: new AbortController().signal,
    progress: () => {},
  };
}

/** The Video segment from scratch (no chunks from an earlier run). */
async function renderFresh(taskDir: string, options: VideoSegmentOptions): Promise<void> {
  await rm(join(taskDir, CHUNK_DIR), { recursive: true, force: true });
  await createVideoRunner(options)(context(taskDir));
}

/** The baseline: each picture held for its slot (decoded once), concatenated, same audio, no effects. */
export function bareEncodeArgs(timeline: StoryTimeline, outPath: string, x264Params?: string): string[] {
  const n = timeline.pages.length;
  const fps = timeline.fps;
  const { width, height } = FRAME_SIZE['16:9'];
  const args = ['-y'];
  for (const p of timeline.pages) args.push('-f', 'image2', '-pattern_type', 'none', '-i', p.image);
  for (const p of timeline.pages) args.push('-i', p.audio);
  const graph: string[] = [];
  timeline.pages.forEach((p, i) => {
    const frames = Math.round(p.duration * fps);
    graph.push(
      `[${i}:v]scale=${width}:${height},format=yuv420p,setsar=1,loop=loop=${frames - 1}:size=1:start=0,setpts=N/${fps}/TB[v${i}]`,
    );
    const samples = Math.round(p.duration * 48_000);
    const delay = Math.round((p.narrationStart - p.start) * 48_000);
    graph.push(
      `[${n + i}:a]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo${delay > 0 ? `,adelay=delays=${delay}S:all=1` : ''},apad=whole_len=${samples},atrim=end_sample=${samples}[a${i}]`,
    );
  });
  graph.push(`${timeline.pages.map((_, i) => `[v${i}]`).join('')}concat=n=${n}:v=1:a=0[v]`);
  graph.push(`${timeline.pages.map((_, i) => `[a${i}]`).join('')}concat=n=${n}:v=0:a=1[a]`);
  args.push('-filter_complex', graph.join(';'), '-map', '[v]', '-map', '[a]');
  args.push('-c:v', 'libx264', '-preset', VIDEO_DEFAULTS.preset, '-crf', String(VIDEO_DEFAULTS.crf));
  if (x264Params) args.push('-x264-params', x264Params);
  args.push('-pix_fmt', 'yuv420p', '-r', String(fps), '-c:a', 'aac', '-b:a', '128k', '-ar', '48000');
  args.push('-movflags', '+faststart', '-t', String(timeline.duration), outPath);
  return args;
}

/**
 * Today's one-pass render of the same timeline, motion on every frame and the subtitles over
 * every frame (the look to keep): the same cues as the segment's, burned from one file.
 */
async function onePassArgs(
  s: { taskDir: string; script: StoryScript; timeline: StoryTimeline },
  outPath: string,
): Promise<string[]> {
  const { width, height } = FRAME_SIZE['16:9'];
  const fontName = 'Noto Sans CJK SC';
  const { layout, cues } = filmCues(s.script, s.timeline, width, height);
  const subtitlesPath = join(s.taskDir, 'film.ass');
  await writeFile(subtitlesPath, formatAss(cues, { width, height, fontName, layout, karaoke: false }));
  return buildVideoArgs(s.timeline, {
    width,
    height,
    burnSubtitles: true,
    subtitlesPath,
    fontName,
    musicGainDb: -20,
    crf: VIDEO_DEFAULTS.crf,
    preset: VIDEO_DEFAULTS.preset,
    outPath,
  });
}

/** CPU seconds (user + system) of this process's finished children, from /proc; NaN elsewhere. */
function childCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]); // cutime + cstime
    return ticks / 100;
  } catch {
    return Number.NaN;
  }
}

async function measure(fn: () => Promise<unknown>) {
  const t0 = performance.now();
  const cpu0 = childCpuSeconds();
  await fn();
  return { wall: (performance.now() - t0) / 1000, cpu: childCpuSeconds() - cpu0 };
}

/** Mean and lowest per-frame SSIM of `a` against `b`. */
async function ssim(a: string, b: string, dir: string): Promise<{ mean: number; min: number }> {
  const stats = join(dir, 'ssim.log');
  await runFfmpeg(['-i', a, '-i', b, '-lavfi', `[0:v][1:v]ssim=stats_file=${stats}`, '-f', 'null', '-']);
  const all = (await readFile(stats, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => Number(/All:([\d.]+)/.exec(l)?.[1]));
  return { mean: all.reduce((x, y) => x + y, 0) / all.length, min: Math.min(...all) };
}

const TIME = '/usr/bin/time';
const hasTime = (() => {
  try {
    accessSync(TIME, constants.X_OK);
    return true;
  } catch {
    return false;
  }
})();

/**
 * An ffmpeg that records each run's peak RSS (GNU time's %M, KiB) in `log`: the Video segment and
 * the one-pass render are pointed at it, so their children's memory is measured, not guessed.
 */
async function meteredFfmpeg(dir: string, log: string): Promise<string> {
  const { stdout } = await run('sh', ['-c', 'command -v ffmpeg']);
  const script = join(dir, 'ffmpeg-rss');
  await writeFile(script, `#!/bin/sh\nexec ${TIME} -f %M -a -o '${log}' '${stdout.trim()}' "$@"\n`);
  await chmod(script, 0o755);
  return script;
}

async function peakRss(log: string): Promise<number> {
  const text = await readFile(log, 'utf8').catch(() => '');
  const kib = text
    .split('\n')
    .map(Number)
    .filter((n) => n > 0);
  await rm(log, { force: true });
  return (Math.max(0, ...kib) * 1024) / MiB;
}

export default async function bench(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sa-bench-video-'));
  const rows: BenchRow[] = [];
  try {
    // 1. CPU against the bare stills encode, and the look against today's one-pass render.
    const main = await story(dir, 'main', PAGES);
    const setting = `${VIDEO_DEFAULTS.preset}/crf ${VIDEO_DEFAULTS.crf}, ${VIDEO_DEFAULTS.x264Params}, pans drawn every ${VIDEO_DEFAULTS.motionStep} frames, zooms every ${VIDEO_DEFAULTS.zoomStep}`;
    const frames = Math.round(main.timeline.duration * main.timeline.fps);
    const zooms = main.timeline.pages.filter((p) => p.kenBurns.startsWith('zoom')).length;
    const moves = `${zooms} zooms ${PAGES - zooms} pans`;
    const best = (a: { wall: number; cpu: number }, b: { wall: number; cpu: number }) => ({
      wall: Math.min(a.wall, b.wall),
      cpu: Math.min(a.cpu, b.cpu),
    });
    let segment = { wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY };
    let bare = { ...segment };
    let bareSame = { ...segment };
    let onePass = { ...segment };
    const onePassOut = join(dir, 'one-pass.mp4');
    // Alternate them and keep each one's best round: the machine is shared and noisy. One chunk
    // at a time, so CPU and wall time compare with the single-process baselines.
    for (let r = 0; r < ROUNDS; r++) {
      bare = best(bare, await measure(() => runFfmpeg(bareEncodeArgs(main.timeline, join(dir, 'bare.mp4')))));
      bareSame = best(
        bareSame,
        await measure(() =>
          runFfmpeg(bareEncodeArgs(main.timeline, join(dir, 'bare-same.mp4'), VIDEO_DEFAULTS.x264Params)),
        ),
      );
      segment = best(segment, await measure(() => renderFresh(main.taskDir, { concurrency: 1 })));
      onePass = best(onePass, await measure(async () => runFfmpeg(await onePassArgs(main, onePassOut))));
    }
    rows.push({
      name: `Video segment CPU, ${PAGES} pages 1280x720, ${frames} frames, ${main.pictures}, ${moves} (${setting})`,
      value: segment.cpu,
      unit: 'cpu-s',
      baseline: {
        name: `bare x264 encode of the same pages as stills (${VIDEO_DEFAULTS.preset}/crf ${VIDEO_DEFAULTS.crf})`,
        value: bare.cpu,
      },
      ratio: segment.cpu / bare.cpu,
      target: '≤ 1.8',
    });
    rows.push({
      name: "same, against a bare encode with the segment's x264 options too",
      value: segment.cpu,
      unit: 'cpu-s',
      baseline: { name: `bare encode, ${VIDEO_DEFAULTS.x264Params}`, value: bareSame.cpu },
      ratio: segment.cpu / bareSame.cpu,
    });
    rows.push({
      name: 'same, wall time',
      value: segment.wall,
      unit: 's',
      baseline: { name: 'bare encode', value: bare.wall },
      ratio: segment.wall / bare.wall,
    });
    rows.push({
      name: 'one-pass render (before chunks), CPU',
      value: onePass.cpu,
      unit: 'cpu-s',
      baseline: { name: 'bare encode', value: bare.cpu },
      ratio: onePass.cpu / bare.cpu,
    });
    const look = await ssim(join(main.taskDir, 'video/output.mp4'), onePassOut, dir);
    rows.push({
      name: 'look: SSIM of the segment against the one-pass render, mean (lowest frame)',
      value: look.mean,
      unit: `(${look.min.toFixed(3)})`,
      target: '≥ 0.98',
    });
    rows.push({ name: 'Video segment speed', value: frames / segment.wall, unit: 'fps' });

    // The motion options the defaults were chosen from, each one round against the same bare
    // encode and the same one-pass render (not in the quick run).
    const options: Array<[string, VideoSegmentOptions]> = QUICK
      ? []
      : [
          ['option: motion drawn on every frame', { motionStep: 1, zoomStep: 1 }],
          ['option: zooms drawn every 2 frames, like pans', { zoomStep: 2 }],
          ['option: zooms drawn every 4 frames', { zoomStep: 4 }],
          ['option: pans drawn every 3 frames', { motionStep: 3 }],
          [`option: x264 ${VIDEO_DEFAULTS.preset}'s own motion search`, { x264Params: '' }],
        ];
    for (const [name, option] of options) {
      const cost = await measure(() => renderFresh(main.taskDir, { concurrency: 1, ...option }));
      const optionLook = await ssim(join(main.taskDir, 'video/output.mp4'), onePassOut, dir);
      rows.push({
        name: `${name}: CPU, and SSIM against the one-pass render ${optionLook.mean.toFixed(3)} (${optionLook.min.toFixed(3)})`,
        value: cost.cpu,
        unit: 'cpu-s',
        baseline: { name: 'bare encode', value: bare.cpu },
        ratio: cost.cpu / bare.cpu,
      });
    }

    // 2. Peak RSS of the ffmpeg runs: chunked at FEW and MANY pages, one-pass at MANY.
    const many = await story(dir, 'many', MANY);
    if (hasTime) {
      const log = join(dir, 'rss.log');
      const ffmpegPath = await meteredFfmpeg(dir, log);
      const few = await story(dir, 'few', FEW);
      await renderFresh(few.taskDir, { ffmpegPath, concurrency: 1 });
      const fewPeak = await peakRss(log);
      await renderFresh(many.taskDir, { ffmpegPath, concurrency: 1 });
      const manyPeak = await peakRss(log);
      await runFfmpeg(await onePassArgs(many, join(dir, 'many-one-pass.mp4')), {
        ffmpegPath,
      });
      const onePassPeak = await peakRss(log);
      rows.push({
        name: `peak RSS of one ffmpeg run, ${MANY}-page render (chunks; 2 at once hold twice this)`,
        value: manyPeak,
        unit: 'MiB',
        baseline: { name: `one-pass render of ${MANY} pages`, value: onePassPeak },
        ratio: manyPeak / onePassPeak,
        target: '≤ 300 MiB',
      });
      rows.push({
        name: `same, ${FEW} pages (flat: ${MANY} ÷ ${FEW} pages)`,
        value: fewPeak,
        unit: 'MiB',
        baseline: { name: `${MANY} pages`, value: manyPeak },
        ratio: manyPeak / fewPeak,
        target: '≈ 1',
      });
    } else {
      rows.push({ name: `peak RSS: ${TIME} is not installed (Debian package \`time\`)`, value: 0, unit: '' });
    }
    rows.push({
      name: 'this Node process, peak RSS (the segment itself holds no pictures)',
      value: process.resourceUsage().maxRSS / 1024,
      unit: 'MiB',
    });

    // 3. Wall time of the MANY-page render with 2 chunks at once against 1 at a time.
    const one = await measure(() => renderFresh(many.taskDir, { concurrency: 1 }));
    const two = await measure(() => renderFresh(many.taskDir, { concurrency: 2 }));
    rows.push({
      name: `${MANY}-page render, 2 chunks at once (${availableParallelism()} cores)`,
      value: two.wall,
      unit: 's',
      baseline: { name: '1 chunk at a time', value: one.wall },
      ratio: two.wall / one.wall,
    });
    return rows;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
