// First start of an embedded database, run in a child process by openDatabase(): PGlite's initdb
// and the migrations' DDL leave the WASM memory of the process that ran them grown by hundreds of
// MiB (it never shrinks); this process exits and gives it all back.
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_CONF, pgliteDatabase } from './database.js';
import { migrate } from './migrate.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: pglite-init DIR');
const db = await PGlite.create(dir, { postgresqlconf: PGLITE_CONF });
await migrate(pgliteDatabase(db));
await db.close();
