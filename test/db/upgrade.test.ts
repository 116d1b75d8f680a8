// Upgrades as an operator runs them: a database written by the first schema (001 + 002: users,
// storybook tasks, notifications) gets every later migration on start, and the server then serves
// the same user, task, file and notification.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import { loadConfig } from '../../src/config.js';
import { PGLITE_CONF, pgliteDatabase } from '../../src/db/database.js';
import { pendingMigrations } from '../../src/db/migrate.js';
import { startRuntime } from '../../src/runtime.js';
import { Client, JWT_SECRET } from '../contract/harness.js';

const MIGRATIONS = fileURLToPath(new URL('../../migrations/', import.meta.url));
const FIRST_SCHEMA = ['001_auth.sql', '002_tasks.sql'];

describe('upgrading a database of the first schema', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storyagent-upgrade-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('applies every later migration on start and serves the old data', async () => {
    const env = {
      DATA_DIR: join(dir, 'data'),
      STORAGE_DIR: join(dir, 'generated_stories'),
      SHARED_MEDIA_DIR: join(dir, 'shared_media'),
    };
    // The first release's database, written the way it wrote it (a bare cluster: openDatabase
    // would create today's schema in a new folder).
    await mkdir(join(env.DATA_DIR, 'pgdata'), { recursive: true });
    const old = pgliteDatabase(
      await PGlite.create(join(env.DATA_DIR, 'pgdata'), { postgresqlconf: PGLITE_CONF }),
    );
    await old.query(`CREATE TABLE schema_migrations (
      version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    for (const file of FIRST_SCHEMA) {
      const sql = (await readFile(join(MIGRATIONS, file), 'utf8')).replace(/^\s*--.*$/gm, '');
      for (const statement of sql
        .split(/;\s*\n/)
        .map((s) => s.trim())
        .filter(Boolean))
        await old.query(statement);
      await old.query('INSERT INTO schema_migrations (version) VALUES ($1)', [file]);
    }
    const [user] = await old.query<{ id: number }>(
      `INSERT INTO users (username, password_hash) VALUES ('veteran', $1) RETURNING id`,
      [await hashPassword('correct horse battery')],
    );
    const [task] = await old.query<{ id: number }>(
      `INSERT INTO tasks (user_id, topic, language, pages) VALUES ($1, '老故事', 'zh', 1) RETURNING id`,
      [user!.id],
    );
    for (let s = 1; s <= 5; s++) {
      await old.query(
        `INSERT INTO task_segments (task_id, segment_id, status, resources, run) VALUES ($1, $2, $3, $4, $5)`,
        [
          task!.id,
          s,
          s === 1 ? 'completed' : 'pending',
          JSON.stringify(s === 1 ? ['script_data.json'] : []),
          s === 1 ? 1 : 0,
        ],
      );
    }
    await old.query(`INSERT INTO notifications (user_id, payload) VALUES ($1, $2)`, [
      user!.id,
      JSON.stringify({
        type: 'segment_finished',
        task_id: task!.id,
        segment_id: 1,
        status: 'completed',
        resources: [],
      }),
    ]);
    const later = (await readdir(MIGRATIONS)).filter(
      (f) => /^\d{3}_.+\.sql$/.test(f) && !FIRST_SCHEMA.includes(f),
    );
    expect(later.length).toBeGreaterThan(0);
    expect((await pendingMigrations(old)).sort()).toEqual(later.sort());
    await old.close();
    const script = Buffer.from(JSON.stringify({ title: '老故事', pages: [] }));
    await mkdir(join(env.STORAGE_DIR, String(task!.id)), { recursive: true });
    await writeFile(join(env.STORAGE_DIR, String(task!.id), 'script_data.json'), script);

    const runtime = await startRuntime({
      config: loadConfig({ ...env, JWT_SECRET, LOG_LEVEL: 'silent' }),
      role: 'serve',
    });
    try {
      expect(await pendingMigrations(runtime.db)).toEqual([]);
      const address = await runtime.app!.listen({ port: 0, host: '127.0.0.1' });
      const client = await new Client(address).login('veteran');
      const mine = await client.req('GET', '/api/task/mytasks');
      expect(mine.json.task_ids).toEqual([task!.id]);
      const progress = await client.req('GET', `/api/task/${task!.id}/progress`);
      expect(progress.json).toMatchObject({ task_id: task!.id, current_segment: 1 });
      expect(progress.json.segments[0].status).toBe('completed');
      const file = await fetch(`${address}/api/files/generated_stories/${task!.id}/script_data.json`, {
        headers: { authorization: `Bearer ${client.token}` },
      });
      expect(file.status).toBe(200);
      expect(Buffer.from(await file.arrayBuffer()).equals(script)).toBe(true);
      const notes = await client.req('GET', '/api/notifications?after=0');
      expect(JSON.stringify(notes.json)).toContain('"segment_finished"');
    } finally {
      await runtime.close();
    }
  }, 120_000);
});
