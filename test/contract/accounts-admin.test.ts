// Administration as an admin and a hostile client meet it, in both modes (scaled: two `serve`
// processes on one database and Redis): revocation within a second on every server, deletion of
// everything a user owns, 403 for non-admins, and login limits that hold across servers behind a proxy.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  Listener,
  type PeerServer,
  type Server,
  startPeer,
  startServer,
  uniqueName,
} from './harness.js';
import { MODES } from './modes.js';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Polls `probe` until it answers `status`; resolves with the milliseconds that took. */
async function msUntilStatus(probe: () => Promise<number>, status: number, limitMs = 5_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const got = await probe();
    if (got === status) return Date.now() - started;
    if (Date.now() - started > limitMs) throw new Error(`still ${got} after ${limitMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

let addresses = 0;
/**
 * A client coming through the proxy from an address of its own, so that the registration limit
 * (REGISTER_RATE_LIMIT_PER_MINUTE=3 here) counts only the test that is about it.
 */
function clientAt(baseUrl: string): Client {
  const client = new Client(baseUrl);
  addresses++;
  client.headers['x-forwarded-for'] = `10.${(addresses >> 8) & 255}.${addresses & 255}.${process.pid % 250}`;
  return client;
}

function userIdOf(client: Client): number {
  return Number(JSON.parse(Buffer.from(client.token.split('.')[1]!, 'base64url').toString()).sub);
}

async function refresh(baseUrl: string, cookie: string): Promise<number> {
  return (await fetch(`${baseUrl}/api/refresh`, { method: 'POST', headers: { cookie } })).status;
}

describe.each(MODES)('accounts and administration (%s mode)', (mode) => {
  let server: Server;
  let peer: PeerServer | undefined;
  /** The server a user's second connection goes to: the other process in the scaled mode. */
  let other: { baseUrl: string; wsUrl: string };
  let admin: Client;

  beforeAll(async () => {
    // Behind the shipped Nginx: trust X-Forwarded-For from the proxy's address only.
    server = await startServer(mode, {
      env: {
        TRUST_PROXY: '127.0.0.1',
        REGISTER_RATE_LIMIT_PER_MINUTE: '3',
        UPLOAD_RATE_LIMIT_PER_MINUTE: '2',
      },
    });
    peer = mode === 'scaled' ? await startPeer(server) : undefined;
    other = peer ?? server;
    const name = uniqueName('admin');
    await clientAt(server.baseUrl).req('POST', '/api/register', {
      body: { username: name, password: 'correct horse battery' },
      token: null,
    });
    await server.runtime.db.query('UPDATE users SET is_admin = true WHERE username = $1', [name]);
    admin = await clientAt(server.baseUrl).login(name);
  });
  afterAll(async () => {
    await peer?.stop();
    await server?.stop();
  });

  it('answers 403 to a non-admin and 401 to no token on every admin route', async () => {
    const user = await clientAt(server.baseUrl).login(uniqueName('plain'));
    const id = userIdOf(user);
    const routes: Array<[string, string]> = [
      ['GET', '/api/admin/users'],
      ['GET', `/api/admin/users/${id}`],
      ['POST', `/api/admin/users/${id}/disable`],
      ['POST', `/api/admin/users/${id}/enable`],
      ['DELETE', `/api/admin/users/${id}`],
      ['GET', `/api/admin/users/${id}/edge-instances`],
      ['POST', '/api/admin/edge-instances/00000000-0000-4000-8000-000000000000/disable'],
      ['GET', '/api/admin/tasks'],
    ];
    for (const [method, path] of routes) {
      const res = await user.req(method, path);
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.json.error.code).toBe('forbidden');
      expect((await user.req(method, path, { token: null })).status).toBe(401);
    }
    // The plain user still exists and works: nothing was done.
    expect((await user.req('GET', '/api/task/mytasks')).status).toBe(200);
  });

  it('lists users with task counts and last login, and every user’s tasks by status or user', async () => {
    const user = await clientAt(server.baseUrl).login(uniqueName('lister'));
    const taskId = await user.newTask();
    const id = userIdOf(user);
    const users = [];
    let cursor: string | null = null;
    do {
      const page = await admin.req('GET', `/api/admin/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      users.push(...page.json.users);
      cursor = page.json.next_cursor;
    } while (cursor);
    expect(users.find((u) => u.id === id)).toMatchObject({
      username: expect.stringMatching(/^lister/),
      is_admin: false,
      is_active: true,
      task_count: 1,
      last_login_at: expect.any(String),
    });

    const mine = await admin.req('GET', `/api/admin/tasks?user_id=${id}`);
    expect(mine.status).toBe(200);
    expect(mine.json.tasks.map((t: { task_id: number }) => t.task_id)).toEqual([taskId]);
    expect(mine.json.tasks[0]).toMatchObject({ user_id: id, status: 'pending' });
    const pending = await admin.req('GET', '/api/admin/tasks?status=pending');
    expect(pending.json.tasks.map((t: { task_id: number }) => t.task_id)).toContain(taskId);
    const completed = await admin.req('GET', `/api/admin/tasks?status=completed&user_id=${id}`);
    expect(completed.json.tasks).toEqual([]);
    expect((await admin.req('GET', '/api/admin/tasks?status=cancelled')).status).toBe(400);
  });

  it('disabling a user cuts HTTP, refresh, edge keys and the WebSocket on every server within a second', async () => {
    const user = await clientAt(server.baseUrl).login(uniqueName('victim'));
    const id = userIdOf(user);
    const edge = await user.req('POST', '/api/v1/edge-instances/', { body: { name: 'pc' } });
    const edgeHeaders = { 'x-instance-id': edge.json.instance_id, 'x-api-key': edge.json.api_key };
    expect((await user.req('GET', '/api/v1/tasks/', { token: null, headers: edgeHeaders })).status).toBe(200);
    // Seen and cached as active by both servers before the change.
    expect((await user.req('GET', '/api/task/mytasks')).status).toBe(200);
    const onOther = clientAt(other.baseUrl);
    onOther.token = user.token;
    expect((await onOther.req('GET', '/api/task/mytasks')).status).toBe(200);
    const ws = await Listener.open(`${other.wsUrl}?token=${user.token}`);

    const disabled = await admin.req('POST', `/api/admin/users/${id}/disable`);
    expect(disabled.status).toBe(200);
    expect(disabled.json).toMatchObject({ id, is_active: false, disabled_at: expect.any(String) });

    const elapsed = await msUntilStatus(
      async () => (await onOther.req('GET', '/api/task/mytasks')).status,
      401,
    );
    expect(elapsed).toBeLessThan(1000);
    expect(await ws.waitClose(1000)).toBe(4401);
    const here = await user.req('GET', '/api/notifications');
    expect(here.status).toBe(401);
    expect(here.json.error.code).toBe('account_disabled');
    expect((await user.req('POST', '/api/task/new', { body: { topic: '小猫' } })).status).toBe(401);
    expect(await refresh(other.baseUrl, user.cookie)).toBe(401);
    expect((await user.req('GET', '/api/v1/tasks/', { token: null, headers: edgeHeaders })).status).toBe(401);
    expect(await Listener.closeCodeOf(`${server.wsUrl}?token=${user.token}`)).toBe(4401);
    const login = await user.req('POST', '/api/login', {
      body: { username: disabled.json.username, password: 'correct horse battery' },
      token: null,
    });
    expect(login.status).toBe(403);
    expect(login.json.error.code).toBe('account_disabled');

    // Enabled again: a new login works on either server (the old refresh token stays revoked).
    expect((await admin.req('POST', `/api/admin/users/${id}/enable`)).json.is_active).toBe(true);
    const again = await clientAt(other.baseUrl).login(disabled.json.username);
    expect((await again.req('GET', '/api/task/mytasks')).status).toBe(200);
    expect(await refresh(other.baseUrl, user.cookie)).toBe(401);
  });

  it('an admin cannot disable or delete their own account', async () => {
    const me = userIdOf(admin);
    expect((await admin.req('POST', `/api/admin/users/${me}/disable`)).status).toBe(409);
    expect((await admin.req('DELETE', `/api/admin/users/${me}`)).status).toBe(409);
    expect((await admin.req('GET', '/api/admin/users?limit=1')).status).toBe(200);
  });

  it("disables any user's edge instance: its key stops at once", async () => {
    const user = await clientAt(server.baseUrl).login(uniqueName('edgeowner'));
    const edge = await user.req('POST', '/api/v1/edge-instances/', { body: { name: 'studio' } });
    const headers = { 'x-instance-id': edge.json.instance_id, 'x-api-key': edge.json.api_key };
    const listed = await admin.req('GET', `/api/admin/users/${userIdOf(user)}/edge-instances`);
    expect(listed.json).toEqual([
      expect.objectContaining({ instance_id: edge.json.instance_id, is_active: true }),
    ]);
    const off = await admin.req('POST', `/api/admin/edge-instances/${edge.json.instance_id}/disable`);
    expect(off.status).toBe(200);
    expect(off.json.is_active).toBe(false);
    const probe = clientAt(other.baseUrl);
    expect((await probe.req('GET', '/api/v1/tasks/', { token: null, headers })).status).toBe(401);
    // The owner's own Bearer token is untouched.
    expect((await user.req('GET', '/api/v1/tasks/')).status).toBe(200);
    expect((await admin.req('POST', '/api/admin/edge-instances/not-a-uuid/disable')).status).toBe(404);
  });

  it('deleting a user removes every row and file of theirs; their token then gets 401, never 500', async () => {
    const user = await clientAt(server.baseUrl).login(uniqueName('leaver'));
    const id = userIdOf(user);
    const taskId = await user.newTask();
    expect((await user.req('POST', `/api/task/${taskId}/execute/1`)).status).toBe(202);
    await user.waitFor(taskId, (p) => p.segments[0].status === 'completed');
    const form = new FormData();
    form.append('file', new Blob(['1\n00:00:00,000 --> 00:00:01,500\nHello there.\n']), 'talk.srt');
    const upload = await fetch(`${server.baseUrl}/api/v1/files/upload/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}` },
      body: form,
    });
    expect(upload.status).toBe(201);
    await user.req('POST', '/api/v1/edge-instances/', { body: { name: 'pc' } });
    const taskDir = join(server.config.storageRoot, String(taskId));
    const space = join(server.config.sharedMediaRoot, 'users', String(id));
    expect(await exists(join(taskDir, 'script_data.json'))).toBe(true);
    expect(await exists(space)).toBe(true);
    const ws = await Listener.open(`${other.wsUrl}?token=${user.token}`);

    const deleted = await admin.req('DELETE', `/api/admin/users/${id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ deleted: true, user_id: id, tasks: 1 });

    expect(await ws.waitClose(1000)).toBe(4401);
    for (const [method, path] of [
      ['GET', '/api/task/mytasks'],
      ['GET', '/api/notifications'],
      ['POST', '/api/task/new'],
      ['GET', '/api/me'],
      ['GET', '/api/v1/tasks/'],
    ] as const) {
      const res = await user.req(method, path, method === 'POST' ? { body: { topic: '小猫' } } : {});
      expect(res.status, `${method} ${path}`).toBe(401);
    }
    const onOther = clientAt(other.baseUrl);
    onOther.token = user.token;
    expect((await onOther.req('POST', '/api/task/new', { body: { topic: '小猫' } })).status).toBe(401);
    expect(await refresh(server.baseUrl, user.cookie)).toBe(401);

    const db = server.runtime.db;
    for (const [table, column] of [
      ['users', 'id'],
      ['tasks', 'user_id'],
      ['notifications', 'user_id'],
      ['edge_instances', 'user_id'],
      ['refresh_tokens', 'user_id'],
      ['v1_tasks', 'user_id'],
    ]) {
      const rows = await db.query(`SELECT 1 FROM ${table} WHERE ${column} = $1`, [id]);
      expect(rows, table).toEqual([]);
    }
    expect(await db.query('SELECT 1 FROM task_segments WHERE task_id = $1', [taskId])).toEqual([]);
    expect(await exists(taskDir)).toBe(false);
    expect(await exists(space)).toBe(false);
    expect((await admin.req('DELETE', `/api/admin/users/${id}`)).status).toBe(404);
  });

  it('a v1 run that ends after its owner was deleted leaves no folder of theirs behind', async () => {
    const user = await clientAt(server.baseUrl).login(uniqueName('gone'));
    const id = userIdOf(user);
    const lines = Array.from(
      { length: 14 },
      (_, i) =>
        `${i + 1}\n00:00:${String(i * 4).padStart(2, '0')},000 --> 00:00:${String(i * 4 + 3).padStart(2, '0')},000\nThe fox walked along the river and sang a long song to the geese, line ${i + 1}.\n`,
    ).join('\n');
    const form = new FormData();
    form.append('file', new Blob([lines]), 'long.srt');
    const up = await fetch(`${server.baseUrl}/api/v1/files/upload/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}` },
      body: form,
    });
    expect(up.status).toBe(201);
    const { relative_path } = (await up.json()) as { relative_path: string };
    const dub = await user.req('POST', '/api/v1/tasks/', {
      body: {
        task_type: 'GENERATE_DUBBING',
        payload: { transcript_path: relative_path, service_params: { template_name: 'espeak_en' } },
      },
    });
    expect(dub.status).toBe(202);
    const space = join(server.config.sharedMediaRoot, 'users', String(id));
    // Deleted while the dubbing writes its clips.
    for (let i = 0; i < 200; i++) {
      const t = await user.req('GET', `/api/v1/tasks/${dub.json.id}/`);
      if (t.json.status !== 'PENDING') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await admin.req('DELETE', `/api/admin/users/${id}`)).status).toBe(200);
    for (let i = 0; i < 400; i++) {
      const c = await server.runtime.queue.counts();
      if (c.active + c.waiting + c.delayed === 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await exists(space)).toBe(false);
  });

  it("fifteen failed logins on one account never block another account's correct login, on any server", async () => {
    const [victim, neighbour] = [uniqueName('nat1'), uniqueName('nat2')];
    for (const name of [victim, neighbour]) {
      await clientAt(server.baseUrl).req('POST', '/api/register', {
        body: { username: name, password: 'correct horse battery' },
        token: null,
      });
    }
    const login = (baseUrl: string, username: string, password: string, forwardedFor: string) =>
      new Client(baseUrl).req('POST', '/api/login', {
        body: { username, password },
        token: null,
        headers: { 'x-forwarded-for': forwardedFor },
      });
    // A school behind one NAT: every attempt arrives from 203.0.113.7 through the proxy, spread
    // over both servers. The account's limit (10 a minute from one address) holds across them.
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const target = i % 2 === 0 ? server.baseUrl : other.baseUrl;
      statuses.push((await login(target, victim, 'wrong password', '203.0.113.7')).status);
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(5).fill(429));
    expect((await login(other.baseUrl, victim, 'correct horse battery', '203.0.113.7')).status).toBe(429);
    // Another account from the same address, and the same account from another address, log in.
    expect((await login(server.baseUrl, neighbour, 'correct horse battery', '203.0.113.7')).status).toBe(200);
    expect((await login(other.baseUrl, neighbour, 'correct horse battery', '203.0.113.7')).status).toBe(200);
    expect((await login(server.baseUrl, victim, 'correct horse battery', '198.51.100.4')).status).toBe(200);
  });

  it('limits registrations per address, counted across servers', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const target = i % 2 === 0 ? server.baseUrl : other.baseUrl;
      const res = await new Client(target).req('POST', '/api/register', {
        body: { username: uniqueName('reg'), password: 'correct horse battery' },
        token: null,
        headers: { 'x-forwarded-for': '192.0.2.44' },
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.json.error.code).toBe('rate_limited');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    // Another address registers as usual.
    const fresh = await clientAt(other.baseUrl).req('POST', '/api/register', {
      body: { username: uniqueName('reg'), password: 'correct horse battery' },
      token: null,
    });
    expect(fresh.status).toBe(201);
  });

  it('limits uploads per address, counted across servers', async () => {
    const user = await clientAt(server.baseUrl).login(uniqueName('uploader'));
    const upload = (baseUrl: string) => {
      const form = new FormData();
      form.append('file', new Blob(['hello\n']), 'note.txt');
      return fetch(`${baseUrl}/api/v1/files/upload/`, {
        method: 'POST',
        headers: { authorization: `Bearer ${user.token}`, 'x-forwarded-for': '192.0.2.80' },
        body: form,
      });
    };
    expect((await upload(server.baseUrl)).status).toBe(201);
    expect((await upload(other.baseUrl)).status).toBe(201);
    const refused = await upload(server.baseUrl);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
