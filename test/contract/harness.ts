// Starts the service the way users run it, for the contract suite: embedded (PGlite in a temp
// DATA_DIR, in-process queue and bus) or scaled (PostgreSQL schema, Redis, a separate worker process).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { type Config, loadConfig } from '../../src/config.js';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../src/runtime.js';
import { createPostgresTestDb, type TestDatabase } from '../helpers/db.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
export const JWT_SECRET = 'contract-test-secret-0123456789abcdef0123456789';

export type ModeName = 'embedded' | 'scaled';

export interface Server {
  mode: ModeName;
  baseUrl: string;
  wsUrl: string;
  config: Config;
  runtime: Runtime;
  /** Scaled mode: the worker processes (index 0 is started with the server). */
  workers: WorkerProcess[];
  /** `env`: settings of this worker only (e.g. a STORAGE_DIR of its own). */
  startWorker(env?: Record<string, string>): Promise<WorkerProcess>;
  stop(): Promise<void>;
}

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal) once the process is gone. */
  exited: Promise<number | string | null>;
}

export interface ServerOptions {
  /** Extra settings (env names) for the server and its workers. */
  env?: Record<string, string>;
  /** Options of the in-test server's runtime (not the worker processes'). */
  runtime?: Partial<Omit<RuntimeOptions, 'config' | 'role'>>;
  /** Scaled mode: worker processes started with the server (default 1). */
  workers?: number;
}

export async function startServer(mode: ModeName, opts: ServerOptions = {}): Promise<Server> {
  const dir = await mkdtemp(join(tmpdir(), `storyagent-${mode}-`));
  let testDb: TestDatabase | undefined;
  const env: Record<string, string> = {
    DATA_DIR: join(dir, 'data'),
    STORAGE_DIR: join(dir, 'generated_stories'),
    SHARED_MEDIA_DIR: join(dir, 'shared_media'),
    JWT_SECRET,
    LOG_LEVEL: 'silent',
    // Every test client registers from 127.0.0.1: tests of these limits set their own.
    REGISTER_RATE_LIMIT_PER_MINUTE: '100000',
    UPLOAD_RATE_LIMIT_PER_MINUTE: '100000',
    ...opts.env,
  };
  if (mode === 'scaled') {
    testDb = await createPostgresTestDb();
    // Redis channels `user:{id}` are shared by every test server running at once: user ids that
    // differ between their databases keep one server's notifications off another's sockets.
    const firstUserId = 1_000 + (randomBytes(4).readUInt32BE() % 1_000_000_000);
    await testDb.db.query(`ALTER TABLE users ALTER COLUMN id RESTART WITH ${firstUserId}`);
    await testDb.db.close(); // the server and the workers open their own pools
    env.DATABASE_URL = testDb.url!;
    env.REDIS_URL = opts.env?.REDIS_URL ?? TEST_REDIS_URL;
    env.QUEUE_PREFIX = `sa-test-${randomBytes(5).toString('hex')}`;
  }
  const config = loadConfig(env);
  const runtime = await startRuntime({ ...opts.runtime, config, role: 'serve' });
  await runtime.app!.listen({ port: 0, host: '127.0.0.1' });
  const port = (runtime.app!.server.address() as { port: number }).port;
  const workers: WorkerProcess[] = [];

  const startWorker = async (own: Record<string, string> = {}): Promise<WorkerProcess> => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'worker', '--concurrency', '2'],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env, LOG_LEVEL: 'warn', ...own },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    const ready = new Promise<void>((resolve, reject) => {
      child.stderr!.on('data', (d) => {
        out += d;
        if (out.includes('worker ready')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready:\n${out}`)));
    });
    const exited = new Promise<number | string | null>((resolve) =>
      child.once('exit', (code, signal) => resolve(code ?? signal)),
    );
    ready.catch(() => {});
    await ready;
    const w = { child, output: () => out, exited };
    workers.push(w);
    return w;
  };
  if (mode === 'scaled') for (let i = 0; i < (opts.workers ?? 1); i++) await startWorker();

  let stopped = false;
  return {
    mode,
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws/notifications`,
    config,
    runtime,
    workers,
    startWorker,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const w of workers) {
        if (w.child.exitCode === null && w.child.signalCode === null) {
          w.child.kill('SIGTERM');
          await w.exited;
        }
      }
      await runtime.close();
      if (mode === 'scaled') await cleanRedisPrefix(config.REDIS_URL!, config.QUEUE_PREFIX);
      await testDb?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface PeerServer {
  baseUrl: string;
  wsUrl: string;
  runtime: Runtime;
  stop(): Promise<void>;
}

/**
 * Scaled mode: one more `serve` process on the same database, Redis and queue prefix as `server`
 * (as behind a load balancer). Stop it before `server`.
 */
export async function startPeer(server: Server): Promise<PeerServer> {
  if (server.mode !== 'scaled') throw new Error('only the scaled mode runs several servers');
  const runtime = await startRuntime({ config: server.config, role: 'serve' });
  await runtime.app!.listen({ port: 0, host: '127.0.0.1' });
  const port = (runtime.app!.server.address() as { port: number }).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws/notifications`,
    runtime,
    stop: () => runtime.close(),
  };
}

async function cleanRedisPrefix(url: string, prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test answers are inspected field by field
  json: any;
}

/** A user of the API: fetch with its Bearer token. */
export class Client {
  token = '';
  cookie = '';
  /** Sent with every request (e.g. X-Forwarded-For, to come from an address of one's own). */
  headers: Record<string, string> = {};
  constructor(readonly baseUrl: string) {}

  async req(
    method: string,
    path: string,
    opts: { body?: unknown; raw?: string; headers?: Record<string, string>; token?: string | null } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...this.headers, ...opts.headers };
    const token = opts.token === undefined ? this.token : opts.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (opts.raw !== undefined) body = opts.raw;
    else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  }

  /** Registers (if new) and logs in; keeps the access token and the refresh cookie. */
  async login(username: string, password = 'correct horse battery'): Promise<this> {
    await this.req('POST', '/api/register', { body: { username, password }, token: null });
    const res = await fetch(`${this.baseUrl}/api/login`, {
      method: 'POST',
      headers: { ...this.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (res.status !== 200) throw new Error(`login ${res.status}: ${await res.text()}`);
    this.token = ((await res.json()) as { access_token: string }).access_token;
    this.cookie = (res.headers.getSetCookie().find((c) => c.startsWith('refresh_token=')) ?? '').split(
      ';',
    )[0]!;
    return this;
  }

  async newTask(body: Record<string, unknown> = {}): Promise<number> {
    const res = await this.req('POST', '/api/task/new', {
      body: { topic: '小兔子找朋友', pages: 2, ...body },
    });
    if (res.status !== 201) throw new Error(`new task ${res.status}: ${res.text}`);
    return res.json.task_id;
  }

  /** Polls progress until `done(progress)` or the timeout. */
  // biome-ignore lint/suspicious/noExplicitAny: see Answer.json
  async waitFor(taskId: number, done: (p: any) => boolean, timeoutMs = 90_000): Promise<any> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const res = await this.req('GET', `/api/task/${taskId}/progress`);
      if (res.status !== 200) throw new Error(`progress ${res.status}: ${res.text}`);
      if (done(res.json)) return res.json;
      if (Date.now() > until) throw new Error(`timed out; last progress ${res.text}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  segmentStatus(taskId: number, segmentId: number) {
    return this.waitFor(taskId, () => true).then(
      // biome-ignore lint/suspicious/noExplicitAny: see Answer.json
      (p) => p.segments.find((s: any) => s.segment_id === segmentId).status as string,
    );
  }
}

/** A WebSocket that records every message it receives. */
export class Listener {
  // biome-ignore lint/suspicious/noExplicitAny: notifications are inspected field by field
  readonly messages: any[] = [];
  closeCode?: number;
  private waiters: Array<() => void> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)));
      for (const w of this.waiters) w();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      for (const w of this.waiters) w();
    });
  }

  static open(
    url: string,
    headers?: Record<string, string>,
    opts: { autoPong?: boolean } = {},
  ): Promise<Listener> {
    const socket = new WebSocket(url, { headers, ...opts });
    const listener = new Listener(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(listener));
      socket.once('error', reject);
    });
  }

  /** Resolves with the close code (the server closes bad-token sockets right after the upgrade). */
  static async closeCodeOf(url: string, headers?: Record<string, string>): Promise<number> {
    const socket = new WebSocket(url, { headers });
    return new Promise((resolve, reject) => {
      socket.once('close', (code) => resolve(code));
      socket.once('error', reject);
    });
  }

  // biome-ignore lint/suspicious/noExplicitAny: see messages
  async waitFor(pred: (m: any) => boolean, timeoutMs = 90_000): Promise<any> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(pred);
      if (found) return found;
      if (this.closeCode !== undefined) throw new Error(`socket closed (${this.closeCode})`);
      const left = until - Date.now();
      if (left <= 0) throw new Error(`no such message; got ${JSON.stringify(this.messages)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
      this.waiters = [];
    }
  }

  async waitClose(timeoutMs = 10_000): Promise<number> {
    const until = Date.now() + timeoutMs;
    while (this.closeCode === undefined) {
      if (Date.now() > until) throw new Error('socket did not close');
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.closeCode;
  }

  close() {
    this.socket.close();
  }
}

let counter = 0;
/** A username unique within this run. */
export const uniqueName = (base = 'user') => `${base}${process.pid}x${++counter}`;

/** A valid two-page script_data.json (for PUT /script). */
export function sampleScript() {
  return {
    title: '小企鹅学飞',
    topic: '一只想学飞的小企鹅',
    main_role: '小企鹅',
    scene: '南极',
    language: 'zh' as const,
    characters: [{ name: '小企鹅', description: '圆圆的黑白小企鹅，戴红围巾' }],
    pages: [
      {
        page: 1,
        text: '小企鹅站在冰山上，看着天上的海鸥。它也想飞。',
        image_prompt: '小企鹅在冰山上望着海鸥',
      },
      { page: 2, text: '它拍拍翅膀，跳进大海，原来它在水里飞得最快！', image_prompt: '小企鹅在海里游泳' },
    ],
  };
}

/** Every route that names one task, with `{id}` for its id (and a body where one is needed). */
export function taskRoutes(): Array<[method: string, path: string, body?: unknown]> {
  return [
    ['GET', '/api/task/{id}'],
    ['GET', '/api/task/{id}/progress'],
    ['GET', '/api/task/{id}/resource?segmentId=1'],
    ['POST', '/api/task/{id}/execute/1'],
    ['POST', '/api/task/{id}/execute'],
    ['POST', '/api/task/{id}/cancel'],
    ['PUT', '/api/task/{id}/script', sampleScript()],
    ['POST', '/api/task/{id}/pages/1/regenerate', { what: 'image' }],
    ['GET', '/api/task/{id}/archive'],
    ['DELETE', '/api/task/{id}'],
    ['GET', '/api/files/generated_stories/{id}/script_data.json'],
  ];
}
