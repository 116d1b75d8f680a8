// Seed 002's edge instances over HTTP, against PGlite and PostgreSQL: create, list, disable,
// rotate the key, X-Instance-ID + X-Api-Key authentication, and owner-only access.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DB_KINDS, type TestDatabase } from '../helpers/db.js';
import { buildAuthApp } from './app.js';

let seq = 0;

describe.each(DB_KINDS)('edge instances on %s', (_kind, createDb) => {
  let tdb: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    tdb = await createDb();
    ({ app } = await buildAuthApp(tdb.db));
  });
  afterAll(async () => {
    await app?.close();
    await tdb?.drop();
  });

  async function newUser(): Promise<{ id: number; username: string; bearer: Record<string, string> }> {
    const username = `edge_${process.pid}_${++seq}`;
    const reg = await app.inject({
      method: 'POST',
      url: '/api/register',
      payload: { username, password: 'correct horse' },
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/login',
      payload: { username, password: 'correct horse' },
    });
    return { id: reg.json().id, username, bearer: { authorization: `Bearer ${res.json().access_token}` } };
  }
  const createInstance = (
    headers: Record<string, string>,
    name = 'studio-pc',
    url = '/api/v1/edge-instances/',
  ) => app.inject({ method: 'POST', url, headers, payload: { name } });
  const meAs = (instanceId: string, apiKey: string) =>
    app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { 'x-instance-id': instanceId, 'x-api-key': apiKey },
    });

  test('create answers 201 {instance_id, api_key, name}; the key then authenticates as the owner', async () => {
    const user = await newUser();
    const res = await createInstance(user.bearer);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({ instance_id: expect.any(String), api_key: expect.any(String), name: 'studio-pc' });
    expect(body.instance_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    const who = await meAs(body.instance_id, body.api_key);
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ id: user.id, username: user.username, instance_id: body.instance_id });

    // The key is not stored in clear.
    const rows = await tdb.db.query<{ api_key_hash: string }>(
      'SELECT api_key_hash FROM edge_instances WHERE id = $1',
      [body.instance_id],
    );
    expect(rows[0]!.api_key_hash).not.toContain(body.api_key);
  });

  test('the trailing slash is optional', async () => {
    const user = await newUser();
    expect((await createInstance(user.bearer, 'a', '/api/v1/edge-instances')).statusCode).toBe(201);
    const withSlash = await app.inject({
      method: 'GET',
      url: '/api/v1/edge-instances/',
      headers: user.bearer,
    });
    const without = await app.inject({ method: 'GET', url: '/api/v1/edge-instances', headers: user.bearer });
    expect(withSlash.statusCode).toBe(200);
    expect(without.json()).toEqual(withSlash.json());
  });

  test('list shows the caller’s instances without keys, newest first', async () => {
    const user = await newUser();
    const a = (await createInstance(user.bearer, 'first')).json();
    const b = (await createInstance(user.bearer, 'second')).json();
    const list = await app.inject({ method: 'GET', url: '/api/v1/edge-instances/', headers: user.bearer });
    expect(list.statusCode).toBe(200);
    const items = list.json() as Array<Record<string, unknown>>;
    expect(items.map((i) => i.instance_id).sort()).toEqual([a.instance_id, b.instance_id].sort());
    expect(items.map((i) => i.name)).toEqual(['second', 'first']);
    for (const item of items) {
      expect(item).not.toHaveProperty('api_key');
      expect(item).not.toHaveProperty('api_key_hash');
      expect(item.is_active).toBe(true);
      expect(JSON.stringify(item)).not.toContain(a.api_key);
    }
  });

  test('a wrong key, an unknown instance or a lone header is 401', async () => {
    const user = await newUser();
    const inst = (await createInstance(user.bearer)).json();
    for (const res of [
      await meAs(inst.instance_id, `${inst.api_key}x`),
      await meAs('00000000-0000-4000-8000-000000000000', inst.api_key),
      await meAs('not-a-uuid', inst.api_key),
      await app.inject({ method: 'GET', url: '/api/me', headers: { 'x-instance-id': inst.instance_id } }),
    ]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toMatch(/invalid_api_key|unauthorized/);
    }
  });

  test('disable: 200, the key stops working, the list shows it inactive', async () => {
    const user = await newUser();
    const inst = (await createInstance(user.bearer)).json();
    expect((await meAs(inst.instance_id, inst.api_key)).statusCode).toBe(200);

    const del = await app.inject({
      method: 'DELETE',
      url: `/api/v1/edge-instances/${inst.instance_id}/`,
      headers: user.bearer,
    });
    expect(del.statusCode).toBe(200);
    expect(del.json()).toMatchObject({ instance_id: inst.instance_id, is_active: false });

    const after = await meAs(inst.instance_id, inst.api_key);
    expect(after.statusCode).toBe(401);
    const list = await app.inject({ method: 'GET', url: '/api/v1/edge-instances/', headers: user.bearer });
    expect(list.json()[0]).toMatchObject({ instance_id: inst.instance_id, is_active: false });
    // A disabled instance cannot be revived by rotating its key.
    const rotate = await app.inject({
      method: 'POST',
      url: `/api/v1/edge-instances/${inst.instance_id}/rotate-key/`,
      headers: user.bearer,
    });
    expect(rotate.statusCode).toBe(409);
  });

  test('rotate-key: the new key works at once and the old one is 401', async () => {
    const user = await newUser();
    const inst = (await createInstance(user.bearer)).json();
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/edge-instances/${inst.instance_id}/rotate-key`,
      headers: user.bearer,
    });
    expect(res.statusCode).toBe(200);
    const rotated = res.json();
    expect(rotated).toEqual({ instance_id: inst.instance_id, api_key: expect.any(String) });
    expect(rotated.api_key).not.toBe(inst.api_key);
    expect((await meAs(inst.instance_id, inst.api_key)).statusCode).toBe(401);
    expect((await meAs(inst.instance_id, rotated.api_key)).statusCode).toBe(200);
  });

  test("another user's instance is 404 for disable and rotate, and absent from their list", async () => {
    const owner = await newUser();
    const intruder = await newUser();
    const inst = (await createInstance(owner.bearer)).json();
    for (const [method, url] of [
      ['DELETE', `/api/v1/edge-instances/${inst.instance_id}/`],
      ['POST', `/api/v1/edge-instances/${inst.instance_id}/rotate-key/`],
    ] as const) {
      const res = await app.inject({ method, url, headers: intruder.bearer });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
      const missing = await app.inject({
        method,
        url: url.replace(inst.instance_id, '00000000-0000-4000-8000-000000000000'),
        headers: intruder.bearer,
      });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual(res.json());
    }
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/edge-instances/',
      headers: intruder.bearer,
    });
    expect(list.json()).toEqual([]);
    // The owner's instance still works.
    expect((await meAs(inst.instance_id, inst.api_key)).statusCode).toBe(200);
  });

  test('creating an instance needs a Bearer token: none is 401, an instance key is 403', async () => {
    const user = await newUser();
    const inst = (await createInstance(user.bearer)).json();
    const anonymous = await createInstance({});
    expect(anonymous.statusCode).toBe(401);
    const byInstance = await createInstance({ 'x-instance-id': inst.instance_id, 'x-api-key': inst.api_key });
    expect(byInstance.statusCode).toBe(403);
    expect(byInstance.json().error.code).toBe('forbidden');
  });

  test('bad create bodies are 400 naming the field', async () => {
    const user = await newUser();
    for (const payload of [{}, { name: '' }, { name: 'x'.repeat(101) }, { name: 'ok', extra: 1 }]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/edge-instances/',
        headers: user.bearer,
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(/name|unknown field "extra"/);
    }
  });
});
