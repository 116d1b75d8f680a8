// Story writing: turns a StoryRequest into a StoryScript. The offline writer implements it
// directly; LLM-backed writers build on a TextModel.
import type { StoryRequest, StoryScript } from '../../story/script.js';
import type { CallOptions, ModelInfo, Usage } from '../types.js';

export interface StoryResult {
  script: StoryScript;
  usage?: Usage;
  warnings: string[];
}

/** A page's new text from rewritePage. */
export interface PageTextResult {
  text: string;
  usage?: Usage;
  warnings: string[];
}

export interface StoryWriter extends ModelInfo {
  writeStory(request: StoryRequest, options: CallOptions): Promise<StoryResult>;
  /**
   * Page `page` of `script` told again in other words: the same moment, fitting the pages
   * around it, in the script's language (the studio's "rewrite" of one page).
   */
  rewritePage(
    script: StoryScript,
    page: number,
    request: StoryRequest,
    options: CallOptions,
  ): Promise<PageTextResult>;
}
