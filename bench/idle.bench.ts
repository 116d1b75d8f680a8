// Memory at rest: resident memory of an idle embedded `serve` (PGlite) on a fresh DATA_DIR (its
// first start creates the database) and on the same DATA_DIR again, against an idle scaled `serve`
// (PostgreSQL + Redis) measured in the same run. The built CLI (`bin/storyagent.js`), as users run it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createPostgresTestDb } from '../test/helpers/db.js';
import type { BenchRow } from './table.js';

export const title = 'Memory at rest (idle `serve`)';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'bench-secret-0123456789abcdef0123456789abcdef';
/** How long the server sits idle after it says it is serving, before its memory is read. */
const SETTLE_MS = 3000;

/** Resident memory of an idle `serve` with these settings, in MiB (Linux), and its start time. */
async function idleServe(env: Record<string, string>): Promise<{ rss: number; startSeconds: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/storyagent.js', 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, JWT_SECRET: SECRET, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (d) => {
        err += d;
        if (/serving http:/.test(err)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
    });
    const startSeconds = (performance.now() - started) / 1000;
    await sleep(SETTLE_MS);
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
    return { rss: m ? Number(m[1]) / 1024 : Number.NaN, startSeconds };
  } finally {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await gone;
  }
}

export default async function run(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'storyagent-idle-'));
  const testDb = await createPostgresTestDb();
  try {
    await testDb.db.close();
    const folders = (name: string) => ({
      STORAGE_DIR: join(dir, name, 'generated_stories'),
      SHARED_MEDIA_DIR: join(dir, name, 'shared_media'),
    });
    const scaled = await idleServe({
      ...folders('scaled'),
      DATA_DIR: join(dir, 'scaled', 'data'),
      DATABASE_URL: testDb.url!,
      REDIS_URL,
      QUEUE_PREFIX: `bench-idle-${randomBytes(4).toString('hex')}`,
    });
    const embedded = { ...folders('embedded'), DATA_DIR: join(dir, 'embedded', 'data') };
    const fresh = await idleServe(embedded);
    const existing = await idleServe(embedded);
    const baseline = { name: 'scaled serve, idle', value: scaled.rss };
    return [
      {
        name: `embedded serve idle RSS, fresh DATA_DIR (first start ${fresh.startSeconds.toFixed(1)} s)`,
        value: fresh.rss,
        unit: 'MiB',
        baseline,
        ratio: fresh.rss / scaled.rss,
        target: '≤ 250 MiB',
      },
      {
        name: `embedded serve idle RSS, existing DATA_DIR (start ${existing.startSeconds.toFixed(1)} s)`,
        value: existing.rss,
        unit: 'MiB',
        baseline,
        ratio: existing.rss / scaled.rss,
        target: '≤ 250 MiB',
      },
    ];
  } finally {
    await testDb.drop();
    await rm(dir, { recursive: true, force: true });
  }
}
