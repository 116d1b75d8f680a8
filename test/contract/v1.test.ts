// The v1 API of seed 002 in both modes: uploads (size, content, malformed files), tasks (create,
// list, detail, 425 before completion, result download), owner-only files and tasks, traversal
// probes, edge-instance keys, and the task_finished / task_failed notifications.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Listener, type Server, startServer, uniqueName } from './harness.js';
import { MODES } from './modes.js';
import { bearer, call, edgeHeaders, fetchWith, SRT, upload, waitTask } from './v1-helpers.js';

describe.each(MODES)('v1 API (%s)', (mode) => {
  let server: Server;
  let alice: Client;
  let mallory: Client;

  beforeAll(async () => {
    server = await startServer(mode, { env: { UPLOAD_MAX_BYTES: String(64 * 1024) } });
    alice = await new Client(server.baseUrl).login(uniqueName('alice'));
    mallory = await new Client(server.baseUrl).login(uniqueName('mallory'));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('upload → dubbing → COMPLETED with its files; 425 before; the WebSocket hears task_finished', async () => {
    const ws = await Listener.open(`${server.wsUrl}?token=${alice.token}`);
    try {
      const up = await upload(alice, bearer(alice), 'movie.srt', SRT);
      expect(up.status).toBe(201);
      expect(up.json).toMatchObject({
        relative_path: expect.stringMatching(/^uploads\/[0-9a-f-]{36}_movie\.srt$/),
        file_id: expect.any(String),
        size: Buffer.byteLength(SRT),
        content_type: 'application/x-subrip; charset=utf-8',
      });
      expect(up.json.full_url).toBe(
        `${server.baseUrl}/api/v1/files/download/?path=${encodeURIComponent(up.json.relative_path)}`,
      );
      const created = await call(alice, bearer(alice), 'POST', '/api/v1/tasks/', {
        task_type: 'GENERATE_DUBBING',
        payload: { transcript_path: up.json.relative_path, service_params: { template_name: 'espeak_en' } },
      });
      expect(created.status).toBe(202);
      expect(created.json).toEqual({
        id: expect.any(Number),
        status: 'PENDING',
        message: expect.any(String),
      });
      const id = created.json.id;
      const early = await call(alice, bearer(alice), 'GET', `/api/v1/files/tasks/${id}/download/`);
      expect(early.status).toBe(425);
      expect(early.json.error.code).toBe('too_early');

      const done = await waitTask(alice, bearer(alice), id);
      expect(done).toMatchObject({
        id,
        status: 'COMPLETED',
        task_type: 'GENERATE_DUBBING',
        error: null,
        progress: 100,
        download_url: `${server.baseUrl}/api/v1/files/tasks/${id}/download/`,
        result: {
          message: expect.any(String),
          output_file_path: `tasks/${id}/dubbing_script.json`,
          audio_output_dir: `tasks/${id}/audio`,
          total_clips: expect.any(Number),
        },
      });
      const res = await fetchWith(done.download_url, bearer(alice));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="dubbing_script\.json"/);
      const dubbing = (await res.json()) as {
        template_name: string;
        dubbing_script: Array<{ duration_seconds: number; audio_file_path: string }>;
      };
      expect(dubbing.template_name).toBe('espeak_en');
      expect(dubbing.dubbing_script).toHaveLength(done.result.total_clips);
      for (const clip of dubbing.dubbing_script) {
        expect(clip.duration_seconds).toBeGreaterThan(0.5);
        const wav = await call(
          alice,
          bearer(alice),
          'GET',
          `/api/v1/files/download/?path=${encodeURIComponent(clip.audio_file_path)}`,
        );
        expect(wav.status).toBe(200);
        expect(wav.headers.get('content-type')).toBe('audio/wav');
      }
      const msg = await ws.waitFor((m) => m.type === 'task_finished' && m.v1_task_id === id, 30_000);
      expect(msg).toMatchObject({
        task_type: 'GENERATE_DUBBING',
        status: 'COMPLETED',
        download_url: done.download_url,
      });
      // The same message is stored for clients that were away.
      const stored = await alice.req('GET', '/api/notifications?after=0');
      expect(
        stored.json.some(
          (m: { type: string; v1_task_id: number }) => m.type === 'task_finished' && m.v1_task_id === id,
        ),
      ).toBe(true);

      // Another user: the task, its result and its files are 404, exactly like ones that do not exist.
      expect((await call(mallory, bearer(mallory), 'GET', `/api/v1/tasks/${id}/`)).status).toBe(404);
      expect(
        (await call(mallory, bearer(mallory), 'GET', `/api/v1/files/tasks/${id}/download/`)).status,
      ).toBe(404);
      const theirs = `/api/v1/files/download/?path=${encodeURIComponent(dubbing.dubbing_script[0]!.audio_file_path)}`;
      expect((await call(mallory, bearer(mallory), 'GET', theirs)).status).toBe(404);
      expect(
        (
          await call(mallory, bearer(mallory), 'POST', '/api/v1/tasks/', {
            task_type: 'GENERATE_DUBBING',
            payload: { transcript_path: up.json.relative_path },
          })
        ).status,
      ).toBe(400);
      const list = await call(mallory, bearer(mallory), 'GET', '/api/v1/tasks/');
      expect(list.json.results.map((t: { id: number }) => t.id)).not.toContain(id);
    } finally {
      ws.close();
    }
  });

  it('a malformed transcript fails the task with the line, and task_failed is sent', async () => {
    // Well-formed JSON passes the upload's check; the task finds what is wrong in it.
    const bad =
      '{"segments": [\n  {"start": 0, "end": 2, "text": "hi"},\n  {"start": "soon", "end": 4, "text": "bye"}\n]}';
    const up = await upload(alice, bearer(alice), 'broken.json', bad);
    expect(up.status).toBe(201);
    const created = await call(alice, bearer(alice), 'POST', '/api/v1/tasks/', {
      task_type: 'GENERATE_NARRATION',
      payload: { transcript_path: up.json.relative_path },
    });
    const done = await waitTask(alice, bearer(alice), created.json.id);
    expect(done.status).toBe('FAILED');
    expect(done.error).toMatch(/^transcript_path: line 3: segments\.1\.start: /);
    expect(done.result).toEqual({ error: done.error });
    expect(done.download_url).toBeNull();
    expect((await call(alice, bearer(alice), 'GET', `/api/v1/files/tasks/${done.id}/download/`)).status).toBe(
      425,
    );
    const stored = await alice.req('GET', '/api/notifications?after=0');
    expect(stored.json.find((m: { v1_task_id?: number }) => m.v1_task_id === done.id)).toMatchObject({
      type: 'task_failed',
      status: 'FAILED',
      error: done.error,
    });
  });

  it('uploads: 413 over UPLOAD_MAX_BYTES, 415 for binary, 422 naming the line, 400 without a file field', async () => {
    const big = await upload(alice, bearer(alice), 'big.srt', 'x'.repeat(65 * 1024));
    expect(big.status).toBe(413);
    expect(big.json.error.code).toBe('payload_too_large');
    const png = await upload(
      alice,
      bearer(alice),
      'a.srt',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2]),
    );
    expect(png.status).toBe(415);
    const srt = await upload(
      alice,
      bearer(alice),
      'bad.srt',
      '1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\nnope\n',
    );
    expect(srt.status).toBe(422);
    expect(srt.json.error.message).toMatch(/^file: line 6: expected a timing line/);
    const json = await upload(alice, bearer(alice), 'bp.json', '{\n "scenes": {\n');
    expect(json.status).toBe(422);
    expect(json.json.error.message).toMatch(/^file: line \d: not valid JSON/);
    const wrongField = await upload(alice, bearer(alice), 'a.srt', SRT, 'document');
    expect(wrongField.status).toBe(400);
    const notMultipart = await call(alice, bearer(alice), 'POST', '/api/v1/files/upload/', { file: 'x' });
    expect(notMultipart.status).toBe(415);
    // GB18030 (common for Chinese subtitles) is stored as UTF-8.
    const gbk = Buffer.from([0xd0, 0xa1, 0xc3, 0xf7, 0xa3, 0xba, 0xc4, 0xe3, 0xba, 0xc3]); // 小明：你好
    const up = await upload(alice, bearer(alice), 'zh.txt', gbk);
    expect(up.status).toBe(201);
    const back = await call(
      alice,
      bearer(alice),
      'GET',
      `/api/v1/files/download/?path=${encodeURIComponent(up.json.relative_path)}`,
    );
    expect(back.text).toBe('小明：你好');
  });

  it('task creation checks the type, the files and the settings, naming the field', async () => {
    const up = await upload(alice, bearer(alice), 'movie.srt', SRT);
    const post = (body: unknown) => call(alice, bearer(alice), 'POST', '/api/v1/tasks/', body);
    const unknownType = await post({ task_type: 'RUN_DUBBING', payload: {} });
    expect(unknownType.status).toBe(400);
    expect(unknownType.json.error.message).toMatch(/^task_type: unknown task type "RUN_DUBBING"/);
    const missing = await post({
      task_type: 'GENERATE_DUBBING',
      payload: { transcript_path: 'uploads/nope.srt' },
    });
    expect(missing.json.error).toMatchObject({ code: 'bad_request', field: 'payload.transcript_path' });
    const outside = await post({
      task_type: 'GENERATE_DUBBING',
      payload: { transcript_path: '../../etc/passwd' },
    });
    expect(outside.json.error.field).toBe('payload.transcript_path');
    const noInput = await post({ task_type: 'GENERATE_DUBBING', payload: {} });
    expect(noInput.json.error.message).toMatch(
      /needs input_narration_path or blueprint_path or transcript_path/,
    );
    const template = await post({
      task_type: 'GENERATE_DUBBING',
      payload: { transcript_path: up.json.relative_path, service_params: { template_name: 'nope' } },
    });
    expect(template.status).toBe(400);
    expect(template.json.error.field).toBe('payload.service_params.template_name');
    const speed = await post({
      task_type: 'GENERATE_DUBBING',
      payload: { transcript_path: up.json.relative_path, service_params: { speed: 9 } },
    });
    expect(speed.json.error.field).toBe('payload.service_params.speed');
    const noMedia = await post({
      task_type: 'GENERATE_EDITING_SCRIPT',
      payload: { dubbing_script_path: up.json.relative_path, transcript_path: up.json.relative_path },
    });
    expect(noMedia.json.error.field).toBe('payload.source_media');
    const extra = await post({ task_type: 'GENERATE_NARRATION', payload: {}, priority: 1 });
    expect(extra.json.error.message).toMatch(/unknown field "priority"/);
    // The original client's extra settings are accepted and reported.
    const ok = await post({
      task_type: 'GENERATE_NARRATION',
      payload: {
        transcript_path: up.json.relative_path,
        service_params: { model: 'gemini-2.5-flash', lang: 'en' },
      },
    });
    expect(ok.status).toBe(202);
    expect(ok.json.warnings).toEqual(['service_params.model is not used by this server']);
    await waitTask(alice, bearer(alice), ok.json.id);
  });

  it('downloads refuse every escape and other users; ids are strict', async () => {
    const up = await upload(alice, bearer(alice), 'movie.srt', SRT);
    const get = (path: string) => call(alice, bearer(alice), 'GET', `/api/v1/files/download/?path=${path}`);
    expect((await get(encodeURIComponent(up.json.relative_path))).status).toBe(200);
    for (const probe of [
      '../../../etc/passwd',
      '%2e%2e/%2e%2e/etc/passwd',
      encodeURIComponent('/etc/passwd'),
      encodeURIComponent('uploads/../../1/uploads/x'),
      encodeURIComponent('..\\..\\etc\\passwd'),
      encodeURIComponent('uploads/.%2e/x'),
    ]) {
      const res = await get(probe);
      expect([400, 404], probe).toContain(res.status);
      expect(res.text).not.toMatch(/root:/);
    }
    expect((await call(alice, bearer(alice), 'GET', '/api/v1/files/download/')).status).toBe(400);
    // A client's file name cannot place the upload anywhere but the caller's uploads folder.
    const named = await upload(alice, bearer(alice), '../../../shared/evil.srt', SRT);
    expect(named.status).toBe(201);
    expect(named.json.relative_path).toMatch(/^uploads\/[0-9a-f-]{36}_evil\.srt$/);
    for (const id of ['0x1', '+1', '01', '1.0', '1e0', '-1']) {
      expect((await call(alice, bearer(alice), 'GET', `/api/v1/tasks/${id}/`)).status, id).toBe(404);
    }
  });

  it('edge-instance headers act for the owner; a disabled instance or a wrong key is 401', async () => {
    const edge = await edgeHeaders(alice);
    const up = await upload(alice, edge, 'movie.srt', SRT);
    expect(up.status).toBe(201);
    const created = await call(alice, edge, 'POST', '/api/v1/tasks', {
      task_type: 'GENERATE_NARRATION',
      payload: { transcript_path: up.json.relative_path },
    });
    expect(created.status).toBe(202);
    // The owner sees it with their Bearer token too, and the list is paginated newest first.
    expect((await call(alice, bearer(alice), 'GET', `/api/v1/tasks/${created.json.id}`)).status).toBe(200);
    const page = await call(alice, edge, 'GET', '/api/v1/tasks/?page=1&page_size=1');
    expect(page.json).toMatchObject({
      count: expect.any(Number),
      previous: null,
      results: [{ id: created.json.id }],
    });
    expect(page.json.next).toMatch(/\/api\/v1\/tasks\/\?page=2&page_size=1$/);
    await waitTask(alice, edge, created.json.id);

    const wrong = await call(alice, { ...edge, 'x-api-key': 'sk-wrong' }, 'GET', '/api/v1/tasks/');
    expect(wrong.status).toBe(401);
    expect((await alice.req('DELETE', `/api/v1/edge-instances/${edge.id}/`)).status).toBe(200);
    const disabled = await upload(alice, edge, 'movie.srt', SRT);
    expect(disabled.status).toBe(401);
    expect((await call(alice, edge, 'GET', `/api/v1/tasks/${created.json.id}/`)).status).toBe(401);
    expect((await call(alice, {}, 'GET', '/api/v1/voices/')).status).toBe(401);
  });

  it('voices lists the eSpeak templates', async () => {
    const res = await call(alice, bearer(alice), 'GET', '/api/v1/voices/');
    expect(res.status).toBe(200);
    expect(res.json.templates.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['espeak_zh', 'espeak_en']),
    );
  });
});
