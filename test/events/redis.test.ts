// The Redis bus against a real Redis: exact JSON on `user:{id}` (visible to a plain SUBSCRIBE, the
// seed's debug path), user isolation, one process-wide subscription, and recovery after a Redis restart.
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { RedisBus } from '../../src/events/redis.js';
import type { Notification } from '../../src/events/types.js';
import { type PrivateRedis, startPrivateRedis } from './redis-server.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
// Users unlikely to collide with other test files publishing on the shared Redis at the same time.
const base = 900_000_000 + Math.floor(Math.random() * 1_000_000) * 10;

const failed: Notification = {
  type: 'segment_failed',
  task_id: 101,
  segment_id: 2,
  status: 'failed',
  error: 'image: 模型超时',
};

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups.length = 0;
});

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(10);
  }
}

function bus(url = REDIS_URL): RedisBus {
  const b = new RedisBus(url);
  cleanups.push(() => b.close());
  return b;
}

describe('RedisBus', () => {
  it('publishes exactly the message JSON on user:{id}, to the bus listeners and to a plain SUBSCRIBE', async () => {
    const user = base + 1;
    const server = bus();
    const got: [number, string][] = [];
    server.onMessage((u, j) => {
      if (u >= base && u < base + 10) got.push([u, j]);
    });
    await server.ready();

    const raw = new Redis(REDIS_URL);
    cleanups.push(() => raw.quit());
    const rawGot: [string, string][] = [];
    raw.on('message', (channel: string, message: string) => rawGot.push([channel, message]));
    await raw.subscribe(`user:${user}`);

    const worker = bus();
    const message = { ...failed, id: 12, at: '2026-11-23T12:00:00.000Z' };
    await worker.publish(user, message);
    await until(() => got.length === 1 && rawGot.length === 1);
    expect(got[0]).toEqual([user, JSON.stringify(message)]);
    expect(rawGot[0]).toEqual([`user:${user}`, JSON.stringify(message)]);
    expect(JSON.parse(rawGot[0]![1])).toEqual(message);
  });

  it("tags each message with its own user's id, and a listener filtering by id never sees another user's", async () => {
    const alice = base + 2;
    const bob = base + 3;
    const b = bus();
    const forAlice: string[] = [];
    const forBob: string[] = [];
    b.onMessage((u, j) => {
      if (u === alice) forAlice.push(j);
      if (u === bob) forBob.push(j);
    });
    await b.ready();
    await b.publish(alice, { ...failed, task_id: 1 });
    await b.publish(bob, { ...failed, task_id: 2 });
    await b.publish(alice, { ...failed, task_id: 3 });
    await until(() => forAlice.length === 2 && forBob.length === 1);
    expect(forAlice.map((j) => JSON.parse(j).task_id)).toEqual([1, 3]);
    expect(forBob.map((j) => JSON.parse(j).task_id)).toEqual([2]);
  });

  it('uses one subscriber connection however many listeners there are', async () => {
    const name = `bus-test-${process.pid}-${base}`;
    const b = new RedisBus(REDIS_URL, { name });
    cleanups.push(() => b.close());
    for (let i = 0; i < 50; i++) b.onMessage(() => {});
    await b.ready();
    await b.publish(base + 4, failed);
    const admin = new Redis(REDIS_URL);
    cleanups.push(() => admin.quit());
    const mine = String(await admin.call('CLIENT', 'LIST'))
      .split('\n')
      .filter((l) => l.includes(` name=${name}-`));
    expect(mine.filter((l) => l.includes(`name=${name}-sub `))).toHaveLength(1);
    expect(mine.filter((l) => l.includes(`name=${name}-pub `))).toHaveLength(1);
    expect(mine).toHaveLength(2);
  });

  it('keeps receiving after its Redis is killed and restarted on the same port', async () => {
    const redis: PrivateRedis = await startPrivateRedis();
    cleanups.push(() => redis.stop());
    const b = bus(redis.url);
    const got: string[] = [];
    const states: string[] = [];
    b.onStateChange((s) => states.push(s));
    b.onMessage((_u, j) => got.push(j));
    await b.ready();
    await b.publish(7, { ...failed, task_id: 1 });
    await until(() => got.length === 1);

    await redis.kill();
    await until(() => b.state === 'reconnecting' || b.state === 'connecting');
    await expect(b.publish(7, { ...failed, task_id: 2 })).rejects.toThrow();
    await redis.start();
    await b.ready();
    await b.ping();
    await b.publish(7, { ...failed, task_id: 3 });
    await until(() => got.length === 2);
    expect(JSON.parse(got[1]!).task_id).toBe(3);
    expect(states).toContain('reconnecting');
    expect(states.at(-1)).toBe('subscribed');
  });

  it('closes idempotently', async () => {
    const b = new RedisBus(REDIS_URL);
    b.onMessage(() => {});
    await b.ready();
    await Promise.all([b.close(), b.close()]);
    await b.close();
    expect(b.state).toBe('closed');
    await expect(b.publish(1, failed)).rejects.toThrow(/closed/);
  });
});
