// The v1 API's rules (SPEC §5): uploads into the caller's space, task creation with every `*_path`
// checked, the caller's tasks and their results (425 until COMPLETED), downloads of their own
// files only, and the voices on offer. Routes call this; it calls the lifecycle and repositories.
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Config } from '../config.js';
import { AppError, badInput, notFound } from '../errors.js';
import { listSpeechTemplates, type ProviderEnv, referenceVoices } from '../providers/registry.js';
import type { StoredFile, StoreMirror } from '../storage/mirror.js';
import { UserSpace } from '../storage/user-space.js';
import type { UserQuota } from '../tasks/quota.js';
import { downloadUrlOf, type V1TaskRuns } from './lifecycle.js';
import type { V1TaskRepository, V1TaskRow } from './repository.js';
import { checkTask } from './task-types.js';
import { type StoredUpload, storeUpload } from './upload.js';

export interface V1ServiceDeps {
  tasks: V1TaskRepository;
  runs: V1TaskRuns;
  config: Config;
  env?: ProviderEnv;
  /** Per-user limits (none when absent). */
  quota?: UserQuota;
  /** The object store, when files live there (STORAGE_URL). */
  store?: StoreMirror;
}

export interface Caller {
  id: number;
  instanceId?: string;
}

export interface V1TaskView {
  id: number;
  status: V1TaskRow['status'];
  task_type: string;
  result: Record<string, unknown>;
  error: string | null;
  created: string;
  modified: string;
  download_url: string | null;
  progress: number;
  message: string | null;
  payload: Record<string, unknown>;
  started_at: string | null;
  finished_at: string | null;
}

export interface V1TaskPage {
  count: number;
  next: string | null;
  previous: string | null;
  results: V1TaskView[];
}

export const PAGE_SIZE_MAX = 100;

const iso = (d: Date | string | null) =>
  d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString();

export class V1Service {
  constructor(private readonly deps: V1ServiceDeps) {}

  private space(caller: Caller) {
    return new UserSpace(this.deps.config.sharedMediaRoot, caller.id, this.deps.store);
  }

  async upload(
    caller: Caller,
    file: { stream: NodeJS.ReadableStream & { truncated?: boolean }; filename?: string },
    baseUrl: string,
  ): Promise<StoredUpload & { full_url: string }> {
    const { quota } = this.deps;
    const space = this.space(caller);
    await quota?.assertRoom(caller.id, 0, 413);
    const stored = await storeUpload(space, file, this.deps.config.UPLOAD_MAX_BYTES);
    // Stored first: with an object store, that is what the quota counts.
    await space.push([stored.relative_path]);
    await quota?.keepOrUndo(caller.id, async () => {
      await rm(space.resolve(stored.relative_path), { force: true });
      await space.push([stored.relative_path]);
    });
    return {
      ...stored,
      full_url: `${baseUrl}/api/v1/files/download/?path=${encodeURIComponent(stored.relative_path)}`,
    };
  }

  /** 202's body: the task recorded PENDING and queued. */
  async create(
    caller: Caller,
    taskType: string,
    payload: Record<string, unknown>,
    baseUrl: string,
    requestId?: string,
  ) {
    const env = this.deps.env ?? process.env;
    const checked = checkTask(this.deps.config, env, taskType, payload);
    const space = this.space(caller);
    for (const [key, value] of Object.entries(payload)) {
      if (!key.endsWith('_path')) continue;
      try {
        await space.stored(String(value), `payload.${key}`);
      } catch (err) {
        if (err instanceof AppError && err.status === 404)
          throw badInput(
            `payload.${key}`,
            `no file "${String(value).slice(0, 200)}" in your space (upload it first)`,
          );
        throw err;
      }
    }
    const quota = this.deps.quota;
    await quota?.assertRoom(caller.id);
    const row = await this.deps.runs.submit(
      {
        userId: caller.id,
        instanceId: caller.instanceId,
        taskType: checked.taskType,
        payload: checked.payload,
        baseUrl,
      },
      // In the inserting transaction, the user's row locked: two requests at once cannot both pass.
      quota && ((tx) => quota.assertCanRun(tx, caller.id)),
      requestId,
    );
    return {
      id: row.id,
      status: row.status,
      message: 'Task accepted for processing.',
      ...(checked.warnings.length ? { warnings: checked.warnings } : {}),
    };
  }

  async list(caller: Caller, page: number, pageSize: number, baseUrl: string): Promise<V1TaskPage> {
    const size = Math.min(pageSize, PAGE_SIZE_MAX);
    const { rows, count } = await this.deps.tasks.pageOwned(caller.id, size, (page - 1) * size);
    const link = (p: number) => `${baseUrl}/api/v1/tasks/?page=${p}&page_size=${size}`;
    return {
      count,
      next: page * size < count ? link(page + 1) : null,
      previous: page > 1 ? link(Math.min(page - 1, Math.max(1, Math.ceil(count / size)))) : null,
      results: rows.map((r) => this.view(r, baseUrl)),
    };
  }

  async get(caller: Caller, id: number, baseUrl: string): Promise<V1TaskView> {
    return this.view(await this.owned(caller, id), baseUrl);
  }

  /** The result JSON of a COMPLETED task: 404 for another user's, 425 until it is done. */
  async resultFile(caller: Caller, id: number): Promise<StoredFile & { filename: string }> {
    const task = await this.owned(caller, id);
    if (task.status !== 'COMPLETED')
      throw new AppError(
        'too_early',
        425,
        `Task ${id} is ${task.status}; its result is ready once it is COMPLETED`,
      );
    const rel = task.result?.output_file_path;
    if (typeof rel !== 'string') throw notFound('This task has no result file');
    const file = await this.space(caller).stored(rel, 'output_file_path');
    return { ...file, filename: basename(rel) };
  }

  /** A file of the caller's own space (400 for a malformed path, 404 for anything else not theirs). */
  userFile(caller: Caller, rel: string): Promise<StoredFile> {
    return this.space(caller).stored(rel, 'path');
  }

  voices() {
    const config = this.deps.config;
    const templates = listSpeechTemplates(config, this.deps.env ?? process.env);
    return {
      default_templates: { zh: 'espeak_zh', en: 'espeak_en' },
      templates: templates.map((t) => ({
        name: t.name,
        engine: t.engine,
        provider: t.provider.split(':')[0]!,
        language: t.language,
        voice: t.voice ?? null,
        voices: t.voices,
        description: t.description,
        aliases: t.aliases,
      })),
      reference_voices: referenceVoices(config).map((name) => ({
        name,
        audio: `resources/tts_references/${name}.wav`,
        transcript: `resources/tts_references/${name}.txt`,
        usable: templates.some((t) => t.engine === 'cosyvoice'),
      })),
    };
  }

  private async owned(caller: Caller, id: number): Promise<V1TaskRow> {
    const task = await this.deps.tasks.findOwned(id, caller.id);
    if (!task) throw notFound('Task not found');
    return task;
  }

  private view(r: V1TaskRow, baseUrl: string): V1TaskView {
    const completed = r.status === 'COMPLETED' && typeof r.result?.output_file_path === 'string';
    return {
      id: r.id,
      status: r.status,
      task_type: r.task_type,
      // The original cloud answered {} before a result and {"error": …} after a failure.
      result: r.result ?? (r.status === 'FAILED' ? { error: r.error } : {}),
      error: r.error,
      created: iso(r.created_at)!,
      modified: iso(r.updated_at)!,
      download_url: completed ? downloadUrlOf(baseUrl, r.id) : null,
      progress: r.progress,
      message: r.message,
      payload: r.payload,
      started_at: iso(r.started_at),
      finished_at: iso(r.finished_at),
    };
  }
}
