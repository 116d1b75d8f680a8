// What fixing one page costs: the Video segment run again after page 2 was redrawn, against the
// first full render of the same story. Re-rendering only the changed page's part should cost
// clearly less than the whole (target ≤ 0.5 once the renderer reuses unchanged pages).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPageEdit } from '../src/pipeline/page.js';
import { RenderOptionsSchema, StoryRequestSchema } from '../src/pipeline/script.js';
import type { Providers, SegmentContext } from '../src/pipeline/segment.js';
import { runVideo } from '../src/pipeline/video.js';
import { OfflineIllustrator } from '../src/providers/image/offline.js';
import { TaskFolder } from '../src/storage/task-folder.js';
import { makeVideoTask } from '../test/helpers/video-task.js';
import type { BenchRow } from './table.js';

export const title = 'Re-render after one page changed';

const PAGES = 6;

export default async function bench(): Promise<BenchRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'sa-bench-page-edit-'));
  try {
    const taskDir = join(dir, 'task');
    await makeVideoTask(taskDir, {
      language: 'en',
      aspect: '16:9',
      pages: Array.from({ length: PAGES }, (_, i) => ({
        segments: [
          {
            text: `Page ${i + 1}: the little fox looked up at the geese flying over the hill.`,
            seconds: 3.2,
          },
          { text: 'One day, she thought, I will sing as loud as they do.', seconds: 2.6 },
        ],
      })),
    });
    const ctx: SegmentContext = {
      folder: new TaskFolder(taskDir),
      request: StoryRequestSchema.parse({ topic: 'fox', language: 'en', pages: PAGES }),
      render: RenderOptionsSchema.parse({}),
      providers: { image: new OfflineIllustrator() } as unknown as Providers,
      signal: new AbortController().signal,
      progress: () => {},
    };
    const time = async (fn: () => Promise<unknown>) => {
      const t0 = performance.now();
      await fn();
      return (performance.now() - t0) / 1000;
    };
    // Every page drawn by the offline illustrator first, so the redraw below changes one picture.
    for (let page = 1; page <= PAGES; page++) await runPageEdit({ page, what: 'image', seed: page }, ctx);
    const full = await time(() => runVideo(ctx));
    const redraw = await time(() => runPageEdit({ page: 2, what: 'image', seed: 4242 }, ctx));
    const again = await time(() => runVideo(ctx));
    return [
      {
        name: `Video again after page 2 of ${PAGES} was redrawn (1280x720)`,
        value: again,
        unit: 's',
        baseline: { name: 'first full render', value: full },
        ratio: again / full,
        target: '≤ 0.5',
      },
      { name: 'the redraw itself (offline illustrator, one page)', value: redraw, unit: 's' },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
