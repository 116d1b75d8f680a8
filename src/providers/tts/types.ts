// Speech synthesis: text in, a WAV out, with word timings where the engine reports them.
import type { Language, WordTiming } from '../../story/script.js';
import type { CallOptions, ModelInfo, Usage } from '../types.js';

export interface SpeechRequest {
  text: string;
  language: Language;
  /** Engine-specific voice name; undefined = the engine's default for the language. */
  voice?: string;
  /** 1 = normal speed. */
  rate?: number;
}

export interface SpeechResult {
  /** A complete WAV file (any PCM format the engine produces). */
  wav: Uint8Array;
  /** Word timings in seconds from the start of the WAV; empty when the engine has none. */
  words: WordTiming[];
  usage?: Usage;
  warnings: string[];
}

export interface SpeechModel extends ModelInfo {
  synthesize(request: SpeechRequest, options: CallOptions): Promise<SpeechResult>;
}
