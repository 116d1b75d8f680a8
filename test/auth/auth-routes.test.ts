// The account routes of seed 000 over HTTP (app.inject), against PGlite and PostgreSQL:
// register, login cookie, refresh rotation and reuse detection, logout, token checks, rate limit.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { AuthService } from '../../src/auth/service.js';
import { DB_KINDS, type TestDatabase } from '../helpers/db.js';
import { buildAuthApp, TEST_SECRET } from './app.js';

let seq = 0;
const uniqueName = (prefix = 'user') => `${prefix}_${process.pid}_${++seq}`;

function refreshCookie(res: LightMyRequestResponse) {
  return res.cookies.find((c) => c.name === 'refresh_token');
}

describe.each(DB_KINDS)('auth routes on %s', (_kind, createDb) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;
  let auth: AuthService;

  beforeAll(async () => {
    tdb = await createDb();
    ({ app, auth } = await buildAuthApp(tdb.db));
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  const register = (username: string, password = 'correct horse') =>
    app.inject({ method: 'POST', url: '/api/register', payload: { username, password } });
  const login = (username: string, password = 'correct horse') =>
    app.inject({ method: 'POST', url: '/api/login', payload: { username, password } });
  const refreshWith = (token: string) =>
    app.inject({ method: 'POST', url: '/api/refresh', cookies: { refresh_token: token } });
  const me = (token: string) =>
    app.inject({ method: 'GET', url: '/api/me', headers: { authorization: `Bearer ${token}` } });

  test('register answers 201 {id, username}; the same name in another case is 409', async () => {
    const name = uniqueName('Alice');
    const res = await register(name);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({ id: expect.any(Number), username: name });
    expect(Number.isInteger(body.id)).toBe(true);

    const again = await register(name.toLowerCase(), 'another password');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toEqual({ error: { code: 'conflict', message: expect.stringContaining('taken') } });
  });

  test('passwords are stored as argon2id hashes, never in clear', async () => {
    const name = uniqueName();
    await register(name, 'a secret password');
    const rows = await tdb.db.query<{ password_hash: string }>(
      'SELECT password_hash FROM users WHERE username = $1',
      [name],
    );
    expect(rows[0]!.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(rows[0]!.password_hash).not.toContain('a secret password');
  });

  test('a CJK username is accepted and can log in', async () => {
    const name = `故事${seq++}号`;
    expect((await register(name)).statusCode).toBe(201);
    expect((await login(name)).statusCode).toBe(200);
  });

  test.each([
    [{ username: 'ab', password: 'long enough' }, 'username'],
    [{ username: 'has space', password: 'long enough' }, 'username'],
    [{ username: 'fine_name', password: 'short' }, 'password'],
    [{ username: 'fine_name', password: 'x'.repeat(129) }, 'password'],
    [{ username: 'fine_name' }, 'password'],
    [{ username: 42, password: 'long enough' }, 'username'],
  ])('register with a bad body %j is 400 naming %s', async (payload, field) => {
    const res = await app.inject({ method: 'POST', url: '/api/register', payload });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('bad_request');
    expect(body.error.message).toContain(field);
  });

  test('unknown fields in the body are 400 naming the field', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/register',
      payload: { username: uniqueName(), password: 'long enough', is_admin: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toBe('body: unknown field "is_admin"');
  });

  test('a missing body, bad JSON or a foreign content type is a JSON 4xx, never a 500', async () => {
    const none = await app.inject({ method: 'POST', url: '/api/login' });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.code).toBe('bad_request');
    const broken = await app.inject({
      method: 'POST',
      url: '/api/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('bad_request');
    expect(broken.json().error.message).toMatch(/^body: not valid JSON/);
    const xml = await app.inject({
      method: 'POST',
      url: '/api/login',
      headers: { 'content-type': 'application/xml' },
      payload: '<login/>',
    });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('unsupported_media_type');
  });

  test('login answers the access token and sets an HttpOnly refresh_token cookie for /api', async () => {
    const name = uniqueName();
    await register(name);
    const res = await login(name.toUpperCase());
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 900 });
    const cookie = refreshCookie(res);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api', maxAge: 3600 });
    expect(cookie!.value.length).toBeGreaterThan(30);
    expect(cookie).not.toHaveProperty('secure');

    const who = await me(res.json().access_token);
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ username: name, is_admin: false });
  });

  test('a wrong password and an unknown user get the same 401', async () => {
    const name = uniqueName();
    await register(name);
    const wrong = await login(name, 'not the password');
    const unknown = await login(uniqueName('nobody'), 'not the password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(refreshCookie(wrong)).toBeUndefined();
  });

  test('refresh rotates the token; reusing the old one revokes the whole family', async () => {
    const name = uniqueName();
    await register(name);
    const first = refreshCookie(await login(name))!.value;

    const rotated = await refreshWith(first);
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json()).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    expect((await me(rotated.json().access_token)).statusCode).toBe(200);
    const second = refreshCookie(rotated)!.value;
    expect(second).not.toBe(first);

    // The old token again: treated as stolen.
    const reused = await refreshWith(first);
    expect(reused.statusCode).toBe(401);
    expect(reused.json().error.code).toBe('refresh_token_reused');
    // …and the legitimate successor dies with its family.
    const afterReuse = await refreshWith(second);
    expect(afterReuse.statusCode).toBe(401);
  });

  test('refresh also accepts {refresh_token} in the body (clients without cookies)', async () => {
    const name = uniqueName();
    await register(name);
    const token = refreshCookie(await login(name))!.value;
    const res = await app.inject({ method: 'POST', url: '/api/refresh', payload: { refresh_token: token } });
    expect(res.statusCode).toBe(200);
    expect(refreshCookie(res)!.value).not.toBe(token);
  });

  test('two refreshes racing with one token: exactly one wins', async () => {
    const name = uniqueName();
    await register(name);
    const token = refreshCookie(await login(name))!.value;
    const results = await Promise.all([refreshWith(token), refreshWith(token), refreshWith(token)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401, 401]);
  });

  test('refresh without any token, or with a made-up one, is 401 JSON', async () => {
    const none = await app.inject({ method: 'POST', url: '/api/refresh' });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('unauthorized');
    const fake = await refreshWith('made-up-token');
    expect(fake.statusCode).toBe(401);
    expect(fake.json().error.code).toBe('invalid_refresh_token');
  });

  test('logout answers 204, clears the cookie, and the refresh token stops working; other sessions live on', async () => {
    const name = uniqueName();
    await register(name);
    const phone = refreshCookie(await login(name))!.value;
    const laptop = refreshCookie(await login(name))!.value;

    const out = await app.inject({ method: 'POST', url: '/api/logout', cookies: { refresh_token: phone } });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    expect(refreshCookie(out)).toMatchObject({ value: '', path: '/api', maxAge: 0 });

    expect((await refreshWith(phone)).statusCode).toBe(401);
    expect((await refreshWith(laptop)).statusCode).toBe(200);
    // Logging out again (or with no cookie, with an empty JSON body) is still fine.
    const again = await app.inject({
      method: 'POST',
      url: '/api/logout',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expect(again.statusCode).toBe(204);
  });

  test('a tampered, foreign-signed, never-expiring or missing token is 401 invalid_token', async () => {
    const name = uniqueName();
    await register(name);
    const token: string = (await login(name)).json().access_token;
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, sub: '999' })).toString('base64url');
    const tampered = `${h}.${forgedPayload}.${s}`;
    const foreign = await new SignJWT({ username: name })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(claims.sub))
      .setIssuer('storyagent')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('some-other-secret-some-other-secret-0000'));
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    // Signed with the server's own key but without `exp`: it would outlive every revocation.
    const forever = await new SignJWT({ username: name, adm: false })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(String(claims.sub))
      .setIssuer('storyagent')
      .setIssuedAt()
      .sign(TEST_SECRET);

    for (const bad of [tampered, foreign, unsigned, forever, 'garbage']) {
      const res = await me(bad);
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('invalid_token');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    const none = await app.inject({ method: 'GET', url: '/api/me' });
    expect(none.statusCode).toBe(401);
    const basic = await app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: 'Basic abc' },
    });
    expect(basic.statusCode).toBe(401);
  });

  test('an expired access token is 401 token_expired; verifyAccessToken says the same', async () => {
    const short = await buildAuthApp(tdb.db, { ACCESS_TOKEN_TTL_SECONDS: 1 });
    try {
      const name = uniqueName();
      await short.app.inject({
        method: 'POST',
        url: '/api/register',
        payload: { username: name, password: 'correct horse' },
      });
      const res = await short.app.inject({
        method: 'POST',
        url: '/api/login',
        payload: { username: name, password: 'correct horse' },
      });
      const token: string = res.json().access_token;
      expect(res.json().expires_in).toBe(1);
      await new Promise((r) => setTimeout(r, 2100));
      const later = await short.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(later.statusCode).toBe(401);
      expect(later.json().error.code).toBe('token_expired');
      await expect(short.auth.verifyAccessToken(token)).rejects.toMatchObject({
        status: 401,
        code: 'token_expired',
      });
    } finally {
      await short.app.close();
    }
  });

  test('verifyAccessToken returns the caller for a fresh token', async () => {
    const name = uniqueName();
    const id: number = (await register(name)).json().id;
    const token: string = (await login(name)).json().access_token;
    await expect(auth.verifyAccessToken(token)).resolves.toEqual({ id, username: name, isAdmin: false });
  });

  test('failed logins are limited per account from one address, per account and per address', async () => {
    const limited = await buildAuthApp(tdb.db, {
      LOGIN_RATE_LIMIT_PER_MINUTE: 3,
      LOGIN_ACCOUNT_RATE_LIMIT_PER_MINUTE: 5,
      LOGIN_ADDRESS_RATE_LIMIT_PER_MINUTE: 8,
    });
    try {
      const [name, other, third] = [uniqueName(), uniqueName(), uniqueName()];
      for (const username of [name, other, third]) {
        await limited.app.inject({
          method: 'POST',
          url: '/api/register',
          payload: { username, password: 'correct horse' },
        });
      }
      const attempt = (username: string, password: string, ip: string) =>
        limited.app.inject({
          method: 'POST',
          url: '/api/login',
          payload: { username, password },
          remoteAddress: ip,
        });

      // Successful logins never count.
      for (let i = 0; i < 5; i++)
        expect((await attempt(name, 'correct horse', '10.0.0.1')).statusCode).toBe(200);

      // Three failures for one account from one address block that account there…
      for (let i = 0; i < 3; i++)
        expect((await attempt(name, 'wrong password', '10.0.0.2')).statusCode).toBe(401);
      const blocked = await attempt(name, 'correct horse', '10.0.0.2');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('rate_limited');
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // …but not another account from the same address, nor that account from elsewhere.
      expect((await attempt(other, 'correct horse', '10.0.0.2')).statusCode).toBe(200);
      expect((await attempt(name, 'correct horse', '10.0.0.3')).statusCode).toBe(200);

      // Guessing spread over addresses: five failures on the account block it everywhere.
      for (const ip of ['10.0.0.4', '10.0.0.5']) {
        expect((await attempt(name, 'wrong password', ip)).statusCode).toBe(401);
      }
      expect((await attempt(name, 'correct horse', '10.0.0.6')).statusCode).toBe(429);

      // One address guessing across accounts is blocked for every account at its limit.
      for (const u of ['guess1', 'guess2', 'guess3', 'guess4', 'guess5', 'guess6', 'guess7', 'guess8']) {
        expect((await attempt(u, 'wrong password', '10.0.0.9')).statusCode).toBe(401);
      }
      expect((await attempt(third, 'correct horse', '10.0.0.9')).statusCode).toBe(429);
      expect((await attempt(third, 'correct horse', '10.0.0.10')).statusCode).toBe(200);
    } finally {
      await limited.app.close();
    }
  });
});
