// Every setting, parsed once from the environment with zod; CLI flags override on top.
// Defaults give the embedded mode: no database server, no Redis, no keys.
import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== '' ? v.trim() : undefined));

export const ConfigSchema = z.object({
  /** Root of task folders; API paths start with its base name (`generated_stories/`). */
  STORAGE_DIR: z.string().default('./generated_stories'),
  /** Embedded database (PGlite), the JWT secret and the lock live here. */
  DATA_DIR: z.string().default('./data'),
  /** Reference voices (`resources/tts_references/`) and users' v1 file spaces. */
  SHARED_MEDIA_DIR: z.string().default('./shared_media'),
  /** PostgreSQL; unset = PGlite in DATA_DIR. */
  DATABASE_URL: optionalUrl,
  /** Redis for BullMQ and pub/sub; unset = in-process queue and bus. */
  REDIS_URL: optionalUrl,
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  /** Absolute base URL used in `full_url` / `download_url`; default http://HOST:PORT. */
  PUBLIC_URL: optionalUrl,
  /** HMAC secret for access tokens; generated once into DATA_DIR when unset. */
  JWT_SECRET: z.string().min(32).optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).default(900),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(30 * 24 * 3600),
  COOKIE_SECURE: bool.default(false),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .default(50 * 1024 * 1024),
  /** Embedded queue: segments run at once in one process. */
  QUEUE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** BullMQ queue name prefix (tests use a unique one). */
  QUEUE_PREFIX: z.string().default('storyagent'),
  /** BullMQ job lock lifetime; a SIGKILLed worker's job is taken over after about this + 2 stalled intervals. */
  QUEUE_LOCK_DURATION_MS: z.coerce.number().int().min(500).default(30_000),
  /** How often BullMQ workers look for jobs whose worker died. */
  QUEUE_STALLED_INTERVAL_MS: z.coerce.number().int().min(100).default(15_000),
  /** Scaled mode: how often the server fails segments whose queue job is gone (lost or stalled out). */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(50).default(30_000),
  FFMPEG_PATH: z.string().default('ffmpeg'),
  FFPROBE_PATH: z.string().default('ffprobe'),
  /** Font family for burned-in subtitles and text in images (CJK-capable). */
  SUBTITLE_FONT: z.string().default('Noto Sans CJK SC'),
  /** Provider ids (see providers/registry): `offline` everywhere by default. */
  STORY_PROVIDER: z.string().default('offline'),
  IMAGE_PROVIDER: z.string().default('offline'),
  SPEECH_PROVIDER: z.string().default('offline'),
  /** Provider ids a task may pick in `options.providers` besides `offline` and the defaults above;
   * comma-separated, an entry ending in `*` matches by prefix (`openai:*`). Empty = no others. */
  ALLOWED_PROVIDERS: z.string().default(''),
  /** Per attempt of one remote AI call (a ComfyUI job counts from submit to its image). */
  PROVIDER_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(180),
  /** Retries after a 429, a 5xx, a timeout or a network error (never after other 4xx). */
  PROVIDER_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  /** Calls in flight at once per remote provider endpoint, across all tasks of this process. */
  PROVIDER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** ComfyUI API-format workflow with {{prompt}} {{negative_prompt}} {{seed}} {{width}} {{height}}
   * {{checkpoint}} placeholders; unset = the bundled assets/comfyui/txt2img.json. */
  COMFYUI_WORKFLOW: optionalUrl,
  COMFYUI_CHECKPOINT: z.string().default('sd_xl_base_1.0.safetensors'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema> & {
  /** Absolute forms of the folder settings. */
  storageRoot: string;
  dataRoot: string;
  sharedMediaRoot: string;
};

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Partial<z.input<typeof ConfigSchema>> = {},
): Config {
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    if (env[key] !== undefined) picked[key] = env[key];
  }
  const parsed = ConfigSchema.safeParse({ ...picked, ...overrides });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`Invalid setting ${issue.path.join('.')}: ${issue.message}`);
  }
  const c = parsed.data;
  return {
    ...c,
    storageRoot: resolve(c.STORAGE_DIR),
    dataRoot: resolve(c.DATA_DIR),
    sharedMediaRoot: resolve(c.SHARED_MEDIA_DIR),
  };
}
