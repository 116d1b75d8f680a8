// The `run-v1-task` job: takes a v1 task from PENDING to COMPLETED or FAILED through the lifecycle,
// with progress. Input errors fail the task at once; other errors are retried by the queue and
// fail the task on the last try; a worker shutting down hands the job back.

import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import { isFinalFailure, type JobHandler, PermanentJobError } from '../jobs/types.js';
import type { ProviderObserver } from '../providers/core/call.js';
import type { ProviderEnv } from '../providers/registry.js';
import type { StoreMirror } from '../storage/mirror.js';
import { taskDirOf, UserSpace } from '../storage/user-space.js';
import { errorLine } from '../tasks/lifecycle.js';
import type { V1TaskRuns } from './lifecycle.js';
import { runV1Task } from './run.js';

export interface V1JobDeps {
  runs: V1TaskRuns;
  config: Config;
  env?: ProviderEnv;
  /** Told of each provider retry (the metrics counter when metrics are on). */
  observer?: ProviderObserver;
  log: Logger;
  /** Minimum time between two progress writes of one task. */
  progressIntervalMs?: number;
  /** The object store, when files live there (STORAGE_URL). */
  store?: StoreMirror;
}

export function createV1JobHandler(deps: V1JobDeps): JobHandler<'run-v1-task'> {
  const interval = deps.progressIntervalMs ?? 500;
  return async ({ v1TaskId, userId }, ctx) => {
    const task = await deps.runs.start(v1TaskId, ctx.jobId);
    if (!task || task.user_id !== userId) return; // ended already (a stale or repeated job)
    let last = 0;
    let chain: Promise<void> = Promise.resolve();
    let ended = false;
    const progress = (fraction: number, message?: string) => {
      const now = Date.now();
      if (ended || now - last < interval) return;
      last = now;
      chain = chain
        .then(() => (ended ? undefined : deps.runs.progress(v1TaskId, fraction, message)))
        .catch((err) => deps.log.warn({ err, v1TaskId }, 'progress not recorded'));
    };
    const space = new UserSpace(deps.config.sharedMediaRoot, userId, deps.store);
    try {
      // With an object store: the inputs this host needs, and afterwards the task's outputs stored.
      await space.pull(inputPaths(task.payload));
      const out = await runV1Task(task, {
        space,
        config: deps.config,
        env: deps.env ?? process.env,
        observer: deps.observer,
        signal: ctx.signal,
        progress,
      });
      await space.push([taskDirOf(task.id)]);
      ended = true;
      await chain;
      // The task was deleted (its owner too, perhaps) while it ran: what it wrote goes.
      if (!(await deps.runs.complete(v1TaskId, out.result, out.usage))) await space.removeTask(task.id);
    } catch (err) {
      ended = true;
      await chain;
      // Bad input (a malformed file, an unknown voice) can never succeed: fail now, no retry.
      const permanent = err instanceof AppError && err.status < 500;
      if (!permanent && !isFinalFailure(err, ctx)) throw err; // retried, or handed back on shutdown
      if (!(await deps.runs.fail(v1TaskId, errorLine(err)))) await space.removeTask(task.id);
      throw new PermanentJobError(errorLine(err));
    }
  };
}

/** The files a payload names (its `*_path` keys): what a run reads from the owner's space. */
function inputPaths(payload: Record<string, unknown>): string[] {
  return Object.entries(payload)
    .filter(([key, value]) => key.endsWith('_path') && typeof value === 'string' && value !== '')
    .map(([, value]) => String(value).replace(/^(\.\/)+/, ''));
}
