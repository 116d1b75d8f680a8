// The scaled-mode snapshot cache of TaskRepository against real PostgreSQL and Redis: a server's
// cached progress follows writes made by another process (a worker, another server) at once.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RedisBus } from '../../src/events/redis.js';
import { TaskRepository, type TaskSnapshot } from '../../src/tasks/repository.js';
import { type PrivateRedis, startPrivateRedis } from '../events/redis-server.js';
import { createPostgresTestDb, type TestDatabase } from '../helpers/db.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Long enough that only an announcement, never expiry, can explain a fresh answer. */
const TTL_MS = 60_000;

describe('scaled-mode task snapshot cache', () => {
  let testDb: TestDatabase;
  let userId: number;
  const cleanups: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    testDb = await createPostgresTestDb();
    const [u] = await testDb.db.query<{ id: number }>(
      `INSERT INTO users (username, password_hash) VALUES ($1, 'x') RETURNING id`,
      [`cache${randomBytes(3).toString('hex')}`],
    );
    userId = u!.id;
  });
  afterEach(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  /** A server's repository (listening) and a worker's (announcing only), each with its own bus. */
  async function processes(redisUrl = REDIS_URL) {
    const prefix = `sa-cache-${randomBytes(4).toString('hex')}`;
    const serverBus = new RedisBus(redisUrl, { channelPrefix: prefix, maxRetriesPerRequest: 0 });
    const workerBus = new RedisBus(redisUrl, { channelPrefix: prefix, maxRetriesPerRequest: 0 });
    cleanups.push(
      () => serverBus.close(),
      () => workerBus.close(),
    );
    const server = new TaskRepository(testDb.db, { changes: serverBus, snapshotTtlMs: TTL_MS });
    const worker = new TaskRepository(testDb.db, { changes: workerBus, snapshotTtlMs: TTL_MS });
    const { task } = await worker.create({
      userId,
      topic: 'cache',
      mainRole: '',
      scene: '',
      language: 'en',
      pages: 2,
      aspect: '16:9',
      seed: 1,
      options: {},
    });
    await server.snapshotOwned(task.id, userId); // starts listening
    await serverBus.ready();
    return { server, worker, serverBus, taskId: task.id };
  }

  const segment = (snap: TaskSnapshot | undefined, id: number) =>
    snap?.segments.find((s) => s.segment_id === id);

  /** Polls the server's view until `pred` holds; the caller bounds the time far below the TTL. */
  async function seen(repo: TaskRepository, taskId: number, pred: (s: TaskSnapshot | undefined) => boolean) {
    const until = Date.now() + 5000;
    for (;;) {
      const snap = await repo.snapshotOwned(taskId, userId);
      if (pred(snap)) return snap;
      if (Date.now() > until) throw new Error(`not seen; last ${JSON.stringify(snap?.segments)}`);
      await sleep(5);
    }
  }

  it('answers from memory: an unannounced write is not seen (so the tests below prove invalidation)', async () => {
    const { server, taskId } = await processes();
    await server.snapshotOwned(taskId, userId);
    await testDb.db.query('UPDATE task_segments SET progress = 42 WHERE task_id = $1 AND segment_id = 1', [
      taskId,
    ]);
    expect(segment(await server.snapshotOwned(taskId, userId), 1)?.progress).toBe(0);
  });

  it("sees another process's queue, start, progress, finish and delete as soon as they are announced", async () => {
    const { server, worker, taskId } = await processes();
    const started = Date.now();
    expect(segment(await server.snapshotOwned(taskId, userId), 1)?.status).toBe('pending');
    expect(segment(await server.snapshotOwned(taskId, userId), 1)?.status).toBe('pending'); // cached

    // Another server executes segment 1: queued, and no user notification says so.
    const jobId = await worker.transaction((tx) => worker.queueSegment(tx, taskId, 1));
    await seen(server, taskId, (s) => segment(s, 1)?.status === 'queued');
    // The worker starts it: running, again without a user notification.
    expect(await worker.startRun(taskId, 1, jobId!)).toEqual({ page_run: null });
    await seen(server, taskId, (s) => segment(s, 1)?.status === 'running');
    await worker.setProgress(taskId, 1, jobId!, 60);
    await seen(server, taskId, (s) => segment(s, 1)?.progress === 60);
    await worker.addUsage(taskId, { story: { inputTokens: 5, outputTokens: 7 } });
    await seen(server, taskId, (s) => s?.task.usage !== null);
    await worker.finishRun(taskId, 1, jobId!, { status: 'completed', resources: ['script_data.json'] });
    const done = await seen(server, taskId, (s) => segment(s, 1)?.status === 'completed');
    expect(segment(done, 1)?.resources).toEqual(['script_data.json']);
    await worker.transaction((tx) => worker.delete(tx, taskId));
    await seen(server, taskId, (s) => s === undefined);
    // Every change was seen long before an entry could have expired.
    expect(Date.now() - started).toBeLessThan(TTL_MS / 2);
  });

  it('serves nothing from memory while Redis is away, and forgets what it had once it is back', async () => {
    const redis: PrivateRedis = await startPrivateRedis();
    cleanups.push(() => redis.stop());
    const { server, serverBus, taskId } = await processes(redis.url);
    await server.snapshotOwned(taskId, userId);
    await redis.kill();
    while (serverBus.receivingTaskChanges) await sleep(10);
    // Announcements may be lost now: every read goes to the database.
    await testDb.db.query('UPDATE task_segments SET progress = 7 WHERE task_id = $1 AND segment_id = 1', [
      taskId,
    ]);
    expect(segment(await server.snapshotOwned(taskId, userId), 1)?.progress).toBe(7);
    await redis.start();
    await serverBus.ready();
    await testDb.db.query('UPDATE task_segments SET progress = 8 WHERE task_id = $1 AND segment_id = 1', [
      taskId,
    ]);
    expect(segment(await server.snapshotOwned(taskId, userId), 1)?.progress).toBe(8);
  });
});
