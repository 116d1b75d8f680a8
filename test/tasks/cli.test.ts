// The service commands as an operator runs them: `storyagent migrate` on PostgreSQL, `serve`
// stopping cleanly on SIGTERM (lock released), and `worker` refusing to start without its services.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { TEST_PG_URL } from '../helpers/db.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function run(args: string[], env: Record<string, string>, opts: { untilStderr?: RegExp } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  const seen = new Promise<void>((resolve) => {
    child.stderr.on('data', (d) => {
      err += d;
      if (opts.untilStderr?.test(err)) resolve();
    });
  });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, seen, exit, out: () => out, err: () => err };
}

describe('service commands', () => {
  it('migrate creates the tables in an empty PostgreSQL schema, then has nothing to do', async () => {
    const schema = `cli_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: TEST_PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    const url = `${TEST_PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    try {
      const first = run(['migrate'], { DATABASE_URL: url });
      expect(await first.exit).toBe(0);
      expect(first.out()).toMatch(/Applied .*002_tasks\.sql/);
      const again = run(['migrate'], { DATABASE_URL: url });
      expect(await again.exit).toBe(0);
      expect(again.out()).toContain('up to date');
      const tables = await admin.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
        [schema],
      );
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(['notifications', 'task_segments', 'tasks', 'users']),
      );
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });

  it('serve (embedded) answers, stops on SIGTERM with exit code 0 and releases the data folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sa-cli-'));
    try {
      const serve = run(
        ['serve', '--port', '0'],
        { DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' },
        {
          untilStderr: /serving (http:\/\/\S+?) /,
        },
      );
      await serve.seen;
      const url = /serving (http:\/\/\S+?) /.exec(serve.err())![1]!;
      expect((await fetch(`${url}/api/health`)).status).toBe(200);
      expect(existsSync(join(dir, 'data', 'storyagent.lock'))).toBe(true);
      serve.child.kill('SIGTERM');
      expect(await serve.exit).toBe(0);
      expect(existsSync(join(dir, 'data', 'storyagent.lock'))).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('serve stops on SIGTERM even while a client holds a connection open without a request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sa-cli-'));
    try {
      const serve = run(
        ['serve', '--port', '0'],
        { DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'warn' },
        { untilStderr: /serving (http:\/\/\S+?) / },
      );
      await serve.seen;
      const url = new URL(/serving (http:\/\/\S+?) /.exec(serve.err())![1]!);
      const idle = connect(Number(url.port), url.hostname);
      // The server cuts this connection on shutdown: a reset here is the behaviour under test.
      const cut = new Promise<string>((resolve) => {
        idle.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
        idle.once('close', () => resolve('closed'));
      });
      await new Promise<void>((resolve) => idle.once('connect', () => resolve()));
      const stopping = Date.now();
      serve.child.kill('SIGTERM');
      const code = await serve.exit;
      expect([code, serve.child.signalCode, serve.err().split('\n').slice(-4).join('\n')]).toEqual([
        0,
        null,
        expect.any(String),
      ]);
      // Before the fix the server waited for the client (minutes); the grace period is 5 s.
      expect(Date.now() - stopping).toBeLessThan(20_000);
      expect(await cut).toMatch(/closed|ECONNRESET/);
      idle.destroy();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('worker without DATABASE_URL and REDIS_URL exits 1 saying what it needs', async () => {
    const worker = run(['worker'], {});
    expect(await worker.exit).toBe(1);
    expect(worker.err()).toMatch(/worker needs DATABASE_URL and REDIS_URL/);
  });

  it('serve rejects a bad --port before starting anything', async () => {
    const serve = run(['serve', '--port', '99999'], {});
    expect(await serve.exit).not.toBe(0);
    expect(serve.err()).toContain('--port');
  });
});
