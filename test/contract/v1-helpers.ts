// A client of the v1 API (seed 002) as the original edge client uses it: Bearer or edge-instance
// headers, multipart upload, task creation, polling, downloads.
import type { Answer, Client } from './harness.js';

export type AuthHeaders = Record<string, string>;

export const bearer = (c: Client): AuthHeaders => ({ authorization: `Bearer ${c.token}` });

/** Registers an edge instance for the client's user and returns its headers. */
export async function edgeHeaders(c: Client, name = 'studio-pc'): Promise<AuthHeaders & { id: string }> {
  const res = await c.req('POST', '/api/v1/edge-instances/', { body: { name } });
  if (res.status !== 201) throw new Error(`edge instance ${res.status}: ${res.text}`);
  return { 'x-instance-id': res.json.instance_id, 'x-api-key': res.json.api_key, id: res.json.instance_id };
}

const strip = ({ id: _id, ...h }: AuthHeaders & { id?: string }) => h;

export async function call(
  c: Client,
  auth: AuthHeaders,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  return c.req(method, path, { body, headers: strip(auth), token: null });
}

export async function upload(
  c: Client,
  auth: AuthHeaders,
  name: string,
  content: string | Uint8Array,
  field = 'file',
): Promise<Answer> {
  const form = new FormData();
  form.set(field, new Blob([typeof content === 'string' ? content : Buffer.from(content)]), name);
  const res = await fetch(`${c.baseUrl}/api/v1/files/upload/`, {
    method: 'POST',
    headers: strip(auth),
    body: form,
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Polls GET /api/v1/tasks/{id}/ until it is COMPLETED or FAILED. */
// biome-ignore lint/suspicious/noExplicitAny: answers are inspected field by field
export async function waitTask(c: Client, auth: AuthHeaders, id: number, timeoutMs = 120_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await call(c, auth, 'GET', `/api/v1/tasks/${id}/`);
    if (res.status !== 200) throw new Error(`task ${id}: ${res.status} ${res.text}`);
    if (res.json.status === 'COMPLETED' || res.json.status === 'FAILED') return res.json;
    if (Date.now() > until) throw new Error(`task ${id} still ${res.json.status}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Fetches an absolute URL with the auth headers. */
export async function fetchWith(url: string, auth: AuthHeaders) {
  return fetch(url, { headers: strip(auth) });
}

export { STORM_SRT as SRT } from '../helpers/source-media.js';
