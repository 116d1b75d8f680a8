// The local neural voice: model folders recognised by their files (Piper/VITS, Kokoro, MeloTTS),
// one clear line naming what a wrong folder lacks, and real speech when a model is present
// (LOCAL_NEURAL_MODEL_DIR; no model is downloaded by the tests).
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { decodeWav } from '../../src/media/wav.js';
import {
  createSpeechModel,
  listSpeechTemplates,
  parseProviderId,
  validateProviderOverrides,
} from '../../src/providers/registry.js';
import { detectModelFolder, LocalNeuralSpeech, sherpaConfig } from '../../src/providers/tts/local-neural.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'sa-models-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function folder(name: string, files: string[], dirs: string[] = []): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  for (const d of dirs) await mkdir(join(dir, d), { recursive: true });
  for (const f of files) await writeFile(join(dir, f), 'x');
  return dir;
}

describe('model folder detection', () => {
  it('recognises a Piper voice by its one .onnx, tokens.txt and espeak-ng-data', async () => {
    const dir = await folder(
      'piper',
      ['en_US-amy-low.onnx', 'en_US-amy-low.onnx.json', 'tokens.txt'],
      ['espeak-ng-data'],
    );
    const model = detectModelFolder(dir);
    expect(model).toEqual({
      kind: 'piper',
      model: join(dir, 'en_US-amy-low.onnx'),
      tokens: join(dir, 'tokens.txt'),
      dataDir: join(dir, 'espeak-ng-data'),
    });
    expect(sherpaConfig(model, 1)).toMatchObject({
      model: { vits: { model: join(dir, 'en_US-amy-low.onnx') } },
    });
  });

  it('recognises Kokoro (voices.bin) with its lexicons and MeloTTS (lexicon.txt + dict/) with its rule FSTs', async () => {
    const kokoro = await folder(
      'kokoro',
      ['model.onnx', 'voices.bin', 'tokens.txt', 'lexicon-us-en.txt', 'lexicon-zh.txt'],
      ['espeak-ng-data', 'dict'],
    );
    expect(detectModelFolder(kokoro)).toMatchObject({
      kind: 'kokoro',
      voices: join(kokoro, 'voices.bin'),
      lexicon: `${join(kokoro, 'lexicon-us-en.txt')},${join(kokoro, 'lexicon-zh.txt')}`,
      dictDir: join(kokoro, 'dict'),
    });
    const melo = await folder(
      'melo',
      ['model.onnx', 'tokens.txt', 'lexicon.txt', 'date.fst', 'number.fst'],
      ['dict'],
    );
    const model = detectModelFolder(melo);
    expect(model).toMatchObject({ kind: 'melo', dictDir: join(melo, 'dict') });
    expect(sherpaConfig(model, 2)).toMatchObject({
      model: { vits: { lexicon: join(melo, 'lexicon.txt'), dictDir: join(melo, 'dict') }, numThreads: 2 },
      ruleFsts: `${join(melo, 'date.fst')},${join(melo, 'number.fst')}`,
    });
  });

  it('names the missing files in one line', async () => {
    const half = await folder('half', ['model.onnx']);
    expect(() => detectModelFolder(half)).toThrow(
      /^local-neural: .*half is not a model folder: missing tokens\.txt, espeak-ng-data\/ \(expected Piper/,
    );
    const kokoro = await folder('kokoro-half', ['voices.bin', 'model.onnx']);
    expect(() => detectModelFolder(kokoro)).toThrow(
      /looks like a Kokoro model but lacks tokens\.txt, espeak-ng-data\//,
    );
    const two = await folder('two', ['a.onnx', 'b.onnx', 'tokens.txt'], ['espeak-ng-data']);
    expect(() => detectModelFolder(two)).toThrow(
      /missing model\.onnx \(several \*\.onnx files; which one\?\)/,
    );
    expect(() => detectModelFolder(join(root, 'nowhere'))).toThrow(/nowhere is not a folder/);
    for (const e of [half, kokoro, two].map((d) => {
      try {
        detectModelFolder(d);
      } catch (err) {
        return (err as Error).message;
      }
      return '';
    }))
      expect(e.split('\n')).toHaveLength(1);
  });

  it('fails the narration with that line, before loading anything, through the registry id', async () => {
    const half = await folder('half2', ['model.onnx']);
    const id = `local-neural:${half}#3`;
    expect(parseProviderId('speech', id)).toEqual({
      kind: 'speech',
      vendor: 'local-neural',
      modelDir: half,
      speaker: 3,
    });
    const config = loadConfig({}, { SPEECH_PROVIDER: id });
    const tts = createSpeechModel(config);
    await expect(tts.synthesize({ text: 'Hello.', language: 'en' }, {})).rejects.toThrow(
      /missing tokens\.txt/,
    );
    expect(listSpeechTemplates(config).find((t) => t.engine === 'sherpa-onnx')).toMatchObject({
      name: 'local_half2',
      provider: id,
      voice: '3',
    });
  });
});

describe('a task choosing a local model', () => {
  it('may name only a folder inside TTS_MODELS_DIR, which is where it is loaded from', async () => {
    await folder('models/kokoro', ['model.onnx']);
    const config = loadConfig(
      {},
      { ALLOWED_PROVIDERS: 'local-neural:*', TTS_MODELS_DIR: join(root, 'models') },
    );
    expect(validateProviderOverrides(config, { speech: 'local-neural:kokoro#1' })).toEqual({
      speech: 'local-neural:kokoro#1',
    });
    for (const id of [
      'local-neural:/etc',
      `local-neural:${root}/models/kokoro`,
      'local-neural:../piper',
      'local-neural:a/../../x',
    ])
      expect(() => validateProviderOverrides(config, { speech: id }), id).toThrow(
        /^options\.providers\.speech: .* must name a model folder inside TTS_MODELS_DIR/,
      );
    // The name is looked up inside TTS_MODELS_DIR, not in the server's working folder.
    const tts = createSpeechModel(config, 'local-neural:kokoro');
    await expect(tts.synthesize({ text: 'Hi.', language: 'en' }, {})).rejects.toThrow(
      new RegExp(`${join(root, 'models', 'kokoro')} is not a model folder`),
    );
  });

  it('lets the operator configure a folder anywhere, exactly', async () => {
    const elsewhere = await folder('elsewhere', ['model.onnx']);
    const id = `local-neural:${elsewhere}`;
    const config = loadConfig({}, { ALLOWED_PROVIDERS: id, TTS_MODELS_DIR: join(root, 'models') });
    expect(validateProviderOverrides(config, { speech: id })).toEqual({ speech: id });
  });
});

const MODEL_DIR = process.env.LOCAL_NEURAL_MODEL_DIR;
const hasModel = Boolean(MODEL_DIR && existsSync(MODEL_DIR));
if (!hasModel)
  console.log(
    'local neural speech test skipped: no model on this machine (set LOCAL_NEURAL_MODEL_DIR to a Piper, Kokoro or MeloTTS folder)',
  );

describe('local neural speech', () => {
  it.skipIf(!hasModel)(
    'speaks with the model in LOCAL_NEURAL_MODEL_DIR',
    async () => {
      const tts = new LocalNeuralSpeech({ modelDir: MODEL_DIR!, numThreads: 1 });
      const r = await tts.synthesize({ text: 'Once upon a time, a little fox sang.', language: 'en' }, {});
      const { samples, sampleRate } = decodeWav(r.wav);
      expect(sampleRate).toBeGreaterThanOrEqual(16000);
      expect(samples.length / sampleRate).toBeGreaterThan(1);
      expect(Math.max(...samples.map(Math.abs))).toBeGreaterThan(0.05);
    },
    120_000,
  );
});
