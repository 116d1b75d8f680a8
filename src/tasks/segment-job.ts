// The `run-segment` job: runs one segment of a task folder around the pure pipeline step (its files
// pulled from the store before, pushed after); every change of the run's state is the lifecycle's.
import type { Logger } from 'pino';
import { AppError, isAbortError } from '../errors.js';
import { type JobContext, type JobHandler, PermanentJobError } from '../jobs/types.js';
import { probe } from '../media/ffmpeg.js';
import type { Metrics } from '../metrics.js';
import { runPageEdit } from '../pipeline/page.js';
import { runSegment } from '../pipeline/run.js';
import type { Providers, SegmentSettings } from '../pipeline/segment.js';
import type { ChunkRenderer } from '../pipeline/video.js';
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
  /** Run durations, failures, render speed and provider usage (when metrics are on). */
  metrics?: Metrics;
  /** Who renders a task's video chunks (scaled mode: every free worker); default this process. */
  renderChunks?: (task: {
    taskId: number;
    userId: number;
    jobId: string;
    requestId?: string;
  }) => ChunkRenderer;
}

export function createSegmentJobHandler(deps: SegmentJobDeps): JobHandler<'run-segment'> {
  const { lifecycle } = deps;
  const interval = deps.progressIntervalMs ?? 300;
  return async ({ taskId, segmentId, userId, requestId }, ctx: JobContext) => {
    const run: RunRef = { userId, taskId, segmentId, jobId: ctx.jobId, requestId };
    // The same task_id and user_id as the HTTP request lines: one task can be followed end to end.
    const log = deps.log.child({
      task_id: taskId,
      user_id: userId,
      segment_id: segmentId,
      job_id: ctx.jobId,
      ...(requestId ? { request_id: requestId } : {}),
    });
    // A stale job (task deleted, run cancelled or superseded) does nothing.
    const begun = await lifecycle.start(run);
    if (!begun) {
      log.info('segment job skipped: task deleted, run cancelled or superseded');
      return;
    }
    const { task, page } = begun;
    log.info(
      { attempt: ctx.attempt, ...(page ? { page: page.page, what: page.what } : {}) },
      'segment started',
    );
    const folder = deps.folders.of(taskId);
    // A worker killed mid-write leaves temp files behind; only one segment of a task runs at a time.
    await folder.removeTempFiles();
    // With an object store, this worker's folder is a working copy: the task's files as stored now
    // (another host may have run the segment before). A failing store throws: the job is retried.
    await folder.pull();

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

    const started = performance.now();
    const segment = String(segmentId);
    const took = (outcome: string) => {
      const seconds = (performance.now() - started) / 1000;
      deps.metrics?.segmentDuration.observe({ segment, outcome }, seconds);
      return seconds;
    };
    const providers = deps.providers(task);

    // Provider warnings, once each, stored with the run's outcome and shown with its progress.
    const warnings = new Set<string>();

    let resources: string[];
    try {
      const segmentCtx = {
        folder,
        request: storyRequestOf(task),
        render: renderOptionsOf(task.options),
        providers: meterProviders(providers, (kind, usage) => {
          spent[kind] = addUsage(spent[kind], usage);
          countUsage(deps.metrics, kind, providers[kind].provider, usage);
        }),
        settings: deps.settings,
        signal: ctx.signal,
        progress,
        warn: (message: string) => warnings.add(message),
        renderChunks: deps.renderChunks?.({ taskId, userId, jobId: ctx.jobId, requestId }),
      };
      // A page run redoes that page only; a whole-segment run redoes every page.
      resources = page ? await runPageEdit(page, segmentCtx) : await runSegment(segmentId, segmentCtx);
    } catch (err) {
      await settle();
      if (ctx.signal.aborted || isAbortError(err)) {
        // Its worker is shutting down: the job goes back to the queue and runs again.
        log.warn({ seconds: took('aborted') }, 'segment aborted');
        if (await lifecycle.aborted(run)) throw err;
        return;
      }
      const reason = failureReason(err);
      deps.metrics?.segmentFailures.inc({ segment, reason });
      const error = errorLine(err);
      log.warn({ seconds: took('failed'), reason, error }, 'segment failed');
      await lifecycle.fail(run, error, [...warnings]);
      // Recorded and announced; the user executes it again once the cause is fixed.
      throw new PermanentJobError(error);
    }
    // Stored before the run counts as done: the next segment may run on another host.
    try {
      await folder.push();
    } catch (err) {
      await settle();
      throw err;
    }
    await settle();
    const seconds = took('completed');
    log.info({ seconds, resources: resources.length }, 'segment completed');
    if (deps.metrics && segmentId === VIDEO_SEGMENT) await observeRender(deps, folder, seconds);
    await lifecycle.complete(run, resources, [...warnings], page);
  };
}

const VIDEO_SEGMENT = 5;
const USAGE_UNITS = {
  inputTokens: 'input_tokens',
  outputTokens: 'output_tokens',
  images: 'images',
  audioSeconds: 'audio_seconds',
} as const satisfies Record<keyof Usage, string>;

function countUsage(metrics: Metrics | undefined, kind: ProviderKind, provider: string, usage: Usage) {
  if (!metrics) return;
  metrics.providerCalls.inc({ kind, provider });
  for (const [key, unit] of Object.entries(USAGE_UNITS)) {
    const n = usage[key as keyof Usage];
    if (n) metrics.providerUsage.inc({ kind, provider, unit }, n);
  }
}

/** A bounded label: the error's code (AppError), else its class name. */
function failureReason(err: unknown): string {
  if (err instanceof AppError) return err.code;
  return err instanceof Error ? err.name.slice(0, 40) : 'unknown';
}

/** Render seconds per second of the video just made (a metric only: a failed probe is logged). */
async function observeRender(deps: SegmentJobDeps, folder: ReturnType<TaskFolders['of']>, seconds: number) {
  try {
    const info = await probe(folder.file('video/output.mp4'), {
      ffprobePath: deps.settings.ffprobePath,
    });
    if (info.durationSeconds > 0) deps.metrics?.renderRatio.observe(seconds / info.durationSeconds);
  } catch (err) {
    deps.log.warn({ err }, 'could not measure the rendered video');
  }
}
