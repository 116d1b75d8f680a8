// Proof of life of the processes that run jobs, for `storyagent doctor`: each one refreshes a
// heartbeat that expires on its own (a Redis key with a TTL, scaled; a file in DATA_DIR, embedded).
import { readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { QueueTarget } from '../deployment.js';
import { writeFileAtomic } from '../storage/atomic.js';
import { quitRedis } from './redis-connection.js';

export const HeartbeatSchema = z.object({
  role: z.enum(['serve', 'worker']),
  host: z.string(),
  pid: z.number().int(),
  concurrency: z.number().int(),
  started_at: z.string(),
  at: z.string(),
});
export type Heartbeat = z.infer<typeof HeartbeatSchema>;

/** A beat is refreshed this often and counts as alive for three times as long. */
export const HEARTBEAT_INTERVAL_MS = 10_000;
const HEARTBEAT_TTL_MS = 3 * HEARTBEAT_INTERVAL_MS;

export interface HeartbeatStore {
  beat(h: Heartbeat): Promise<void>;
  /** Removes this process's beat (a clean stop is not a dead worker). */
  remove(h: Pick<Heartbeat, 'host' | 'pid'>): Promise<void>;
  /** The beats not yet expired. */
  alive(): Promise<Heartbeat[]>;
  close(): Promise<void>;
}

const parseBeat = (text: string | null): Heartbeat | undefined => {
  try {
    const parsed = HeartbeatSchema.safeParse(JSON.parse(text ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/** Scaled: `${prefix}:heartbeat:{host}:{pid}` with a TTL, one per worker process. */
export class RedisHeartbeats implements HeartbeatStore {
  private readonly conn: Redis;
  constructor(
    redis: string | Redis,
    private readonly prefix: string,
  ) {
    this.conn =
      typeof redis === 'string' ? new Redis(redis, { maxRetriesPerRequest: 1, lazyConnect: true }) : redis;
    this.conn.on('error', () => {});
  }
  private key(h: Pick<Heartbeat, 'host' | 'pid'>) {
    return `${this.prefix}:heartbeat:${h.host}:${h.pid}`;
  }
  async beat(h: Heartbeat): Promise<void> {
    await this.conn.set(this.key(h), JSON.stringify(h), 'PX', HEARTBEAT_TTL_MS);
  }
  async remove(h: Pick<Heartbeat, 'host' | 'pid'>): Promise<void> {
    await this.conn.del(this.key(h));
  }
  async alive(): Promise<Heartbeat[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.conn.scan(cursor, 'MATCH', `${this.prefix}:heartbeat:*`, 'COUNT', 200);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    if (keys.length === 0) return [];
    const values = await this.conn.mget(...keys);
    return values.map(parseBeat).filter((b): b is Heartbeat => b !== undefined);
  }
  close(): Promise<void> {
    return quitRedis(this.conn);
  }
}

/** Embedded: one server per DATA_DIR (it holds the lock), so one file; stale after the TTL. */
export class FileHeartbeats implements HeartbeatStore {
  private readonly file: string;
  constructor(dataDir: string) {
    this.file = join(dataDir, 'heartbeat.json');
  }
  async beat(h: Heartbeat): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(h));
  }
  async remove(h: Pick<Heartbeat, 'host' | 'pid'>): Promise<void> {
    const current = parseBeat(await readFile(this.file, 'utf8').catch(() => null));
    if (current && current.pid === h.pid && current.host === h.host) await rm(this.file, { force: true });
  }
  async alive(): Promise<Heartbeat[]> {
    const beat = parseBeat(await readFile(this.file, 'utf8').catch(() => null));
    if (!beat || Date.now() - Date.parse(beat.at) > HEARTBEAT_TTL_MS) return [];
    return [beat];
  }
  async close(): Promise<void> {}
}

/** Where the deployment's job runners beat: Redis beside the BullMQ queue, or DATA_DIR in process. */
export function heartbeatsFor(target: QueueTarget, dataRoot: string): HeartbeatStore {
  return target.kind === 'bullmq'
    ? new RedisHeartbeats(target.redisUrl, target.prefix)
    : new FileHeartbeats(dataRoot);
}

/**
 * Beats now and every HEARTBEAT_INTERVAL_MS until the returned stop(), which removes the beat.
 * A failed beat is only logged: the worker keeps working, and doctor reports it missing.
 */
export async function keepHeartbeat(
  store: HeartbeatStore,
  who: { role: Heartbeat['role']; concurrency: number },
  onError: (err: unknown) => void,
): Promise<() => Promise<void>> {
  const startedAt = new Date().toISOString();
  const self = { host: hostname(), pid: process.pid };
  const beat = () =>
    store.beat({ ...who, ...self, started_at: startedAt, at: new Date().toISOString() }).catch(onError);
  await beat();
  const timer = setInterval(beat, HEARTBEAT_INTERVAL_MS);
  timer.unref();
  let stopped: Promise<void> | undefined;
  return () => {
    stopped ??= (async () => {
      clearInterval(timer);
      await store.remove(self).catch(onError);
      await store.close();
    })();
    return stopped;
  };
}
