// The offline illustrator: draws each page as a vector picture-book scene from the story itself
// (place, light, props, the same characters on every page) and rasterises it with resvg.
import { renderAsync } from '@resvg/resvg-js';
import { hashString } from '../core/random.js';
import type { CallOptions } from '../types.js';
import { composePage, type FrameBox, type PagePlan } from './offline/compose.js';
import type { ImageModel, ImageRequest, ImageResult } from './types.js';

export type { PagePlan } from './offline/compose.js';
export {
  type CharacterLook,
  type CharacterPalette,
  characterLook,
  characterPalette,
} from './offline/look.js';

const MAX_SIDE = 4096;

function checkSize(name: 'width' | 'height', value: number): void {
  if (!Number.isInteger(value) || value < 16 || value > MAX_SIDE)
    throw new Error(`${name}: must be an integer between 16 and ${MAX_SIDE}, got ${value}`);
}

/** The SVG of one page and what was decided for it; `generate` rasterises exactly this. */
export function illustratePage(request: ImageRequest): { svg: string; plan: PagePlan; mainBox: FrameBox } {
  checkSize('width', request.width);
  checkSize('height', request.height);
  if (request.script.characters.length === 0)
    throw new Error('script.characters: at least one character is needed');
  return composePage({
    width: request.width,
    height: request.height,
    // The seed may be the same on every page (a character's seed): the page number keeps pose,
    // position and props moving from page to page.
    seed: hashString(`${request.seed}:${request.page.page}`),
    page: request.page,
    script: request.script,
  });
}

export class OfflineIllustrator implements ImageModel {
  readonly provider = 'offline';
  readonly modelId = 'vector-picturebook-v1';

  async generate(request: ImageRequest, options: CallOptions = {}): Promise<ImageResult> {
    options.signal?.throwIfAborted();
    const { svg, mainBox } = illustratePage(request);
    // No text is drawn (subtitles come later), so system fonts are loaded only if a scene ever
    // adds some: loading them costs more than drawing a page.
    const hasText = svg.includes('<text');
    const image = await renderAsync(
      svg,
      {
        fitTo: { mode: 'original' },
        font: { loadSystemFonts: hasText, defaultFontFamily: 'Noto Sans CJK SC' },
        shapeRendering: 2,
        logLevel: 'off',
      },
      // resvg's own abort hook binds a signal to one call only (a second call with the same
      // signal fails with InvalidArg), and a page renders in a fraction of a second: check around it.
      null,
    );
    options.signal?.throwIfAborted();
    const png = image.asPng();
    if (image.width !== request.width || image.height !== request.height)
      throw new Error(`rendered ${image.width}x${image.height}, expected ${request.width}x${request.height}`);
    options.onProgress?.(1);
    return { png: new Uint8Array(png), mainBox, usage: { images: 1 }, warnings: [] };
  }
}
