// The Image segment: one illustration per page of script_data.json, at the video's frame size,
// written atomically to image/p{n}.png by whichever image provider the task uses.
import { AppError } from '../errors.js';
import { FRAME_SIZE, mainCharacter, type StoryPage, type StoryScript } from './script.js';
import type { SegmentContext, SegmentRunner } from './segment.js';

/** Pages drawn at once: enough to overlap a remote call or a render with a file write, no more. */
const CONCURRENCY = 2;

export const imagePath = (page: number) => `image/p${page}.png`;

/** The seed a page is drawn with: its own (a redraw chose it), else the character's, else the task's. */
export function pageSeed(script: StoryScript, page: StoryPage): number {
  if (typeof page.image_seed === 'number') return page.image_seed;
  // A writer that keeps a seed per character (the multi-agent writer does) gets the main
  // character's seed on every page, so a real image model draws it the same way each time;
  // otherwise each page has its own seed. The offline illustrator varies pages itself.
  return mainCharacter(script).seed ?? (script.settings?.seed ?? 1) * 1000 + page.page;
}

/** Draws one page and writes image/p{n}.png; resolves to that path and where its main character stands. */
export async function drawPage(
  ctx: SegmentContext,
  script: StoryScript,
  page: StoryPage,
): Promise<{ rel: string; box: StoryPage['main_box'] }> {
  const { width, height } = FRAME_SIZE[script.settings?.aspect ?? '16:9'];
  const result = await ctx.providers.image.generate(
    { prompt: page.image_prompt, width, height, seed: pageSeed(script, page), page, script },
    { signal: ctx.signal },
  );
  if (!result.png || result.png.length === 0)
    throw new AppError(
      'image_failed',
      502,
      `page ${page.page}: the image provider ${ctx.providers.image.provider} returned no image`,
    );
  for (const w of result.warnings) ctx.warn?.(`${ctx.providers.image.provider}: ${w}`);
  const rel = imagePath(page.page);
  await ctx.folder.writeFile(rel, result.png);
  return { rel, box: result.mainBox };
}

export const runImage: SegmentRunner = async (ctx) => {
  const script = await ctx.folder.readScript();
  const pages = script.pages;
  const written: string[] = new Array(pages.length);
  const boxes: Array<StoryPage['main_box']> = new Array(pages.length);
  let next = 0;
  let done = 0;
  let failed = false;

  const worker = async () => {
    while (next < pages.length && !failed) {
      ctx.signal.throwIfAborted();
      const index = next++;
      const drawn = await drawPage(ctx, script, pages[index]!);
      boxes[index] = drawn.box;
      written[index] = drawn.rel;
      done++;
      ctx.progress(done / pages.length, `page ${done}/${pages.length}`);
    }
  };
  // On a failure the other worker stops after its current page; nothing is left running.
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(CONCURRENCY, pages.length) }, () =>
      worker().catch((err: unknown) => {
        failed = true;
        throw err;
      }),
    ),
  );
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  // Where each picture's main character stands, for the Video segment to keep subtitles off it.
  if (boxes.some((b) => b) || pages.some((p) => p.main_box)) {
    pages.forEach((p, i) => {
      if (boxes[i]) p.main_box = boxes[i];
      else delete p.main_box;
    });
    await ctx.folder.writeScript(script);
  }
  // Pictures of pages the script no longer has (it was edited shorter) would be stale resources.
  const keep = new Set(written.map((rel) => rel.slice('image/'.length)));
  for (const name of await ctx.folder.list('image')) {
    if (/^p\d+\.png$/.test(name) && !keep.has(name)) await ctx.folder.removeFile(`image/${name}`);
  }
  return written;
};
