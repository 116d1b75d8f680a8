// The job queue: named jobs with zod-checked payloads, one handler each. Two implementations
// behind this interface: in-process (embedded mode) and BullMQ on Redis (scaled mode).
import { z } from 'zod';

export const SegmentJobSchema = z.object({
  taskId: z.number().int().positive(),
  segmentId: z.number().int().min(1),
  userId: z.number().int().positive(),
  /** The HTTP request that started the run (its log lines' reqId). */
  requestId: z.string().max(128).optional(),
});
export type SegmentJob = z.infer<typeof SegmentJobSchema>;

export const V1JobSchema = z.object({
  v1TaskId: z.number().int().positive(),
  userId: z.number().int().positive(),
  requestId: z.string().max(128).optional(),
});

/** A path inside a task folder as a job may name it: relative, no `..`, no NUL, no backslash. */
const TaskRelativePath = z
  .string()
  .min(1)
  .max(512)
  .refine((p) => !p.startsWith('/') && !/(^|\/)\.\.(\/|$)/.test(p) && !/[\0\\]/.test(p), {
    message: 'must be a relative path inside the task folder',
  });

/** One chunk of a task's video, fanned out by the Video segment to any free worker (scaled mode). */
export const ChunkJobSchema = z.object({
  taskId: z.number().int().positive(),
  userId: z.number().int().positive(),
  requestId: z.string().max(128).optional(),
  chunk: z
    .object({
      output: z.string().regex(/^video\/chunks\/[0-9a-f]{32}\.mp4$/, 'must be video/chunks/<key>.mp4'),
      inputs: z.array(TaskRelativePath).max(64),
      args: z.array(z.string().max(16_384)).min(2).max(512),
      frames: z.number().int().min(0),
      seconds: z.number().min(0).max(86_400),
    })
    .refine((c) => c.args.at(-1) === c.output, { message: 'the last argument must be the output' }),
});

export const JOB_SCHEMAS = {
  'run-segment': SegmentJobSchema,
  'run-v1-task': V1JobSchema,
  'render-chunk': ChunkJobSchema,
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

export type QueueCounts = Record<'waiting' | 'active' | 'delayed', number>;

export interface JobQueue {
  /**
   * Adds a job under a deterministic id; a job with the same id already waiting is not added twice.
   * `parentJobId`: the job (on this queue) that this one is a child of, as in a BullMQ flow: the
   * queue lists it among the parent's children, and a parent cannot complete while a child is
   * pending (a child that fails for good no longer holds it).
   */
  enqueue<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    opts: { jobId: string; parentJobId?: string },
  ): Promise<void>;
  /** Removes a waiting job, or aborts a running one (its signal fires, on whatever worker runs it). */
  cancel(jobId: string): Promise<void>;
  /**
   * Takes a job that no worker has started (waiting, or waiting out a retry) off the queue, so the
   * caller runs it itself; false when a worker runs it or it is gone.
   */
  claim(jobId: string): Promise<boolean>;
  /** Where the job is now (the reconciliation sweep asks it about segments that look stuck). */
  state(jobId: string): Promise<JobState>;
  /** Answers when the queue backend is reachable (health check). */
  ping(): Promise<void>;
  /** Jobs per state, for metrics (this process's jobs in process; the shared queue on BullMQ). */
  counts(): Promise<QueueCounts>;
  /** Idempotent; waits for nothing but its own connections. */
  close(): Promise<void>;
}

export interface JobWorker {
  /** Stops taking jobs and waits for running ones (or aborts them after `graceMs`). Idempotent. */
  close(graceMs?: number): Promise<void>;
}

/**
 * True when this failure ends the job for good, so the handler should record it before rethrowing:
 * a permanent error, a cancel, or the last try. A shutdown is not final (the job runs again).
 */
export function isFinalFailure(err: unknown, ctx: JobContext): boolean {
  const reason: unknown = ctx.signal.reason;
  const shutdown = reason instanceof JobAbortedError && reason.reason === 'shutdown';
  if (ctx.signal.aborted) return !shutdown;
  return (
    err instanceof PermanentJobError || (ctx.maxAttempts !== undefined && ctx.attempt >= ctx.maxAttempts)
  );
}
