// The scaled server's reconciliation sweep, against real PostgreSQL and a real BullMQ queue on Redis
// with no worker attached (jobs stay waiting): a segment whose job Redis lost is failed and reported.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Runtime, startRuntime } from '../../src/runtime.js';
import { INTERRUPTED } from '../../src/tasks/lifecycle.js';
import { NewTaskBodySchema } from '../../src/tasks/views.js';
import { createPostgresTestDb, type TestDatabase } from '../helpers/db.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('reconciliation sweep (scaled server)', () => {
  let testDb: TestDatabase;
  let runtime: Runtime;
  let inspect: Queue;
  let dir: string;
  let userId: number;

  beforeAll(async () => {
    testDb = await createPostgresTestDb();
    dir = await mkdtemp(join(tmpdir(), 'sa-reconcile-'));
    const prefix = `sa-rec-${randomBytes(4).toString('hex')}`;
    runtime = await startRuntime({
      config: loadConfig({
        DATA_DIR: join(dir, 'data'),
        STORAGE_DIR: join(dir, 'generated_stories'),
        JWT_SECRET: 'reconcile-test-secret-0123456789abcdef0123',
        LOG_LEVEL: 'silent',
        DATABASE_URL: testDb.url!,
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        RECONCILE_INTERVAL_MS: '100',
      }),
      role: 'serve',
      reconcileGraceMs: 300,
    });
    inspect = new Queue('jobs', { connection: { url: REDIS_URL }, prefix });
    const [row] = await testDb.db.query<{ id: number }>(
      `INSERT INTO users (username, password_hash) VALUES ($1, 'x') RETURNING id`,
      [`rec${prefix}`],
    );
    userId = row!.id;
  });
  afterAll(async () => {
    await runtime?.close();
    await inspect?.obliterate({ force: true }).catch(() => {});
    await inspect?.close();
    await testDb?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  const newTask = async () =>
    (await runtime.tasks.create(userId, NewTaskBodySchema.parse({ topic: '小猫钓鱼', pages: 2 }))).task_id;
  const segmentsOf = async (taskId: number) => (await runtime.tasks.progress(userId, taskId)).segments;
  const failedNotices = async (taskId: number) =>
    (
      await testDb.db.query<{ payload: Record<string, unknown> }>(
        `SELECT payload FROM notifications WHERE user_id = $1 AND payload->>'task_id' = $2 ORDER BY id`,
        [userId, String(taskId)],
      )
    )
      .map((r) => r.payload)
      .filter((p) => p.type === 'segment_failed');
  /** Waits out several sweeps (interval 100 ms, grace 300 ms) until `check` holds or time runs out. */
  const eventually = async (check: () => Promise<boolean>, ms = 5_000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  };

  it('fails a queued segment whose job Redis lost, stores segment_failed, and lets it run again', async () => {
    const lost = await newTask();
    const kept = await newTask();
    const { job_id: lostJob } = await runtime.tasks.execute(userId, lost, 1);
    const { job_id: keptJob } = await runtime.tasks.execute(userId, kept, 1);
    // Redis restarted without persistence: the job is gone, the database still says queued.
    await (await inspect.getJob(lostJob))!.remove();
    expect(await runtime.queue.state(lostJob)).toBe('missing');
    expect(await runtime.queue.state(keptJob)).toBe('waiting');

    expect(await eventually(async () => (await segmentsOf(lost))[0]!.status === 'failed')).toBe(true);
    expect((await segmentsOf(lost))[0]).toMatchObject({ status: 'failed', error: INTERRUPTED });
    // The notice is stored right after the commit that failed the run (the sweep may still be at it).
    expect(await eventually(async () => (await failedNotices(lost)).length > 0)).toBe(true);
    expect(await failedNotices(lost)).toEqual([
      expect.objectContaining({
        type: 'segment_failed',
        segment_id: 1,
        status: 'failed',
        error: INTERRUPTED,
      }),
    ]);

    // The task whose job still waits went through the same sweeps untouched.
    expect((await segmentsOf(kept))[0]!.status).toBe('queued');
    expect(await failedNotices(kept)).toEqual([]);

    const again = await runtime.tasks.execute(userId, lost, 1);
    expect(again.accepted).toBe(true);
    expect(again.job_id).not.toBe(lostJob);
    expect(await runtime.queue.state(again.job_id)).toBe('waiting');
    expect((await segmentsOf(lost))[0]!.status).toBe('queued');
  });

  it('fails a running segment whose job BullMQ dropped, and releases the chain queued behind it', async () => {
    const taskId = await newTask();
    const { job_id: headJob } = await runtime.tasks.executeAll(userId, taskId);
    // The segments behind the head have no job yet ("execute all" queues each after the previous):
    // the sweeps must leave them alone while the head's job is there.
    await new Promise((r) => setTimeout(r, 600));
    expect((await segmentsOf(taskId)).every((s) => s.status === 'queued')).toBe(true);

    // A worker took it, then BullMQ failed it after too many stalls (removeOnFail drops it).
    await testDb.db.query(
      `UPDATE task_segments SET status = 'running', started_at = now() WHERE task_id = $1 AND segment_id = 1`,
      [taskId],
    );
    await (await inspect.getJob(headJob))!.remove();

    expect(await eventually(async () => (await segmentsOf(taskId))[0]!.status === 'failed')).toBe(true);
    const segments = await segmentsOf(taskId);
    expect(segments[0]).toMatchObject({ status: 'failed', error: INTERRUPTED });
    expect(segments.slice(1).map((s) => s.status)).toEqual(segments.slice(1).map(() => 'pending'));
    expect(await failedNotices(taskId)).toHaveLength(1);
  });
});
