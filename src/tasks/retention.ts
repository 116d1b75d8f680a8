// TASK_RETENTION_DAYS: a storybook task untouched for that long loses its files. Its owner is told
// first (task_expiring, RETENTION_NOTICE_HOURS ahead); the row stays, records files_removed_at, and
// its segments are pending again.
// Each step is one UPDATE whose WHERE re-checks the row, so several servers sweeping at once agree.
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import type { TaskFolders } from '../storage/task-folder.js';
import type { NotificationService } from './notifications.js';
import type { TaskRepository } from './repository.js';

export interface RetentionDeps {
  db: Database;
  tasks: Pick<TaskRepository, 'markFilesRemoved'>;
  folders: TaskFolders;
  notifications: NotificationService;
  log: Logger;
  days: number;
  /** How long before removal the owner is told (default 24). */
  noticeHours?: number;
}

/** Not while a segment is queued or running: that task is in use. */
const IDLE = `NOT EXISTS (SELECT 1 FROM task_segments s WHERE s.task_id = tasks.id AND s.status IN ('queued', 'running'))`;

export class TaskRetention {
  constructor(private readonly deps: RetentionDeps) {}

  private get noticeMs() {
    return (this.deps.noticeHours ?? 24) * 3600_000;
  }

  /** One pass: tells owners of tasks about to expire, removes the files of tasks told long enough ago. */
  async sweep(now = new Date()): Promise<{ noticed: number[]; removed: number[] }> {
    const { db, folders, notifications } = this.deps;
    const keepMs = this.deps.days * 24 * 3600_000;
    // Removal first: a task noticed in this pass must wait the whole notice period.
    const due = await db.query<{ id: number; user_id: number }>(
      `SELECT id, user_id FROM tasks
        WHERE files_removed_at IS NULL AND expiry_noticed_at IS NOT NULL AND expiry_noticed_at > updated_at
          AND expiry_noticed_at <= $1 AND updated_at < $2 AND ${IDLE}
        ORDER BY id`,
      [new Date(now.getTime() - this.noticeMs), new Date(now.getTime() - keepMs)],
    );
    const removed: number[] = [];
    for (const task of due) {
      await folders.of(task.id).remove();
      // Recorded after the files are gone: a crash in between removes them again next time.
      if (!(await this.deps.tasks.markFilesRemoved(task.id, now))) continue;
      removed.push(task.id);
      await notifications.send(task.user_id, {
        type: 'task_files_removed',
        task_id: task.id,
        status: 'files_removed',
      });
    }
    const told = await db.query<{ id: number; user_id: number; updated_at: Date | string }>(
      `UPDATE tasks SET expiry_noticed_at = $1
        WHERE files_removed_at IS NULL AND (expiry_noticed_at IS NULL OR expiry_noticed_at < updated_at)
          AND updated_at < $2 AND ${IDLE}
        RETURNING id, user_id, updated_at`,
      [now, new Date(now.getTime() - keepMs + this.noticeMs)],
    );
    for (const task of told.sort((a, b) => a.id - b.id)) {
      const expires = Math.max(new Date(task.updated_at).getTime() + keepMs, now.getTime() + this.noticeMs);
      await notifications.send(task.user_id, {
        type: 'task_expiring',
        task_id: task.id,
        status: 'expiring',
        expires_at: new Date(expires).toISOString(),
      });
    }
    return { noticed: told.map((t) => t.id).sort((a, b) => a - b), removed };
  }
}

/** Sweeps now and every `intervalMs`; returns the stop function. */
export function startRetention(
  retention: TaskRetention,
  intervalMs: number,
  log: Logger,
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const run = () => {
    running = retention.sweep().then(
      (r) => {
        if (r.noticed.length || r.removed.length) log.info(r, 'task retention');
      },
      (err) => log.warn({ err }, 'task retention sweep failed'),
    );
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
