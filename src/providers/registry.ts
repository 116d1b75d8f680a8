// Turns provider ids (`offline`, `openai:gpt-4o-mini`, `comfyui:http://gpu:8188`, …) into
// provider instances: server defaults from config, per-task overrides checked against what the
// server allows, API keys only from the environment, one concurrency cap per remote endpoint.
import { existsSync, readdirSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import type { Config } from '../config.js';
import { AppError, badInput } from '../errors.js';
import {
  DEFAULT_POLICY,
  type ProviderObserver,
  type ProviderRuntime,
  type RetryPolicy,
} from './core/call.js';
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
import { CosyVoiceSpeech, DEFAULT_REFERENCE } from './tts/cosyvoice.js';
import { EDGE_PITCH_RE, EDGE_VOICE_RE, EDGE_VOICES, EdgeSpeech } from './tts/edge-tts.js';
import { EspeakSpeech } from './tts/espeak.js';
import { GeminiSpeech } from './tts/gemini-tts.js';
import { LocalNeuralSpeech } from './tts/local-neural.js';
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
  | { kind: 'speech'; vendor: 'cosyvoice'; baseURL: string; sampleRate?: number }
  | { kind: 'speech'; vendor: 'edge-tts'; voice?: string; pitch?: string }
  | { kind: 'speech'; vendor: 'local-neural'; modelDir: string; speaker?: number };

export type ProviderOverrides = Partial<Record<ProviderKind, string>>;

const VENDORS: Record<ProviderKind, string[]> = {
  story: ['offline', 'openai', 'gemini', 'openai-compatible'],
  image: ['offline', 'openai-image', 'comfyui', 'sdwebui'],
  speech: ['offline', 'openai-tts', 'gemini-tts', 'cosyvoice', 'edge-tts', 'local-neural'],
};

const FORMS: Record<ProviderKind, string> = {
  story: 'offline, openai:<model>, gemini:<model>, openai-compatible:<base_url>#<model>',
  image: 'offline, openai-image:<model>, comfyui:<url>, sdwebui:<url>',
  speech:
    'offline, openai-tts:<model>[#voice], gemini-tts:<model>[#voice], cosyvoice:<url>[#sample_rate], edge-tts[:<voice>][#pitch], local-neural:<model folder>[#speaker]',
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
  // Edge picks a voice per story language when none is named.
  if (kind === 'speech' && trimmed === 'edge-tts') return { kind, vendor: 'edge-tts' };
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
    case 'edge-tts': {
      if (head && !EDGE_VOICE_RE.test(head))
        fail(`"${head}" is not an Edge voice name (e.g. zh-CN-XiaoxiaoNeural)`);
      if (tail !== undefined && !EDGE_PITCH_RE.test(tail))
        fail(`"${tail}" is not a pitch such as +5Hz or -10Hz`);
      return { kind: 'speech', vendor, ...(head ? { voice: head } : {}), ...(tail ? { pitch: tail } : {}) };
    }
    case 'local-neural': {
      const speaker = tail === undefined ? undefined : Number(tail);
      if (speaker !== undefined && !(Number.isInteger(speaker) && speaker >= 0 && speaker < 10000))
        fail(`"${tail}" is not a speaker number`);
      if (!head.trim()) fail('local-neural needs the model folder');
      return { kind: 'speech', vendor, modelDir: head, ...(speaker !== undefined ? { speaker } : {}) };
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
    | 'COMPATIBLE_STRUCTURED_OUTPUTS'
    | 'SDWEBUI_AUTH',
    string | undefined
  >
>;

const geminiKey = (env: ProviderEnv) =>
  env.GEMINI_API_KEY || env.GOOGLE_API_KEY || env.GOOGLE_GENERATIVE_AI_API_KEY;

/** The environment variable a spec needs and lacks, if any. */
export function missingKey(spec: ProviderSpec, env: ProviderEnv): string | undefined {
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
    if (spec.vendor === 'local-neural' && !allowedIds(config, kind).exact.has(id))
      // A prefix such as `local-neural:*` lets a task choose a model, never a folder elsewhere.
      modelFolder(config, spec.modelDir, field);
    const missing = missingKey(spec, env);
    if (missing) throw badInput(field, `"${id}" is not available: the server has no ${missing}`);
    out[kind] = id;
  }
  return out;
}

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
    case 'edge-tts':
      if (!EDGE_VOICE_RE.test(voice))
        fail(`"${voice}" is not an Edge voice name (e.g. zh-CN-XiaoxiaoNeural)`);
      return;
    case 'local-neural':
      if (!/^\d{1,4}$/.test(voice)) fail(`"${voice}" is not a speaker number of the model`);
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
  observer?: ProviderObserver;
}

function buildContext(config: Config, env: ProviderEnv, observer?: ProviderObserver): BuildContext {
  const secrets = [env.OPENAI_API_KEY, geminiKey(env), env.COMPATIBLE_API_KEY, env.SDWEBUI_AUTH].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
  return {
    config,
    env,
    secrets,
    observer,
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
    observer: ctx.observer,
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
  observer?: ProviderObserver,
): TextModel | null {
  const ctx = buildContext(config, env, observer);
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
  observer?: ProviderObserver,
): StoryWriter {
  const model = createTextModel(config, id, env, field, observer);
  return model ? new MultiAgentStoryWriter(model) : new OfflineStoryWriter();
}

export function createImageModel(
  config: Config,
  id: string = config.IMAGE_PROVIDER,
  env: ProviderEnv = process.env,
  field = 'IMAGE_PROVIDER',
  observer?: ProviderObserver,
): ImageModel {
  const ctx = buildContext(config, env, observer);
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
      return new SdWebUIImage(runtime(ctx, 'sdwebui', spec.baseURL), {
        baseURL: spec.baseURL,
        auth: env.SDWEBUI_AUTH || undefined,
      });
    default:
      return new OfflineIllustrator();
  }
}

export function createSpeechModel(
  config: Config,
  id: string = config.SPEECH_PROVIDER,
  env: ProviderEnv = process.env,
  field = 'SPEECH_PROVIDER',
  observer?: ProviderObserver,
): SpeechModel {
  const ctx = buildContext(config, env, observer);
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
    case 'edge-tts':
      return new EdgeSpeech(runtime(ctx, 'edge-tts', config.EDGE_TTS_URL), {
        url: config.EDGE_TTS_URL,
        voice: spec.voice,
        pitch: spec.pitch,
        ffmpegPath: config.FFMPEG_PATH,
      });
    case 'local-neural':
      return new LocalNeuralSpeech({
        modelDir: isAbsolute(spec.modelDir) ? spec.modelDir : modelFolder(config, spec.modelDir, field),
        speaker: spec.speaker,
      });
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
  observer?: ProviderObserver,
): Providers {
  const ok = validateProviderOverrides(config, overrides, env);
  const id = (kind: ProviderKind) => ok[kind] ?? config[DEFAULT_SETTING[kind]];
  const field = (kind: ProviderKind) => (ok[kind] ? `options.providers.${kind}` : DEFAULT_SETTING[kind]);
  return {
    story: createStoryWriter(config, id('story'), env, field('story'), observer),
    image: createImageModel(config, id('image'), env, field('image'), observer),
    speech: createSpeechModel(config, id('speech'), env, field('speech'), observer),
  };
}

// --- speech templates (the dubbing cloud's voices) ---------------------------------------------

/** A named voice setup a dubbing task picks with `template_name`: an engine, its default voice, the others it offers. */
export interface SpeechTemplate {
  name: string;
  /** The speech provider id behind it (as SPEECH_PROVIDER takes it). */
  provider: string;
  engine: string;
  /** The language it is made for; `multi` speaks whatever it is given. */
  language: 'zh' | 'en' | 'multi';
  /** Used when the task names no voice. */
  voice?: string;
  /** What `service_params.voice` may name instead (reference clips for cloning). */
  voices: string[];
  description: string;
  /** Pace at speed 1 in Chinese characters or English words a second, to size narration lines. */
  unitsPerSecond: { zh: number; en: number };
  /** Older names that mean this template (the original cloud's template names). */
  aliases: string[];
}

/** Where CosyVoice's reference clips (`NAME.wav` + `NAME.txt`) live. */
/**
 * A `local-neural:<name>` folder inside TTS_MODELS_DIR (`kokoro-multi-lang-v1_0`, `en/amy`): no
 * absolute path, no `..`. Operators may still configure an absolute folder in SPEECH_PROVIDER.
 */
function modelFolder(config: Pick<Config, 'ttsModelsRoot'>, name: string, field: string): string {
  if (isAbsolute(name) || name.includes('\\') || name.split('/').includes('..'))
    throw badInput(
      field,
      `"${name}" must name a model folder inside TTS_MODELS_DIR (${config.ttsModelsRoot})`,
    );
  return join(config.ttsModelsRoot, name);
}

export const referencesDir = (config: Pick<Config, 'sharedMediaRoot'>) =>
  join(config.sharedMediaRoot, 'resources', 'tts_references');

/** Reference clips with their transcript beside them (`name.wav` + `name.txt`), by name. */
export function referenceVoices(config: Pick<Config, 'sharedMediaRoot'>): string[] {
  let names: string[];
  try {
    names = readdirSync(referencesDir(config));
  } catch {
    return [];
  }
  const set = new Set(names);
  return names
    .filter((n) => n.endsWith('.wav') && set.has(`${n.slice(0, -4)}.txt`))
    .map((n) => n.slice(0, -4))
    .filter((n) => /^[A-Za-z0-9_-]{1,100}$/.test(n))
    .sort();
}

const NATURAL_PACE = { zh: 4.2, en: 2.6 };
/** eSpeak NG at rate 1, measured on narration lines (pauses counted apart, see dubbing/speech-rate). */
const ESPEAK_PACE = { zh: 3.8, en: 2.5 };

/**
 * The speech templates this server offers: eSpeak NG zh and en always; zero-shot cloning from
 * each reference clip when a CosyVoice server is configured; OpenAI and Gemini voices when
 * configured with their key. "Configured" means SPEECH_PROVIDER or an exact ALLOWED_PROVIDERS entry.
 */
export function listSpeechTemplates(config: Config, env: ProviderEnv = process.env): SpeechTemplate[] {
  const templates: SpeechTemplate[] = [
    {
      name: 'espeak_zh',
      provider: 'offline',
      engine: 'espeak-ng',
      language: 'zh',
      voice: 'cmn',
      voices: ['cmn'],
      description: 'eSpeak NG Mandarin (offline)',
      unitsPerSecond: ESPEAK_PACE,
      aliases: [],
    },
    {
      name: 'espeak_en',
      provider: 'offline',
      engine: 'espeak-ng',
      language: 'en',
      voice: 'en-us',
      voices: ['en-us', 'en-gb'],
      description: 'eSpeak NG English (offline)',
      unitsPerSecond: ESPEAK_PACE,
      aliases: [],
    },
  ];
  const configured = new Set(
    [config.SPEECH_PROVIDER, ...config.ALLOWED_PROVIDERS.split(',')].map((s) => s.trim()).filter(Boolean),
  );
  const slug = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-');
  for (const id of configured) {
    let spec: ProviderSpec;
    try {
      spec = parseProviderId('speech', id, 'SPEECH_PROVIDER');
    } catch {
      continue;
    }
    if (spec.vendor === 'offline' || missingKey(spec, env)) continue;
    if (spec.vendor === 'cosyvoice') {
      const refs = referenceVoices(config);
      for (const ref of refs) {
        templates.push({
          name: `cosyvoice_${ref}`,
          provider: id,
          engine: 'cosyvoice',
          language: 'multi',
          voice: ref,
          voices: refs,
          description: `CosyVoice zero-shot clone of the reference clip "${ref}"`,
          unitsPerSecond: NATURAL_PACE,
          aliases: ref === DEFAULT_REFERENCE ? ['chinese_paieas_replication'] : [],
        });
      }
    } else if (spec.vendor === 'edge-tts') {
      for (const language of ['zh', 'en'] as const) {
        const voices = EDGE_VOICES[language];
        const own = spec.voice?.startsWith(`${language}-`) ? spec.voice : undefined;
        templates.push({
          name: `edge_${language}${spec.voice || spec.pitch ? `_${slug(`${spec.voice ?? ''}${spec.pitch ?? ''}`)}` : ''}`,
          provider: id,
          engine: 'edge-tts',
          language,
          voice: own ?? voices[0],
          voices: own && !voices.includes(own) ? [own, ...voices] : voices,
          description: `Microsoft Edge neural voices (${language === 'zh' ? 'Mandarin' : 'English'}, needs the internet, no key)`,
          unitsPerSecond: NATURAL_PACE,
          aliases: [],
        });
      }
    } else if (spec.vendor === 'local-neural') {
      templates.push({
        name: `local_${slug(basename(spec.modelDir))}`,
        provider: id,
        engine: 'sherpa-onnx',
        language: 'multi',
        voice: String(spec.speaker ?? 0),
        voices: [String(spec.speaker ?? 0)],
        description: `Local neural voice from the model folder ${basename(spec.modelDir)} (offline)`,
        unitsPerSecond: NATURAL_PACE,
        aliases: [],
      });
    } else if (spec.vendor === 'openai-tts' || spec.vendor === 'gemini-tts') {
      const openai = spec.vendor === 'openai-tts';
      templates.push({
        name: `${openai ? 'openai' : 'gemini'}_${slug(spec.model)}`,
        provider: id,
        engine: spec.vendor,
        language: 'multi',
        voice: spec.voice ?? (openai ? 'alloy' : 'Kore'),
        voices: openai
          ? [...OPENAI_VOICES]
          : ['Kore', 'Puck', 'Charon', 'Fenrir', 'Aoede', 'Leda', 'Despina'],
        description: `${openai ? 'OpenAI' : 'Gemini'} speech, ${spec.model}`,
        unitsPerSecond: NATURAL_PACE,
        aliases: openai ? [] : ['chinese_gemini_emotional'],
      });
    }
  }
  return templates;
}

/** The template called `name` (or one of its aliases), or undefined. */
export function findSpeechTemplate(
  config: Config,
  name: string,
  env: ProviderEnv = process.env,
): SpeechTemplate | undefined {
  const all = listSpeechTemplates(config, env);
  return all.find((t) => t.name === name) ?? all.find((t) => t.aliases.includes(name));
}
