// The task API of SPEC §4 against a listening server, in the embedded and the scaled mode: shapes,
// validation and error bodies, pagination, ownership (404 for others), 409 rules, notifications.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  Listener,
  type Server,
  sampleScript,
  startServer,
  taskRoutes,
  uniqueName,
} from './harness.js';
import { MODES } from './modes.js';

describe.each(MODES)('task API (%s mode)', (mode) => {
  let server: Server;
  let alice: Client;
  let bob: Client;

  beforeAll(async () => {
    server = await startServer(mode);
    alice = await new Client(server.baseUrl).login(uniqueName('alice'));
    bob = await new Client(server.baseUrl).login(uniqueName('bob'));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('lists the five segments with the fields old and new clients read', async () => {
    const res = await alice.req('GET', '/api/task/workflow');
    expect(res.status).toBe(200);
    expect(res.json.map((s: { name: string }) => s.name)).toEqual([
      'Story',
      'Image',
      'Split',
      'Speech',
      'Video',
    ]);
    expect(res.json[1]).toEqual({
      id: 2,
      segment_id: 2,
      name: 'Image',
      description: expect.any(String),
      depends_on: [1],
    });
  });

  it('creates a task with an integer id; empty main_role and scene mean "not given"', async () => {
    const res = await alice.req('POST', '/api/task/new', {
      body: { topic: '  一只想学飞的小企鹅 ', main_role: '', scene: '', pages: 3, aspect: '9:16' },
    });
    expect(res.status).toBe(201);
    expect(res.text).toMatch(/"task_id":\d+[,}]/);
    expect(res.json).toMatchObject({
      topic: '一只想学飞的小企鹅',
      main_role: '',
      scene: '',
      language: 'zh',
      pages: 3,
      aspect: '9:16',
      status: 'pending',
      current_segment: 0,
      progress: 0,
    });
    expect(res.json.segments.map((s: { status: string }) => s.status)).toEqual(Array(5).fill('pending'));
  });

  it.each([
    ['a missing body', undefined, 'body'],
    ['a missing topic', { pages: 2 }, 'topic'],
    ['an empty topic', { topic: '   ' }, 'topic'],
    ['a topic of 501 characters', { topic: 'x'.repeat(501) }, 'topic'],
    ['a topic of the wrong type', { topic: 42 }, 'topic'],
    ['0 pages', { topic: 't', pages: 0 }, 'pages'],
    ['21 pages', { topic: 't', pages: 21 }, 'pages'],
    ['pages as text', { topic: 't', pages: '3' }, 'pages'],
    ['an unknown language', { topic: 't', language: 'fr' }, 'language'],
    ['an unknown aspect', { topic: 't', aspect: '4:3' }, 'aspect'],
    ['an unknown field', { topic: 't', colour: 'red' }, 'colour'],
    ['an unknown option', { topic: 't', options: { speed: 2 } }, 'speed'],
    ['an option out of range', { topic: 't', options: { speech_rate: 9 } }, 'options.speech_rate'],
    [
      'an unknown provider kind',
      { topic: 't', options: { providers: { music: 'offline' } } },
      'options.providers.music',
    ],
    [
      'a provider this server does not allow',
      { topic: 't', options: { providers: { image: 'comfyui:http://127.0.0.1:9' } } },
      'options.providers.image',
    ],
  ])('answers 400 naming the field for %s', async (_what, body, field) => {
    const res = await alice.req('POST', '/api/task/new', { body });
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('bad_request');
    expect(res.json.error.message).toContain(field);
  });

  it('stores allowed per-task providers and render options with the task', async () => {
    const res = await alice.req('POST', '/api/task/new', {
      body: {
        topic: 't',
        options: { providers: { story: 'offline' }, speech_rate: 1.2, burn_subtitles: false },
      },
    });
    expect(res.status).toBe(201);
    expect(res.json.options).toEqual({
      providers: { story: 'offline' },
      speech_rate: 1.2,
      burn_subtitles: false,
    });
  });

  it('answers 400 for malformed JSON and 413 for a huge body, in the error shape', async () => {
    const bad = await alice.req('POST', '/api/task/new', {
      raw: '{"topic": "x",',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'bad_request', message: expect.stringContaining('body') });
    const huge = await alice.req('POST', '/api/task/new', { body: { topic: 'x'.repeat(2 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
    expect(huge.json.error.code).toBe('payload_too_large');
  });

  it('answers 401 in the error shape without a token or with a forged one', async () => {
    const none = await alice.req('GET', '/api/task/mytasks', { token: null });
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBeTruthy();
    const forged = await alice.req('GET', '/api/task/mytasks', { token: `${alice.token.slice(0, -4)}AAAA` });
    expect(forged.status).toBe(401);
  });

  it('pages through the caller’s tasks, newest first, with per-segment status', async () => {
    const carol = await new Client(server.baseUrl).login(uniqueName('carol'));
    const ids = [await carol.newTask({ topic: 'one' }), await carol.newTask({ topic: 'two' })];
    ids.push(await carol.newTask({ topic: 'three' }));
    const first = await carol.req('GET', '/api/task/mytasks?limit=2');
    expect(first.status).toBe(200);
    expect(first.json.task_ids).toEqual([ids[2], ids[1]]);
    expect(first.json.tasks[0].segments).toHaveLength(5);
    expect(first.json.next_cursor).toEqual(expect.any(String));
    const second = await carol.req('GET', `/api/task/mytasks?limit=2&cursor=${first.json.next_cursor}`);
    expect(second.json.task_ids).toEqual([ids[0]]);
    expect(second.json.next_cursor).toBeNull();
    expect((await carol.req('GET', '/api/task/mytasks?cursor=bogus')).status).toBe(400);
    expect((await carol.req('GET', '/api/task/mytasks?limit=1000')).status).toBe(400);
    // Nobody else's tasks.
    expect((await bob.req('GET', '/api/task/mytasks')).json.task_ids).not.toContain(ids[0]);
  });

  it('answers 404 for another user’s task on every route, exactly as for a missing one', async () => {
    const taskId = await alice.newTask();
    const routes = taskRoutes();
    for (const [method, path, body] of routes) {
      const theirs = await bob.req(method, path.replace('{id}', String(taskId)), { body });
      const missing = await bob.req(method, path.replace('{id}', '999999'), { body });
      expect([method, path, theirs.status]).toEqual([method, path, 404]);
      expect(theirs.json.error.code).toBe(missing.json.error.code);
      expect(theirs.json.error.message).toBe(missing.json.error.message);
    }
    // Alice's task is untouched by all that.
    const progress = await alice.req('GET', `/api/task/${taskId}/progress`);
    expect(progress.status).toBe(200);
    expect(progress.json.segments.every((s: { status: string }) => s.status === 'pending')).toBe(true);
  });

  it('answers 409 when an earlier segment is not completed', async () => {
    const taskId = await alice.newTask();
    const res = await alice.req('POST', `/api/task/${taskId}/execute/3`);
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('conflict');
    expect(res.json.error.message).toContain('Segment 1');
    // A segment that does not exist is a path that names nothing.
    expect((await alice.req('POST', `/api/task/${taskId}/execute/6`)).status).toBe(404);
    expect((await alice.req('POST', `/api/task/${taskId}/execute/abc`)).status).toBe(404);
  });

  it('queues with no body and no Content-Type, and with an empty JSON body; a re-run gets a new job id', async () => {
    const taskId = await alice.newTask();
    const first = await fetch(`${server.baseUrl}/api/task/${taskId}/execute/1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(first.status).toBe(202);
    const body = (await first.json()) as { celery_task_id: string };
    expect(body.celery_task_id).toBe(`task-${taskId}-seg-1-run-1`);
    await alice.waitFor(taskId, (p) => !['queued', 'running'].includes(p.segments[0].status));
    const again = await alice.req('POST', `/api/task/${taskId}/execute/1`, {
      raw: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(again.status).toBe(202);
    expect(again.json.job_id).toBe(`task-${taskId}-seg-1-run-2`);
    await alice.waitFor(taskId, (p) => !['queued', 'running'].includes(p.segments[0].status));
  });

  it('stores a failed or finished segment’s notification before it is published; ?after= catches up', async () => {
    const dave = await new Client(server.baseUrl).login(uniqueName('dave'));
    const ws = await Listener.open(`${server.wsUrl}?token=${dave.token}`);
    const before = await dave.req('GET', '/api/notifications?after=0');
    expect(before.json).toEqual([]);
    const taskId = await dave.newTask();
    expect((await dave.req('POST', `/api/task/${taskId}/execute/1`)).status).toBe(202);
    const live = await ws.waitFor(
      (m) => m.task_id === taskId && (m.type === 'segment_finished' || m.type === 'segment_failed'),
    );
    expect(live.segment_id).toBe(1);
    // The database already holds what the message reports.
    const progress = await dave.req('GET', `/api/task/${taskId}/progress`);
    expect(progress.json.segments[0].status).toBe(live.status);
    const stored = await dave.req('GET', '/api/notifications?after=0');
    expect(stored.json).toEqual([live]);
    expect(stored.json[0]).toMatchObject({ id: expect.any(Number), at: expect.any(String) });
    expect((await dave.req('GET', `/api/notifications?after=${live.id}`)).json).toEqual([]);
    // Bob never sees Dave's messages, on the socket or in the store.
    expect(
      (await bob.req('GET', '/api/notifications?after=0')).json.some(
        (m: { task_id: number }) => m.task_id === taskId,
      ),
    ).toBe(false);
    expect((await dave.req('GET', '/api/notifications?after=-1')).status).toBe(400);
    ws.close();
  });

  it('keeps a failed segment’s error and lets it run again', async () => {
    // PUT a script, then break its precondition: Image on a task whose script has no pages file for it is fine,
    // so fail Split instead by removing the script between segments.
    const taskId = await alice.newTask();
    expect((await alice.req('PUT', `/api/task/${taskId}/script`, { body: sampleScript() })).status).toBe(200);
    const { rm } = await import('node:fs/promises');
    await rm(`${server.config.storageRoot}/${taskId}/script_data.json`);
    expect((await alice.req('POST', `/api/task/${taskId}/execute/2`)).status).toBe(202);
    const p = await alice.waitFor(taskId, (x) => x.segments[1].status === 'failed');
    expect(p.status).toBe('failed');
    expect(p.segments[1].error).toMatch(/script_data\.json/);
    expect(p.segments[1].error).not.toContain('\n');
    expect(p.segments[0].status).toBe('completed');
    const again = await alice.req('POST', `/api/task/${taskId}/execute/2`);
    expect(again.status).toBe(202);
    expect(again.json.job_id).toBe(`task-${taskId}-seg-2-run-2`);
    await alice.waitFor(taskId, (x) => x.segments[1].status === 'failed');
  });

  it('PUT script validates, writes script_data.json and sends later segments back to pending', async () => {
    const taskId = await alice.newTask();
    const bad = await alice.req('PUT', `/api/task/${taskId}/script`, {
      body: { ...sampleScript(), title: '' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('title');
    const badPage = sampleScript();
    (badPage.pages[0] as { text: unknown }).text = 7;
    const bad2 = await alice.req('PUT', `/api/task/${taskId}/script`, { body: badPage });
    expect(bad2.status).toBe(400);
    expect(bad2.json.error.message).toContain('pages.0.text');

    const ok = await alice.req('PUT', `/api/task/${taskId}/script`, {
      body: { script_data: sampleScript() },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.current_segment).toBe(1);
    expect(ok.json.segments.map((s: { status: string }) => s.status)).toEqual([
      'completed',
      'pending',
      'pending',
      'pending',
      'pending',
    ]);
    const resource = await alice.req('GET', `/api/task/${taskId}/resource?segmentId=1`);
    expect(resource.json).toEqual({
      task_id: taskId,
      segment_id: 1,
      status: 'completed',
      resources: [`generated_stories/${taskId}/script_data.json`],
    });
    const file = await alice.req('GET', `/api/files/${resource.json.resources[0]}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('application/json');
    expect(file.json.title).toBe('小企鹅学飞');
    expect(file.json.pages[1].text).toBe(sampleScript().pages[1]!.text);
  });

  it('serves only task files: no listing, no temp files, no escapes', async () => {
    const taskId = await alice.newTask();
    await alice.req('PUT', `/api/task/${taskId}/script`, { body: sampleScript() });
    const { mkdir, writeFile } = await import('node:fs/promises');
    await writeFile(`${server.config.storageRoot}/${taskId}/.script_data.json.abc.tmp`, 'half');
    await mkdir(server.config.dataRoot, { recursive: true });
    await writeFile(`${server.config.dataRoot}/secret.txt`, 'secret');
    for (const path of [
      `generated_stories/${taskId}`,
      `generated_stories/${taskId}/`,
      `generated_stories/${taskId}/.script_data.json.abc.tmp`,
      `generated_stories/${taskId}/%2e%2e/%2e%2e/data/secret.txt`,
      `generated_stories/${taskId}/..%2f..%2fdata%2fsecret.txt`,
      `generated_stories/${taskId}/nope.png`,
      `other/${taskId}/script_data.json`,
      '%2fetc%2fpasswd',
    ]) {
      const res = await alice.req('GET', `/api/files/${path}`);
      expect([path, res.status]).toEqual([path, 404]);
      expect(res.text).not.toContain('secret');
    }
    expect((await alice.req('GET', `/api/files/generated_stories/${taskId}/script_data.json`)).status).toBe(
      200,
    );
  });

  it('answers /api/health and serves the OpenAPI document, /docs and the example page', async () => {
    const health = await alice.req('GET', '/api/health', { token: null });
    expect(health.status).toBe(200);
    expect(health.json).toEqual({ status: 'ok', database: 'ok', queue: 'ok', storage: 'ok' });
    const doc = await alice.req('GET', '/docs/json', { token: null });
    expect(doc.json.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/task/new',
      '/api/task/{task_id}/progress',
      '/api/task/{task_id}/execute/{segmentId}',
      '/api/notifications',
      '/api/login',
    ]) {
      expect(Object.keys(doc.json.paths)).toContain(path);
    }
    expect(doc.json.paths['/api/task/new'].post.requestBody).toBeTruthy();
    const page = await alice.req('GET', '/docs', { token: null });
    expect(page.status).toBe(200);
    expect(page.text.toLowerCase()).toContain('swagger');
    // `/` is the studio once built (else the example page); the example page is also at /example.
    const home = await alice.req('GET', '/', { token: null });
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toContain('text/html');
    const example = await alice.req('GET', '/example', { token: null });
    expect(example.status).toBe(200);
    expect(example.headers.get('content-type')).toContain('text/html');
    expect(example.text).toContain('/ws/notifications');
  });
});
