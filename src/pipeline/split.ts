// The Split segment: cuts every page's text into speech-friendly segments (sentence-aware, zh
// and en) and stores them as pages[].segments in script_data.json.
import { SCRIPT_FILE } from '../storage/task-folder.js';
import type { Language, StoryPage } from './script.js';
import type { SegmentRunner } from './segment.js';
import { splitText } from './text-split.js';

export const runSplit: SegmentRunner = async (ctx) => {
  const script = await ctx.folder.readScript();
  script.pages.forEach((page, i) => {
    ctx.signal.throwIfAborted();
    splitPage(page, script.language);
    ctx.progress((i + 1) / script.pages.length, `page ${i + 1}/${script.pages.length}`);
  });
  await ctx.folder.writeScript(script);
  return [SCRIPT_FILE];
};

/** Fresh segments for one page: any audio from an earlier Speech run belonged to the old cut. */
export function splitPage(page: StoryPage, language: Language): void {
  page.segments = splitText(page.text, language).map((text) => ({ text }));
  delete page.audio;
  delete page.duration;
}
