// Transcripts of a source video (SRT, WebVTT, JSON segments, plain text) read into timed cues, and
// turned into a blueprint: scenes split at long pauses and where the talk changes topic.
import { z } from 'zod';
import { badInput } from '../errors.js';
import { parseSubtitles } from '../media/subtitles.js';
import type { Blueprint, Dialogue, Scene } from './blueprint.js';
import { parseJsonInput } from './json-input.js';
import { languageOf, spokenUnits, UNITS_PER_SECOND } from './speech-rate.js';

export type TranscriptFormat = 'srt' | 'vtt' | 'json' | 'text';

export interface TranscriptCue {
  start: number;
  end: number;
  text: string;
  speaker?: string;
}

const JsonTranscriptSchema = z.looseObject({
  segments: z
    .array(
      z.looseObject({
        start: z.number().nonnegative(),
        end: z.number().nonnegative(),
        text: z.string().max(10_000),
        speaker: z.string().max(200).optional(),
      }),
    )
    .min(1, 'needs at least one segment')
    .max(100_000),
});

export function detectFormat(text: string): TranscriptFormat {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (/^WEBVTT(?:\s|$)/.test(head)) return 'vtt';
  if (head.startsWith('{') || head.startsWith('[')) return 'json';
  if (/^\s*(?:\d+:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,3})?\s*-->/m.test(head)) return 'srt';
  return 'text';
}

/** "Alice: hello", "小明：你好", "[Alice] hello" → speaker and words (conventions of SRT files and notes). */
const SPEAKER_PREFIX =
  /^(?:\[([^\]\n]{1,24})\]|([^\s:：[\]()（）"“”,，.。!！?？][^:：\n"“”,，.。!！?？]{0,23})[:：])\s*(\S[\s\S]*)$/u;

export function splitSpeaker(text: string): { speaker?: string; text: string } {
  const m = SPEAKER_PREFIX.exec(text.trim());
  if (!m) return { text: text.trim() };
  const speaker = (m[1] ?? m[2] ?? '').trim();
  // "Note: the sky" is a speaker; "Then he said: go" is not (more than three words before the colon).
  if (!speaker || speaker.split(/\s+/).length > 3 || /^\d/.test(speaker)) return { text: text.trim() };
  return { speaker, text: m[3]!.trim() };
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ').trim();

/** Cues of a transcript in any of the four formats; malformed input is a 400 naming `field` and the line. */
export function parseTranscript(text: string, field = 'transcript_path'): TranscriptCue[] {
  const clean = text.replace(/^\uFEFF/, '');
  const format = detectFormat(clean);
  let cues: TranscriptCue[];
  if (format === 'json') {
    const parsed = parseJsonInput(clean, JsonTranscriptSchema, field);
    cues = parsed.segments.map((s) => {
      const own = splitSpeaker(oneLine(s.text));
      const speaker = s.speaker?.trim() || own.speaker;
      return {
        start: s.start,
        end: Math.max(s.start, s.end),
        text: own.text,
        ...(speaker ? { speaker } : {}),
      };
    });
  } else if (format === 'text') {
    cues = plainTextCues(clean);
  } else {
    cues = parseSubtitles(clean, field).map((c) => {
      const own = splitSpeaker(oneLine(c.text));
      const speaker = c.speaker ?? own.speaker;
      return { start: c.start, end: c.end, text: own.text, ...(speaker ? { speaker } : {}) };
    });
  }
  cues = cues.filter((c) => c.text !== '').sort((a, b) => a.start - b.start);
  if (cues.length === 0) throw badInput(field, 'line 1: the transcript has no text');
  return cues;
}

/** Pause a blank line stands for in a plain-text transcript (it has no times of its own). */
const PARAGRAPH_PAUSE = 4;
const LINE_PAUSE = 0.4;

/** Plain text: one cue per line, timed at an unhurried speaking rate; blank lines are long pauses. */
function plainTextCues(text: string): TranscriptCue[] {
  const lang = languageOf(text);
  const cues: TranscriptCue[] = [];
  let t = 0;
  let pendingPause = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') {
      pendingPause = PARAGRAPH_PAUSE;
      continue;
    }
    t += cues.length ? Math.max(pendingPause, LINE_PAUSE) : 0;
    pendingPause = 0;
    const own = splitSpeaker(line);
    const seconds = Math.max(1, spokenUnits(own.text) / UNITS_PER_SECOND[lang]);
    cues.push({
      start: t,
      end: t + seconds,
      text: own.text,
      ...(own.speaker ? { speaker: own.speaker } : {}),
    });
    t += seconds;
  }
  return cues;
}

export interface SceneSplitOptions {
  /** A silence at least this long always starts a new scene (default: from the transcript's own gaps). */
  pauseSeconds?: number;
  /** Scenes shorter than this are merged into a neighbour (default 6 s). */
  minSceneSeconds?: number;
  /** Scenes longer than this are split at their longest pause (default 60 s). */
  maxSceneSeconds?: number;
}

const STOPWORDS = new Set(
  (
    'a an the and or but if so of to in on at by for with from as is are was were be been am do does did ' +
    'i you he she it we they me him her us them my your his its our their this that these those there here ' +
    'what who how why when where not no yes oh ok okay just now then well very too can will would could should ' +
    "have has had get got go going come know think say said see look want like don't it's i'm you're that's " +
    'fine good great right sure really maybe thing things something anything nothing everything anyone everyone ' +
    'someone every all some any many much more most other another again still also only even back out over ' +
    'about into after before never always here please thank thanks sorry hello yeah hey let tell told make made ' +
    'take took give gave need needs perfectly course'
  ).split(' '),
);
const CJK_RE = /[\u3400-\u9fff\uf900-\ufaff]/u;
const CJK_STOP = new Set('的了是我你他她它们在有和就不也都这那个吗呢吧啊呀么要会说去来上下'.split(''));

/** Content words (en) and character pairs (zh): what two stretches of talk share when they share a topic. */
export function topicTokens(text: string): string[] {
  const out: string[] = [];
  for (const w of text.toLowerCase().match(/[a-z][a-z'-]+|[\u3400-\u9fff\uf900-\ufaff]+/gu) ?? []) {
    if (CJK_RE.test(w)) {
      const chars = [...w].filter((c) => !CJK_STOP.has(c));
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
      if (chars.length === 1) out.push(chars[0]!);
    } else if (w.length > 2 && !STOPWORDS.has(w)) out.push(w.replace(/(?:ing|ed|es|s)$/, ''));
  }
  return out;
}

function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of a) {
    na += v * v;
    dot += v * (b.get(k) ?? 0);
  }
  for (const v of b.values()) nb += v * v;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

const bag = (cues: TranscriptCue[]) => {
  const m = new Map<string, number>();
  for (const c of cues) for (const t of topicTokens(c.text)) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
};

const median = (xs: number[]) => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)]!;
};

/**
 * Where scenes start: before cue i for each i returned. Long pauses always split; between them,
 * TextTiling-style lexical cohesion (the talk before and after a gap sharing few words, deeper
 * than its surroundings) marks topic changes. Short scenes are merged, long ones split.
 */
export function sceneBoundaries(cues: TranscriptCue[], opts: SceneSplitOptions = {}): number[] {
  const n = cues.length;
  if (n < 2) return [];
  const gaps = cues.slice(1).map((c, i) => Math.max(0, c.start - cues[i]!.end));
  const pause = opts.pauseSeconds ?? Math.min(4, Math.max(1.5, 4 * median(gaps)));
  const minScene = opts.minSceneSeconds ?? 6;
  const maxScene = opts.maxSceneSeconds ?? 60;
  const W = 3;
  // Cohesion across each gap g (between cue g and g+1).
  const sims = gaps.map((_, g) =>
    cosine(bag(cues.slice(Math.max(0, g - W + 1), g + 1)), bag(cues.slice(g + 1, g + 1 + W))),
  );
  const depth = sims.map((s, g) => {
    let left = s;
    for (let k = g - 1; k >= 0 && sims[k]! >= left; k--) left = sims[k]!;
    let right = s;
    for (let k = g + 1; k < sims.length && sims[k]! >= right; k++) right = sims[k]!;
    return left - s + (right - s);
  });
  const mean = depth.reduce((a, b) => a + b, 0) / depth.length;
  const sd = Math.sqrt(depth.reduce((a, b) => a + (b - mean) ** 2, 0) / depth.length);
  const cut = new Set<number>();
  gaps.forEach((gap, g) => {
    if (gap >= pause || (sd > 0 && depth[g]! > mean + sd && depth[g]! > 0.3)) cut.add(g + 1);
  });

  // Merge scenes shorter than minScene into the neighbour across the smaller gap.
  let starts = [0, ...[...cut].sort((a, b) => a - b)];
  const span = (k: number, list: number[]) => {
    const from = list[k]!;
    const to = (list[k + 1] ?? n) - 1;
    return cues[to]!.end - cues[from]!.start;
  };
  for (let changed = true; changed && starts.length > 1; ) {
    changed = false;
    for (let k = 0; k < starts.length; k++) {
      if (span(k, starts) >= minScene) continue;
      const gapBefore = k > 0 ? gaps[starts[k]! - 1]! : Number.POSITIVE_INFINITY;
      const next = starts[k + 1];
      const gapAfter = next !== undefined ? gaps[next - 1]! : Number.POSITIVE_INFINITY;
      if (gapBefore === Number.POSITIVE_INFINITY && gapAfter === Number.POSITIVE_INFINITY) break;
      // Merging with the previous scene removes this start; with the next one removes the next start.
      starts =
        gapBefore <= gapAfter ? starts.filter((_, j) => j !== k) : starts.filter((_, j) => j !== k + 1);
      changed = true;
      break;
    }
  }
  // Split scenes longer than maxScene at their longest inner pause.
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k]!;
    const to = (starts[k + 1] ?? n) - 1;
    if (to <= from || span(k, starts) <= maxScene) continue;
    let best = from + 1;
    for (let i = from + 1; i <= to; i++) if (gaps[i - 1]! > gaps[best - 1]!) best = i;
    starts.splice(k + 1, 0, best);
    k--;
  }
  return starts.slice(1);
}

/** A blueprint from transcript cues: one chapter, scenes numbered from 1, speakers kept where given. */
export function transcriptToBlueprint(
  cues: TranscriptCue[],
  opts: SceneSplitOptions & { assetName?: string } = {},
): Blueprint {
  const starts = [0, ...sceneBoundaries(cues, opts)];
  const scenes: Scene[] = starts.map((from, k) => {
    const part = cues.slice(from, starts[k + 1] ?? cues.length);
    const dialogues: Dialogue[] = part.map((c) => ({
      speaker: c.speaker ?? '',
      content: c.text,
      start: c.start,
      end: c.end,
    }));
    return {
      id: k + 1,
      start: part[0]!.start,
      end: Math.max(...part.map((c) => c.end)),
      dialogues,
      chapterId: '1',
    };
  });
  return { ...(opts.assetName ? { assetName: opts.assetName } : {}), scenes };
}
