// CosyVoice's FastAPI server, zero-shot: clones the voice of a reference clip (WAV + transcript
// from SHARED_MEDIA_DIR/resources/tts_references/) and answers with raw 16-bit PCM.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, badInput } from '../../errors.js';
import { callProvider, type ProviderRuntime } from '../core/call.js';
import { httpBytes } from '../core/http.js';
import type { CallOptions } from '../types.js';
import { durationOf, pcm16ToWav } from './pcm.js';
import type { SpeechModel, SpeechRequest, SpeechResult } from './types.js';

export const DEFAULT_REFERENCE = 'zero_shot_prompt';

export class CosyVoiceSpeech implements SpeechModel {
  readonly provider = 'cosyvoice';
  readonly modelId = 'zero-shot';

  constructor(
    private readonly runtime: ProviderRuntime,
    private readonly init: {
      baseURL: string;
      /** Folder with `<name>.wav` + `<name>.txt` reference clips. */
      referencesDir: string;
      /** Sample rate of the server's PCM when it does not say (CosyVoice 1: 22050, CosyVoice 2: 24000); required then. */
      sampleRate?: number;
    },
  ) {}

  async synthesize(request: SpeechRequest, options: CallOptions): Promise<SpeechResult> {
    if (!request.text.trim()) throw badInput('text', 'must not be empty');
    const warnings: string[] = [];
    if (request.rate !== undefined && request.rate !== 1)
      warnings.push('CosyVoice zero-shot has no speed setting; rate ignored');
    // The voice names a reference clip; only plain names, so it cannot point outside the folder.
    const name = request.voice ?? DEFAULT_REFERENCE;
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(name))
      throw badInput('voice', `"${name}" is not a reference clip name`);
    const [promptWav, promptText] = await Promise.all([
      readFile(join(this.init.referencesDir, `${name}.wav`)),
      readFile(join(this.init.referencesDir, `${name}.txt`), 'utf8'),
    ]).catch(() => {
      throw badInput(
        'voice',
        `reference clip "${name}" (.wav and .txt) not found in ${this.init.referencesDir}`,
      );
    });
    const url = `${this.init.baseURL.replace(/\/$/, '')}/inference_zero_shot`;
    const { bytes, headers } = await callProvider(this.runtime, options.signal, (signal) => {
      const form = new FormData();
      form.set('tts_text', request.text);
      form.set('prompt_text', promptText.trim());
      form.set('prompt_wav', new Blob([promptWav], { type: 'audio/wav' }), `${name}.wav`);
      return httpBytes(this.runtime, url, { method: 'POST', body: form, signal });
    });
    // Some builds of the server announce their rate; the stock one does not.
    const announced = Number(headers.get('x-custom-header-samplerate'));
    // Guessing would play CosyVoice 2's 24 kHz speech 9% slow and low (or CosyVoice 1's fast).
    const rate = Number.isInteger(announced) && announced > 0 ? announced : this.init.sampleRate;
    if (rate === undefined)
      throw new AppError(
        'config_error',
        500,
        `cosyvoice: the server does not say its sample rate; add it to the provider id: cosyvoice:${this.init.baseURL}#24000 (CosyVoice 2 and 3) or #22050 (CosyVoice 1)`,
      );
    const wav = pcm16ToWav(bytes, rate);
    options.onProgress?.(1);
    return { wav, words: [], usage: { audioSeconds: durationOf(wav) }, warnings };
  }
}
