// Runs one segment of a task folder: clears what it and the segments after it own (their
// results no longer match), runs it, and names the segment in any failure.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, isAbortError, SegmentError } from '../errors.js';
import { runImage } from './image.js';
import { readScript, writeScript } from './script.js';
import type { SegmentContext, SegmentRunner } from './segment.js';
import { runSpeech } from './speech.js';
import { runSplit } from './split.js';
import { runStory } from './story.js';
import { runVideo } from './video.js';
import { segmentById, WORKFLOW } from './workflow.js';

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

/** Removes the files owned by segments after `segmentId` (not its own: it replaces them atomically). */
export async function invalidateAfter(taskDir: string, segmentId: number): Promise<void> {
  for (const s of WORKFLOW) {
    if (s.segment_id <= segmentId) continue;
    for (const out of s.outputs) await rm(join(taskDir, out), { recursive: true, force: true });
  }
  // Split and Speech add fields to script_data.json; a re-run of an earlier segment drops them.
  if (segmentId >= 1 && segmentId < 3) {
    // A missing or invalid script has no such fields to drop (and whoever reads it next reports
    // it); an I/O failure is real and propagates.
    const script = await readScript(taskDir).catch((err: unknown) => {
      if (err instanceof AppError) return null;
      throw err;
    });
    if (script?.pages.some((p) => p.segments || p.audio)) {
      for (const page of script.pages) {
        delete page.segments;
        delete page.audio;
        delete page.duration;
      }
      await writeScript(taskDir, script);
    }
  }
}

/** Runs segment `segmentId`; resolves to the resources it wrote, relative to the task folder. */
export async function runSegment(segmentId: number, ctx: SegmentContext): Promise<string[]> {
  const def = segmentById(segmentId);
  if (!def) throw new Error(`Unknown segment ${segmentId}`);
  try {
    ctx.signal.throwIfAborted();
    const resources = await RUNNERS[def.name]!(ctx);
    await invalidateAfter(ctx.taskDir, segmentId);
    ctx.progress(1);
    return resources;
  } catch (err) {
    if (isAbortError(err) || ctx.signal.aborted) throw err;
    throw new SegmentError(def.segment_id, def.name, err);
  }
}
