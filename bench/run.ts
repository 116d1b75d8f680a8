// `npm run bench`: runs every benchmark module in bench/ and prints its table. Never part of npm test.
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type BenchRow, printTable } from './table.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv[2];
const files = (await readdir(here))
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();
for (const file of files) {
  const mod = (await import(`./${file}`)) as { title: string; default: () => Promise<BenchRow[]> };
  printTable(mod.title, await mod.default());
}
