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
  FFMPEG_PATH: z.string().default('ffmpeg'),
  FFPROBE_PATH: z.string().default('ffprobe'),
  /** Font family for burned-in subtitles and text in images (CJK-capable). */
  SUBTITLE_FONT: z.string().default('Noto Sans CJK SC'),
  /** Provider ids (see providers/registry): `offline` everywhere by default. */
  STORY_PROVIDER: z.string().default('offline'),
  IMAGE_PROVIDER: z.string().default('offline'),
  SPEECH_PROVIDER: z.string().default('offline'),
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
