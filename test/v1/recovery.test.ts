// v1 tasks whose job is lost are not left PENDING or RUNNING for ever: the scaled server's sweep
// fails a task whose job Redis lost, and an embedded server's restart fails the tasks its crash
// interrupted; both tell the owner with task_failed.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startRuntime } from '../../src/runtime.js';
import { V1_INTERRUPTED } from '../../src/v1/lifecycle.js';
import { createPostgresTestDb, type TestDatabase } from '../helpers/db.js';
import { STORM_SRT } from '../helpers/source-media.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'v1-recovery-secret-0123456789abcdef0123456';

const notices = (db: { query: TestDatabase['db']['query'] }, id: number) =>
  db
    .query<{ payload: Record<string, unknown> }>(
      `SELECT payload FROM notifications WHERE payload->>'v1_task_id' = $1 ORDER BY id`,
      [String(id)],
    )
    .then((rows) => rows.map((r) => r.payload));

describe('v1 tasks after a lost job', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sa-v1-rec-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('scaled: the sweep fails a task whose job Redis lost and stores task_failed', async () => {
    const testDb = await createPostgresTestDb();
    const prefix = `sa-v1rec-${randomBytes(4).toString('hex')}`;
    const runtime = await startRuntime({
      config: loadConfig({
        DATA_DIR: join(dir, 'data'),
        STORAGE_DIR: join(dir, 'gs'),
        SHARED_MEDIA_DIR: join(dir, 'media'),
        JWT_SECRET: SECRET,
        LOG_LEVEL: 'silent',
        DATABASE_URL: testDb.url!,
        REDIS_URL,
        QUEUE_PREFIX: prefix,
        RECONCILE_INTERVAL_MS: '100',
      }),
      role: 'serve',
      reconcileGraceMs: 300,
    });
    const inspect = new Queue('jobs', { connection: { url: REDIS_URL }, prefix });
    try {
      const app = runtime.app!;
      await app.inject({
        method: 'POST',
        url: '/api/register',
        payload: { username: 'rec', password: 'correct horse' },
      });
      const login = await app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { username: 'rec', password: 'correct horse' },
      });
      const auth = { authorization: `Bearer ${login.json().access_token}` };
      const boundary = 'x1x';
      const up = await app.inject({
        method: 'POST',
        url: '/api/v1/files/upload/',
        headers: { ...auth, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.srt"\r\n\r\n${STORM_SRT}\r\n--${boundary}--\r\n`,
      });
      expect(up.statusCode).toBe(201);
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/tasks/',
        headers: auth,
        payload: { task_type: 'GENERATE_NARRATION', payload: { transcript_path: up.json().relative_path } },
      });
      const id = created.json().id as number;
      // No worker runs; Redis loses the job.
      await (await inspect.getJob(`v1-task-${id}`))!.remove();
      await testDb.db.query(`UPDATE v1_tasks SET updated_at = now() - interval '1 minute' WHERE id = $1`, [
        id,
      ]);
      const until = Date.now() + 10_000;
      let status = 'PENDING';
      while (status !== 'FAILED' && Date.now() < until) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await app.inject({ method: 'GET', url: `/api/v1/tasks/${id}/`, headers: auth })).json()
          .status;
      }
      expect(status).toBe('FAILED');
      expect(await notices(testDb.db, id)).toEqual([
        expect.objectContaining({
          type: 'task_failed',
          v1_task_id: id,
          status: 'FAILED',
          error: V1_INTERRUPTED,
        }),
      ]);
    } finally {
      await runtime.close();
      await inspect.obliterate({ force: true }).catch(() => {});
      await inspect.close();
      await testDb.drop();
    }
  });

  it('embedded: a restart fails the tasks the crash interrupted and stores task_failed', async () => {
    const config = loadConfig({
      DATA_DIR: join(dir, 'emb'),
      STORAGE_DIR: join(dir, 'gs2'),
      SHARED_MEDIA_DIR: join(dir, 'media2'),
      JWT_SECRET: SECRET,
      LOG_LEVEL: 'silent',
    });
    // A first run leaves a task RUNNING, as a killed process would.
    let runtime = await startRuntime({ config, role: 'serve' });
    const [user] = await runtime.db.query<{ id: number }>(
      `INSERT INTO users (username, password_hash) VALUES ('crash', 'x') RETURNING id`,
    );
    const [task] = await runtime.db.query<{ id: number }>(
      `INSERT INTO v1_tasks (user_id, task_type, status, job_id) VALUES ($1, 'GENERATE_DUBBING', 'RUNNING', 'v1-task-x') RETURNING id`,
      [user!.id],
    );
    await runtime.close();
    runtime = await startRuntime({ config, role: 'serve' });
    try {
      const [row] = await runtime.db.query<{ status: string; error: string }>(
        'SELECT status, error FROM v1_tasks WHERE id = $1',
        [task!.id],
      );
      expect(row).toEqual({ status: 'FAILED', error: V1_INTERRUPTED });
      expect(await notices(runtime.db, task!.id)).toEqual([
        expect.objectContaining({
          type: 'task_failed',
          task_type: 'GENERATE_DUBBING',
          error: V1_INTERRUPTED,
        }),
      ]);
    } finally {
      await runtime.close();
    }
  });
});
