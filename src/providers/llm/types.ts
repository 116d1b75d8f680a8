// Story writing: turns a StoryRequest into a StoryScript. The offline writer implements it
// directly; LLM-backed writers build on a TextModel.
import type { StoryRequest, StoryScript } from '../../story/script.js';
import type { CallOptions, ModelInfo, Usage } from '../types.js';

export interface StoryResult {
  script: StoryScript;
  usage?: Usage;
  warnings: string[];
}

export interface StoryWriter extends ModelInfo {
  writeStory(request: StoryRequest, options: CallOptions): Promise<StoryResult>;
}
