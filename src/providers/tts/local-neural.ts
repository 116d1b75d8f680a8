// Natural speech with no network: a neural voice model the user downloaded (Piper/VITS, Kokoro,
// MeloTTS) run by sherpa-onnx's Node package (prebuilt ONNX Runtime, no install scripts).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, badInput } from '../../errors.js';
import { encodeWav } from '../../media/wav.js';
import type { CallOptions } from '../types.js';
import type { SpeechModel, SpeechRequest, SpeechResult } from './types.js';

/** What a model folder holds, as sherpa-onnx's OfflineTts config wants it. */
export type LocalModel =
  | {
      kind: 'kokoro';
      model: string;
      voices: string;
      tokens: string;
      dataDir: string;
      dictDir?: string;
      lexicon?: string;
    }
  | { kind: 'melo'; model: string; tokens: string; lexicon: string; dictDir: string; ruleFsts?: string }
  | { kind: 'piper'; model: string; tokens: string; dataDir: string };

const EXPECTED =
  'Piper/VITS: model.onnx (or one *.onnx), tokens.txt, espeak-ng-data/; Kokoro: model.onnx, voices.bin, tokens.txt, espeak-ng-data/; MeloTTS: model.onnx, lexicon.txt, tokens.txt, dict/';

const isDir = (p: string) => {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/**
 * Recognises a model folder by its files (Kokoro has voices.bin, MeloTTS a lexicon and a jieba
 * dict, Piper/VITS espeak-ng-data). Throws one line naming what is missing.
 */
export function detectModelFolder(dir: string): LocalModel {
  const fail = (why: string): never => {
    throw new AppError('config_error', 500, `local-neural: ${dir} ${why} (expected ${EXPECTED})`);
  };
  if (!isDir(dir)) return fail('is not a folder');
  const names = readdirSync(dir);
  const has = (n: string) => names.includes(n);
  const onnx = names.filter((n) => n.endsWith('.onnx'));
  const model = has('model.onnx') ? 'model.onnx' : onnx.length === 1 ? onnx[0]! : undefined;
  const at = (n: string) => join(dir, n);
  const missing = (wanted: Array<[string, boolean]>) => wanted.filter(([, ok]) => !ok).map(([n]) => n);

  if (has('voices.bin')) {
    const lacking = missing([
      ['model.onnx', model !== undefined],
      ['tokens.txt', has('tokens.txt')],
      ['espeak-ng-data/', isDir(at('espeak-ng-data'))],
    ]);
    if (lacking.length) fail(`looks like a Kokoro model but lacks ${lacking.join(', ')}`);
    const lexicons = names.filter((n) => /^lexicon.*\.txt$/.test(n)).sort();
    return {
      kind: 'kokoro',
      model: at(model!),
      voices: at('voices.bin'),
      tokens: at('tokens.txt'),
      dataDir: at('espeak-ng-data'),
      ...(isDir(at('dict')) ? { dictDir: at('dict') } : {}),
      ...(lexicons.length ? { lexicon: lexicons.map(at).join(',') } : {}),
    };
  }
  if (has('lexicon.txt') || isDir(at('dict'))) {
    const lacking = missing([
      ['model.onnx', model !== undefined],
      ['tokens.txt', has('tokens.txt')],
      ['lexicon.txt', has('lexicon.txt')],
      ['dict/', isDir(at('dict'))],
    ]);
    if (lacking.length) fail(`looks like a MeloTTS model but lacks ${lacking.join(', ')}`);
    const fsts = ['date.fst', 'number.fst', 'phone.fst'].filter(has).map(at);
    return {
      kind: 'melo',
      model: at(model!),
      tokens: at('tokens.txt'),
      lexicon: at('lexicon.txt'),
      dictDir: at('dict'),
      ...(fsts.length ? { ruleFsts: fsts.join(',') } : {}),
    };
  }
  const lacking = missing([
    [onnx.length > 1 ? 'model.onnx (several *.onnx files; which one?)' : 'model.onnx', model !== undefined],
    ['tokens.txt', has('tokens.txt')],
    ['espeak-ng-data/', isDir(at('espeak-ng-data'))],
  ]);
  if (lacking.length) fail(`is not a model folder: missing ${lacking.join(', ')}`);
  return { kind: 'piper', model: at(model!), tokens: at('tokens.txt'), dataDir: at('espeak-ng-data') };
}

type SherpaTts = import('sherpa-onnx-node').OfflineTtsInstance;
type SherpaModule = typeof import('sherpa-onnx-node')['default'];

let sherpa: Promise<SherpaModule> | undefined;
/** The native addon, loaded on first use (a machine without a model never loads it). */
function loadSherpa(): Promise<SherpaModule> {
  sherpa ??= import('sherpa-onnx-node').then(
    (m) => m.default,
    (err: unknown) => {
      sherpa = undefined;
      throw new AppError(
        'config_error',
        500,
        `local-neural: sherpa-onnx-node cannot load on this machine (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); it ships for linux x64/arm64, macOS and Windows`,
      );
    },
  );
  return sherpa;
}

/** sherpa-onnx's config for a detected folder. */
export function sherpaConfig(model: LocalModel, numThreads: number): Record<string, unknown> {
  const common = { numThreads, provider: 'cpu', debug: false };
  switch (model.kind) {
    case 'kokoro': {
      const { kind: _k, ...kokoro } = model;
      return { model: { kokoro, ...common }, maxNumSentences: 1 };
    }
    case 'melo': {
      const { kind: _k, ruleFsts, ...vits } = model;
      return { model: { vits, ...common }, maxNumSentences: 1, ...(ruleFsts ? { ruleFsts } : {}) };
    }
    case 'piper': {
      const { kind: _k, ...vits } = model;
      return { model: { vits, ...common }, maxNumSentences: 1 };
    }
  }
}

// One loaded model per folder for the whole process: loading takes seconds and hundreds of MB.
const loaded = new Map<string, Promise<SherpaTts>>();

export class LocalNeuralSpeech implements SpeechModel {
  readonly provider = 'local-neural';
  readonly modelId: string;

  constructor(private readonly init: { modelDir: string; speaker?: number; numThreads?: number }) {
    this.modelId = init.modelDir;
  }

  private engine(): Promise<SherpaTts> {
    let tts = loaded.get(this.init.modelDir);
    if (!tts) {
      const model = detectModelFolder(this.init.modelDir);
      tts = loadSherpa().then((mod) =>
        mod.OfflineTts.createAsync(sherpaConfig(model, this.init.numThreads ?? 2)),
      );
      tts.catch(() => loaded.delete(this.init.modelDir));
      loaded.set(this.init.modelDir, tts);
    }
    return tts;
  }

  async synthesize(request: SpeechRequest, options: CallOptions): Promise<SpeechResult> {
    if (!request.text.trim()) throw badInput('text', 'must not be empty');
    const rate = request.rate ?? 1;
    if (!Number.isFinite(rate) || rate <= 0) throw badInput('rate', 'must be a positive number');
    const tts = await this.engine();
    const warnings: string[] = [];
    let sid = this.init.speaker ?? 0;
    if (request.voice !== undefined) {
      const asked = Number(request.voice);
      if (!Number.isInteger(asked) || asked < 0)
        throw badInput('voice', `"${request.voice}" is not a speaker number`);
      sid = asked;
    }
    if (sid >= tts.numSpeakers) {
      warnings.push(`the model has ${tts.numSpeakers} speaker(s); speaker ${sid} read as 0`);
      sid = 0;
    }
    options.signal?.throwIfAborted();
    const audio = await tts.generateAsync({
      text: request.text,
      sid,
      speed: rate,
      // Returning 0 stops the engine between sentences when the task is cancelled.
      onProgress: (info) => {
        options.onProgress?.(Math.min(1, info.progress));
        return options.signal?.aborted ? 0 : 1;
      },
    });
    options.signal?.throwIfAborted();
    const duration = audio.samples.length / audio.sampleRate;
    return {
      wav: encodeWav(audio.samples, audio.sampleRate),
      words: [],
      usage: { audioSeconds: Math.round(duration * 1000) / 1000 },
      warnings,
    };
  }
}
