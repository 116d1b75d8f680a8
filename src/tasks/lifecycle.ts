// A segment run's life, in one place: queued (one segment, or a chain), running, progress, completed,
// failed, cancelled, interrupted, lost, and a script that replaces earlier results. Every change is
// committed before the notification that reports it goes out; nothing else changes a run's state.
import type { Logger } from 'pino';
import type { Queryable } from '../db/database.js';
import { AppError, badInput, conflict, notFound } from '../errors.js';
import type { JobFailure, JobQueue } from '../jobs/types.js';
import { PermanentJobError } from '../jobs/types.js';
import type { PageEdit, PageEditKind } from '../pipeline/page.js';
import { outputsAfter, segmentById, WORKFLOW } from '../pipeline/workflow.js';
import type { Usage } from '../providers/types.js';
import type { TaskFolders } from '../storage/task-folder.js';
import type { Aspect, StoryScript } from '../story/script.js';
import type { NotificationService } from './notifications.js';
import type { UserQuota } from './quota.js';
import type { SegmentRow, TaskRepository, TaskRow } from './repository.js';

/** One run of one segment: the job that carries it, for whom. */
export interface RunRef {
  userId: number;
  taskId: number;
  segmentId: number;
  jobId: string;
  /** The HTTP request that started the run (its log lines and its jobs' name it). */
  requestId?: string;
}

export interface RunLifecycleDeps {
  tasks: TaskRepository;
  notifications: NotificationService;
  /** Where runs are carried out; `enqueue` also starts the next segment of a chain. */
  queue: Pick<JobQueue, 'enqueue' | 'cancel'>;
  folders: TaskFolders;
  log: Logger;
  /** Per-user limits checked before a run is queued (none when absent). */
  quota?: UserQuota;
}

/** What a run that was queued or running when its process died is recorded with. */
export const INTERRUPTED = 'interrupted; execute again';
const NOT_QUEUED = 'could not queue the job; execute again';

const isActive = (s: SegmentRow) => s.status === 'queued' || s.status === 'running';

/**
 * What redoing one page touches: the segment whose run carries it, the segments whose result for
 * that page it makes fresh again, and those whose result it makes stale (they read `pending`,
 * with `stale_pages`, until the page is redone or the segment is run again).
 */
const PAGE_EDIT_RULES: Record<PageEditKind, { segment: number; refreshes: number[]; stales: number[] }> = {
  text: { segment: 1, refreshes: [1], stales: [3, 4, 5] },
  image: { segment: 2, refreshes: [2], stales: [5] },
  speech: { segment: 4, refreshes: [3, 4], stales: [5] },
};

/** Has a result for every page, some of them perhaps stale: a page of it may be redone. */
const hasRun = (s: SegmentRow) => s.status === 'completed' || (s.stale_pages?.length ?? 0) > 0;

/** One line, no stack: what a client sees as the segment's `error`. */
export function errorLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const line = text.split('\n').find((l) => l.trim() !== '') ?? 'failed';
  return line.trim().slice(0, 500);
}

function unknownSegment(): AppError {
  return badInput('segmentId', `must be one of ${WORKFLOW.map((s) => s.segment_id).join(', ')}`);
}

export class RunLifecycle {
  constructor(private readonly deps: RunLifecycleDeps) {}

  // --- what the task's owner asks for (another user's task is a 404) ---------------------------

  /** Queues one run of one segment: 409 when an earlier one is not completed or a run is active. */
  async execute(userId: number, taskId: number, segmentId: number, requestId?: string): Promise<string> {
    const { tasks } = this.deps;
    const jobId = await tasks.transaction(async (tx) => {
      if (!(await tasks.lockOwned(tx, taskId, userId))) throw notFound('Task not found');
      if (!segmentById(segmentId)) throw unknownSegment();
      await this.checkQuota(tx, userId, taskId);
      const segments = await tasks.segments(taskId, tx);
      const earlier = segments.find((s) => s.segment_id < segmentId && s.status !== 'completed');
      if (earlier) {
        throw conflict(
          `Segment ${earlier.segment_id} (${segmentById(earlier.segment_id)?.name}) is ${earlier.status}; ` +
            `segment ${segmentId} needs it completed`,
        );
      }
      const later = segments.find((s) => s.segment_id > segmentId && isActive(s));
      if (later) {
        throw conflict(
          `Segment ${later.segment_id} is ${later.status}; cancel it before re-running ${segmentId}`,
        );
      }
      const queued = await tasks.queueSegment(tx, taskId, segmentId);
      if (!queued) throw conflict(`Segment ${segmentId} is already queued or running`);
      await tasks.resetAfter(tx, taskId, segmentId);
      await tasks.touch(tx, taskId);
      return queued;
    });
    await this.enqueueOrFail({ userId, taskId, segmentId, jobId, requestId });
    return jobId;
  }

  /** Queues every segment from the first one not completed; each starts when the one before completes. */
  async executeAll(
    userId: number,
    taskId: number,
    requestId?: string,
  ): Promise<Array<{ segment_id: number; job_id: string }>> {
    const { tasks } = this.deps;
    const queued = await tasks.transaction(async (tx) => {
      if (!(await tasks.lockOwned(tx, taskId, userId))) throw notFound('Task not found');
      const segments = await tasks.segments(taskId, tx);
      const active = segments.find(isActive);
      if (active) throw conflict(`Segment ${active.segment_id} is already ${active.status}`);
      const first = segments.find((s) => s.status !== 'completed');
      if (!first) return [];
      await this.checkQuota(tx, userId, taskId);
      const out: { segment_id: number; job_id: string }[] = [];
      for (const s of segments) {
        if (s.segment_id < first.segment_id) continue;
        const jobId = await tasks.queueSegment(tx, taskId, s.segment_id);
        if (!jobId) throw conflict(`Segment ${s.segment_id} is already queued or running`);
        out.push({ segment_id: s.segment_id, job_id: jobId });
      }
      await tasks.touch(tx, taskId);
      return out;
    });
    const head = queued[0];
    if (head)
      await this.enqueueOrFail({ userId, taskId, segmentId: head.segment_id, jobId: head.job_id, requestId });
    return queued;
  }

  /**
   * Queues a run that redoes one page (its picture, narration or text); the other pages' results
   * stand. 400 for a page the task does not have, 409 while a run is active or when the segments
   * it builds on have not run.
   */
  async regeneratePage(
    userId: number,
    taskId: number,
    edit: PageEdit,
    requestId?: string,
  ): Promise<{ segment_id: number; job_id: string }> {
    const { tasks } = this.deps;
    const rule = PAGE_EDIT_RULES[edit.what];
    const jobId = await tasks.transaction(async (tx) => {
      const task = await tasks.lockOwned(tx, taskId, userId);
      if (!task) throw notFound('Task not found');
      if (edit.page > task.pages) throw badInput('n', `must be a page from 1 to ${task.pages}`);
      const segments = await tasks.segments(taskId, tx);
      const active = segments.find(isActive);
      if (active)
        throw conflict(
          `Segment ${active.segment_id} (${segmentById(active.segment_id)?.name}) is ${active.status}; wait or cancel it first`,
        );
      const first = Math.min(...rule.refreshes);
      for (const s of segments) {
        const ready =
          s.segment_id < first
            ? s.status === 'completed'
            : rule.refreshes.includes(s.segment_id)
              ? hasRun(s)
              : true;
        if (!ready)
          throw conflict(
            `Segment ${s.segment_id} (${segmentById(s.segment_id)?.name}) is ${s.status}; run it before redoing one page`,
          );
      }
      await this.checkQuota(tx, userId, taskId);
      const own = segments.find((s) => s.segment_id === rule.segment)!;
      const queued = await tasks.queuePageRun(tx, taskId, rule.segment, { ...edit, prior: own.status });
      if (!queued) throw conflict(`Segment ${rule.segment} is already queued or running`);
      await tasks.touch(tx, taskId);
      return queued;
    });
    await this.enqueueOrFail({ userId, taskId, segmentId: rule.segment, jobId, requestId });
    return { segment_id: rule.segment, job_id: jobId };
  }

  /** USER_MAX_RUNNING (this task not counted: it is the one being queued) and USER_QUOTA_BYTES. */
  private async checkQuota(tx: Queryable, userId: number, taskId: number): Promise<void> {
    const { quota } = this.deps;
    if (!quota) return;
    await quota.assertCanRun(tx, userId, { taskId });
    await quota.assertRoom(userId, 0, 409, tx);
  }

  /** Queued and running segments become `cancelled`; their jobs are asked to stop. */
  async cancel(userId: number, taskId: number): Promise<number[]> {
    const { tasks } = this.deps;
    const stopped = await tasks.transaction(async (tx) => {
      if (!(await tasks.lockOwned(tx, taskId, userId))) throw notFound('Task not found');
      const rows = await tasks.cancelActive(tx, taskId);
      await tasks.touch(tx, taskId);
      return rows;
    });
    for (const s of stopped) if (s.job_id) await this.stopJob(s.job_id, taskId);
    for (const s of stopped) {
      await this.deps.notifications.send(userId, {
        type: 'segment_failed',
        task_id: taskId,
        segment_id: s.segment_id,
        status: 'cancelled',
        error: 'cancelled',
        ...(s.page_run ? { page: s.page_run.page } : {}),
      });
    }
    return stopped.map((s) => s.segment_id);
  }

  /**
   * The user's script replaces Story's: it stands for a completed Story, the task row takes its
   * pages, aspect, language and texts, and everything after Story goes back to pending, its files
   * and script fields removed. The new script is written beside the old first; files and rows then
   * change together or not at all (see FolderChange).
   */
  async replaceScript(userId: number, taskId: number, script: StoryScript): Promise<void> {
    const { tasks } = this.deps;
    const task = await tasks.findOwned(taskId, userId);
    if (!task) throw notFound('Task not found');
    // A script without settings keeps the task's: the aspect and seed the user chose at create.
    const adopted: StoryScript = {
      ...script,
      settings: script.settings ?? { aspect: task.aspect as Aspect, seed: task.seed },
    };
    const change = await this.deps.folders.of(taskId).stage({ script: adopted, clear: outputsAfter(1) });
    await change.commitWith(
      (swap) =>
        tasks.transaction(async (tx) => {
          if (!(await tasks.lockOwned(tx, taskId, userId))) throw notFound('Task not found');
          const active = (await tasks.segments(taskId, tx)).find(isActive);
          if (active)
            throw conflict(`Segment ${active.segment_id} is ${active.status}; wait or cancel it first`);
          await tasks.adoptScript(tx, taskId, {
            topic: adopted.topic,
            mainRole: adopted.main_role,
            scene: adopted.scene,
            language: adopted.language,
            pages: adopted.pages.length,
            aspect: adopted.settings!.aspect,
            seed: adopted.settings!.seed,
          });
          await tasks.completeStoryFromScript(tx, taskId);
          await tasks.resetAfter(tx, taskId, 1);
          await tasks.touch(tx, taskId);
          // Last: the files change only when nothing above refused; a failed commit puts them back.
          await swap();
        }),
      (err) => this.deps.log.warn({ err, taskId }, 'the replaced files were not all removed'),
    );
  }

  /** Rows first (the task is gone for every reader), then its jobs are stopped and its folder removed. */
  async delete(userId: number, taskId: number): Promise<void> {
    const { tasks } = this.deps;
    const active = await tasks.transaction(async (tx) => {
      if (!(await tasks.lockOwned(tx, taskId, userId))) throw notFound('Task not found');
      const segments = await tasks.segments(taskId, tx);
      await tasks.delete(tx, taskId);
      return segments.filter(isActive);
    });
    for (const s of active) if (s.job_id) await this.stopJob(s.job_id, taskId);
    // A run aborting right now may still write; it removes the folder again when it sees the task gone.
    await this.deps.folders.of(taskId).remove();
  }

  // --- the job's side --------------------------------------------------------------------------

  /**
   * Marks the run running; resolves to its task and, for a run that redoes one page, that page's
   * edit; undefined when the job is stale (the task was deleted, the run cancelled or superseded).
   * A retried or recovered job of the current run continues.
   */
  async start(run: RunRef): Promise<{ task: TaskRow; page?: PageEdit } | undefined> {
    const task = await this.deps.tasks.findById(run.taskId);
    if (!task || task.user_id !== run.userId) return undefined;
    const started = await this.deps.tasks.startRun(run.taskId, run.segmentId, run.jobId);
    if (!started) return undefined;
    if (!started.page_run) return { task };
    const { prior: _prior, ...page } = started.page_run;
    return { task, page };
  }

  async progress(run: RunRef, percent: number, message?: string): Promise<void> {
    await this.deps.tasks.setProgress(run.taskId, run.segmentId, run.jobId, percent);
    await this.deps.notifications.sendTransient(run.userId, {
      type: 'segment_progress',
      task_id: run.taskId,
      segment_id: run.segmentId,
      status: 'running',
      progress: percent,
      ...(message ? { message } : {}),
    });
  }

  /** What a run's provider calls spent, added to the task's usage (also for failed runs). */
  async addUsage(run: RunRef, spent: Record<string, Usage>): Promise<void> {
    await this.deps.tasks.addUsage(run.taskId, spent);
  }

  /** Records the run completed with its resources, announces it, and queues the next segment of a chain. */
  async complete(run: RunRef, resources: string[], warnings: string[] = [], page?: PageEdit): Promise<void> {
    if (page) return this.completePage(run, page, resources, warnings);
    const { tasks } = this.deps;
    const { taskId, segmentId } = run;
    if (
      !(await tasks.finishRun(taskId, segmentId, run.jobId, { status: 'completed', resources, warnings }))
    ) {
      // Cancelled or deleted while it ran: a deleted task's folder goes (this run may have rewritten it).
      await this.removeFolderIfGone(taskId);
      return;
    }
    await this.announceFinished(run, resources);
    const next = await tasks.chainedAfter(taskId, segmentId);
    if (next?.job_id) {
      // This run is over: if the next job cannot be queued, that one fails (retryable), not this one.
      await this.enqueueOrFail(
        {
          userId: run.userId,
          taskId,
          segmentId: next.segment_id,
          jobId: next.job_id,
          requestId: run.requestId,
        },
        { quiet: true },
      );
    }
  }

  /**
   * A page run completed: that page is fresh again in the segments it redid (each reads completed
   * once no stale page is left) and stale in those built on it. The notification names the page.
   */
  private async completePage(run: RunRef, page: PageEdit, resources: string[], warnings: string[]) {
    const { tasks } = this.deps;
    const { taskId, segmentId } = run;
    const rule = PAGE_EDIT_RULES[page.what];
    const ended = await tasks.transaction(async (tx) => {
      const row = await tasks.endPageRun(tx, taskId, segmentId, run.jobId, warnings);
      if (!row) return false;
      for (const s of await tasks.segments(taskId, tx)) {
        const stale = s.stale_pages ?? [];
        if (rule.refreshes.includes(s.segment_id)) {
          await tasks.setStalePages(
            tx,
            taskId,
            s.segment_id,
            stale.filter((n) => n !== page.page),
          );
        } else if (rule.stales.includes(s.segment_id) && hasRun(s)) {
          await tasks.setStalePages(
            tx,
            taskId,
            s.segment_id,
            [...new Set([...stale, page.page])].sort((a, b) => a - b),
          );
        }
      }
      return true;
    });
    if (!ended) {
      await this.removeFolderIfGone(taskId);
      return;
    }
    await this.announceFinished(run, resources, page);
  }

  /** Tells the owner the run completed, with the public paths of what it wrote (and its page). */
  private async announceFinished(run: RunRef, resources: string[], page?: PageEdit) {
    await this.deps.notifications.send(run.userId, {
      type: 'segment_finished',
      task_id: run.taskId,
      segment_id: run.segmentId,
      status: 'completed',
      resources: resources.map((r) => this.deps.folders.publicPath(run.taskId, r)),
      ...(page ? { page: page.page, what: page.what } : {}),
    });
  }

  /**
   * The run failed: records it (only while it is still this job's), puts the segments queued behind
   * it back to pending, then tells the owner. False when the run had already ended or been replaced.
   */
  async fail(run: RunRef, error: string, warnings: string[] = []): Promise<boolean> {
    const { tasks } = this.deps;
    const { taskId, segmentId } = run;
    const ended = await tasks.finishRun(taskId, segmentId, run.jobId, { status: 'failed', error, warnings });
    if (!ended) return false;
    // Stored even when the bus is down: the client finds it with ?after=ID.
    await this.deps.notifications.send(run.userId, {
      type: 'segment_failed',
      task_id: taskId,
      segment_id: segmentId,
      status: 'failed',
      error,
      ...(ended.page ? { page: ended.page } : {}),
    });
    return true;
  }

  /**
   * The run was aborted. True when it is still current and running, so the job goes back to the
   * queue (its worker is shutting down); false when the user cancelled it or deleted the task
   * (already recorded; a deleted task's folder is removed again).
   */
  async aborted(run: RunRef): Promise<boolean> {
    if (await this.removeFolderIfGone(run.taskId)) return false;
    const current = (await this.deps.tasks.segments(run.taskId)).find((s) => s.segment_id === run.segmentId);
    return current?.status === 'running' && current.job_id === run.jobId;
  }

  /**
   * A segment job that failed for good without recording it (an infrastructure error on its last
   * try: the database or Redis away) would stay `running` for ever: record it failed now.
   */
  async recordJobFailure(failure: JobFailure): Promise<void> {
    if (failure.name !== 'run-segment' || failure.cancelled || failure.error instanceof PermanentJobError)
      return;
    const payload = failure.payload as { taskId?: number; segmentId?: number; userId?: number };
    if (!payload.taskId || !payload.segmentId || !payload.userId) return;
    await this.fail(
      { userId: payload.userId, taskId: payload.taskId, segmentId: payload.segmentId, jobId: failure.jobId },
      errorLine(failure.error),
    );
  }

  // --- recovery --------------------------------------------------------------------------------

  /**
   * Embedded start-up: jobs lived in the memory of the process that ran them, so what it left queued
   * or running is gone; each such run fails with INTERRUPTED and its owner is told.
   */
  async failInterrupted(): Promise<number> {
    const rows = await this.deps.tasks.failInterrupted(INTERRUPTED);
    for (const seg of rows) {
      const task = await this.deps.tasks.findById(seg.task_id);
      if (!task) continue;
      await this.deps.notifications.send(task.user_id, {
        type: 'segment_failed',
        task_id: seg.task_id,
        segment_id: seg.segment_id,
        status: 'failed',
        error: INTERRUPTED,
      });
    }
    return rows.length;
  }

  /** Scaled mode: queued or running runs that should have a queue job now (the reconciliation sweep). */
  async activeRuns(): Promise<RunRef[]> {
    const rows = await this.deps.tasks.activeRunsWithJobs();
    const runs: RunRef[] = [];
    for (const seg of rows) {
      const task = await this.deps.tasks.findById(seg.task_id);
      if (task)
        runs.push({
          userId: task.user_id,
          taskId: seg.task_id,
          segmentId: seg.segment_id,
          jobId: seg.job_id!,
        });
    }
    return runs;
  }

  // --- internals ---------------------------------------------------------------------------------

  private async removeFolderIfGone(taskId: number): Promise<boolean> {
    if (await this.deps.tasks.findById(taskId)) return false;
    await this.deps.folders.of(taskId).remove();
    return true;
  }

  /**
   * Asks the queue to drop or abort a job whose segment the database already marked cancelled (or
   * whose task is gone). If the queue is unreachable the job may still start or finish, but its
   * run is no longer current: the handler then does nothing and records nothing.
   */
  private async stopJob(jobId: string, taskId: number): Promise<void> {
    try {
      await this.deps.queue.cancel(jobId);
    } catch (err) {
      this.deps.log.warn(
        { err, taskId, jobId },
        'queue did not take the cancel; the stale run will be ignored',
      );
    }
  }

  /** Hands the run to the queue; when that fails the run fails (retryable) and, unless quiet, a 503 follows. */
  private async enqueueOrFail(run: RunRef, opts: { quiet?: boolean } = {}): Promise<void> {
    const { userId, taskId, segmentId, jobId, requestId } = run;
    try {
      await this.deps.queue.enqueue('run-segment', { taskId, segmentId, userId, requestId }, { jobId });
    } catch (err) {
      this.deps.log.error({ err, taskId, segmentId }, 'enqueue failed');
      await this.fail(run, NOT_QUEUED);
      if (!opts.quiet) throw new AppError('unavailable', 503, 'The job queue is not available; try again');
    }
  }
}
