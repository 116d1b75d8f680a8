// What a pipeline segment receives and returns. A segment is a function of the task folder and
// the providers: it writes its files atomically and returns the resources it wrote.
import type { Providers } from '../providers/types.js';
import type { RenderOptions, StoryRequest } from './script.js';

export type { Providers };

export interface SegmentContext {
  /** Absolute path of the task folder. */
  taskDir: string;
  /** What the user asked for (Story uses it; later segments read script_data.json). */
  request: StoryRequest;
  render: RenderOptions;
  providers: Providers;
  signal: AbortSignal;
  /** fraction 0..1 of this segment, and a short message ("page 3/6"). */
  progress: (fraction: number, message?: string) => void;
}

/** Runs one segment; resolves to the files it wrote, relative to the task folder (`image/p1.png`). */
export type SegmentRunner = (ctx: SegmentContext) => Promise<string[]>;
