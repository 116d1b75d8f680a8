// Backup and restore of the embedded mode as an operator uses them: refused while the server runs,
// then backup → fresh folders → restore, and a new server serves the same users, tasks and
// byte-identical files; a restore never overwrites a folder that holds data.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startRuntime } from '../../src/runtime.js';
import { Client, JWT_SECRET, startServer } from '../contract/harness.js';
import { runCli } from '../helpers/cli.js';

describe('storyagent backup / restore', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storyagent-backup-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('restores into fresh folders a server that serves the same tasks and files', async () => {
    const server = await startServer('embedded');
    const { config } = server;
    const oldEnv = {
      DATA_DIR: config.dataRoot,
      STORAGE_DIR: config.storageRoot,
      SHARED_MEDIA_DIR: config.sharedMediaRoot,
    };
    const archive = join(dir, 'backup.tar.gz');
    const user = `backup${process.pid}`;
    let before: { tasks: unknown; progress: unknown; files: Map<string, Buffer>; upload: Buffer };
    try {
      const client = await new Client(server.baseUrl).login(user);
      const taskId = await client.newTask({ pages: 1 });
      for (const segment of [1, 2]) {
        expect((await client.req('POST', `/api/task/${taskId}/execute/${segment}`)).status).toBe(202);
        await client.waitFor(
          taskId,
          (p) => p.segments[segment - 1].status === 'completed' || p.status === 'failed',
          120_000,
        );
      }
      const form = new FormData();
      form.append('file', new Blob(['1\n00:00:00,000 --> 00:00:01,000\nhello\n']), 'movie.srt');
      const upload = await fetch(`${server.baseUrl}/api/v1/files/upload/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${client.token}` },
        body: form,
      });
      expect(upload.status).toBe(201);
      const uploadPath = ((await upload.json()) as { relative_path: string }).relative_path;

      // While the server holds DATA_DIR, a backup would copy files PGlite is writing: refused.
      const refused = await runCli(['backup', '--out', archive], { env: oldEnv });
      expect(refused.code).toBe(1);
      expect(refused.stderr.trim()).toMatch(
        /^storyagent: backup needs the data folder to itself: .* in use by another storyagent process \(pid \d+\)/,
      );

      before = await snapshot(client, taskId, uploadPath);
      expect(before.files.size).toBeGreaterThanOrEqual(2);
    } finally {
      await server.runtime.close();
    }

    const made = await runCli(['backup', '--out', archive], { env: oldEnv });
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/^Backup written: .*backup\.tar\.gz/);
    await rm(join(config.dataRoot, '..'), { recursive: true, force: true });

    const fresh = join(dir, 'fresh');
    const newEnv = {
      DATA_DIR: join(fresh, 'data'),
      STORAGE_DIR: join(fresh, 'generated_stories'),
      SHARED_MEDIA_DIR: join(fresh, 'shared_media'),
    };
    const restored = await runCli(['restore', archive], { env: newEnv });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);

    const runtime = await startRuntime({
      config: loadConfig({ ...newEnv, JWT_SECRET, LOG_LEVEL: 'silent' }),
      role: 'serve',
    });
    try {
      const address = await runtime.app!.listen({ port: 0, host: '127.0.0.1' });
      const client = await new Client(address).login(user);
      const taskId = (before.tasks as { task_ids: number[] }).task_ids[0]!;
      const after = await snapshot(
        client,
        taskId,
        [...before.files.keys()].find((k) => !k.startsWith('generated_stories/'))!,
      );
      expect(after.tasks).toEqual(before.tasks);
      expect(after.progress).toEqual(before.progress);
      expect([...after.files.keys()]).toEqual([...before.files.keys()]);
      for (const [path, bytes] of before.files) expect(after.files.get(path)!.equals(bytes)).toBe(true);
    } finally {
      await runtime.close();
    }

    // Into folders that hold data: refused, and nothing there changes.
    const again = await runCli(['restore', archive], { env: newEnv });
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toMatch(/is not empty: restore into empty folders .* nothing was changed$/);
  }, 400_000);

  it('refuses the scaled mode with the way to back it up', async () => {
    const res = await runCli(['backup', '--out', join(dir, 'x.tar.gz')], {
      env: { DATABASE_URL: 'postgres://127.0.0.1:1/x', REDIS_URL: 'redis://127.0.0.1:1' },
    });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('use pg_dump for DATABASE_URL');
  });
});

/** What a user sees: the task list, the progress, and the bytes of every file of the task and an upload. */
async function snapshot(client: Client, taskId: number, uploadPath: string) {
  const tasks = (await client.req('GET', '/api/task/mytasks')).json;
  const progress = (await client.req('GET', `/api/task/${taskId}/progress`)).json;
  const files = new Map<string, Buffer>();
  for (const segment of [1, 2]) {
    const res = await client.req('GET', `/api/task/${taskId}/resource?segmentId=${segment}`);
    for (const path of res.json.resources as string[]) {
      const file = await fetch(`${client.baseUrl}/api/files/${path}`, {
        headers: { authorization: `Bearer ${client.token}` },
      });
      expect([path, file.status]).toEqual([path, 200]);
      files.set(path, Buffer.from(await file.arrayBuffer()));
    }
  }
  const upload = await fetch(
    `${client.baseUrl}/api/v1/files/download/?path=${encodeURIComponent(uploadPath)}`,
    {
      headers: { authorization: `Bearer ${client.token}` },
    },
  );
  expect(upload.status).toBe(200);
  files.set(uploadPath, Buffer.from(await upload.arrayBuffer()));
  return { tasks, progress, files, upload: files.get(uploadPath)! };
}
