// Every setting, parsed once from the environment with zod; CLI flags override on top.
// Defaults give the embedded mode: no database server, no Redis, no keys.
import { availableParallelism } from 'node:os';
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
  /**
   * `s3://bucket/prefix`: task folders and users' v1 files live in this S3-compatible store (AWS S3,
   * MinIO, R2, GCS interoperability); STORAGE_DIR is then each process's local working copy. Unset =
   * STORAGE_DIR and SHARED_MEDIA_DIR are the files themselves.
   */
  STORAGE_URL: optionalUrl.refine(
    (v) => v === undefined || /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/.*)?$/.test(v),
    'must be s3://bucket or s3://bucket/prefix',
  ),
  /** The store's endpoint (MinIO, R2, GCS: `https://storage.googleapis.com`); unset = AWS. */
  S3_ENDPOINT: optionalUrl,
  S3_REGION: z.string().default('us-east-1'),
  /** Keys of the store; unset = the AWS SDK's own chain (instance roles, ~/.aws). */
  S3_ACCESS_KEY_ID: optionalUrl,
  S3_SECRET_ACCESS_KEY: optionalUrl,
  /** `bucket` in the path instead of the host name (MinIO and most self-hosted stores need it). */
  S3_FORCE_PATH_STYLE: bool.default(false),
  /** How file routes send a stored file: `stream` it through this server, or `redirect` to a presigned URL. */
  STORAGE_DOWNLOADS: z.enum(['stream', 'redirect']).default('stream'),
  /** Lifetime of a presigned download URL. */
  S3_PRESIGN_SECONDS: z.coerce.number().int().min(10).max(604_800).default(300),
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
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (Fastify's trustProxy): empty
   * or `false` = none (the socket's address), `true` = any, a hop count (`1` behind the shipped
   * Nginx), or a comma-separated list of addresses / CIDRs (`127.0.0.1,10.0.0.0/8`).
   */
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((v): boolean | number | string[] => {
      const t = v.trim();
      if (t === '' || t === 'false') return false;
      if (t === 'true') return true;
      if (/^\d+$/.test(t)) return Number(t);
      return t
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
    }),
  /** Failed logins per minute for one account from one address. */
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Failed logins per minute for one account from all addresses together (spread-out guessing). */
  LOGIN_ACCOUNT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(50),
  /** Failed logins per minute from one address for all accounts together (a NAT shares this one). */
  LOGIN_ADDRESS_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(50),
  /** Registrations per minute from one address. */
  REGISTER_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** v1 uploads per minute from one address. */
  UPLOAD_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
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
  /** Video chunks (one per page) one render encodes at once; default: this machine's cores. */
  VIDEO_CHUNK_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  /**
   * Keep a finished video's chunks (video/chunks/), so a page edit re-renders only the chunks that
   * show it; false drops them once the film is joined (half the storage, a whole re-render after an edit).
   */
  VIDEO_KEEP_CHUNKS: bool.default(true),
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
  /** Bytes one user may store (task folders + v1 files); unset = no limit. Checked before work is accepted. */
  USER_QUOTA_BYTES: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(1).optional(),
  ),
  /** Tasks (storybook and v1) one user may have queued or running at once; unset = no limit. */
  USER_MAX_RUNNING: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(1).optional(),
  ),
  /** Remove the files of storybook tasks untouched this many days (the row stays); unset = keep for ever. */
  TASK_RETENTION_DAYS: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(1).optional(),
  ),
  /** How long before that removal the owner gets a task_expiring notification. */
  RETENTION_NOTICE_HOURS: z.coerce.number().int().min(1).default(24),
  /** Serve GET /metrics on this separate port (serve and worker; give each process its own). Unset = no listener. */
  METRICS_PORT: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(0).max(65535).optional(),
  ),
  /** Address of the METRICS_PORT listener (default loopback: expose it deliberately). */
  METRICS_HOST: z.string().default('127.0.0.1'),
  /** Serve GET /metrics on the API port to `Authorization: Bearer <this>`. Unset = not there. */
  METRICS_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16).optional()),
  /** Edge read-aloud WebSocket endpoint for `edge-tts` voices (tests point it at a local fake). */
  EDGE_TTS_URL: z
    .string()
    .default('wss://speech.platform.bing.com/consumer/speech/synthesize/readaloud/edge/v1')
    .refine((v) => /^wss?:\/\//.test(v), 'must be a ws:// or wss:// URL'),
  /** Where `local-neural:<name>` model folders live: a task may name only a folder inside it. */
  TTS_MODELS_DIR: z.string().default('./models'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof ConfigSchema> & {
  /** Absolute forms of the folder settings. */
  storageRoot: string;
  dataRoot: string;
  sharedMediaRoot: string;
  ttsModelsRoot: string;
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
    ttsModelsRoot: resolve(c.TTS_MODELS_DIR),
  };
}
