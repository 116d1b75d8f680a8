// The `storyagent` command: one sub-command per file in this folder. Any error a command throws
// ends here as one line `storyagent: <reason>` and exit code 1 (no stack trace for users).
import { createRequire } from 'node:module';
import { Command } from 'commander';
import { registerBackup } from './backup.js';
import { registerDoctor } from './doctor.js';
import { registerEdge } from './edge.js';
import { registerGenerate } from './generate.js';
import { registerMigrate } from './migrate.js';
import { registerServe } from './serve.js';
import { registerUser } from './user.js';
import { registerWorker } from './worker.js';

const { version: VERSION } = createRequire(import.meta.url)('../../package.json') as { version: string };

const program = new Command()
  .name('storyagent')
  .description('Turn a story idea into a narrated, illustrated storybook video, and serve it over HTTP.')
  .version(VERSION, '-V, --version', 'print the version')
  .showHelpAfterError('(run with --help for usage)')
  // Settings live in the environment (one list, src/config.ts); these decide what `serve` becomes.
  .addHelpText(
    'after',
    `
Environment (the main settings; flags override PORT and HOST):
  DATA_DIR       PGlite database, lock and JWT secret of the embedded server (default ./data)
  STORAGE_DIR    task folders (default ./generated_stories)
  DATABASE_URL   PostgreSQL instead of PGlite (scaled mode, with REDIS_URL)
  REDIS_URL      BullMQ queue and notifications; then \`storyagent worker\` runs the segments
  JWT_SECRET     access-token secret, 32+ characters (default: generated once into DATA_DIR)
  TRUST_PROXY    proxies whose X-Forwarded-For is believed: 1 behind the shipped nginx, or addresses
  LOG_LEVEL      fatal|error|warn|info|debug|trace|silent

Examples:
  storyagent generate --topic "小企鹅学飞" --lang zh --pages 4 --out ./story
  storyagent serve --port 8000
  storyagent doctor --server http://127.0.0.1:8000
  echo "$PASSWORD" | storyagent user create --username admin --admin --password-stdin
  storyagent user list; storyagent user disable alice; storyagent user delete alice --yes
  storyagent edge render editing_script.json --media ~/videos --out cut.mp4 --server https://cloud --token T`,
  );

registerGenerate(program);
registerServe(program);
registerWorker(program);
registerMigrate(program);
registerUser(program);
registerEdge(program);
registerDoctor(program);
registerBackup(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(`storyagent: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
