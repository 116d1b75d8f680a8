// Scaled mode: the Video segment's chunks as `render-chunk` jobs on the shared queue, so one story
// renders on every free worker. They are queued as children of the segment's own job (a BullMQ
// flow: the parent cannot complete while a chunk is pending), and the parent stays active: it takes
// back any that no worker has started (so it never waits on a busy fleet, and one worker alone
// still finishes), and joins once every chunk's file is there. A chunk whose worker died is
// returned to the queue by BullMQ's stall check and taken again; one that failed or vanished is
// rendered by the parent itself, which then fails with ffmpeg's own error if it fails too.
import type { Logger } from 'pino';
import { type JobHandler, type JobQueue, PermanentJobError } from '../jobs/types.js';
import type { SegmentSettings } from '../pipeline/segment.js';
import { type ChunkJob, type ChunkRenderer, runChunkJob } from '../pipeline/video.js';
import type { TaskFolders } from '../storage/task-folder.js';

export interface ChunkJobDeps {
  folders: TaskFolders;
  settings: SegmentSettings;
  log: Logger;
}

/** The `render-chunk` job: pulls the chunk's inputs, renders it, pushes the file. */
export function createChunkJobHandler(deps: ChunkJobDeps): JobHandler<'render-chunk'> {
  return async ({ taskId, chunk, requestId }, ctx) => {
    const folder = deps.folders.of(taskId);
    await folder.pull([...chunk.inputs, chunk.output]);
    // Made meanwhile (by the parent, or a run before this one): nothing to do.
    if (await folder.exists(chunk.output)) return;
    for (const rel of chunk.inputs) {
      // The task was deleted or re-run underneath: the parent, if any, renders it or fails.
      if (!(await folder.exists(rel))) throw new PermanentJobError(`${rel} is missing`);
    }
    const started = performance.now();
    await runChunkJob(chunk, folder, { ffmpegPath: deps.settings.ffmpegPath, signal: ctx.signal });
    await folder.push([chunk.output]);
    deps.log.info(
      {
        task_id: taskId,
        job_id: ctx.jobId,
        ...(requestId ? { request_id: requestId } : {}),
        seconds: (performance.now() - started) / 1000,
      },
      'chunk rendered',
    );
  };
}

export interface FanOutOptions {
  queue: Pick<JobQueue, 'enqueue' | 'claim' | 'state' | 'cancel'>;
  taskId: number;
  userId: number;
  /** The Video segment's own job: the chunk jobs are its children on the queue (a flow). */
  parentJobId?: string;
  /** The request that started the render, named in the chunk jobs' log lines. */
  requestId?: string;
  /** Chunks the parent renders itself at once (VIDEO_CHUNK_CONCURRENCY). */
  lanes: number;
  ffmpegPath?: string;
  /** How often the parent looks at its chunks' jobs (default 200 ms). */
  pollMs?: number;
}

/** The job id of a chunk: one per task and content, so a chunk queued twice is one job. */
export const chunkJobId = (taskId: number, chunk: Pick<ChunkJob, 'output'>) =>
  `chunk-${taskId}-${chunk.output.slice(chunk.output.lastIndexOf('/') + 1, -'.mp4'.length)}`;

/** A ChunkRenderer that fans the chunks out as jobs and joins them (see the file's comment). */
export function fanOutChunks(opts: FanOutOptions): ChunkRenderer {
  const pollMs = opts.pollMs ?? 200;
  return async (jobs, { folder, signal, progress }) => {
    if (jobs.length <= 1) {
      // Nothing to share: render here.
      for (const [k, job] of jobs.entries()) {
        await runChunkJob(job, folder, {
          ffmpegPath: opts.ffmpegPath,
          signal,
          onProgress: (f) => progress(k, f),
        });
        progress(k, 1);
      }
      return;
    }
    // Files the chunks read that only this host has (their subtitles) go to the store first.
    await folder.push([
      ...new Set(jobs.flatMap((j) => j.inputs.filter((i) => i.startsWith('video/chunks/')))),
    ]);
    const ids = jobs.map((job) => chunkJobId(opts.taskId, job));
    for (const [k, job] of jobs.entries()) {
      await opts.queue.enqueue(
        'render-chunk',
        { taskId: opts.taskId, userId: opts.userId, chunk: job, requestId: opts.requestId },
        { jobId: ids[k]!, parentJobId: opts.parentJobId },
      );
    }
    const done = jobs.map(() => false);
    /** Chunks this parent renders itself, and their runs. */
    const here = new Map<number, Promise<void>>();
    let failure: { err: unknown } | undefined;

    const startHere = (k: number) => {
      const run = renderHere(jobs[k]!, k)
        .catch((err) => {
          failure ??= { err };
        })
        .finally(() => here.delete(k));
      here.set(k, run);
    };
    /** What the queue says of a chunk not done yet; starts it here when this parent may. */
    const look = async (k: number) => {
      const state = await opts.queue.state(ids[k]!);
      if (state === 'active') return;
      if (state === 'waiting' || state === 'delayed') {
        if (here.size < opts.lanes && (await opts.queue.claim(ids[k]!))) startHere(k);
        return;
      }
      // Finished (or failed for good, or lost): its file is in the store, or it is made here.
      await folder.pull([jobs[k]!.output]);
      if (await folder.exists(jobs[k]!.output)) {
        done[k] = true;
        progress(k, 1);
      } else if (here.size < opts.lanes) startHere(k);
    };

    try {
      while (!done.every(Boolean)) {
        signal.throwIfAborted();
        if (failure) throw failure.err;
        for (let k = 0; k < jobs.length; k++) if (!done[k] && !here.has(k)) await look(k);
        await Promise.race([sleep(pollMs), ...here.values()]);
      }
    } catch (err) {
      // Cancelled or failed: chunks still queued or running elsewhere are stopped.
      await Promise.allSettled(ids.map((id, k) => (done[k] ? undefined : opts.queue.cancel(id))));
      await Promise.allSettled(here.values());
      throw err;
    }

    async function renderHere(job: ChunkJob, k: number) {
      await runChunkJob(job, folder, {
        ffmpegPath: opts.ffmpegPath,
        signal,
        onProgress: (f) => progress(k, f),
      });
      done[k] = true;
      progress(k, 1);
    }
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
