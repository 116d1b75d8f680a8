// OpenAI images (gpt-image-1, dall-e-3) through the AI SDK: the nearest size the model offers,
// then letterboxed to the frame. The API has no seed or negative prompt.
import { createOpenAI } from '@ai-sdk/openai';
import { generateImage } from 'ai';
import { callProvider, type ProviderRuntime } from '../core/call.js';
import '../core/sdk.js';
import type { CallOptions } from '../types.js';
import { fitImage } from './fit.js';
import type { ImageModel, ImageRequest, ImageResult } from './types.js';

type Size = `${number}x${number}`;

/** The model's size closest in aspect to the frame. */
export function openAIImageSize(modelId: string, width: number, height: number): Size {
  const ratio = width / height;
  if (modelId.startsWith('dall-e-2')) return '1024x1024';
  const [wide, tall]: [Size, Size] = modelId.startsWith('dall-e-3')
    ? ['1792x1024', '1024x1792']
    : ['1536x1024', '1024x1536'];
  if (ratio > 1.15) return wide;
  if (ratio < 1 / 1.15) return tall;
  return '1024x1024';
}

export class OpenAIImage implements ImageModel {
  readonly provider = 'openai-image';
  readonly modelId: string;
  private readonly openai;

  constructor(
    private readonly runtime: ProviderRuntime,
    init: { apiKey: string; baseURL?: string; modelId: string },
  ) {
    this.modelId = init.modelId;
    this.openai = createOpenAI({ apiKey: init.apiKey, baseURL: init.baseURL });
  }

  async generate(request: ImageRequest, options: CallOptions): Promise<ImageResult> {
    const size = openAIImageSize(this.modelId, request.width, request.height);
    const prompt = request.negativePrompt
      ? `${request.prompt}\nAvoid: ${request.negativePrompt}`
      : request.prompt;
    const result = await callProvider(this.runtime, options.signal, (signal) =>
      generateImage({
        model: this.openai.image(this.modelId),
        prompt,
        size,
        n: 1,
        maxRetries: 0,
        abortSignal: signal,
      }),
    );
    const fitted = fitImage(result.image.uint8Array, request.width, request.height);
    options.onProgress?.(1);
    return {
      png: fitted.png,
      usage: { images: 1 },
      warnings: fitted.resized ? [`letterboxed from OpenAI's ${size}`] : [],
    };
  }
}
