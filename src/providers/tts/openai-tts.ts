// OpenAI speech (/v1/audio/speech, WAV out) through the AI SDK, with our retry core around it.
import { createOpenAI } from '@ai-sdk/openai';
import { experimental_generateSpeech as generateSpeech } from 'ai';
import { badInput } from '../../errors.js';
import { callProvider, type ProviderRuntime } from '../core/call.js';
import '../core/sdk.js';
import type { CallOptions } from '../types.js';
import { durationOf, repairWav } from './pcm.js';
import type { SpeechModel, SpeechRequest, SpeechResult } from './types.js';

export const OPENAI_VOICES = [
  'alloy',
  'ash',
  'ballad',
  'cedar',
  'coral',
  'echo',
  'fable',
  'marin',
  'nova',
  'onyx',
  'sage',
  'shimmer',
  'verse',
] as const;
const MAX_CHARS = 4096;

export class OpenAISpeech implements SpeechModel {
  readonly provider = 'openai-tts';
  readonly modelId: string;
  private readonly openai;

  constructor(
    private readonly runtime: ProviderRuntime,
    init: { apiKey: string; baseURL?: string; modelId: string; voice?: string },
    private readonly defaultVoice = init.voice ?? 'alloy',
  ) {
    this.modelId = init.modelId;
    this.openai = createOpenAI({ apiKey: init.apiKey, baseURL: init.baseURL });
  }

  async synthesize(request: SpeechRequest, options: CallOptions): Promise<SpeechResult> {
    if (request.text.length > MAX_CHARS)
      throw badInput('text', `OpenAI speech takes at most ${MAX_CHARS} characters`);
    const warnings: string[] = [];
    let voice = this.defaultVoice;
    if (request.voice && (OPENAI_VOICES as readonly string[]).includes(request.voice)) voice = request.voice;
    else if (request.voice) warnings.push(`voice "${request.voice}" is not an OpenAI voice; used "${voice}"`);
    // Only the gpt-4o TTS models take instructions; tts-1 would ignore them with a warning.
    const instructions = this.modelId.startsWith('gpt-4o')
      ? `Read aloud in ${request.language === 'zh' ? 'Mandarin Chinese' : 'English'}, warmly and clearly, like a storyteller for young children.`
      : undefined;
    const result = await callProvider(this.runtime, options.signal, (signal) =>
      generateSpeech({
        model: this.openai.speech(this.modelId),
        text: request.text,
        voice,
        outputFormat: 'wav',
        speed: request.rate ?? 1,
        instructions,
        maxRetries: 0,
        abortSignal: signal,
      }),
    );
    const wav = repairWav(result.audio.uint8Array);
    options.onProgress?.(1);
    return { wav, words: [], usage: { audioSeconds: durationOf(wav) }, warnings };
  }
}
