// Runs one segment of a task folder: runs it, clears what the segments after it own (their results
// no longer match; its own files it replaces atomically), and names the segment in any failure.
import { isAbortError, SegmentError } from '../errors.js';
import { runImage } from './image.js';
import type { SegmentContext, SegmentRunner } from './segment.js';
import { runSpeech } from './speech.js';
import { runSplit } from './split.js';
import { runStory } from './story.js';
import { runVideo } from './video.js';
import { outputsAfter, segmentById, WORKFLOW } from './workflow.js';

const RUNNERS: Record<string, SegmentRunner> = {
  Story: runStory,
  Image: runImage,
  Split: runSplit,
  Speech: runSpeech,
  Video: runVideo,
};

// Every segment id must have exactly one runner; checked once at load.
for (const s of WORKFLOW) {
  if (!RUNNERS[s.name]) throw new Error(`No runner for segment ${s.segment_id} ${s.name}`);
}

/** Runs segment `segmentId`; resolves to the resources it wrote, relative to the task folder. */
export async function runSegment(segmentId: number, ctx: SegmentContext): Promise<string[]> {
  const def = segmentById(segmentId);
  if (!def) throw new Error(`Unknown segment ${segmentId}`);
  try {
    ctx.signal.throwIfAborted();
    const resources = await RUNNERS[def.name]!(ctx);
    await ctx.folder.clear(outputsAfter(segmentId));
    ctx.progress(1);
    return resources;
  } catch (err) {
    if (isAbortError(err) || ctx.signal.aborted) throw err;
    throw new SegmentError(def.segment_id, def.name, err);
  }
}
