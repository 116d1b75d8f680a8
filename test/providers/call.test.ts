import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAbortError } from '../../src/errors.js';
import { callProvider, type ProviderRuntime } from '../../src/providers/core/call.js';
import { APICallError, parseRetryAfter, retryAfterFrom } from '../../src/providers/core/errors.js';
import { httpJson } from '../../src/providers/core/http.js';
import { Semaphore } from '../../src/providers/core/semaphore.js';
import { FakeServer } from '../fakes/server.js';

const SECRET = 'sk-test-0123456789abcdef';
let fake: FakeServer;

const runtime = (over: Partial<ProviderRuntime['policy']> = {}, cap = 4): ProviderRuntime => ({
  provider: 'fake',
  policy: { maxRetries: 3, timeoutMs: 2000, baseDelayMs: 20, maxDelayMs: 5000, ...over },
  limiter: new Semaphore(cap),
  secrets: [SECRET],
});

const Answer = z.object({ ok: z.boolean() });
const get = (rt: ProviderRuntime, signal?: AbortSignal) =>
  callProvider(rt, signal, (s) =>
    httpJson(rt, `${fake.url}/thing`, { signal: s, headers: { authorization: `Bearer ${SECRET}` } }, Answer),
  );

beforeEach(async () => {
  fake = await new FakeServer()
    .route('GET', /^\/thing$/, () => ({ json: { ok: true }, delayMs: 30 }))
    .start();
});
afterEach(() => fake.close());

describe('the retry core', () => {
  it('waits the Retry-After seconds after a 429, then succeeds', async () => {
    fake.fault(/thing/, { kind: 'status', status: 429, retryAfter: '1' });
    const t0 = Date.now();
    await expect(get(runtime())).resolves.toEqual({ ok: true });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(fake.calls(/thing/)).toHaveLength(2);
  });

  it('retries a 500 and a 503 with backoff, then succeeds', async () => {
    fake.fault(/thing/, { kind: 'status', status: 500 }, { kind: 'status', status: 503 });
    await expect(get(runtime())).resolves.toEqual({ ok: true });
    expect(fake.calls(/thing/)).toHaveLength(3);
  });

  it('gives up after maxRetries with the last upstream status', async () => {
    fake.fault(/thing/, ...Array.from({ length: 5 }, () => ({ kind: 'status' as const, status: 502 })));
    const err = await get(runtime({ maxRetries: 2 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(APICallError);
    expect((err as APICallError).statusCode).toBe(502);
    expect(fake.calls(/thing/)).toHaveLength(3);
  });

  it('does not retry a 400 and never echoes the API key', async () => {
    fake.fault(/thing/, {
      kind: 'status',
      status: 401,
      body: JSON.stringify({ error: { message: `Incorrect API key provided: ${SECRET}` } }),
    });
    const err = (await get(runtime()).catch((e: unknown) => e)) as APICallError;
    expect(err).toBeInstanceOf(APICallError);
    expect(err.isRetryable).toBe(false);
    expect(err.statusCode).toBe(401);
    expect(fake.calls(/thing/)).toHaveLength(1);
    expect(err.message).toContain('Incorrect API key provided');
    expect(`${err.message} ${err.responseBody} ${err.url}`).not.toContain(SECRET);
  });

  it('times out a hanging attempt and retries it', async () => {
    fake.fault(/thing/, { kind: 'hang' });
    await expect(get(runtime({ timeoutMs: 300 }))).resolves.toEqual({ ok: true });
    expect(fake.calls(/thing/)).toHaveLength(2);
  });

  it('fails with a timeout error when every attempt hangs', async () => {
    fake.fault(/thing/, { kind: 'hang' }, { kind: 'hang' });
    const err = (await get(runtime({ timeoutMs: 200, maxRetries: 1 })).catch(
      (e: unknown) => e,
    )) as APICallError;
    expect(err).toBeInstanceOf(APICallError);
    expect(err.message).toMatch(/no answer within 0.2 s/);
  });

  it('retries a 200 whose body is not JSON', async () => {
    fake.fault(/thing/, { kind: 'garbage', body: '{"ok": tr' });
    await expect(get(runtime())).resolves.toEqual({ ok: true });
  });

  it('stops at once when the task is cancelled, without further requests', async () => {
    fake.fault(/thing/, { kind: 'hang' });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 100);
    const t0 = Date.now();
    const err = await get(runtime({ timeoutMs: 10_000 }), ctrl.signal).catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2000);
    await new Promise((r) => setTimeout(r, 100));
    expect(fake.calls(/thing/)).toHaveLength(1);
  });

  it('cancels a backoff sleep too', async () => {
    fake.fault(/thing/, { kind: 'status', status: 429, retryAfter: '30' });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 150);
    const err = await get(runtime({ maxDelayMs: 60_000 }), ctrl.signal).catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    expect(fake.calls(/thing/)).toHaveLength(1);
  });

  it('fails instead of stalling when Retry-After is beyond the longest accepted wait', async () => {
    fake.fault(/thing/, { kind: 'status', status: 429, retryAfter: '3600' });
    const err = (await get(runtime()).catch((e: unknown) => e)) as APICallError;
    expect(err.statusCode).toBe(429);
    expect(fake.calls(/thing/)).toHaveLength(1);
  });

  it('keeps at most the capped number of calls in flight per endpoint', async () => {
    const rt = runtime({}, 2);
    const results = await Promise.all(Array.from({ length: 6 }, () => get(rt)));
    expect(results).toHaveLength(6);
    expect(fake.maxInFlight).toBe(2);
  });
});

describe('Retry-After', () => {
  it('reads delta seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    const headers: Record<string, string> = { 'retry-after-ms': '250', 'retry-after': '1' };
    expect(retryAfterFrom((n) => headers[n])).toBe(250);
  });
});
