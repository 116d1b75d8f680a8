// Redoing one page (POST /api/task/{id}/pages/{n}/regenerate) in the embedded and the scaled mode:
// a redraw changes that page's picture only, a text edit makes that page's narration stale (the
// segments say so), a re-voice makes it fresh again; bad input is a 400 naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Listener, type Server, startServer, uniqueName } from './harness.js';
import { MODES } from './modes.js';

const settled = (p: { segments: Array<{ status: string }> }) =>
  p.segments.every((s) => s.status !== 'queued' && s.status !== 'running');

describe.each(MODES)('per-page regeneration (%s mode)', { timeout: 120_000 }, (mode) => {
  let server: Server;
  let user: Client;
  let ws: Listener;
  let taskId = 0;

  const file = async (rel: string) => {
    const res = await fetch(`${server.baseUrl}/api/files/generated_stories/${taskId}/${rel}`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
  };
  const regenerate = (n: number | string, body?: unknown) =>
    user.req('POST', `/api/task/${taskId}/pages/${n}/regenerate`, body === undefined ? {} : { body });
  const segment = (p: { segments: Array<{ segment_id: number }> }, id: number) =>
    // biome-ignore lint/suspicious/noExplicitAny: answers are inspected field by field
    p.segments.find((s) => s.segment_id === id) as any;

  beforeAll(async () => {
    server = await startServer(mode);
    user = await new Client(server.baseUrl).login(uniqueName('pages'));
    ws = await Listener.open(`${server.wsUrl}?token=${user.token}`);
    taskId = await user.newTask({
      topic: 'A shy fox who wants to sing',
      language: 'en',
      pages: 2,
      aspect: '1:1',
    });
    for (let s = 1; s <= 4; s++) {
      expect((await user.req('POST', `/api/task/${taskId}/execute/${s}`)).status).toBe(202);
      const p = await user.waitFor(taskId, settled);
      expect(segment(p, s).status).toBe('completed');
    }
  });
  afterAll(async () => {
    ws?.close();
    await server?.stop();
  });

  it('answers bad input with a 400 naming the field, and another user with 404', async () => {
    for (const n of ['0', 'abc', '21']) {
      const res = await regenerate(n, { what: 'image' });
      expect([n, res.status, res.json.error.field]).toEqual([n, 400, 'n']);
    }
    const beyond = await regenerate(3, { what: 'image' });
    expect([beyond.status, beyond.json.error.field]).toEqual([400, 'n']);
    expect(beyond.json.error.message).toContain('1 to 2');
    const badWhat = await regenerate(1, { what: 'music' });
    expect([badWhat.status, badWhat.json.error.field]).toEqual([400, 'what']);
    const blank = await regenerate(1, { what: 'text', text: '  ' });
    expect([blank.status, blank.json.error.field]).toEqual([400, 'text']);
    const stray = await regenerate(1, { what: 'speech', prompt: 'a red fox' });
    expect([stray.status, stray.json.error.field]).toEqual([400, 'prompt']);
    const noBody = await regenerate(1);
    expect(noBody.status).toBe(400);
    expect(noBody.json.error.message).toMatch(/body/i);
    expect(noBody.text).not.toContain('    at ');
    const other = await new Client(server.baseUrl).login(uniqueName('other'));
    expect(
      (await other.req('POST', `/api/task/${taskId}/pages/1/regenerate`, { body: { what: 'image' } })).status,
    ).toBe(404);
  });

  it('redraws one page with a new seed: that picture changes, the other stays byte for byte', async () => {
    const before1 = await file('image/p1.png');
    const before2 = await file('image/p2.png');
    const res = await regenerate(2, { what: 'image', seed: 4242 });
    expect(res.status).toBe(202);
    expect(res.json).toMatchObject({
      accepted: true,
      task_id: taskId,
      segment_id: 2,
      page: 2,
      what: 'image',
    });
    expect(res.json.celery_task_id).toBe(res.json.job_id);
    const msg = await ws.waitFor((m) => m.task_id === taskId && m.page === 2 && m.segment_id === 2);
    expect(msg).toMatchObject({ type: 'segment_finished', status: 'completed', page: 2, what: 'image' });
    expect(msg.resources).toContain(`generated_stories/${taskId}/image/p2.png`);
    const p = await user.waitFor(taskId, settled);
    expect(p.segments.map((s: { status: string }) => s.status)).toEqual([
      'completed',
      'completed',
      'completed',
      'completed',
      'pending',
    ]);
    expect((await file('image/p1.png')).bytes.equals(before1.bytes)).toBe(true);
    expect((await file('image/p2.png')).bytes.equals(before2.bytes)).toBe(false);
    const script = JSON.parse((await file('script_data.json')).bytes.toString());
    expect(script.pages[1].image_seed).toBe(4242);
  });

  it("a text edit makes that page's narration stale; re-voicing it makes the segments completed again", async () => {
    const voice1 = await file('speech/p1.wav');
    const res = await regenerate(2, { what: 'text', text: 'The fox sang one clear note at dawn.' });
    expect(res.status).toBe(202);
    await ws.waitFor((m) => m.task_id === taskId && m.page === 2 && m.what === 'text');
    let p = await user.waitFor(taskId, settled);
    expect(segment(p, 1).status).toBe('completed');
    expect(segment(p, 2).status).toBe('completed');
    expect(segment(p, 3)).toMatchObject({ status: 'pending', stale_pages: [2] });
    expect(segment(p, 4)).toMatchObject({ status: 'pending', stale_pages: [2] });
    expect((await file('speech/p2.wav')).status).toBe(404);
    expect((await file('speech/p1.wav')).status).toBe(200);
    // The video cannot be made from stale narration.
    expect((await user.req('POST', `/api/task/${taskId}/execute/5`)).status).toBe(409);

    const voiced = await regenerate(2, { what: 'speech' });
    expect(voiced.status).toBe(202);
    expect(voiced.json.segment_id).toBe(4);
    await ws.waitFor((m) => m.task_id === taskId && m.page === 2 && m.what === 'speech');
    p = await user.waitFor(taskId, settled);
    expect(p.segments.slice(0, 4).map((s: { status: string }) => s.status)).toEqual([
      'completed',
      'completed',
      'completed',
      'completed',
    ]);
    expect(segment(p, 4).stale_pages).toBeUndefined();
    expect((await file('speech/p2.wav')).status).toBe(200);
    expect((await file('speech/p1.wav')).bytes.equals(voice1.bytes)).toBe(true);
    const script = JSON.parse((await file('script_data.json')).bytes.toString());
    expect(script.pages[1].text).toBe('The fox sang one clear note at dawn.');
    expect(script.pages[1].segments.map((s: { text: string }) => s.text).join(' ')).toContain('clear note');
  });

  it('without text, the story writer tells the page again in other words; the other page stays', async () => {
    const before = JSON.parse((await file('script_data.json')).bytes.toString());
    const res = await regenerate(1, { what: 'text' });
    expect(res.status).toBe(202);
    await ws.waitFor((m) => m.task_id === taskId && m.page === 1 && m.what === 'text');
    const p = await user.waitFor(taskId, settled);
    expect(segment(p, 1).status).toBe('completed');
    expect(segment(p, 4)).toMatchObject({ status: 'pending', stale_pages: [1] });
    const after = JSON.parse((await file('script_data.json')).bytes.toString());
    expect(after.pages[0].text).not.toBe(before.pages[0].text);
    // Still this story: English, with its hero's name.
    expect(after.pages[0].text).toMatch(/^[\x20-\x7e\u2018-\u201d]+$/);
    expect(after.pages[0].text).toContain(before.characters[0].name);
    expect(after.pages[1].text).toBe(before.pages[1].text);
    expect((await file('speech/p1.wav')).status).toBe(404);
    // Voiced again, so the next test starts from a finished task.
    expect((await regenerate(1, { what: 'speech' })).status).toBe(202);
    await ws.waitFor((m) => m.task_id === taskId && m.page === 1 && m.what === 'speech');
    expect(segment(await user.waitFor(taskId, settled), 4).status).toBe('completed');
  });

  it('downloads every file of the task as one zip, for its owner only', async () => {
    const res = await fetch(`${server.baseUrl}/api/task/${taskId}/archive?token=${user.token}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('content-disposition')).toContain(`story-${taskId}.zip`);
    const zip = Buffer.from(await res.arrayBuffer());
    expect(zip.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))).toBe(true);
    // Entry names are stored as they are in the zip's directory.
    for (const name of [
      'script_data.json',
      'image/p1.png',
      'image/p2.png',
      'speech/p1.wav',
      'speech/p2_1.wav',
    ])
      expect(zip.includes(Buffer.from(`story-${taskId}/${name}`)), name).toBe(true);
    const other = await new Client(server.baseUrl).login(uniqueName('other'));
    expect((await other.req('GET', `/api/task/${taskId}/archive`)).status).toBe(404);
  });

  it('is refused with 409 while a run of the task is active', async () => {
    expect((await user.req('POST', `/api/task/${taskId}/execute/4`)).status).toBe(202);
    const res = await regenerate(1, { what: 'image' });
    expect(res.status).toBe(409);
    await user.waitFor(taskId, settled);
  });
});
