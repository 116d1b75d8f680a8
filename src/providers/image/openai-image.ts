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

/** Longest prompt each model takes (OpenAI's image API reference). */
export function promptLimit(modelId: string): number {
  if (modelId.startsWith('dall-e-2')) return 1000;
  if (modelId.startsWith('dall-e-3')) return 4000;
  return 32000;
}

/**
 * The prompt within `limit` characters. When it is too long the character sheet (the lines that
 * carry the characters' fixed appearance) goes first and the scene and style after it are cut at
 * a word, so the characters still look the same on every page; the negative prompt goes first.
 */
export function fitPrompt(request: ImageRequest, limit: number): { prompt: string; cutFrom?: number } {
  const whole = request.negativePrompt
    ? `${request.prompt}\nAvoid: ${request.negativePrompt}`
    : request.prompt;
  if (whole.length <= limit) return { prompt: whole };
  const descriptions = request.script.characters.map((c) => c.description.trim()).filter(Boolean);
  const lines = request.prompt
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const isSheet = (l: string) => /^Characters\b/i.test(l) || descriptions.some((d) => l.includes(d));
  const ordered = [...lines.filter(isSheet), ...lines.filter((l) => !isSheet(l))].join('\n');
  if (ordered.length <= limit) return { prompt: ordered, cutFrom: whole.length };
  const cut = ordered.slice(0, limit);
  const space = cut.search(/\s\S*$/);
  return { prompt: (space > limit * 0.8 ? cut.slice(0, space) : cut).trimEnd(), cutFrom: whole.length };
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
    const { prompt, cutFrom } = fitPrompt(request, promptLimit(this.modelId));
    const warnings: string[] = [];
    if (cutFrom !== undefined)
      warnings.push(
        `image prompt cut from ${cutFrom} to ${prompt.length} characters for ${this.modelId} (character sheet kept first)`,
      );
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
      warnings: fitted.resized ? [...warnings, `letterboxed from OpenAI's ${size}`] : warnings,
    };
  }
}
