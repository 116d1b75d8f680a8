// The scaled-mode job queue: one BullMQ queue (`jobs` under the configured key prefix) holding named
// jobs, a worker with retries, stalled-job recovery, and cancellation across processes via Redis pub/sub.
import { type Job, Queue, UnrecoverableError, WaitingError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { isAbortError } from '../errors.js';
import { checkJobId, parseJobPayload } from './payload.js';
import { quitRedis } from './redis-connection.js';
import { checkConcurrency, DEFAULT_GRACE_MS, drainOrAbort } from './stopping.js';
import {
  JobAbortedError,
  type JobContext,
  type JobFailure,
  type JobHandler,
  type JobHandlers,
  type JobName,
  type JobPayload,
  type JobQueue,
  type JobWorker,
  PermanentJobError,
} from './types.js';

/** BullMQ queue name; keys live under `${prefix}:jobs:`. */
export const QUEUE_NAME = 'jobs';
/** Job ids to abort, published by queue.cancel() for whichever worker runs them. */
export const cancelChannel = (prefix: string) => `${prefix}:cancel`;
/** Set before publishing, so a worker that picks the job up at that very moment aborts it too. */
const cancelMarker = (prefix: string, jobId: string) => `${prefix}:cancelled:${jobId}`;
const CANCEL_MARKER_TTL_MS = 10 * 60_000;

export interface BullQueueOptions {
  redisUrl: string;
  prefix: string;
  /** Tries in all, first included (default 3). */
  attempts?: number;
  /** Delay before the 2nd try, doubling after (default 1000 ms). */
  backoffMs?: number;
}

export interface BullWorkerOptions {
  redisUrl: string;
  prefix: string;
  handlers: JobHandlers;
  concurrency: number;
  /**
   * How long a job's lock lives without renewal (renewed every half of it while the job runs).
   * A worker killed mid-job leaves its job for `lockDurationMs` + up to 2 × `stalledIntervalMs`
   * before another worker takes it over (default 30 000).
   */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died (default 15 000). */
  stalledIntervalMs?: number;
  /** A job found stalled more often than this fails for good (default 2). */
  maxStalledCount?: number;
  /** Called once per job that failed for good (last try, permanent error, cancel). Not for stall failures. */
  onFailed?: (failure: JobFailure) => void | Promise<void>;
  /** Worker and connection errors (Redis away, lock lost); default console.error. */
  onError?: (err: Error) => void;
}

export interface BullJobWorker extends JobWorker {
  /** Resolves when the worker is connected and fetching jobs. */
  ready(): Promise<void>;
}

export function createBullQueue(opts: BullQueueOptions): JobQueue {
  // Producers fail fast when Redis is away (HTTP requests should not hang); workers wait for it.
  const conn = new Redis(opts.redisUrl, { maxRetriesPerRequest: 2 });
  // Commands reject on their own; these listeners keep a Redis outage from crashing the process
  // and tell the operator once a minute rather than once per reconnect attempt.
  const onError = quietLogger('job queue');
  conn.on('error', onError);
  const queue = new Queue(QUEUE_NAME, {
    connection: conn,
    prefix: opts.prefix,
    defaultJobOptions: {
      attempts: opts.attempts ?? 3,
      backoff: { type: 'exponential', delay: opts.backoffMs ?? 1000 },
      // Deterministic ids must be reusable: a finished job (the database keeps its outcome) goes away.
      removeOnComplete: true,
      removeOnFail: true,
    },
  });
  queue.on('error', onError);
  let closing: Promise<void> | undefined;

  return {
    async enqueue(name, payload, { jobId, parentJobId }) {
      if (closing) throw new Error('Job queue is closed');
      checkJobId(jobId);
      const parsed = parseJobPayload(name, payload);
      await conn.del(cancelMarker(opts.prefix, jobId));
      // BullMQ ignores an add whose id already exists (waiting, delayed or active).
      if (!parentJobId) {
        await queue.add(name, parsed, { jobId });
        return;
      }
      try {
        await queue.add(name, parsed, {
          jobId,
          parent: { id: parentJobId, queue: queue.qualifiedName },
          // A child that fails for good leaves the parent free to complete (it handles the failure).
          ignoreDependencyOnFailure: true,
        });
      } catch (err) {
        // The job exists as another live parent's child: it runs anyway, and whoever waits on
        // its result finds it; anything else is a real failure.
        if (!/cannot be replaced/i.test(String((err as Error).message))) throw err;
      }
    },
    async cancel(jobId) {
      const job = await queue.getJob(jobId);
      if (!job) return;
      await conn.set(cancelMarker(opts.prefix, jobId), '1', 'PX', CANCEL_MARKER_TTL_MS);
      try {
        await job.remove();
        return;
      } catch {
        // Locked by a worker: it is running, so tell every worker to abort it.
      }
      await conn.publish(cancelChannel(opts.prefix), jobId);
    },
    async claim(jobId) {
      const job = await queue.getJob(jobId);
      if (!job) return false;
      if (!['waiting', 'delayed', 'prioritized'].includes(await job.getState())) return false;
      try {
        // Refused while a worker holds the job's lock: it started in between.
        await job.remove();
        return true;
      } catch {
        return false;
      }
    },
    async state(jobId) {
      const job = await queue.getJob(jobId);
      if (!job) return 'missing';
      const state = await job.getState();
      switch (state) {
        case 'active':
        case 'delayed':
        case 'completed':
        case 'failed':
          return state;
        case 'waiting':
        case 'waiting-children':
        case 'prioritized':
          return 'waiting';
        default:
          // 'unknown': removed between the two calls.
          return 'missing';
      }
    },
    async ping() {
      await conn.ping();
    },
    async counts() {
      const c = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed');
      return {
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
      };
    },
    close() {
      closing ??= (async () => {
        await queue.close();
        await quitRedis(conn);
      })();
      return closing;
    },
  };
}

export function createBullWorker(opts: BullWorkerOptions): BullJobWorker {
  checkConcurrency(opts.concurrency);
  const onError = opts.onError ?? quietLogger('job worker');
  const conn = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
  conn.on('error', onError);
  const sub = new Redis(opts.redisUrl, { maxRetriesPerRequest: null });
  sub.on('error', onError);
  const running = new Map<string, AbortController>();
  /** Errors this worker threw for a cancel, to report them as such. */
  const cancelErrors = new WeakSet<Error>();

  const abort = (jobId: string, reason: 'cancelled' | 'shutdown') => {
    const controller = running.get(jobId);
    if (controller && !controller.signal.aborted) controller.abort(new JobAbortedError(reason));
  };

  sub.on('message', (_channel: string, jobId: string) => abort(jobId, 'cancelled'));
  // Cancels published while this worker was cut off from Redis are caught up from their markers.
  sub.on('ready', () => {
    const ids = [...running.keys()];
    if (ids.length === 0) return;
    conn.mget(ids.map((id) => cancelMarker(opts.prefix, id))).then(
      (marks) => {
        marks.forEach((m, i) => {
          if (m) abort(ids[i]!, 'cancelled');
        });
      },
      (err: Error) => onError(err),
    );
  });
  const subscribed = sub.subscribe(cancelChannel(opts.prefix));

  async function runJob(job: Job, token?: string): Promise<void> {
    const jobId = job.id!;
    let payload: unknown;
    try {
      payload = parseJobPayload(job.name, job.data);
    } catch (err) {
      throw new UnrecoverableError((err as Error).message);
    }
    const controller = new AbortController();
    running.set(jobId, controller);
    const ctx: JobContext = {
      jobId,
      attempt: job.attemptsMade + 1,
      signal: controller.signal,
      maxAttempts: job.opts.attempts ?? 1,
    };
    try {
      if (await conn.exists(cancelMarker(opts.prefix, jobId))) abort(jobId, 'cancelled');
      controller.signal.throwIfAborted();
      const handler = opts.handlers[job.name as JobName] as JobHandler<JobName>;
      await handler(payload as JobPayload<JobName>, ctx);
    } catch (err) {
      const reason: unknown = controller.signal.reason;
      if (reason instanceof JobAbortedError && reason.reason === 'shutdown') {
        // Hand the job back untouched (no attempt counted) so another worker runs it.
        await job.moveToWait(token);
        throw new WaitingError();
      }
      if (controller.signal.aborted || isAbortError(err)) {
        const detail = err instanceof Error && !(err instanceof JobAbortedError) ? `: ${err.message}` : '';
        const cancelled = new UnrecoverableError(`Job cancelled${detail}`);
        cancelErrors.add(cancelled);
        throw cancelled;
      }
      if (err instanceof PermanentJobError) throw new UnrecoverableError(err.message);
      throw err;
    } finally {
      running.delete(jobId);
    }
  }

  const worker = new Worker(QUEUE_NAME, (job, token) => runJob(job, token), {
    connection: conn,
    prefix: opts.prefix,
    concurrency: opts.concurrency,
    lockDuration: opts.lockDurationMs ?? 30_000,
    stalledInterval: opts.stalledIntervalMs ?? 15_000,
    maxStalledCount: opts.maxStalledCount ?? 2,
  });
  worker.on('error', onError);
  worker.on('failed', (job, err) => {
    // finishedOn is set only when no retry follows.
    if (!job || job.finishedOn === undefined || !opts.onFailed) return;
    Promise.resolve(
      opts.onFailed({
        jobId: job.id!,
        name: job.name,
        payload: job.data,
        error: err,
        attempt: job.attemptsMade,
        cancelled: cancelErrors.has(err),
      }),
    ).catch((hookErr: Error) => onError(hookErr));
  });

  let closing: Promise<void> | undefined;
  return {
    async ready() {
      await Promise.all([worker.waitUntilReady(), subscribed]);
    },
    close(graceMs = DEFAULT_GRACE_MS) {
      closing ??= (async () => {
        const closed = worker.close();
        closed.catch(onError);
        // A handler that ignores its signal is left behind; its job's lock expires and stall recovery runs it again.
        await drainOrAbort(
          () => closed,
          () => {
            for (const jobId of running.keys()) abort(jobId, 'shutdown');
          },
          graceMs,
        );
        await Promise.all([quitRedis(sub), quitRedis(conn)]);
      })();
      return closing;
    },
  };
}

/** console.error, but a message repeated within a minute (a reconnect loop while Redis is away) only once. */
function quietLogger(label: string): (err: Error) => void {
  let last = '';
  let lastAt = 0;
  return (err) => {
    const now = Date.now();
    if (err.message === last && now - lastAt < 60_000) return;
    last = err.message;
    lastAt = now;
    console.error(`${label}: ${err.message}`);
  };
}
