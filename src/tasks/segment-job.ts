// The `run-segment` job: runs one segment of a task folder and records the outcome. Persistence and
// notifications live here, around the pure pipeline step; every status change is committed before
// the notification that reports it goes out.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isAbortError } from '../errors.js';
import { type JobContext, type JobHandler, type JobQueue, PermanentJobError } from '../jobs/types.js';
import { runSegment } from '../pipeline/run.js';
import type { Providers } from '../pipeline/segment.js';
import { addUsage } from '../providers/core/usage.js';
import { meterProviders } from '../providers/metered.js';
import type { ProviderKind } from '../providers/registry.js';
import type { Usage } from '../providers/types.js';
import { taskFolder } from '../storage/task-folder.js';
import { failRun } from './fail-run.js';
import type { Logger, NotificationService } from './notifications.js';
import type { TaskRepository } from './repository.js';
import { renderOptionsOf, resourcePath, storyRequestOf } from './views.js';

export interface SegmentJobDeps {
  tasks: TaskRepository;
  notifications: NotificationService;
  /** Enqueues the next segment of an "execute all" chain. */
  queue: Pick<JobQueue, 'enqueue'>;
  storageRoot: string;
  /** Providers for a task (offline by default; a registry picks per task later). */
  providers: (task: { options: Record<string, unknown> }) => Providers;
  log: Logger;
  /** Minimum time between two progress updates of one run (database + publish). */
  progressIntervalMs?: number;
}

/** One line, no stack: what a client sees as the segment's `error`. */
export function errorLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n').find((l) => l.trim() !== '') ?? 'failed';
  return line.trim().slice(0, 500);
}

export function createSegmentJobHandler(deps: SegmentJobDeps): JobHandler<'run-segment'> {
  const interval = deps.progressIntervalMs ?? 300;
  return async ({ taskId, segmentId, userId }, ctx: JobContext) => {
    const task = await deps.tasks.findById(taskId);
    if (!task || task.user_id !== userId) return; // deleted while it waited
    // A stale job (cancelled, superseded by a newer run) does nothing; a retried or recovered
    // job of the current run (status still running) continues.
    if (!(await deps.tasks.startRun(taskId, segmentId, ctx.jobId))) return;
    const taskDir = taskFolder(deps.storageRoot, taskId);
    // A worker killed mid-write leaves temp files behind; only one segment of a task runs at a time.
    await removeTempFiles(taskDir);

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
        .then(async () => {
          if (ended) return;
          await deps.tasks.setProgress(taskId, segmentId, ctx.jobId, pct);
          await deps.notifications.sendTransient(userId, {
            type: 'segment_progress',
            task_id: taskId,
            segment_id: segmentId,
            status: 'running',
            progress: pct,
            ...(message ? { message } : {}),
          });
        })
        .catch((err) => deps.log.warn({ err, taskId, segmentId }, 'progress not recorded'));
    };
    const endProgress = async () => {
      ended = true;
      await progressChain;
    };

    // What this run's provider calls report (tokens, images, audio seconds), summed per kind.
    const spent: Partial<Record<ProviderKind, Usage>> = {};
    const recordUsage = () =>
      deps.tasks
        .addUsage(taskId, spent as Record<string, Usage>)
        .catch((err) => deps.log.warn({ err, taskId, segmentId }, 'usage not recorded'));

    let resources: string[];
    try {
      resources = await runSegment(segmentId, {
        taskDir,
        request: storyRequestOf(task),
        render: renderOptionsOf(task.options),
        providers: meterProviders(deps.providers(task), (kind, usage) => {
          spent[kind] = addUsage(spent[kind], usage);
        }),
        signal: ctx.signal,
        progress,
      });
    } catch (err) {
      await endProgress();
      await recordUsage();
      if (ctx.signal.aborted || isAbortError(err)) {
        if (!(await deps.tasks.findById(taskId))) {
          await rm(taskDir, { recursive: true, force: true });
          return;
        }
        // Cancelled by the user: the cancel already recorded and announced it. Otherwise the
        // worker is shutting down: hand the job back to the queue so it runs again.
        const current = (await deps.tasks.segments(taskId)).find((s) => s.segment_id === segmentId);
        if (current?.status === 'running' && current.job_id === ctx.jobId) throw err;
        return;
      }
      const error = errorLine(err);
      await failRun(deps, { userId, taskId, segmentId, jobId: ctx.jobId, error });
      // Recorded and announced; the user executes it again once the cause is fixed.
      throw new PermanentJobError(error);
    }

    await endProgress();
    await recordUsage();
    const finished = await deps.tasks.finishRun(taskId, segmentId, ctx.jobId, {
      status: 'completed',
      resources,
    });
    if (!finished) {
      // Cancelled or deleted while it ran: a deleted task's folder goes (this run may have rewritten it).
      if (!(await deps.tasks.findById(taskId))) await rm(taskDir, { recursive: true, force: true });
      return;
    }
    await deps.notifications.send(userId, {
      type: 'segment_finished',
      task_id: taskId,
      segment_id: segmentId,
      status: 'completed',
      resources: resources.map((r) => resourcePath(deps.storageRoot, taskId, r)),
    });
    const next = await deps.tasks.chainedAfter(taskId, segmentId);
    if (next?.job_id) {
      try {
        await deps.queue.enqueue(
          'run-segment',
          { taskId, segmentId: next.segment_id, userId },
          { jobId: next.job_id },
        );
      } catch (err) {
        // This segment is done; retrying its job would not queue the next one (its run is over).
        // Record the next one as failed-retryable instead of leaving it queued with no job.
        deps.log.error({ err, taskId, segmentId: next.segment_id }, 'could not queue the next segment');
        const error = 'could not queue the job; execute again';
        await failRun(deps, { userId, taskId, segmentId: next.segment_id, jobId: next.job_id, error });
      }
    }
  };
}

async function removeTempFiles(dir: string): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) await removeTempFiles(path);
    else if (/^\..+\.tmp(\.[^.]+)?$/.test(e.name)) await rm(path, { force: true });
  }
}
