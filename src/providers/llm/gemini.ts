// Text models behind Google's Gemini API (generateContent with responseSchema for JSON).
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import type { ProviderRuntime } from '../core/call.js';
import { SdkTextModel } from './text-model.js';

export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

export function createGeminiTextModel(
  runtime: ProviderRuntime,
  init: { apiKey: string; baseURL?: string; modelId: string },
): SdkTextModel {
  const google = createGoogleGenerativeAI({
    apiKey: init.apiKey,
    baseURL: init.baseURL ?? GEMINI_DEFAULT_BASE_URL,
  });
  return new SdkTextModel(google.chat(init.modelId), runtime);
}
