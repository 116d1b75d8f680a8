// The storybook task rules of SPEC §4: create, list, progress, execute (one or all), cancel, edit
// the script, delete, and owner-only file access. Routes call this; it calls repositories.
import { rm, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError, badInput, conflict, notFound } from '../errors.js';
import type { JobQueue } from '../jobs/types.js';
import { invalidateAfter } from '../pipeline/run.js';
import { type StoryScript, writeScript } from '../pipeline/script.js';
import { segmentById, WORKFLOW } from '../pipeline/workflow.js';
import { resolveExistingInside } from '../storage/paths.js';
import { taskFolder } from '../storage/task-folder.js';
import { failRun } from './fail-run.js';
import type { Logger, NotificationService } from './notifications.js';
import type { SegmentRow, TaskRepository, TaskRow } from './repository.js';
import {
  type ExecuteAllView,
  type ExecuteView,
  type NewTaskBody,
  type ProgressView,
  progressView,
  resourcePath,
  type TaskView,
  taskView,
} from './views.js';

export interface TaskServiceDeps {
  tasks: TaskRepository;
  /** Checks `options.providers` of a new task (400 naming the field); returns what to store. */
  validateProviders?: (input: unknown) => Record<string, string>;
  queue: Pick<JobQueue, 'enqueue' | 'cancel'>;
  notifications: NotificationService;
  storageRoot: string;
  log: Logger;
}

export interface TaskPage {
  task_ids: number[];
  tasks: TaskView[];
  next_cursor: string | null;
}

export const TASKS_PAGE_MAX = 100;

const encodeCursor = (id: number) => Buffer.from(`t:${id}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const m = /^t:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw badInput('cursor', 'not a cursor this server gave out');
  return Number(m[1]);
}

const isActive = (s: SegmentRow) => s.status === 'queued' || s.status === 'running';

export class TaskService {
  /**
   * Progress views of cached snapshots: a cached snapshot is never changed (a change replaces it),
   * so its view is computed once. Shared objects: callers must not modify what progress() returns.
   */
  private readonly progressViews = new WeakMap<object, ProgressView>();

  constructor(private readonly deps: TaskServiceDeps) {}

  workflow() {
    return WORKFLOW.map((s) => ({
      id: s.segment_id,
      segment_id: s.segment_id,
      name: s.name,
      description: s.description,
      depends_on: [...s.depends_on],
    }));
  }

  async create(userId: number, body: NewTaskBody): Promise<TaskView> {
    const options: Record<string, unknown> = { ...body.options };
    if (options.providers !== undefined) {
      if (!this.deps.validateProviders)
        throw badInput('options.providers', 'this server has one set of providers');
      options.providers = this.deps.validateProviders(options.providers);
    }
    const { task, segments } = await this.deps.tasks.create({
      userId,
      topic: body.topic,
      mainRole: body.main_role,
      scene: body.scene,
      language: body.language,
      pages: body.pages,
      aspect: body.aspect,
      seed: body.seed,
      options,
    });
    return taskView(task, segments);
  }

  async list(userId: number, limit: number, cursor?: string): Promise<TaskPage> {
    const before = cursor ? decodeCursor(cursor) : undefined;
    const rows = await this.deps.tasks.listOwned(userId, limit + 1, before);
    const page = rows.slice(0, limit);
    const segments = await this.deps.tasks.segmentsOfTasks(page.map((t) => t.id));
    const tasks = page.map((t) =>
      taskView(
        t,
        segments.filter((s) => s.task_id === t.id),
      ),
    );
    return {
      task_ids: page.map((t) => t.id),
      tasks,
      next_cursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
    };
  }

  async get(userId: number, taskId: number): Promise<TaskView> {
    const { task, segments } = await this.snapshot(taskId, userId);
    return taskView(task, segments);
  }

  async progress(userId: number, taskId: number): Promise<ProgressView> {
    const snapshot = await this.snapshot(taskId, userId);
    let view = this.progressViews.get(snapshot);
    if (!view) {
      view = progressView(snapshot.task, snapshot.segments);
      this.progressViews.set(snapshot, view);
    }
    return view;
  }

  async resources(userId: number, taskId: number, segmentId: number) {
    const def = segmentById(segmentId);
    const { segments } = await this.snapshot(taskId, userId);
    if (!def) throw badInput('segmentId', `must be one of ${WORKFLOW.map((s) => s.segment_id).join(', ')}`);
    const seg = segments.find((s) => s.segment_id === segmentId);
    const resources =
      seg?.status === 'completed'
        ? seg.resources.map((r) => resourcePath(this.deps.storageRoot, taskId, r))
        : [];
    return { task_id: taskId, segment_id: segmentId, status: seg?.status ?? 'pending', resources };
  }

  /** Queues one run of one segment: 409 when an earlier one is not completed or a run is active. */
  async execute(userId: number, taskId: number, segmentId: number): Promise<ExecuteView> {
    const def = segmentById(segmentId);
    const jobId = await this.deps.tasks.transaction(async (tx) => {
      const task = await this.deps.tasks.lockOwned(tx, taskId, userId);
      if (!task) throw notFound('Task not found');
      if (!def) throw badInput('segmentId', `must be one of ${WORKFLOW.map((s) => s.segment_id).join(', ')}`);
      const segments = await this.deps.tasks.segments(taskId, tx);
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
      const queued = await this.deps.tasks.queueSegment(tx, taskId, segmentId);
      if (!queued) throw conflict(`Segment ${segmentId} is already queued or running`);
      await this.deps.tasks.resetAfter(tx, taskId, segmentId);
      await this.deps.tasks.touch(tx, taskId);
      return queued;
    });
    await this.enqueueOrFail(userId, taskId, segmentId, jobId);
    return {
      accepted: true,
      task_id: taskId,
      segment_id: segmentId,
      job_id: jobId,
      celery_task_id: jobId,
      status: 'queued',
      message: 'Execution queued',
    };
  }

  /** Queues every segment from the first one not completed; each starts when the one before completes. */
  async executeAll(userId: number, taskId: number): Promise<ExecuteAllView> {
    const queued = await this.deps.tasks.transaction(async (tx) => {
      const task = await this.deps.tasks.lockOwned(tx, taskId, userId);
      if (!task) throw notFound('Task not found');
      const segments = await this.deps.tasks.segments(taskId, tx);
      const active = segments.find(isActive);
      if (active) throw conflict(`Segment ${active.segment_id} is already ${active.status}`);
      const first = segments.find((s) => s.status !== 'completed');
      if (!first) return [];
      const out: { segment_id: number; job_id: string }[] = [];
      for (const s of segments) {
        if (s.segment_id < first.segment_id) continue;
        const jobId = await this.deps.tasks.queueSegment(tx, taskId, s.segment_id);
        if (!jobId) throw conflict(`Segment ${s.segment_id} is already queued or running`);
        out.push({ segment_id: s.segment_id, job_id: jobId });
      }
      await this.deps.tasks.touch(tx, taskId);
      return out;
    });
    const head = queued[0];
    if (head) await this.enqueueOrFail(userId, taskId, head.segment_id, head.job_id);
    return {
      accepted: true,
      task_id: taskId,
      segment_id: head?.segment_id ?? 0,
      job_id: head?.job_id ?? '',
      celery_task_id: head?.job_id ?? '',
      status: 'queued',
      message: head
        ? `Execution queued: segments ${queued.map((q) => q.segment_id).join(', ')}`
        : 'Nothing to execute: every segment is completed',
      queued,
    };
  }

  async cancel(userId: number, taskId: number) {
    const stopped = await this.deps.tasks.transaction(async (tx) => {
      const task = await this.deps.tasks.lockOwned(tx, taskId, userId);
      if (!task) throw notFound('Task not found');
      const rows = await this.deps.tasks.cancelActive(tx, taskId);
      await this.deps.tasks.touch(tx, taskId);
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
      });
    }
    return {
      accepted: true as const,
      task_id: taskId,
      cancelled: stopped.map((s) => s.segment_id),
      message: stopped.length ? 'Cancelled' : 'Nothing was queued or running',
    };
  }

  /** Replaces script_data.json (validated by the caller's schema); segments after Story go back to pending. */
  async updateScript(userId: number, taskId: number, script: StoryScript) {
    const taskDir = taskFolder(this.deps.storageRoot, taskId);
    await this.deps.tasks.transaction(async (tx) => {
      const task = await this.deps.tasks.lockOwned(tx, taskId, userId);
      if (!task) throw notFound('Task not found');
      const active = (await this.deps.tasks.segments(taskId, tx)).find(isActive);
      if (active) throw conflict(`Segment ${active.segment_id} is ${active.status}; wait or cancel it first`);
      await invalidateAfter(taskDir, 1);
      await writeScript(taskDir, script);
      await this.deps.tasks.completeStoryFromScript(tx, taskId);
      await this.deps.tasks.resetAfter(tx, taskId, 1);
      await this.deps.tasks.touch(tx, taskId);
    });
    return this.progress(userId, taskId);
  }

  async delete(userId: number, taskId: number): Promise<{ deleted: true; task_id: number }> {
    const active = await this.deps.tasks.transaction(async (tx) => {
      const task = await this.deps.tasks.lockOwned(tx, taskId, userId);
      if (!task) throw notFound('Task not found');
      const segments = await this.deps.tasks.segments(taskId, tx);
      await this.deps.tasks.delete(tx, taskId);
      return segments.filter(isActive);
    });
    for (const s of active) if (s.job_id) await this.stopJob(s.job_id, taskId);
    // A run aborting right now may still write; its handler removes the folder again when it sees the task gone.
    await rm(taskFolder(this.deps.storageRoot, taskId), { recursive: true, force: true });
    return { deleted: true, task_id: taskId };
  }

  /**
   * `generated_stories/{task_id}/…` → the absolute path of an existing file of the caller's task.
   * 404 for anything else (another user's task, missing file, folder, temp file, escape attempt).
   */
  async ownedFile(userId: number, relPath: string): Promise<{ path: string; size: number }> {
    const root = basename(this.deps.storageRoot);
    const parts = relPath.split('/');
    if (parts[0] !== root || !/^\d{1,9}$/.test(parts[1] ?? '') || parts.length < 3)
      throw notFound('File not found');
    if (parts.some((p) => p.startsWith('.'))) throw notFound('File not found');
    const taskId = Number(parts[1]);
    await this.owned(taskId, userId, 'File not found');
    let path: string | null;
    try {
      path = await resolveExistingInside(taskFolder(this.deps.storageRoot, taskId), parts.slice(2).join('/'));
    } catch (err) {
      if (err instanceof AppError) throw notFound('File not found');
      throw err;
    }
    if (!path) throw notFound('File not found');
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw notFound('File not found');
    return { path, size: info.size };
  }

  private async snapshot(taskId: number, userId: number) {
    const snapshot = await this.deps.tasks.snapshotOwned(taskId, userId);
    if (!snapshot) throw notFound('Task not found');
    return snapshot;
  }

  private async owned(taskId: number, userId: number, message = 'Task not found'): Promise<TaskRow> {
    const task = await this.deps.tasks.findOwned(taskId, userId);
    if (!task) throw notFound(message);
    return task;
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

  private async enqueueOrFail(userId: number, taskId: number, segmentId: number, jobId: string) {
    try {
      await this.deps.queue.enqueue('run-segment', { taskId, segmentId, userId }, { jobId });
    } catch (err) {
      this.deps.log.error({ err, taskId, segmentId }, 'enqueue failed');
      const error = 'could not queue the job; execute again';
      await failRun(this.deps, { userId, taskId, segmentId, jobId, error });
      throw new AppError('unavailable', 503, 'The job queue is not available; try again');
    }
  }
}
