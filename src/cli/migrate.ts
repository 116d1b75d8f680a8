// `storyagent migrate`: applies the numbered SQL files in migrations/ that the database lacks
// (the embedded server does this by itself on start).
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { migrate } from '../db/migrate.js';
import { databaseTarget, openDatabaseAt } from '../deployment.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Create or update the database tables (DATABASE_URL, else PGlite in DATA_DIR)')
    .action(async () => {
      const db = await openDatabaseAt(databaseTarget(loadConfig()));
      try {
        const applied = await migrate(db);
        console.log(applied.length ? `Applied ${applied.join(', ')}` : 'The database is up to date');
      } finally {
        await db.close();
      }
    });
}
