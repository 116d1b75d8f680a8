// The PostgreSQL side of the one query interface survives its server dropping connections (a
// restart or failover): the process keeps running and the next query opens a new connection.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { createPostgresTestDb, TEST_PG_URL, type TestDatabase } from '../helpers/db.js';

describe('PostgreSQL database', () => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createPostgresTestDb();
  });
  afterAll(async () => {
    await tdb?.drop();
  });

  it('keeps working after the server terminates its idle connections', async () => {
    const db = await openDatabase({ databaseUrl: tdb.url });
    try {
      const [me] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      const admin = new pg.Client({ connectionString: TEST_PG_URL });
      await admin.connect();
      await admin.query('SELECT pg_terminate_backend($1)', [me!.pid]);
      await admin.end();
      // The pool hears of it as an 'error' on an idle client; unheard, that event ends the process.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const [again] = await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      expect(again!.pid).not.toBe(me!.pid);
    } finally {
      await db.close();
      await db.close();
    }
  });

  it("fails to open with the server's reason and leaves no pool behind", async () => {
    const url = 'postgres://postgres@127.0.0.1:5432/no_such_database_here';
    await expect(openDatabase({ databaseUrl: url })).rejects.toThrow(/no_such_database_here/);
  });
});
