// The deployment decides the queue and the bus: in-process for the embedded mode, BullMQ and Redis
// pub/sub for the scaled one; a half-configured installation is refused with one line.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { deploymentOf } from '../../src/deployment.js';
import { createBus } from '../../src/events/index.js';
import { InProcessBus } from '../../src/events/memory.js';
import { RedisBus } from '../../src/events/redis.js';
import { createJobs } from '../../src/jobs/index.js';
import type { JobHandlers } from '../../src/jobs/types.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PG_URL = 'postgres://postgres@127.0.0.1:5432/test';

function recorder() {
  const ran: number[] = [];
  const handlers: JobHandlers = {
    'run-segment': async (p) => {
      ran.push(p.segmentId);
    },
    'run-v1-task': async () => {},
    'render-chunk': async () => {},
  };
  return { ran, handlers };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(10);
  }
}

describe('deployment', () => {
  it('without DATABASE_URL and REDIS_URL is embedded: jobs and messages stay in this process', async () => {
    const deployment = deploymentOf(loadConfig({}));
    expect(deployment.mode).toBe('embedded');
    expect(deployment.database.kind).toBe('pglite');
    const { ran, handlers } = recorder();
    const jobs = createJobs(deployment.queue, handlers, { role: 'server', concurrency: 1 });
    await jobs.queue.enqueue('run-segment', { taskId: 1, segmentId: 4, userId: 1 }, { jobId: 'seg-1-4' });
    await until(() => ran.length === 1);
    await jobs.worker!.close();
    await jobs.queue.close();
    expect(() => createJobs(deployment.queue, handlers, { role: 'worker', concurrency: 1 })).toThrow(
      /REDIS_URL/,
    );
    expect(createBus(deployment.bus)).toBeInstanceOf(InProcessBus);
  });

  it.each([
    [
      'DATABASE_URL without REDIS_URL',
      { DATABASE_URL: PG_URL },
      /^DATABASE_URL is set but REDIS_URL is not: set REDIS_URL/,
    ],
    [
      'REDIS_URL without DATABASE_URL',
      { REDIS_URL },
      /^REDIS_URL is set but DATABASE_URL is not: set DATABASE_URL/,
    ],
  ])('refuses %s with one line saying what to set', (_name, env, message) => {
    let error: unknown;
    try {
      deploymentOf(loadConfig(env));
    } catch (err) {
      error = err;
    }
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('with both is scaled: the server only enqueues, the worker process runs the jobs, Redis carries messages', async () => {
    const prefix = `test-factory-${randomUUID().slice(0, 8)}`;
    const deployment = deploymentOf(loadConfig({ DATABASE_URL: PG_URL, REDIS_URL, QUEUE_PREFIX: prefix }));
    expect(deployment.mode).toBe('scaled');
    const { ran, handlers } = recorder();
    const server = createJobs(deployment.queue, handlers, { role: 'server', concurrency: 1 });
    expect(server.worker).toBeUndefined();
    const worker = createJobs(deployment.queue, handlers, { role: 'worker', concurrency: 1 });
    try {
      await server.queue.ping();
      await server.queue.enqueue('run-segment', { taskId: 1, segmentId: 5, userId: 1 }, { jobId: 'seg-1-5' });
      await until(() => ran.length === 1);
      expect(ran).toEqual([5]);
      const bus = createBus(deployment.bus);
      expect(bus).toBeInstanceOf(RedisBus);
      await bus.ping();
      await bus.close();
    } finally {
      await worker.worker!.close(200);
      await worker.queue.close();
      await server.queue.close();
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    }
  });
});
