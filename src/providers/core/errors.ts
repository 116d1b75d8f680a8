// Typed failures of remote AI calls: one APICallError for every HTTP/network/timeout failure, so
// the retry core decides once what to retry, and error text is scrubbed of credentials.
import { AppError } from '../../errors.js';

const MAX_BODY_CHARS = 500;

/** A remote call failed. `statusCode` is the upstream status (undefined for network errors and timeouts). */
export class APICallError extends AppError {
  readonly statusCode: number | undefined;
  readonly isRetryable: boolean;
  readonly url: string;
  /** Truncated and scrubbed upstream body, for diagnosis. */
  readonly responseBody: string | undefined;
  /** Server-requested delay before the next try (from `Retry-After`), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(init: {
    provider: string;
    message: string;
    url: string;
    statusCode?: number;
    isRetryable: boolean;
    responseBody?: string;
    retryAfterMs?: number;
    secrets?: readonly string[];
  }) {
    const secrets = init.secrets ?? [];
    const url = redactUrl(init.url, secrets);
    const body = init.responseBody === undefined ? undefined : truncate(redact(init.responseBody, secrets));
    const status = init.statusCode === undefined ? '' : ` (HTTP ${init.statusCode})`;
    super(
      'provider_error',
      502,
      `${init.provider}: ${redact(init.message, secrets)}${status}`,
      init.statusCode === undefined ? {} : { upstreamStatus: init.statusCode },
    );
    this.name = 'APICallError';
    this.statusCode = init.statusCode;
    this.isRetryable = init.isRetryable;
    this.url = url;
    this.responseBody = body;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The model answered, but not with what was asked (unparsable or schema-violating output). */
export class InvalidOutputError extends AppError {
  constructor(
    provider: string,
    message: string,
    readonly output?: string,
  ) {
    super('provider_invalid_output', 502, `${provider}: ${message}`);
    this.name = 'InvalidOutputError';
  }
}

/** Status codes worth another try: timeouts, conflicts, rate limits and server errors. */
export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;

/** Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** The wait a response asks for: OpenAI's `retry-after-ms` first, then the standard `Retry-After`. */
export function retryAfterFrom(header: (name: string) => string | null | undefined): number | undefined {
  const ms = header('retry-after-ms');
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.round(Number(ms));
  return parseRetryAfter(header('retry-after'));
}

const GENERIC_SECRET_PATTERNS = [
  /(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /\bsk-[A-Za-z0-9_-]{8,}/g,
  /\bAIza[A-Za-z0-9_-]{20,}/g,
];

/** Removes known secrets and anything shaped like an API key from text shown to users or logs. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  for (const pattern of GENERIC_SECRET_PATTERNS) {
    out = out.replace(
      pattern,
      (_m, prefix: unknown) => `${typeof prefix === 'string' ? prefix : ''}[redacted]`,
    );
  }
  return out;
}

function redactUrl(url: string, secrets: readonly string[]): string {
  try {
    const u = new URL(url);
    for (const key of [...u.searchParams.keys()]) {
      if (/key|token|secret|signature/i.test(key)) u.searchParams.set(key, 'redacted');
    }
    u.username = '';
    u.password = '';
    return redact(u.toString(), secrets);
  } catch {
    return redact(url, secrets);
  }
}

function truncate(text: string): string {
  return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…` : text;
}
