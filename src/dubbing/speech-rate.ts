// How long a line takes to say: spoken units (Chinese characters, words) at a voice's rate, plus
// the pauses its punctuation asks for. The narrator sizes its lines with it.
export type Lang = 'zh' | 'en';

/** Natural narration pace: about 4.2 Chinese characters or 2.6 English words a second. */
export const UNITS_PER_SECOND: Record<Lang, number> = { zh: 4.2, en: 2.6 };
/** Pause after a clause or sentence mark, seconds. */
export const PUNCTUATION_PAUSE = 0.25;

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/gu;

/** zh when there are at least as many Chinese characters as Latin words. */
export function languageOf(text: string): Lang {
  const cjk = text.match(CJK)?.length ?? 0;
  const words = text.match(/[A-Za-z]+/g)?.length ?? 0;
  return cjk > 0 && cjk >= words ? 'zh' : 'en';
}

/** Chinese characters plus Latin words and numbers, each counted once. */
export function spokenUnits(text: string): number {
  const cjk = text.match(CJK)?.length ?? 0;
  const words = text.replace(CJK, ' ').match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)?.length ?? 0;
  return cjk + words;
}

const pausesOf = (text: string) => text.match(/[,.;:!?，。；：！？、…]+/g)?.length ?? 0;

/** Seconds a voice speaking `unitsPerSecond` needs for `text`. */
export function estimateSeconds(text: string, unitsPerSecond: number): number {
  return spokenUnits(text) / unitsPerSecond + pausesOf(text) * PUNCTUATION_PAUSE;
}
