// GET /api/files/…: byte ranges as RFC 9110 has them, Content-Type by extension, and no way out of
// the task folder (encoded, double-encoded or symlinked). Real embedded server, real files.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Runtime, startRuntime } from '../../src/runtime.js';
import { parseRange } from '../../src/server/routes/files.js';
import { contentTypeOf } from '../../src/storage/content-types.js';

describe('parseRange', () => {
  it('reads one range, a suffix, an open end; clamps the end to the file', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(parseRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(parseRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 });
    expect(parseRange('bytes=95-', 100)).toEqual({ start: 95, end: 99 });
    expect(parseRange('bytes=90-1000', 100)).toEqual({ start: 90, end: 99 });
  });

  it('is unsatisfiable (416) only for a range wholly past the end or an empty suffix', () => {
    expect(parseRange('bytes=100-', 100)).toBeNull();
    expect(parseRange('bytes=100-200', 100)).toBeNull();
    expect(parseRange('bytes=-0', 100)).toBeNull();
    expect(parseRange('bytes=0-', 0)).toBeNull();
  });

  it('ignores what it does not serve: several ranges, other units, backwards or malformed ranges', () => {
    expect(parseRange('bytes=0-1,5-6', 100)).toBeUndefined();
    expect(parseRange('items=0-1', 100)).toBeUndefined();
    expect(parseRange('bytes=9-3', 100)).toBeUndefined();
    expect(parseRange('bytes=-', 100)).toBeUndefined();
    expect(parseRange('bytes=a-b', 100)).toBeUndefined();
  });
});

describe('contentTypeOf', () => {
  it('names the type of every file a task writes, by extension and case-blind', () => {
    expect(contentTypeOf('video/output.mp4')).toBe('video/mp4');
    expect(contentTypeOf('image/P1.PNG')).toBe('image/png');
    expect(contentTypeOf('speech/p1_0.wav')).toBe('audio/wav');
    expect(contentTypeOf('video/output.srt')).toMatch(/^application\/x-subrip/);
    expect(contentTypeOf('script_data.json')).toMatch(/^application\/json/);
    expect(contentTypeOf('notes.html')).toBe('application/octet-stream');
  });
});

describe('GET /api/files over a real embedded server', () => {
  let dir: string;
  let runtime: Runtime;
  let app: FastifyInstance;
  let token: string;
  let taskId: number;
  const body = Buffer.from(Array.from({ length: 100 }, (_, i) => i));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storyagent-files-'));
    const config = loadConfig({
      DATA_DIR: join(dir, 'data'),
      STORAGE_DIR: join(dir, 'generated_stories'),
      JWT_SECRET: 'files-test-secret-0123456789abcdef0123456789',
      LOG_LEVEL: 'silent',
    });
    runtime = await startRuntime({ config, role: 'serve' });
    app = runtime.app!;
    const creds = { username: 'filer', password: 'correct horse' };
    expect((await app.inject({ method: 'POST', url: '/api/register', payload: creds })).statusCode).toBe(201);
    token = (await app.inject({ method: 'POST', url: '/api/login', payload: creds })).json().access_token;
    const created = await app.inject({
      method: 'POST',
      url: '/api/task/new',
      headers: { authorization: `Bearer ${token}` },
      payload: { topic: 'files' },
    });
    taskId = created.json().task_id;
    const folder = join(config.storageRoot, String(taskId));
    await mkdir(join(folder, 'video'), { recursive: true });
    await writeFile(join(folder, 'video', 'output.mp4'), body);
    await writeFile(join(config.dataRoot, 'secret.txt'), 'secret');
    await mkdir(join(dir, 'outside'), { recursive: true });
    await writeFile(join(dir, 'outside', 'loot.txt'), 'secret');
    await symlink(join(config.dataRoot, 'secret.txt'), join(folder, 'link.txt'));
    await symlink(join(dir, 'outside'), join(folder, 'linkdir'));
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: path, headers: { authorization: `Bearer ${token}`, ...headers } });
  const mp4 = () => `/api/files/generated_stories/${taskId}/video/output.mp4`;

  it('serves the whole file with its type, length and Accept-Ranges, and tells browsers not to sniff', async () => {
    const res = await get(mp4());
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('video/mp4');
    expect(res.headers['content-length']).toBe('100');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.rawPayload.equals(body)).toBe(true);
  });

  it('answers a suffix range with 206 and the last bytes', async () => {
    const res = await get(mp4(), { range: 'bytes=-10' });
    expect(res.statusCode).toBe(206);
    expect(res.headers['content-range']).toBe('bytes 90-99/100');
    expect(res.rawPayload.equals(body.subarray(90))).toBe(true);
  });

  it('answers several ranges, or a backwards one, with the whole file (allowed by RFC 9110)', async () => {
    for (const range of ['bytes=0-1,5-6', 'bytes=9-3']) {
      const res = await get(mp4(), { range });
      expect([range, res.statusCode]).toEqual([range, 200]);
      expect(res.rawPayload.length).toBe(100);
    }
  });

  it('answers a range past the end with 416, Content-Range */size and the JSON error', async () => {
    const res = await get(mp4(), { range: 'bytes=100-' });
    expect(res.statusCode).toBe(416);
    expect(res.headers['content-range']).toBe('bytes */100');
    expect(res.json().error.code).toBe('range_not_satisfiable');
  });

  it('never serves a file outside the task folder: encoded, double-encoded, symlinked', async () => {
    for (const path of [
      `generated_stories/${taskId}/%2e%2e/%2e%2e/data/secret.txt`,
      `generated_stories/${taskId}/%252e%252e/%252e%252e/data/secret.txt`,
      `generated_stories/${taskId}/..%5c..%5cdata%5csecret.txt`,
      `generated_stories/${taskId}/link.txt`,
      `generated_stories/${taskId}/linkdir/loot.txt`,
      `generated_stories/${taskId}/%00video/output.mp4`,
    ]) {
      const res = await get(`/api/files/${path}`);
      expect([path, res.statusCode]).toEqual([path, 404]);
      expect(res.body).not.toContain('secret');
      expect(res.json().error.code).toBe('not_found');
    }
  });
});
