// Sentence-aware segmentation of a page's text into speech-friendly pieces (zh, en, and mixed),
// each at most `maxChars` long where the text allows it. Pure: no I/O, no state.
//
// The joining rule: the segments are consecutive slices of the text that tile it exactly, each
// with its surrounding whitespace trimmed. So `segments.join('')` equals the text with the
// whitespace at the cut points removed (for Chinese there is none: it is the text itself), and
// for English `segments.join(' ')` gives the text back when sentences are separated by single
// spaces. No segment is empty, and a cut never falls inside a Latin word or a number.

import type { Language } from './script.js';

export const DEFAULT_MAX_CHARS: Record<Language, number> = { zh: 40, en: 160 };

/** Punctuation that ends a sentence wherever it stands (CJK full-width forms). */
const CJK_ENDS = new Set(['。', '！', '？', '；', '…', '‼', '⁇', '⁈', '⁉', '｡']);
/** ASCII sentence ends: they end a sentence only when followed by a space, the end or CJK text. */
const LATIN_ENDS = new Set(['.', '!', '?']);
/** Closing quotes and brackets that belong to the sentence they close. */
const CLOSERS = new Set(['”', '’', '」', '』', '）', ')', '》', '〉', '】', ']', '"', "'", '»']);
/** Places to cut an over-long sentence: clause marks (ASCII ones only before a space). */
const CLAUSE_MARKS = new Set(['，', '、', '：', ',', ';', ':', '—', '–']);

/** Words that end with a full stop but do not end a sentence (compared lower-case, no dot). */
const ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'jr',
  'sr',
  'mt',
  'vs',
  'etc',
  'e.g',
  'i.e',
  'a.m',
  'p.m',
  'no',
  'fig',
  'approx',
  'dept',
  'inc',
  'ltd',
  'co',
  'capt',
  'gen',
  'sgt',
  'lt',
  'col',
  'rev',
  'u.s',
  'u.k',
]);
/** Abbreviations that are usually followed by a name, so a capital after them is no new sentence. */
const TITLE_ABBREVIATIONS = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'mt',
  'capt',
  'gen',
  'sgt',
  'lt',
  'col',
  'rev',
]);

const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c) && !isCjk(c);
const isLower = (c: string | undefined) => c !== undefined && /\p{Ll}/u.test(c);
function isCjk(c: string | undefined): boolean {
  return (
    c !== undefined &&
    /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u.test(
      c,
    )
  );
}
/** Length in user-visible characters (code points), which is what maxChars counts. */
const charLength = (s: string) => Array.from(s).length;

/**
 * Cuts `text` into segments. `maxChars` (default 40 for zh, 160 for en) bounds each segment's
 * length; a single word longer than that is kept whole rather than cut.
 */
export function splitText(text: string, language: Language, maxChars?: number): string[] {
  const max = maxChars ?? DEFAULT_MAX_CHARS[language];
  if (!Number.isInteger(max) || max < 2) throw new RangeError('maxChars: must be an integer of at least 2');
  const spans: Array<[number, number]> = [];
  for (const [start, end] of sentenceSpans(text)) {
    for (const [a, b] of limitSpan(text, start, end, max)) {
      const trimmed = trimSpan(text, a, b);
      if (trimmed) spans.push(trimmed);
    }
  }
  return mergeFragments(text, spans, max).map(([a, b]) => text.slice(a, b));
}

/** The span without its leading and trailing whitespace; null when nothing is left. */
function trimSpan(text: string, a: number, b: number): [number, number] | null {
  let s = a;
  let e = b;
  while (s < e && isSpace(text[s])) s++;
  while (e > s && isSpace(text[e - 1])) e--;
  return s < e ? [s, e] : null;
}

/** Sentence spans [start, end) that tile the text. */
function sentenceSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    let end = -1;
    if (c === '\n') {
      end = i + 1;
    } else if (CJK_ENDS.has(c)) {
      end = absorbClosers(
        text,
        skipRun(text, i, (x) => CJK_ENDS.has(x) || LATIN_ENDS.has(x)),
      );
    } else if (LATIN_ENDS.has(c)) {
      const runEnd = skipRun(text, i, (x) => LATIN_ENDS.has(x) || x === '…');
      const after = absorbClosers(text, runEnd);
      if (latinSentenceEnds(text, i, runEnd, after)) end = after;
      else i = runEnd - 1;
    }
    if (end > 0) {
      spans.push([start, end]);
      start = end;
      i = end;
    } else {
      i++;
    }
  }
  if (start < text.length) spans.push([start, text.length]);
  return spans;
}

function skipRun(text: string, i: number, inRun: (c: string) => boolean): number {
  let j = i;
  while (j < text.length && inRun(text[j]!)) j++;
  return j;
}

function absorbClosers(text: string, i: number): number {
  let j = i;
  while (j < text.length && CLOSERS.has(text[j]!)) j++;
  return j;
}

/**
 * Decides whether ASCII `.`/`!`/`?` at [i, runEnd) (closers up to `after`) ends a sentence:
 * it must be followed by the end, a space or CJK text; the next word must not start in lower
 * case ("e.g. apples", "Wait... and then"); and a lone full stop must not close an abbreviation
 * or an initial ("Mr. Li", "J. K. Rowling").
 */
function latinSentenceEnds(text: string, i: number, runEnd: number, after: number): boolean {
  const next = text[after];
  if (next !== undefined && !isSpace(next) && !isCjk(next)) return false;
  let k = after;
  while (k < text.length && isSpace(text[k]) && text[k] !== '\n') k++;
  const nextWordStart = text[k];
  if (isLower(nextWordStart)) return false;
  const isSingleDot = text[i] === '.' && runEnd === i + 1;
  if (!isSingleDot) return true;
  // The word before the dot, including inner dots ("e.g", "U.S").
  let w = i;
  while (w > 0 && (isWordChar(text[w - 1]) || (text[w - 1] === '.' && isWordChar(text[w - 2])))) w--;
  const word = text.slice(w, i);
  const lower = word.toLowerCase();
  if (TITLE_ABBREVIATIONS.has(lower)) return false;
  if (/^\p{Lu}$/u.test(word) && nextWordStart !== undefined && /\p{Lu}/u.test(nextWordStart)) return false;
  // "etc. Then" ends a sentence; "No. 5" and "approx. 3" do not (lower case was handled above).
  if (ABBREVIATIONS.has(lower)) return nextWordStart === undefined || !/\p{N}/u.test(nextWordStart);
  return true;
}

/** Splits [start, end) into pieces no longer than max: at clause marks, then spaces, then anywhere safe. */
function limitSpan(text: string, start: number, end: number, max: number): Array<[number, number]> {
  if (charLength(text.slice(start, end).trim()) <= max) return [[start, end]];
  const clauseCuts = cutPoints(start, end, (j) => isClauseCut(text, j));
  const pieces = greedy(text, start, end, clauseCuts, max);
  const out: Array<[number, number]> = [];
  for (const [a, b] of pieces) {
    if (charLength(text.slice(a, b).trim()) <= max) {
      out.push([a, b]);
      continue;
    }
    const spaceCuts = cutPoints(a, b, (j) => isSpace(text[j - 1]) && !isSpace(text[j]));
    for (const [c, d] of greedy(text, a, b, spaceCuts, max)) {
      if (charLength(text.slice(c, d).trim()) <= max) {
        out.push([c, d]);
        continue;
      }
      // No clause mark or space left (Chinese without commas): cut between characters, but
      // never inside a Latin word, a number or a surrogate pair.
      const safeCuts = cutPoints(c, d, (j) => safeHardCut(text, j));
      out.push(...greedy(text, c, d, safeCuts, max));
    }
  }
  return out;
}

/** After a clause mark; an ASCII one counts only before a space ("1,000", "3:30" and "https:" stay). */
function isClauseCut(text: string, j: number): boolean {
  const mark = text[j - 1];
  if (mark === undefined || !CLAUSE_MARKS.has(mark)) return false;
  return isCjk(mark) || isSpace(text[j]) || isCjk(text[j]);
}

function safeHardCut(text: string, j: number): boolean {
  const prev = text[j - 1];
  const next = text[j];
  if (prev === undefined || next === undefined) return false;
  const code = text.charCodeAt(j);
  if (code >= 0xdc00 && code <= 0xdfff) return false; // second half of a surrogate pair
  // Only Chinese-like text may be cut without a space: a Latin token (word, number, URL) stays whole.
  if (!isCjk(prev) && !isCjk(next)) return false;
  if (CLOSERS.has(next) || /[\p{Ps}“‘「『《]/u.test(prev)) return false;
  return true;
}

function cutPoints(start: number, end: number, ok: (j: number) => boolean): number[] {
  const cuts: number[] = [];
  for (let j = start + 1; j < end; j++) if (ok(j)) cuts.push(j);
  return cuts;
}

/** Takes the longest run of candidate pieces that fits, then starts the next piece there. */
function greedy(
  text: string,
  start: number,
  end: number,
  cuts: number[],
  max: number,
): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let a = start;
  const points = [...cuts.filter((j) => j > start && j < end), end];
  let best = -1;
  for (const p of points) {
    if (charLength(text.slice(a, p).trim()) <= max) {
      best = p;
      continue;
    }
    if (best > a) {
      out.push([a, best]);
      a = best;
      best = charLength(text.slice(a, p).trim()) <= max ? p : -1;
    }
    if (best === -1) {
      // Even the smallest piece from `a` is too long: keep it whole, the caller cuts finer.
      out.push([a, p]);
      a = p;
    }
  }
  if (a < end) out.push([a, end]);
  return out;
}

/**
 * A narration line like `他说。` or a lone `”` left after a quote would be spoken as a
 * fragment: it joins the segment before it (with the text between them) when the two fit.
 */
function mergeFragments(text: string, spans: Array<[number, number]>, max: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [a, b] of spans) {
    const seg = text.slice(a, b);
    const prev = out[out.length - 1];
    const afterQuote = prev !== undefined && CLOSERS.has(text[prev[1] - 1]!);
    const tiny = /^[\p{P}\p{S}]+$/u.test(seg) || (afterQuote && isCjk(seg[0]) && charLength(seg) <= 5);
    if (prev && tiny && charLength(text.slice(prev[0], b)) <= max) prev[1] = b;
    else out.push([a, b]);
  }
  return out;
}
