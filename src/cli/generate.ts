// PLACEHOLDER: `storyagent generate` is being written.
import type { Command } from 'commander';

export function registerGenerate(program: Command): void {
  program.command('generate').description('Make a storybook video from a topic');
}
