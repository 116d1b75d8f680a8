// The `storyagent` command: one sub-command per file in this folder.
import { Command } from 'commander';
import { registerGenerate } from './generate.js';
import { registerMigrate } from './migrate.js';
import { registerServe } from './serve.js';
import { registerUser } from './user.js';
import { registerWorker } from './worker.js';

const program = new Command()
  .name('storyagent')
  .description('Turn a story idea into a narrated, illustrated storybook video, and serve it over HTTP.')
  .showHelpAfterError('(run with --help for usage)');

registerGenerate(program);
registerServe(program);
registerWorker(program);
registerMigrate(program);
registerUser(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(`storyagent: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
