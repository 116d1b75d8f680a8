// Test databases: a fresh in-memory PGlite, or a fresh schema in the real PostgreSQL
// (127.0.0.1:5432, database `test`), dropped at the end. Each test file gets its own.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';

export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  db: Database;
  /** Connection string of this database (with its own search_path) for child processes. */
  url?: string;
  drop(): Promise<void>;
}

export async function createPgliteTestDb(): Promise<TestDatabase> {
  const db = await openDatabase({});
  await migrate(db);
  return { db, drop: () => db.close() };
}

export async function createPostgresTestDb(): Promise<TestDatabase> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = `${TEST_PG_URL}${TEST_PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  const db = await openDatabase({ databaseUrl: url });
  await migrate(db);
  return {
    db,
    url,
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: TEST_PG_URL });
      await c.connect();
      await c.query(`DROP SCHEMA ${schema} CASCADE`);
      await c.end();
    },
  };
}

/** Both kinds, for `describe.each`. */
export const DB_KINDS = [
  ['pglite', createPgliteTestDb],
  ['postgres', createPostgresTestDb],
] as const;
