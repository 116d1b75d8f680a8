#!/usr/bin/env node
// Entry point of the `storyagent` command: runs the compiled CLI (npm run build writes dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
if (!existsSync(main)) {
  console.error('storyagent: not built yet. Run `npm run setup` (or `npm run build`) first.');
  process.exit(1);
}
await import(main);
