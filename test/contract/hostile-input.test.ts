// Bad input as a hostile or clumsy client sends it, in both modes: every answer is a 4xx in the error
// shape naming the field, ids have one spelling, a failed script write changes nothing anywhere, and
// what a client reads after PUT /script agrees with the script.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeStep } from '../../src/storage/task-folder.js';
import { fileHashes } from '../helpers/files.js';
import {
  type Answer,
  Client,
  type Server,
  sampleScript,
  startServer,
  taskRoutes,
  uniqueName,
} from './harness.js';
import { MODES } from './modes.js';

function expectErrorShape(res: Answer, status: number) {
  expect([res.status, res.json?.error?.code, typeof res.json?.error?.message]).toEqual([
    status,
    expect.any(String),
    'string',
  ]);
}

/** Sends raw bytes and returns the raw answer (for what Node refuses before Fastify sees it). */
function rawHttp(baseUrl: string, request: string): Promise<string> {
  const { port } = new URL(baseUrl);
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(request));
    socket.on('data', (d) => {
      answer += d;
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
  });
}

describe.each(MODES)('hostile input (%s mode)', (mode) => {
  let server: Server;
  let alice: Client;
  /** Which step of a task-folder change fails next (one shot), if any. */
  let failNext: ChangeStep | undefined;

  beforeAll(async () => {
    server = await startServer(mode, {
      runtime: {
        folderFaults: {
          beforeStep: (step) => {
            if (step !== failNext) return;
            failNext = undefined;
            throw new Error(`injected failure at ${step}`);
          },
        },
      },
    });
    alice = await new Client(server.baseUrl).login(uniqueName('alice'));
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('control characters and broken text', () => {
    const nul = 'a\u0000b';
    it.each([
      ['POST', '/api/register', { username: `x${nul}`, password: 'long enough password' }, 'username'],
      ['POST', '/api/login', { username: `x${nul}`, password: 'long enough password' }, 'username'],
      ['POST', '/api/task/new', { topic: `t${nul}` }, 'topic'],
      ['POST', '/api/task/new', { topic: 't', main_role: nul }, 'main_role'],
      ['POST', '/api/task/new', { topic: 't', scene: `\u0007${nul}` }, 'scene'],
      ['POST', '/api/task/new', { topic: 't\u001b[31m' }, 'topic'],
      ['POST', '/api/task/new', { topic: 't\ud800' }, 'topic'],
      ['POST', '/api/task/new', { topic: 't', options: { voice: nul } }, 'options.voice'],
      ['POST', '/api/task/new', { topic: 't', options: { [`x${nul}`]: 1 } }, 'options.x'],
      ['POST', '/api/v1/edge-instances', { name: `pc${nul}` }, 'name'],
    ])('%s %s with %j is 400 naming %s, and stores nothing', async (method, path, body, field) => {
      const before = (await alice.req('GET', '/api/task/mytasks')).json.task_ids;
      const res = await alice.req(method, path, { body });
      expectErrorShape(res, 400);
      expect(res.json.error.message.startsWith(`${field}`)).toBe(true);
      expect((await alice.req('GET', '/api/task/mytasks')).json.task_ids).toEqual(before);
    });

    it('keeps line breaks and tabs in a story’s text', async () => {
      const taskId = await alice.newTask();
      const script = sampleScript();
      script.pages[0]!.text = '第一行。\n第二行\t完。';
      const res = await alice.req('PUT', `/api/task/${taskId}/script`, { body: script });
      expect(res.status).toBe(200);
    });
  });

  describe('ids', () => {
    let taskId: number;
    beforeAll(async () => {
      taskId = await alice.newTask();
    });

    const spellings = (id: number) => [
      `0${id}`,
      `${id}.0`,
      `${id}e0`,
      `+${id}`,
      `${id}%20`,
      `%20${id}`,
      `0x${id.toString(16)}`,
      `${id}%00`,
      '0',
      '-1',
      '2147483648',
      '9'.repeat(400),
    ];

    it('other spellings of a task id name nothing on any route: 404, and the task is untouched', async () => {
      const routes = taskRoutes();
      for (const spelling of spellings(taskId)) {
        for (const [method, path, body] of routes) {
          const res = await alice.req(method, path.replace('{id}', spelling), { body });
          expect([method, path, spelling, res.status]).toEqual([method, path, spelling, 404]);
          expectErrorShape(res, 404);
        }
      }
      const task = await alice.req('GET', `/api/task/${taskId}`);
      expect(task.status).toBe(200);
      expect(task.json.segments.map((s: { status: string }) => s.status)).toEqual(Array(5).fill('pending'));
    });

    it('other spellings of a segment id: 404 in the path, 400 naming segmentId in the query', async () => {
      for (const segment of ['01', '1.0', '0x1', '+1', '1e0', '0', '6', '1%20']) {
        const path = await alice.req('POST', `/api/task/${taskId}/execute/${segment}`);
        expect([segment, path.status]).toEqual([segment, 404]);
        const query = await alice.req('GET', `/api/task/${taskId}/resource?segmentId=${segment}`);
        expect([segment, query.status]).toEqual([segment, 400]);
        expect(query.json.error.message).toContain('segmentId');
      }
      expect((await alice.req('GET', `/api/task/${taskId}/progress`)).json.segments[0].status).toBe(
        'pending',
      );
    });

    it('a cursor or notification id out of range is a 400, not a database error', async () => {
      for (const q of ['after=1e400', 'after=99999999999999999999', 'after=1.5', 'after=abc']) {
        expectErrorShape(await alice.req('GET', `/api/notifications?${q}`), 400);
      }
      expectErrorShape(await alice.req('GET', '/api/task/mytasks?cursor=%00'), 400);
      // A forged cursor whose id is out of range for the database.
      const forged = Buffer.from('t:99999999999999999999').toString('base64url');
      expectErrorShape(await alice.req('GET', `/api/task/mytasks?cursor=${forged}`), 400);
    });
  });

  describe("Fastify's and Node's own refusals come in the error shape", () => {
    it('bad percent-encoding in the path is a 400', async () => {
      expectErrorShape(await alice.req('GET', '/api/task/%zz'), 400);
      expectErrorShape(await alice.req('GET', '/api/files/generated_stories/%E0%A4%A/x'), 400);
    });

    it('an unsupported content type is a 415 and a body over the limit a 413', async () => {
      const xml = await alice.req('POST', '/api/task/new', {
        raw: '<topic/>',
        headers: { 'content-type': 'application/xml' },
      });
      expectErrorShape(xml, 415);
      expectErrorShape(
        await alice.req('POST', '/api/task/new', { body: { topic: 'x'.repeat(2_000_000) } }),
        413,
      );
    });

    it('oversized headers are a 431 and a malformed request a 400, with JSON bodies', async () => {
      const big = await rawHttp(
        server.baseUrl,
        `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      expect(big).toMatch(/^HTTP\/1\.1 431 /);
      expect(JSON.parse(big.slice(big.indexOf('\r\n\r\n') + 4)).error.code).toBe('headers_too_large');
      const garbage = await rawHttp(server.baseUrl, 'NOT HTTP AT ALL\r\n\r\n');
      expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
      expect(JSON.parse(garbage.slice(garbage.indexOf('\r\n\r\n') + 4)).error.code).toBe('bad_request');
    });
  });

  describe('options are checked at create', () => {
    it.each([['../../etc/passwd'], ['en us'], ['cmn/../../x']])(
      'voice %j is a 400 naming options.voice, and no task is made',
      async (voice) => {
        const before = (await alice.req('GET', '/api/task/mytasks')).json.task_ids;
        const res = await alice.req('POST', '/api/task/new', { body: { topic: 't', options: { voice } } });
        expectErrorShape(res, 400);
        expect(res.json.error.field).toBe('options.voice');
        expect((await alice.req('GET', '/api/task/mytasks')).json.task_ids).toEqual(before);
      },
    );

    it('a voice the offline engine names is accepted', async () => {
      const res = await alice.req('POST', '/api/task/new', {
        body: { topic: 't', options: { voice: 'en-us' } },
      });
      expect(res.status).toBe(201);
      expect(res.json.options.voice).toBe('en-us');
    });
  });

  describe('PUT /script', () => {
    it('afterwards, the task and its progress agree with the script (pages, aspect, texts)', async () => {
      const taskId = await alice.newTask({ pages: 2, aspect: '16:9', topic: '旧题目' });
      const script = sampleScript();
      script.pages.push({ page: 3, text: '第三页的故事。', image_prompt: '第三页' });
      const res = await alice.req('PUT', `/api/task/${taskId}/script`, {
        body: { ...script, settings: { aspect: '9:16', seed: 7 } },
      });
      expect(res.status).toBe(200);
      const task = await alice.req('GET', `/api/task/${taskId}`);
      expect(task.json).toMatchObject({
        pages: 3,
        aspect: '9:16',
        seed: 7,
        topic: script.topic,
        main_role: script.main_role,
        scene: script.scene,
        language: 'zh',
        current_segment: 1,
      });
      const progress = await alice.req('GET', `/api/task/${taskId}/progress`);
      expect(progress.json).toMatchObject({ current_segment: 1, status: 'pending' });
      expect(progress.json.segments.map((s: { status: string }) => s.status)).toEqual(
        res.json.segments.map((s: { status: string }) => s.status),
      );
      const listed = (await alice.req('GET', '/api/task/mytasks')).json.tasks.find(
        (t: { task_id: number }) => t.task_id === taskId,
      );
      expect(listed).toMatchObject({ pages: 3, aspect: '9:16' });
      const onDisk = JSON.parse(
        readFileSync(join(server.config.storageRoot, String(taskId), 'script_data.json'), 'utf8'),
      );
      expect(onDisk.settings).toEqual({ aspect: '9:16', seed: 7 });
    });

    it.each([
      [{ seed: 1e15 }, 'settings.seed'],
      [{ seed: -1 }, 'settings.seed'],
      [{ aspect: '4:3' }, 'settings.aspect'],
    ])('settings %j are a 400 naming %s, and the task is untouched', async (settings, field) => {
      const taskId = await alice.newTask();
      const before = (await alice.req('GET', `/api/task/${taskId}`)).json;
      const res = await alice.req('PUT', `/api/task/${taskId}/script`, {
        body: { ...sampleScript(), settings },
      });
      expectErrorShape(res, 400);
      expect(res.json.error.field).toBe(field);
      expect((await alice.req('GET', `/api/task/${taskId}`)).json).toEqual(before);
    });

    it('a script without settings keeps the task’s aspect and seed', async () => {
      const taskId = await alice.newTask({ aspect: '1:1', seed: 42 });
      expect((await alice.req('PUT', `/api/task/${taskId}/script`, { body: sampleScript() })).status).toBe(
        200,
      );
      expect((await alice.req('GET', `/api/task/${taskId}`)).json).toMatchObject({
        aspect: '1:1',
        seed: 42,
        pages: 2,
      });
      const onDisk = JSON.parse(
        readFileSync(join(server.config.storageRoot, String(taskId), 'script_data.json'), 'utf8'),
      );
      expect(onDisk.settings).toEqual({ aspect: '1:1', seed: 42 });
    });
  });

  describe('a script write that fails after validation changes nothing', () => {
    let taskId: number;
    let dir: string;

    /** Everything a user or the service could observe about the task. */
    async function observe() {
      const rows = await server.runtime.db.query(
        `SELECT t.topic, t.main_role, t.scene, t.language, t.pages, t.aspect, t.seed, t.options, t.usage,
                t.updated_at::text AS updated_at,
                (SELECT json_agg(s ORDER BY s.segment_id) FROM task_segments s WHERE s.task_id = t.id) AS segments
         FROM tasks t WHERE t.id = $1`,
        [taskId],
      );
      const resources = [];
      for (const segment of [1, 2, 3, 4, 5])
        resources.push((await alice.req('GET', `/api/task/${taskId}/resource?segmentId=${segment}`)).json);
      return {
        files: fileHashes(dir),
        rows,
        resources,
        task: (await alice.req('GET', `/api/task/${taskId}`)).json,
        progress: (await alice.req('GET', `/api/task/${taskId}/progress`)).json,
      };
    }

    beforeAll(async () => {
      // Story from a script, then Image, Split and Speech: files and script fields for three segments.
      taskId = await alice.newTask();
      dir = join(server.config.storageRoot, String(taskId));
      expect((await alice.req('PUT', `/api/task/${taskId}/script`, { body: sampleScript() })).status).toBe(
        200,
      );
      for (const segment of [2, 3, 4]) {
        expect((await alice.req('POST', `/api/task/${taskId}/execute/${segment}`)).status).toBe(202);
        const p = await alice.waitFor(
          taskId,
          (x) => !['queued', 'running'].includes(x.segments[segment - 1].status),
        );
        expect(p.segments[segment - 1].status).toBe('completed');
      }
    }, 180_000);

    const edited = () => ({ ...sampleScript(), title: '改过的标题' });

    it.each(['stage', 'swap'] as const)(
      'failing at %s: files, script, rows and /resource are exactly as before',
      async (step) => {
        const before = await observe();
        expect(Object.keys(before.files)).toEqual(expect.arrayContaining(['image/p1.png', 'speech/p1.wav']));
        failNext = step;
        const res = await alice.req('PUT', `/api/task/${taskId}/script`, { body: edited() });
        expectErrorShape(res, 500);
        expect(res.json.error.message).not.toContain('injected');
        expect(failNext).toBeUndefined();
        expect(await observe()).toEqual(before);
      },
    );

    it('a body nested too deep is a 400 and changes nothing', async () => {
      const before = await observe();
      // What made JSON.stringify throw after the later files were already deleted (the original bug).
      const deep = `${'['.repeat(5000)}"x"${']'.repeat(5000)}`;
      const res = await alice.req('PUT', `/api/task/${taskId}/script`, {
        raw: `${JSON.stringify(edited()).slice(0, -1)},"extra":${deep}}`,
        headers: { 'content-type': 'application/json' },
      });
      expectErrorShape(res, 400);
      expect(res.json.error.field).toBe('extra');
      expect(await observe()).toEqual(before);
    });

    it('the same write without the failure goes through and invalidates what came after Story', async () => {
      const res = await alice.req('PUT', `/api/task/${taskId}/script`, { body: edited() });
      expect(res.status).toBe(200);
      expect(Object.keys(fileHashes(dir))).toEqual(['script_data.json']);
      expect((await alice.req('GET', `/api/task/${taskId}/resource?segmentId=2`)).json.resources).toEqual([]);
    });
  });
});
