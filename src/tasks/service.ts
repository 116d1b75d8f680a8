// The storybook task rules of SPEC §4: create, list, progress, execute (one or all), cancel, edit
// the script, delete, and owner-only file access. Routes call this; it calls repositories.
import { randomInt } from 'node:crypto';
import { AppError, badInput, notFound } from '../errors.js';
import type { StoryScript } from '../pipeline/script.js';
import { segmentById, WORKFLOW } from '../pipeline/workflow.js';
import type { StoredFile } from '../storage/mirror.js';
import type { TaskFolders } from '../storage/task-folder.js';
import { canonicalId } from '../validation.js';
import type { RunLifecycle } from './lifecycle.js';
import type { TaskRepository } from './repository.js';
import {
  type ExecuteAllView,
  type ExecuteView,
  type NewTaskBody,
  type ProgressView,
  progressView,
  type RegeneratePageBody,
  type RegenerateView,
  type TaskOptions,
  type TaskView,
  taskView,
} from './views.js';

export interface TaskServiceDeps {
  tasks: TaskRepository;
  lifecycle: RunLifecycle;
  folders: TaskFolders;
  /**
   * Checks what a new task asks of this server's providers (`options.providers`, `options.voice`):
   * a 400 naming the field, or the options to store.
   */
  checkOptions: (options: TaskOptions) => TaskOptions;
}

export interface TaskPage {
  task_ids: number[];
  tasks: TaskView[];
  next_cursor: string | null;
}

export const TASKS_PAGE_MAX = 100;
/** The most pages a story has (the script schema's limit). */
const MAX_PAGES = 20;
const FOREIGN_KEY_VIOLATION = '23503';

const encodeCursor = (id: number) => Buffer.from(`t:${id}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const m = /^t:(.*)$/.exec(Buffer.from(cursor, 'base64url').toString());
  const id = m ? canonicalId(m[1]!) : undefined;
  if (id === undefined) throw badInput('cursor', 'not a cursor this server gave out');
  return id;
}

export class TaskService {
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
    const options = this.deps.checkOptions(body.options);
    const { task, segments } = await this.deps.tasks
      .create({
        userId,
        topic: body.topic,
        mainRole: body.main_role,
        scene: body.scene,
        language: body.language,
        pages: body.pages,
        aspect: body.aspect,
        seed: body.seed,
        options,
      })
      .catch((err: unknown) => {
        // The account was deleted between the token check and this insert (foreign key violation).
        if ((err as { code?: string }).code === FOREIGN_KEY_VIOLATION) {
          throw new AppError('account_disabled', 401, 'This account is disabled or no longer exists');
        }
        throw err;
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
    const { task, segments } = await this.snapshot(taskId, userId);
    return progressView(task, segments);
  }

  async resources(userId: number, taskId: number, segmentId: number) {
    const def = segmentById(segmentId);
    const { segments } = await this.snapshot(taskId, userId);
    if (!def) throw badInput('segmentId', `must be one of ${WORKFLOW.map((s) => s.segment_id).join(', ')}`);
    const seg = segments.find((s) => s.segment_id === segmentId);
    const resources =
      seg?.status === 'completed' ? seg.resources.map((r) => this.deps.folders.publicPath(taskId, r)) : [];
    return { task_id: taskId, segment_id: segmentId, status: seg?.status ?? 'pending', resources };
  }

  /** Queues one run of one segment: 409 when an earlier one is not completed or a run is active. */
  async execute(userId: number, taskId: number, segmentId: number, requestId?: string): Promise<ExecuteView> {
    const jobId = await this.deps.lifecycle.execute(userId, taskId, segmentId, requestId);
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
  async executeAll(userId: number, taskId: number, requestId?: string): Promise<ExecuteAllView> {
    const queued = await this.deps.lifecycle.executeAll(userId, taskId, requestId);
    const head = queued[0];
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

  /**
   * Redoes one page (`n` as written in the path): its picture (a new seed unless one is given, or
   * an edited prompt), its narration, or its text. What was built on it is marked stale.
   */
  async regeneratePage(
    userId: number,
    taskId: number,
    n: string,
    body: RegeneratePageBody,
    requestId?: string,
  ): Promise<RegenerateView> {
    const page = /^[1-9][0-9]?$/.test(n) ? Number(n) : undefined;
    if (page === undefined || page > MAX_PAGES)
      throw badInput('n', `must be a page number from 1 to ${MAX_PAGES}`);
    const seed = body.what === 'image' ? (body.seed ?? randomInt(0, 2_147_483_647)) : undefined;
    const { segment_id, job_id } = await this.deps.lifecycle.regeneratePage(
      userId,
      taskId,
      {
        page,
        what: body.what,
        ...(seed !== undefined ? { seed } : {}),
        ...(body.prompt !== undefined ? { prompt: body.prompt } : {}),
        ...(body.text !== undefined ? { text: body.text } : {}),
      },
      requestId,
    );
    return {
      accepted: true,
      task_id: taskId,
      segment_id,
      job_id,
      celery_task_id: job_id,
      status: 'queued',
      message: `Page ${page}: ${body.what} queued`,
      page,
      what: body.what,
    };
  }

  async cancel(userId: number, taskId: number) {
    const cancelled = await this.deps.lifecycle.cancel(userId, taskId);
    return {
      accepted: true as const,
      task_id: taskId,
      cancelled,
      message: cancelled.length ? 'Cancelled' : 'Nothing was queued or running',
    };
  }

  /** Replaces script_data.json (validated by the caller's schema); segments after Story go back to pending. */
  async updateScript(userId: number, taskId: number, script: StoryScript): Promise<ProgressView> {
    await this.deps.lifecycle.replaceScript(userId, taskId, script);
    return this.progress(userId, taskId);
  }

  async delete(userId: number, taskId: number): Promise<{ deleted: true; task_id: number }> {
    await this.deps.lifecycle.delete(userId, taskId);
    return { deleted: true, task_id: taskId };
  }

  /**
   * `generated_stories/{task_id}/…` → an existing file of the caller's task, from the folder or the
   * object store. 404 for anything else (another user's task, missing file, folder, temp file, escape attempt).
   */
  async ownedFile(userId: number, publicPath: string): Promise<StoredFile> {
    const located = this.deps.folders.parsePublicPath(publicPath);
    if (!located || !(await this.deps.tasks.findOwned(located.taskId, userId)))
      throw notFound('File not found');
    let file: StoredFile | undefined;
    try {
      file = await this.deps.folders.of(located.taskId).stored(located.rel);
    } catch (err) {
      if (err instanceof AppError) throw notFound('File not found');
      throw err;
    }
    if (!file) throw notFound('File not found');
    return file;
  }

  /**
   * Every file of the caller's task (script, pictures, narration, video, subtitles) as
   * `{name: relative path, path: absolute}`, for the zip download. 404 for another user's task.
   */
  async ownedFiles(userId: number, taskId: number): Promise<Array<{ name: string; path: string }>> {
    if (!(await this.deps.tasks.findOwned(taskId, userId))) throw notFound('Task not found');
    const folder = this.deps.folders.of(taskId);
    const names = ['script_data.json'];
    for (const dir of ['image', 'speech', 'video']) {
      for (const name of (await folder.list(dir)).sort()) names.push(`${dir}/${name}`);
    }
    const files: Array<{ name: string; path: string }> = [];
    for (const name of names) {
      // Only finished files: temp files of a run in progress have no public name.
      if (!this.deps.folders.parsePublicPath(this.deps.folders.publicPath(taskId, name))) continue;
      const file = await folder.existingFile(name).catch(() => undefined);
      if (file) files.push({ name, path: file.path });
    }
    return files;
  }

  private async snapshot(taskId: number, userId: number) {
    const snapshot = await this.deps.tasks.snapshotOwned(taskId, userId);
    if (!snapshot) throw notFound('Task not found');
    return snapshot;
  }
}
