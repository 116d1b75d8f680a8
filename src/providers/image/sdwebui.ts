// Stable Diffusion WebUI (AUTOMATIC1111 / Forge) over POST /sdapi/v1/txt2img, answered with
// base64 PNGs.
import { z } from 'zod';
import { callProvider, type ProviderRuntime } from '../core/call.js';
import { httpJson } from '../core/http.js';
import type { CallOptions } from '../types.js';
import { fitImage } from './fit.js';
import { DEFAULT_NEGATIVE, generationSize } from './sd-size.js';
import type { ImageModel, ImageRequest, ImageResult } from './types.js';

const AnswerSchema = z.object({ images: z.array(z.string()).min(1) });

export class SdWebUIImage implements ImageModel {
  readonly provider = 'sdwebui';
  readonly modelId = 'txt2img';

  constructor(
    private readonly runtime: ProviderRuntime,
    private readonly init: { baseURL: string; steps?: number; cfgScale?: number },
  ) {}

  async generate(request: ImageRequest, options: CallOptions): Promise<ImageResult> {
    const size = generationSize(request.width, request.height);
    const answer = await callProvider(this.runtime, options.signal, (signal) =>
      httpJson(
        this.runtime,
        `${this.init.baseURL.replace(/\/$/, '')}/sdapi/v1/txt2img`,
        {
          method: 'POST',
          signal,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            prompt: request.prompt,
            negative_prompt: request.negativePrompt ?? DEFAULT_NEGATIVE,
            seed: request.seed,
            width: size.width,
            height: size.height,
            steps: this.init.steps ?? 25,
            cfg_scale: this.init.cfgScale ?? 7,
            batch_size: 1,
            n_iter: 1,
          }),
        },
        AnswerSchema,
      ),
    );
    // Some builds prefix a data URL.
    const b64 = answer.images[0]!.replace(/^data:image\/\w+;base64,/, '');
    const fitted = fitImage(Buffer.from(b64, 'base64'), request.width, request.height);
    options.onProgress?.(1);
    return {
      png: fitted.png,
      usage: { images: 1 },
      warnings: fitted.resized ? [`resized from SD WebUI's ${size.width}×${size.height}`] : [],
    };
  }
}
