// The job queue: named jobs with zod-checked payloads, one handler each. Two implementations
// behind this interface: in-process (embedded mode) and BullMQ on Redis (scaled mode).
import { z } from 'zod';

export const SegmentJobSchema = z.object({
  taskId: z.number().int().positive(),
  segmentId: z.number().int().min(1),
  userId: z.number().int().positive(),
});
export type SegmentJob = z.infer<typeof SegmentJobSchema>;

export const V1JobSchema = z.object({
  v1TaskId: z.number().int().positive(),
  userId: z.number().int().positive(),
});

export const JOB_SCHEMAS = {
  'run-segment': SegmentJobSchema,
  'run-v1-task': V1JobSchema,
} as const;
export type JobName = keyof typeof JOB_SCHEMAS;
export type JobPayload<N extends JobName> = z.infer<(typeof JOB_SCHEMAS)[N]>;

export interface JobContext {
  jobId: string;
  /** 1 on the first try. */
  attempt: number;
  /** Fires when the job is cancelled (queue.cancel) or the worker shuts down. */
  signal: AbortSignal;
  /** Tries allowed in all; `attempt === maxAttempts` is the last one (set by both implementations). */
  maxAttempts?: number;
}

export type JobHandler<N extends JobName> = (payload: JobPayload<N>, ctx: JobContext) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };

/** Thrown by a handler for an error that can never succeed on retry (BullMQ UnrecoverableError). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

/**
 * The reason a job's signal fires: `cancelled` by queue.cancel, or `shutdown` when its worker closes
 * (BullMQ then returns the job to the queue for another worker). Its name is AbortError, so
 * `isAbortError` and `signal.throwIfAborted()` treat it as an abort.
 */
export class JobAbortedError extends Error {
  override name = 'AbortError';
  constructor(readonly reason: 'cancelled' | 'shutdown') {
    super(reason === 'cancelled' ? 'Job cancelled' : 'Worker shutting down');
  }
}

/** Reported once per job that failed for good (after its last try, permanent error, or cancel). */
export interface JobFailure {
  jobId: string;
  name: string;
  /** As enqueued; may be invalid when the failure is a payload check. */
  payload: unknown;
  error: Error;
  attempt: number;
  cancelled: boolean;
}

/** Where a job is in its queue; `missing` when the queue has no such job (finished, removed, or lost). */
export type JobState = 'waiting' | 'active' | 'delayed' | 'completed' | 'failed' | 'missing';

export interface JobQueue {
  /** Adds a job under a deterministic id; a job with the same id already waiting is not added twice. */
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>, opts: { jobId: string }): Promise<void>;
  /** Removes a waiting job, or aborts a running one (its signal fires, on whatever worker runs it). */
  cancel(jobId: string): Promise<void>;
  /** Where the job is now (the reconciliation sweep asks it about segments that look stuck). */
  state(jobId: string): Promise<JobState>;
  /** Answers when the queue backend is reachable (health check). */
  ping(): Promise<void>;
  /** Idempotent; waits for nothing but its own connections. */
  close(): Promise<void>;
}

export interface JobWorker {
  /** Stops taking jobs and waits for running ones (or aborts them after `graceMs`). Idempotent. */
  close(graceMs?: number): Promise<void>;
}
