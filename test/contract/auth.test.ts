// Accounts as the task API's clients meet them, in both modes: refresh rotation and reuse
// detection, expired tokens (401 on HTTP, 4401 on the WebSocket), and the gateway's isolation.
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, JWT_SECRET, Listener, type Server, startServer, uniqueName } from './harness.js';
import { MODES } from './modes.js';

/** A token signed with the server's key, as a client could still hold it, expiring at `exp` (seconds). */
async function tokenExpiringAt(userId: number, username: string, exp: number): Promise<string> {
  return new SignJWT({ username, adm: false })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(userId))
    .setIssuer('storyagent')
    .setIssuedAt(exp - 900)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(JWT_SECRET));
}

async function refresh(server: Server, cookie: string) {
  const res = await fetch(`${server.baseUrl}/api/refresh`, { method: 'POST', headers: { cookie } });
  const next = (res.headers.getSetCookie().find((c) => c.startsWith('refresh_token=')) ?? '').split(';')[0]!;
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, cookie: next };
}

describe.each(MODES)('accounts and the gateway (%s mode)', (mode) => {
  let server: Server;

  beforeAll(async () => {
    server = await startServer(mode);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('rotates the refresh token; reusing an old one revokes the whole family', async () => {
    const user = await new Client(server.baseUrl).login(uniqueName('rot'));
    const first = await refresh(server, user.cookie);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer' });
    expect(first.cookie).not.toBe(user.cookie);
    // The new access token works on the task API.
    const api = await user.req('GET', '/api/task/mytasks', { token: first.body.access_token as string });
    expect(api.status).toBe(200);

    const reused = await refresh(server, user.cookie);
    expect(reused.status).toBe(401);
    // The thief's reuse also kills the legitimate newest token of that family.
    expect((await refresh(server, first.cookie)).status).toBe(401);
  });

  it('answers 401 to an expired access token, in the error shape', async () => {
    const name = uniqueName('exp');
    const user = await new Client(server.baseUrl).login(name);
    const me = await user.req('GET', '/api/task/mytasks');
    expect(me.status).toBe(200);
    const payload = JSON.parse(Buffer.from(user.token.split('.')[1]!, 'base64url').toString());
    const expired = await tokenExpiringAt(Number(payload.sub), name, Math.floor(Date.now() / 1000) - 5);
    const res = await user.req('GET', '/api/task/mytasks', { token: expired });
    expect(res.status).toBe(401);
    expect(res.json.error).toEqual({ code: 'token_expired', message: expect.any(String) });
  });

  it('closes the WebSocket with 4401 for a missing, bad or expired token', async () => {
    const name = uniqueName('wsbad');
    const user = await new Client(server.baseUrl).login(name);
    const sub = Number(JSON.parse(Buffer.from(user.token.split('.')[1]!, 'base64url').toString()).sub);
    const expired = await tokenExpiringAt(sub, name, Math.floor(Date.now() / 1000) - 5);
    expect(await Listener.closeCodeOf(server.wsUrl)).toBe(4401);
    expect(await Listener.closeCodeOf(`${server.wsUrl}?token=not-a-token`)).toBe(4401);
    expect(await Listener.closeCodeOf(`${server.wsUrl}?token=${expired}`)).toBe(4401);
    expect(await Listener.closeCodeOf(server.wsUrl, { authorization: 'Bearer nope' })).toBe(4401);
  });

  it('accepts the Authorization header and closes with 4401 when the token expires', async () => {
    const name = uniqueName('wsexp');
    const user = await new Client(server.baseUrl).login(name);
    const sub = Number(JSON.parse(Buffer.from(user.token.split('.')[1]!, 'base64url').toString()).sub);
    const shortLived = await tokenExpiringAt(sub, name, Math.floor(Date.now() / 1000) + 2);
    const ws = await Listener.open(server.wsUrl, { authorization: `Bearer ${shortLived}` });
    const started = Date.now();
    expect(await ws.waitClose(6000)).toBe(4401);
    expect(Date.now() - started).toBeGreaterThan(500);
  });

  it('drops a socket that stops answering pings, keeps one that answers', async () => {
    const quick = await startServer(mode, { runtime: { wsPingIntervalMs: 200 } });
    try {
      const user = await new Client(quick.baseUrl).login(uniqueName('ping'));
      const alive = await Listener.open(`${quick.wsUrl}?token=${user.token}`);
      const silent = await Listener.open(`${quick.wsUrl}?token=${user.token}`, undefined, {
        autoPong: false,
      });
      expect(await silent.waitClose(5000)).toBe(1006);
      expect(alive.closeCode).toBeUndefined();
      expect(quick.runtime.app!.notificationGateway.stats()).toEqual({ users: 1, sockets: 1 });
      alive.close();
    } finally {
      await quick.stop();
    }
  });

  it('delivers a user’s notifications to all their sockets and to nobody else', async () => {
    const ann = await new Client(server.baseUrl).login(uniqueName('ann'));
    const ben = await new Client(server.baseUrl).login(uniqueName('ben'));
    const annA = await Listener.open(`${server.wsUrl}?token=${ann.token}`);
    const annB = await Listener.open(server.wsUrl, { authorization: `Bearer ${ann.token}` });
    const benWs = await Listener.open(`${server.wsUrl}?token=${ben.token}`);
    const taskId = await ann.newTask();
    // Story fails or finishes: either way a stored notification goes out to Ann.
    expect((await ann.req('POST', `/api/task/${taskId}/execute/1`)).status).toBe(202);
    const pred = (m: { task_id?: number; type: string }) =>
      m.task_id === taskId && (m.type === 'segment_finished' || m.type === 'segment_failed');
    const [a, b] = await Promise.all([annA.waitFor(pred), annB.waitFor(pred)]);
    expect(a).toEqual(b);
    // Ben's own traffic arrives, Ann's never does.
    const bensTask = await ben.newTask();
    await ben.req('POST', `/api/task/${bensTask}/execute/1`);
    await benWs.waitFor((m) => m.task_id === bensTask && m.type !== 'segment_progress');
    expect(benWs.messages.some((m) => m.task_id === taskId)).toBe(false);
    for (const ws of [annA, annB, benWs]) ws.close();
  });

  it('believes no X-Forwarded-For without TRUST_PROXY: a forged address escapes no limit', async () => {
    const name = uniqueName('xff');
    await new Client(server.baseUrl).req('POST', '/api/register', {
      body: { username: name, password: 'correct horse battery' },
      token: null,
    });
    const attempt = (forwardedFor: string) =>
      new Client(server.baseUrl).req('POST', '/api/login', {
        body: { username: name, password: 'wrong password' },
        token: null,
        headers: { 'x-forwarded-for': forwardedFor },
      });
    // LOGIN_RATE_LIMIT_PER_MINUTE (10) failures for one account from one address: the forged
    // addresses change nothing, the socket's address is the one counted.
    for (let i = 0; i < 10; i++) expect((await attempt(`198.51.100.${i + 1}`)).status).toBe(401);
    const blocked = await attempt('198.51.100.99');
    expect(blocked.status).toBe(429);
    expect(blocked.json.error.code).toBe('rate_limited');
  });
});
