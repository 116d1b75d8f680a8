// The shapes clients see for tasks (SPEC §4), as zod schemas the routes validate and serialize
// with, and the pure functions that turn database rows into them.
import { z } from 'zod';
import { PAGE_EDIT_KINDS } from '../pipeline/page.js';
import {
  type RenderOptions,
  RenderOptionsSchema,
  type StoryRequest,
  StoryRequestSchema,
} from '../pipeline/script.js';
import { segmentById, WORKFLOW } from '../pipeline/workflow.js';
import { unknownFields } from '../validation.js';
import { SEGMENT_STATUSES, type SegmentRow, type TaskRow } from './repository.js';

export const TASK_STATUSES = ['pending', 'running', 'completed', 'failed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Render options a client may set per task (snake_case like the rest of the API). */
export const TaskOptionsSchema = z.strictObject(
  {
    speech_rate: z.number().min(0.5).max(2).optional(),
    voice: z.string().max(100).optional(),
    burn_subtitles: z.boolean().optional(),
    subtitle_style: z.enum(['plain', 'karaoke']).optional(),
    music_gain_db: z.number().min(-60).max(0).optional(),
    /** Per-task providers, e.g. {"image": "comfyui:http://gpu:8188"}; checked against what the server allows. */
    providers: z.record(z.string(), z.string()).optional(),
  },
  unknownFields,
);
export type TaskOptions = z.infer<typeof TaskOptionsSchema>;

/** The request's text limits, but null or missing reads as "" (not given). */
const optionalText = (field: z.ZodDefault<z.ZodString>) =>
  field
    .unwrap()
    .nullish()
    .transform((v) => v ?? '');

export const NewTaskBodySchema = z.strictObject(
  {
    topic: StoryRequestSchema.shape.topic,
    /** Empty = not given (the original shell client sends ""). */
    main_role: optionalText(StoryRequestSchema.shape.mainRole),
    scene: optionalText(StoryRequestSchema.shape.scene),
    language: StoryRequestSchema.shape.language,
    pages: StoryRequestSchema.shape.pages,
    aspect: StoryRequestSchema.shape.aspect,
    seed: StoryRequestSchema.shape.seed,
    options: TaskOptionsSchema.default({}),
  },
  unknownFields,
);
export type NewTaskBody = z.infer<typeof NewTaskBodySchema>;

export const SegmentViewSchema = z.object({
  segment_id: z.number().int(),
  name: z.string(),
  status: z.enum(SEGMENT_STATUSES),
  progress: z.number().int().min(0).max(100),
  error: z.string().optional(),
  /** What its providers reported as degraded or ignored (a speed setting, a voice, a cut prompt). */
  warnings: z.array(z.string()).optional(),
  job_id: z.string().optional(),
  /** Pages whose result here no longer matches their inputs (a page was redone before it): redo them or run the segment. */
  stale_pages: z.array(z.number().int()).optional(),
  started_at: z.string().optional(),
  finished_at: z.string().optional(),
});
export type SegmentView = z.infer<typeof SegmentViewSchema>;

export const TaskViewSchema = z.object({
  task_id: z.number().int(),
  topic: z.string(),
  main_role: z.string(),
  scene: z.string(),
  language: z.string(),
  pages: z.number().int(),
  aspect: z.string(),
  seed: z.number().int(),
  options: z.record(z.string(), z.unknown()),
  status: z.enum(TASK_STATUSES),
  current_segment: z.number().int(),
  progress: z.number().int().min(0).max(100),
  created_at: z.string(),
  updated_at: z.string(),
  segments: z.array(SegmentViewSchema),
});
export type TaskView = z.infer<typeof TaskViewSchema>;

export const ProgressViewSchema = z.object({
  task_id: z.number().int(),
  current_segment: z.number().int(),
  status: z.enum(TASK_STATUSES),
  progress: z.number().int().min(0).max(100),
  segments: z.array(SegmentViewSchema),
  usage: z.record(z.string(), z.unknown()).optional(),
});
export type ProgressView = z.infer<typeof ProgressViewSchema>;

export const ExecuteViewSchema = z.object({
  accepted: z.literal(true),
  task_id: z.number().int(),
  segment_id: z.number().int(),
  job_id: z.string(),
  celery_task_id: z.string(),
  status: z.literal('queued'),
  message: z.string(),
});
export type ExecuteView = z.infer<typeof ExecuteViewSchema>;

/** POST /api/task/{id}/pages/{n}/regenerate: what to redo on that page. */
export const RegeneratePageBodySchema = z
  .strictObject(
    {
      what: z.enum(PAGE_EDIT_KINDS),
      /** image: draw with this seed (default: a new random one). */
      seed: z.number().int().min(0).max(2_147_483_647).optional(),
      /** image: the page's new image prompt. */
      prompt: z.string().trim().min(1).max(5000).optional(),
      /** text: the page's new text (its narration becomes stale); without it the story writer rewrites the page. */
      text: z.string().trim().min(1).max(5000).optional(),
    },
    unknownFields,
  )
  .superRefine((body, ctx) => {
    const only = (field: 'seed' | 'prompt' | 'text', what: string) => {
      if (body[field] !== undefined && body.what !== what)
        ctx.addIssue({ code: 'custom', path: [field], message: `only with what "${what}"` });
    };
    only('seed', 'image');
    only('prompt', 'image');
    only('text', 'text');
  });
export type RegeneratePageBody = z.infer<typeof RegeneratePageBodySchema>;

export const RegenerateViewSchema = ExecuteViewSchema.extend({
  page: z.number().int(),
  what: z.enum(PAGE_EDIT_KINDS),
});
export type RegenerateView = z.infer<typeof RegenerateViewSchema>;

export const ExecuteAllViewSchema = ExecuteViewSchema.extend({
  /** First segment queued (0 when every segment is completed already). */
  segment_id: z.number().int(),
  queued: z.array(z.object({ segment_id: z.number().int(), job_id: z.string() })),
});
export type ExecuteAllView = z.infer<typeof ExecuteAllViewSchema>;

const iso = (v: Date | string | null | undefined): string | undefined =>
  v == null ? undefined : v instanceof Date ? v.toISOString() : new Date(v).toISOString();

export function segmentView(row: SegmentRow): SegmentView {
  const view: SegmentView = {
    segment_id: row.segment_id,
    name: segmentById(row.segment_id)?.name ?? String(row.segment_id),
    status: row.status,
    progress: row.status === 'completed' ? 100 : row.progress,
  };
  if (row.error) view.error = row.error;
  if (row.warnings && row.warnings.length > 0) view.warnings = row.warnings;
  if (row.job_id) view.job_id = row.job_id;
  if (row.stale_pages && row.stale_pages.length > 0) view.stale_pages = row.stale_pages;
  const started = iso(row.started_at);
  if (started) view.started_at = started;
  const finished = iso(row.finished_at);
  if (finished) view.finished_at = finished;
  return view;
}

/**
 * Task status from its segments: running while any is queued or running, failed when one failed.
 * Cancelled work is not a failure: the task reads `pending` (it can be executed again).
 * AdminService's status filter mirrors this in SQL.
 */
export function taskStatus(segments: SegmentRow[]): TaskStatus {
  if (segments.some((s) => s.status === 'queued' || s.status === 'running')) return 'running';
  if (segments.some((s) => s.status === 'failed')) return 'failed';
  if (segments.length > 0 && segments.every((s) => s.status === 'completed')) return 'completed';
  return 'pending';
}

/** The last segment of the completed prefix (0 when Story is not completed). */
export function currentSegment(segments: SegmentRow[]): number {
  let current = 0;
  for (const def of WORKFLOW) {
    const s = segments.find((r) => r.segment_id === def.segment_id);
    if (s?.status !== 'completed') break;
    current = def.segment_id;
  }
  return current;
}

/** Overall 0–100: completed segments count fully, a running one by its own progress. */
export function overallProgress(segments: SegmentRow[]): number {
  const total = segments.reduce(
    (sum, s) => sum + (s.status === 'completed' ? 100 : s.status === 'running' ? s.progress : 0),
    0,
  );
  return Math.round(total / WORKFLOW.length);
}

export function progressView(task: TaskRow, segments: SegmentRow[]): ProgressView {
  const view: ProgressView = {
    task_id: task.id,
    current_segment: currentSegment(segments),
    status: taskStatus(segments),
    progress: overallProgress(segments),
    segments: segments.map(segmentView),
  };
  if (task.usage) view.usage = task.usage;
  return view;
}

export function taskView(task: TaskRow, segments: SegmentRow[]): TaskView {
  return {
    task_id: task.id,
    topic: task.topic,
    main_role: task.main_role,
    scene: task.scene,
    language: task.language,
    pages: task.pages,
    aspect: task.aspect,
    seed: task.seed,
    options: task.options ?? {},
    status: taskStatus(segments),
    current_segment: currentSegment(segments),
    progress: overallProgress(segments),
    created_at: iso(task.created_at)!,
    updated_at: iso(task.updated_at)!,
    segments: segments.map(segmentView),
  };
}

export function storyRequestOf(task: TaskRow): StoryRequest {
  return {
    topic: task.topic,
    mainRole: task.main_role,
    scene: task.scene,
    language: task.language as StoryRequest['language'],
    pages: task.pages,
    aspect: task.aspect as StoryRequest['aspect'],
    seed: task.seed,
  };
}

export function renderOptionsOf(options: Record<string, unknown>): RenderOptions {
  const o = TaskOptionsSchema.parse(options ?? {});
  return RenderOptionsSchema.parse({
    speechRate: o.speech_rate,
    voice: o.voice,
    burnSubtitles: o.burn_subtitles,
    subtitleStyle: o.subtitle_style,
    musicGainDb: o.music_gain_db,
  });
}
