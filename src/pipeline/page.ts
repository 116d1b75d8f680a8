// One page redone on its own (the studio's redraw, re-voice and text edit): the page's picture,
// its narration (re-split, then spoken) or its text, leaving every other page's files as they are.
import { conflict } from '../errors.js';
import { SCRIPT_FILE } from '../storage/task-folder.js';
import { drawPage } from './image.js';
import type { SegmentContext } from './segment.js';
import { narratePage, removeStaleAudio } from './speech.js';
import { splitPage } from './split.js';

export const PAGE_EDIT_KINDS = ['image', 'speech', 'text'] as const;
export type PageEditKind = (typeof PAGE_EDIT_KINDS)[number];

/**
 * What to redo on page `page` (from 1); `seed`/`prompt` for a picture; `text` for the text, which
 * the story writer rewrites when it is not given.
 */
export interface PageEdit {
  page: number;
  what: PageEditKind;
  seed?: number;
  prompt?: string;
  text?: string;
}

/** Redoes one page; resolves to the files it wrote, relative to the task folder. */
export async function runPageEdit(edit: PageEdit, ctx: SegmentContext): Promise<string[]> {
  const { folder } = ctx;
  const script = await folder.readScript();
  const page = script.pages.find((p) => p.page === edit.page);
  if (!page) throw conflict(`the script has no page ${edit.page}`);
  ctx.signal.throwIfAborted();
  ctx.progress(0, `page ${edit.page}`);

  switch (edit.what) {
    case 'image': {
      if (edit.prompt !== undefined) page.image_prompt = edit.prompt;
      if (edit.seed !== undefined) page.image_seed = edit.seed;
      const { rel, box } = await drawPage(ctx, script, page);
      ctx.signal.throwIfAborted();
      // Where the new picture's main character stands, for the subtitles to keep off it.
      if (box) page.main_box = box;
      else delete page.main_box;
      // The seed and prompt are kept: a later full Image run draws this page the same way.
      await folder.writeScript(script);
      return [rel, SCRIPT_FILE];
    }
    case 'speech': {
      splitPage(page, script.language);
      const written = await narratePage(ctx, script, page, (k) =>
        ctx.progress(k / (page.segments?.length ?? 1), `page ${edit.page} segment ${k}`),
      );
      ctx.signal.throwIfAborted();
      await folder.writeScript(script);
      await removeStaleAudio(folder, new Set(written), page.page);
      return [...written, SCRIPT_FILE];
    }
    case 'text': {
      if (edit.text !== undefined) page.text = edit.text;
      else {
        ctx.progress(0.1, `rewriting page ${edit.page}`);
        const { story } = ctx.providers;
        const r = await story.rewritePage(script, edit.page, ctx.request, { signal: ctx.signal });
        ctx.signal.throwIfAborted();
        for (const w of r.warnings) ctx.warn?.(`${story.provider}: ${w}`);
        page.text = r.text;
      }
      // The page's narration told the old text: it goes, and Speech is marked stale for this page.
      delete page.segments;
      delete page.audio;
      delete page.duration;
      await folder.writeScript(script);
      await removeStaleAudio(folder, new Set(), page.page);
      return [SCRIPT_FILE];
    }
  }
}
