// Scaled mode: the Video segment's chunks are jobs any free worker takes. Two workers on separate
// hosts (their own folders, an s3rver between them) render one story's chunks; the second worker
// is SIGKILLed in the middle of a chunk, and the story still ends in a whole, playable MP4.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesIn } from '../helpers/processes.js';
import { startTestS3, type TestS3 } from '../helpers/s3-server.js';
import { Client, startServer, uniqueName } from './harness.js';

/** Seconds of each stream and the video's frame count, as ffprobe reads them. */
function probe(file: string) {
  const out = execFileSync('ffprobe', [
    '-v',
    'error',
    '-count_frames',
    '-show_entries',
    'stream=codec_name,duration,nb_read_frames',
    '-of',
    'json',
    file,
  ]).toString();
  return (
    JSON.parse(out) as { streams: Array<{ codec_name: string; duration: string; nb_read_frames?: string }> }
  ).streams;
}

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  ms: number,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('video chunks on many workers (scaled, s3)', { timeout: 240_000 }, () => {
  let s3: TestS3;
  let dir: string;
  beforeAll(async () => {
    s3 = await startTestS3();
    dir = await mkdtemp(join(tmpdir(), 'storyagent-fanout-'));
  });
  afterAll(async () => {
    await s3?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('a second worker takes chunks of a running render; killed mid-chunk, its chunk is rendered again', async () => {
    const prefix = `fanout-${process.pid}`;
    const server = await startServer('scaled', {
      workers: 0,
      env: {
        ...s3.env(prefix),
        QUEUE_LOCK_DURATION_MS: '2000',
        QUEUE_STALLED_INTERVAL_MS: '500',
        VIDEO_CHUNK_CONCURRENCY: '1',
      },
    });
    const [hostA, hostB] = [join(dir, 'host-a'), join(dir, 'host-b')];
    try {
      await server.startWorker({ STORAGE_DIR: hostA });
      const user = await new Client(server.baseUrl).login(uniqueName('fanout'));
      const taskId = await user.newTask({ pages: 6 });
      expect((await user.req('POST', `/api/task/${taskId}/execute`)).status).toBe(202);
      await user.waitFor(taskId, (p) => p.segments[4].status === 'running', 120_000);

      // A second host joins while the first renders: it takes chunks from the queue.
      const b = await server.startWorker({ STORAGE_DIR: hostB });
      const taskOnB = join(hostB, String(taskId));
      await until(
        'a chunk rendering on the second host',
        () => (processesIn(taskOnB).length > 0 ? true : undefined),
        90_000,
      );
      // The chunks are the Video segment job's children on the queue (a BullMQ flow).
      const redis = new Redis(server.config.REDIS_URL!);
      try {
        const jobs = `${server.config.QUEUE_PREFIX}:jobs`;
        const chunkKeys = await redis.keys(`${jobs}:chunk-${taskId}-*`);
        const parents = new Set<string>();
        for (const key of chunkKeys.filter((k) => /chunk-\d+-[0-9a-f]{32}$/.test(k))) {
          const parent = await redis.hget(key, 'parentKey');
          if (parent) parents.add(parent);
        }
        expect(parents.size, `parents of ${chunkKeys.join(' ')}`).toBe(1);
        const [parent] = [...parents];
        expect(await redis.hget(parent!, 'name')).toBe('run-segment');
        expect(JSON.parse((await redis.hget(parent!, 'data'))!)).toMatchObject({ taskId, segmentId: 5 });
      } finally {
        redis.disconnect();
      }
      b.child.kill('SIGKILL');
      expect(await b.exited).toBe('SIGKILL');

      const done = await user.waitFor(taskId, (p) => p.segments[4].status !== 'running', 150_000);
      expect(done.segments[4], JSON.stringify(done.segments[4])).toMatchObject({ status: 'completed' });

      const res = await fetch(`${server.baseUrl}/api/files/generated_stories/${taskId}/video/output.mp4`, {
        headers: { authorization: `Bearer ${user.token}` },
      });
      expect(res.status).toBe(200);
      const mp4 = join(dir, 'film.mp4');
      await writeFile(mp4, Buffer.from(await res.arrayBuffer()));
      const streams = probe(mp4);
      const video = streams.find((s) => s.codec_name === 'h264')!;
      const audio = streams.find((s) => s.codec_name === 'aac')!;
      expect(video && audio).toBeTruthy();
      // Every chunk is in: the picture lasts as long as the narration, frame for frame at 30 fps.
      expect(Math.abs(Number(video.duration) - Number(audio.duration))).toBeLessThan(0.2);
      expect(Math.abs(Number(video.nb_read_frames) - Number(video.duration) * 30)).toBeLessThanOrEqual(2);

      // The first host rendered chunks too, and holds the film it joined.
      const chunksOnA = (await readdir(join(hostA, String(taskId), 'video', 'chunks'))).filter((f) =>
        f.endsWith('.mp4'),
      );
      expect(chunksOnA.length).toBeGreaterThan(1);
      const stored = await s3.keys(`${prefix}/tasks/${taskId}/video/chunks/`);
      expect(stored.filter((k) => k.endsWith('.mp4')).length).toBe(chunksOnA.length);
    } finally {
      await server.stop();
    }
  });
});
