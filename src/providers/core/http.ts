// Plain HTTP for the hand-written clients (ComfyUI, SD WebUI, CosyVoice, Gemini TTS): a fetch that
// turns every non-2xx answer and network failure into an APICallError the retry core understands.
import type { z } from 'zod';
import type { ProviderRuntime } from './call.js';
import { APICallError, isRetryableStatus, retryAfterFrom } from './errors.js';

/** fetch + status check. The caller passes the attempt's signal (timeout and cancellation). */
export async function httpRequest(
  rt: Pick<ProviderRuntime, 'provider' | 'secrets'>,
  url: string,
  init: RequestInit & {
    signal: AbortSignal;
    /** The service's own reading of an error body (e.g. ComfyUI's node_errors), when it has one. */
    explainError?: (body: string) => string | undefined;
  },
): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (err) {
    if (init.signal.aborted) throw err;
    const cause = (err as { cause?: { code?: string } }).cause;
    throw new APICallError({
      provider: rt.provider,
      message: `cannot reach the service (${cause?.code ?? (err instanceof Error ? err.message : String(err))})`,
      url,
      isRetryable: true,
      secrets: rt.secrets,
    });
  }
  if (res.ok) return res;
  const body = await res.text().catch(() => '');
  throw new APICallError({
    provider: rt.provider,
    message: init.explainError?.(body) ?? errorMessageFrom(body) ?? (res.statusText || 'request failed'),
    url,
    statusCode: res.status,
    isRetryable: isRetryableStatus(res.status),
    responseBody: body,
    retryAfterMs: retryAfterFrom((name) => res.headers.get(name)),
    secrets: rt.secrets,
  });
}

/** POST/GET returning JSON checked against `schema`; an unreadable 2xx body is retryable. */
export async function httpJson<T>(
  rt: Pick<ProviderRuntime, 'provider' | 'secrets'>,
  url: string,
  init: Parameters<typeof httpRequest>[2],
  schema: z.ZodType<T>,
): Promise<T> {
  const res = await httpRequest(rt, url, init);
  const text = await res.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new APICallError({
      provider: rt.provider,
      message: 'the answer is not valid JSON',
      url,
      statusCode: res.status,
      isRetryable: true,
      responseBody: text,
      secrets: rt.secrets,
    });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new APICallError({
      provider: rt.provider,
      message: `unexpected answer shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
      url,
      statusCode: res.status,
      isRetryable: false,
      responseBody: text,
      secrets: rt.secrets,
    });
  }
  return parsed.data;
}

export async function httpBytes(
  rt: Pick<ProviderRuntime, 'provider' | 'secrets'>,
  url: string,
  init: Parameters<typeof httpRequest>[2],
): Promise<{ bytes: Uint8Array; headers: Headers }> {
  const res = await httpRequest(rt, url, init);
  return { bytes: new Uint8Array(await res.arrayBuffer()), headers: res.headers };
}

/** Pulls `error.message` / `error` / `detail` out of a JSON error body, if it has one. */
function errorMessageFrom(body: string): string | undefined {
  try {
    const v = JSON.parse(body) as { error?: unknown; detail?: unknown; message?: unknown };
    if (typeof v.error === 'string') return v.error;
    if (
      v.error &&
      typeof v.error === 'object' &&
      typeof (v.error as { message?: unknown }).message === 'string'
    ) {
      return (v.error as { message: string }).message;
    }
    if (typeof v.detail === 'string') return v.detail;
    if (typeof v.message === 'string') return v.message;
  } catch {
    // not JSON: fall back to the status text
  }
  return undefined;
}
