// The one error family the product raises on purpose. The HTTP layer and the CLI map it to
// `{"error": {"code", "message"}}` or a one-line reason; anything else is an internal error.

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badInput = (field: string, message: string) =>
  new AppError('bad_request', 400, `${field}: ${message}`, { field });
export const notFound = (what = 'Not found') => new AppError('not_found', 404, what);
export const conflict = (message: string) => new AppError('conflict', 409, message);
export const unauthorized = (message = 'Authentication required') =>
  new AppError('unauthorized', 401, message);

/** Raised by a pipeline segment; names the segment so the CLI and the API can say which one failed. */
export class SegmentError extends Error {
  constructor(
    readonly segmentId: number,
    readonly segmentName: string,
    override readonly cause: unknown,
  ) {
    super(`${segmentName} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'SegmentError';
  }
}

/** True when the error comes from an AbortSignal (task cancelled or deleted). */
export const isAbortError = (err: unknown): boolean =>
  err instanceof Error && (err.name === 'AbortError' || (err as { code?: string }).code === 'ABORT_ERR');
