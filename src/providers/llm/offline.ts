// The offline story writer: a real short children's story from the topic, main role and scene,
// in Chinese or English, with no network and no model: deterministic for a request and seed.
import type { StoryRequest } from '../../story/script.js';
import type { CallOptions } from '../types.js';
import { composeStory } from './offline/compose.js';
import type { StoryResult, StoryWriter } from './types.js';

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
}
