// The seed's flow against a listening server, in the embedded and the scaled mode: register → login
// → new → execute 1..5 in turn with a WebSocket receiving each segment_finished, the files, the MP4
// by Range; then what happens around a running segment: 409s, one of two concurrent executes,
// re-runs, execute-all, cancel, and delete while running.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processesIn } from '../helpers/processes.js';
import { Client, Listener, type Server, startServer, uniqueName } from './harness.js';
import { MODES } from './modes.js';

const EXPECTED_TYPES: Record<string, string> = {
  png: 'image/png',
  wav: 'audio/wav',
  mp4: 'video/mp4',
  json: 'application/json',
  srt: 'application/x-subrip',
};

const settled = (s: string) => !['queued', 'running'].includes(s);

// Rendering is CPU-bound and the machine may be shared: generous per-test time.
describe.each(MODES)('seed flow (%s mode)', { timeout: 480_000 }, (mode) => {
  let server: Server;
  let user: Client;
  let ws: Listener;
  /** A task whose five segments completed in the first test; later tests re-run its Video. */
  let taskId = 0;

  beforeAll(async () => {
    server = await startServer(mode);
    user = await new Client(server.baseUrl).login(uniqueName('flow'));
    ws = await Listener.open(`${server.wsUrl}?token=${user.token}`);
  });
  afterAll(async () => {
    ws?.close();
    await server?.stop();
  });

  /** Starts Video again and waits until it runs (it takes seconds: ffmpeg renders the pages). */
  async function videoRunning(): Promise<string> {
    const res = await user.req('POST', `/api/task/${taskId}/execute/5`);
    expect(res.status).toBe(202);
    await user.waitFor(taskId, (p) => p.segments[4].status === 'running');
    return res.json.job_id;
  }

  it('runs the five segments one by one, announcing each with its resources', async () => {
    taskId = await user.newTask({ topic: '小兔子找朋友', main_role: '', scene: '', pages: 1 });
    for (let segment = 1; segment <= 5; segment++) {
      const res = await user.req('POST', `/api/task/${taskId}/execute/${segment}`);
      expect(res.status).toBe(202);
      expect(res.json.celery_task_id).toBe(res.json.job_id);
      const msg = await ws.waitFor(
        (m) =>
          m.task_id === taskId &&
          m.segment_id === segment &&
          (m.type === 'segment_finished' || m.type === 'segment_failed'),
        // Video renders every page with ffmpeg: seconds alone, minutes beside other ffmpeg-heavy files.
        240_000,
      );
      expect(msg, JSON.stringify(msg)).toMatchObject({
        type: 'segment_finished',
        task_id: taskId,
        segment_id: segment,
        status: 'completed',
      });
      expect(msg.resources.length).toBeGreaterThan(0);
      const listed = await user.req('GET', `/api/task/${taskId}/resource?segmentId=${segment}`);
      expect(listed.json.resources).toEqual(msg.resources);
      for (const path of msg.resources as string[]) {
        expect(path.startsWith(`generated_stories/${taskId}/`)).toBe(true);
        const file = await fetch(`${server.baseUrl}/api/files/${path}`, {
          headers: { authorization: `Bearer ${user.token}` },
        });
        expect([path, file.status]).toEqual([path, 200]);
        const ext = path.split('.').pop()!;
        if (EXPECTED_TYPES[ext]) expect(file.headers.get('content-type')).toContain(EXPECTED_TYPES[ext]);
        expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(0);
      }
    }
    const progress = await user.req('GET', `/api/task/${taskId}/progress`);
    expect(progress.json).toMatchObject({
      task_id: taskId,
      status: 'completed',
      current_segment: 5,
      progress: 100,
    });
    // What the providers reported, summed per kind over the runs (one picture for the one page).
    expect(progress.json.usage.image).toEqual({ images: 1 });
    expect(progress.json.usage.speech.audioSeconds).toBeGreaterThan(1);
    // Progress ticks while Video renders, and none after a segment's result.
    const mine = ws.messages.filter((m) => m.task_id === taskId);
    expect(
      mine.some(
        (m) => m.type === 'segment_progress' && m.segment_id === 5 && m.progress > 0 && m.progress < 100,
      ),
    ).toBe(true);
    for (let segment = 1; segment <= 5; segment++) {
      const end = mine.findIndex((m) => m.type === 'segment_finished' && m.segment_id === segment);
      expect(mine.slice(end).some((m) => m.type === 'segment_progress' && m.segment_id === segment)).toBe(
        false,
      );
    }
    const video = await user.req('GET', `/api/task/${taskId}/resource?segmentId=5`);
    expect(video.json.resources).toContain(`generated_stories/${taskId}/video/output.mp4`);
  });

  it('serves the MP4 by byte ranges for seeking', async () => {
    const url = `${server.baseUrl}/api/files/generated_stories/${taskId}/video/output.mp4`;
    const auth = { authorization: `Bearer ${user.token}` };
    const whole = await fetch(url, { headers: auth });
    const size = Number(whole.headers.get('content-length'));
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.length).toBe(size);
    expect(bytes.subarray(4, 8).toString()).toBe('ftyp');

    const part = await fetch(url, { headers: { ...auth, range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
    expect(part.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200));

    const tail = await fetch(url, { headers: { ...auth, range: 'bytes=-10' } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(bytes.subarray(size - 10));

    const outside = await fetch(url, { headers: { ...auth, range: `bytes=${size}-` } });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${size}`);
    expect(((await outside.json()) as { error: { code: string } }).error.code).toBe('range_not_satisfiable');

    // <video src> cannot send headers: the token may come in the query string instead.
    const viaQuery = await fetch(`${url}?token=${user.token}`, { headers: { range: 'bytes=0-9' } });
    expect(viaQuery.status).toBe(206);
  });

  it('answers 409 around a running segment, and exactly one of two concurrent executes wins', async () => {
    const [a, b] = await Promise.all([
      user.req('POST', `/api/task/${taskId}/execute/5`),
      user.req('POST', `/api/task/${taskId}/execute/5`),
    ]);
    expect([a.status, b.status].sort()).toEqual([202, 409]);
    await user.waitFor(taskId, (p) => p.segments[4].status === 'running');
    for (const [method, path, body] of [
      ['POST', `/api/task/${taskId}/execute/5`, undefined],
      ['POST', `/api/task/${taskId}/execute/1`, undefined],
      ['POST', `/api/task/${taskId}/execute`, undefined],
      [
        'PUT',
        `/api/task/${taskId}/script`,
        (await user.req('GET', `/api/files/generated_stories/${taskId}/script_data.json`)).json,
      ],
    ] as const) {
      const res = await user.req(method, path, { body });
      expect([path, res.status]).toEqual([path, 409]);
      expect(res.json.error.code).toBe('conflict');
    }
    // No need to render it to the end here: stop it.
    expect((await user.req('POST', `/api/task/${taskId}/cancel`)).status).toBe(202);
    await user.waitFor(taskId, (p) => settled(p.segments[4].status));
  });

  it('cancels a running segment: cancelled in the database, announced, and no MP4 written by it', async () => {
    const jobId = await videoRunning();
    const res = await user.req('POST', `/api/task/${taskId}/cancel`);
    expect(res.status).toBe(202);
    expect(res.json.cancelled).toEqual([5]);
    const msg = await ws.waitFor(
      (m) => m.task_id === taskId && m.type === 'segment_failed' && m.status === 'cancelled',
    );
    expect(msg.segment_id).toBe(5);
    const p = await user.req('GET', `/api/task/${taskId}/progress`);
    expect(p.json.segments[4]).toMatchObject({ status: 'cancelled', job_id: jobId });
    expect(p.json.segments.slice(0, 4).every((s: { status: string }) => s.status === 'completed')).toBe(true);
    // Give the aborted run time to stop; it must not flip the status back.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await user.segmentStatus(taskId, 5)).toBe('cancelled');
    // No ffmpeg of the run (nor of a chunk a worker took from the queue) goes on in its folder.
    const folder = `${server.config.storageRoot}/${taskId}`;
    for (let i = 0; i < 50 && processesIn(folder).length > 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(processesIn(folder)).toEqual([]);
  });

  it('re-running Image sends later segments back to pending and removes their files', async () => {
    const before = ws.messages.length;
    const res = await user.req('POST', `/api/task/${taskId}/execute/2`);
    expect(res.status).toBe(202);
    const p = await user.waitFor(taskId, (x) => settled(x.segments[1].status));
    // The announcement follows the stored state; wait for it so the next test counts only its own.
    await ws.waitFor(
      (m) =>
        ws.messages.indexOf(m) >= before &&
        m.task_id === taskId &&
        m.segment_id === 2 &&
        (m.type === 'segment_finished' || m.type === 'segment_failed'),
    );
    expect(p.segments.map((s: { status: string }) => s.status)).toEqual([
      'completed',
      'completed',
      'pending',
      'pending',
      'pending',
    ]);
    expect(existsSync(`${server.config.storageRoot}/${taskId}/speech`)).toBe(false);
    // The video's files go; its chunks (named by their inputs) stay for the next render to reuse.
    expect(existsSync(`${server.config.storageRoot}/${taskId}/video/output.mp4`)).toBe(false);
    expect(existsSync(`${server.config.storageRoot}/${taskId}/video/subtitles.srt`)).toBe(false);
    expect((await user.req('GET', `/api/task/${taskId}/resource?segmentId=4`)).json.resources).toEqual([]);
  });

  it('executes every remaining segment in order with one request', async () => {
    const seen = ws.messages.length;
    const res = await user.req('POST', `/api/task/${taskId}/execute`);
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({ accepted: true, status: 'queued', segment_id: 3 });
    expect(res.json.queued.map((q: { segment_id: number }) => q.segment_id)).toEqual([3, 4, 5]);
    expect(res.json.celery_task_id).toBe(res.json.queued[0].job_id);
    const p = await user.waitFor(taskId, (x) => x.status !== 'running', 300_000);
    expect(p.status).toBe('completed');
    // The database says completed before the message goes out: wait for this run's last one.
    await ws.waitFor(
      (m) =>
        ws.messages.indexOf(m) >= seen &&
        m.task_id === taskId &&
        m.type === 'segment_finished' &&
        m.segment_id === 5,
      10_000,
    );
    const finished = ws.messages
      .slice(seen)
      .filter((m) => m.task_id === taskId && m.type === 'segment_finished')
      .map((m) => m.segment_id);
    expect(finished).toEqual([3, 4, 5]);
    const nothing = await user.req('POST', `/api/task/${taskId}/execute`);
    expect(nothing.status).toBe(202);
    expect(nothing.json.queued).toEqual([]);
  });

  it('deletes a task while its segment runs: jobs cancelled, files removed, task gone', async () => {
    await videoRunning();
    const res = await user.req('DELETE', `/api/task/${taskId}`);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ deleted: true, task_id: taskId });
    expect((await user.req('GET', `/api/task/${taskId}/progress`)).status).toBe(404);
    expect((await user.req('GET', '/api/task/mytasks')).json.task_ids).not.toContain(taskId);
    // The aborted run must not leave files behind either.
    await new Promise((r) => setTimeout(r, 2000));
    expect(existsSync(`${server.config.storageRoot}/${taskId}`)).toBe(false);
    expect((await user.req('DELETE', `/api/task/${taskId}`)).status).toBe(404);
  });
});
