// `npm run bench`: runs every benchmark module in bench/ and prints its table. Never part of npm test.
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { type BenchRow, printTable } from './table.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv[2];
const all = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
// `npm run bench video` runs video.bench.ts only; a part of a name runs every file that has it.
const files = all.includes(`${only}.bench.ts`)
  ? [`${only}.bench.ts`]
  : all.filter((f) => !only || f.includes(only));
for (const file of files) {
  const mod = (await import(`./${file}`)) as { title: string; default: () => Promise<BenchRow[]> };
  printTable(mod.title, await mod.default());
}
