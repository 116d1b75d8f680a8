// The checks of `storyagent doctor`, in the order an operator would look: tools, folders, database,
// Redis, queue, workers, provider keys. Each gives one line of detail and, when it fails, one of advice.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, mkdir, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { pendingMigrations } from '../db/migrate.js';
import { type Deployment, deploymentOf, openDatabaseAt } from '../deployment.js';
import { RedisBus } from '../events/redis.js';
import { QUEUE_NAME } from '../jobs/bullmq.js';
import { FileHeartbeats, type Heartbeat, RedisHeartbeats } from '../jobs/heartbeat.js';
import { quitRedis } from '../jobs/redis-connection.js';
import { checkFfmpeg } from '../media/ffmpeg.js';
import {
  DEFAULT_SETTING,
  missingKey,
  PROVIDER_KINDS,
  type ProviderEnv,
  parseProviderId,
} from '../providers/registry.js';

export type CheckStatus = 'ok' | 'fail' | 'skip';

export interface CheckResult {
  name: string;
  status: CheckStatus;
  detail: string;
  /** One line: what to do about a failure. */
  advice?: string;
}

/** A check throws DoctorFailure (or any error) to fail; returns the detail line to pass. */
export class DoctorFailure extends Error {
  constructor(
    message: string,
    readonly advice: string,
  ) {
    super(message);
  }
}

class Skip extends Error {}

interface Check {
  name: string;
  /** Used when the check throws something other than a DoctorFailure. */
  advice: string;
  /** Longer than the default when a slow part is normal (PGlite opening a large database). */
  timeoutMs?: number;
  run(): Promise<string>;
}

export interface DoctorOptions {
  config: Config;
  env?: ProviderEnv & NodeJS.ProcessEnv;
  /** Free bytes below which a folder fails (default 1 GiB). */
  minFreeBytes?: number;
  /** Per check (default 5000 ms). */
  timeoutMs?: number;
  /** Run only the checks with these names (container health checks: `Redis,workers`). */
  only?: string[];
}

const run = promisify(execFile);
const GiB = 1024 ** 3;

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const errorText = (err: unknown) =>
  (err instanceof Error ? err.message || err.name : String(err)).split('\n')[0]!.slice(0, 300);

/** A URL with its password replaced, for detail lines. */
function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

async function folderCheck(setting: string, dir: string, minFree: number): Promise<string> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.R_OK | constants.W_OK);
    // access() says yes to root on a read-only mount or an immutable folder: write for real.
    const probe = join(dir, `.doctor-${randomBytes(4).toString('hex')}.tmp`);
    await writeFile(probe, 'ok');
    await rm(probe, { force: true });
  } catch (err) {
    throw new DoctorFailure(
      `${setting} ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? errorText(err)})`,
      `make ${dir} writable by this user (chown/chmod, a read-write mount), or point ${setting} elsewhere`,
    );
  }
  const fs = await statfs(dir);
  const free = fs.bavail * fs.bsize;
  const shown = `${(free / GiB).toFixed(1)} GiB free`;
  if (free < minFree) {
    throw new DoctorFailure(
      `${setting} ${dir}: only ${shown}`,
      `free space on that disk (old task folders, backups), or move ${setting} to a bigger one`,
    );
  }
  return `${dir} writable, ${shown}`;
}

/** The pid holding the DATA_DIR lock when it is a live process. */
async function lockHolder(dataDir: string): Promise<number | undefined> {
  const pid = Number.parseInt(await readFile(join(dataDir, 'storyagent.lock'), 'utf8').catch(() => ''), 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

function describeBeats(beats: Heartbeat[]): string {
  const ages = beats.map((b) => `${b.role} ${b.host}:${b.pid} (concurrency ${b.concurrency})`);
  return `${beats.length} alive: ${ages.join(', ')}`;
}

function checksFor(
  deployment: Deployment,
  opts: Required<Omit<DoctorOptions, 'env' | 'only'>> & { env: ProviderEnv },
): Check[] {
  const { config } = opts;
  const scaled = deployment.mode === 'scaled' ? deployment : undefined;
  const withRedis = async <T>(fn: (r: Redis) => Promise<T>): Promise<T> => {
    if (!scaled) throw new Skip('embedded mode: in-process queue and events, no Redis');
    const r = new Redis(scaled.queue.redisUrl, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      connectTimeout: opts.timeoutMs,
      retryStrategy: () => null,
    });
    let lastError: Error | undefined;
    r.on('error', (err: Error) => {
      lastError = err;
    });
    try {
      try {
        await r.connect();
      } catch (err) {
        throw new Error(
          `${redact(scaled.queue.redisUrl)} does not answer: ${(lastError ?? (err as Error)).message}`,
        );
      }
      return await fn(r);
    } finally {
      await quitRedis(r);
    }
  };
  const redisAdvice = scaled
    ? `start Redis at ${redact(scaled.queue.redisUrl)} (redis-cli -u REDIS_URL ping should say PONG), or fix REDIS_URL`
    : '';
  /** Set by the database check for the migrations check. */
  let pending: string[] | undefined;
  return [
    {
      name: 'ffmpeg',
      advice: "install Debian's ffmpeg package (apt-get install ffmpeg), or set FFMPEG_PATH / FFPROBE_PATH",
      async run() {
        await checkFfmpeg({ ffmpegPath: config.FFMPEG_PATH, ffprobePath: config.FFPROBE_PATH });
        return `${config.FFMPEG_PATH} with libx264, aac, libass and xfade; ${config.FFPROBE_PATH} runs`;
      },
    },
    {
      name: 'CJK font',
      advice: `install fonts-noto-cjk (apt-get install fonts-noto-cjk), or set SUBTITLE_FONT to an installed CJK family`,
      async run() {
        const { stdout } = await run('fc-list', [config.SUBTITLE_FONT, 'family']);
        if (stdout.trim() === '') throw new Error(`font "${config.SUBTITLE_FONT}" is not installed`);
        return `"${config.SUBTITLE_FONT}" installed`;
      },
    },
    {
      name: 'DATA_DIR',
      advice: 'make DATA_DIR writable',
      run: () => folderCheck('DATA_DIR', config.dataRoot, opts.minFreeBytes),
    },
    {
      name: 'STORAGE_DIR',
      advice: 'make STORAGE_DIR writable',
      run: () => folderCheck('STORAGE_DIR', config.storageRoot, opts.minFreeBytes),
    },
    {
      name: 'SHARED_MEDIA_DIR',
      advice: 'make SHARED_MEDIA_DIR writable',
      run: () => folderCheck('SHARED_MEDIA_DIR', config.sharedMediaRoot, opts.minFreeBytes),
    },
    {
      name: 'database',
      timeoutMs: scaled ? undefined : 120_000,
      advice: scaled
        ? 'start PostgreSQL or fix DATABASE_URL (psql "$DATABASE_URL" -c "select 1" should answer)'
        : 'DATA_DIR must hold a PGlite database this version can open; restore a backup if it is damaged',
      async run() {
        if (!scaled) {
          const holder = await lockHolder(config.dataRoot);
          if (holder !== undefined) {
            pending = [];
            return `PGlite in ${config.dataRoot}, held by the running server (pid ${holder}), which migrates it on start`;
          }
        }
        const db = await openDatabaseAt(deployment.database);
        try {
          await db.ping();
          pending = await pendingMigrations(db);
        } finally {
          await db.close();
        }
        return scaled
          ? `PostgreSQL at ${redact(scaled.database.url)} answers`
          : `PGlite in ${config.dataRoot} opens`;
      },
    },
    {
      name: 'migrations',
      advice: 'run `storyagent migrate` (the embedded server migrates by itself on start)',
      async run() {
        if (!pending) throw new Skip('database not reachable');
        if (pending.length > 0) throw new Error(`not applied: ${pending.join(', ')}`);
        return 'every migration applied';
      },
    },
    {
      name: 'Redis',
      advice: redisAdvice,
      run: () =>
        withRedis(async (r) => {
          const pong = await r.ping();
          if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
          return `PING → PONG at ${redact(scaled!.queue.redisUrl)}`;
        }),
    },
    {
      name: 'pub/sub',
      advice: `${redisAdvice}; a Redis that refuses SUBSCRIBE (a proxy, ACLs) breaks notifications`,
      async run() {
        if (!scaled) throw new Skip('embedded mode: notifications go through the in-process bus');
        const bus = new RedisBus(scaled.bus.redisUrl, {
          maxRetriesPerRequest: 0,
          name: 'storyagent-doctor',
          channelPrefix: scaled.bus.channelPrefix,
        });
        try {
          // user:0 is never a real user's channel: no client sees this message.
          const marker = `doctor ${randomBytes(6).toString('hex')}`;
          const got = new Promise<void>((resolve) => {
            bus.onMessage((userId, json) => {
              if (userId === 0 && json.includes(marker)) resolve();
            });
          });
          await within(bus.ready(), opts.timeoutMs, 'SUBSCRIBE');
          await bus.publish(0, {
            type: 'segment_progress',
            task_id: 0,
            segment_id: 0,
            status: 'running',
            progress: 0,
            message: marker,
          });
          await within(got, opts.timeoutMs, 'the published message');
          return 'PUBLISH on user:0 came back through PSUBSCRIBE user:*';
        } finally {
          await bus.close();
        }
      },
    },
    {
      name: 'queue',
      advice: redisAdvice,
      async run() {
        if (!scaled) throw new Skip('embedded mode: in-process queue inside `storyagent serve`');
        return withRedis(async (r) => {
          const queue = new Queue(QUEUE_NAME, { connection: r, prefix: scaled.queue.prefix });
          try {
            const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
            return `BullMQ ${scaled.queue.prefix}:${QUEUE_NAME}: ${c.waiting} waiting, ${c.active} active, ${c.delayed} delayed, ${c.failed} failed`;
          } finally {
            await queue.close();
          }
        });
      },
    },
    {
      name: 'workers',
      advice: scaled
        ? 'start `storyagent worker` (with the same DATABASE_URL, REDIS_URL and QUEUE_PREFIX); each refreshes its heartbeat every 10 s'
        : 'start `storyagent serve` on this DATA_DIR: in embedded mode the server runs the jobs itself',
      async run() {
        const beats = scaled
          ? await withRedis((r) => new RedisHeartbeats(r, scaled.queue.prefix).alive())
          : await new FileHeartbeats(config.dataRoot).alive();
        if (beats.length === 0)
          throw new Error(
            scaled ? 'no worker heartbeat in Redis' : `no server heartbeat in ${config.dataRoot}`,
          );
        return describeBeats(beats);
      },
    },
    {
      name: 'provider keys',
      advice: 'set the named variable (in .env or the environment), or choose `offline` for that kind',
      async run() {
        const ids = new Set<string>();
        const seen: string[] = [];
        const missing: string[] = [];
        const allowed = config.ALLOWED_PROVIDERS.split(',')
          .map((s) => s.trim())
          .filter((s) => s && !s.endsWith('*'));
        for (const kind of PROVIDER_KINDS) {
          for (const id of [config[DEFAULT_SETTING[kind]], ...allowed]) {
            let spec: ReturnType<typeof parseProviderId>;
            try {
              spec = parseProviderId(kind, id, DEFAULT_SETTING[kind]);
            } catch {
              continue; // an ALLOWED_PROVIDERS entry for another kind
            }
            if (ids.has(`${kind}:${id}`)) continue;
            ids.add(`${kind}:${id}`);
            seen.push(`${kind} ${id}`);
            const key = missingKey(spec, opts.env);
            if (key) missing.push(`${kind} ${id} needs ${key}`);
          }
        }
        if (missing.length > 0) throw new Error(missing.join('; '));
        return `${seen.join(', ')}: keys present`;
      },
    },
  ];
}

/** Runs every check in order; never throws. */
export async function runDoctor(opts: DoctorOptions): Promise<CheckResult[]> {
  const full = {
    config: opts.config,
    env: opts.env ?? process.env,
    minFreeBytes: opts.minFreeBytes ?? GiB,
    timeoutMs: opts.timeoutMs ?? 5000,
  };
  let deployment: Deployment;
  try {
    deployment = deploymentOf(opts.config);
  } catch (err) {
    return [
      {
        name: 'settings',
        status: 'fail',
        detail: errorText(err),
        advice: 'set both DATABASE_URL and REDIS_URL (scaled), or neither (embedded)',
      },
    ];
  }
  const results: CheckResult[] = [
    {
      name: 'mode',
      status: 'ok',
      detail:
        deployment.mode === 'scaled' ? 'scaled: PostgreSQL + Redis' : 'embedded: PGlite, in-process queue',
    },
  ];
  const only = opts.only?.map((n) => n.trim().toLowerCase());
  const checks = checksFor(deployment, full).filter((c) => !only || only.includes(c.name.toLowerCase()));
  for (const check of checks) {
    try {
      const detail = await within(check.run(), check.timeoutMs ?? full.timeoutMs * 2, check.name);
      results.push({ name: check.name, status: 'ok', detail });
    } catch (err) {
      if (err instanceof Skip) results.push({ name: check.name, status: 'skip', detail: err.message });
      else
        results.push({
          name: check.name,
          status: 'fail',
          detail: errorText(err),
          advice: err instanceof DoctorFailure ? err.advice : check.advice,
        });
    }
  }
  return results;
}

/** The table doctor prints: check, status, detail; an advice line under each failure. */
export function formatResults(results: CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length), 5);
  const lines = [`${'CHECK'.padEnd(width)}  STATUS  DETAIL`];
  for (const r of results) {
    lines.push(`${r.name.padEnd(width)}  ${r.status.toUpperCase().padEnd(6)}  ${r.detail}`);
    if (r.status === 'fail' && r.advice) lines.push(`${''.padEnd(width)}  ${''.padEnd(6)}  → ${r.advice}`);
  }
  const failed = results.filter((r) => r.status === 'fail').map((r) => r.name);
  lines.push(failed.length === 0 ? 'All checks passed.' : `Failing: ${failed.join(', ')}`);
  return lines.join('\n');
}
