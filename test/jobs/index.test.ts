// The factories pick the implementation from the configuration and the process role.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createBus, InProcessBus, RedisBus } from '../../src/events/index.js';
import { createJobs, type JobHandlers } from '../../src/jobs/index.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function recorder() {
  const ran: number[] = [];
  const handlers: JobHandlers = {
    'run-segment': async (p) => {
      ran.push(p.segmentId);
    },
    'run-v1-task': async () => {},
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

describe('createJobs / createBus', () => {
  it('runs jobs in process without REDIS_URL, whatever the role but worker', async () => {
    const config = loadConfig({});
    const { ran, handlers } = recorder();
    const jobs = createJobs(config, handlers, { role: 'server' });
    expect(jobs.kind).toBe('in-process');
    await jobs.queue.enqueue('run-segment', { taskId: 1, segmentId: 4, userId: 1 }, { jobId: 'seg-1-4' });
    await until(() => ran.length === 1);
    await jobs.worker!.close();
    await jobs.queue.close();
    expect(() => createJobs(config, handlers, { role: 'worker' })).toThrow(/REDIS_URL/);
    expect(createBus(config)).toBeInstanceOf(InProcessBus);
  });

  it('with REDIS_URL gives the server only a queue and the worker process the worker that runs its jobs', async () => {
    const prefix = `test-factory-${randomUUID().slice(0, 8)}`;
    const config = loadConfig({}, { REDIS_URL, QUEUE_PREFIX: prefix });
    const server = createJobs(config, null, { role: 'server' });
    expect(server.kind).toBe('bullmq');
    expect(server.worker).toBeUndefined();
    const { ran, handlers } = recorder();
    const worker = createJobs(config, handlers, { role: 'worker', concurrency: 1 });
    try {
      await server.queue.ping();
      await server.queue.enqueue('run-segment', { taskId: 1, segmentId: 5, userId: 1 }, { jobId: 'seg-1-5' });
      await until(() => ran.length === 1);
      expect(ran).toEqual([5]);
      const bus = createBus(config);
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
