// Subtitle files: lays timed cues out as readable lines (zh and en, landscape and portrait),
// writes SRT and karaoke ASS, and parses SRT/WebVTT back into cues.
import { badInput } from '../errors.js';
import type { Language } from '../story/script.js';

/** A word (or syllable) with its time in seconds from the start of the video. */
export interface SubtitleWord {
  text: string;
  start: number;
  end: number;
}

export interface SubtitleCue {
  start: number;
  end: number;
  /** Lines separated by "\n". */
  text: string;
  /** Word timings inside [start, end]; karaoke highlights them in turn. */
  words?: SubtitleWord[];
  /** Where the cue sits on the frame; bottom when not given. */
  position?: 'top' | 'bottom';
}

/** A stretch of the video whose picture has its main character at `box` (left, top, right, bottom in 0–1). */
export interface SubjectSpan {
  start: number;
  end: number;
  box?: readonly [number, number, number, number];
}

/** The story languages: line-breaking and sizing rules exist for each. */
export type SubtitleLanguage = Language;

/** Subtitle look derived from the frame size, shared by the SRT burn-in and the ASS file. */
export interface SubtitleLayout {
  /** Font size in pixels of the video frame. */
  fontSize: number;
  /** Line width limit in half-width units (a CJK character counts 2, a Latin letter 1). */
  maxUnits: number;
  marginV: number;
  marginH: number;
}

const CJK = /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF\u3000-\u303F]/;
/** Punctuation that must not begin a line (attached to the unit before it). */
const NO_LINE_START = /^[，。！？；：、,.!?;:)\]）」』”’》〉…—~～]+/;

const unitsOf = (s: string) => {
  let n = 0;
  for (const ch of s) n += CJK.test(ch) ? 2 : 1;
  return n;
};

/**
 * Font size and line width for a frame. zh gets at most 18 characters a line and en 42, fewer
 * when the frame is narrow (portrait), so two lines always fit inside the picture.
 */
export function subtitleLayout(language: SubtitleLanguage, width: number, height: number): SubtitleLayout {
  const fontSize = Math.max(12, Math.round(Math.min(width, height) * 0.075));
  const usable = width * 0.9;
  // libass fits ascent + descent into the font size, so a CJK glyph of Noto Sans CJK is about
  // 0.7 of it wide, and an average Latin letter about half of that.
  const fits = Math.floor(usable / (fontSize * 0.35));
  const cap = language === 'zh' ? 36 : 42;
  return {
    fontSize,
    maxUnits: Math.max(8, Math.min(cap, fits)),
    marginV: Math.round(height * 0.06),
    marginH: Math.round(width * 0.05),
  };
}

interface TextUnit {
  text: string;
  start?: number;
  end?: number;
  /** A line break after this unit would fall inside a quotation. */
  inQuote?: boolean;
}

const QUOTE_OPEN = /[“「『‘]/;
const QUOTE_CLOSE = /[”」』’]/;
/** Clause punctuation: the best places to end a line or a cue. */
const CLAUSE_END = /[，。！？；：、,.!?;:…]["”」』’]*\s*$/;
const SENTENCE_END = /[。！？.!?…]["”」』’]*\s*$/;
/** English words a clause may start with: a line may break before them. */
const CLAUSE_START =
  /^(and|but|or|so|because|when|while|then|until|who|which|that|where|if|as|before|after)\b/i;
/** A line should not end on these English words: they lean on the word after them. */
const WEAK_END =
  /\b(a|an|the|to|of|in|on|at|by|for|with|from|into|his|her|its|their|my|your|our|he|she|it|they|we|i|and|but|or|so|very|too|was|were|is|are|had|has|could|would|will|can|not|no)\s*$/i;
/** A line may start with a phrase: before a preposition is a fair place to break. */
const PHRASE_START =
  /^(in|on|at|by|for|with|from|into|to|past|over|under|behind|through|across|around|like)\b/i;
const zhWords = new Intl.Segmenter('zh', { granularity: 'word' });

/**
 * Joins units that belong to one word (Intl.Segmenter for Chinese, so 翅膀 and 一秒钟 are never
 * split), keeping the time of the first and last piece, and marks the units inside quotations.
 */
function wordsAndQuotes(units: TextUnit[]): TextUnit[] {
  const text = units.map((u) => u.text).join('');
  // Character offsets where a line may break: between segmenter words.
  const cuts = new Set<number>([0, text.length]);
  if (CJK.test(text)) {
    for (const seg of zhWords.segment(text)) cuts.add(seg.index);
  } else for (let i = 0; i <= text.length; i++) cuts.add(i);
  const merged: TextUnit[] = [];
  let at = 0;
  for (const u of units) {
    const last = merged[merged.length - 1];
    if (last && !cuts.has(at) && CJK.test(u.text[0] ?? '')) {
      last.text += u.text;
      last.end = u.end ?? last.end;
    } else merged.push({ ...u });
    at += u.text.length;
  }
  // Latin double quotes open and close with the same character.
  let depth = 0;
  let latinOpen = false;
  for (const u of merged) {
    for (const ch of u.text) {
      if (QUOTE_OPEN.test(ch)) depth++;
      else if (QUOTE_CLOSE.test(ch)) depth = Math.max(0, depth - 1);
      else if (ch === '"') latinOpen = !latinOpen;
    }
    u.inQuote = depth > 0 || latinOpen;
  }
  return merged;
}

/** How good a line break after `units[k]` is: clause ends first, never inside a quotation if avoidable. */
function breakQuality(units: TextUnit[], k: number): number {
  const u = units[k]!;
  const next = units[k + 1];
  let q = 0;
  // Inside a quotation only when it is too long for one line, and then at its own punctuation.
  if (u.inQuote) q -= 4;
  if (CLAUSE_END.test(u.text)) q += 3;
  if (next && QUOTE_OPEN.test(next.text[0] ?? '')) q += 1.5;
  if (next && !u.inQuote && CLAUSE_START.test(next.text.trim())) q += 1.5;
  if (next && !u.inQuote && PHRASE_START.test(next.text.trim())) q += 0.8;
  if (WEAK_END.test(u.text)) q -= 2.5;
  return q;
}

/** Breaks text into unbreakable units: CJK characters, Latin words (with their spaces), punctuation glued left. */
function plainUnits(text: string): TextUnit[] {
  const units: TextUnit[] = [];
  const re = /[\u2E80-\u9FFF\uF900-\uFAFF]|[^\s\u2E80-\u9FFF\uF900-\uFAFF]+\s*|\s+/gu;
  for (const m of text.matchAll(re)) {
    const piece = m[0];
    const last = units[units.length - 1];
    if (last && (NO_LINE_START.test(piece) || /^\s+$/.test(piece))) last.text += piece;
    else units.push({ text: piece });
  }
  return units;
}

/**
 * Maps TTS word timings onto the cue text, so the displayed text keeps its punctuation. Returns
 * null when the words cannot be found in the text (the caller then splits time evenly).
 */
function wordUnits(text: string, words: readonly SubtitleWord[]): TextUnit[] | null {
  const lower = text.toLowerCase();
  const found: { pos: number; word: SubtitleWord }[] = [];
  let cursor = 0;
  for (const w of words) {
    const needle = w.text.trim().toLowerCase();
    if (!needle) continue;
    const pos = lower.indexOf(needle, cursor);
    if (pos < 0) continue;
    found.push({ pos, word: w });
    cursor = pos + needle.length;
  }
  if (found.length === 0) return null;
  const units: TextUnit[] = [];
  for (let i = 0; i < found.length; i++) {
    const from = i === 0 ? 0 : found[i]!.pos;
    const to = i + 1 < found.length ? found[i + 1]!.pos : text.length;
    const piece = text.slice(from, to);
    // Long Chinese words from the engine may span a line; split them per character, sharing the time.
    if ([...piece].length > 6 && CJK.test(piece)) {
      const sub = plainUnits(piece);
      const { start, end } = found[i]!.word;
      const step = (end - start) / sub.length;
      sub.forEach((u, k) => {
        units.push({ text: u.text, start: start + k * step, end: start + (k + 1) * step });
      });
    } else {
      units.push({ text: piece, start: found[i]!.word.start, end: found[i]!.word.end });
    }
  }
  // An opening quotation mark belongs to the word after it: 'said, "' | 'I'm…' would leave it
  // dangling at a line's end.
  for (let i = 0; i + 1 < units.length; i++) {
    const open = /(^|\s)(["“「『‘]+)$/u.exec(units[i]!.text);
    if (!open) continue;
    units[i]!.text = units[i]!.text.slice(0, open.index + open[1]!.length);
    units[i + 1]!.text = open[2]! + units[i + 1]!.text;
  }
  return units.filter((u) => u.text.length > 0);
}

/**
 * Line filling: each line takes what fits, then gives back units to end at the best break in its
 * last part: clause punctuation, before a quotation or a clause word, never inside a quotation
 * unless the quotation alone is longer than a line.
 */
function wrapUnits(units: TextUnit[], maxUnits: number, choose = true): TextUnit[][] {
  const lines: TextUnit[][] = [];
  const w = (u: TextUnit) => unitsOf(u.text.trimEnd());
  let i = 0;
  while (i < units.length) {
    let j = i;
    let width = 0;
    while (j < units.length && (j === i || width + w(units[j]!) <= maxUnits)) {
      width += unitsOf(units[j]!.text);
      j++;
    }
    if (j >= units.length) {
      lines.push(units.slice(i));
      break;
    }
    let best = j;
    let bestScore = Number.NEGATIVE_INFINITY;
    let lineWidth = width;
    for (let k = j; choose && k > i; k--) {
      if (k < j) lineWidth -= unitsOf(units[k]!.text);
      if (k < j && lineWidth < maxUnits * 0.25) break;
      const score = breakQuality(units, k - 1) + (lineWidth / maxUnits) * 2.5;
      if (score > bestScore) {
        best = k;
        bestScore = score;
      }
    }
    lines.push(units.slice(i, best));
    i = best;
  }
  return lines;
}

/**
 * Tries every line width from the full one down to half of it and keeps the wrapping with no more
 * lines than the full width needs whose breaks are best (clause ends, no quotation split) and
 * whose lines are most even ("我也要飞上蓝 / 天！" becomes two halves).
 */
function wrapBalanced(units: TextUnit[], maxUnits: number): TextUnit[][] {
  // As few lines as plain filling needs; among those wrappings, the best breaks.
  const greedy = wrapUnits(units, maxUnits, false);
  if (greedy.length < 2) return greedy;
  const score = (lines: TextUnit[][]) => {
    let q = 0;
    let at = -1;
    const widths = lines.map((l) =>
      unitsOf(
        l
          .map((u) => u.text)
          .join('')
          .trim(),
      ),
    );
    for (const l of lines.slice(0, -1)) {
      at += l.length;
      q += breakQuality(units, at);
    }
    const mean = widths.reduce((a, b) => a + b, 0) / widths.length;
    const uneven = widths.reduce((a, w) => a + Math.abs(w - mean), 0) / (widths.length * maxUnits);
    return q - 6 * uneven;
  };
  let best = greedy;
  let bestScore = score(greedy);
  for (let width = maxUnits; width >= Math.ceil(maxUnits / 2); width--) {
    for (const lines of [wrapUnits(units, width), wrapUnits(units, width, false)]) {
      if (lines.length > greedy.length) continue;
      const sc = score(lines);
      if (sc > bestScore) {
        best = lines;
        bestScore = sc;
      }
    }
  }
  return best;
}

/**
 * Splits a cue's units into pieces that each fit in one on-screen cue, at sentence ends first,
 * then clause ends, so a cue shows whole sentences or clauses instead of two lines cut anywhere.
 */
function cueChunks(units: TextUnit[], capacity: number): TextUnit[][] {
  const total = units.reduce((n, u) => n + unitsOf(u.text), 0);
  if (total <= capacity) return [units];
  const chunks: TextUnit[][] = [];
  let chunk: TextUnit[] = [];
  let width = 0;
  let lastSentence = -1;
  let lastClause = -1;
  for (const u of units) {
    chunk.push(u);
    width += unitsOf(u.text);
    const k = chunk.length - 1;
    if (!u.inQuote && SENTENCE_END.test(u.text)) lastSentence = k;
    else if (CLAUSE_END.test(u.text)) lastClause = k;
    if (width > capacity * 0.95) {
      // Close the chunk at the last sentence end (else clause end) that leaves it at least a third full.
      const at = [lastSentence, lastClause].find(
        (x) => x >= 0 && chunk.slice(0, x + 1).reduce((n, v) => n + unitsOf(v.text), 0) >= capacity / 3,
      );
      if (at !== undefined && at < chunk.length - 1) {
        chunks.push(chunk.slice(0, at + 1));
        chunk = chunk.slice(at + 1);
      } else if (at !== undefined) {
        chunks.push(chunk);
        chunk = [];
      } else continue;
      width = chunk.reduce((n, v) => n + unitsOf(v.text), 0);
      lastSentence = -1;
      lastClause = -1;
    }
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Wraps text to even lines of at most `maxUnits` half-width units (CJK = 2). */
export function wrapText(text: string, maxUnits: number): string[] {
  return wrapBalanced(wordsAndQuotes(plainUnits(text.trim())), maxUnits).map((l) =>
    l
      .map((u) => u.text)
      .join('')
      .trim(),
  );
}

/**
 * Turns raw cues (one per narrated segment) into display cues: wrapped to the frame, at most
 * `maxLines` lines each (longer text becomes consecutive cues, timed by its words or its length),
 * with word timings attached for karaoke (evenly split when the engine gave none).
 */
export function layoutCues(
  cues: readonly SubtitleCue[],
  layout: Pick<SubtitleLayout, 'maxUnits'>,
  maxLines = 2,
): SubtitleCue[] {
  const out: SubtitleCue[] = [];
  for (const cue of cues) {
    const text = cue.text.replace(/\s+/g, (s) => (s.includes('\n') ? ' ' : s)).trim();
    if (!text) continue;
    let units = (cue.words && cue.words.length > 0 && wordUnits(text, cue.words)) || null;
    if (!units) {
      // No usable word timings: spread the cue's time over the text by its width.
      units = plainUnits(text);
      const total = units.reduce((n, u) => n + (unitsOf(u.text.trim()) || 1), 0) || 1;
      let t = cue.start;
      for (const u of units) {
        const d = ((cue.end - cue.start) * (unitsOf(u.text.trim()) || 1)) / total;
        u.start = t;
        u.end = t + d;
        t += d;
      }
    }
    const lines = cueChunks(wordsAndQuotes(units), layout.maxUnits * maxLines).flatMap((chunk) =>
      wrapBalanced(chunk, layout.maxUnits),
    );
    for (let i = 0; i < lines.length; ) {
      // A cue ends where a clause ends when it can: a first line that closes a sentence, while
      // the second line would stop mid-clause, stands alone.
      let size = Math.min(maxLines, lines.length - i);
      const lineText = (k: number) => lines[k]!.map((u) => u.text).join('');
      if (size > 1 && i + size < lines.length && !CLAUSE_END.test(lineText(i + size - 1))) {
        for (let k = size - 1; k >= 1; k--)
          if (SENTENCE_END.test(lineText(i + k - 1))) {
            size = k;
            break;
          }
      }
      const from = i;
      const group = lines.slice(i, i + size);
      i += size;
      const first = group[0]![0]!;
      const nextGroup = lines[i];
      const start = from === 0 ? cue.start : (first.start ?? cue.start);
      const end = nextGroup ? (nextGroup[0]!.start ?? cue.end) : cue.end;
      const words = group.flat().map((u) => ({
        text: u.text,
        start: Math.max(start, u.start ?? start),
        end: Math.min(end, u.end ?? end),
      }));
      out.push({
        start,
        end,
        text: group
          .map((l) =>
            l
              .map((u) => u.text)
              .join('')
              .trim(),
          )
          .join('\n'),
        words,
      });
    }
  }
  return out;
}

/** Height of one subtitle line as libass sets it, in font sizes. */
const LINE_HEIGHT = 1.25;
/** Room kept around the character: the pan and zoom move the picture a little under the text. */
const BOX_MARGIN = 0.04;

/**
 * Places each laid-out cue at the bottom of the frame, or at the top when at the bottom it would
 * cover the main character of its page and at the top it covers less. One place per page, so a
 * page's cues do not jump about; the widest cue of the page decides.
 */
export function placeCues(
  cues: readonly SubtitleCue[],
  spans: readonly SubjectSpan[],
  layout: Pick<SubtitleLayout, 'fontSize' | 'marginV'>,
  width: number,
  height: number,
): SubtitleCue[] {
  const spanOf = (c: SubtitleCue) =>
    spans.find((s) => c.start >= s.start && c.start < s.end) ?? spans.findLast((s) => c.start >= s.start);
  /** Share of the character's box a cue covers at one place. */
  const covered = (c: SubtitleCue, box: readonly number[], at: 'top' | 'bottom') => {
    const lines = c.text.split('\n');
    const w = Math.min(width, Math.max(...lines.map(unitsOf)) * layout.fontSize * 0.35) / width;
    const h = (lines.length * layout.fontSize * LINE_HEIGHT) / height;
    const m = layout.marginV / height;
    const [y0, y1] = at === 'bottom' ? [1 - m - h, 1 - m] : [m, m + h];
    const [bx0, by0, bx1, by1] = [
      box[0]! - BOX_MARGIN,
      box[1]! - BOX_MARGIN,
      box[2]! + BOX_MARGIN,
      box[3]! + BOX_MARGIN,
    ];
    const ox = Math.max(0, Math.min(0.5 + w / 2, bx1) - Math.max(0.5 - w / 2, bx0));
    const oy = Math.max(0, Math.min(y1, by1) - Math.max(y0, by0));
    return (ox * oy) / Math.max(1e-6, (bx1 - bx0) * (by1 - by0));
  };
  const placeOf = new Map<SubjectSpan, 'top' | 'bottom'>();
  for (const span of spans) {
    if (!span.box) continue;
    const mine = cues.filter((c) => spanOf(c) === span);
    const bottom = Math.max(0, ...mine.map((c) => covered(c, span.box!, 'bottom')));
    const top = Math.max(0, ...mine.map((c) => covered(c, span.box!, 'top')));
    // Grazing the feet's shadow is no reason to move; covering a few per cent of the body is.
    placeOf.set(span, bottom > 0.03 && top < bottom ? 'top' : 'bottom');
  }
  return cues.map((c) => {
    const span = spanOf(c);
    const position = span ? placeOf.get(span) : undefined;
    return position ? { ...c, position } : { ...c };
  });
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** 3723.456 → "01:02:03,456" (SRT) or with "." (WebVTT). */
export function formatTimestamp(seconds: number, fractionSeparator: ',' | '.' = ','): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${fractionSeparator}${pad(ms % 1000, 3)}`;
}

/** Writes cues as SRT (numbered from 1, CRLF-free, blank line between cues). */
export function formatSrt(cues: readonly SubtitleCue[]): string {
  return cues
    .map((c, i) => `${i + 1}\n${formatTimestamp(c.start)} --> ${formatTimestamp(c.end)}\n${c.text.trim()}\n`)
    .join('\n');
}

/** ASS time: H:MM:SS.cc */
function assTime(seconds: number): string {
  const cs = Math.max(0, Math.round(seconds * 100));
  const h = Math.floor(cs / 360_000);
  const m = Math.floor((cs % 360_000) / 6000);
  const s = Math.floor((cs % 6000) / 100);
  return `${h}:${pad(m, 2)}:${pad(s, 2)}.${pad(cs % 100, 2)}`;
}

/** ASS has no escape for braces or backslashes in text; full-width look-alikes keep them visible. */
function assText(s: string): string {
  return s.replace(/\\/g, '＼').replace(/\{/g, '｛').replace(/\}/g, '｝');
}

export interface AssOptions {
  width: number;
  height: number;
  fontName: string;
  layout: SubtitleLayout;
  /** Highlight word by word with \k tags. */
  karaoke: boolean;
}

/** ASS colours are &HAABBGGRR. */
const WHITE = '&H00FFFFFF';
const GOLD = '&H0000D7FF';
const BLACK = '&H00000000';
const SHADOW = '&H80000000';

/** Writes cues as an ASS script sized to the frame; with karaoke each word gets a \k tag. */
export function formatAss(cues: readonly SubtitleCue[], opts: AssOptions): string {
  const { layout } = opts;
  const outline = Math.max(1, Math.round(layout.fontSize / 16));
  // With \k, text shows in SecondaryColour until its time, then in PrimaryColour.
  const primary = opts.karaoke ? GOLD : WHITE;
  const head = [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${opts.width}`,
    `PlayResY: ${opts.height}`,
    // We wrap lines ourselves; 2 = break only at \N.
    'WrapStyle: 2',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    `Style: Default,${opts.fontName.replace(/,/g, ' ')},${layout.fontSize},${primary},${WHITE},${BLACK},${SHADOW},0,0,0,0,100,100,0,0,1,${outline},1,2,${layout.marginH},${layout.marginH},${layout.marginV},1`,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
  ];
  const events = cues.map((c) => {
    const text = opts.karaoke ? karaokeText(c) : assText(c.text).replace(/\n/g, '\\N');
    // \an8: top centre, the style's vertical margin kept from the top edge.
    const place = c.position === 'top' ? '{\\an8}' : '';
    return `Dialogue: 0,${assTime(c.start)},${assTime(c.end)},Default,,0,0,0,,${place}${text}`;
  });
  return `${[...head, ...events].join('\n')}\n`;
}

/** `{\kN}word` per word, N in centiseconds, rounded on the running total so no drift builds up. */
function karaokeText(cue: SubtitleCue): string {
  const words =
    cue.words && cue.words.length > 0 ? cue.words : [{ text: cue.text, start: cue.start, end: cue.end }];
  const lines = cue.text.split('\n').map((l) => l.replace(/\s+/g, ''));
  const at = (t: number) => Math.round((t - cue.start) * 100);
  let out = '';
  let lead = at(words[0]!.start);
  if (lead > 0) out += `{\\k${lead}}`;
  else lead = 0;
  // Insert \N where the laid-out lines break, tracking characters consumed (spaces ignored).
  let lineIdx = 0;
  let consumed = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = i + 1 < words.length ? words[i + 1]!.start : cue.end;
    const k = Math.max(0, at(next) - at(w.start));
    const lineLen = lines[lineIdx]?.length ?? Number.POSITIVE_INFINITY;
    if (consumed >= lineLen && lineIdx + 1 < lines.length) {
      out = `${out.trimEnd()}\\N`;
      lineIdx++;
      consumed = 0;
    }
    out += `{\\k${k}}${assText(w.text.replace(/\n/g, ' '))}`;
    consumed += w.text.replace(/\s+/g, '').length;
  }
  return out.trimEnd();
}

/** A cue read from an SRT or WebVTT file; `text` has markup (<i>, {\an8}) removed. */
export interface ParsedCue {
  index: number;
  start: number;
  end: number;
  text: string;
  /** WebVTT voice span (`<v Alice>…`): who speaks, when the file says. */
  speaker?: string;
}

const VOICE_SPAN = /<v(?:\.[^\s>]*)?\s+([^>]+)>/;

const TIMING =
  /^\s*((?:\d+:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?)\s*-->\s*((?:\d+:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?)(?:\s+.*)?$/;

function parseTime(s: string): number {
  const [clock, frac = ''] = s.split(/[.,]/);
  const parts = clock!.split(':').map(Number);
  const [h, m, sec] = parts.length === 3 ? parts : [0, parts[0]!, parts[1]!];
  return h! * 3600 + m! * 60 + sec! + (frac ? Number(frac) / 10 ** frac.length : 0);
}

/**
 * Parses SRT or WebVTT text into cues. Tolerates a BOM, CRLF, missing cue numbers, VTT headers,
 * NOTE/STYLE/REGION blocks and cue settings. Errors name the line (`field` defaults to
 * "subtitles"): "subtitles: line 7: expected a timing line …".
 */
export function parseSubtitles(input: string, field = 'subtitles'): ParsedCue[] {
  const lines = input.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const cues: ParsedCue[] = [];
  let i = 0;
  const isVtt = /^WEBVTT(?:\s|$)/.test(lines[0] ?? '');
  const fail = (lineNo: number, msg: string) => badInput(field, `line ${lineNo}: ${msg}`);
  if (isVtt) {
    // Skip the header block.
    while (i < lines.length && lines[i]!.trim() !== '') i++;
  }
  while (i < lines.length) {
    while (i < lines.length && lines[i]!.trim() === '') i++;
    if (i >= lines.length) break;
    const blockStart = i;
    if (isVtt && /^(NOTE|STYLE|REGION)(\s|$)/.test(lines[i]!)) {
      while (i < lines.length && lines[i]!.trim() !== '') i++;
      continue;
    }
    let timingLine = lines[i]!;
    if (!timingLine.includes('-->')) {
      // A cue number (SRT) or identifier (VTT) comes first.
      i++;
      timingLine = lines[i] ?? '';
    }
    const m = TIMING.exec(timingLine);
    if (!m) {
      const lineNo = timingLine.includes('-->') || i < lines.length ? i + 1 : blockStart + 1;
      const shown = (lines[i] ?? '').trim().slice(0, 60);
      throw fail(
        lineNo,
        `expected a timing line like "00:00:01,000 --> 00:00:02,500", got ${shown ? `"${shown}"` : 'nothing'}`,
      );
    }
    const start = parseTime(m[1]!);
    const end = parseTime(m[2]!);
    if (end < start) throw fail(i + 1, `cue ends (${m[2]}) before it starts (${m[1]})`);
    i++;
    const text: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '') {
      if (TIMING.test(lines[i]!)) throw fail(i + 1, 'a timing line inside cue text (missing blank line?)');
      text.push(lines[i]!);
      i++;
    }
    const raw = text.join('\n');
    const speaker = VOICE_SPAN.exec(raw)?.[1]?.trim();
    cues.push({
      index: cues.length + 1,
      start,
      end,
      text: raw
        .replace(/<[^>]*>/g, '')
        .replace(/\{\\[^}]*\}/g, '')
        .trim(),
      ...(speaker ? { speaker } : {}),
    });
  }
  if (cues.length === 0) throw badInput(field, 'no subtitle cues found');
  return cues;
}
