// SQL for storybook tasks, their segment runs and stored notifications. The same statements run on
// PGlite (embedded) and PostgreSQL (scaled); services hold the rules, this file only the queries.
import type { Logger } from 'pino';
import type { Database, Queryable } from '../db/database.js';
import type { TaskChangeFeed } from '../events/task-changes.js';
import type { PageEdit } from '../pipeline/page.js';
import { WORKFLOW } from '../pipeline/workflow.js';
import { addUsage } from '../providers/core/usage.js';
import type { Usage } from '../providers/types.js';

export const SEGMENT_STATUSES = ['pending', 'queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type SegmentStatus = (typeof SEGMENT_STATUSES)[number];

export interface TaskRow {
  id: number;
  user_id: number;
  topic: string;
  main_role: string;
  scene: string;
  language: string;
  pages: number;
  aspect: string;
  seed: number;
  options: Record<string, unknown>;
  usage: Record<string, unknown> | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface SegmentRow {
  task_id: number;
  segment_id: number;
  status: SegmentStatus;
  job_id: string | null;
  run: number;
  error: string | null;
  progress: number;
  /** Paths relative to the task folder (`image/p1.png`). */
  resources: string[];
  /** What the run's providers reported as degraded or ignored (migration 007). */
  warnings?: string[];
  started_at: Date | string | null;
  finished_at: Date | string | null;
  /** Pages whose results no longer match their inputs (migration 008); the segment reads `pending`. */
  stale_pages?: number[];
  /** The page edit the queued or running run carries; null for a whole-segment run (migration 008). */
  page_run?: PageRun | null;
}

/** A page edit as a run carries it, with the status the segment returns to if the run does not complete. */
export type PageRun = PageEdit & { prior: SegmentStatus };

export interface NewTask {
  userId: number;
  topic: string;
  mainRole: string;
  scene: string;
  language: string;
  pages: number;
  aspect: string;
  seed: number;
  options: Record<string, unknown>;
}

export interface NotificationRow {
  id: number;
  user_id: number;
  payload: Record<string, unknown>;
  created_at: Date | string;
}

// PGlite answers jsonb as parsed values and int4 as numbers, like node-postgres with our parsers.
const SEGMENT_COLUMNS =
  'task_id, segment_id, status, job_id, run, error, progress, resources, warnings, started_at, finished_at, ' +
  'stale_pages, page_run';

/** A run that ended without completing: `status`, or for a page run the status its segment had. */
const ENDED_STATUS = (status: string) =>
  `CASE WHEN page_run IS NULL OR ${status} = 'completed' THEN ${status} ELSE page_run->>'prior' END`;

export interface TaskSnapshot {
  task: TaskRow;
  segments: SegmentRow[];
}

const SNAPSHOT_CACHE_MAX = 10_000;
/** Tasks whose last change is remembered for in-flight reads; past this, every in-flight fill is refused. */
const CHANGE_MARKS_MAX = 10_000;
/**
 * Scaled mode only, a backstop: an entry is not trusted longer than this even without an
 * announcement (one whose PUBLISH failed after its commit). Announcements normally drop it first.
 */
export const SCALED_SNAPSHOT_TTL_MS = 1000;

export interface TaskRepositoryOptions {
  /**
   * PostgreSQL with several writer processes: every write is announced here after its commit, and
   * announcements from every process drop this process's cached snapshots. Without it (and
   * without PGlite) nothing is cached.
   */
  changes?: TaskChangeFeed;
  log?: Logger;
  /** With `changes`: how long an entry is trusted at most (default SCALED_SNAPSHOT_TTL_MS). */
  snapshotTtlMs?: number;
}

interface CacheEntry {
  snapshot: TaskSnapshot;
  at: number;
}

export class TaskRepository {
  /**
   * Read-through cache of task snapshots; progress is polled far more often than it changes.
   * - PGlite: the DATA_DIR lock makes this process the database's only writer, so every change
   *   passes through the methods below, which drop the entry.
   * - PostgreSQL with a change feed (scaled mode): other servers and the workers write too; each
   *   writer announces every change after its commit (this class does it for all of them), and the
   *   announcements drop entries here. While the feed is not receiving (Redis away) nothing is
   *   served from memory, and whatever was cached is forgotten when it comes back.
   * - PostgreSQL without a feed: no cache.
   */
  private readonly cache: Map<number, CacheEntry> | undefined;
  private readonly ttlMs: number;
  /**
   * Bumped by every change. A read remembers it before its query and fills the cache only when
   * its task has not changed since (changedAt) and nothing was wholesale forgotten (clearedAt):
   * a read that overlapped a change never caches what it saw.
   */
  private generation = 0;
  private readonly changedAt = new Map<number, number>();
  private clearedAt = 0;
  /** Tasks written inside each open transaction, announced once it has ended. */
  private readonly touched = new WeakMap<Queryable, Set<number>>();
  private listening = false;
  private readonly changes: TaskChangeFeed | undefined;
  private readonly log: TaskRepositoryOptions['log'];

  constructor(
    private readonly db: Database,
    opts: TaskRepositoryOptions = {},
  ) {
    this.changes = db.kind === 'postgres' ? opts.changes : undefined;
    this.log = opts.log;
    this.cache = db.kind === 'pglite' || this.changes ? new Map() : undefined;
    this.ttlMs =
      db.kind === 'pglite' ? Number.POSITIVE_INFINITY : (opts.snapshotTtlMs ?? SCALED_SNAPSHOT_TTL_MS);
  }

  /** Drops task `taskId`'s entry (every entry when undefined); `tx`: also announce it when that transaction ends. */
  private changed(taskId?: number, tx?: Queryable): void {
    this.generation++;
    if (taskId === undefined) {
      this.clearedAt = this.generation;
      this.changedAt.clear();
      this.cache?.clear();
      return;
    }
    this.cache?.delete(taskId);
    if (this.changedAt.size >= CHANGE_MARKS_MAX) {
      this.changedAt.clear();
      this.clearedAt = this.generation;
    }
    this.changedAt.set(taskId, this.generation);
    if (tx) this.touched.get(tx)?.add(taskId);
  }

  /** After a committed write outside a transaction: drop locally again, tell the other processes. */
  private async announce(taskIds: Iterable<number>): Promise<void> {
    const ids = [...taskIds];
    for (const id of ids) this.changed(id);
    if (!this.changes) return;
    await Promise.all(
      ids.map((id) =>
        this.changes!.publishTaskChanged(id).catch((err) =>
          // Committed already; other processes' entries for it expire within SCALED_SNAPSHOT_TTL_MS.
          this.log?.warn({ err, taskId: id }, 'task change not announced'),
        ),
      ),
    );
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const touched = new Set<number>();
    try {
      return await this.db.transaction((tx) => {
        this.touched.set(tx, touched);
        return fn(tx);
      });
    } finally {
      // Entries dropped inside the transaction may have been refilled from the pre-commit state.
      await this.announce(touched);
    }
  }

  /** Starts receiving other processes' announcements (on first use: workers never read snapshots). */
  private listen(): void {
    if (this.listening || !this.changes) return;
    this.listening = true;
    this.changes.onReceivingChange(() => this.changed());
    this.changes.onTaskChanged((taskId) => this.changed(taskId));
  }

  private cached(taskId: number): TaskSnapshot | undefined {
    if (!this.cache) return undefined;
    if (this.changes && !this.changes.receivingTaskChanges) return undefined;
    const entry = this.cache.get(taskId);
    if (!entry) return undefined;
    if (performance.now() - entry.at > this.ttlMs) {
      this.cache.delete(taskId);
      return undefined;
    }
    return entry.snapshot;
  }

  /** The task and its segments when it belongs to `userId` (one round trip on a cache miss; times as ISO text). */
  async snapshotOwned(taskId: number, userId: number): Promise<TaskSnapshot | undefined> {
    this.listen();
    const cached = this.cached(taskId);
    if (cached) return cached.task.user_id === userId ? cached : undefined;
    const generation = this.generation;
    const receiving = !this.changes || this.changes.receivingTaskChanges;
    const at = performance.now();
    const [row] = await this.db.query<TaskRow & { segments: SegmentRow[] }>(
      `SELECT t.*, COALESCE((
         SELECT json_agg(s ORDER BY s.segment_id)
         FROM (SELECT ${SEGMENT_COLUMNS} FROM task_segments WHERE task_id = t.id) s
       ), '[]'::json) AS segments
       FROM tasks t WHERE t.id = $1`,
      [taskId],
    );
    if (!row) return undefined;
    const { segments, ...task } = row;
    const snapshot = { task, segments };
    const unchanged = this.clearedAt <= generation && (this.changedAt.get(taskId) ?? 0) <= generation;
    if (this.cache && receiving && unchanged) {
      if (this.cache.size >= SNAPSHOT_CACHE_MAX) this.cache.delete(this.cache.keys().next().value!);
      // The time the query was sent: the TTL bounds the age of what the database said.
      this.cache.set(taskId, { snapshot, at });
    }
    return task.user_id === userId ? snapshot : undefined;
  }

  async create(task: NewTask): Promise<{ task: TaskRow; segments: SegmentRow[] }> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<TaskRow>(
        `INSERT INTO tasks (user_id, topic, main_role, scene, language, pages, aspect, seed, options)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
        [
          task.userId,
          task.topic,
          task.mainRole,
          task.scene,
          task.language,
          task.pages,
          task.aspect,
          task.seed,
          JSON.stringify(task.options),
        ],
      );
      const ids = WORKFLOW.map((s) => s.segment_id);
      const segments = await tx.query<SegmentRow>(
        `INSERT INTO task_segments (task_id, segment_id)
         SELECT $1, s FROM unnest($2::int[]) AS s RETURNING ${SEGMENT_COLUMNS}`,
        [row!.id, ids],
      );
      return { task: row!, segments: segments.sort((a, b) => a.segment_id - b.segment_id) };
    });
  }

  /** The task when it exists and belongs to `userId` (undefined otherwise: the caller answers 404). */
  async findOwned(taskId: number, userId: number, q: Queryable = this.db): Promise<TaskRow | undefined> {
    const [row] = await q.query<TaskRow>('SELECT * FROM tasks WHERE id = $1 AND user_id = $2', [
      taskId,
      userId,
    ]);
    return row;
  }

  /** Locks the task row for the rest of the transaction: segment state changes of one task are serial. */
  async lockOwned(tx: Queryable, taskId: number, userId: number): Promise<TaskRow | undefined> {
    const [row] = await tx.query<TaskRow>('SELECT * FROM tasks WHERE id = $1 AND user_id = $2 FOR UPDATE', [
      taskId,
      userId,
    ]);
    return row;
  }

  async findById(taskId: number): Promise<TaskRow | undefined> {
    const [row] = await this.db.query<TaskRow>('SELECT * FROM tasks WHERE id = $1', [taskId]);
    return row;
  }

  async segments(taskId: number, q: Queryable = this.db): Promise<SegmentRow[]> {
    return q.query<SegmentRow>(
      `SELECT ${SEGMENT_COLUMNS} FROM task_segments WHERE task_id = $1 ORDER BY segment_id`,
      [taskId],
    );
  }

  async segmentsOfTasks(taskIds: number[]): Promise<SegmentRow[]> {
    if (taskIds.length === 0) return [];
    return this.db.query<SegmentRow>(
      `SELECT ${SEGMENT_COLUMNS} FROM task_segments WHERE task_id = ANY($1::int[]) ORDER BY task_id, segment_id`,
      [taskIds],
    );
  }

  /** The user's tasks with id below `beforeId`, newest first. */
  async listOwned(userId: number, limit: number, beforeId?: number): Promise<TaskRow[]> {
    return this.db.query<TaskRow>(
      `SELECT * FROM tasks WHERE user_id = $1 AND ($2::int IS NULL OR id < $2::int)
       ORDER BY id DESC LIMIT $3`,
      [userId, beforeId ?? null, limit],
    );
  }

  /**
   * Check-and-set: queues a new run of the segment unless it is already queued or running.
   * Returns the new job id, or undefined when another call got there first.
   */
  async queueSegment(tx: Queryable, taskId: number, segmentId: number): Promise<string | undefined> {
    this.changed(taskId, tx);
    const [row] = await tx.query<{ job_id: string }>(
      `UPDATE task_segments
       SET status = 'queued', run = run + 1,
           job_id = 'task-' || task_id || '-seg-' || segment_id || '-run-' || (run + 1),
           error = NULL, progress = 0, resources = '[]'::jsonb, started_at = NULL, finished_at = NULL,
           stale_pages = '[]'::jsonb, page_run = NULL
       WHERE task_id = $1 AND segment_id = $2 AND status NOT IN ('queued', 'running')
       RETURNING job_id`,
      [taskId, segmentId],
    );
    return row?.job_id;
  }

  /** Like queueSegment for a run that redoes one page: the segment's other results stand. */
  async queuePageRun(
    tx: Queryable,
    taskId: number,
    segmentId: number,
    run: PageRun,
  ): Promise<string | undefined> {
    this.changed(taskId, tx);
    const [row] = await tx.query<{ job_id: string }>(
      `UPDATE task_segments
       SET status = 'queued', run = run + 1,
           job_id = 'task-' || task_id || '-seg-' || segment_id || '-run-' || (run + 1),
           error = NULL, progress = 0, started_at = NULL, finished_at = NULL, page_run = $3::jsonb
       WHERE task_id = $1 AND segment_id = $2 AND status NOT IN ('queued', 'running')
       RETURNING job_id`,
      [taskId, segmentId, JSON.stringify(run)],
    );
    return row?.job_id;
  }

  /**
   * Sets a segment's stale pages: with none left it reads completed, with some pending. The
   * lifecycle decides which pages are stale.
   */
  async setStalePages(tx: Queryable, taskId: number, segmentId: number, pages: number[]): Promise<void> {
    this.changed(taskId, tx);
    await tx.query(
      `UPDATE task_segments
       SET stale_pages = $3::jsonb,
           status = CASE WHEN jsonb_array_length($3::jsonb) = 0 THEN 'completed' ELSE 'pending' END,
           progress = CASE WHEN jsonb_array_length($3::jsonb) = 0 THEN 100 ELSE 0 END
       WHERE task_id = $1 AND segment_id = $2`,
      [taskId, segmentId, JSON.stringify(pages)],
    );
  }

  /** Ends a page run that completed (only while it is still this job's); the caller sets the status. */
  async endPageRun(
    tx: Queryable,
    taskId: number,
    segmentId: number,
    jobId: string,
    warnings: string[],
  ): Promise<SegmentRow | undefined> {
    this.changed(taskId, tx);
    const [row] = await tx.query<SegmentRow>(
      `UPDATE task_segments SET page_run = NULL, finished_at = now(), error = NULL, warnings = $4::jsonb
       WHERE task_id = $1 AND segment_id = $2 AND job_id = $3 AND status IN ('queued', 'running')
         AND page_run IS NOT NULL
       RETURNING ${SEGMENT_COLUMNS}`,
      [taskId, segmentId, jobId, JSON.stringify(warnings)],
    );
    if (row) await tx.query('UPDATE tasks SET updated_at = now() WHERE id = $1', [taskId]);
    return row;
  }

  /** Puts the segments after `segmentId` back to pending (their inputs changed). */
  async resetAfter(tx: Queryable, taskId: number, segmentId: number): Promise<void> {
    this.changed(taskId, tx);
    await tx.query(
      `UPDATE task_segments
       SET status = 'pending', error = NULL, progress = 0, resources = '[]'::jsonb,
           started_at = NULL, finished_at = NULL, stale_pages = '[]'::jsonb
       WHERE task_id = $1 AND segment_id > $2`,
      [taskId, segmentId],
    );
  }

  /**
   * Retention took the task's files: records when, and puts every segment back to pending (nothing
   * they made is left). False when another sweep recorded it first.
   */
  async markFilesRemoved(taskId: number, at: Date): Promise<boolean> {
    return this.transaction(async (tx) => {
      const [row] = await tx.query<{ id: number }>(
        'UPDATE tasks SET files_removed_at = $2 WHERE id = $1 AND files_removed_at IS NULL RETURNING id',
        [taskId, at],
      );
      if (row) await this.resetAfter(tx, taskId, 0);
      return Boolean(row);
    });
  }

  /**
   * Marks queued and running segments cancelled (a page run's segment returns to the status it
   * had: its other pages' results stand); returns what was stopped, as it was.
   */
  async cancelActive(tx: Queryable, taskId: number): Promise<SegmentRow[]> {
    this.changed(taskId, tx);
    const active = await tx.query<SegmentRow>(
      `SELECT ${SEGMENT_COLUMNS} FROM task_segments
       WHERE task_id = $1 AND status IN ('queued', 'running') ORDER BY segment_id FOR UPDATE`,
      [taskId],
    );
    await tx.query(
      `UPDATE task_segments
       SET status = ${ENDED_STATUS('$2')}, error = 'cancelled', finished_at = now(), page_run = NULL
       WHERE task_id = $1 AND status IN ('queued', 'running')`,
      [taskId, 'cancelled'],
    );
    return active;
  }

  /** The task's request fields follow a script the user wrote, so every answer agrees with it. */
  async adoptScript(
    tx: Queryable,
    taskId: number,
    f: Pick<NewTask, 'topic' | 'mainRole' | 'scene' | 'language' | 'pages' | 'aspect' | 'seed'>,
  ): Promise<void> {
    this.changed(taskId, tx);
    await tx.query(
      `UPDATE tasks SET topic = $2, main_role = $3, scene = $4, language = $5, pages = $6, aspect = $7, seed = $8
       WHERE id = $1`,
      [taskId, f.topic, f.mainRole, f.scene, f.language, f.pages, f.aspect, f.seed],
    );
  }

  /** A script written by the user stands for a completed Story. */
  async completeStoryFromScript(tx: Queryable, taskId: number): Promise<void> {
    this.changed(taskId, tx);
    await tx.query(
      `UPDATE task_segments SET status = 'completed', progress = 100, error = NULL,
         resources = '["script_data.json"]'::jsonb, finished_at = now()
       WHERE task_id = $1 AND segment_id = 1`,
      [taskId],
    );
  }

  async touch(tx: Queryable, taskId: number): Promise<void> {
    this.changed(taskId, tx);
    await tx.query('UPDATE tasks SET updated_at = now() WHERE id = $1', [taskId]);
  }

  async delete(tx: Queryable, taskId: number): Promise<void> {
    this.changed(taskId, tx);
    await tx.query('DELETE FROM tasks WHERE id = $1', [taskId]);
  }

  // --- the segment job's side -------------------------------------------------------------

  /**
   * Marks the run running when it is still the current one (same job id, queued or running);
   * resolves to its page edit (null for a whole-segment run), undefined when it is not current.
   */
  async startRun(
    taskId: number,
    segmentId: number,
    jobId: string,
  ): Promise<{ page_run: PageRun | null } | undefined> {
    this.changed(taskId);
    const [row] = await this.db.query<{ page_run: PageRun | null }>(
      `UPDATE task_segments SET status = 'running', started_at = now(), progress = 0, error = NULL,
           warnings = '[]'::jsonb
       WHERE task_id = $1 AND segment_id = $2 AND job_id = $3 AND status IN ('queued', 'running')
       RETURNING page_run`,
      [taskId, segmentId, jobId],
    );
    await this.announce([taskId]); // again: a read that overlapped the write must not be cached
    return row ? { page_run: row.page_run ?? null } : undefined;
  }

  async setProgress(taskId: number, segmentId: number, jobId: string, progress: number): Promise<void> {
    this.changed(taskId);
    await this.db.query(
      `UPDATE task_segments SET progress = $4
       WHERE task_id = $1 AND segment_id = $2 AND job_id = $3 AND status = 'running'`,
      [taskId, segmentId, jobId, progress],
    );
    await this.announce([taskId]);
  }

  /**
   * Ends the run; undefined when it is no longer current (cancelled, re-queued, task deleted). A
   * page run that failed returns its segment to the status it had, its resources kept. A failed
   * run releases the segments queued behind it ("execute all") in the same transaction, so no
   * reader sees the failure with its chain still queued.
   */
  async finishRun(
    taskId: number,
    segmentId: number,
    jobId: string,
    outcome: (
      | { status: 'completed'; resources: string[] }
      | { status: 'failed' | 'cancelled'; error: string }
    ) & { warnings?: string[] },
  ): Promise<{ page?: number } | undefined> {
    const completed = outcome.status === 'completed';
    const rows = await this.transaction(async (tx) => {
      this.changed(taskId, tx);
      // The page a page run redid, as it was before this update cleared it.
      const ended = await tx.query<{ page_run: PageRun | null }>(
        `WITH ended AS (
           SELECT page_run FROM task_segments
           WHERE task_id = $1 AND segment_id = $2 AND job_id = $3 AND status IN ('queued', 'running')
           FOR UPDATE)
         UPDATE task_segments
         SET status = ${ENDED_STATUS('$4::text')}, finished_at = now(),
             progress = CASE WHEN $4::text = 'completed' THEN 100 ELSE progress END,
             resources = CASE WHEN page_run IS NULL THEN $5::jsonb ELSE resources END,
             error = $6, warnings = COALESCE($7::jsonb, warnings), page_run = NULL
         WHERE task_id = $1 AND segment_id = $2 AND job_id = $3 AND status IN ('queued', 'running')
         RETURNING (SELECT page_run FROM ended) AS page_run`,
        [
          taskId,
          segmentId,
          jobId,
          outcome.status,
          JSON.stringify(completed ? outcome.resources : []),
          completed ? null : outcome.error,
          outcome.warnings ? JSON.stringify(outcome.warnings) : null,
        ],
      );
      if (ended.length === 0) return ended;
      await tx.query('UPDATE tasks SET updated_at = now() WHERE id = $1', [taskId]);
      if (outcome.status === 'failed') {
        await tx.query(
          `UPDATE task_segments SET status = 'pending', progress = 0
           WHERE task_id = $1 AND segment_id > $2 AND status = 'queued'`,
          [taskId, segmentId],
        );
      }
      return ended;
    });
    const [row] = rows;
    if (!row) return undefined;
    return row.page_run ? { page: row.page_run.page } : {};
  }

  /**
   * Adds what a run spent to the task's `usage` ({story: {inputTokens, …}, image: {images}, …}).
   * Cumulative: a re-run's calls cost again.
   */
  async addUsage(taskId: number, spent: Record<string, Usage>): Promise<void> {
    if (Object.keys(spent).length === 0) return;
    this.changed(taskId);
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ usage: Record<string, Usage> | null }>(
        'SELECT usage FROM tasks WHERE id = $1 FOR UPDATE',
        [taskId],
      );
      if (!row) return;
      const total: Record<string, Usage> = { ...(row.usage ?? {}) };
      for (const [kind, usage] of Object.entries(spent)) total[kind] = addUsage(total[kind], usage);
      await tx.query('UPDATE tasks SET usage = $2::jsonb WHERE id = $1', [taskId, JSON.stringify(total)]);
    });
    await this.announce([taskId]);
  }

  /** The next segment when it was queued as part of "execute all" and waits for this one. */
  async chainedAfter(taskId: number, segmentId: number): Promise<SegmentRow | undefined> {
    const [row] = await this.db.query<SegmentRow>(
      `SELECT ${SEGMENT_COLUMNS} FROM task_segments
       WHERE task_id = $1 AND segment_id = $2 AND status = 'queued'`,
      [taskId, segmentId + 1],
    );
    return row;
  }

  /**
   * Scaled mode's reconciliation sweep: queued or running runs that should have a queue job now.
   * A segment queued behind an earlier active one of its task ("execute all") gets its job only
   * when that one completes, so it is left out.
   */
  async activeRunsWithJobs(limit = 1000): Promise<SegmentRow[]> {
    return this.db.query<SegmentRow>(
      `SELECT ${SEGMENT_COLUMNS} FROM task_segments s
       WHERE s.status IN ('queued', 'running') AND s.job_id IS NOT NULL
         AND NOT EXISTS (
           SELECT 1 FROM task_segments e
           WHERE e.task_id = s.task_id AND e.segment_id < s.segment_id AND e.status IN ('queued', 'running'))
       ORDER BY s.task_id, s.segment_id LIMIT $1`,
      [limit],
    );
  }

  /** Embedded start-up: runs a crash left queued or running can only be retried by the user. */
  async failInterrupted(message: string): Promise<SegmentRow[]> {
    this.changed();
    const rows = await this.db.query<SegmentRow>(
      `UPDATE task_segments SET status = ${ENDED_STATUS("'failed'")}, error = $1, finished_at = now(),
         page_run = NULL
       WHERE status IN ('queued', 'running') RETURNING ${SEGMENT_COLUMNS}`,
      [message],
    );
    this.changed();
    await this.announce(new Set(rows.map((r) => r.task_id)));
    return rows;
  }
}

export class NotificationRepository {
  constructor(private readonly db: Database) {}

  async insert(userId: number, payload: Record<string, unknown>): Promise<NotificationRow> {
    const [row] = await this.db.query<NotificationRow>(
      'INSERT INTO notifications (user_id, payload) VALUES ($1, $2) RETURNING *',
      [userId, JSON.stringify(payload)],
    );
    return row!;
  }

  /** Drops notifications older than `days` (clients catch up within that window). */
  async prune(days: number): Promise<number> {
    const rows = await this.db.query(
      `DELETE FROM notifications WHERE created_at < now() - make_interval(days => $1::int) RETURNING id`,
      [days],
    );
    return rows.length;
  }

  async listAfter(userId: number, afterId: number, limit: number): Promise<NotificationRow[]> {
    return this.db.query<NotificationRow>(
      'SELECT * FROM notifications WHERE user_id = $1 AND id > $2 ORDER BY id LIMIT $3',
      [userId, afterId, limit],
    );
  }
}
