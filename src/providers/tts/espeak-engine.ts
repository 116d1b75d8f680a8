// The eSpeak NG WebAssembly engine itself (@echogarden/espeak-ng-emscripten). It runs inside the
// speech worker thread (espeak-worker.ts), so a long synthesis never blocks the main event loop.
import createEspeakModule, {
  type EspeakEvent,
  type EspeakModule,
  type EspeakVoiceInfo,
  type EspeakWorker,
} from '@echogarden/espeak-ng-emscripten';

/** The engine's fixed output rate. */
export const ESPEAK_SAMPLE_RATE = 22050;
/** Text longer than this is refused: the string buffer reserved below must hold it (UTF-8 ≤ 4 B/char). */
export const ESPEAK_MAX_TEXT_CHARS = 20_000;
const STRING_BUFFER_BYTES = 4 * ESPEAK_MAX_TEXT_CHARS + 1024;
/** Where the bundled data keeps voice variants (`+f3`, `+klatt4`, …) in the module's file system. */
const VARIANTS_DIR = '/usr/share/espeak-ng-data/voices/!v';

export interface EngineRequest {
  text: string;
  /** `name` or `name+variant`, as the user gave it; resolved against the bundled data. */
  voice: string;
  wpm: number;
  pitch: number;
  range: number;
}

export interface Synthesis {
  samples: Int16Array;
  events: EspeakEvent[];
}

export class UnknownVoiceError extends Error {
  constructor(readonly voice: string) {
    super(`eSpeak NG has no voice "${voice}"`);
    this.name = 'UnknownVoiceError';
  }
}

/**
 * One WASM instance. The engine is not reentrant: callers run one synthesis at a time. Before
 * every synthesis the whole WASM memory is reset to a snapshot taken right after start-up:
 * eSpeak keeps a pseudo-random state (and voice state) between calls, so without the reset the
 * same text gives slightly different audio each time; with it, output depends only on the
 * request (about 2 ms to copy 17 MB).
 */
export class EspeakEngine {
  /** Lower-case voice file name or language code → the voice file name eSpeak loads. */
  private readonly voiceNames = new Map<string, string>();
  private readonly variantNames: Map<string, string>;

  private constructor(
    private readonly module: EspeakModule,
    private readonly worker: EspeakWorker,
    private readonly snapshot: Uint8Array,
    voices: EspeakVoiceInfo[],
    variants: string[],
  ) {
    const byLanguage = new Map<string, { file: string; priority: number }>();
    for (const v of voices) {
      const file = v.identifier.slice(v.identifier.lastIndexOf('/') + 1);
      this.voiceNames.set(file.toLowerCase(), file);
      for (const l of v.languages) {
        const known = byLanguage.get(l.name.toLowerCase());
        if (!known || l.priority < known.priority)
          byLanguage.set(l.name.toLowerCase(), { file, priority: l.priority });
      }
    }
    // A language code such as `en-gb` (no file of that name) means its preferred voice (`en`).
    for (const [code, { file }] of byLanguage)
      if (!this.voiceNames.has(code)) this.voiceNames.set(code, file);
    this.variantNames = new Map(variants.map((n) => [n.toLowerCase(), n]));
  }

  static async start(): Promise<EspeakEngine> {
    const module = await createEspeakModule();
    const worker = new module.eSpeakNGWorker();
    // The WebIDL glue keeps one malloc'd buffer for string arguments and grows it only when a
    // longer string arrives. Growing it after the snapshot would desynchronise the JS side from
    // the restored heap, so it is grown once here (a long, unknown voice name is simply refused).
    worker.set_voice('x'.repeat(STRING_BUFFER_BYTES));
    worker.set_voice('en-us');
    const voices = worker.list_voices();
    const variants = module.FS.readdir(VARIANTS_DIR).filter((n) => n !== '.' && n !== '..');
    return new EspeakEngine(module, worker, module.HEAPU8.slice(), voices, variants);
  }

  /** `name` or `name+variant` → what eSpeak loads, or undefined when the bundled data lacks it. */
  resolveVoice(voice: string): string | undefined {
    const [name, variant, ...rest] = voice.toLowerCase().split('+');
    const file = name ? this.voiceNames.get(name) : undefined;
    if (rest.length > 0 || !file) return undefined;
    if (variant === undefined) return file;
    const variantFile = this.variantNames.get(variant);
    return variantFile ? `${file}+${variantFile}` : undefined;
  }

  /** Runs one synthesis from the start-up state; `shouldStop` is polled between audio chunks. */
  synthesize(request: EngineRequest, shouldStop: () => boolean = () => false): Synthesis {
    const voice = this.resolveVoice(request.voice);
    if (!voice) throw new UnknownVoiceError(request.voice);
    if (Array.from(request.text).length > ESPEAK_MAX_TEXT_CHARS)
      throw new Error(`text is longer than ${ESPEAK_MAX_TEXT_CHARS} characters`);
    new Uint8Array(this.module.HEAPU8.buffer).set(this.snapshot);
    if (this.worker.set_voice(voice) !== 0) throw new UnknownVoiceError(request.voice);
    this.worker.set_rate(request.wpm);
    this.worker.set_pitch(request.pitch);
    this.worker.set_range(request.range);
    const chunks: Int16Array[] = [];
    const events: EspeakEvent[] = [];
    this.worker.synthesize(request.text, (samples, evs) => {
      if (samples.length > 0) chunks.push(samples);
      events.push(...evs);
      return shouldStop(); // true stops the engine
    });
    const samples = new Int16Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of chunks) {
      samples.set(c, at);
      at += c.length;
    }
    return { samples, events };
  }
}
