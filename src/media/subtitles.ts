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
/** Good places to break a Chinese line: after these. */
const BREAK_AFTER = /[，。！？；：、,.!?;:…]$/;

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
  return units;
}

/** Greedy line filling; Chinese lines prefer to break after punctuation. */
function wrapUnits(units: TextUnit[], maxUnits: number): TextUnit[][] {
  const lines: TextUnit[][] = [];
  let line: TextUnit[] = [];
  let width = 0;
  for (const u of units) {
    const w = unitsOf(u.text.trimEnd());
    if (line.length > 0 && width + w > maxUnits) {
      // Look back for a punctuation break in the last half of the line.
      let cut = line.length;
      let acc = width;
      for (let i = line.length - 1; i > 0; i--) {
        acc -= unitsOf(line[i]!.text);
        if (acc < maxUnits * 0.5) break;
        if (BREAK_AFTER.test(line[i - 1]!.text.trimEnd()) && !/\s$/.test(line[i - 1]!.text)) {
          cut = i;
          break;
        }
      }
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
      width = line.reduce((n, x) => n + unitsOf(x.text), 0);
    }
    line.push(u);
    width += unitsOf(u.text);
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/**
 * Greedy wrapping at the narrowest width that needs no more lines than the full width does, so
 * lines come out even ("我也要飞上蓝 / 天！" becomes two halves).
 */
function wrapBalanced(units: TextUnit[], maxUnits: number): TextUnit[][] {
  const greedy = wrapUnits(units, maxUnits);
  if (greedy.length < 2) return greedy;
  let best = greedy;
  let lo = Math.ceil(maxUnits / 2);
  let hi = maxUnits;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const lines = wrapUnits(units, mid);
    if (lines.length <= greedy.length) {
      best = lines;
      hi = mid;
    } else lo = mid + 1;
  }
  return best;
}

/** Wraps text to even lines of at most `maxUnits` half-width units (CJK = 2). */
export function wrapText(text: string, maxUnits: number): string[] {
  return wrapBalanced(plainUnits(text.trim()), maxUnits).map((l) =>
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
    const lines = wrapBalanced(units, layout.maxUnits);
    for (let i = 0; i < lines.length; i += maxLines) {
      const group = lines.slice(i, i + maxLines);
      const first = group[0]![0]!;
      const nextGroup = lines[i + maxLines];
      const start = i === 0 ? cue.start : (first.start ?? cue.start);
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
    return `Dialogue: 0,${assTime(c.start)},${assTime(c.end)},Default,,0,0,0,,${text}`;
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
}

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
    cues.push({
      index: cues.length + 1,
      start,
      end,
      text: text
        .join('\n')
        .replace(/<[^>]*>/g, '')
        .replace(/\{\\[^}]*\}/g, '')
        .trim(),
    });
  }
  if (cues.length === 0) throw badInput(field, 'no subtitle cues found');
  return cues;
}
