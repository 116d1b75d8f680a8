// Stable Diffusion WebUI (AUTOMATIC1111 / Forge) over POST /sdapi/v1/txt2img, answered with
// base64 PNGs.
import { z } from 'zod';
import { callProvider, type ProviderRuntime, sleep } from '../core/call.js';
import { httpJson } from '../core/http.js';
import type { CallOptions } from '../types.js';
import { fitImage } from './fit.js';
import { DEFAULT_NEGATIVE, generationSize } from './sd-size.js';
import type { ImageModel, ImageRequest, ImageResult } from './types.js';

const AnswerSchema = z.object({ images: z.array(z.string()).min(1) });
const ProgressSchema = z.looseObject({
  state: z.looseObject({ job_count: z.number().default(0) }).optional(),
});

export class SdWebUIImage implements ImageModel {
  readonly provider = 'sdwebui';
  readonly modelId = 'txt2img';

  constructor(
    private readonly runtime: ProviderRuntime,
    private readonly init: {
      baseURL: string;
      steps?: number;
      cfgScale?: number;
      /** `user:password` for a server started with --api-auth (sent as HTTP Basic). */
      auth?: string;
      pollIntervalMs?: number;
    },
  ) {}

  private headers(json: boolean): Record<string, string> {
    return {
      ...(json ? { 'content-type': 'application/json' } : {}),
      ...(this.init.auth ? { authorization: `Basic ${Buffer.from(this.init.auth).toString('base64')}` } : {}),
    };
  }

  /**
   * A txt2img whose answer timed out keeps generating on the server (it has one queue): wait
   * until it is idle before sending it again, so the retry does not queue a second picture.
   */
  private async waitUntilIdle(base: string, signal: AbortSignal): Promise<void> {
    for (;;) {
      const progress = await httpJson(
        this.runtime,
        `${base}/sdapi/v1/progress?skip_current_image=true`,
        { signal, headers: this.headers(false) },
        ProgressSchema,
      );
      if ((progress.state?.job_count ?? 0) === 0) return;
      await sleep(this.init.pollIntervalMs ?? 1000, signal);
    }
  }

  async generate(request: ImageRequest, options: CallOptions): Promise<ImageResult> {
    const size = generationSize(request.width, request.height);
    const base = this.init.baseURL.replace(/\/$/, '');
    let sent = false;
    const answer = await callProvider(this.runtime, options.signal, async (signal) => {
      if (sent) await this.waitUntilIdle(base, signal);
      sent = true;
      return httpJson(
        this.runtime,
        `${base}/sdapi/v1/txt2img`,
        {
          method: 'POST',
          signal,
          headers: this.headers(true),
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
      );
    });
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
