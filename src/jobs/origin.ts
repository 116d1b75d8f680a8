// Which HTTP request a piece of work comes from: the server sets it per request, jobs carry it in
// their payload, and a job's own follow-up jobs (the next segment) inherit it, so logs join up.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { JobHandler, JobHandlers, JobName, JobPayload } from './types.js';

interface Origin {
  requestId: string;
}

const origin = new AsyncLocalStorage<Origin>();

/** Runs `fn` (and everything it starts) as the work of request `requestId`. */
export function runForRequest<T>(requestId: string, fn: () => T): T {
  return origin.run({ requestId }, fn);
}

/** The payload with the current request's id, when there is one and it carries none. */
export function withOrigin<P extends { requestId?: string }>(payload: P): P {
  const current = origin.getStore();
  return current && payload.requestId === undefined ? { ...payload, requestId: current.requestId } : payload;
}

/** Handlers that run each job as the work of the request that queued it. */
export function originAware(handlers: JobHandlers): JobHandlers {
  const wrap =
    <N extends JobName>(handler: JobHandler<N>): JobHandler<N> =>
    (payload: JobPayload<N>, ctx) =>
      payload.requestId
        ? runForRequest(payload.requestId, () => handler(payload, ctx))
        : handler(payload, ctx);
  return {
    'run-segment': wrap(handlers['run-segment']),
    'run-v1-task': wrap(handlers['run-v1-task']),
    'render-chunk': wrap(handlers['render-chunk']),
  };
}
