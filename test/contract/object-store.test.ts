// Workers on many hosts: with STORAGE_URL the task files live in an S3-compatible store (a real
// s3rver here); every process keeps its own working folder. Two workers with separate folders and the
// server with a third run a story to a playable MP4, a worker SIGKILLed mid-Video is taken over by
// the other, the video streams from the store with Range, and deleting the task deletes its objects.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesMentioning } from '../helpers/processes.js';
import { startTestS3, type TestS3 } from '../helpers/s3-server.js';
import { Client, sampleScript, startServer, uniqueName } from './harness.js';
import { bearer, call, SRT, upload, waitTask } from './v1-helpers.js';

function streams(file: string): string[] {
  return execFileSync('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_name',
    '-of',
    'csv=p=0',
    file,
  ])
    .toString()
    .trim()
    .split('\n');
}

/** The worker folder whose ffmpeg renders this task, once one does. */
async function renderingIn(dirs: string[], taskId: number, ms: number): Promise<number> {
  const until = Date.now() + ms;
  for (;;) {
    const i = dirs.findIndex((d) => processesMentioning(join(d, String(taskId))).length > 0);
    if (i >= 0) return i;
    if (Date.now() > until) throw new Error('no worker started rendering');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('object store (s3)', { timeout: 180_000 }, () => {
  let s3: TestS3;
  let dir: string;
  beforeAll(async () => {
    s3 = await startTestS3();
    dir = await mkdtemp(join(tmpdir(), 'storyagent-hosts-'));
  });
  afterAll(async () => {
    await s3?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('two workers with separate folders: a killed one is taken over, the MP4 streams from the store with Range, delete removes the objects', async () => {
    const prefix = `run-${process.pid}`;
    const server = await startServer('scaled', {
      workers: 0,
      env: { ...s3.env(prefix), QUEUE_LOCK_DURATION_MS: '2000', QUEUE_STALLED_INTERVAL_MS: '500' },
    });
    const hosts = [join(dir, 'host-a'), join(dir, 'host-b')];
    try {
      await server.startWorker({ STORAGE_DIR: hosts[0]! });
      const user = await new Client(server.baseUrl).login(uniqueName('s3'));
      const taskId = await user.newTask({ pages: 1 });
      const script = sampleScript();
      script.pages = script.pages.slice(0, 1);
      expect((await user.req('PUT', `/api/task/${taskId}/script`, { body: script })).status).toBe(200);
      const stored = `${prefix}/tasks/${taskId}/`;
      // The server's change is in the store, where a worker on another host finds it.
      expect(await s3.keys(stored)).toEqual([`${stored}script_data.json`]);
      for (const segment of [2, 3, 4]) {
        expect((await user.req('POST', `/api/task/${taskId}/execute/${segment}`)).status).toBe(202);
        const p = await user.waitFor(
          taskId,
          (x) => !['queued', 'running'].includes(x.segments[segment - 1].status),
        );
        expect(p.segments[segment - 1]).toMatchObject({ status: 'completed' });
      }
      expect(await s3.keys(`${stored}image/`)).toEqual([`${stored}image/p1.png`]);

      // A second host with an empty folder; whichever worker renders the video is killed mid-render.
      await server.startWorker({ STORAGE_DIR: hosts[1]! });
      expect((await user.req('POST', `/api/task/${taskId}/execute/5`)).status).toBe(202);
      const victim = await renderingIn(hosts, taskId, 60_000);
      server.workers[victim]!.child.kill('SIGKILL');
      expect(await server.workers[victim]!.exited).toBe('SIGKILL');
      const done = await user.waitFor(taskId, (p) => p.segments[4].status !== 'running', 120_000);
      expect(done.segments[4]).toMatchObject({ status: 'completed' });
      const survivor = hosts[1 - victim]!;
      expect(existsSync(join(survivor, String(taskId), 'video', 'output.mp4'))).toBe(true);
      // The film, its subtitles, and its chunks (so a worker on any host can reuse them).
      const videoKeys = await s3.keys(`${stored}video/`);
      expect(videoKeys.filter((k) => !k.startsWith(`${stored}video/chunks/`))).toEqual([
        `${stored}video/output.mp4`,
        `${stored}video/subtitles.srt`,
      ]);
      expect(videoKeys.filter((k) => k.startsWith(`${stored}video/chunks/`)).length).toBeGreaterThan(0);
      // The server's own folder never held the video: it is sent from the store.
      expect(existsSync(join(server.config.storageRoot, String(taskId), 'video'))).toBe(false);

      const url = `/api/files/generated_stories/${taskId}/video/output.mp4`;
      const head = await fetch(server.baseUrl + url, {
        headers: { authorization: `Bearer ${user.token}`, range: 'bytes=0-99' },
      });
      expect(head.status).toBe(206);
      expect(head.headers.get('content-type')).toBe('video/mp4');
      const total = Number(/^bytes 0-99\/(\d+)$/.exec(head.headers.get('content-range') ?? '')?.[1]);
      expect(total).toBeGreaterThan(1000);
      expect((await head.arrayBuffer()).byteLength).toBe(100);
      const whole = await fetch(server.baseUrl + url, { headers: { authorization: `Bearer ${user.token}` } });
      expect(whole.status).toBe(200);
      const mp4 = join(dir, 'downloaded.mp4');
      await writeFile(mp4, Buffer.from(await whole.arrayBuffer()));
      expect(streams(mp4).sort()).toEqual(['aac', 'h264']);
      // Another user's request is a 404, as for a task that does not exist.
      const other = await new Client(server.baseUrl).login(uniqueName('s3other'));
      expect((await other.req('GET', url)).status).toBe(404);

      expect((await user.req('DELETE', `/api/task/${taskId}`)).status).toBe(200);
      expect(await s3.keys(stored)).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('v1: an upload is stored, a worker on another host dubs it, downloads redirect to presigned URLs (Range too)', async () => {
    const prefix = `v1-${process.pid}`;
    const server = await startServer('scaled', {
      workers: 0,
      env: { ...s3.env(prefix), STORAGE_DOWNLOADS: 'redirect' },
    });
    const host = join(dir, 'host-v1');
    try {
      await server.startWorker({ SHARED_MEDIA_DIR: host, STORAGE_DIR: join(host, 'stories') });
      const user = await new Client(server.baseUrl).login(uniqueName('s3v1'));
      const auth = bearer(user);
      const up = await upload(user, auth, 'movie.srt', SRT);
      expect(up.status).toBe(201);
      const keys = await s3.keys(`${prefix}/users/`);
      expect(keys).toHaveLength(1);
      expect(keys[0]!.endsWith(`/${up.json.relative_path}`)).toBe(true);

      const dub = await call(user, auth, 'POST', '/api/v1/tasks/', {
        task_type: 'GENERATE_DUBBING',
        payload: { transcript_path: up.json.relative_path, service_params: { template_name: 'espeak_en' } },
      });
      expect(dub.status).toBe(202);
      const dubbed = await waitTask(user, auth, dub.json.id);
      expect(dubbed.status, dubbed.error).toBe('COMPLETED');

      // The result is sent by the store: a redirect to a presigned URL that needs no token.
      const result = await fetch(dubbed.download_url, { headers: auth, redirect: 'manual' });
      expect(result.status).toBe(302);
      const script = (await (await fetch(result.headers.get('location')!)).json()) as {
        dubbing_script: Array<{ audio_file_path: string }>;
      };
      const clip = script.dubbing_script[0]!.audio_file_path;
      const wav = await fetch(`${server.baseUrl}/api/v1/files/download/?path=${encodeURIComponent(clip)}`, {
        headers: auth,
        redirect: 'manual',
      });
      expect(wav.status).toBe(302);
      const head = await fetch(wav.headers.get('location')!, { headers: { range: 'bytes=0-3' } });
      expect(head.status).toBe(206);
      expect(Buffer.from(await head.arrayBuffer()).toString('latin1')).toBe('RIFF');
      // The server's own folder holds the upload only: the outputs came through the store.
      const userId = keys[0]!.split('/')[2]!;
      const outputs = (root: string) => join(root, 'users', userId, 'tasks', String(dubbed.id));
      expect(existsSync(outputs(host))).toBe(true);
      expect(existsSync(outputs(server.config.sharedMediaRoot))).toBe(false);
      // An escape is refused before the store is asked.
      const outside = await user.req('GET', `/api/v1/files/download/?path=${encodeURIComponent('../x')}`);
      expect([400, 404]).toContain(outside.status);
    } finally {
      await server.stop();
    }
  });
});
