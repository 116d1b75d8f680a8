// Per-user limits of a shared server: bytes stored (task folders + v1 file space, USER_QUOTA_BYTES)
// and tasks running at once (storybook tasks with a segment queued or running + v1 tasks not yet
// ended, USER_MAX_RUNNING). Checked before work is accepted, so a refusal leaves nothing behind.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database, Queryable } from '../db/database.js';
import { AppError } from '../errors.js';
import type { StoreMirror } from '../storage/mirror.js';
import type { TaskFolders } from '../storage/task-folder.js';
import { UserSpace } from '../storage/user-space.js';

export interface QuotaLimits {
  /** Unset = no limit. */
  maxBytes?: number;
  maxRunning?: number;
}

export interface UserQuotaDeps {
  db: Database;
  folders: TaskFolders;
  /** The object store, when files live there (STORAGE_URL). */
  store?: StoreMirror;
  sharedMediaRoot: string;
  limits: QuotaLimits;
}

/** Bytes of the regular files under `dir` (0 when it does not exist); symlinks are not followed. */
async function bytesUnder(dir: string): Promise<number> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let total = 0;
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) total += await bytesUnder(path);
    else if (e.isFile()) total += (await stat(path).catch(() => null))?.size ?? 0;
  }
  return total;
}

export class UserQuota {
  constructor(private readonly deps: UserQuotaDeps) {}

  get limits(): QuotaLimits {
    return this.deps.limits;
  }

  /** What the user stores now: every task folder of theirs and their v1 file space. */
  async storedBytes(userId: number, q: Queryable = this.deps.db): Promise<number> {
    const rows = await q.query<{ id: number }>('SELECT id FROM tasks WHERE user_id = $1', [userId]);
    // With an object store the local folders are partial working copies: the store counts.
    const space = new UserSpace(this.deps.sharedMediaRoot, userId, this.deps.store);
    let total = (await space.storedBytes()) ?? (await bytesUnder(space.root));
    for (const { id } of rows) {
      const folder = this.deps.folders.of(id);
      total += (await folder.storedBytes()) ?? (await bytesUnder(folder.dir));
    }
    return total;
  }

  /**
   * Refuses when storing `incoming` more bytes would pass USER_QUOTA_BYTES (`incoming` 0: when the
   * quota is already used up). 413 for an upload, 409 for work that would write files.
   */
  async assertRoom(
    userId: number,
    incoming = 0,
    status: 409 | 413 = 409,
    /** The open transaction, when there is one (PGlite runs one statement stream: no second query meanwhile). */
    q: Queryable = this.deps.db,
  ): Promise<void> {
    const max = this.deps.limits.maxBytes;
    if (max === undefined) return;
    const used = await this.storedBytes(userId, q);
    if (incoming > 0 ? used + incoming <= max : used < max) return;
    throw new AppError(
      'quota_exceeded',
      status,
      `storage quota exceeded: ${used} of ${max} bytes used (USER_QUOTA_BYTES)${incoming > 0 ? `, ${incoming} more asked for` : ''}; delete tasks or files to make room`,
    );
  }

  /** An upload already stored: removed again (by `undo`) with a 413 when it took the user past the quota. */
  async keepOrUndo(userId: number, undo: () => Promise<void>): Promise<void> {
    const max = this.deps.limits.maxBytes;
    if (max === undefined) return;
    const used = await this.storedBytes(userId);
    if (used <= max) return;
    await undo();
    throw new AppError(
      'quota_exceeded',
      413,
      `storage quota exceeded: this file would bring you to ${used} of ${max} bytes (USER_QUOTA_BYTES); it was not kept`,
    );
  }

  /**
   * Inside the transaction that queues work for `userId`: refuses when they already have
   * USER_MAX_RUNNING tasks running (not counting `except`, the task being queued again). The user's
   * row is locked, so two requests at once cannot both pass.
   */
  async assertCanRun(
    tx: Queryable,
    userId: number,
    except?: { taskId?: number; v1TaskId?: number },
  ): Promise<void> {
    const max = this.deps.limits.maxRunning;
    if (max === undefined) return;
    await tx.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [userId]);
    const [row] = await tx.query<{ n: number }>(
      `SELECT (SELECT count(DISTINCT t.id) FROM tasks t JOIN task_segments s ON s.task_id = t.id
                WHERE t.user_id = $1 AND s.status IN ('queued', 'running') AND t.id <> $2)
            + (SELECT count(*) FROM v1_tasks WHERE user_id = $1 AND status IN ('PENDING', 'RUNNING') AND id <> $3)
              AS n`,
      [userId, except?.taskId ?? 0, except?.v1TaskId ?? 0],
    );
    const running = Number(row?.n ?? 0);
    if (running >= max) {
      throw new AppError(
        'too_many_running',
        429,
        `${running} of your tasks are already running (USER_MAX_RUNNING = ${max}); wait for one to finish or cancel one`,
      );
    }
  }
}
