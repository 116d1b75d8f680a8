// Turns provider ids (`offline`, `openai:gpt-4o-mini`, `comfyui:http://gpu:8188`, …) into
// provider instances: server defaults from config, per-task overrides checked against what the
// server allows, API keys only from the environment, one concurrency cap per remote endpoint.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Config } from '../config.js';
import { AppError, badInput } from '../errors.js';
import { DEFAULT_POLICY, type ProviderRuntime, type RetryPolicy } from './core/call.js';
import { Semaphore } from './core/semaphore.js';
import { ComfyUIImage, DEFAULT_WORKFLOW, loadWorkflow, type Workflow } from './image/comfyui.js';
import { OfflineIllustrator } from './image/offline.js';
import { OpenAIImage } from './image/openai-image.js';
import { SdWebUIImage } from './image/sdwebui.js';
import type { ImageModel } from './image/types.js';
import { createGeminiTextModel, GEMINI_DEFAULT_BASE_URL } from './llm/gemini.js';
import { MultiAgentStoryWriter } from './llm/multi-agent-writer.js';
import { OfflineStoryWriter } from './llm/offline.js';
import { createCompatibleTextModel, createOpenAITextModel } from './llm/openai.js';
import type { TextModel } from './llm/text-model.js';
import type { StoryWriter } from './llm/types.js';
import { CosyVoiceSpeech } from './tts/cosyvoice.js';
import { EspeakSpeech } from './tts/espeak.js';
import { GeminiSpeech } from './tts/gemini-tts.js';
import { OPENAI_VOICES, OpenAISpeech } from './tts/openai-tts.js';
import type { SpeechModel } from './tts/types.js';
import type { Providers } from './types.js';

export const PROVIDER_KINDS = ['story', 'image', 'speech'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/** The config setting holding each kind's server default. */
export const DEFAULT_SETTING = {
  story: 'STORY_PROVIDER',
  image: 'IMAGE_PROVIDER',
  speech: 'SPEECH_PROVIDER',
} as const satisfies Record<ProviderKind, keyof Config>;

export type ProviderSpec =
  | { kind: ProviderKind; vendor: 'offline' }
  | { kind: 'story'; vendor: 'openai' | 'gemini'; model: string }
  | { kind: 'story'; vendor: 'openai-compatible'; baseURL: string; model: string }
  | { kind: 'image'; vendor: 'openai-image'; model: string }
  | { kind: 'image'; vendor: 'comfyui' | 'sdwebui'; baseURL: string }
  | { kind: 'speech'; vendor: 'openai-tts' | 'gemini-tts'; model: string; voice?: string }
  | { kind: 'speech'; vendor: 'cosyvoice'; baseURL: string; sampleRate?: number };

export type ProviderOverrides = Partial<Record<ProviderKind, string>>;

const VENDORS: Record<ProviderKind, string[]> = {
  story: ['offline', 'openai', 'gemini', 'openai-compatible'],
  image: ['offline', 'openai-image', 'comfyui', 'sdwebui'],
  speech: ['offline', 'openai-tts', 'gemini-tts', 'cosyvoice'],
};

const FORMS: Record<ProviderKind, string> = {
  story: 'offline, openai:<model>, gemini:<model>, openai-compatible:<base_url>#<model>',
  image: 'offline, openai-image:<model>, comfyui:<url>, sdwebui:<url>',
  speech: 'offline, openai-tts:<model>[#voice], gemini-tts:<model>[#voice], cosyvoice:<url>[#sample_rate]',
};

const MODEL_RE = /^[A-Za-z0-9][\w.:/-]{0,127}$/;
const VOICE_RE = /^[A-Za-z][\w-]{0,63}$/;

/** Parses a provider id for `kind`; a malformed id is a 400 naming `field`. */
export function parseProviderId(
  kind: ProviderKind,
  id: string,
  field: string = `options.providers.${kind}`,
): ProviderSpec {
  const fail = (why: string): never => {
    throw badInput(field, `${why} (expected one of: ${FORMS[kind]})`);
  };
  const trimmed = id.trim();
  if (trimmed === 'offline' || (kind === 'speech' && trimmed === 'espeak'))
    return { kind, vendor: 'offline' };
  const colon = trimmed.indexOf(':');
  const vendor = colon < 0 ? trimmed : trimmed.slice(0, colon);
  const rest = colon < 0 ? '' : trimmed.slice(colon + 1);
  if (!VENDORS[kind].includes(vendor)) fail(`"${vendor}" is not a ${kind} provider`);
  if (!rest)
    fail(`"${vendor}" needs ${vendor.endsWith('ui') || vendor === 'cosyvoice' ? 'a URL' : 'a model'}`);
  const model = (m: string | undefined) =>
    m && MODEL_RE.test(m) ? m : fail(`"${m ?? ''}" is not a model name`);
  const url = (u: string | undefined) => {
    try {
      const parsed = new URL(u ?? '');
      if (parsed.protocol === 'http:' || parsed.protocol === 'https:')
        return parsed.toString().replace(/\/$/, '');
    } catch {
      // reported below
    }
    return fail(`"${u ?? ''}" is not an http(s) URL`);
  };
  const [head, tail] = splitLast(rest);
  switch (vendor) {
    case 'openai':
    case 'gemini':
      return { kind: 'story', vendor, model: model(rest) };
    case 'openai-compatible':
      if (tail === undefined) fail('openai-compatible needs <base_url>#<model>');
      return { kind: 'story', vendor, baseURL: url(head), model: model(tail) };
    case 'openai-image':
      return { kind: 'image', vendor, model: model(rest) };
    case 'comfyui':
    case 'sdwebui':
      return { kind: 'image', vendor, baseURL: url(rest) };
    case 'openai-tts':
    case 'gemini-tts': {
      if (tail !== undefined && !VOICE_RE.test(tail)) fail(`"${tail}" is not a voice name`);
      return { kind: 'speech', vendor, model: model(head), ...(tail ? { voice: tail } : {}) };
    }
    case 'cosyvoice': {
      const rate = tail === undefined ? undefined : Number(tail);
      if (rate !== undefined && !(Number.isInteger(rate) && rate >= 8000 && rate <= 48000))
        fail(`"${tail}" is not a sample rate`);
      return { kind: 'speech', vendor, baseURL: url(head), ...(rate ? { sampleRate: rate } : {}) };
    }
  }
  return fail(`"${vendor}" is not a ${kind} provider`);
}

/** Splits at the last `#` (URLs here never carry fragments). */
function splitLast(s: string): [string, string | undefined] {
  const i = s.lastIndexOf('#');
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

/** Environment variables the providers read; only keys and endpoints, never logged. */
export type ProviderEnv = Partial<
  Record<
    | 'OPENAI_API_KEY'
    | 'OPENAI_BASE_URL'
    | 'GEMINI_API_KEY'
    | 'GOOGLE_API_KEY'
    | 'GOOGLE_GENERATIVE_AI_API_KEY'
    | 'GEMINI_BASE_URL'
    | 'COMPATIBLE_API_KEY'
    | 'COMPATIBLE_STRUCTURED_OUTPUTS',
    string | undefined
  >
>;

const geminiKey = (env: ProviderEnv) =>
  env.GEMINI_API_KEY || env.GOOGLE_API_KEY || env.GOOGLE_GENERATIVE_AI_API_KEY;

/** The environment variable a spec needs and lacks, if any. */
function missingKey(spec: ProviderSpec, env: ProviderEnv): string | undefined {
  if (['openai', 'openai-image', 'openai-tts'].includes(spec.vendor) && !env.OPENAI_API_KEY)
    return 'OPENAI_API_KEY';
  if (['gemini', 'gemini-tts'].includes(spec.vendor) && !geminiKey(env))
    return 'GEMINI_API_KEY (or GOOGLE_API_KEY)';
  return undefined;
}

function allowedIds(config: Config, kind: ProviderKind): { exact: Set<string>; prefixes: string[] } {
  const entries = config.ALLOWED_PROVIDERS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    exact: new Set([
      'offline',
      ...(kind === 'speech' ? ['espeak'] : []),
      config[DEFAULT_SETTING[kind]],
      ...entries,
    ]),
    prefixes: entries.filter((e) => e.endsWith('*')).map((e) => e.slice(0, -1)),
  };
}

export function isProviderAllowed(config: Config, kind: ProviderKind, id: string): boolean {
  const { exact, prefixes } = allowedIds(config, kind);
  return exact.has(id) || prefixes.some((p) => id.startsWith(p));
}

const OverridesSchema = z.record(z.string(), z.unknown());

/**
 * Checks a task's `options.providers`: known kinds only, well-formed ids, allowed on this
 * server, keys present. Throws a 400 AppError naming the field (`options.providers.image`).
 */
export function validateProviderOverrides(
  config: Config,
  input: unknown,
  env: ProviderEnv = process.env,
): ProviderOverrides {
  if (input === undefined || input === null) return {};
  const parsed = OverridesSchema.safeParse(input);
  if (!parsed.success)
    throw badInput('options.providers', 'must be an object like {"image": "comfyui:http://…"}');
  const out: ProviderOverrides = {};
  for (const [key, value] of Object.entries(parsed.data)) {
    const field = `options.providers.${key}`;
    if (!(PROVIDER_KINDS as readonly string[]).includes(key))
      throw badInput(field, `unknown provider kind (use ${PROVIDER_KINDS.join(', ')})`);
    const kind = key as ProviderKind;
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.trim() === '')
      throw badInput(field, 'must be a provider id string');
    const id = value.trim();
    const spec = parseProviderId(kind, id, field);
    if (!isProviderAllowed(config, kind, id)) {
      throw badInput(
        field,
        `"${id}" is not allowed on this server (allowed: ${describeAllowed(config, kind)})`,
      );
    }
    const missing = missingKey(spec, env);
    if (missing) throw badInput(field, `"${id}" is not available: the server has no ${missing}`);
    out[kind] = id;
  }
  return out;
}

/** Where CosyVoice's reference clips (`NAME.wav` + `NAME.txt`) live. */
const referencesDir = (config: Config) => join(config.sharedMediaRoot, 'resources', 'tts_references');

/**
 * Checks a task's `voice` against the speech provider it will use (its override, else the server's):
 * a name that provider has, so a bad voice is a 400 at create rather than a failed Speech run later.
 */
export function validateTaskVoice(
  config: Config,
  voice: string,
  overrides: ProviderOverrides = {},
  field = 'options.voice',
): void {
  const id = overrides.speech ?? config.SPEECH_PROVIDER;
  const spec = parseProviderId(
    'speech',
    id,
    overrides.speech ? 'options.providers.speech' : 'SPEECH_PROVIDER',
  );
  const fail = (why: string): never => {
    throw badInput(field, `${why} for the speech provider ${id}`);
  };
  switch (spec.vendor) {
    case 'offline':
      // eSpeak NG voice names (`cmn`, `en-us`, `en+f3`); the engine itself reports one it lacks.
      if (!/^[A-Za-z][A-Za-z0-9_-]{0,31}(\+[A-Za-z0-9_-]{1,32})?$/.test(voice))
        fail(`"${voice}" is not an eSpeak NG voice name`);
      return;
    case 'openai-tts':
      if (!(OPENAI_VOICES as readonly string[]).includes(voice))
        fail(`"${voice}" is not one of ${OPENAI_VOICES.join(', ')}`);
      return;
    case 'gemini-tts':
      if (!/^[A-Z][a-z]{1,31}$/.test(voice)) fail(`"${voice}" is not a Gemini voice name (e.g. Kore)`);
      return;
    case 'cosyvoice': {
      if (!/^[A-Za-z0-9_-]{1,100}$/.test(voice)) fail(`"${voice}" is not a reference clip name`);
      const dir = referencesDir(config);
      if (!existsSync(join(dir, `${voice}.wav`)) || !existsSync(join(dir, `${voice}.txt`)))
        fail(`reference clip "${voice}" (.wav and .txt) is not on this server`);
      return;
    }
  }
}

/**
 * What a new task asks of this server's providers, checked at create (400 naming the field):
 * `providers` allowed here, `voice` one its speech provider has. Returns the options to store.
 */
export function validateTaskOptions<T extends { providers?: Record<string, string>; voice?: string }>(
  config: Config,
  options: T,
  env: ProviderEnv = process.env,
): T {
  const providers =
    options.providers === undefined ? undefined : validateProviderOverrides(config, options.providers, env);
  if (options.voice !== undefined) validateTaskVoice(config, options.voice, providers);
  return providers === undefined ? options : { ...options, providers };
}

function describeAllowed(config: Config, kind: ProviderKind): string {
  const { exact, prefixes } = allowedIds(config, kind);
  return [...exact].concat(prefixes.map((p) => `${p}*`)).join(', ');
}

// One semaphore per remote endpoint for the whole process, so the cap holds across tasks.
const limiters = new Map<string, Semaphore>();
function limiterFor(key: string, max: number): Semaphore {
  const k = `${key}|${max}`;
  let s = limiters.get(k);
  if (!s) {
    s = new Semaphore(max);
    limiters.set(k, s);
  }
  return s;
}

const workflows = new Map<string, Workflow>();

interface BuildContext {
  config: Config;
  env: ProviderEnv;
  policy: RetryPolicy;
  secrets: string[];
}

function buildContext(config: Config, env: ProviderEnv): BuildContext {
  const secrets = [env.OPENAI_API_KEY, geminiKey(env), env.COMPATIBLE_API_KEY].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  return {
    config,
    env,
    secrets,
    policy: {
      ...DEFAULT_POLICY,
      timeoutMs: config.PROVIDER_TIMEOUT_SECONDS * 1000,
      maxRetries: config.PROVIDER_MAX_RETRIES,
    },
  };
}

function runtime(ctx: BuildContext, provider: string, endpoint: string): ProviderRuntime {
  return {
    provider,
    policy: ctx.policy,
    limiter: limiterFor(`${provider}|${endpoint}`, ctx.config.PROVIDER_CONCURRENCY),
    secrets: ctx.secrets,
  };
}

/** Parses an id; a bad server setting (not a task's override) is a configuration error, not a 400. */
function parseSetting(kind: ProviderKind, id: string, field: string): ProviderSpec {
  try {
    return parseProviderId(kind, id, field);
  } catch (err) {
    if (err instanceof AppError && !field.startsWith('options.'))
      throw new AppError('config_error', 500, err.message);
    throw err;
  }
}

function requireKey(spec: ProviderSpec, ctx: BuildContext, field: string): void {
  const missing = missingKey(spec, ctx.env);
  if (missing)
    throw new AppError('config_error', 500, `${field}: "${spec.vendor}" needs ${missing} in the environment`);
}

const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

/** The text model behind a story id, or null for `offline` (also used by the dubbing cloud). */
export function createTextModel(
  config: Config,
  id: string = config.STORY_PROVIDER,
  env: ProviderEnv = process.env,
  field = 'STORY_PROVIDER',
): TextModel | null {
  const ctx = buildContext(config, env);
  const spec = parseSetting('story', id, field);
  requireKey(spec, ctx, field);
  switch (spec.vendor) {
    case 'offline':
      return null;
    case 'openai': {
      const baseURL = env.OPENAI_BASE_URL || OPENAI_DEFAULT_BASE_URL;
      return createOpenAITextModel(runtime(ctx, 'openai', baseURL), {
        apiKey: env.OPENAI_API_KEY!,
        baseURL,
        modelId: spec.model,
      });
    }
    case 'gemini': {
      const baseURL = env.GEMINI_BASE_URL || GEMINI_DEFAULT_BASE_URL;
      return createGeminiTextModel(runtime(ctx, 'gemini', baseURL), {
        apiKey: geminiKey(env)!,
        baseURL,
        modelId: spec.model,
      });
    }
    case 'openai-compatible':
      return createCompatibleTextModel(runtime(ctx, 'openai-compatible', spec.baseURL), {
        apiKey: env.COMPATIBLE_API_KEY || undefined,
        baseURL: spec.baseURL,
        modelId: spec.model,
        structuredOutputs: ['1', 'true', 'yes', 'on'].includes(env.COMPATIBLE_STRUCTURED_OUTPUTS ?? ''),
      });
  }
  return null;
}

export function createStoryWriter(
  config: Config,
  id: string = config.STORY_PROVIDER,
  env: ProviderEnv = process.env,
  field = 'STORY_PROVIDER',
): StoryWriter {
  const model = createTextModel(config, id, env, field);
  return model ? new MultiAgentStoryWriter(model) : new OfflineStoryWriter();
}

export function createImageModel(
  config: Config,
  id: string = config.IMAGE_PROVIDER,
  env: ProviderEnv = process.env,
  field = 'IMAGE_PROVIDER',
): ImageModel {
  const ctx = buildContext(config, env);
  const spec = parseSetting('image', id, field);
  requireKey(spec, ctx, field);
  switch (spec.vendor) {
    case 'openai-image': {
      const baseURL = env.OPENAI_BASE_URL || OPENAI_DEFAULT_BASE_URL;
      return new OpenAIImage(runtime(ctx, 'openai-image', baseURL), {
        apiKey: env.OPENAI_API_KEY!,
        baseURL,
        modelId: spec.model,
      });
    }
    case 'comfyui': {
      const path = config.COMFYUI_WORKFLOW ?? DEFAULT_WORKFLOW;
      let workflow = workflows.get(path);
      if (!workflow) {
        workflow = loadWorkflow(path);
        workflows.set(path, workflow);
      }
      return new ComfyUIImage(runtime(ctx, 'comfyui', spec.baseURL), {
        baseURL: spec.baseURL,
        workflow,
        checkpoint: config.COMFYUI_CHECKPOINT,
      });
    }
    case 'sdwebui':
      return new SdWebUIImage(runtime(ctx, 'sdwebui', spec.baseURL), { baseURL: spec.baseURL });
    default:
      return new OfflineIllustrator();
  }
}

export function createSpeechModel(
  config: Config,
  id: string = config.SPEECH_PROVIDER,
  env: ProviderEnv = process.env,
  field = 'SPEECH_PROVIDER',
): SpeechModel {
  const ctx = buildContext(config, env);
  const spec = parseSetting('speech', id, field);
  requireKey(spec, ctx, field);
  switch (spec.vendor) {
    case 'openai-tts': {
      const baseURL = env.OPENAI_BASE_URL || OPENAI_DEFAULT_BASE_URL;
      return new OpenAISpeech(runtime(ctx, 'openai-tts', baseURL), {
        apiKey: env.OPENAI_API_KEY!,
        baseURL,
        modelId: spec.model,
        voice: spec.voice,
      });
    }
    case 'gemini-tts': {
      const baseURL = env.GEMINI_BASE_URL || GEMINI_DEFAULT_BASE_URL;
      return new GeminiSpeech(runtime(ctx, 'gemini-tts', baseURL), {
        apiKey: geminiKey(env)!,
        baseURL,
        modelId: spec.model,
        voice: spec.voice,
      });
    }
    case 'cosyvoice':
      return new CosyVoiceSpeech(runtime(ctx, 'cosyvoice', spec.baseURL), {
        baseURL: spec.baseURL,
        referencesDir: referencesDir(config),
        sampleRate: spec.sampleRate,
      });
    default:
      return new EspeakSpeech();
  }
}

/**
 * The providers for one task: the server defaults, replaced by the task's overrides (checked
 * again here, so stored overrides that the server no longer allows fail with a 400).
 */
export function createProviders(
  config: Config,
  overrides: ProviderOverrides = {},
  env: ProviderEnv = process.env,
): Providers {
  const ok = validateProviderOverrides(config, overrides, env);
  const id = (kind: ProviderKind) => ok[kind] ?? config[DEFAULT_SETTING[kind]];
  const field = (kind: ProviderKind) => (ok[kind] ? `options.providers.${kind}` : DEFAULT_SETTING[kind]);
  return {
    story: createStoryWriter(config, id('story'), env, field('story')),
    image: createImageModel(config, id('image'), env, field('image')),
    speech: createSpeechModel(config, id('speech'), env, field('speech')),
  };
}
