// The one place that decides how this installation runs: which database, queue and notification bus,
// computed once from the configuration. The runtime, `migrate` and `user` open what it names.
import type { Config } from './config.js';
import { type Database, openDatabase, type Queryable } from './db/database.js';
import { lockDataDir } from './db/lock.js';

/** Where the data lives: PGlite in DATA_DIR (one process owns it) or a PostgreSQL server. */
export type DatabaseTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

export type QueueTarget = { kind: 'in-process' } | { kind: 'bullmq'; redisUrl: string; prefix: string };

export type BusTarget = { kind: 'in-process' } | { kind: 'redis'; redisUrl: string; channelPrefix: string };

/**
 * Where task folders and users' files live: the local folders themselves, or an S3-compatible store
 * with the local folders as each process's working copy (any number of hosts).
 */
export type StorageTarget =
  | { kind: 'local' }
  | {
      kind: 's3';
      bucket: string;
      /** Key prefix, empty or ending in `/`. */
      prefix: string;
      endpoint?: string;
      region: string;
      credentials?: { accessKeyId: string; secretAccessKey: string };
      forcePathStyle: boolean;
      downloads: 'stream' | 'redirect';
      presignSeconds: number;
    };

/** Where request limits count: this process's memory, or Redis (shared by every server). */
export type LimitsTarget = { kind: 'memory' } | { kind: 'redis'; redisUrl: string; keyPrefix: string };

/**
 * The two supported ways to run `serve` (and `worker`), SPEC §2. Any other combination of settings
 * is refused at start by deploymentOf().
 */
export type Deployment =
  | {
      mode: 'embedded';
      database: Extract<DatabaseTarget, { kind: 'pglite' }>;
      queue: Extract<QueueTarget, { kind: 'in-process' }>;
      bus: Extract<BusTarget, { kind: 'in-process' }>;
      limits: Extract<LimitsTarget, { kind: 'memory' }>;
      storage: StorageTarget;
    }
  | {
      mode: 'scaled';
      database: Extract<DatabaseTarget, { kind: 'postgres' }>;
      queue: Extract<QueueTarget, { kind: 'bullmq' }>;
      bus: Extract<BusTarget, { kind: 'redis' }>;
      limits: Extract<LimitsTarget, { kind: 'redis' }>;
      storage: StorageTarget;
    };

/** A configuration that names no supported deployment; its message is the one line to print. */
export class DeploymentError extends Error {
  override name = 'DeploymentError';
}

/** The database the settings name, for commands that need nothing else (`migrate`, `user`). */
export function databaseTarget(config: Pick<Config, 'DATABASE_URL' | 'dataRoot'>): DatabaseTarget {
  return config.DATABASE_URL
    ? { kind: 'postgres', url: config.DATABASE_URL }
    : { kind: 'pglite', dataDir: config.dataRoot };
}

type DeploymentSettings = Pick<Config, 'DATABASE_URL' | 'REDIS_URL' | 'QUEUE_PREFIX' | 'dataRoot'> &
  Partial<StorageSettings>;

type StorageSettings = Pick<
  Config,
  | 'STORAGE_URL'
  | 'S3_ENDPOINT'
  | 'S3_REGION'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
  | 'S3_FORCE_PATH_STYLE'
  | 'STORAGE_DOWNLOADS'
  | 'S3_PRESIGN_SECONDS'
>;

/** The storage the settings name (also for `user delete`, which removes stored files). */
export function storageTarget(config: Partial<StorageSettings>): StorageTarget {
  if (!config.STORAGE_URL) return { kind: 'local' };
  const url = new URL(config.STORAGE_URL);
  const path = decodeURIComponent(url.pathname).replace(/^\/+|\/+$/g, '');
  const keyId = config.S3_ACCESS_KEY_ID;
  const secret = config.S3_SECRET_ACCESS_KEY;
  if (Boolean(keyId) !== Boolean(secret)) {
    throw new DeploymentError(
      'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither (the AWS SDK then finds its own)',
    );
  }
  return {
    kind: 's3',
    bucket: url.hostname,
    prefix: path ? `${path}/` : '',
    endpoint: config.S3_ENDPOINT,
    region: config.S3_REGION ?? 'us-east-1',
    credentials: keyId && secret ? { accessKeyId: keyId, secretAccessKey: secret } : undefined,
    forcePathStyle: config.S3_FORCE_PATH_STYLE ?? false,
    downloads: config.STORAGE_DOWNLOADS ?? 'stream',
    presignSeconds: config.S3_PRESIGN_SECONDS ?? 300,
  };
}

/**
 * Embedded (no DATABASE_URL, no REDIS_URL) or scaled (both). One without the other is refused:
 * PostgreSQL with an in-process queue has no lock between servers sharing the database (each would
 * fail the others' running segments at start), and PGlite cannot be shared with worker processes.
 */
export function deploymentOf(config: DeploymentSettings): Deployment {
  const { DATABASE_URL: databaseUrl, REDIS_URL: redisUrl } = config;
  const storage = storageTarget(config);
  if (databaseUrl && redisUrl) {
    return {
      mode: 'scaled',
      database: { kind: 'postgres', url: databaseUrl },
      queue: { kind: 'bullmq', redisUrl, prefix: config.QUEUE_PREFIX },
      bus: { kind: 'redis', redisUrl, channelPrefix: config.QUEUE_PREFIX },
      limits: { kind: 'redis', redisUrl, keyPrefix: config.QUEUE_PREFIX },
      storage,
    };
  }
  if (databaseUrl) {
    throw new DeploymentError(
      'DATABASE_URL is set but REDIS_URL is not: set REDIS_URL too (scaled mode: PostgreSQL + Redis), ' +
        'or unset DATABASE_URL (embedded mode: PGlite in DATA_DIR)',
    );
  }
  if (redisUrl) {
    throw new DeploymentError(
      'REDIS_URL is set but DATABASE_URL is not: set DATABASE_URL too (scaled mode: PostgreSQL + Redis), ' +
        'or unset REDIS_URL (embedded mode: PGlite in DATA_DIR)',
    );
  }
  return {
    mode: 'embedded',
    database: { kind: 'pglite', dataDir: config.dataRoot },
    queue: { kind: 'in-process' },
    bus: { kind: 'in-process' },
    limits: { kind: 'memory' },
    storage,
  };
}

/**
 * Opens the target database; PGlite under the DATA_DIR lock (PGlite takes none itself, and a second
 * process would silently lose its writes). Closing the database releases the lock.
 */
export async function openDatabaseAt(target: DatabaseTarget): Promise<Database> {
  if (target.kind === 'postgres') return openDatabase({ databaseUrl: target.url });
  const lock = await lockDataDir(target.dataDir);
  let db: Database;
  try {
    db = await openDatabase({ dataDir: target.dataDir });
  } catch (err) {
    await lock.release();
    throw err;
  }
  return new LockedDatabase(db, () => lock.release());
}

class LockedDatabase implements Database {
  private closing: Promise<void> | undefined;
  readonly kind: Database['kind'];
  constructor(
    private readonly db: Database,
    private readonly release: () => Promise<void>,
  ) {
    this.kind = db.kind;
  }
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    return this.db.query<T>(sql, params);
  }
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
  ping(): Promise<void> {
    return this.db.ping();
  }
  close(): Promise<void> {
    this.closing ??= this.db.close().finally(() => this.release());
    return this.closing;
  }
}
