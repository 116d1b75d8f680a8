// The `storyagent` command: one sub-command per file in this folder.
import { Command } from 'commander';
import { registerGenerate } from './generate.js';

const program = new Command()
  .name('storyagent')
  .description('Turn a story idea into a narrated, illustrated storybook video, and serve it over HTTP.')
  .showHelpAfterError('(run with --help for usage)');

registerGenerate(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  console.error(`storyagent: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
