// End-to-end `generate` time per segment (offline providers, 6-page zh and en stories, 16:9).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { runSegment } from '../src/pipeline/run.js';
import { RenderOptionsSchema, StoryRequestSchema } from '../src/pipeline/script.js';
import { WORKFLOW } from '../src/pipeline/workflow.js';
import { createProviders } from '../src/providers/registry.js';
import { TaskFolder } from '../src/storage/task-folder.js';
import type { BenchRow } from './table.js';

export const title = 'generate, per segment (offline providers, 6 pages, 1280x720)';

export default async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const [language, topic] of [
    ['zh', '一只想学飞的小企鹅'],
    ['en', 'A shy little fox who wants to sing'],
  ] as const) {
    const taskDir = await mkdtemp(join(tmpdir(), 'sa-bench-gen-'));
    const providers = createProviders(loadConfig({})); // {} = no env: the offline defaults
    const request = StoryRequestSchema.parse({ topic, language, pages: 6 });
    const render = RenderOptionsSchema.parse({});
    let total = 0;
    for (const seg of WORKFLOW) {
      const t0 = performance.now();
      await runSegment(seg.segment_id, {
        folder: new TaskFolder(taskDir),
        request,
        render,
        providers,
        signal: new AbortController().signal,
        progress: () => {},
      });
      const seconds = (performance.now() - t0) / 1000;
      total += seconds;
      rows.push({ name: `${language} ${seg.name}`, value: seconds, unit: 's' });
    }
    rows.push({ name: `${language} total`, value: total, unit: 's' });
    await rm(taskDir, { recursive: true, force: true });
  }
  return rows;
}
