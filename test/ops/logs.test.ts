// The logs as the person on call reads them: JSON lines, and one task id followed from the HTTP
// request that created and executed it to the worker's lines for each of its segments, which
// carry that request's id.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Server, startServer } from '../contract/harness.js';

describe('logs', () => {
  const lines: string[] = [];
  let server: Server;
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    server = await startServer('embedded', { runtime: { log: pino({ level: 'info' }, sink) } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('carries request id, user id and task id from the request to the segment run', async () => {
    const client = await new Client(server.baseUrl).login(`logs${process.pid}`);
    const taskId = await client.newTask({ pages: 1 });
    expect((await client.req('POST', `/api/task/${taskId}/execute/1`)).status).toBe(202);
    await client.waitFor(taskId, (p) => p.segments[0].status === 'completed', 120_000);

    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const ofTask = events.filter((e) => e.task_id === taskId);
    const execute = ofTask.find(
      (e) => e.msg === 'request' && e.route === '/api/task/:task_id/execute/:segmentId',
    );
    expect(execute).toMatchObject({ status: 202, method: 'POST', task_id: taskId });
    expect(typeof execute!.reqId).toBe('string');
    const userId = execute!.user_id;
    expect(typeof userId).toBe('number');
    // The worker's lines for the same task: same user, the segment, its job, start then outcome.
    const run = ofTask.filter((e) => e.segment_id === 1).map((e) => [e.msg, e.user_id, e.request_id]);
    expect(run).toEqual([
      ['segment started', userId, execute!.reqId],
      ['segment completed', userId, execute!.reqId],
    ]);
    // A run of every segment left: the next segments are queued one by one as the one before
    // completes, and each still names the request that asked for them.
    const all = await client.req('POST', `/api/task/${taskId}/execute`);
    expect(all.status).toBe(202);
    await client.waitFor(taskId, (p) => p.segments[2].status === 'completed', 120_000);
    const executeAll = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((e) => e.msg === 'request' && e.route === '/api/task/:task_id/execute' && e.task_id === taskId);
    const chained = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((e) => e.task_id === taskId && (e.segment_id === 2 || e.segment_id === 3))
      .map((e) => [e.segment_id, e.msg, e.request_id]);
    expect(chained).toEqual([
      [2, 'segment started', executeAll!.reqId],
      [2, 'segment completed', executeAll!.reqId],
      [3, 'segment started', executeAll!.reqId],
      [3, 'segment completed', executeAll!.reqId],
    ]);
    // Every request line has its own id; none of them carries the access token.
    expect(new Set(events.filter((e) => e.msg === 'request').map((e) => e.reqId)).size).toBe(
      events.filter((e) => e.msg === 'request').length,
    );
    expect(lines.join('\n')).not.toContain(client.token);
  }, 180_000);
});
