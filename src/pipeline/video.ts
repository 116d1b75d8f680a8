// The Video segment: lays the narrated pages out on a timeline and renders video/output.mp4 in
// one ffmpeg run, with video/subtitles.srt (and subtitles.ass for karaoke) from the measured timings.
import { rm, stat, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { AppError, badInput } from '../errors.js';
import { checkFfmpeg, runFfmpeg } from '../media/ffmpeg.js';
import { formatAss, formatSrt, layoutCues, subtitleLayout } from '../media/subtitles.js';
import { buildTimeline } from '../media/timeline.js';
import { buildVideoArgs } from '../media/video-args.js';
import { FRAME_SIZE } from './script.js';
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

const missingInput = (rel: string, segment: string) =>
  new AppError('precondition_failed', 409, `${rel} is missing: run the ${segment} segment first`);

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

    const { width, height } = FRAME_SIZE[script.settings?.aspect ?? '16:9'];
    const layout = subtitleLayout(script.language, width, height);
    const cues = layoutCues(timeline.cues, layout);
    const fontName = options.fontName ?? 'Noto Sans CJK SC';
    const karaoke = render.subtitleStyle === 'karaoke';

    // Subtitles go to temp files first; they are put in place only when the MP4 is done, so a
    // failed render leaves the previous result as it was.
    const srt = formatSrt(cues);
    const ass = karaoke ? formatAss(cues, { width, height, fontName, layout, karaoke: true }) : undefined;
    const srtTmp = await folder.draftPath(SRT_FILE);
    const assTmp = await folder.draftPath(ASS_FILE);
    const temps = [srtTmp, ...(karaoke ? [assTmp] : [])];
    try {
      await writeFile(srtTmp, srt);
      if (ass) await writeFile(assTmp, ass);
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
      await folder.produce(VIDEO_FILE, async (tmpOut) => {
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
      await folder.writeFile(SRT_FILE, srt);
      if (ass) await folder.writeFile(ASS_FILE, ass);
      else await folder.removeFile(ASS_FILE);
    } finally {
      for (const t of temps) await rm(t, { force: true });
    }
    return [VIDEO_FILE, SRT_FILE, ...(karaoke ? [ASS_FILE] : [])];
  };
}

/** The Video segment with the binaries and font of the context's settings. */
export const runVideo: SegmentRunner = (ctx) =>
  createVideoRunner({
    ffmpegPath: ctx.settings?.ffmpegPath,
    ffprobePath: ctx.settings?.ffprobePath,
    fontName: ctx.settings?.subtitleFont,
  })(ctx);

async function fileExists(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
