// What a pipeline segment receives and returns. A segment is a function of the task folder, its
// settings and the providers: it writes its files atomically and returns the resources it wrote.

import type { Config } from '../config.js';
import type { FfmpegBinaries } from '../media/ffmpeg.js';
import type { Providers } from '../providers/types.js';
import type { TaskFolder } from '../storage/task-folder.js';
import type { RenderOptions, StoryRequest } from './script.js';
import type { ChunkRenderer } from './video.js';

export type { Providers };

/** Settings of the installation the segments need (the caller reads them from the configuration). */
export interface SegmentSettings extends FfmpegBinaries {
  /** CJK-capable font family for burned subtitles. */
  subtitleFont?: string;
  /** Video chunks rendered at once (default: this machine's cores). */
  videoChunkConcurrency?: number;
  /** Keep the video's chunks after the join (default true: a page edit re-renders only its chunks). */
  keepVideoChunks?: boolean;
}

export const segmentSettingsOf = (
  config: Pick<
    Config,
    'FFMPEG_PATH' | 'FFPROBE_PATH' | 'SUBTITLE_FONT' | 'VIDEO_CHUNK_CONCURRENCY' | 'VIDEO_KEEP_CHUNKS'
  >,
): SegmentSettings => ({
  ffmpegPath: config.FFMPEG_PATH,
  ffprobePath: config.FFPROBE_PATH,
  subtitleFont: config.SUBTITLE_FONT,
  videoChunkConcurrency: config.VIDEO_CHUNK_CONCURRENCY,
  keepVideoChunks: config.VIDEO_KEEP_CHUNKS,
});

export interface SegmentContext {
  folder: TaskFolder;
  /** What the user asked for (Story uses it; later segments read script_data.json). */
  request: StoryRequest;
  render: RenderOptions;
  providers: Providers;
  /** Default: ffmpeg and ffprobe on PATH, Noto Sans CJK SC. */
  settings?: SegmentSettings;
  signal: AbortSignal;
  /** fraction 0..1 of this segment, and a short message ("page 3/6"). */
  progress: (fraction: number, message?: string) => void;
  /** A provider's warning (a setting ignored, a fallback used): shown to the user, the run goes on. */
  warn?: (message: string) => void;
  /** Renders the Video segment's chunks (scaled mode: fanned out to every free worker); default here. */
  renderChunks?: ChunkRenderer;
}

/** Runs one segment; resolves to the files it wrote, relative to the task folder (`image/p1.png`). */
export type SegmentRunner = (ctx: SegmentContext) => Promise<string[]>;
