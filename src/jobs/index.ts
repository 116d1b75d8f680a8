// Picks the job queue for this process from the configuration: in-process without REDIS_URL,
// BullMQ with it (the API server only enqueues; `storyagent worker` processes run the jobs).
import type { Config } from '../config.js';
import { type BullWorkerOptions, createBullQueue, createBullWorker } from './bullmq.js';
import { createInProcessJobs } from './memory.js';
import type { JobFailure, JobHandlers, JobQueue, JobWorker } from './types.js';

export { type BullJobWorker, createBullQueue, createBullWorker } from './bullmq.js';
export { createInProcessJobs } from './memory.js';
export { parseJobPayload } from './payload.js';
export { DEFAULT_GRACE_MS } from './stopping.js';
export * from './types.js';

/**
 * - `server`: without REDIS_URL it runs jobs itself (embedded); with it, it only enqueues.
 * - `worker` (`storyagent worker`): needs REDIS_URL; runs jobs and may enqueue.
 * - `embedded`: runs jobs in this process in any case (in-process, or a BullMQ worker when REDIS_URL is set).
 */
export type JobsRole = 'server' | 'worker' | 'embedded';

export interface CreateJobsOptions {
  role: JobsRole;
  /** Jobs at once in this process (default config.QUEUE_CONCURRENCY). */
  concurrency?: number;
  onFailed?: (failure: JobFailure) => void | Promise<void>;
  /** BullMQ worker timing (see BullWorkerOptions); default from QUEUE_LOCK_DURATION_MS / QUEUE_STALLED_INTERVAL_MS. */
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
  kind: 'in-process' | 'bullmq';
}

export function createJobs(config: Config, handlers: JobHandlers | null, opts: CreateJobsOptions): Jobs {
  const concurrency = opts.concurrency ?? config.QUEUE_CONCURRENCY;
  const needHandlers = (): JobHandlers => {
    if (!handlers) throw new Error(`Job handlers are required for role ${opts.role}`);
    return handlers;
  };
  if (!config.REDIS_URL) {
    if (opts.role === 'worker') {
      throw new Error('storyagent worker needs REDIS_URL (without it, `storyagent serve` runs jobs itself)');
    }
    const { queue, worker } = createInProcessJobs({
      handlers: needHandlers(),
      concurrency,
      attempts: opts.attempts,
      backoffMs: opts.backoffMs,
      onFailed: opts.onFailed,
    });
    return { queue, worker, kind: 'in-process' };
  }
  const base = { redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX };
  const queue = createBullQueue({ ...base, attempts: opts.attempts, backoffMs: opts.backoffMs });
  if (opts.role === 'server') return { queue, kind: 'bullmq' };
  const workerOpts: BullWorkerOptions = {
    ...base,
    handlers: needHandlers(),
    concurrency,
    onFailed: opts.onFailed,
    lockDurationMs: opts.lockDurationMs ?? config.QUEUE_LOCK_DURATION_MS,
    stalledIntervalMs: opts.stalledIntervalMs ?? config.QUEUE_STALLED_INTERVAL_MS,
    maxStalledCount: opts.maxStalledCount,
  };
  return { queue, worker: createBullWorker(workerOpts), kind: 'bullmq' };
}
