// `storyagent doctor` as the person on call runs it: every check passes against a healthy service
// (embedded, and scaled with a worker), and a stopped Redis, an unreachable database or a read-only
// storage folder is named in the table with its advice and exit code 1.
import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { type Server, startServer, TEST_REDIS_URL } from '../contract/harness.js';
import { startPrivateRedis } from '../events/redis-server.js';
import { runCli } from '../helpers/cli.js';

const envOf = (config: Config): Record<string, string> => ({
  DATA_DIR: config.dataRoot,
  STORAGE_DIR: config.storageRoot,
  SHARED_MEDIA_DIR: config.sharedMediaRoot,
  DATABASE_URL: config.DATABASE_URL ?? '',
  REDIS_URL: config.REDIS_URL ?? '',
  QUEUE_PREFIX: config.QUEUE_PREFIX,
});

/** The table row of one check: its status and detail. */
const row = (stdout: string, name: string) =>
  stdout
    .split('\n')
    .find((l) => l.startsWith(`${name} `))
    ?.slice(name.length)
    .trim();

describe('storyagent doctor', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storyagent-doctor-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('passes on a running embedded server, including the client flow against it', async () => {
    const server = await startServer('embedded');
    try {
      const res = await runCli(['doctor', '--server', server.baseUrl], { env: envOf(server.config) });
      expect(res.stdout).toContain('All checks passed.');
      expect(res.code).toBe(0);
      expect(row(res.stdout, 'workers')).toMatch(/^OK\s+1 alive: serve/);
      expect(row(res.stdout, 'server: notification')).toMatch(/^OK\s+segment_finished for task \d+/);
      expect(row(res.stdout, 'Redis')).toMatch(/^SKIP/);
    } finally {
      await server.stop();
    }
  }, 180_000);

  it('passes scaled with a worker, and names Redis with advice once Redis is stopped', async () => {
    const redis = await startPrivateRedis();
    const server: Server = await startServer('scaled', { env: { REDIS_URL: redis.url } });
    try {
      const env = envOf(server.config);
      const healthy = await runCli(['doctor'], { env });
      expect(healthy.stdout).toContain('All checks passed.');
      expect(healthy.code).toBe(0);
      expect(row(healthy.stdout, 'pub/sub')).toMatch(/^OK/);
      expect(row(healthy.stdout, 'queue')).toMatch(/^OK\s+BullMQ/);
      expect(row(healthy.stdout, 'workers')).toMatch(/^OK\s+1 alive: worker/);

      await redis.stop();
      let broken: Awaited<ReturnType<typeof runCli>>;
      try {
        broken = await runCli(['doctor'], { env });
      } finally {
        // Back before anything can fail: the server and its worker stop cleanly only with Redis.
        await redis.start();
      }
      expect(broken.code).toBe(1);
      expect(row(broken.stdout, 'Redis')).toMatch(/^FAIL/);
      expect(broken.stdout).toContain(`→ start Redis at ${redis.url}`);
      expect(row(broken.stdout, 'database')).toMatch(/^OK/);
      expect(broken.stdout).toMatch(/Failing: Redis, pub\/sub, queue, workers$/m);
    } finally {
      await server.stop();
      await redis.stop();
    }
  }, 180_000);

  it('names the database when PostgreSQL does not answer', async () => {
    const res = await runCli(['doctor'], {
      env: {
        DATA_DIR: join(dir, 'data'),
        STORAGE_DIR: join(dir, 'stories'),
        SHARED_MEDIA_DIR: join(dir, 'shared'),
        DATABASE_URL: 'postgres://postgres:secret-pw@127.0.0.1:1/test',
        REDIS_URL: TEST_REDIS_URL,
      },
    });
    expect(res.code).toBe(1);
    expect(row(res.stdout, 'database')).toMatch(/^FAIL/);
    expect(res.stdout).toContain('→ start PostgreSQL or fix DATABASE_URL');
    expect(row(res.stdout, 'migrations')).toMatch(/^SKIP/);
    expect(res.stdout).not.toContain('secret-pw');
  }, 120_000);

  it('names a read-only storage folder, even for root', async () => {
    const stories = join(dir, 'readonly-stories');
    await mkdir(stories, { recursive: true });
    await chmod(stories, 0o555);
    // root ignores permission bits: make the folder immutable as well.
    const root = process.getuid?.() === 0;
    if (root) execFileSync('chattr', ['+i', stories]);
    try {
      const res = await runCli(['doctor'], {
        env: {
          DATA_DIR: join(dir, 'data2'),
          STORAGE_DIR: stories,
          SHARED_MEDIA_DIR: join(dir, 'shared2'),
          DATABASE_URL: '',
          REDIS_URL: '',
        },
      });
      expect(res.code).toBe(1);
      expect(row(res.stdout, 'STORAGE_DIR')).toMatch(/^FAIL\s+STORAGE_DIR .* is not writable/);
      expect(res.stdout).toContain(`→ make ${stories} writable by this user`);
      expect(row(res.stdout, 'DATA_DIR')).toMatch(/^OK/);
      // No server runs on that DATA_DIR: nothing would run the jobs.
      expect(row(res.stdout, 'workers')).toMatch(/^FAIL/);
    } finally {
      if (root) execFileSync('chattr', ['-i', stories]);
      await chmod(stories, 0o755);
    }
  }, 180_000);
});
