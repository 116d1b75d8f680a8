// Offline speech: eSpeak NG compiled to WebAssembly (@echogarden/espeak-ng-emscripten), so zh and
// en narration needs no system package, no network, and comes with word timings for subtitles.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EspeakEvent } from '@echogarden/espeak-ng-emscripten';
import { AppError, badInput } from '../../errors.js';
import { encodeWav } from '../../media/wav.js';
import type { Language, WordTiming } from '../../story/script.js';
import type { CallOptions } from '../types.js';
import {
  type EngineRequest,
  ESPEAK_MAX_TEXT_CHARS,
  ESPEAK_SAMPLE_RATE,
  type Synthesis,
} from './espeak-engine.js';
import type { WorkerReply, WorkerRequest } from './espeak-worker.js';
import type { SpeechModel, SpeechRequest, SpeechResult } from './types.js';

export { ESPEAK_MAX_TEXT_CHARS, ESPEAK_SAMPLE_RATE };

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

/**
 * From dist/ the worker is plain JS. From the TypeScript sources (tests, `node --import tsx`) the
 * worker thread registers tsx itself first: Node 20 ignores `--import` in a worker's execArgv.
 */
function startWorker(workerData: { abortFlag: Int32Array }): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./espeak-worker.js', import.meta.url), { workerData });
  const tsxDir = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsxApi = pathToFileURL(join(tsxDir, 'dist/esm/api/index.mjs')).href;
  const entry = new URL('./espeak-worker.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

/**
 * The process's one eSpeak engine, in a worker thread: synthesis is synchronous WASM work that
 * would otherwise stall the event loop (HTTP, WebSockets, progress) for a second per page. The
 * worker answers requests in order; a cancelled request is flagged through shared memory so the
 * engine stops between audio chunks. The thread does not keep the process alive while idle.
 */
class EspeakThread {
  private static current: EspeakThread | undefined;

  static get(): EspeakThread {
    EspeakThread.current ??= new EspeakThread();
    return EspeakThread.current;
  }

  private readonly worker: Worker;
  private readonly abortFlag = new Int32Array(new SharedArrayBuffer(4));
  private readonly pending = new Map<number, (reply: WorkerReply) => void>();
  private nextId = 1;

  private constructor() {
    this.worker = startWorker({ abortFlag: this.abortFlag });
    this.worker.unref();
    this.worker.on('message', (reply: WorkerReply) => {
      const settle = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      settle?.(reply);
    });
    const fail = (message: string) => {
      if (EspeakThread.current === this) EspeakThread.current = undefined; // the next call starts afresh
      for (const [id, settle] of this.pending) settle({ id, ok: false, aborted: false, message });
      this.pending.clear();
    };
    this.worker.on('error', (err) => fail(`eSpeak worker failed: ${err.message}`));
    this.worker.on('exit', (code) => fail(`eSpeak worker exited with code ${code}`));
  }

  synthesize(request: EngineRequest, signal?: AbortSignal): Promise<Synthesis> {
    signal?.throwIfAborted();
    const id = this.nextId++;
    return new Promise<Synthesis>((resolve, reject) => {
      const onAbort = () => {
        Atomics.store(this.abortFlag, 0, id);
        this.pending.delete(id);
        if (this.pending.size === 0) this.worker.unref();
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, (reply) => {
        signal?.removeEventListener('abort', onAbort);
        if (reply.ok) resolve({ samples: reply.samples, events: reply.events as EspeakEvent[] });
        else if (reply.unknownVoice !== undefined)
          reject(badInput('voice', `eSpeak NG has no voice "${reply.unknownVoice}"`));
        else reject(new AppError('speech_failed', 500, `eSpeak NG: ${reply.message}`));
      });
      // Kept referenced while work is outstanding, so a CLI run waits for its narration.
      this.worker.ref();
      this.worker.postMessage({ id, ...request } satisfies WorkerRequest);
    });
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
    const { samples, events } = await EspeakThread.get().synthesize(
      { text: sanitise(text), voice, wpm, pitch, range },
      signal,
    );
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
    const { events } = await EspeakThread.get().synthesize({
      text: sanitise(text),
      voice,
      wpm,
      pitch,
      range,
    });
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
