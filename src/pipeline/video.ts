// The Video segment: lays the narrated pages out on a timeline and renders video/output.mp4 in
// one ffmpeg run, with video/subtitles.srt (and subtitles.ass for karaoke) from the measured timings.
import { access, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { loadConfig } from '../config.js';
import { AppError, badInput } from '../errors.js';
import { checkFfmpeg, runFfmpeg } from '../media/ffmpeg.js';
import { formatAss, formatSrt, layoutCues, subtitleLayout } from '../media/subtitles.js';
import { buildTimeline } from '../media/timeline.js';
import { buildVideoArgs } from '../media/video-args.js';
import { produceAtomic, tempPathFor } from '../storage/atomic.js';
import { FRAME_SIZE, readScript } from './script.js';
import type { SegmentRunner } from './segment.js';
import { SEGMENT_PAUSE_SECONDS } from './speech.js';

export const VIDEO_FILE = 'video/output.mp4';
export const SRT_FILE = 'video/subtitles.srt';
export const ASS_FILE = 'video/subtitles.ass';

export interface VideoSegmentOptions {
  ffmpegPath?: string;
  ffprobePath?: string;
  /** CJK-capable font family for burned subtitles. */
  fontName?: string;
  fontsDir?: string;
  /** x264 settings: veryfast/23 looks clean on illustrated pages and keeps a 2-core machine responsive. */
  crf?: number;
  preset?: string;
  fps?: number;
}

export const VIDEO_DEFAULTS = { crf: 23, preset: 'veryfast', fps: 30 } as const;

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

const missingInput = (rel: string, segment: string) =>
  new AppError('precondition_failed', 409, `${rel} is missing: run the ${segment} segment first`);

/** A Video segment with explicit binaries and encoder settings (tests and the benchmark use this). */
export function createVideoRunner(options: VideoSegmentOptions = {}): SegmentRunner {
  return async (ctx) => {
    const { taskDir, render, signal } = ctx;
    const script = await readScript(taskDir);
    const fps = options.fps ?? VIDEO_DEFAULTS.fps;
    const timeline = buildTimeline(script, taskDir, { fps, segmentPauseSeconds: SEGMENT_PAUSE_SECONDS });
    // Check every input before writing anything, so a failure names the file and changes nothing.
    for (const page of timeline.pages) {
      if (!(await exists(page.image))) throw missingInput(relative(taskDir, page.image), 'Image');
      if (!(await exists(page.audio))) throw missingInput(relative(taskDir, page.audio), 'Speech');
    }
    if (render.musicPath && !(await exists(render.musicPath))) {
      throw badInput('musicPath', `file not found: ${render.musicPath}`);
    }
    signal.throwIfAborted();

    const { width, height } = FRAME_SIZE[script.settings?.aspect ?? '16:9'];
    const layout = subtitleLayout(script.language, width, height);
    const cues = layoutCues(timeline.cues, layout);
    const fontName = options.fontName ?? 'Noto Sans CJK SC';
    const karaoke = render.subtitleStyle === 'karaoke';
    const srtPath = join(taskDir, SRT_FILE);
    const assPath = join(taskDir, ASS_FILE);
    const outPath = join(taskDir, VIDEO_FILE);

    // Subtitles go to temp files first; they are renamed in only when the MP4 is done, so a
    // failed render leaves the previous result as it was.
    await mkdir(dirname(srtPath), { recursive: true });
    const srtTmp = `${tempPathFor(srtPath)}.srt`;
    const assTmp = `${tempPathFor(assPath)}.ass`;
    const temps = [srtTmp, ...(karaoke ? [assTmp] : [])];
    try {
      await writeFile(srtTmp, formatSrt(cues));
      if (karaoke)
        await writeFile(assTmp, formatAss(cues, { width, height, fontName, layout, karaoke: true }));
      const args = (tmpOut: string) =>
        buildVideoArgs(timeline, {
          width,
          height,
          fps,
          burnSubtitles: render.burnSubtitles,
          subtitlesPath: karaoke ? assTmp : srtTmp,
          // Not burned: embed the SRT as a subtitle track players can switch on.
          softSubtitlesPath: render.burnSubtitles ? undefined : srtTmp,
          language: script.language,
          fontsDir: options.fontsDir,
          fontName,
          fontSizePx: layout.fontSize,
          musicPath: render.musicPath,
          musicGainDb: render.musicGainDb,
          crf: options.crf ?? VIDEO_DEFAULTS.crf,
          preset: options.preset ?? VIDEO_DEFAULTS.preset,
          outPath: tmpOut,
        });
      ctx.progress(0.02, 'rendering video');
      await produceAtomic(outPath, async (tmpOut) => {
        try {
          await runFfmpeg(args(tmpOut), {
            ffmpegPath: options.ffmpegPath,
            signal,
            totalSeconds: timeline.duration,
            onProgress: (f) => ctx.progress(0.02 + 0.96 * f, 'rendering video'),
          });
        } catch (err) {
          // A build without xfade/libass/libx264 fails with a cryptic line; say what to install.
          if (err instanceof AppError && /No such filter|Unknown encoder|not found/i.test(err.message)) {
            await checkFfmpeg({ ffmpegPath: options.ffmpegPath, ffprobePath: options.ffprobePath, signal });
          }
          throw err;
        }
      });
      await rename(srtTmp, srtPath);
      if (karaoke) await rename(assTmp, assPath);
      else await rm(assPath, { force: true });
    } finally {
      for (const t of temps) await rm(t, { force: true });
    }
    return [VIDEO_FILE, SRT_FILE, ...(karaoke ? [ASS_FILE] : [])];
  };
}

/** The Video segment with binaries and font from the environment (FFMPEG_PATH, FFPROBE_PATH, SUBTITLE_FONT). */
export const runVideo: SegmentRunner = (ctx) => {
  const config = loadConfig();
  return createVideoRunner({
    ffmpegPath: config.FFMPEG_PATH,
    ffprobePath: config.FFPROBE_PATH,
    fontName: config.SUBTITLE_FONT,
  })(ctx);
};
