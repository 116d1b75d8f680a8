// `storyagent user list|disable|enable|delete|set-password|promote` as an administrator runs them
// with the server stopped: the real CLI in a child process on a real DATA_DIR (PGlite on disk).
import { access, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AuthService } from '../../src/auth/service.js';
import { loadConfig } from '../../src/config.js';
import { openDatabaseAt } from '../../src/deployment.js';
import { TaskRepository } from '../../src/tasks/repository.js';
import { runCli } from '../helpers/cli.js';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

let dir: string;
let env: Record<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storyagent-user-cli-'));
  env = {
    DATA_DIR: join(dir, 'data'),
    STORAGE_DIR: join(dir, 'generated_stories'),
    SHARED_MEDIA_DIR: join(dir, 'shared_media'),
    LOG_LEVEL: 'silent',
    DATABASE_URL: '',
    REDIS_URL: '',
  };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Opens the CLI's database between commands (it is locked while one runs). */
async function withDb<T>(fn: (auth: AuthService, tasks: TaskRepository) => Promise<T>): Promise<T> {
  const config = loadConfig(env);
  const db = await openDatabaseAt({ kind: 'pglite', dataDir: config.dataRoot });
  try {
    return await fn(await AuthService.create(db, config), new TaskRepository(db));
  } finally {
    await db.close();
  }
}

describe('storyagent user (embedded, server stopped)', () => {
  test('sets a password, promotes, disables, lists and deletes a user with everything it owns', async () => {
    const created = await runCli(['user', 'create', '--username', 'carol', '--password-stdin'], {
      env,
      input: 'first password\n',
    });
    expect(created.code, created.stderr).toBe(0);
    const id = Number(created.stdout.trim());

    const reset = await runCli(['user', 'set-password', 'carol', '--password-stdin'], {
      env,
      input: 'second password\n',
    });
    expect(reset.code, reset.stderr).toBe(0);
    const taskId = await withDb(async (auth, tasks) => {
      await expect(auth.login('carol', 'first password')).rejects.toMatchObject({ status: 401 });
      await expect(auth.login('carol', 'second password')).resolves.toMatchObject({ user: { id } });
      const { task } = await tasks.create({
        userId: id,
        topic: '小猫',
        mainRole: '',
        scene: '',
        language: 'zh',
        pages: 2,
        aspect: '16:9',
        seed: 1,
        options: {},
      });
      return task.id;
    });
    const taskDir = join(env.STORAGE_DIR!, String(taskId));
    const space = join(env.SHARED_MEDIA_DIR!, 'users', String(id));
    await mkdir(taskDir, { recursive: true });
    await writeFile(join(taskDir, 'script_data.json'), '{}');
    await mkdir(join(space, 'uploads'), { recursive: true });
    await writeFile(join(space, 'uploads', 'talk.srt'), '1\n00:00:00,000 --> 00:00:01,000\nhi\n');

    expect((await runCli(['user', 'promote', String(id)], { env })).code).toBe(0);
    const disabled = await runCli(['user', 'disable', 'carol'], { env });
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(disabled.stderr).toContain(`Disabled user carol (id ${id})`);
    await withDb(async (auth) => {
      await expect(auth.login('carol', 'second password')).rejects.toMatchObject({
        status: 403,
        code: 'account_disabled',
      });
    });

    const listed = await runCli(['user', 'list'], { env });
    expect(listed.code, listed.stderr).toBe(0);
    const [header, ...rows] = listed.stdout.trim().split('\n');
    expect(header!.split('\t')).toEqual([
      'id',
      'username',
      'admin',
      'active',
      'tasks',
      'v1_tasks',
      'last_login',
      'created',
    ]);
    expect(rows.map((r) => r.split('\t').slice(0, 6))).toEqual([
      [String(id), 'carol', 'yes', 'no', '1', '0'],
    ]);
    expect(rows[0]!.split('\t')[6]).toMatch(/^\d{4}-\d\d-\d\dT/);

    const unconfirmed = await runCli(['user', 'delete', 'carol'], { env });
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('--yes');
    expect(await exists(taskDir)).toBe(true);

    const deleted = await runCli(['user', 'delete', 'carol', '--yes'], { env });
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(await exists(taskDir)).toBe(false);
    expect(await exists(space)).toBe(false);
    await withDb(async (auth, tasks) => {
      expect(await auth.getUser(id)).toBeUndefined();
      expect(await tasks.findById(taskId)).toBeUndefined();
    });

    const missing = await runCli(['user', 'enable', 'carol'], { env });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('storyagent: No user "carol"');
  }, 240_000);
});
