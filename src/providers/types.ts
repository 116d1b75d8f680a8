// What every provider call shares: cancellation, progress, and the usage and warnings it reports.
// Shaped after the Vercel AI SDK's model interfaces: a provider, a model id, one call.
import type { ImageModel } from './image/types.js';
import type { StoryWriter } from './llm/types.js';
import type { SpeechModel } from './tts/types.js';

export interface CallOptions {
  signal?: AbortSignal;
  /** 0..1 and an optional human message, for long calls. */
  onProgress?: (fraction: number, message?: string) => void;
}

export interface Usage {
  inputTokens?: number;
  outputTokens?: number;
  images?: number;
  audioSeconds?: number;
}

export interface ModelInfo {
  readonly provider: string;
  readonly modelId: string;
}

/** The three models one task uses (built by the registry, handed to every pipeline segment). */
export interface Providers {
  story: StoryWriter;
  image: ImageModel;
  speech: SpeechModel;
}
