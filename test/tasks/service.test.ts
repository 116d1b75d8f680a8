// TaskService against real databases (PGlite and PostgreSQL) and a real BullMQ queue on Redis with
// no worker attached, so queued jobs stay queued: the check-and-set, execute-all chains, cancel and
// delete are observed without timing luck.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { InProcessBus } from '../../src/events/memory.js';
import type { PublishedNotification } from '../../src/events/types.js';
import { createBullQueue } from '../../src/jobs/bullmq.js';
import type { JobQueue } from '../../src/jobs/types.js';
import { NotificationRepository } from '../../src/tasks/repository.js';
import type { TaskService } from '../../src/tasks/service.js';
import { NewTaskBodySchema } from '../../src/tasks/views.js';
import { DB_KINDS, type TestDatabase } from '../helpers/db.js';
import { taskServices } from '../helpers/tasks.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe.each(DB_KINDS)('TaskService on %s with a BullMQ queue and no worker', (_kind, createDb) => {
  let testDb: TestDatabase;
  let queue: JobQueue;
  let inspect: Queue;
  let prefix: string;
  let storageRoot: string;
  let service: TaskService;
  const published: Array<[number, PublishedNotification]> = [];
  let userId: number;
  let otherId: number;

  beforeAll(async () => {
    testDb = await createDb();
    prefix = `sa-svc-${randomBytes(4).toString('hex')}`;
    queue = createBullQueue({ redisUrl: REDIS_URL, prefix });
    inspect = new Queue('jobs', { connection: { url: REDIS_URL }, prefix });
    storageRoot = join(await mkdtemp(join(tmpdir(), 'sa-svc-')), 'generated_stories');
    const bus = new InProcessBus();
    bus.onMessage((uid, json) => published.push([uid, JSON.parse(json)]));
    service = taskServices({ db: testDb.db, queue, storageRoot, bus }).service;
    const rows = await testDb.db.query<{ id: number }>(
      `INSERT INTO users (username, password_hash) VALUES ($1, 'x'), ($2, 'x') RETURNING id`,
      [`svc${prefix}`, `other${prefix}`],
    );
    userId = rows[0]!.id;
    otherId = rows[1]!.id;
  });
  afterAll(async () => {
    await inspect?.obliterate({ force: true }).catch(() => {});
    await inspect?.close();
    await queue?.close();
    await testDb?.drop();
    await rm(join(storageRoot, '..'), { recursive: true, force: true });
  });

  const newTask = async () =>
    (await service.create(userId, NewTaskBodySchema.parse({ topic: '小猫钓鱼', pages: 2 }))).task_id;
  const statusOf = async (taskId: number) =>
    (await service.progress(userId, taskId)).segments.map((s) => s.status);

  it('lets exactly one of many concurrent executes of a segment through', async () => {
    const taskId = await newTask();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => service.execute(userId, taskId, 1)),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(ok).toHaveLength(1);
    expect(refused.every((r) => r.reason instanceof AppError && r.reason.status === 409)).toBe(true);
    expect((await inspect.getJob(`task-${taskId}-seg-1-run-1`))?.data).toEqual({
      taskId,
      segmentId: 1,
      userId,
    });
    expect(await statusOf(taskId)).toEqual(['queued', 'pending', 'pending', 'pending', 'pending']);
  });

  it('execute-all queues the remaining segments but enqueues only the first; cancel stops them all', async () => {
    const taskId = await newTask();
    const all = await service.executeAll(userId, taskId);
    expect(all.queued.map((q) => q.segment_id)).toEqual([1, 2, 3, 4, 5]);
    expect(await statusOf(taskId)).toEqual(Array(5).fill('queued'));
    expect(await inspect.getJob(all.queued[0]!.job_id)).toBeTruthy();
    expect(await inspect.getJob(all.queued[1]!.job_id)).toBeUndefined();
    await expect(service.executeAll(userId, taskId)).rejects.toMatchObject({ status: 409 });
    await expect(service.execute(userId, taskId, 1)).rejects.toMatchObject({ status: 409 });

    const before = published.length;
    const cancelled = await service.cancel(userId, taskId);
    expect(cancelled.cancelled).toEqual([1, 2, 3, 4, 5]);
    expect(await statusOf(taskId)).toEqual(Array(5).fill('cancelled'));
    expect(await inspect.getJob(all.queued[0]!.job_id)).toBeUndefined();
    const sent = published.slice(before).map(([uid, m]) => [uid, m.type, m.status]);
    expect(sent).toEqual(Array(5).fill([userId, 'segment_failed', 'cancelled']));
    // Stored too, for ?after=ID.
    const stored = await new NotificationRepository(testDb.db).listAfter(userId, 0, 100);
    expect(stored.filter((n) => n.payload.task_id === taskId)).toHaveLength(5);
  });

  it('answers 404 for another user’s task and leaves it alone', async () => {
    const taskId = await newTask();
    for (const call of [
      () => service.progress(otherId, taskId),
      () => service.execute(otherId, taskId, 1),
      () => service.executeAll(otherId, taskId),
      () => service.cancel(otherId, taskId),
      () => service.delete(otherId, taskId),
      () => service.ownedFile(otherId, `generated_stories/${taskId}/script_data.json`),
    ]) {
      await expect(call()).rejects.toMatchObject({ status: 404 });
    }
    expect(await statusOf(taskId)).toEqual(Array(5).fill('pending'));
  });

  it('deletes a task with queued work: job removed, folder removed, rows gone', async () => {
    const taskId = await newTask();
    const { job_id } = await service.execute(userId, taskId, 1);
    await mkdir(join(storageRoot, String(taskId)), { recursive: true });
    await writeFile(join(storageRoot, String(taskId), 'script_data.json'), '{}');
    expect(await service.delete(userId, taskId)).toEqual({ deleted: true, task_id: taskId });
    expect(await inspect.getJob(job_id)).toBeUndefined();
    expect(existsSync(join(storageRoot, String(taskId)))).toBe(false);
    await expect(service.progress(userId, taskId)).rejects.toMatchObject({ status: 404 });
    const rows = await testDb.db.query('SELECT 1 FROM task_segments WHERE task_id = $1', [taskId]);
    expect(rows).toEqual([]);
  });

  it('paginates with an opaque cursor, newest first', async () => {
    const ids = [await newTask(), await newTask(), await newTask()];
    const page1 = await service.list(userId, 2);
    expect(page1.task_ids).toEqual([ids[2], ids[1]]);
    const page2 = await service.list(userId, 2, page1.next_cursor!);
    expect(page2.task_ids[0]).toBe(ids[0]);
    await expect(service.list(userId, 2, 'garbage')).rejects.toMatchObject({ status: 400 });
  });
});

describe('TaskService when the queue is down', () => {
  it('answers 503, records the segment failed (retryable) and stores a notification', async () => {
    const testDb = await DB_KINDS[0][1]();
    // Nothing listens on this port: every enqueue fails.
    const queue = createBullQueue({ redisUrl: 'redis://127.0.0.1:1', prefix: 'sa-down' });
    const notifications = new NotificationRepository(testDb.db);
    const { service } = taskServices({ db: testDb.db, queue, storageRoot: join(tmpdir(), 'sa-unused') });
    try {
      const [user] = await testDb.db.query<{ id: number }>(
        `INSERT INTO users (username, password_hash) VALUES ('down', 'x') RETURNING id`,
      );
      const task = await service.create(user!.id, NewTaskBodySchema.parse({ topic: 't' }));
      await expect(service.execute(user!.id, task.task_id, 1)).rejects.toMatchObject({
        status: 503,
        code: 'unavailable',
      });
      const p = await service.progress(user!.id, task.task_id);
      expect(p.segments[0]).toMatchObject({
        status: 'failed',
        error: 'could not queue the job; execute again',
      });
      const stored = await notifications.listAfter(user!.id, 0, 10);
      expect(stored.map((n) => n.payload.type)).toEqual(['segment_failed']);
    } finally {
      await queue.close();
      await testDb.drop();
    }
  });
});

describe.each(DB_KINDS)('stored notifications on %s', (_kind, createDb) => {
  it('are listed per user after an id, oldest first, and pruned after the retention window', async () => {
    const testDb = await createDb();
    try {
      const repo = new NotificationRepository(testDb.db);
      const users = await testDb.db.query<{ id: number }>(
        `INSERT INTO users (username, password_hash) VALUES ('n1', 'x'), ('n2', 'x') RETURNING id`,
      );
      const [a, b] = [users[0]!.id, users[1]!.id];
      const old = await repo.insert(a, { type: 'segment_failed', task_id: 1 });
      const mid = await repo.insert(b, { type: 'segment_failed', task_id: 2 });
      const recent = await repo.insert(a, { type: 'segment_finished', task_id: 1 });
      await testDb.db.query(
        `UPDATE notifications SET created_at = now() - interval '31 days' WHERE id = $1`,
        [old.id],
      );
      expect((await repo.listAfter(a, 0, 10)).map((n) => n.id)).toEqual([old.id, recent.id]);
      expect((await repo.listAfter(a, old.id, 10)).map((n) => n.id)).toEqual([recent.id]);
      expect(await repo.prune(30)).toBe(1);
      expect((await repo.listAfter(a, 0, 10)).map((n) => n.id)).toEqual([recent.id]);
      expect((await repo.listAfter(b, 0, 10)).map((n) => n.id)).toEqual([mid.id]);
    } finally {
      await testDb.drop();
    }
  });
});
