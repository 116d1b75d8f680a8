// Administration of a shared installation: the list of users (task counts, last login), disabling,
// enabling and deleting accounts with everything they own, every user's tasks, and any edge instance.
// The admin API and `storyagent user` both call this; account state itself is AuthService's.
import { type AuthService, type EdgeInstance, toUser, type UserRecord } from '../auth/service.js';
import type { Database } from '../db/database.js';
import { AppError, badInput, notFound } from '../errors.js';
import type { StoreMirror } from '../storage/mirror.js';
import type { TaskFolders } from '../storage/task-folder.js';
import { UserSpace } from '../storage/user-space.js';
import type { SegmentRow, TaskRepository, TaskRow } from '../tasks/repository.js';
import { type TaskStatus, type TaskView, taskView } from '../tasks/views.js';
import { v1JobId } from '../v1/repository.js';
import { canonicalId } from '../validation.js';

export interface AdminServiceDeps {
  db: Database;
  auth: AuthService;
  tasks: TaskRepository;
  folders: TaskFolders;
  /** The object store, when files live there: a deleted user's v1 files go from it too. */
  store?: StoreMirror;
  sharedMediaRoot: string;
  /** Stops a queued or running job of a deleted user; absent when no queue runs (the CLI). */
  stopJob?: (jobId: string) => Promise<void>;
}

export interface AdminUser extends UserRecord {
  taskCount: number;
  v1TaskCount: number;
  edgeInstanceCount: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AdminTask extends TaskView {
  user_id: number;
  username: string;
}

export const ADMIN_PAGE_MAX = 200;

const encodeCursor = (kind: string, id: number) => Buffer.from(`${kind}:${id}`).toString('base64url');
function decodeCursor(kind: string, cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const m = new RegExp(`^${kind}:(.*)$`).exec(Buffer.from(cursor, 'base64url').toString());
  const id = m ? canonicalId(m[1]!) : undefined;
  if (id === undefined) throw badInput('cursor', 'not a cursor this server gave out');
  return id;
}

interface UserListRow {
  id: number;
  username: string;
  is_admin: boolean;
  created_at: Date;
  disabled_at: Date | null;
  last_login_at: Date | null;
  task_count: number;
  v1_task_count: number;
  edge_instance_count: number;
}

// Mirrors taskStatus() in tasks/views.ts, so that the filter and the shown status agree.
const TASK_STATUS_SQL = `CASE
    WHEN bool_or(s.status IN ('queued', 'running')) THEN 'running'
    WHEN bool_or(s.status = 'failed') THEN 'failed'
    WHEN bool_and(s.status = 'completed') THEN 'completed'
    ELSE 'pending' END`;

export class AdminService {
  constructor(private readonly deps: AdminServiceDeps) {}

  /** Users by id (oldest first), with their task counts and last login. */
  async listUsers(limit: number, cursor?: string): Promise<Page<AdminUser>> {
    const after = decodeCursor('u', cursor);
    const rows = await this.deps.db.query<UserListRow>(
      `SELECT u.id, u.username, u.is_admin, u.created_at, u.disabled_at, u.last_login_at,
              (SELECT count(*) FROM tasks t WHERE t.user_id = u.id)::int AS task_count,
              (SELECT count(*) FROM v1_tasks v WHERE v.user_id = u.id)::int AS v1_task_count,
              (SELECT count(*) FROM edge_instances e WHERE e.user_id = u.id AND e.disabled_at IS NULL)::int
                AS edge_instance_count
         FROM users u WHERE ($1::int IS NULL OR u.id > $1::int) ORDER BY u.id LIMIT $2`,
      [after ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        ...toUser(r),
        taskCount: r.task_count,
        v1TaskCount: r.v1_task_count,
        edgeInstanceCount: r.edge_instance_count,
      })),
      nextCursor: rows.length > limit ? encodeCursor('u', page[page.length - 1]!.id) : null,
    };
  }

  async getUser(userId: number): Promise<UserRecord> {
    const user = await this.deps.auth.getUser(userId);
    if (!user) throw notFound('No such user');
    return user;
  }

  /** The account by id or by name (the CLI takes either). */
  async findUser(idOrName: string): Promise<UserRecord> {
    const id = canonicalId(idOrName);
    const user =
      (id !== undefined ? await this.deps.auth.getUser(id) : undefined) ??
      (await this.deps.auth.findByUsername(idOrName));
    if (!user) throw notFound(`No user "${idOrName}"`);
    return user;
  }

  /** 409 when an admin would lock themselves out (`actorId`: the admin calling, if any). */
  async disable(userId: number, actorId?: number): Promise<UserRecord> {
    if (userId === actorId) throw selfLockout('disable');
    return this.deps.auth.setDisabled(userId, true);
  }

  enable(userId: number): Promise<UserRecord> {
    return this.deps.auth.setDisabled(userId, false);
  }

  async setAdmin(userId: number, isAdmin: boolean, actorId?: number): Promise<UserRecord> {
    if (userId === actorId && !isAdmin) throw selfLockout('demote');
    return this.deps.auth.setAdmin(userId, isAdmin);
  }

  setPassword(userId: number, password: string): Promise<UserRecord> {
    return this.deps.auth.setPassword(userId, password);
  }

  /**
   * Deletes the account and everything it owns: storybook tasks (rows, jobs, folders), v1 tasks and
   * the v1 file space (`SHARED_MEDIA_DIR/users/{id}`), notifications, edge instances and refresh
   * tokens. Disabled first, so every server refuses the account before anything is removed.
   */
  async deleteUser(userId: number, actorId?: number): Promise<{ deleted: true; tasks: number }> {
    if (userId === actorId) throw selfLockout('delete');
    await this.deps.auth.setDisabled(userId, true);
    const { tasks } = this.deps;
    const { taskIds, jobIds } = await tasks.transaction(async (tx) => {
      const owned = await tx.query<{ id: number }>('SELECT id FROM tasks WHERE user_id = $1', [userId]);
      const active = await tx.query<{ job_id: string }>(
        `SELECT s.job_id FROM task_segments s JOIN tasks t ON t.id = s.task_id
          WHERE t.user_id = $1 AND s.status IN ('queued', 'running') AND s.job_id IS NOT NULL`,
        [userId],
      );
      const v1Active = await tx.query<{ id: number }>(
        `SELECT id FROM v1_tasks WHERE user_id = $1 AND status IN ('PENDING', 'RUNNING')`,
        [userId],
      );
      // Through the repository, so every server's cached snapshots of these tasks are dropped.
      for (const t of owned) await tasks.delete(tx, t.id);
      if (!(await this.deps.auth.deleteUserRow(tx, userId))) throw notFound('No such user');
      return {
        taskIds: owned.map((t) => t.id),
        jobIds: [...active.map((a) => a.job_id), ...v1Active.map((v) => v1JobId(v.id))],
      };
    });
    // Rows first (gone for every reader), then jobs stopped, then files: a run aborting right now
    // finds its task gone and writes nothing more.
    for (const jobId of jobIds) await this.deps.stopJob?.(jobId);
    for (const id of taskIds) await this.deps.folders.of(id).remove();
    await new UserSpace(this.deps.sharedMediaRoot, userId, this.deps.store).remove();
    await this.deps.auth.accountDeleted(userId);
    return { deleted: true, tasks: taskIds.length };
  }

  /** Every user's storybook tasks, newest first; optionally one user's, or those with one status. */
  async listTasks(
    filter: { userId?: number; status?: TaskStatus },
    limit: number,
    cursor?: string,
  ): Promise<Page<AdminTask>> {
    const before = decodeCursor('t', cursor);
    const rows = await this.deps.db.query<TaskRow & { username: string }>(
      `SELECT t.*, u.username FROM tasks t JOIN users u ON u.id = t.user_id
        WHERE ($1::int IS NULL OR t.id < $1::int) AND ($2::int IS NULL OR t.user_id = $2::int)
          AND ($3::text IS NULL OR (SELECT ${TASK_STATUS_SQL} FROM task_segments s WHERE s.task_id = t.id) = $3::text)
        ORDER BY t.id DESC LIMIT $4`,
      [before ?? null, filter.userId ?? null, filter.status ?? null, limit + 1],
    );
    const page = rows.slice(0, limit);
    const segments = await this.deps.tasks.segmentsOfTasks(page.map((t) => t.id));
    const byTask = new Map<number, SegmentRow[]>();
    for (const s of segments) byTask.set(s.task_id, [...(byTask.get(s.task_id) ?? []), s]);
    return {
      items: page.map((t) => ({
        ...taskView(t, byTask.get(t.id) ?? []),
        user_id: t.user_id,
        username: t.username,
      })),
      nextCursor: rows.length > limit ? encodeCursor('t', page[page.length - 1]!.id) : null,
    };
  }

  /** A user's edge instances (404 for an unknown user). */
  async listInstances(userId: number): Promise<EdgeInstance[]> {
    await this.getUser(userId);
    return this.deps.auth.listInstances(userId);
  }

  /** Any user's edge instance: its key stops working at once. */
  disableInstance(instanceId: string): Promise<EdgeInstance> {
    return this.deps.auth.disableInstance(null, instanceId);
  }
}

function selfLockout(action: string): AppError {
  return new AppError('conflict', 409, `An admin cannot ${action} their own account; ask another admin`);
}
