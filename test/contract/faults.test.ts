// Faults users live through: a worker SIGKILLed mid-segment (another takes the job over, no half
// files), Redis restarting under the scaled server (the gateway keeps serving, clients catch up
// with ?after=ID), and an embedded server killed mid-segment (restart marks it retryable).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startRuntime } from '../../src/runtime.js';
import { INTERRUPTED } from '../../src/tasks/lifecycle.js';
import { type PrivateRedis, startPrivateRedis } from '../events/redis-server.js';
import { afterProcessesGone, untilProcessMentions } from '../helpers/processes.js';
import { Client, JWT_SECRET, Listener, REPO_ROOT, sampleScript, startServer, uniqueName } from './harness.js';

/** Story from a script, then Image, Split and Speech: the task is ready for a (slow) Video run. */
async function readyForVideo(user: Client): Promise<number> {
  const taskId = await user.newTask();
  expect((await user.req('PUT', `/api/task/${taskId}/script`, { body: sampleScript() })).status).toBe(200);
  for (const segment of [2, 3, 4]) {
    expect((await user.req('POST', `/api/task/${taskId}/execute/${segment}`)).status).toBe(202);
    const p = await user.waitFor(
      taskId,
      (x) => !['queued', 'running'].includes(x.segments[segment - 1].status),
    );
    expect(p.segments[segment - 1]).toMatchObject({ status: 'completed' });
  }
  return taskId;
}

/** Every file under `dir` whose name marks an unfinished atomic write. */
function tempFiles(dir: string): string[] {
  const found: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && /^\..+\.tmp/.test(e.name)) found.push(join(e.parentPath, e.name));
  }
  return found;
}

function ffprobeDuration(file: string): number {
  return Number(
    execFileSync('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration',
      '-of',
      'csv=p=0',
      file,
    ]).toString(),
  );
}

describe('faults', { timeout: 300_000 }, () => {
  it('scaled: a worker SIGKILLed mid-segment → another worker takes the job over and completes it', async () => {
    const server = await startServer('scaled', {
      env: { QUEUE_LOCK_DURATION_MS: '2000', QUEUE_STALLED_INTERVAL_MS: '500' },
    });
    try {
      const user = await new Client(server.baseUrl).login(uniqueName('kill'));
      const ws = await Listener.open(`${server.wsUrl}?token=${user.token}`);
      const taskId = await readyForVideo(user);
      expect((await user.req('POST', `/api/task/${taskId}/execute/5`)).status).toBe(202);
      await user.waitFor(taskId, (p) => p.segments[4].status === 'running');
      const victim = server.workers[0]!;
      const dir = join(server.config.storageRoot, String(taskId));
      // Killed while its ffmpeg renders the video (the segment is `running` a moment before that).
      expect(await untilProcessMentions(dir, 60_000)).toBe(true);
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toBe('SIGKILL');
      // Its ffmpeg dies with it: nothing competes with the job's retry on the same files.
      expect(await afterProcessesGone(dir, 2000)).toEqual([]);
      // The segment is still the current run: status stays running, nobody marks it failed.
      expect(await user.segmentStatus(taskId, 5)).toBe('running');
      await server.startWorker();
      const done = await user.waitFor(taskId, (p) => p.segments[4].status !== 'running', 120_000);
      expect(done.segments[4]).toMatchObject({ status: 'completed', job_id: `task-${taskId}-seg-5-run-1` });
      const finished = await ws.waitFor((m) => m.type === 'segment_finished' && m.segment_id === 5);
      expect(finished.resources).toContain(`generated_stories/${taskId}/video/output.mp4`);
      expect(ffprobeDuration(join(dir, 'video', 'output.mp4'))).toBeGreaterThan(1);
      expect(tempFiles(dir)).toEqual([]);
      ws.close();
    } finally {
      await server.stop();
    }
  });

  it('scaled: Redis restarts → the gateway keeps serving and clients catch up with ?after', async () => {
    let redis: PrivateRedis | undefined;
    redis = await startPrivateRedis();
    const server = await startServer('scaled', { env: { REDIS_URL: redis.url } });
    try {
      const user = await new Client(server.baseUrl).login(uniqueName('redis'));
      const ws = await Listener.open(`${server.wsUrl}?token=${user.token}`);
      const taskId = await user.newTask();
      await user.req('PUT', `/api/task/${taskId}/script`, { body: sampleScript() });
      expect((await user.req('POST', `/api/task/${taskId}/execute/2`)).status).toBe(202);
      const first = await ws.waitFor((m) => m.type === 'segment_finished' && m.segment_id === 2);

      await redis.kill();
      // The API keeps answering from the database; health names the queue; queuing is a clean 503.
      const health = await user.req('GET', '/api/health', { token: null });
      expect(health.status).toBe(503);
      expect(health.json).toMatchObject({ database: 'ok', queue: 'failing', error: { code: 'unavailable' } });
      expect(health.json.error.message).toContain('queue');
      expect((await user.req('GET', `/api/task/${taskId}/progress`)).status).toBe(200);
      const refused = await user.req('POST', `/api/task/${taskId}/execute/3`);
      expect(refused.status).toBe(503);
      expect(refused.json.error.code).toBe('unavailable');
      expect(ws.closeCode).toBeUndefined();

      await redis.start();
      const until = Date.now() + 30_000;
      while ((await user.req('GET', '/api/health', { token: null })).status !== 200) {
        if (Date.now() > until) throw new Error('health did not come back');
        await new Promise((r) => setTimeout(r, 200));
      }
      // Missed while Redis was away (published into the void), found in the store.
      const missed = await user.req('GET', `/api/notifications?after=${first.id}`);
      expect(missed.json).toEqual([
        expect.objectContaining({
          type: 'segment_failed',
          segment_id: 3,
          error: 'could not queue the job; execute again',
        }),
      ]);
      // The same socket gets live messages again once the bus has re-subscribed.
      const retry = await user.req('POST', `/api/task/${taskId}/execute/3`);
      expect(retry.status).toBe(202);
      const live = await ws.waitFor((m) => m.type === 'segment_finished' && m.segment_id === 3, 60_000);
      expect(live.task_id).toBe(taskId);
      ws.close();
    } finally {
      await server.stop();
      await redis.stop();
    }
  });

  it('embedded: a server killed mid-segment restarts with it failed-retryable; the data folder has one owner', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'storyagent-crash-'));
    const env = {
      DATA_DIR: join(dir, 'data'),
      STORAGE_DIR: join(dir, 'generated_stories'),
      SHARED_MEDIA_DIR: join(dir, 'shared_media'),
      JWT_SECRET,
      LOG_LEVEL: 'warn',
      PORT: '0',
    };
    let child: ChildProcess | undefined;
    try {
      child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
        cwd: REPO_ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      const baseUrl = await new Promise<string>((resolve, reject) => {
        let err = '';
        child!.stderr!.on('data', (d) => {
          err += d;
          const m = /serving (http:\/\/\S+?) /.exec(err);
          if (m) resolve(m[1]!);
        });
        child!.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
      });
      const user = await new Client(baseUrl).login(uniqueName('crash'));
      const taskId = await readyForVideo(user);

      // A second process on the same DATA_DIR is refused: PGlite would silently lose its writes.
      await expect(startRuntime({ config: loadConfig(env), role: 'serve' })).rejects.toThrow(
        /in use by another/,
      );

      expect((await user.req('POST', `/api/task/${taskId}/execute/5`)).status).toBe(202);
      await user.waitFor(taskId, (p) => p.segments[4].status === 'running');
      const gone = new Promise((r) => child!.once('exit', r));
      const taskDir = join(env.STORAGE_DIR, String(taskId));
      expect(await untilProcessMentions(taskDir, 60_000)).toBe(true);
      child.kill('SIGKILL');
      await gone;
      expect(await afterProcessesGone(taskDir, 2000)).toEqual([]);

      const runtime = await startRuntime({
        config: loadConfig({ ...env, LOG_LEVEL: 'silent' }),
        role: 'serve',
      });
      try {
        await runtime.app!.listen({ port: 0, host: '127.0.0.1' });
        const again = new Client(
          `http://127.0.0.1:${(runtime.app!.server.address() as { port: number }).port}`,
        );
        again.token = user.token;
        const p = await again.req('GET', `/api/task/${taskId}/progress`);
        expect(p.json.segments[4]).toMatchObject({ status: 'failed', error: INTERRUPTED });
        const stored = await again.req('GET', '/api/notifications?after=0');
        expect(stored.json.at(-1)).toMatchObject({
          type: 'segment_failed',
          segment_id: 5,
          error: INTERRUPTED,
        });
        expect((await again.req('POST', `/api/task/${taskId}/execute/5`)).status).toBe(202);
        const done = await again.waitFor(
          taskId,
          (x) => !['queued', 'running'].includes(x.segments[4].status),
        );
        expect(done.segments[4].status).toBe('completed');
        expect(tempFiles(join(env.STORAGE_DIR, String(taskId)))).toEqual([]);
      } finally {
        await runtime.close();
      }
    } finally {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
