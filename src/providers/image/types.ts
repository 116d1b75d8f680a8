// Illustration: one picture per page. The request carries the prompt for real models and the
// structured story for the offline illustrator, which draws from the script, not from pixels.
import type { StoryPage, StoryScript } from '../../story/script.js';
import type { CallOptions, ModelInfo, Usage } from '../types.js';

export interface ImageRequest {
  prompt: string;
  negativePrompt?: string;
  width: number;
  height: number;
  /**
   * The same on every page when the script gives the main character a seed (so a diffusion model
   * keeps its look); otherwise one per page. A provider that wants page-to-page variety whatever
   * the seed mixes in `page.page`.
   */
  seed: number;
  /** The page being illustrated (1-based `page.page`) and the whole script for context. */
  page: StoryPage;
  script: StoryScript;
}

export interface ImageResult {
  /** PNG bytes, exactly width × height. */
  png: Uint8Array;
  /**
   * Where the main character is drawn (left, top, right, bottom as fractions of the frame), when
   * the provider knows: subtitles are then placed where they do not cover it.
   */
  mainBox?: [number, number, number, number];
  usage?: Usage;
  warnings: string[];
}

export interface ImageModel extends ModelInfo {
  generate(request: ImageRequest, options: CallOptions): Promise<ImageResult>;
}
