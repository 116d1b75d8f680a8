// Opens the job queue the deployment names: in-process (embedded mode) or BullMQ on Redis (scaled
// mode, where the API server only enqueues and `storyagent worker` processes run the jobs).
import type { QueueTarget } from '../deployment.js';
import { type BullWorkerOptions, createBullQueue, createBullWorker } from './bullmq.js';
import { createInProcessJobs } from './memory.js';
import type { JobFailure, JobHandlers, JobQueue, JobWorker } from './types.js';

/**
 * - `server`: in-process, it runs the jobs itself; on BullMQ it only enqueues.
 * - `worker` (`storyagent worker`): BullMQ only; runs jobs and may enqueue.
 */
export type JobsRole = 'server' | 'worker';

export interface CreateJobsOptions {
  role: JobsRole;
  /** Jobs at once in this process. */
  concurrency: number;
  onFailed?: (failure: JobFailure) => void | Promise<void>;
  /** BullMQ worker timing (see BullWorkerOptions). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  maxStalledCount?: number;
  /** Tries per job, first included (default 3), and the first retry delay (default 1000 ms, doubling). */
  attempts?: number;
  backoffMs?: number;
}

export interface Jobs {
  queue: JobQueue;
  /** Present when this process runs jobs. */
  worker?: JobWorker;
}

export function createJobs(target: QueueTarget, handlers: JobHandlers, opts: CreateJobsOptions): Jobs {
  if (target.kind === 'in-process') {
    if (opts.role === 'worker') {
      throw new Error('storyagent worker needs REDIS_URL (without it, `storyagent serve` runs jobs itself)');
    }
    return createInProcessJobs({
      handlers,
      concurrency: opts.concurrency,
      attempts: opts.attempts,
      backoffMs: opts.backoffMs,
      onFailed: opts.onFailed,
    });
  }
  const base = { redisUrl: target.redisUrl, prefix: target.prefix };
  const queue = createBullQueue({ ...base, attempts: opts.attempts, backoffMs: opts.backoffMs });
  if (opts.role === 'server') return { queue };
  const workerOpts: BullWorkerOptions = {
    ...base,
    handlers,
    concurrency: opts.concurrency,
    onFailed: opts.onFailed,
    lockDurationMs: opts.lockDurationMs,
    stalledIntervalMs: opts.stalledIntervalMs,
    maxStalledCount: opts.maxStalledCount,
  };
  return { queue, worker: createBullWorker(workerOpts) };
}
