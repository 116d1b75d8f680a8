// SQL for v1 tasks (seed 002). The same statements run on PGlite and PostgreSQL; the rules live in
// lifecycle.ts (state changes) and service.ts (what callers may see and do).
import type { Database, Queryable } from '../db/database.js';

export const V1_STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'FAILED'] as const;
export type V1Status = (typeof V1_STATUSES)[number];

export interface V1TaskRow {
  id: number;
  user_id: number;
  instance_id: string | null;
  task_type: string;
  payload: Record<string, unknown>;
  status: V1Status;
  progress: number;
  message: string | null;
  result: Record<string, unknown> | null;
  error: string | null;
  usage: Record<string, unknown> | null;
  base_url: string;
  job_id: string | null;
  created_at: Date | string;
  updated_at: Date | string;
  started_at: Date | string | null;
  finished_at: Date | string | null;
}

export interface NewV1Task {
  userId: number;
  instanceId?: string;
  taskType: string;
  payload: Record<string, unknown>;
  baseUrl: string;
}

/** Deterministic queue job id of a v1 task (one run per task). */
export const v1JobId = (id: number) => `v1-task-${id}`;

export class V1TaskRepository {
  constructor(private readonly db: Database) {}

  /** Records the task; `admit` runs first in the same transaction (a limit check that locks the user). */
  async insert(task: NewV1Task, admit?: (tx: Queryable) => Promise<void>): Promise<V1TaskRow> {
    return this.db.transaction(async (tx) => {
      await admit?.(tx);
      const [row] = await tx.query<V1TaskRow>(
        `INSERT INTO v1_tasks (user_id, instance_id, task_type, payload, base_url)
         VALUES ($1, $2, $3, $4::jsonb, $5) RETURNING *`,
        [task.userId, task.instanceId ?? null, task.taskType, JSON.stringify(task.payload), task.baseUrl],
      );
      const [withJob] = await tx.query<V1TaskRow>(
        'UPDATE v1_tasks SET job_id = $2 WHERE id = $1 RETURNING *',
        [row!.id, v1JobId(row!.id)],
      );
      return withJob!;
    });
  }

  async findOwned(id: number, userId: number): Promise<V1TaskRow | undefined> {
    const [row] = await this.db.query<V1TaskRow>('SELECT * FROM v1_tasks WHERE id = $1 AND user_id = $2', [
      id,
      userId,
    ]);
    return row;
  }

  async findById(id: number): Promise<V1TaskRow | undefined> {
    const [row] = await this.db.query<V1TaskRow>('SELECT * FROM v1_tasks WHERE id = $1', [id]);
    return row;
  }

  /** A page of the user's tasks, newest first, and how many they have in all. */
  async pageOwned(
    userId: number,
    limit: number,
    offset: number,
  ): Promise<{ rows: V1TaskRow[]; count: number }> {
    const rows = await this.db.query<V1TaskRow & { total: number }>(
      `SELECT *, count(*) OVER () AS total FROM v1_tasks WHERE user_id = $1
       ORDER BY id DESC LIMIT $2 OFFSET $3`,
      [userId, limit, offset],
    );
    const count =
      rows.length > 0
        ? Number(rows[0]!.total)
        : Number(
            (
              await this.db.query<{ n: number }>('SELECT count(*) AS n FROM v1_tasks WHERE user_id = $1', [
                userId,
              ])
            )[0]?.n ?? 0,
          );
    return { rows: rows.map(({ total: _t, ...r }) => r), count };
  }

  /** PENDING (or RUNNING again, for a retried or recovered job) → RUNNING; undefined when it has ended. */
  async start(id: number, jobId: string): Promise<V1TaskRow | undefined> {
    const [row] = await this.db.query<V1TaskRow>(
      `UPDATE v1_tasks SET status = 'RUNNING', started_at = COALESCE(started_at, now()), updated_at = now()
       WHERE id = $1 AND job_id = $2 AND status IN ('PENDING', 'RUNNING') RETURNING *`,
      [id, jobId],
    );
    return row;
  }

  async setProgress(id: number, progress: number, message: string | null): Promise<void> {
    await this.db.query(
      `UPDATE v1_tasks SET progress = $2, message = $3, updated_at = now() WHERE id = $1 AND status = 'RUNNING'`,
      [id, progress, message],
    );
  }

  /** RUNNING → COMPLETED; undefined when it was not running (already ended). */
  async complete(
    id: number,
    result: Record<string, unknown>,
    usage: Record<string, unknown>,
  ): Promise<V1TaskRow | undefined> {
    const [row] = await this.db.query<V1TaskRow>(
      `UPDATE v1_tasks SET status = 'COMPLETED', progress = 100, message = NULL, result = $2::jsonb,
         usage = $3::jsonb, error = NULL, finished_at = now(), updated_at = now()
       WHERE id = $1 AND status = 'RUNNING' RETURNING *`,
      [id, JSON.stringify(result), JSON.stringify(usage)],
    );
    return row;
  }

  /** PENDING or RUNNING → FAILED; undefined when it had already ended. */
  async fail(id: number, error: string): Promise<V1TaskRow | undefined> {
    const [row] = await this.db.query<V1TaskRow>(
      `UPDATE v1_tasks SET status = 'FAILED', error = $2, message = NULL, finished_at = now(), updated_at = now()
       WHERE id = $1 AND status IN ('PENDING', 'RUNNING') RETURNING *`,
      [id, error],
    );
    return row;
  }

  /** Embedded start-up: every task a crash left unfinished is failed (its job lived in memory). */
  async failActive(error: string): Promise<V1TaskRow[]> {
    return this.db.query<V1TaskRow>(
      `UPDATE v1_tasks SET status = 'FAILED', error = $1, message = NULL, finished_at = now(), updated_at = now()
       WHERE status IN ('PENDING', 'RUNNING') RETURNING *`,
      [error],
    );
  }

  /** Scaled mode's sweep: unfinished tasks older than `graceMs`, whose job may be gone. */
  async activeOlderThan(graceMs: number, limit = 500): Promise<V1TaskRow[]> {
    return this.db.query<V1TaskRow>(
      `SELECT * FROM v1_tasks WHERE status IN ('PENDING', 'RUNNING')
       AND updated_at < now() - make_interval(secs => $1::double precision / 1000) ORDER BY id LIMIT $2`,
      [graceMs, limit],
    );
  }
}
