// Text models behind OpenAI's chat completions API: OpenAI itself (JSON-schema structured
// output) and any OpenAI-compatible server (DeepSeek, Qwen/DashScope, Ollama, vLLM…).
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { extractJsonMiddleware, wrapLanguageModel } from 'ai';
import type { ProviderRuntime } from '../core/call.js';
import { SdkTextModel } from './text-model.js';

export function createOpenAITextModel(
  runtime: ProviderRuntime,
  init: { apiKey: string; baseURL?: string; modelId: string },
): SdkTextModel {
  const openai = createOpenAI({ apiKey: init.apiKey, baseURL: init.baseURL });
  // The chat completions endpoint, not the Responses API: it is what compatible servers and
  // proxies speak, and it has response_format json_schema.
  return new SdkTextModel(openai.chat(init.modelId), runtime);
}

export function createCompatibleTextModel(
  runtime: ProviderRuntime,
  init: { apiKey?: string; baseURL: string; modelId: string; structuredOutputs: boolean },
): SdkTextModel {
  const provider = createOpenAICompatible({
    name: 'openai-compatible',
    baseURL: init.baseURL,
    apiKey: init.apiKey,
    includeUsage: true,
    supportsStructuredOutputs: init.structuredOutputs,
  });
  // Without json_schema support the server only gets json_object mode, so the schema goes in the prompt.
  // JSON-mode-only models often fence their JSON in ```json … ```: strip that before parsing.
  const model = wrapLanguageModel({
    model: provider.chatModel(init.modelId),
    middleware: extractJsonMiddleware(),
  });
  return new SdkTextModel(model, runtime, { schemaInPrompt: !init.structuredOutputs });
}
