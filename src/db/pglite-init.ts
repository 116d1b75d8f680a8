// First start of an embedded database, run in a child process by openDatabase(): PGlite's initdb
// leaves the WASM memory of the process that ran it grown by hundreds of MiB (it never shrinks);
// this process exits and gives it all back.
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_CONF } from './database.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: pglite-init DIR');
const db = await PGlite.create(dir, { postgresqlconf: PGLITE_CONF });
await db.close();
