// The service under load: what each cache in front of the progress route saves; GET
// /api/task/{id}/progress (auth + database + serialization) against a bare Fastify route in the same
// run; WebSocket fan-out publish → receive to 1,000 clients in the embedded and the scaled mode;
// server and worker memory.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuthService } from '../src/auth/service.js';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrate } from '../src/db/migrate.js';
import { InProcessBus } from '../src/events/memory.js';
import { RedisBus } from '../src/events/redis.js';
import type { EventBus } from '../src/events/types.js';
import { startRuntime } from '../src/runtime.js';
import { withVerifiedTokenCache } from '../src/server/token-cache.js';
import { TaskRepository } from '../src/tasks/repository.js';
import { createPostgresTestDb } from '../test/helpers/db.js';
import type { BenchRow } from './table.js';

export const title = 'HTTP API and WebSocket notifications';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const CLIENTS = 1000;
const ROUNDS = 20;
/** Baseline/route pairs of the HTTP measure (each DURATION_S / ROUNDS_HTTP seconds long). */
const ROUNDS_HTTP = Number(process.env.BENCH_HTTP_ROUNDS ?? 3);

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Starts a child process and resolves with the first match of `ready` in its stderr. */
function startChild(args: string[], env: Record<string, string>, ready: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const match = new Promise<RegExpExecArray>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d) => {
      err += d;
      const m = ready.exec(err);
      if (m) resolve(m);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited ${code}: ${err}`)));
  });
  return { child, match };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await gone;
}

/** Resident memory of a process in MiB (Linux). */
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

async function json<T>(res: Response): Promise<T> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function loginAndTask(baseUrl: string): Promise<{ token: string; taskId: number; userId: number }> {
  const creds = { username: `bench${randomBytes(3).toString('hex')}`, password: 'bench-password-1' };
  const post = (path: string, body: unknown, token?: string) =>
    fetch(baseUrl + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  const { id: userId } = await json<{ id: number }>(await post('/api/register', creds));
  const { access_token: token } = await json<{ access_token: string }>(await post('/api/login', creds));
  const { task_id: taskId } = await json<{ task_id: number }>(
    await post('/api/task/new', { topic: 'bench', pages: 2 }, token),
  );
  return { token, taskId, userId };
}

/** A temp folder and the environment of one server in `mode`; scaled gets its own PostgreSQL schema and queue prefix. */
async function benchSetting(mode: 'embedded' | 'scaled', kind: string, logLevel: string) {
  const dir = await mkdtemp(join(tmpdir(), `sa-bench-${kind}-${mode}-`));
  const env: Record<string, string> = {
    DATA_DIR: join(dir, 'data'),
    STORAGE_DIR: join(dir, 'generated_stories'),
    JWT_SECRET: SECRET,
    LOG_LEVEL: logLevel,
    ACCESS_TOKEN_TTL_SECONDS: '3600',
  };
  const testDb = mode === 'scaled' ? await createPostgresTestDb() : undefined;
  if (testDb) {
    await testDb.db.close();
    Object.assign(env, {
      DATABASE_URL: testDb.url!,
      REDIS_URL,
      QUEUE_PREFIX: `sa-bench-${randomBytes(4).toString('hex')}`,
    });
  }
  return { dir, env, testDb };
}

async function httpRows(mode: 'embedded' | 'scaled'): Promise<BenchRow[]> {
  const { dir, env, testDb } = await benchSetting(mode, 'http', 'warn');
  const serve = startChild(['src/cli/main.ts', 'serve', '--port', '0'], env, /serving (http:\/\/\S+?) /);
  const bare = startChild(['bench/fixtures/bare-server.ts'], {}, /listening (http:\/\/\S+)/);
  try {
    const [baseUrl, bareUrl] = [(await serve.match)[1]!, (await bare.match)[1]!];
    const { token, taskId } = await loginAndTask(baseUrl);
    const opts = { connections: 10, duration: Math.max(1, Math.round(DURATION_S / ROUNDS_HTTP)) };
    const bareRun = () => autocannon({ ...opts, url: `${bareUrl}/progress` });
    const apiRun = () =>
      autocannon({
        ...opts,
        url: `${baseUrl}/api/task/${taskId}/progress`,
        headers: { authorization: `Bearer ${token}` },
      });
    // Warm-up of both, then short baseline/route pairs back to back: on a shared machine the load
    // drifts within seconds, and a pair measured together sees nearly the same load.
    await bareRun();
    await apiRun();
    const pairs: Array<{ baseline: AutocannonResult; api: AutocannonResult }> = [];
    for (let i = 0; i < ROUNDS_HTTP; i++) {
      const baseline = await bareRun();
      const api = await apiRun();
      if (api.non2xx > 0 || api.errors > 0)
        throw new Error(`progress answered ${api.non2xx} non-2xx, ${api.errors} errors`);
      pairs.push({ baseline, api });
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ratios = pairs
      .map((p) => p.api.requests.average / p.baseline.requests.average)
      .sort((a, b) => a - b);
    return [
      {
        name: `GET /api/task/{id}/progress (${mode}, 10 connections; ratio: median of ${ROUNDS_HTTP} pairs)`,
        value: mean(pairs.map((p) => p.api.requests.average)),
        unit: 'req/s',
        baseline: { name: 'bare Fastify route', value: mean(pairs.map((p) => p.baseline.requests.average)) },
        ratio: ratios[Math.floor(ratios.length / 2)]!,
        target: 'ratio ≥ 0.6',
      },
      {
        name: `GET /api/task/{id}/progress p99 latency (${mode}, worst pair)`,
        value: Math.max(...pairs.map((p) => p.api.latency.p99)),
        unit: 'ms',
        baseline: {
          name: 'bare Fastify route',
          value: Math.max(...pairs.map((p) => p.baseline.latency.p99)),
        },
        target: '< 15 ms',
      },
      {
        name:
          mode === 'embedded'
            ? 'server RSS after the load (embedded: API + jobs + PGlite)'
            : 'server RSS after the load (scaled: API + gateway)',
        value: rssMiB(serve.child.pid!),
        unit: 'MiB',
      },
    ];
  } finally {
    await stopChild(serve.child);
    await stopChild(bare.child);
    await testDb?.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** CLIENTS sockets of one user in a child process; ROUNDS publishes; publish → receive per socket. */
async function fanOut(wsUrl: string, token: string, publisher: EventBus, userId: number) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bench/fixtures/ws-clients.ts',
      `${wsUrl}?token=${token}`,
      String(CLIENTS),
      String(ROUNDS),
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buffer = '';
  child.stdout!.on('data', (d) => {
    buffer += d;
    let nl = buffer.indexOf('\n');
    while (nl >= 0) {
      lines.push(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      nl = buffer.indexOf('\n');
    }
    for (const w of waiters.splice(0)) w();
  });
  const nextLine = async (timeoutMs = 15_000): Promise<string> => {
    const until = Date.now() + timeoutMs;
    while (lines.length === 0) {
      if (Date.now() > until || child.exitCode !== null)
        throw new Error('WebSocket clients stopped answering');
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
    return lines.shift()!;
  };
  try {
    if ((await nextLine(60_000)) !== 'ready') throw new Error('WebSocket clients did not start');
    // The gateway registers a socket once its token is verified: let the last ones settle.
    await new Promise((r) => setTimeout(r, 300));
    const latencies: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      await publisher.publish(userId, {
        type: 'segment_progress',
        task_id: 1,
        segment_id: 1,
        status: 'running',
        progress: round,
        sent: performance.timeOrigin + performance.now(),
      } as Parameters<EventBus['publish']>[1]);
      latencies.push(...(JSON.parse(await nextLine()) as { latencies: number[] }).latencies);
    }
    latencies.sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
    return { p50: pct(50), p99: pct(99) };
  } finally {
    await stopChild(child);
  }
}

async function wsRows(mode: 'embedded' | 'scaled'): Promise<BenchRow[]> {
  const { dir, env, testDb } = await benchSetting(mode, 'ws', 'silent');
  const runtime = await startRuntime({ config: loadConfig(env), role: 'serve' });
  let worker: ReturnType<typeof startChild> | undefined;
  // Scaled: a worker process publishes through Redis; here a separate connection plays that part.
  const publisher: EventBus = mode === 'scaled' ? new RedisBus(REDIS_URL) : runtime.bus;
  try {
    const address = await runtime.app!.listen({ port: 0, host: '127.0.0.1' });
    if (runtime.bus instanceof RedisBus) await runtime.bus.ready();
    const { token, userId } = await loginAndTask(address);
    const { p50, p99 } = await fanOut(
      `${address.replace('http', 'ws')}/ws/notifications`,
      token,
      publisher,
      userId,
    );
    const rows: BenchRow[] = [
      {
        name: `WebSocket fan-out to ${CLIENTS} clients, publish → receive p50 (${mode})`,
        value: p50,
        unit: 'ms',
      },
      {
        name: `WebSocket fan-out to ${CLIENTS} clients, publish → receive p99 (${mode})`,
        value: p99,
        unit: 'ms',
        target: '< 50 ms',
      },
    ];
    if (mode === 'scaled') {
      worker = startChild(
        ['src/cli/main.ts', 'worker', '--concurrency', '2'],
        { ...env, LOG_LEVEL: 'warn' },
        /worker ready/,
      );
      await worker.match;
      rows.push({ name: 'worker RSS when ready (scaled)', value: rssMiB(worker.child.pid!), unit: 'MiB' });
    }
    return rows;
  } finally {
    if (worker) await stopChild(worker.child);
    if (publisher !== runtime.bus) await publisher.close();
    await runtime.close();
    await testDb?.drop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Median microseconds per call of `fn` over 5 rounds of `n` calls (after a warm-up). */
async function microseconds(fn: () => unknown, n: number): Promise<number> {
  for (let i = 0; i < Math.min(200, n); i++) await fn();
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    for (let i = 0; i < n; i++) await fn();
    rounds.push(((performance.now() - start) / n) * 1000);
  }
  return rounds.sort((a, b) => a - b)[2]!;
}

/**
 * What each cache in front of the progress route saves per request, measured with and without it
 * in this process: the verified-token cache (server/token-cache.ts) and the task snapshot cache
 * (TaskRepository; PGlite, and PostgreSQL kept exact by task-changed announcements on Redis).
 */
async function cacheRows(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const lite = await openDatabase({});
  const pg = await createPostgresTestDb();
  const bus = new RedisBus(REDIS_URL, { channelPrefix: `sa-bench-${randomBytes(4).toString('hex')}` });
  try {
    await migrate(lite);
    const secret = new TextEncoder().encode(SECRET);
    const config = loadConfig({ JWT_SECRET: SECRET });
    // The account standing (disabled, deleted, admin) is cached as the server caches it: kept exact
    // by the bus's account announcements (in-process here, as in the embedded mode).
    const accounts = new InProcessBus();
    const auth = new AuthService({ db: lite, config, secret, accounts });
    await auth.createUser('benchuser', 'bench-password-1', false);
    const { accessToken } = await auth.login('benchuser', 'bench-password-1');
    const cachedAuth = withVerifiedTokenCache(auth);
    const verify = await microseconds(() => auth.verifyTokenSignature(accessToken), 2000);
    const signatureCached = await microseconds(() => cachedAuth.verifyTokenSignature(accessToken), 2000);
    rows.push({
      name: 'progress route: token signature check with the verified-token cache',
      value: signatureCached,
      unit: 'µs',
      baseline: { name: 'HS256 verify each time', value: verify },
    });
    const uncachedStanding = withVerifiedTokenCache(new AuthService({ db: lite, config, secret }));
    rows.push({
      name: 'progress route: whole access-token check (cached signature + account standing, revocable)',
      value: await microseconds(() => cachedAuth.verifyAccessToken(accessToken), 2000),
      unit: 'µs',
      baseline: {
        name: 'standing read from PGlite each time',
        value: await microseconds(() => uncachedStanding.verifyAccessToken(accessToken), 2000),
      },
    });
    for (const [kind, db, changes] of [
      ['PGlite', lite, undefined],
      ['PostgreSQL + Redis', pg.db, bus],
    ] as const) {
      const [user] = await db.query<{ id: number }>(
        `INSERT INTO users (username, password_hash) VALUES ('snapshot', 'x') RETURNING id`,
      );
      const cached = new TaskRepository(db, { changes });
      const { task } = await cached.create({
        userId: user!.id,
        topic: 'bench',
        mainRole: '',
        scene: '',
        language: 'zh',
        pages: 2,
        aspect: '16:9',
        seed: 1,
        options: {},
      });
      // PostgreSQL without a change feed caches nothing: the same reads, every time from the database.
      const uncached = db.kind === 'postgres' ? new TaskRepository(db) : withoutCache(cached);
      await cached.snapshotOwned(task.id, user!.id);
      await new Promise((r) => setTimeout(r, 300)); // the feed's subscription is up
      rows.push({
        name: `progress route: task snapshot read with the snapshot cache (${kind})`,
        value: await microseconds(() => cached.snapshotOwned(task.id, user!.id), 500),
        unit: 'µs',
        baseline: {
          name: 'a query each time',
          value: await microseconds(() => uncached.snapshotOwned(task.id, user!.id), 500),
        },
      });
    }
  } finally {
    await bus.close();
    await pg.drop();
    await lite.close();
  }
  return rows;
}

/** The same repository with its snapshot cache switched off (PGlite always caches otherwise). */
function withoutCache(repo: TaskRepository): TaskRepository {
  const copy = Object.create(repo) as TaskRepository;
  Object.defineProperty(copy, 'cache', { value: undefined });
  return copy;
}

/** BENCH_API_PARTS=http (or ws, caches) runs only that part; BENCH_API_MODES=scaled (or embedded) one mode. */
export default async function run(): Promise<BenchRow[]> {
  const parts = (process.env.BENCH_API_PARTS ?? 'caches,http,ws').split(',');
  const modes = (process.env.BENCH_API_MODES ?? 'embedded,scaled').split(',') as Array<'embedded' | 'scaled'>;
  const rows: BenchRow[] = [];
  if (parts.includes('caches')) rows.push(...(await cacheRows()));
  if (parts.includes('http')) for (const mode of modes) rows.push(...(await httpRows(mode)));
  if (parts.includes('ws')) for (const mode of modes) rows.push(...(await wsRows(mode)));
  return rows;
}
