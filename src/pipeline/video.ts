// The Video segment: lays the narrated pages out on a timeline and renders video/output.mp4 in
// chunks (one per page slot, content-addressed under video/chunks/, so a re-run renders only the
// chunks whose inputs changed), joined by stream copy with the sound laid once over the whole;
// video/subtitles.srt (and subtitles.ass for karaoke) from the measured timings.
import { createHash } from 'node:crypto';
import { readFile, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, relative } from 'node:path';
import { AppError, badInput } from '../errors.js';
import { checkFfmpeg, runFfmpeg } from '../media/ffmpeg.js';
import {
  formatAss,
  formatSrt,
  layoutCues,
  placeCues,
  type SubtitleCue,
  type SubtitleLayout,
  subtitleLayout,
} from '../media/subtitles.js';
import { buildTimeline, cuesWithin, type StoryTimeline } from '../media/timeline.js';
import {
  buildChunkArgs,
  buildJoinArgs,
  type ChunkRenderOptions,
  chunkList,
  planChunks,
} from '../media/video-args.js';
import type { TaskFolder } from '../storage/task-folder.js';
import { FRAME_SIZE, type StoryScript } from './script.js';
import type { SegmentRunner } from './segment.js';
import { SEGMENT_PAUSE_SECONDS } from './speech.js';

export const VIDEO_FILE = 'video/output.mp4';
export const SRT_FILE = 'video/subtitles.srt';
export const ASS_FILE = 'video/subtitles.ass';
/** Rendered chunks, named by the hash of everything that makes their pixels. */
export const CHUNK_DIR = 'video/chunks';

export interface VideoSegmentOptions {
  ffmpegPath?: string;
  ffprobePath?: string;
  /** CJK-capable font family for burned subtitles. */
  fontName?: string;
  fontsDir?: string;
  /** x264 settings: veryfast/23 looks clean on illustrated pages and keeps a 2-core machine responsive. */
  crf?: number;
  preset?: string;
  /** x264 options over the preset (VIDEO_DEFAULTS.x264Params). */
  x264Params?: string;
  fps?: number;
  /** Pan/zoom drawn every n-th frame, repeated in between (VIDEO_DEFAULTS.motionStep). */
  motionStep?: number;
  /** The same for zooms (VIDEO_DEFAULTS.zoomStep). */
  zoomStep?: number;
  /** Zooms work on the picture scaled to this multiple of the frame (default 2). */
  oversample?: number;
  /** Frame size instead of the aspect's (FRAME_SIZE): small previews, quick tests. */
  frameSize?: { width: number; height: number };
  /** Chunks rendered at once (default 1). */
  concurrency?: number;
  /** Keep the chunks after the join, for the next render to reuse (default true). */
  keepChunks?: boolean;
  /** Renders the chunks (default: here, `concurrency` at a time); the scaled mode can fan them out. */
  renderChunks?: ChunkRenderer;
}

/**
 * motionStep 2: pans drawn at 15 of the 30 frames per second; zoomStep 3: zooms at 10 (they move
 * the picture's edges by at most 0.4 px a frame, so 1.2 px per drawing, less than a pan's 2). On
 * the bench (10 pages, 720p) the two cut the segment's CPU by about a sixth, with the subtitles
 * burned on the drawn frames only, at SSIM 0.99 against every-frame motion.
 * subme=1 (veryfast has 2) and me=dia (hex): x264's sub-pixel refinement and wide motion search
 * are wasted on slow synthetic pans and zooms; together they cut the segment's CPU by about 30%
 * for 2% more bytes at SSIM 0.996 against veryfast's own (partitions=none would save 1% more CPU
 * for 4% more bytes: not worth it).
 */
export const VIDEO_DEFAULTS = {
  crf: 23,
  preset: 'veryfast',
  x264Params: 'subme=1:me=dia',
  fps: 30,
  motionStep: 2,
  zoomStep: 3,
} as const;

/**
 * One chunk's render as a job anyone with the task folder can run: every file it reads and the
 * file it writes are named relative to the task folder, and ffmpeg runs with the folder as its
 * working directory. A worker on another host pulls `inputs`, runs it, and pushes `output`.
 */
export interface ChunkJob {
  /** `video/chunks/<key>.mp4`. */
  output: string;
  /** Relative paths the run reads (page pictures, the chunk's subtitle file). */
  inputs: string[];
  /** ffmpeg arguments; the last one is the output path (runChunkJob writes to a temp name first). */
  args: string[];
  /** Frames it renders, to weigh progress. */
  frames: number;
  seconds: number;
}

/** Renders every job (those whose output already exists are not passed); `progress` per job 0..1. */
export type ChunkRenderer = (
  jobs: readonly ChunkJob[],
  run: { folder: TaskFolder; signal: AbortSignal; progress: (job: number, fraction: number) => void },
) => Promise<void>;

/** Which chunks a render made and which it took from an earlier run. */
export interface ChunkReport {
  total: number;
  rendered: number;
  reused: number;
}

const missingInput = (rel: string, segment: string) =>
  new AppError('precondition_failed', 409, `${rel} is missing: run the ${segment} segment first`);

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** "3 of 10 chunks rendered, 7 reused": shown with the segment's progress and result. */
export const chunkSummary = (r: ChunkReport) =>
  `${r.rendered} of ${r.total} chunks rendered, ${r.reused} reused`;

/**
 * The film's subtitle cues as they are shown: split into lines that fit the frame, each placed
 * where it does not cover the page's main character (the Image segment says where they stand).
 */
export function filmCues(
  script: StoryScript,
  timeline: StoryTimeline,
  width: number,
  height: number,
): { layout: SubtitleLayout; cues: SubtitleCue[] } {
  const layout = subtitleLayout(script.language, width, height);
  const spans = timeline.pages.map((p, i) => ({
    start: p.start,
    end: p.start + p.duration,
    box: script.pages[i]?.main_box,
  }));
  return { layout, cues: placeCues(layoutCues(timeline.cues, layout), spans, layout, width, height) };
}

/** A Video segment with explicit binaries and encoder settings (tests and the benchmark use this). */
export function createVideoRunner(options: VideoSegmentOptions = {}): SegmentRunner {
  return async (ctx) => {
    const { folder, render, signal } = ctx;
    const script = await folder.readScript();
    const fps = options.fps ?? VIDEO_DEFAULTS.fps;
    const timeline = buildTimeline(script, folder.dir, { fps, segmentPauseSeconds: SEGMENT_PAUSE_SECONDS });
    // Check every input before writing anything, so a failure names the file and changes nothing.
    for (const page of timeline.pages) {
      if (!(await fileExists(page.image))) throw missingInput(relative(folder.dir, page.image), 'Image');
      if (!(await fileExists(page.audio))) throw missingInput(relative(folder.dir, page.audio), 'Speech');
    }
    if (render.musicPath && !(await fileExists(render.musicPath))) {
      throw badInput('musicPath', `file not found: ${render.musicPath}`);
    }
    signal.throwIfAborted();

    const { width, height } = options.frameSize ?? FRAME_SIZE[script.settings?.aspect ?? '16:9'];
    const { layout, cues } = filmCues(script, timeline, width, height);
    const fontName = options.fontName ?? 'Noto Sans CJK SC';
    const karaoke = render.subtitleStyle === 'karaoke';
    // Burned subtitles are drawn from an ASS, which carries each cue's place (top or bottom).
    const subtitleFile = (c: SubtitleCue[]) => formatAss(c, { width, height, fontName, layout, karaoke });

    // Chunks: each named by the hash of its arguments with every input file replaced by the hash
    // of its bytes, so any change to a picture, a move, a length, the subtitles shown or the codec
    // settings gives a new name, and an unchanged chunk is found again.
    const pictureHash = new Map<string, string>();
    for (const page of timeline.pages) pictureHash.set(page.image, sha256(await readFile(page.image)));
    const base: Omit<ChunkRenderOptions, 'outPath'> = {
      width,
      height,
      fps,
      crf: options.crf ?? VIDEO_DEFAULTS.crf,
      preset: options.preset ?? VIDEO_DEFAULTS.preset,
      x264Params: options.x264Params ?? VIDEO_DEFAULTS.x264Params,
      motionStep: options.motionStep ?? VIDEO_DEFAULTS.motionStep,
      zoomStep: options.zoomStep ?? VIDEO_DEFAULTS.zoomStep,
      oversample: options.oversample,
      burnSubtitles: render.burnSubtitles,
      fontsDir: options.fontsDir,
      fontName,
      fontSizePx: layout.fontSize,
    };
    const planned = planChunks(timeline).map((chunk) => {
      const shown = render.burnSubtitles ? cuesWithin(cues, chunk.start, chunk.duration) : [];
      const subs = shown.length > 0 ? subtitleFile(shown) : undefined;
      const subsExt = 'ass';
      const key = sha256(
        JSON.stringify(
          buildChunkArgs(chunk, {
            ...base,
            pictures: chunk.pictures.map((p) => `sha256:${pictureHash.get(p.image)}`),
            subtitlesPath: subs ? `sha256:${sha256(subs)}.${subsExt}` : undefined,
            outPath: 'chunk.mp4',
          }),
        ),
      ).slice(0, 32);
      const output = `${CHUNK_DIR}/${key}.mp4`;
      const subsRel = subs ? `${CHUNK_DIR}/${key}.${subsExt}` : undefined;
      const pictures = chunk.pictures.map((p) => relative(folder.dir, p.image));
      const job: ChunkJob = {
        output,
        inputs: [...pictures, ...(subsRel ? [subsRel] : [])],
        args: buildChunkArgs(chunk, { ...base, pictures, subtitlesPath: subsRel, outPath: output }),
        frames: chunk.frames,
        seconds: chunk.duration,
      };
      return { job, subs: subs && subsRel ? { rel: subsRel, text: subs } : undefined };
    });

    const todo: typeof planned = [];
    for (const p of planned) if (!(await folder.exists(p.job.output))) todo.push(p);
    const report: ChunkReport = {
      total: planned.length,
      rendered: new Set(todo.map((p) => p.job.output)).size,
      reused: planned.length - todo.length,
    };
    // The same chunk twice (two identical pages) is rendered once.
    const jobs = [...new Map(todo.map((p) => [p.job.output, p])).values()];
    const message = `rendering video: ${chunkSummary(report)}`;
    ctx.progress(0.02, message);

    // Subtitles go to temp files first; they are put in place only when the MP4 is done, so a
    // failed render leaves the previous result as it was.
    const srt = formatSrt(cues);
    // video/subtitles.ass is kept only for karaoke.
    const ass = formatAss(cues, { width, height, fontName, layout, karaoke });
    const srtTmp = await folder.draftPath(SRT_FILE);
    const listTmp = await folder.draftPath(`${CHUNK_DIR}/list.txt`);
    const temps = [srtTmp, listTmp, ...jobs.flatMap((p) => (p.subs ? [folder.file(p.subs.rel)] : []))];
    try {
      await writeFile(srtTmp, srt);
      for (const p of jobs) if (p.subs) await folder.writeFile(p.subs.rel, p.subs.text);
      const totalFrames = jobs.reduce((n, p) => n + p.job.frames, 0) || 1;
      const done = jobs.map(() => 0);
      const renderChunks = options.renderChunks ?? localChunkRenderer(options);
      try {
        await renderChunks(
          jobs.map((p) => p.job),
          {
            folder,
            signal,
            progress: (k, fraction) => {
              done[k] = fraction * jobs[k]!.job.frames;
              const sum = done.reduce((a, b) => a + b, 0);
              ctx.progress(0.02 + 0.88 * (sum / totalFrames), message);
            },
          },
        );
      } catch (err) {
        await explainMissingFeature(err, options, signal);
        throw err;
      }

      ctx.progress(0.9, `joining video: ${chunkSummary(report)}`);
      await writeFile(
        listTmp,
        chunkList(planned.map((p) => ({ path: folder.file(p.job.output), seconds: p.job.seconds }))),
      );
      await folder.produce(VIDEO_FILE, async (tmpOut) => {
        await runFfmpeg(
          buildJoinArgs(timeline, {
            chunkListPath: listTmp,
            musicPath: render.musicPath,
            musicGainDb: render.musicGainDb,
            // Not burned: embed the SRT as a subtitle track players can switch on.
            softSubtitlesPath: render.burnSubtitles ? undefined : srtTmp,
            language: script.language,
            outPath: tmpOut,
          }),
          {
            ffmpegPath: options.ffmpegPath,
            signal,
            totalSeconds: timeline.duration,
            onProgress: (f) => ctx.progress(0.9 + 0.09 * f, `joining video: ${chunkSummary(report)}`),
          },
        );
      });
      await folder.writeFile(SRT_FILE, srt);
      if (karaoke) await folder.writeFile(ASS_FILE, ass);
      else await folder.removeFile(ASS_FILE);
      // Chunks no page uses any more (an earlier version of an edited page) go; all of them when
      // they are not kept.
      const keep = new Set(options.keepChunks === false ? [] : planned.map((p) => basename(p.job.output)));
      for (const name of await folder.list(CHUNK_DIR)) {
        if (!keep.has(name)) await folder.removeFile(`${CHUNK_DIR}/${name}`);
      }
    } finally {
      for (const t of temps) await rm(t, { force: true });
      // A render that failed before any chunk was done leaves no empty folder behind.
      await rmdir(folder.file(CHUNK_DIR)).catch(() => {});
    }
    ctx.progress(0.99, `video ready: ${chunkSummary(report)}`);
    return [VIDEO_FILE, SRT_FILE, ...(karaoke ? [ASS_FILE] : [])];
  };
}

/** Runs one chunk job in its task folder: ffmpeg writes a temp file that is renamed into place. */
export async function runChunkJob(
  job: ChunkJob,
  folder: TaskFolder,
  opts: { ffmpegPath?: string; signal?: AbortSignal; onProgress?: (fraction: number) => void },
): Promise<void> {
  await folder.produce(job.output, async (tmp) => {
    await runFfmpeg([...job.args.slice(0, -1), relative(folder.dir, tmp)], {
      ffmpegPath: opts.ffmpegPath,
      signal: opts.signal,
      cwd: folder.dir,
      totalSeconds: job.seconds,
      onProgress: opts.onProgress,
    });
  });
}

/**
 * Renders chunks in this process, `concurrency` ffmpeg runs at a time. The first failure stops
 * the others (their ffmpeg is killed) and is what the render fails with.
 */
function localChunkRenderer(options: VideoSegmentOptions): ChunkRenderer {
  return async (jobs, { folder, signal, progress }) => {
    const stop = new AbortController();
    const onAbort = () => stop.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    let next = 0;
    let failure: { err: unknown } | undefined;
    const lane = async () => {
      while (!failure && !stop.signal.aborted && next < jobs.length) {
        const k = next++;
        try {
          await runChunkJob(jobs[k]!, folder, {
            ffmpegPath: options.ffmpegPath,
            signal: stop.signal,
            onProgress: (f) => progress(k, f),
          });
          progress(k, 1);
        } catch (err) {
          failure ??= { err };
          stop.abort(err);
        }
      }
    };
    try {
      const lanes = Math.max(1, Math.min(options.concurrency ?? 1, jobs.length));
      await Promise.all(Array.from({ length: lanes }, lane));
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    signal.throwIfAborted();
    if (failure) throw failure.err;
  };
}

/** A build without xfade/libass/libx264 fails with a cryptic line; say what to install instead. */
async function explainMissingFeature(err: unknown, options: VideoSegmentOptions, signal: AbortSignal) {
  if (err instanceof AppError && /No such filter|Unknown encoder|not found/i.test(err.message)) {
    await checkFfmpeg({ ffmpegPath: options.ffmpegPath, ffprobePath: options.ffprobePath, signal });
  }
}

/** The Video segment with the binaries, font and chunk concurrency of the context's settings. */
export const runVideo: SegmentRunner = (ctx) =>
  createVideoRunner({
    ffmpegPath: ctx.settings?.ffmpegPath,
    ffprobePath: ctx.settings?.ffprobePath,
    fontName: ctx.settings?.subtitleFont,
    concurrency: ctx.settings?.videoChunkConcurrency,
    keepChunks: ctx.settings?.keepVideoChunks,
    renderChunks: ctx.renderChunks,
  })(ctx);

async function fileExists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
