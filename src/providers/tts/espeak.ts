// Offline speech: eSpeak NG compiled to WebAssembly (@echogarden/espeak-ng-emscripten), so zh and
// en narration needs no system package, no network, and comes with word timings for subtitles.
import createEspeakModule, {
  type EspeakEvent,
  type EspeakModule,
  type EspeakVoiceInfo,
  type EspeakWorker,
} from '@echogarden/espeak-ng-emscripten';
import { badInput } from '../../errors.js';
import { encodeWav } from '../../media/wav.js';
import type { Language, WordTiming } from '../../pipeline/script.js';
import type { CallOptions } from '../types.js';
import type { SpeechModel, SpeechRequest, SpeechResult } from './types.js';

/** The engine's fixed output rate. */
export const ESPEAK_SAMPLE_RATE = 22050;

/**
 * Per-language defaults. Debian's espeak-ng binary reads Mandarin tone digits as English with `cmn`;
 * this WASM build speaks `cmn` correctly (and reads Latin words inside Chinese text as English).
 * Rates are eSpeak's nominal words per minute at request.rate = 1, chosen by measuring a story
 * page: en-us 145 → about 165 spoken words per minute with pauses, cmn 180 → about 3.6 characters
 * per second — an unhurried read-aloud pace for children. Pitch sits a little under eSpeak's 50,
 * which softens its edge; English gets a slightly narrower range (gentler), Mandarin keeps the
 * full range its tones need.
 */
const VOICE_DEFAULTS: Record<Language, { voice: string; wpm: number; pitch: number; range: number }> = {
  zh: { voice: 'cmn', wpm: 180, pitch: 44, range: 50 },
  en: { voice: 'en-us', wpm: 145, pitch: 44, range: 45 },
};

const MIN_WPM = 80;
const MAX_WPM = 450;
/** Text longer than this is refused: the string buffer reserved below must hold it (UTF-8 ≤ 4 B/char). */
export const ESPEAK_MAX_TEXT_CHARS = 20_000;
const STRING_BUFFER_BYTES = 4 * ESPEAK_MAX_TEXT_CHARS + 1024;
/** Where the bundled data keeps voice variants (`+f3`, `+klatt4`, …) in the module's file system. */
const VARIANTS_DIR = '/usr/share/espeak-ng-data/voices/!v';

interface Synthesis {
  samples: Int16Array;
  events: EspeakEvent[];
}

/**
 * One WASM instance per process. The engine is not reentrant, so calls run one at a time through
 * `exclusive`. Before every synthesis the whole WASM memory is reset to a snapshot taken right
 * after start-up: eSpeak keeps a pseudo-random state (and voice state) between calls, so without
 * the reset the same text gives slightly different audio each time; with it, output depends only
 * on the request (about 2 ms to copy 17 MB).
 */
class EspeakEngine {
  private queue: Promise<unknown> = Promise.resolve();
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

  private static instance: Promise<EspeakEngine> | undefined;

  static get(): Promise<EspeakEngine> {
    EspeakEngine.instance ??= EspeakEngine.start().catch((err: unknown) => {
      EspeakEngine.instance = undefined; // let a later call try again
      throw err;
    });
    return EspeakEngine.instance;
  }

  private static async start(): Promise<EspeakEngine> {
    const module = await createEspeakModule();
    const worker = new module.eSpeakNGWorker();
    // The WebIDL glue keeps one malloc'd buffer for string arguments and grows it only when a
    // longer string arrives. Growing it after the snapshot would desynchronise the JS side from
    // the restored heap, so it is grown once here (a long, unknown voice name is simply refused).
    worker.set_voice('x'.repeat(STRING_BUFFER_BYTES));
    worker.set_voice(VOICE_DEFAULTS.en.voice);
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

  exclusive<T>(fn: () => T): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Runs one synthesis from the start-up state. Call inside `exclusive`. */
  synthesize(
    text: string,
    voice: string,
    wpm: number,
    pitch: number,
    range: number,
    signal?: AbortSignal,
  ): Synthesis {
    new Uint8Array(this.module.HEAPU8.buffer).set(this.snapshot);
    if (this.worker.set_voice(voice) !== 0) throw badInput('voice', `eSpeak NG has no voice "${voice}"`);
    this.worker.set_rate(wpm);
    this.worker.set_pitch(pitch);
    this.worker.set_range(range);
    const chunks: Int16Array[] = [];
    const events: EspeakEvent[] = [];
    this.worker.synthesize(text, (samples, evs) => {
      if (samples.length > 0) chunks.push(samples);
      events.push(...evs);
      return signal?.aborted ?? false; // true stops the engine
    });
    const total = chunks.reduce((n, c) => n + c.length, 0);
    const samples = new Int16Array(total);
    let at = 0;
    for (const c of chunks) {
      samples.set(c, at);
      at += c.length;
    }
    return { samples, events };
  }
}

/**
 * eSpeak reads its input as SSML-ish text: `<…>` would be taken as tags and `&name;` as entities.
 * Each is replaced by a space (one code point for one), so the engine's text positions still
 * index the caller's text.
 */
function sanitise(text: string): string {
  return text.replace(/[<>]/g, ' ').replace(/&(?=#?\w+;)/g, ' ');
}

const EDGE_NOISE = /^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu;

/**
 * Word timings from the engine's events. eSpeak reports a word event at the word's first
 * character; for Chinese its `word_length` is 1 even when the word has several characters, and
 * a number inside Chinese gets a second event at the same position. So a word's text runs from
 * its position to the next word's position (trimmed of spaces and punctuation), and it ends where
 * its last phoneme ends (the pause after a clause is not part of the word).
 */
export function wordTimingsFromEvents(text: string, events: EspeakEvent[], duration: number): WordTiming[] {
  const chars = Array.from(text);
  interface Group {
    pos: number;
    start: number;
    end: number | undefined;
  }
  const groups: Group[] = [];
  let lastPhoneme = false; // the previous event was a spoken phoneme of the current group
  for (const ev of events) {
    const t = ev.audio_position / 1000;
    const current = groups[groups.length - 1];
    if (lastPhoneme && current) current.end = t;
    lastPhoneme = false;
    if (ev.type === 'word') {
      if (current && ev.text_position <= current.pos) continue; // same word, e.g. "有3"
      groups.push({ pos: ev.text_position, start: t, end: undefined });
    } else if (ev.type === 'phoneme' && current && typeof ev.id === 'string' && ev.id.trim() !== '') {
      lastPhoneme = true;
      current.end = undefined;
    }
  }
  const last = groups[groups.length - 1];
  if (lastPhoneme && last) last.end = duration;

  const words: WordTiming[] = [];
  groups.forEach((g, i) => {
    const next = groups[i + 1];
    const from = Math.max(0, g.pos - 1);
    const to = next ? Math.max(from, next.pos - 1) : chars.length;
    const word = chars.slice(from, to).join('').replace(EDGE_NOISE, '');
    if (!word) return;
    const start = Math.min(g.start, duration);
    let end = g.end ?? next?.start ?? duration;
    if (next) end = Math.min(end, next.start);
    end = Math.min(Math.max(end, start), duration);
    words.push({ text: word, start: round3(start), end: round3(end) });
  });
  return words;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

export interface EspeakSpeechOptions {
  /** Voice per language, overriding the defaults (`cmn`, `en-us`). */
  voices?: Partial<Record<Language, string>>;
}

export class EspeakSpeech implements SpeechModel {
  readonly provider = 'offline';
  readonly modelId = 'espeak-ng';

  constructor(private readonly options: EspeakSpeechOptions = {}) {}

  async synthesize(request: SpeechRequest, options: CallOptions = {}): Promise<SpeechResult> {
    const { text, voice, wpm, pitch, range } = this.settings(request);
    const { signal } = options;
    signal?.throwIfAborted();
    const engine = await EspeakEngine.get();
    const engineVoice = engine.resolveVoice(voice);
    if (!engineVoice) throw badInput('voice', `eSpeak NG has no voice "${voice}"`);
    const { samples, events } = await engine.exclusive(() => {
      signal?.throwIfAborted();
      return engine.synthesize(sanitise(text), engineVoice, wpm, pitch, range, signal);
    });
    signal?.throwIfAborted();
    const duration = samples.length / ESPEAK_SAMPLE_RATE;
    options.onProgress?.(1);
    return {
      wav: encodeWav(samples, ESPEAK_SAMPLE_RATE),
      words: wordTimingsFromEvents(text, events, duration),
      usage: { audioSeconds: duration },
      warnings: [],
    };
  }

  /**
   * The phonemes (IPA) eSpeak speaks for the request, word by word: a way to check what a voice
   * really says, e.g. that Mandarin is read as Mandarin.
   */
  async phonemes(request: SpeechRequest): Promise<string[][]> {
    const { text, voice, wpm, pitch, range } = this.settings(request);
    const engine = await EspeakEngine.get();
    const engineVoice = engine.resolveVoice(voice);
    if (!engineVoice) throw badInput('voice', `eSpeak NG has no voice "${voice}"`);
    const { events } = await engine.exclusive(() =>
      engine.synthesize(sanitise(text), engineVoice, wpm, pitch, range),
    );
    const words: string[][] = [];
    for (const ev of events) {
      if (ev.type === 'word') words.push([]);
      else if (ev.type === 'phoneme' && typeof ev.id === 'string' && ev.id.trim() !== '')
        words[words.length - 1]?.push(ev.id);
    }
    return words.filter((w) => w.length > 0);
  }

  private settings(request: SpeechRequest) {
    const { text, language } = request;
    if (typeof text !== 'string' || text.trim() === '') throw badInput('text', 'must not be empty');
    if (Array.from(text).length > ESPEAK_MAX_TEXT_CHARS)
      throw badInput('text', `longer than ${ESPEAK_MAX_TEXT_CHARS} characters`);
    const defaults = VOICE_DEFAULTS[language];
    if (!defaults) throw badInput('language', `must be one of ${Object.keys(VOICE_DEFAULTS).join(', ')}`);
    const rate = request.rate ?? 1;
    if (!Number.isFinite(rate) || rate <= 0) throw badInput('rate', 'must be a positive number');
    const voice = (request.voice?.trim() || this.options.voices?.[language] || defaults.voice).trim();
    if (!/^[A-Za-z0-9_-]+(\+[A-Za-z0-9_-]+)?$/.test(voice))
      throw badInput('voice', `"${voice}" is not an eSpeak NG voice name`);
    const wpm = Math.round(Math.min(MAX_WPM, Math.max(MIN_WPM, defaults.wpm * rate)));
    return { text, voice, wpm, pitch: defaults.pitch, range: defaults.range };
  }
}
