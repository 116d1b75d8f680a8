// The v1 task types and what each payload must hold: input files (`*_path`, relative to the
// caller's space), `source_media`, and `service_params` checked here so a bad request is a 400 at
// once, not a failed task later. Unknown service_params (the original cloud's model, debug, …) are
// accepted and reported as warnings in the result.
import { z } from 'zod';
import type { Config } from '../config.js';
import { PERSPECTIVES, type Perspective, STYLES, type Style } from '../dubbing/narration.js';
import type { Lang } from '../dubbing/speech-rate.js';
import { type EditAspect, FRAME_FOR_ASPECT } from '../dubbing/timeline.js';
import { badInput } from '../errors.js';
import {
  findSpeechTemplate,
  listSpeechTemplates,
  type ProviderEnv,
  type SpeechTemplate,
} from '../providers/registry.js';

export const TASK_TYPES = ['GENERATE_NARRATION', 'GENERATE_DUBBING', 'GENERATE_EDITING_SCRIPT'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

const LangSchema = z.enum(['zh', 'en']);

const NarrationParams = z.looseObject({
  lang: LangSchema.optional(),
  /** objective, humorous, suspense, emotional; other words read as objective (reported). */
  style: z.string().max(40).optional(),
  perspective: z.enum(PERSPECTIVES).optional(),
  /** Seconds of narration wanted in all. */
  target_duration: z
    .number()
    .positive()
    .max(24 * 3600)
    .optional(),
  /** The original cloud's control_params (style, perspective, target_duration_minutes). */
  control_params: z
    .looseObject({
      style: z.string().max(40).optional(),
      perspective: z.enum(PERSPECTIVES).optional(),
      target_duration_minutes: z
        .number()
        .positive()
        .max(24 * 60)
        .nullish(),
    })
    .optional(),
});

const DubbingParams = NarrationParams.extend({
  template_name: z.string().min(1).max(100).optional(),
  speed: z.number().min(0.5).max(2).optional(),
  target_lang: LangSchema.optional(),
  voice: z.string().min(1).max(100).optional(),
});

const EditingParams = z.looseObject({
  lang: LangSchema.optional(),
  default_lang: z.string().optional(),
  gap_threshold: z.number().min(0).max(60).optional(),
  fps: z.number().int().min(1).max(120).optional(),
  aspect: z.enum(Object.keys(FRAME_FOR_ASPECT) as [EditAspect, ...EditAspect[]]).optional(),
  original_audio_gain_db: z.number().min(-60).max(0).optional(),
  /** Frame height of the timeline (width follows the aspect); default 1080. Smaller makes quick proxy renders. */
  height: z.number().int().min(144).max(2160).optional(),
});

const KNOWN: Record<TaskType, Set<string>> = {
  GENERATE_NARRATION: new Set(Object.keys(NarrationParams.shape)),
  GENERATE_DUBBING: new Set(Object.keys(DubbingParams.shape)),
  GENERATE_EDITING_SCRIPT: new Set(Object.keys(EditingParams.shape)),
};

export interface NarrationSettings {
  lang?: Lang;
  style: Style;
  perspective: Perspective;
  targetDuration?: number;
}

export interface DubbingSettings extends NarrationSettings {
  template: SpeechTemplate;
  speed: number;
  voice?: string;
}

export interface EditingSettings {
  lang?: Lang;
  gapThreshold: number;
  fps: number;
  aspect: EditAspect;
  originalAudioGainDb: number;
  height: number;
}

/** What a task will read: the `_path` keys it uses, in order of preference. */
export const INPUTS: Record<TaskType, string[][]> = {
  GENERATE_NARRATION: [['blueprint_path', 'transcript_path']],
  GENERATE_DUBBING: [['input_narration_path', 'blueprint_path', 'transcript_path']],
  GENERATE_EDITING_SCRIPT: [
    ['dubbing_script_path', 'input_dubbing_path'],
    ['blueprint_path', 'transcript_path'],
  ],
};

/** The first of `keys` the payload has. */
export const pickInput = (payload: Record<string, unknown>, keys: string[]) =>
  keys.find((k) => typeof payload[k] === 'string');

function parseParams<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    throw badInput(`payload.service_params${path ? `.${path}` : ''}`, issue.message);
  }
  return parsed.data;
}

function narrationSettings(p: z.output<typeof NarrationParams>, warnings: string[]): NarrationSettings {
  const style = p.style ?? p.control_params?.style ?? 'objective';
  const known = (STYLES as readonly string[]).includes(style);
  if (!known)
    warnings.push(`service_params.style "${style}" is read as "objective" (known: ${STYLES.join(', ')})`);
  const minutes = p.control_params?.target_duration_minutes;
  return {
    ...(p.lang ? { lang: p.lang } : {}),
    style: known ? (style as Style) : 'objective',
    perspective: p.perspective ?? p.control_params?.perspective ?? 'third_person',
    ...(p.target_duration
      ? { targetDuration: p.target_duration }
      : minutes
        ? { targetDuration: minutes * 60 }
        : {}),
  };
}

/** The template a dubbing task uses: the named one (or an alias), else the server's speech provider's, else eSpeak in the language. */
export function chooseTemplate(
  config: Config,
  env: ProviderEnv,
  name: string | undefined,
  lang: Lang | undefined,
): SpeechTemplate {
  if (name) {
    const found = findSpeechTemplate(config, name, env);
    if (!found) {
      const offered = listSpeechTemplates(config, env).map((t) => t.name);
      throw badInput(
        'payload.service_params.template_name',
        `unknown template "${name}" (this server offers: ${offered.join(', ')}; see GET /api/v1/voices/)`,
      );
    }
    return found;
  }
  const all = listSpeechTemplates(config, env);
  return (
    all.find((t) => t.provider === config.SPEECH_PROVIDER && t.provider !== 'offline') ??
    all.find((t) => t.name === `espeak_${lang ?? 'zh'}`)!
  );
}

export interface CheckedTask {
  taskType: TaskType;
  /** The payload as stored: the caller's, unchanged. */
  payload: Record<string, unknown>;
  warnings: string[];
}

/**
 * Checks a new task's type, inputs and settings (not the input files' existence or contents:
 * the service checks the files are there, the task reads them). 400 naming the field otherwise.
 */
export function checkTask(
  config: Config,
  env: ProviderEnv,
  taskType: string,
  payload: Record<string, unknown>,
): CheckedTask {
  if (!(TASK_TYPES as readonly string[]).includes(taskType))
    throw badInput(
      'task_type',
      `unknown task type "${taskType.slice(0, 60)}" (one of ${TASK_TYPES.join(', ')})`,
    );
  const type = taskType as TaskType;
  for (const [key, value] of Object.entries(payload)) {
    if (key.endsWith('_path') && (typeof value !== 'string' || value.trim() === ''))
      throw badInput(`payload.${key}`, 'must be a relative path (a string)');
  }
  for (const group of INPUTS[type]) {
    if (!pickInput(payload, group)) throw badInput('payload', `${type} needs ${group.join(' or ')}`);
  }
  const warnings: string[] = [];
  const params = payload.service_params;
  if (params !== undefined && (params === null || typeof params !== 'object' || Array.isArray(params)))
    throw badInput('payload.service_params', 'must be an object');
  for (const key of Object.keys((params as object | undefined) ?? {})) {
    if (!KNOWN[type].has(key)) warnings.push(`service_params.${key} is not used by this server`);
  }
  if (type === 'GENERATE_EDITING_SCRIPT') {
    const media = payload.source_media;
    if (typeof media !== 'string' || media.trim() === '')
      throw badInput('payload.source_media', 'the file name of the source video on the edge is required');
    if (
      media.length > 255 ||
      media.startsWith('/') ||
      media.includes('\\') ||
      media.split('/').includes('..')
    )
      throw badInput('payload.source_media', 'must be a file name or a relative path without ".."');
    editingSettings(payload);
  } else if (type === 'GENERATE_DUBBING') {
    dubbingSettings(config, env, payload, warnings);
  } else {
    narrationSettings(parseParams(NarrationParams, params), warnings);
  }
  return { taskType: type, payload, warnings };
}

export function narrationSettingsOf(payload: Record<string, unknown>, warnings: string[]): NarrationSettings {
  return narrationSettings(parseParams(NarrationParams, payload.service_params), warnings);
}

export function dubbingSettings(
  config: Config,
  env: ProviderEnv,
  payload: Record<string, unknown>,
  warnings: string[],
): DubbingSettings {
  const p = parseParams(DubbingParams, payload.service_params);
  const base = narrationSettings(p, warnings);
  const lang = p.target_lang ?? p.lang;
  const template = chooseTemplate(config, env, p.template_name, lang);
  if (p.voice && template.voices.length > 0 && !template.voices.includes(p.voice))
    throw badInput(
      'payload.service_params.voice',
      `"${p.voice}" is not a voice of ${template.name} (one of ${template.voices.join(', ')})`,
    );
  return {
    ...base,
    ...(lang ? { lang } : {}),
    template,
    speed: p.speed ?? 1,
    ...(p.voice ? { voice: p.voice } : {}),
  };
}

export function editingSettings(payload: Record<string, unknown>): EditingSettings {
  const p = parseParams(EditingParams, payload.service_params);
  return {
    ...(p.lang ? { lang: p.lang } : {}),
    gapThreshold: p.gap_threshold ?? 1,
    fps: p.fps ?? 30,
    aspect: p.aspect ?? '16:9',
    originalAudioGainDb: p.original_audio_gain_db ?? -18,
    height: p.height ?? 1080,
  };
}
