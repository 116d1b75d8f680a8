// The one owner of a v1 task's state: submitted (PENDING, queued), started, progress, COMPLETED with
// its task_finished notification, FAILED with its task_failed notification, interrupted runs.
// Every change is committed before the message that reports it goes out.

import type { Logger } from 'pino';
import type { Queryable } from '../db/database.js';
import { AppError } from '../errors.js';
import type { JobFailure, JobQueue } from '../jobs/types.js';
import { errorLine } from '../tasks/lifecycle.js';
import type { NotificationService } from '../tasks/notifications.js';
import { type NewV1Task, type V1TaskRepository, type V1TaskRow, v1JobId } from './repository.js';

export const V1_INTERRUPTED = 'interrupted (the server stopped while it ran); create the task again';

/** The task's result as an attachment: `{base}/api/v1/files/tasks/{id}/download/`. */
export const downloadUrlOf = (base: string, id: number) =>
  `${base.replace(/\/+$/, '')}/api/v1/files/tasks/${id}/download/`;

export interface V1RunsDeps {
  tasks: V1TaskRepository;
  queue: Pick<JobQueue, 'enqueue' | 'state'>;
  notifications: NotificationService;
  log: Logger;
}

export class V1TaskRuns {
  /** Job ids a sweep found gone, and when. */
  private readonly goneSince = new Map<string, number>();

  constructor(private readonly deps: V1RunsDeps) {}

  /** Records a new task and queues its job; a queue that does not take it fails the task (503). */
  async submit(
    task: NewV1Task,
    admit?: (tx: Queryable) => Promise<void>,
    requestId?: string,
  ): Promise<V1TaskRow> {
    const row = await this.deps.tasks.insert(task, admit);
    try {
      await this.deps.queue.enqueue(
        'run-v1-task',
        { v1TaskId: row.id, userId: row.user_id, requestId },
        { jobId: row.job_id! },
      );
    } catch (err) {
      this.deps.log.error({ err, v1TaskId: row.id }, 'enqueue failed');
      await this.fail(row.id, 'could not queue the task; create it again');
      throw new AppError('unavailable', 503, 'The job queue is not available; try again');
    }
    return row;
  }

  /** The task, now RUNNING, when this job may run it; undefined when it has ended (or is another run's). */
  start(id: number, jobId: string): Promise<V1TaskRow | undefined> {
    return this.deps.tasks.start(id, jobId);
  }

  async progress(id: number, fraction: number, message?: string): Promise<void> {
    const pct = Math.max(0, Math.min(99, Math.round(fraction * 100)));
    await this.deps.tasks.setProgress(id, pct, message ?? null);
  }

  async complete(
    id: number,
    result: Record<string, unknown>,
    usage: Record<string, unknown>,
  ): Promise<boolean> {
    const row = await this.deps.tasks.complete(id, result, usage);
    if (!row) return false;
    await this.deps.notifications.send(row.user_id, {
      type: 'task_finished',
      v1_task_id: row.id,
      task_type: row.task_type,
      status: 'COMPLETED',
      download_url: downloadUrlOf(row.base_url, row.id),
    });
    return true;
  }

  /** Ends the task FAILED with a one-line reason and tells its owner; false when it had already ended. */
  async fail(id: number, error: string): Promise<boolean> {
    const row = await this.deps.tasks.fail(id, error);
    if (!row) return false;
    await this.announceFailure(row);
    return true;
  }

  /** Embedded start-up: tasks whose in-memory job a crash lost. */
  async failInterrupted(): Promise<number> {
    const rows = await this.deps.tasks.failActive(V1_INTERRUPTED);
    for (const row of rows) await this.announceFailure(row);
    return rows.length;
  }

  /** A v1 job that failed for good without recording it (the database away on its last try). */
  async recordJobFailure(failure: JobFailure): Promise<void> {
    const id = (failure.payload as { v1TaskId?: unknown }).v1TaskId;
    if (typeof id !== 'number') return;
    await this.fail(id, failure.cancelled ? 'cancelled' : errorLine(failure.error));
  }

  /**
   * Scaled server: unfinished tasks whose queue job is gone (Redis lost it, or BullMQ failed it after
   * too many stalls) never hear from a worker again. A job seen gone on two sweeps `graceMs` apart fails its task.
   */
  async sweep(graceMs: number, now = Date.now()): Promise<number> {
    let failed = 0;
    const seen = new Set<string>();
    for (const row of await this.deps.tasks.activeOlderThan(graceMs)) {
      const jobId = row.job_id ?? v1JobId(row.id);
      seen.add(jobId);
      const state = await this.deps.queue.state(jobId);
      if (state !== 'missing' && state !== 'failed') {
        this.goneSince.delete(jobId);
        continue;
      }
      const since = this.goneSince.get(jobId);
      if (since === undefined) {
        this.goneSince.set(jobId, now);
        continue;
      }
      if (now - since < graceMs) continue;
      this.goneSince.delete(jobId);
      if (await this.fail(row.id, V1_INTERRUPTED)) failed++;
    }
    for (const id of this.goneSince.keys()) if (!seen.has(id)) this.goneSince.delete(id);
    return failed;
  }

  private async announceFailure(row: V1TaskRow): Promise<void> {
    await this.deps.notifications.send(row.user_id, {
      type: 'task_failed',
      v1_task_id: row.id,
      task_type: row.task_type,
      status: 'FAILED',
      error: row.error ?? 'failed',
    });
  }
}

/** Runs `sweep` every `intervalMs` until the returned stop() (idempotent). */
export function startV1Sweep(runs: V1TaskRuns, intervalMs: number, graceMs: number, log: Logger) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = runs.sweep(graceMs).catch((err) => log.warn({ err }, 'v1 task sweep failed'));
  }, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
