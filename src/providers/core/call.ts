// The one retry core every remote provider goes through: a timeout per attempt, jittered
// exponential backoff honouring Retry-After on 429/5xx/timeouts/network errors, no retry on
// other 4xx, cancellation via AbortSignal, and a concurrency cap per provider endpoint.
import { APICallError, isRetryableStatus, retryAfterFrom } from './errors.js';
import type { Semaphore } from './semaphore.js';

export interface RetryPolicy {
  /** Tries after the first one. */
  maxRetries: number;
  /** Per attempt. */
  timeoutMs: number;
  /** Backoff before retry n (0-based) is uniform in [base·2ⁿ/2, base·2ⁿ], capped at maxDelayMs. */
  baseDelayMs: number;
  /** Longest wait we accept; a Retry-After beyond it fails the call instead of stalling the task. */
  maxDelayMs: number;
}

export const DEFAULT_POLICY: RetryPolicy = {
  maxRetries: 3,
  timeoutMs: 180_000,
  baseDelayMs: 1000,
  maxDelayMs: 60_000,
};

/** Told of each retry the core makes (the metrics counter in a server or worker). */
export interface ProviderObserver {
  retried(provider: string, reason: string): void;
}

/** What a provider instance needs to call out: its name, policy, endpoint cap and the secrets to scrub. */
export interface ProviderRuntime {
  provider: string;
  policy: RetryPolicy;
  limiter: Semaphore;
  secrets: readonly string[];
  observer?: ProviderObserver;
}

/** Runs `attempt` under the endpoint's concurrency cap with timeout and retries. */
export function callProvider<T>(
  rt: ProviderRuntime,
  signal: AbortSignal | undefined,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  // The slot is held across backoff sleeps on purpose: a rate-limited endpoint gets no new calls.
  return rt.limiter.run(signal, () => withRetry(rt, signal, attempt));
}

/** Timeout and retries only (for code already holding a slot, such as a ComfyUI job's polls). */
export async function withRetry<T>(
  rt: ProviderRuntime,
  signal: AbortSignal | undefined,
  attempt: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { policy } = rt;
  for (let n = 0; ; n++) {
    throwIfAborted(signal);
    const timeout = new AbortController();
    const timer = setTimeout(
      () => timeout.abort(new DOMException('timed out', 'TimeoutError')),
      policy.timeoutMs,
    );
    const combined = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    let failure: APICallError;
    let timedOut = false;
    try {
      return await attempt(combined);
    } catch (err) {
      throwIfAborted(signal);
      if (timeout.signal.aborted) {
        timedOut = true;
        failure = new APICallError({
          provider: rt.provider,
          message: `no answer within ${Math.round(policy.timeoutMs / 100) / 10} s`,
          url: err instanceof APICallError ? err.url : '',
          isRetryable: true,
          secrets: rt.secrets,
        });
      } else {
        const normalized = toAPICallError(err, rt);
        if (!normalized) throw err;
        failure = normalized;
      }
    } finally {
      clearTimeout(timer);
    }
    if (!failure.isRetryable || n >= policy.maxRetries) throw failure;
    if (failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.maxDelayMs) throw failure;
    // A bounded label: the HTTP status, else timeout or network.
    rt.observer?.retried(rt.provider, timedOut ? 'timeout' : String(failure.statusCode ?? 'network'));
    const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n);
    const backoff = exp / 2 + Math.random() * (exp / 2);
    await sleep(failure.retryAfterMs ?? backoff, signal);
  }
}

interface SdkApiCallErrorShape {
  name: string;
  message: string;
  url?: string;
  statusCode?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: string;
  isRetryable?: boolean;
}

/**
 * Maps our own APICallError, the Vercel AI SDK's `AI_APICallError` and fetch network failures to
 * one APICallError; anything else (a bug, invalid output) is not a call failure and yields null.
 */
export function toAPICallError(
  err: unknown,
  rt: Pick<ProviderRuntime, 'provider' | 'secrets'>,
): APICallError | null {
  if (err instanceof APICallError) return err;
  if (!(err instanceof Error)) return null;
  const e = err as unknown as SdkApiCallErrorShape;
  if (e.name === 'AI_APICallError') {
    const status = e.statusCode;
    const headers = lowerKeys(e.responseHeaders);
    return new APICallError({
      provider: rt.provider,
      message: e.message,
      url: e.url ?? '',
      statusCode: status,
      // A 2xx whose body could not be read is a garbled answer: worth one more try.
      isRetryable: status === undefined ? true : isRetryableStatus(status) || (status >= 200 && status < 300),
      responseBody: e.responseBody,
      retryAfterMs: retryAfterFrom((name) => headers[name]),
      secrets: rt.secrets,
    });
  }
  if (e.name === 'AI_RetryError' || e.name === 'AI_LoadAPIKeyError') return null;
  // undici's network failures: TypeError('fetch failed') with a system error as cause.
  if (err instanceof TypeError && /fetch failed|network|socket|ECONN|terminated/i.test(err.message)) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return new APICallError({
      provider: rt.provider,
      message: `cannot reach the service (${cause?.code ?? cause?.message ?? err.message})`,
      url: '',
      isRetryable: true,
      secrets: rt.secrets,
    });
  }
  return null;
}

function lowerKeys(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) out[k.toLowerCase()] = v;
  return out;
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const reason: unknown = signal.reason;
  if (reason instanceof Error) throw reason;
  throw new DOMException('The operation was aborted', 'AbortError');
}

/** Resolves after `ms`, or rejects as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      try {
        throwIfAborted(signal);
      } catch (err) {
        reject(err);
      }
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      try {
        throwIfAborted(signal);
      } catch (err) {
        reject(err);
      }
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
