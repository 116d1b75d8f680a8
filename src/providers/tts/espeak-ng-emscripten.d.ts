// Types for the parts of @echogarden/espeak-ng-emscripten (ships no types) that espeak.ts uses.
// The shapes follow the package's WebIDL glue (`eSpeakNGWorker`, its `synthesize` callback events).
declare module '@echogarden/espeak-ng-emscripten' {
  export interface EspeakEvent {
    type:
      | 'list_terminated'
      | 'word'
      | 'sentence'
      | 'mark'
      | 'play'
      | 'end'
      | 'msg_terminated'
      | 'phoneme'
      | 'samplerate';
    /** 1-based code-point index into the input text. */
    text_position: number;
    word_length: number;
    /** Milliseconds from the start of this synthesis. */
    audio_position: number;
    id?: string | number;
  }

  export interface EspeakVoiceInfo {
    name: string;
    identifier: string;
    languages: { priority: number; name: string }[];
  }

  export interface EspeakWorker {
    set_voice(name: string): number;
    set_rate(wordsPerMinute: number): number;
    set_pitch(pitch: number): number;
    set_range(range: number): number;
    set_volume(volume: number): number;
    get_samplerate(): number;
    list_voices(): EspeakVoiceInfo[];
    /** Synchronous; the callback returns true to stop the synthesis. */
    synthesize(text: string, callback: (samples: Int16Array, events: EspeakEvent[]) => boolean): void;
  }

  export interface EspeakModule {
    eSpeakNGWorker: new () => EspeakWorker;
    HEAPU8: Uint8Array;
    FS: { readdir(path: string): string[] };
  }

  const createEspeakModule: (moduleArg?: Record<string, unknown>) => Promise<EspeakModule>;
  export default createEspeakModule;
}
