// Scaled mode with two server processes behind one database: a server that has a task's progress
// cached answers the next call with what another server or the worker process just changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '../../src/runtime.js';
import { Client, Listener, type Server, sampleScript, startServer, uniqueName } from './harness.js';
import { MODES } from './modes.js';

// biome-ignore lint/suspicious/noExplicitAny: progress answers are inspected field by field
const seg = (p: any, id: number) => p.segments.find((s: { segment_id: number }) => s.segment_id === id);

describe.runIf(MODES.includes('scaled'))('progress across processes (scaled mode)', () => {
  let server: Server;
  let other: Runtime;
  let a: Client;
  let b: Client;

  beforeAll(async () => {
    server = await startServer('scaled');
    other = await startRuntime({ config: server.config, role: 'serve' });
    const otherUrl = await other.app!.listen({ port: 0, host: '127.0.0.1' });
    const name = uniqueName('cache');
    a = await new Client(server.baseUrl).login(name);
    b = await new Client(otherUrl).login(name);
  });
  afterAll(async () => {
    await other?.close();
    await server?.stop();
  });

  const progressOnA = async (taskId: number) => {
    const res = await a.req('GET', `/api/task/${taskId}/progress`);
    expect(res.status).toBe(200);
    return res.json;
  };

  it("shows another server's execute, the worker's run and finish, and a delete on the very next call", async () => {
    const taskId = await a.newTask();
    expect(seg(await progressOnA(taskId), 1).status).toBe('pending');
    expect(seg(await progressOnA(taskId), 1).status).toBe('pending'); // now answered from A's cache

    // Server B queues it: no user notification reports "queued", yet A must not say "pending".
    const exec = await b.req('POST', `/api/task/${taskId}/execute/1`);
    expect(exec.status).toBe(202);
    expect(['queued', 'running', 'completed']).toContain(seg(await progressOnA(taskId), 1).status);

    // Keep A's entry hot while the worker runs the segment; the notification reaches the user
    // through server B. By then every server has dropped its entry: A's next answer is completed.
    const ws = await Listener.open(`${b.baseUrl.replace('http', 'ws')}/ws/notifications?token=${b.token}`);
    try {
      let finished = false;
      const done = ws
        .waitFor((m) => m.type === 'segment_finished' && m.task_id === taskId && m.segment_id === 1)
        .finally(() => {
          finished = true;
        });
      while (!finished) {
        const p = await progressOnA(taskId);
        if (seg(p, 1).status === 'completed') break; // it finished before the socket heard of it
      }
      await done;
      const after = await progressOnA(taskId);
      expect(seg(after, 1).status).toBe('completed');
      expect(after.current_segment).toBe(1);
    } finally {
      ws.close();
    }

    // Deleted on B: A answers 404 at once, not the cached task.
    expect((await b.req('DELETE', `/api/task/${taskId}`)).status).toBe(200);
    expect((await a.req('GET', `/api/task/${taskId}/progress`)).status).toBe(404);
  });

  it("shows another server's script edit and cancel on the next call", async () => {
    const taskId = await a.newTask();
    expect((await b.req('POST', `/api/task/${taskId}/execute`)).status).toBe(202);
    await progressOnA(taskId);
    await progressOnA(taskId);
    const cancel = await b.req('POST', `/api/task/${taskId}/cancel`);
    expect(cancel.status).toBe(202);
    const p = await progressOnA(taskId);
    for (const s of p.segments) expect(['pending', 'completed', 'cancelled']).toContain(s.status);
    expect(p.status).not.toBe('running');

    // B replaces the script: Story completed, everything after it pending, as seen from A.
    expect((await b.req('PUT', `/api/task/${taskId}/script`, { body: sampleScript() })).status).toBe(200);
    const edited = await progressOnA(taskId);
    expect(edited.segments.map((s: { status: string }) => s.status)).toEqual([
      'completed',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
  });
});
