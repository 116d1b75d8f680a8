// How both job workers (in-process and BullMQ) stop: running jobs get a grace period, then their
// signals fire and they get a little longer. One definition, so the two modes shut down alike.
import { JobAbortedError } from './types.js';

/** How long running jobs may finish on close before they are aborted. */
export const DEFAULT_GRACE_MS = 10_000;
/** After the abort, how much longer close waits for handlers that honour their signal. */
const ABORT_SETTLE_MS = 5_000;

export function checkConcurrency(concurrency: number): void {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new RangeError('concurrency must be a positive integer');
  }
}

/**
 * Waits up to `graceMs` for `running()` to settle; if it does not, aborts every running job with
 * the `shutdown` reason (the job is handed back, not failed) and waits ABORT_SETTLE_MS more.
 * `running` is a function so a caller can re-snapshot jobs that finished in between.
 */
export async function drainOrAbort(
  running: () => Promise<unknown>,
  abortAll: (reason: JobAbortedError) => void,
  graceMs: number,
): Promise<void> {
  if (await settlesWithin(running(), graceMs)) return;
  abortAll(new JobAbortedError('shutdown'));
  await settlesWithin(running(), ABORT_SETTLE_MS);
}

/** Resolves true when `p` settles (either way) within `ms`, false otherwise; leaves no timer behind. */
export async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = p.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
