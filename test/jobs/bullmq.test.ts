// The BullMQ queue and worker against the real Redis: the in-process queue's behaviours where they
// apply, plus cancel from another process's queue object, shutdown hand-back and stalled-job recovery.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import {
  type BullWorkerOptions,
  createBullQueue,
  createBullWorker,
  QUEUE_NAME,
} from '../../src/jobs/bullmq.js';
import {
  type JobContext,
  type JobFailure,
  type JobQueue,
  PermanentJobError,
  type SegmentJob,
} from '../../src/jobs/types.js';
import { startPrivateRedis } from '../events/redis-server.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const cleanups: (() => Promise<unknown>)[] = [];

afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

function newPrefix(): string {
  const prefix = `test-bull-${randomUUID().slice(0, 8)}`;
  cleanups.unshift(async () => {
    // Runs last: drop every key the test left under its prefix.
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });
  return prefix;
}

function queueFor(prefix: string, backoffMs = 20): JobQueue {
  const q = createBullQueue({ redisUrl: REDIS_URL, prefix, backoffMs });
  cleanups.push(() => q.close());
  return q;
}

type SegmentFn = (p: SegmentJob, ctx: JobContext) => Promise<void>;

async function workerFor(prefix: string, run: SegmentFn, extra: Partial<BullWorkerOptions> = {}) {
  const w = createBullWorker({
    redisUrl: REDIS_URL,
    prefix,
    concurrency: 1,
    handlers: { 'run-segment': run, 'run-v1-task': async () => {}, 'render-chunk': async () => {} },
    ...extra,
  });
  cleanups.push(() => w.close(200));
  await w.ready();
  return w;
}

const seg = (segmentId: number): SegmentJob => ({ taskId: 1, segmentId, userId: 1 });

async function until(check: () => boolean, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(10);
  }
}

async function untilResolves(fn: () => Promise<unknown>, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      await fn();
      return;
    } catch (err) {
      if (Date.now() > end) throw err;
      await sleep(50);
    }
  }
}

const blockUntilAborted = (ctx: JobContext) =>
  new Promise<void>((_resolve, reject) => {
    ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason));
  });

describe('BullMQ queue and worker', () => {
  it('claim takes a waiting job off the queue for its caller, but never one a worker runs', async () => {
    const prefix = newPrefix();
    const queue = queueFor(prefix);
    let release!: () => void;
    const ran: number[] = [];
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await queue.enqueue('run-segment', seg(2), { jobId: 'seg-1-2' });
    await workerFor(prefix, async (p) => {
      ran.push(p.segmentId);
      if (p.segmentId === 1) await new Promise<void>((r) => (release = r));
    });
    await until(() => ran.length === 1);
    expect(await queue.claim('seg-1-1')).toBe(false);
    expect(await queue.claim('seg-1-2')).toBe(true);
    expect(await queue.state('seg-1-2')).toBe('missing');
    expect(await queue.claim('seg-1-2')).toBe(false);
    release();
    await sleep(300);
    expect(ran).toEqual([1]);
  });

  it('runs jobs FIFO and never more at once than the concurrency', async () => {
    const prefix = newPrefix();
    const queue = queueFor(prefix);
    for (let i = 1; i <= 5; i++) await queue.enqueue('run-segment', seg(i), { jobId: `seg-1-${i}` });
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    await workerFor(
      prefix,
      async (p) => {
        started.push(p.segmentId);
        active++;
        peak = Math.max(peak, active);
        await sleep(40);
        active--;
      },
      { concurrency: 2 },
    );
    await until(() => started.length === 5 && active === 0);
    expect(peak).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
  });

  it('adds a job id only once while it is waiting, and again after it finished', async () => {
    const prefix = newPrefix();
    const queue = queueFor(prefix);
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    const runs: number[] = [];
    await workerFor(prefix, async (p) => {
      runs.push(p.segmentId);
    });
    await until(() => runs.length === 1);
    await sleep(100);
    expect(runs).toHaveLength(1);
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await until(() => runs.length === 2);
  });

  it('rejects a bad payload at enqueue, and fails a bad one found in Redis without retrying', async () => {
    const prefix = newPrefix();
    const queue = queueFor(prefix);
    const err = await queue
      .enqueue('run-segment', { taskId: 1, segmentId: 0, userId: 1 }, { jobId: 'seg-1-0' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toContain('payload.segmentId');

    // Written straight into Redis by something that skipped the check (an older version, say).
    const raw = new Queue(QUEUE_NAME, { connection: { url: REDIS_URL }, prefix });
    cleanups.push(() => raw.close());
    await raw.add('run-segment', { taskId: 'x' }, { jobId: 'bad-1', attempts: 3 });
    const failures: JobFailure[] = [];
    let runs = 0;
    await workerFor(
      prefix,
      async () => {
        runs++;
      },
      { onFailed: (f) => void failures.push(f) },
    );
    await until(() => failures.length === 1);
    expect(runs).toBe(0);
    expect(failures[0]!.error.message).toContain('payload.taskId');
    expect(failures[0]!.attempt).toBe(1);
  });

  it('retries a thrown error with backoff and then succeeds; does not retry a PermanentJobError', async () => {
    const prefix = newPrefix();
    const queue = queueFor(prefix);
    const attempts: Record<number, number[]> = { 1: [], 2: [] };
    const failures: JobFailure[] = [];
    await workerFor(
      prefix,
      async (p, ctx) => {
        attempts[p.segmentId]!.push(ctx.attempt);
        expect(ctx.maxAttempts).toBe(3);
        if (p.segmentId === 2) throw new PermanentJobError('script is invalid');
        if (ctx.attempt < 3) throw new Error('flaky provider');
      },
      { onFailed: (f) => void failures.push(f) },
    );
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await queue.enqueue('run-segment', seg(2), { jobId: 'seg-1-2' });
    await until(() => attempts[1]!.length === 3 && failures.length === 1);
    await sleep(150);
    expect(attempts[1]).toEqual([1, 2, 3]);
    expect(attempts[2]).toEqual([1]);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ jobId: 'seg-1-2', cancelled: false });
    expect(failures[0]!.error.message).toBe('script is invalid');
  });

  it('cancel removes a waiting job', async () => {
    const prefix = newPrefix();
    const queue = queueFor(prefix);
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await queue.enqueue('run-segment', seg(2), { jobId: 'seg-1-2' });
    await queue.cancel('seg-1-1');
    await queue.cancel('no-such-job');
    const runs: number[] = [];
    await workerFor(prefix, async (p) => {
      runs.push(p.segmentId);
    });
    await until(() => runs.length === 1);
    await sleep(100);
    expect(runs).toEqual([2]);
  });

  it("aborts an active job when another process's queue object cancels it, and does not retry it", async () => {
    const prefix = newPrefix();
    const serverA = queueFor(prefix);
    const serverB = queueFor(prefix); // another API node: its own connections
    const failures: JobFailure[] = [];
    let runs = 0;
    await workerFor(
      prefix,
      async (_p, ctx) => {
        runs++;
        await blockUntilAborted(ctx);
      },
      { onFailed: (f) => void failures.push(f) },
    );
    await serverA.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await until(() => runs === 1);
    await serverB.cancel('seg-1-1');
    await until(() => failures.length === 1);
    await sleep(150);
    expect(runs).toBe(1);
    expect(failures[0]!.cancelled).toBe(true);
    // The id is free again: executing the segment anew works.
    await serverA.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await until(() => runs === 2);
  });

  it('close waits for the running job; after the grace period it hands the job back to the queue', async () => {
    const prefix = newPrefix();
    const queue = queueFor(prefix);
    const done: string[] = [];
    let started = 0;
    const first = await workerFor(prefix, async (p) => {
      started++;
      await sleep(150);
      done.push(`first-${p.segmentId}`);
    });
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await until(() => started === 1);
    await Promise.all([first.close(5000), first.close(5000)]);
    expect(done).toEqual(['first-1']);

    // A job that outlives the grace period is aborted and returned, then finished by another worker.
    const attempts: string[] = [];
    const slow = await workerFor(prefix, async (_p, ctx) => {
      attempts.push(`slow-${ctx.attempt}`);
      await blockUntilAborted(ctx);
    });
    await queue.enqueue('run-segment', seg(2), { jobId: 'seg-1-2' });
    await until(() => attempts.length === 1);
    await slow.close(100);
    await workerFor(prefix, async (p, ctx) => {
      attempts.push(`next-${ctx.attempt}`);
      done.push(`next-${p.segmentId}`);
    });
    await until(() => done.includes('next-2'));
    expect(attempts).toEqual(['slow-1', 'next-1']);
  });

  it('recovers the job of a worker SIGKILLed mid-job (stalled job) on another worker', async () => {
    const prefix = newPrefix();
    const queue = queueFor(prefix);
    await queue.enqueue('run-segment', seg(3), { jobId: 'seg-9-3' });
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./fixtures/worker-child.ts', import.meta.url))],
      {
        env: {
          ...process.env,
          REDIS_URL,
          QUEUE_PREFIX: prefix,
          QUEUE_LOCK_DURATION_MS: '1000',
          QUEUE_STALLED_INTERVAL_MS: '500',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = once(child, 'exit');
    cleanups.push(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await until(() => out.includes('started seg-9-3'), 20_000);
    child.kill('SIGKILL');
    await exited;

    const t0 = Date.now();
    const seen: { segmentId: number; attempt: number }[] = [];
    await workerFor(
      prefix,
      async (p, ctx) => {
        seen.push({ segmentId: p.segmentId, attempt: ctx.attempt });
      },
      { lockDurationMs: 1000, stalledIntervalMs: 500 },
    );
    await until(() => seen.length === 1, 10_000);
    expect(seen[0]!.segmentId).toBe(3);
    expect(Date.now() - t0).toBeLessThan(8000);
  });
});

describe('BullMQ across a Redis restart', () => {
  it('keeps the worker and queue usable after their Redis is killed and restarted', async () => {
    const redis = await startPrivateRedis();
    cleanups.push(() => redis.stop());
    const errors: string[] = [];
    const queue = createBullQueue({ redisUrl: redis.url, prefix: 'restart' });
    cleanups.push(() => queue.close());
    const worker = createBullWorker({
      redisUrl: redis.url,
      prefix: 'restart',
      concurrency: 1,
      handlers: {
        'run-segment': async (p) => void ran.push(p.segmentId),
        'run-v1-task': async () => {},
        'render-chunk': async () => {},
      },
      onError: (e) => void errors.push(e.message),
    });
    cleanups.push(() => worker.close(200));
    const ran: number[] = [];
    await worker.ready();
    await queue.enqueue('run-segment', seg(1), { jobId: 'seg-1-1' });
    await until(() => ran.length === 1);

    await redis.kill();
    await expect(queue.ping()).rejects.toThrow();
    await redis.start(); // empty: no persistence, like a fresh Redis
    await untilResolves(() => queue.ping());
    await queue.enqueue('run-segment', seg(2), { jobId: 'seg-1-2' });
    await until(() => ran.length === 2, 15_000);
    expect(ran).toEqual([1, 2]);
  });
});
