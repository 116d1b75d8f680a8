// The studio's side of the HTTP API and the notification socket. Shapes come from openapi.d.ts,
// generated from the server's OpenAPI document; the access token lives in memory only, the
// refresh token in the server's HttpOnly cookie (a reload signs in again through /api/refresh).
import type { paths } from './openapi';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type TaskView = Json<paths['/api/task/{task_id}']['get']['responses'][200]>;
export type SegmentView = TaskView['segments'][number];
export type TaskList = Json<paths['/api/task/mytasks']['get']['responses'][200]>;
export type NewTaskBody = Json<NonNullable<paths['/api/task/new']['post']['requestBody']>>;
export type RegenerateBody = Json<
  NonNullable<paths['/api/task/{task_id}/pages/{n}/regenerate']['post']['requestBody']>
>;

export type Me = Json<paths['/api/me']['get']['responses'][200]>;
export type AdminUsers = Json<paths['/api/admin/users']['get']['responses'][200]>;
export type AdminTasks = Json<paths['/api/admin/tasks']['get']['responses'][200]>;

/** script_data.json as the studio reads it (SPEC §3; served as a file, so not in the document). */
export interface StoryScript {
  title: string;
  language: string;
  pages: Array<{
    page: number;
    text: string;
    image_prompt: string;
    image_seed?: number;
    audio?: string;
    duration?: number;
  }>;
}

/** A notification as the socket and /api/notifications carry it (SPEC §6, plus `page`). */
export interface Notice {
  id?: number;
  type: string;
  task_id?: number;
  segment_id?: number;
  status?: string;
  progress?: number;
  error?: string;
  page?: number;
  what?: string;
  /** Set on a v1 (dubbing) task's task_finished / task_failed. */
  v1_task_id?: number;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

let token = '';
let refreshing: Promise<void> | null = null;
const listeners = new Set<(signedIn: boolean) => void>();

export const onSession = (fn: (signedIn: boolean) => void) => {
  listeners.add(fn);
  return () => listeners.delete(fn);
};
const setToken = (t: string) => {
  token = t;
  for (const fn of listeners) fn(t !== '');
};

/** The username inside the access token (it is ours to read; the server checks its signature). */
export function username(): string {
  try {
    const part = token.split('.')[1] ?? '';
    return (
      (JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { username?: string }).username ?? ''
    );
  } catch {
    return '';
  }
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** fetch with the access token; on 401 refreshes it once and retries; errors carry the server's message. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res = await send(method, path, body);
  if (res.status === 401 && token) {
    await refresh();
    res = await send(method, path, body);
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const e = (data as { error?: { message?: string; field?: string } } | undefined)?.error;
    throw new ApiError(res.status, e?.message ?? `HTTP ${res.status}`, e?.field);
  }
  return data as T;
}

/**
 * A new access token from the refresh cookie. One at a time: the refresh token rotates on every
 * use and presenting a used one again ends the session, so parallel 401s share one refresh.
 */
export function refresh(): Promise<void> {
  refreshing ??= (async () => {
    const res = await fetch('/api/refresh', { method: 'POST' });
    if (!res.ok) {
      setToken('');
      throw new ApiError(res.status, 'session ended');
    }
    setToken(((await res.json()) as { access_token: string }).access_token);
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export async function login(username: string, password: string, register: boolean): Promise<void> {
  if (register) await api('POST', '/api/register', { username, password });
  const res = await api<{ access_token: string }>('POST', '/api/login', { username, password });
  setToken(res.access_token);
}

export async function logout(): Promise<void> {
  await fetch('/api/logout', { method: 'POST' }).catch(() => undefined);
  setToken('');
}

/** For <img>, <audio>, <video> and links, which cannot send headers: the token goes in the query. */
export function fileUrl(path: string, version?: string | number): string {
  const v = version === undefined ? '' : `&v=${encodeURIComponent(String(version))}`;
  return `/api/files/${encodeURI(path)}?token=${encodeURIComponent(token)}${v}`;
}

export const taskFile = (taskId: number, rel: string, version?: string | number) =>
  fileUrl(`generated_stories/${taskId}/${rel}`, version);

export const archiveUrl = (taskId: number) =>
  `/api/task/${taskId}/archive?token=${encodeURIComponent(token)}`;

/**
 * Notifications: the socket, with a catch-up from /api/notifications after every (re)connect so
 * nothing sent while it was down is missed. Returns a function that closes it for good.
 */
export function watchNotifications(
  onNotice: (n: Notice) => void,
  onLive: (live: boolean) => void,
): () => void {
  let socket: WebSocket | null = null;
  let closed = false;
  let lastId = 0;
  let delay = 1000;
  const seen = new Set<number>();
  const deliver = (n: Notice) => {
    if (n.id !== undefined) {
      if (seen.has(n.id)) return;
      seen.add(n.id);
      lastId = Math.max(lastId, n.id);
    }
    onNotice(n);
  };
  const catchUp = async () => {
    for (;;) {
      const missed = await api<Notice[]>('GET', `/api/notifications?after=${lastId}&limit=100`);
      for (const n of missed) deliver(n);
      if (missed.length < 100) return;
    }
  };
  const connect = () => {
    if (closed || !token) return;
    const proto = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(
      `${proto}://${location.host}/ws/notifications?token=${encodeURIComponent(token)}`,
    );
    socket = ws;
    ws.onopen = () => {
      delay = 1000;
      onLive(true);
      catchUp().catch(() => undefined);
    };
    ws.onmessage = (e) => deliver(JSON.parse(String(e.data)) as Notice);
    ws.onclose = (e) => {
      if (socket !== ws) return;
      socket = null;
      onLive(false);
      if (closed) return;
      // 4401: the access token expired; anything else: reconnect with a growing delay.
      const wait = e.code === 4401 ? refresh() : new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
      wait.then(connect, () => undefined);
    };
  };
  // The first catch-up starts from the newest stored notice: older ones were before this page.
  api<Notice[]>('GET', '/api/notifications?after=0&limit=500')
    .then((all) => {
      for (const n of all) if (n.id !== undefined) lastId = Math.max(lastId, n.id);
    })
    .catch(() => undefined)
    .finally(connect);
  return () => {
    closed = true;
    const ws = socket;
    socket = null;
    ws?.close(1000);
    onLive(false);
  };
}

export type V1Task = Json<paths['/api/v1/tasks/{id}']['get']['responses'][200]>;
export type V1Upload = Json<paths['/api/v1/files/upload']['post']['responses'][201]>;
export type V1Voices = Json<paths['/api/v1/voices']['get']['responses'][200]>;

/**
 * A v1 file (a WAV, a result JSON) as a blob URL: the v1 routes take only the Bearer header, which
 * <audio> and links cannot send. The caller revokes it.
 */
export async function v1Blob(path: string): Promise<string> {
  const get = () => fetch(path, { headers: { authorization: `Bearer ${token}` } });
  let res = await get();
  if (res.status === 401) {
    await refresh();
    res = await get();
  }
  if (!res.ok) throw new ApiError(res.status, `HTTP ${res.status}`);
  return URL.createObjectURL(await res.blob());
}

/** A transcript into the caller's v1 space (multipart field "file"). */
export async function v1Upload(file: File): Promise<V1Upload> {
  const send = () => {
    const body = new FormData();
    body.append('file', file);
    return fetch('/api/v1/files/upload/', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body,
    });
  };
  let res = await send();
  if (res.status === 401) {
    await refresh();
    res = await send();
  }
  const data = (await res.json()) as V1Upload & { error?: { message?: string; field?: string } };
  if (!res.ok) throw new ApiError(res.status, data.error?.message ?? `HTTP ${res.status}`, data.error?.field);
  return data;
}
