// Scaled mode: a sweep in the server that fails runs whose queue job is gone (Redis lost it, or
// BullMQ gave up on it after too many stalls), which would otherwise stay queued/running for ever.
import type { Logger } from 'pino';
import type { JobQueue } from '../jobs/types.js';
import { INTERRUPTED, type RunLifecycle } from './lifecycle.js';

export interface ReconcilerDeps {
  lifecycle: Pick<RunLifecycle, 'activeRuns' | 'fail'>;
  queue: Pick<JobQueue, 'state'>;
  log: Logger;
  /**
   * A job must be seen gone on two sweeps at least this far apart before its run fails: a segment
   * is committed `queued` just before its job is added, and the next segment of a chain is queued a
   * moment before its job is (default 10 000).
   */
  graceMs?: number;
}

export class Reconciler {
  /** Job id → when a sweep first found it gone. */
  private readonly suspects = new Map<string, number>();
  private running: Promise<number> | undefined;
  private readonly graceMs: number;

  constructor(private readonly deps: ReconcilerDeps) {
    this.graceMs = deps.graceMs ?? 10_000;
  }

  /** One sweep; returns how many runs it failed. Overlapping calls share one sweep. */
  sweep(now = Date.now()): Promise<number> {
    this.running ??= this.run(now).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves when no sweep is under way. */
  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }

  private async run(now: number): Promise<number> {
    const { lifecycle, queue } = this.deps;
    const seen = new Set<string>();
    let failed = 0;
    for (const run of await lifecycle.activeRuns()) {
      const state = await queue.state(run.jobId);
      // `completed`: the handler records the outcome before its job completes, so a still-active
      // run then had a stale or lost job as well.
      if (state !== 'missing' && state !== 'failed' && state !== 'completed') continue;
      seen.add(run.jobId);
      const since = this.suspects.get(run.jobId);
      if (since === undefined) {
        this.suspects.set(run.jobId, now);
        continue;
      }
      if (now - since < this.graceMs) continue;
      // Changes the run only when it is still this job's (not finished or re-queued meanwhile).
      if (await lifecycle.fail(run, INTERRUPTED)) failed++;
    }
    // A suspect that reappeared, finished or was re-queued is forgotten.
    for (const id of this.suspects.keys()) if (!seen.has(id)) this.suspects.delete(id);
    return failed;
  }
}

/** Sweeps every `intervalMs` until the returned stop() (idempotent; waits for a sweep under way). */
export function startReconciler(
  reconciler: Reconciler,
  intervalMs: number,
  log: Logger,
): () => Promise<void> {
  let stopped = false;
  const tick = () => {
    reconciler.sweep().catch((err) => log.warn({ err }, 'reconciliation sweep failed'));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    if (stopped) return;
    stopped = true;
    clearInterval(timer);
    await reconciler.idle();
  };
}
