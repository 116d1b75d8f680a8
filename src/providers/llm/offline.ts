// The offline story writer: a real short children's story from the topic, main role and scene,
// in Chinese or English, with no network and no model: deterministic for a request and seed.
import type { StoryRequest, StoryScript } from '../../story/script.js';
import type { CallOptions } from '../types.js';
import { composeStory } from './offline/compose.js';
import type { PageTextResult, StoryResult, StoryWriter } from './types.js';

export class OfflineStoryWriter implements StoryWriter {
  readonly provider = 'offline';
  readonly modelId = 'storybook-v1';

  async writeStory(request: StoryRequest, options: CallOptions = {}): Promise<StoryResult> {
    options.signal?.throwIfAborted();
    options.onProgress?.(0.1, 'planning the story');
    const script = composeStory(request);
    options.onProgress?.(1, `${script.pages.length} pages written`);
    return { script, warnings: [] };
  }

  /**
   * The story composed again with the page's beats in other wordings (the rest of the story is
   * what the request gives, unchanged). Names the user changed in the script since are kept: the
   * composed cast is mapped onto the script's, character by character.
   */
  async rewritePage(
    script: StoryScript,
    page: number,
    request: StoryRequest,
    options: CallOptions = {},
  ): Promise<PageTextResult> {
    options.signal?.throwIfAborted();
    const current = script.pages.find((p) => p.page === page)?.text ?? '';
    const composed = composeStory({ ...request, pages: script.pages.length });
    const rename = (text: string) =>
      composed.characters.reduce(
        (t, c, i) => (script.characters[i] ? t.split(c.name).join(script.characters[i]!.name) : t),
        text,
      );
    for (let variant = 1; variant <= 6; variant++) {
      const other = composeStory({ ...request, pages: script.pages.length }, { page, variant });
      const text = rename(other.pages[page - 1]?.text ?? '');
      if (text && text !== current) return { text, warnings: [] };
    }
    return { text: current, warnings: [`the offline writer has no other wording for page ${page}`] };
  }
}
