// TASK_RETENTION_DAYS as a user meets it: a task untouched for that long is announced first
// (task_expiring), and only a full notice period later loses its files (task_files_removed, the
// row records it); recent tasks, tasks in use and tasks touched after the notice are left alone.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TaskRetention } from '../../src/tasks/retention.js';
import { NewTaskBodySchema } from '../../src/tasks/views.js';
import { DB_KINDS, type TestDatabase } from '../helpers/db.js';
import { silentLog, taskServices } from '../helpers/tasks.js';

const DAY = 24 * 3600_000;

describe.each(DB_KINDS)('task retention (%s)', (_kind, createDb) => {
  let t: TestDatabase;
  let root: string;
  beforeAll(async () => {
    t = await createDb();
    root = await mkdtemp(join(tmpdir(), 'storyagent-retention-'));
  });
  afterAll(async () => {
    await t.drop();
    await rm(root, { recursive: true, force: true });
  });

  it('tells the owner, then removes exactly the expired tasks after the notice period', async () => {
    const { db } = t;
    const s = taskServices({
      db,
      queue: { enqueue: async () => {}, cancel: async () => {} },
      storageRoot: root,
    });
    const [{ id: userId }] = (await db.query<{ id: number }>(
      `INSERT INTO users (username, password_hash) VALUES ('keeper', 'x') RETURNING id`,
    )) as [{ id: number }];
    const now = Date.now();
    const make = async (ageDays: number) => {
      const task = await s.service.create(userId, NewTaskBodySchema.parse({ topic: 'old story', pages: 1 }));
      const dir = join(root, String(task.task_id));
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'script_data.json'), '{}');
      await db.query('UPDATE tasks SET updated_at = $2 WHERE id = $1', [
        task.task_id,
        new Date(now - ageDays * DAY),
      ]);
      return task.task_id;
    };
    const expired = await make(40);
    const inUse = await make(40);
    const recent = await make(2);
    const touchedAgain = await make(40);
    await db.query(`UPDATE task_segments SET status = 'queued' WHERE task_id = $1 AND segment_id = 1`, [
      inUse,
    ]);

    // The expired task's story was made: afterwards nothing of it may still say so.
    await db.query(
      `UPDATE task_segments SET status = 'completed', progress = 100, resources = '["script_data.json"]'::jsonb
        WHERE task_id = $1 AND segment_id = 1`,
      [expired],
    );
    const retention = new TaskRetention({
      db,
      tasks: s.tasks,
      folders: s.folders,
      notifications: s.notifications,
      log: silentLog,
      days: 30,
      noticeHours: 24,
    });
    const first = await retention.sweep(new Date(now));
    expect(first).toEqual({ noticed: [expired, touchedAgain], removed: [] });
    // Nothing is removed in the pass that gives notice.
    expect(existsSync(join(root, String(expired)))).toBe(true);
    const told = await s.notifications.listAfter(userId, 0, 100);
    expect(told.map((n) => [n.type, (n as { task_id?: number }).task_id])).toEqual([
      ['task_expiring', expired],
      ['task_expiring', touchedAgain],
    ]);

    // The owner opens one of them again: its clock restarts.
    await db.query('UPDATE tasks SET updated_at = $2 WHERE id = $1', [touchedAgain, new Date(now + DAY / 2)]);
    // Before the notice period ends: still nothing removed, and no second notice.
    expect(await retention.sweep(new Date(now + 12 * 3600_000))).toEqual({ noticed: [], removed: [] });

    const second = await retention.sweep(new Date(now + DAY + 60_000));
    expect(second).toEqual({ noticed: [], removed: [expired] });
    expect(existsSync(join(root, String(expired)))).toBe(false);
    for (const kept of [inUse, recent, touchedAgain]) expect(existsSync(join(root, String(kept)))).toBe(true);
    const rows = await db.query<{ id: number; files_removed_at: Date | null }>(
      'SELECT id, files_removed_at FROM tasks WHERE user_id = $1 ORDER BY id',
      [userId],
    );
    expect(rows.filter((r) => r.files_removed_at !== null).map((r) => r.id)).toEqual([expired]);
    const progress = await s.service.progress(userId, expired);
    expect(progress.segments.map((seg) => [seg.status, seg.progress])).toEqual(Array(5).fill(['pending', 0]));
    expect((await s.service.resources(userId, expired, 1)).resources).toEqual([]);
    const last = (await s.notifications.listAfter(userId, 0, 100)).at(-1)!;
    expect([last.type, (last as { task_id?: number }).task_id]).toEqual(['task_files_removed', expired]);

    // Once removed, never again.
    expect((await retention.sweep(new Date(now + 3 * DAY))).removed).toEqual([]);
  }, 60_000);
});
