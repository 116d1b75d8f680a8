// Per-user limits on a shared server, in both modes: USER_MAX_RUNNING refuses a second running
// task with 429, USER_QUOTA_BYTES refuses an upload (413) or a segment run (409) that would pass
// the quota; each refusal leaves nothing behind (no file, no queued segment).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Server, startServer } from '../contract/harness.js';
import { MODES } from '../contract/modes.js';

const QUOTA = 4000;

/** A valid SRT of exactly `bytes` bytes. */
function srtOf(bytes: number): string {
  const head = '1\n00:00:00,000 --> 00:00:02,000\n';
  return `${head}${'a'.repeat(bytes - head.length - 1)}\n`;
}

async function upload(client: Client, text: string) {
  const form = new FormData();
  form.append('file', new Blob([text]), 'movie.srt');
  const res = await fetch(`${client.baseUrl}/api/v1/files/upload/`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.token}` },
    body: form,
  });
  return { status: res.status, json: (await res.json()) as { error?: { code: string; message: string } } };
}

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []))
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe.each(MODES)('quotas (%s)', (mode) => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer(mode, { env: { USER_QUOTA_BYTES: String(QUOTA), USER_MAX_RUNNING: '1' } });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses a second running task with 429 and queues nothing for it', async () => {
    const client = await new Client(server.baseUrl).login(`running${mode}${process.pid}`);
    const a = await client.newTask({ pages: 2 });
    const b = await client.newTask({ pages: 2 });
    expect((await client.req('POST', `/api/task/${a}/execute`)).status).toBe(202);
    const refused = await client.req('POST', `/api/task/${b}/execute/1`);
    expect(refused.status).toBe(429);
    expect(refused.json.error.code).toBe('too_many_running');
    expect(refused.json.error.message).toContain('USER_MAX_RUNNING = 1');
    const progress = (await client.req('GET', `/api/task/${b}/progress`)).json;
    expect(progress.segments.map((s: { status: string }) => s.status)).toEqual(Array(5).fill('pending'));
    expect(await filesUnder(join(server.config.storageRoot, String(b)))).toEqual([]);

    // Once the first is cancelled, the second may run.
    expect((await client.req('POST', `/api/task/${a}/cancel`)).status).toBe(202);
    expect((await client.req('POST', `/api/task/${b}/execute/1`)).status).toBe(202);
    await client.req('POST', `/api/task/${b}/cancel`);
  }, 120_000);

  it('lets exactly one of several v1 tasks created at the same moment run', async () => {
    const client = await new Client(server.baseUrl).login(`race${mode}${process.pid}`);
    const up = await fetch(`${client.baseUrl}/api/v1/files/upload/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${client.token}` },
      body: (() => {
        const form = new FormData();
        form.append('file', new Blob(['1\n00:00:00,000 --> 00:00:03,000\nHello there.\n']), 'race.srt');
        return form;
      })(),
    });
    const { relative_path } = (await up.json()) as { relative_path: string };
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        client.req('POST', '/api/v1/tasks/', {
          body: { task_type: 'GENERATE_NARRATION', payload: { transcript_path: relative_path } },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses).toContain(202);
    expect(statuses.every((s) => s === 202 || s === 429)).toBe(true);
    // A short narration may finish before a later request is checked; then that one may run too.
    // What must never happen: two of them running at the same time.
    const listed = (await client.req('GET', '/api/v1/tasks/')).json as {
      count: number;
      results: Array<{ started_at: string | null; finished_at: string | null }>;
    };
    expect(listed.count).toBe(statuses.filter((s) => s === 202).length);
    // `created` is when the request's transaction began, which may be before an earlier run
    // finished (it waited on the admission lock); a run's start is what must follow the last end.
    expect(listed.results.filter((r) => !r.finished_at).length).toBeLessThanOrEqual(1);
    const runs = listed.results
      .filter((r) => r.started_at)
      .sort((a, b) => a.started_at!.localeCompare(b.started_at!));
    for (let i = 1; i < runs.length; i++)
      expect(runs[i]!.started_at! >= (runs[i - 1]!.finished_at ?? '9999')).toBe(true);
  }, 60_000);

  it('refuses uploads and runs past USER_QUOTA_BYTES, keeping nothing of them', async () => {
    const client = await new Client(server.baseUrl).login(`quota${mode}${process.pid}`);
    const first = await upload(client, srtOf(3000));
    expect(first.status).toBe(201);
    const space = (await filesUnder(join(server.config.sharedMediaRoot, 'users'))).filter((f) =>
      f.endsWith('movie.srt'),
    );

    const second = await upload(client, srtOf(3000));
    expect(second.status).toBe(413);
    expect(second.json.error!.code).toBe('quota_exceeded');
    expect(second.json.error!.message).toMatch(/of 4000 bytes \(USER_QUOTA_BYTES\)/);
    // The refused file is gone, with no temp file beside the kept one.
    expect(
      (await filesUnder(join(server.config.sharedMediaRoot, 'users'))).filter((f) => f.includes('movie')),
    ).toEqual(space);

    // 3000 of 4000 bytes used: the Story may run; its script takes the user past the quota.
    const taskId = await client.newTask({ pages: 2 });
    expect((await client.req('POST', `/api/task/${taskId}/execute/1`)).status).toBe(202);
    await client.waitFor(taskId, (p) => p.segments[0].status === 'completed', 120_000);
    const taskFiles = await filesUnder(join(server.config.storageRoot, String(taskId)));
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(taskFiles[0]!));
    expect(3000 + size).toBeGreaterThan(QUOTA);

    const refused = await client.req('POST', `/api/task/${taskId}/execute/2`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('quota_exceeded');
    const progress = (await client.req('GET', `/api/task/${taskId}/progress`)).json;
    expect(progress.segments[1].status).toBe('pending');
    expect(await filesUnder(join(server.config.storageRoot, String(taskId)))).toEqual(taskFiles);
  }, 180_000);
});
