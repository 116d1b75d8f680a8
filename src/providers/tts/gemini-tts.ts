// Gemini TTS: generateContent with responseModalities AUDIO, answered with base64 16-bit PCM
// (24 kHz by default). Hand-written: the AI SDK's Google provider has no speech model.
import { z } from 'zod';
import { badInput } from '../../errors.js';
import { callProvider, type ProviderRuntime } from '../core/call.js';
import { APICallError } from '../core/errors.js';
import { httpJson } from '../core/http.js';
import type { CallOptions } from '../types.js';
import { durationOf, pcm16ToWav } from './pcm.js';
import type { SpeechModel, SpeechRequest, SpeechResult } from './types.js';

const AnswerSchema = z.object({
  candidates: z
    .array(
      z.object({
        content: z
          .object({
            parts: z.array(
              z.object({ inlineData: z.object({ mimeType: z.string(), data: z.string() }).optional() }),
            ),
          })
          .optional(),
        finishReason: z.string().optional(),
      }),
    )
    .optional(),
  usageMetadata: z.object({ promptTokenCount: z.number().optional() }).optional(),
});

export class GeminiSpeech implements SpeechModel {
  readonly provider = 'gemini-tts';
  readonly modelId: string;

  constructor(
    private readonly runtime: ProviderRuntime,
    private readonly init: { apiKey: string; baseURL: string; modelId: string; voice?: string },
  ) {
    this.modelId = init.modelId;
  }

  async synthesize(request: SpeechRequest, options: CallOptions): Promise<SpeechResult> {
    if (!request.text.trim()) throw badInput('text', 'must not be empty');
    const warnings: string[] = [];
    let voice = this.init.voice ?? 'Kore';
    if (request.voice && /^[A-Z][a-z]+$/.test(request.voice)) voice = request.voice;
    else if (request.voice)
      warnings.push(`voice "${request.voice}" is not a Gemini voice name; used "${voice}"`);
    if (request.rate !== undefined && request.rate !== 1)
      warnings.push('Gemini TTS has no speed setting; rate ignored');
    const url = `${this.init.baseURL.replace(/\/$/, '')}/models/${encodeURIComponent(this.modelId)}:generateContent`;
    const answer = await callProvider(this.runtime, options.signal, (signal) =>
      httpJson(
        this.runtime,
        url,
        {
          method: 'POST',
          signal,
          headers: { 'content-type': 'application/json', 'x-goog-api-key': this.init.apiKey },
          body: JSON.stringify({
            contents: [{ role: 'user', parts: [{ text: request.text }] }],
            generationConfig: {
              responseModalities: ['AUDIO'],
              speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: voice } } },
            },
          }),
        },
        AnswerSchema,
      ),
    );
    const inline = answer.candidates?.[0]?.content?.parts.find((p) => p.inlineData)?.inlineData;
    if (!inline) {
      throw new APICallError({
        provider: this.provider,
        message: `no audio in the answer (finishReason ${answer.candidates?.[0]?.finishReason ?? 'none'})`,
        url,
        isRetryable: false,
        secrets: this.runtime.secrets,
      });
    }
    const rate = Number(/rate=(\d+)/.exec(inline.mimeType)?.[1] ?? 24000);
    const wav = pcm16ToWav(Buffer.from(inline.data, 'base64'), rate);
    options.onProgress?.(1);
    return {
      wav,
      words: [],
      usage: { audioSeconds: durationOf(wav), inputTokens: answer.usageMetadata?.promptTokenCount },
      warnings,
    };
  }
}
