// The seed's client scripts as one check against a running server (`storyagent doctor --server URL`):
// register or log in, create a task, open the notification WebSocket, execute Story, expect 202 and
// a message about that task; the task is deleted afterwards.
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { CheckResult } from './doctor.js';

export interface ClientFlowOptions {
  server: string;
  /** Default: a new throwaway user `doctor-<random>`. */
  username?: string;
  password?: string;
  /** For the whole flow (default 60 s: the Story segment runs for real). */
  timeoutMs?: number;
}

class StepFailure extends Error {
  constructor(
    readonly step: string,
    message: string,
    readonly advice: string,
  ) {
    super(message);
  }
}

async function call(
  base: string,
  step: string,
  path: string,
  init: { method: string; token?: string; body?: unknown },
): Promise<{ status: number; json: Record<string, unknown> }> {
  let res: Response;
  try {
    res = await fetch(new URL(path, base), {
      method: init.method,
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.timeout(15_000),
    });
  } catch (err) {
    throw new StepFailure(
      step,
      `${init.method} ${path}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`,
      'is the server running and is the URL right (scheme, host, port, a proxy in front)?',
    );
  }
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    throw new StepFailure(
      step,
      `${init.method} ${path} answered ${res.status} with non-JSON`,
      'a proxy may be answering instead of StoryAgent: check its configuration',
    );
  }
  return { status: res.status, json };
}

const errorOf = (json: Record<string, unknown>) =>
  ((json.error as { message?: string } | undefined)?.message ?? JSON.stringify(json)).slice(0, 200);

export async function runClientFlow(opts: ClientFlowOptions): Promise<CheckResult[]> {
  const base = opts.server.endsWith('/') ? opts.server : `${opts.server}/`;
  const results: CheckResult[] = [];
  const timeoutMs = opts.timeoutMs ?? 60_000;
  let token: string | undefined;
  let taskId: number | undefined;
  let socket: WebSocket | undefined;
  const ok = (name: string, detail: string) => results.push({ name, status: 'ok', detail });
  try {
    const username = opts.username ?? `doctor-${randomBytes(4).toString('hex')}`;
    const password = opts.password ?? randomBytes(18).toString('base64url');
    if (!opts.username) {
      const reg = await call(base, 'server: register', 'api/register', {
        method: 'POST',
        body: { username, password },
      });
      if (reg.status !== 201)
        throw new StepFailure(
          'server: register',
          `POST /api/register answered ${reg.status}: ${errorOf(reg.json)}`,
          'pass --username of an existing user (password on stdin) if registration is closed',
        );
      ok('server: register', `user ${username} created`);
    }
    const login = await call(base, 'server: login', 'api/login', {
      method: 'POST',
      body: { username, password },
    });
    token = typeof login.json.access_token === 'string' ? login.json.access_token : undefined;
    if (login.status !== 200 || !token)
      throw new StepFailure(
        'server: login',
        `POST /api/login answered ${login.status}: ${errorOf(login.json)}`,
        'check the username and password',
      );
    ok('server: login', `access token for ${username}`);

    const created = await call(base, 'server: create', 'api/task/new', {
      method: 'POST',
      token,
      body: { topic: 'storyagent doctor', main_role: '', scene: '', pages: 1 },
    });
    if (created.status !== 201 || typeof created.json.task_id !== 'number')
      throw new StepFailure(
        'server: create',
        `POST /api/task/new answered ${created.status}: ${errorOf(created.json)}`,
        'see the server log for this request',
      );
    taskId = created.json.task_id;
    ok('server: create', `task ${taskId}`);

    const wsUrl = new URL('ws/notifications', base);
    wsUrl.protocol = wsUrl.protocol === 'https:' ? 'wss:' : 'ws:';
    wsUrl.searchParams.set('token', token);
    socket = new WebSocket(wsUrl);
    const ws = socket;
    const id = taskId;
    const message = new Promise<Record<string, unknown>>((resolve, reject) => {
      ws.on('message', (data) => {
        try {
          const m = JSON.parse(String(data)) as Record<string, unknown>;
          if (m.task_id === id && m.type !== 'segment_progress') resolve(m);
        } catch {
          // not a notification: keep waiting
        }
      });
      ws.on('close', (code) => reject(new Error(`the WebSocket closed (code ${code})`)));
      ws.on('error', (err) => reject(err));
    });
    message.catch(() => {});
    try {
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
        ws.once('unexpected-response', (_req, res) =>
          reject(new Error(`upgrade answered ${res.statusCode}`)),
        );
      });
    } catch (err) {
      throw new StepFailure(
        'server: websocket',
        `${wsUrl.origin}/ws/notifications: ${(err as Error).message}`,
        'a proxy in front must pass WebSocket upgrades (Upgrade and Connection headers) on /ws/',
      );
    }
    ok('server: websocket', 'connected to /ws/notifications');

    const exec = await call(base, 'server: execute', `api/task/${taskId}/execute/1`, {
      method: 'POST',
      token,
    });
    if (exec.status !== 202)
      throw new StepFailure(
        'server: execute',
        `POST /api/task/${taskId}/execute/1 answered ${exec.status}: ${errorOf(exec.json)}`,
        'see the server log for this request',
      );
    ok('server: execute', `202, job ${String(exec.json.celery_task_id)}`);

    let timer: NodeJS.Timeout | undefined;
    const got = await Promise.race([
      message,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no notification within ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
      }),
    ])
      .catch((err: Error) => {
        throw new StepFailure(
          'server: notification',
          err.message,
          'are workers running (storyagent doctor without --server on the server machine), and is Redis pub/sub reaching this server?',
        );
      })
      .finally(() => clearTimeout(timer));
    if (got.type !== 'segment_finished')
      throw new StepFailure(
        'server: notification',
        `${String(got.type)}: ${String(got.error ?? '')}`,
        'the Story segment failed: see the worker log for this task id',
      );
    ok('server: notification', `segment_finished for task ${taskId} over the WebSocket`);
  } catch (err) {
    if (err instanceof StepFailure)
      results.push({ name: err.step, status: 'fail', detail: err.message, advice: err.advice });
    else
      results.push({
        name: 'server',
        status: 'fail',
        detail: (err as Error).message,
        advice: 'see the server log',
      });
  } finally {
    socket?.terminate();
    if (token && taskId !== undefined)
      await call(base, 'cleanup', `api/task/${taskId}`, { method: 'DELETE', token }).catch(() => undefined);
  }
  return results;
}
