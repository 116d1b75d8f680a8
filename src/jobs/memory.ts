// The embedded-mode job queue: a FIFO in this process with bounded concurrency, retries with
// exponential backoff, cancellation through AbortSignal, and a graceful close. Same contract as BullMQ.
import { isAbortError } from '../errors.js';
import { checkJobId, parseJobPayload } from './payload.js';
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

export interface InProcessJobsOptions {
  handlers: JobHandlers;
  /** Jobs running at once. */
  concurrency: number;
  /** Tries in all, first included (default 3). */
  attempts?: number;
  /** Delay before the 2nd try; doubles for each further try (default 1000 ms). */
  backoffMs?: number;
  /** Called once per job that failed for good (last try, permanent error, or cancelled while running). */
  onFailed?: (failure: JobFailure) => void | Promise<void>;
}

interface QueuedJob {
  id: string;
  name: JobName;
  payload: unknown;
  attempt: number;
}

interface RunningJob {
  job: QueuedJob;
  controller: AbortController;
  done: Promise<void>;
}

export function createInProcessJobs(opts: InProcessJobsOptions): { queue: JobQueue; worker: JobWorker } {
  checkConcurrency(opts.concurrency);
  const attempts = opts.attempts ?? 3;
  const backoffMs = opts.backoffMs ?? 1000;
  const waiting: QueuedJob[] = [];
  /** Jobs waiting out a retry backoff, by id. */
  const delayed = new Map<string, { job: QueuedJob; timer: NodeJS.Timeout }>();
  const running = new Map<string, RunningJob>();
  let stopped = false;
  let queueClosed = false;
  let closing: Promise<void> | undefined;

  const known = (id: string) => running.has(id) || delayed.has(id) || waiting.some((j) => j.id === id);

  function pump(): void {
    while (!stopped && running.size < opts.concurrency && waiting.length > 0) {
      start(waiting.shift()!);
    }
  }

  function start(job: QueuedJob): void {
    const controller = new AbortController();
    const ctx: JobContext = {
      jobId: job.id,
      attempt: job.attempt,
      signal: controller.signal,
      maxAttempts: attempts,
    };
    const handler = opts.handlers[job.name] as JobHandler<JobName>;
    const entry: RunningJob = { job, controller, done: Promise.resolve() };
    running.set(job.id, entry);
    entry.done = (async () => {
      try {
        await handler(job.payload as JobPayload<JobName>, ctx);
      } catch (err) {
        await settleFailure(job, ctx, err);
      } finally {
        running.delete(job.id);
        pump();
      }
    })();
  }

  async function settleFailure(job: QueuedJob, ctx: JobContext, err: unknown): Promise<void> {
    const error = err instanceof Error ? err : new Error(String(err));
    const reason: unknown = ctx.signal.reason;
    if (ctx.signal.aborted && reason instanceof JobAbortedError && reason.reason === 'shutdown') {
      // The process is stopping: nothing will run this job again here; the service recovers it on restart.
      return;
    }
    const aborted = ctx.signal.aborted || isAbortError(error);
    const retry = !aborted && !(error instanceof PermanentJobError) && job.attempt < attempts && !stopped;
    if (retry) {
      const next: QueuedJob = { ...job, attempt: job.attempt + 1 };
      const timer = setTimeout(
        () => {
          delayed.delete(job.id);
          waiting.push(next);
          pump();
        },
        backoffMs * 2 ** (job.attempt - 1),
      );
      delayed.set(job.id, { job: next, timer });
      return;
    }
    try {
      await opts.onFailed?.({
        jobId: job.id,
        name: job.name,
        payload: job.payload,
        error,
        attempt: job.attempt,
        cancelled: aborted,
      });
    } catch (hookErr) {
      // Nobody awaits a background job: report the hook's own failure rather than crash the process.
      console.error(`onFailed hook failed for job ${job.id}:`, hookErr);
    }
  }

  const queue: JobQueue = {
    async enqueue(name, payload, { jobId }) {
      if (queueClosed) throw new Error('Job queue is closed');
      checkJobId(jobId);
      const parsed = parseJobPayload(name, payload);
      if (known(jobId)) return;
      waiting.push({ id: jobId, name, payload: parsed, attempt: 1 });
      pump();
    },
    async cancel(jobId) {
      const index = waiting.findIndex((j) => j.id === jobId);
      if (index >= 0) waiting.splice(index, 1);
      const backoff = delayed.get(jobId);
      if (backoff) {
        clearTimeout(backoff.timer);
        delayed.delete(jobId);
      }
      running.get(jobId)?.controller.abort(new JobAbortedError('cancelled'));
    },
    async claim(jobId) {
      const index = waiting.findIndex((j) => j.id === jobId);
      if (index >= 0) {
        waiting.splice(index, 1);
        return true;
      }
      const backoff = delayed.get(jobId);
      if (!backoff) return false;
      clearTimeout(backoff.timer);
      delayed.delete(jobId);
      return true;
    },
    async state(jobId) {
      if (running.has(jobId)) return 'active';
      if (delayed.has(jobId)) return 'delayed';
      if (waiting.some((j) => j.id === jobId)) return 'waiting';
      // Finished jobs are not remembered (the database keeps their outcome).
      return 'missing';
    },
    async ping() {},
    async counts() {
      return { waiting: waiting.length, active: running.size, delayed: delayed.size };
    },
    async close() {
      queueClosed = true;
    },
  };

  const worker: JobWorker = {
    close(graceMs = DEFAULT_GRACE_MS) {
      closing ??= (async () => {
        stopped = true;
        for (const { timer } of delayed.values()) clearTimeout(timer);
        delayed.clear();
        await drainOrAbort(
          () => Promise.all([...running.values()].map((r) => r.done)),
          (reason) => {
            for (const r of running.values()) r.controller.abort(reason);
          },
          graceMs,
        );
      })();
      return closing;
    },
  };

  return { queue, worker };
}
