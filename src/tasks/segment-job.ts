// The `run-segment` job: runs one segment of a task folder around the pure pipeline step; every
// change of the run's state (start, progress, outcome, chaining) is the lifecycle's.
import type { Logger } from 'pino';
import { isAbortError } from '../errors.js';
import { type JobContext, type JobHandler, PermanentJobError } from '../jobs/types.js';
import { runSegment } from '../pipeline/run.js';
import type { Providers, SegmentSettings } from '../pipeline/segment.js';
import { addUsage } from '../providers/core/usage.js';
import { meterProviders } from '../providers/metered.js';
import type { ProviderKind } from '../providers/registry.js';
import type { Usage } from '../providers/types.js';
import type { TaskFolders } from '../storage/task-folder.js';
import { errorLine, type RunLifecycle, type RunRef } from './lifecycle.js';
import { renderOptionsOf, storyRequestOf } from './views.js';

export interface SegmentJobDeps {
  lifecycle: RunLifecycle;
  folders: TaskFolders;
  /** Providers for a task (the registry picks per task from its options). */
  providers: (task: { options: Record<string, unknown> }) => Providers;
  settings: SegmentSettings;
  log: Logger;
  /** Minimum time between two progress updates of one run (database + publish). */
  progressIntervalMs?: number;
}

export function createSegmentJobHandler(deps: SegmentJobDeps): JobHandler<'run-segment'> {
  const { lifecycle } = deps;
  const interval = deps.progressIntervalMs ?? 300;
  return async ({ taskId, segmentId, userId }, ctx: JobContext) => {
    const run: RunRef = { userId, taskId, segmentId, jobId: ctx.jobId };
    // A stale job (task deleted, run cancelled or superseded) does nothing.
    const task = await lifecycle.start(run);
    if (!task) return;
    const folder = deps.folders.of(taskId);
    // A worker killed mid-write leaves temp files behind; only one segment of a task runs at a time.
    await folder.removeTempFiles();

    let lastAt = 0;
    let lastPct = -1;
    // Progress updates run one after another, and all of them before the outcome is recorded, so
    // a client never sees "running 80%" after "segment_finished".
    let progressChain: Promise<void> = Promise.resolve();
    let ended = false;
    const progress = (fraction: number, message?: string) => {
      const pct = Math.max(0, Math.min(100, Math.round(fraction * 100)));
      const now = Date.now();
      if (ended || pct === lastPct || (now - lastAt < interval && pct < 100)) return;
      lastAt = now;
      lastPct = pct;
      progressChain = progressChain
        .then(() => (ended ? undefined : lifecycle.progress(run, pct, message)))
        .catch((err) => deps.log.warn({ err, taskId, segmentId }, 'progress not recorded'));
    };

    // What this run's provider calls report (tokens, images, audio seconds), summed per kind.
    const spent: Partial<Record<ProviderKind, Usage>> = {};
    const settle = async () => {
      ended = true;
      await progressChain;
      await lifecycle
        .addUsage(run, spent as Record<string, Usage>)
        .catch((err) => deps.log.warn({ err, taskId, segmentId }, 'usage not recorded'));
    };

    let resources: string[];
    try {
      resources = await runSegment(segmentId, {
        folder,
        request: storyRequestOf(task),
        render: renderOptionsOf(task.options),
        providers: meterProviders(deps.providers(task), (kind, usage) => {
          spent[kind] = addUsage(spent[kind], usage);
        }),
        settings: deps.settings,
        signal: ctx.signal,
        progress,
      });
    } catch (err) {
      await settle();
      if (ctx.signal.aborted || isAbortError(err)) {
        // Its worker is shutting down: the job goes back to the queue and runs again.
        if (await lifecycle.aborted(run)) throw err;
        return;
      }
      const error = errorLine(err);
      await lifecycle.fail(run, error);
      // Recorded and announced; the user executes it again once the cause is fixed.
      throw new PermanentJobError(error);
    }
    await settle();
    await lifecycle.complete(run, resources);
  };
}
