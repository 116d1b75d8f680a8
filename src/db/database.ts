// One small query interface over PGlite (embedded mode) and PostgreSQL (scaled mode). The SQL is
// the same for both: PGlite is PostgreSQL compiled to WASM.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { Pool } from 'pg';

export interface Queryable {
  /** Runs one parameterised statement ($1, $2, …) and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in a transaction; rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  /** Idempotent. */
  close(): Promise<void>;
}

class PostgresDatabase implements Database {
  readonly kind = 'postgres' as const;
  private closed = false;
  constructor(private readonly pool: Pool) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }

  async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await fn({
        query: async <R>(sql: string, params: unknown[] = []) =>
          (await client.query(sql, params)).rows as R[],
      });
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

type PGliteLike = {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  transaction<T>(
    fn: (tx: { query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> }) => Promise<T>,
  ): Promise<T>;
  close(): Promise<void>;
};

class PGliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private closed = false;
  // PGlite runs one statement at a time; its own queue serialises callers.
  constructor(private readonly db: PGliteLike) {}

  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.db.query<T>(sql, params)).rows;
  }

  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction((tx) =>
      fn({ query: async <R>(sql: string, params: unknown[] = []) => (await tx.query<R>(sql, params)).rows }),
    );
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.db.close();
  }
}

/**
 * Opens PostgreSQL when `databaseUrl` is set, else PGlite stored in `dataDir/pgdata`
 * (`dataDir` undefined = in memory, for tests). The caller holds the DATA_DIR lock (see lock.ts).
 */
export async function openDatabase(opts: { databaseUrl?: string; dataDir?: string }): Promise<Database> {
  if (opts.databaseUrl) {
    // Loaded here: the embedded server never needs the driver.
    const { default: pg } = await import('pg');
    // int8 (count(*), bigint ids) as numbers: our ids and counts stay far below 2^53.
    pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    // An idle connection dropped by the server (restart, failover) is emitted as 'error' on the pool,
    // which would end the process unheard. The pool discards that client; the next query reconnects.
    pool.on('error', (err) => console.error(`database: idle connection lost: ${err.message}`));
    const db = new PostgresDatabase(pool);
    try {
      await db.ping();
    } catch (err) {
      await db.close();
      throw err;
    }
    return db;
  }
  keepWasmTieringLow();
  const { PGlite } = await import('@electric-sql/pglite');
  let dir: string | undefined;
  if (opts.dataDir) {
    dir = join(opts.dataDir, 'pgdata');
    await mkdir(dir, { recursive: true });
    if (!existsSync(join(dir, 'PG_VERSION'))) await initPgliteInChild(dir);
  }
  const lite = dir
    ? await PGlite.create(dir, { postgresqlconf: PGLITE_CONF })
    : await PGlite.create({ postgresqlconf: PGLITE_CONF });
  return pgliteDatabase(lite);
}

/** Our Database over an open PGlite (also used by the first-start child, pglite-init). */
export function pgliteDatabase(lite: unknown): Database {
  return new PGliteDatabase(lite as PGliteLike);
}

/**
 * V8 compiles every WASM function quickly first, then again optimised once it has run a while
 * (`--wasm-tiering-budget`, about bytes executed). PostgreSQL runs thousands of functions a little
 * each (planner, catalog, DDL): at V8's default their optimised copies keep ~100 MiB resident in an
 * idle embedded server. A higher budget keeps that to the functions that really are hot (queries in
 * a loop, eSpeak's synthesis). Process-wide; set before PGlite compiles its module.
 */
function keepWasmTieringLow(): void {
  setFlagsFromString(`--wasm-tiering-budget=${WASM_TIERING_BUDGET}`);
}

/** ~11× V8's default (1.8 M): measured idle RSS −30…−60 MiB; hot loops still tier up within seconds. */
const WASM_TIERING_BUDGET = 20_000_000;

/**
 * PGlite's settings. Its default 128 MB of shared buffers stay resident once touched; an embedded
 * server's database is small and the OS caches its files anyway. Written into postgresql.conf.
 */
export const PGLITE_CONF = ['shared_buffers = 16MB'];

/**
 * Creates the PGlite cluster in `dir` and applies the migrations, in a child process that then
 * exits: initdb and the first DDL grow the WASM memory of the process that runs them by some
 * 600 MiB, which it never gives back.
 */
async function initPgliteInChild(dir: string): Promise<void> {
  const self = fileURLToPath(import.meta.url);
  // From the sources (tests, `tsx`), the child runs the TypeScript file through tsx as well.
  const fromSource = self.endsWith('.ts');
  const child = fork(join(dirname(self), `pglite-init.${fromSource ? 'ts' : 'js'}`), [dir], {
    cwd: join(dirname(self), '..', '..'),
    execArgv: fromSource ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c, signal) => resolve(signal ? -1 : c));
  });
  if (code !== 0) {
    throw new Error(
      `could not create the embedded database in ${dir}: ${stderr.trim().split('\n').at(-1) ?? `exit ${code}`}`,
    );
  }
}
