// The storybook timeline: when each page is on screen, where its narration and subtitle cues sit,
// and how pages hand over to each other. Built from script_data.json after Speech; rendered by video-args.
import { isAbsolute, join } from 'node:path';
import { AppError } from '../errors.js';
import type { Language, StoryPage, StoryScript } from '../story/script.js';
import { pageAudioPath, SEGMENT_PAUSE_SECONDS } from './narration.js';
import type { SubtitleCue, SubtitleWord } from './subtitles.js';

// SEGMENT_PAUSE_SECONDS places segments that do not say where they start (Speech records
// `segments[].start`, the offset in the page WAV, and that wins); if a page's measured duration
// disagrees with it, the pause is inferred from the durations.
export { SEGMENT_PAUSE_SECONDS };
/** Silence after each page's narration before the next page starts. */
export const PAGE_PAUSE_SECONDS = 0.6;
/** Silence before the first page's narration, so the video does not start mid-word. */
export const LEAD_IN_SECONDS = 0.3;
/** Crossfade between pages; it runs inside the outgoing page's pause, so no word is spoken over it. */
export const CROSSFADE_SECONDS = 0.6;

export const KEN_BURNS_MOVES = ['zoom-in', 'zoom-out', 'pan-left', 'pan-right'] as const;
export type KenBurnsMove = (typeof KEN_BURNS_MOVES)[number];

/** A point of the picture, as fractions of its width and height from the top left. */
export interface Focus {
  x: number;
  y: number;
}

/**
 * Where a zoom on the page closes in: the main character's head (the upper third of the box the
 * Image segment found them in), so a push-in ends on the hero, not on the sky between.
 */
export function focusOf(page: Pick<StoryPage, 'main_box'>): Focus | undefined {
  const box = page.main_box;
  if (!box) return undefined;
  const [left, top, right, bottom] = box;
  return { x: (left + right) / 2, y: top + (bottom - top) / 3 };
}

/**
 * Each page's camera move: the first page pushes in (into the story), the last pulls back (out of
 * it), and the pages between pan, toward the side the main character stands on when the Image
 * segment found them off-centre (the view ends on them), else right and left by turns; every
 * fourth page pushes in instead, so a long story does not only slide. Pans are the cheaper move to
 * render and to code (exact shifts of the last frame), so most pages pan. A page's move depends
 * on that page alone (and the story's length), so redrawing one page changes no other page's move
 * and the other pages' video chunks are reused.
 */
export function chooseMoves(pages: readonly Pick<StoryPage, 'main_box'>[]): KenBurnsMove[] {
  const n = pages.length;
  return pages.map((page, i) => {
    if (i === 0) return 'zoom-in';
    if (i === n - 1) return 'zoom-out';
    const box = page.main_box;
    const cx = box ? (box[0] + box[2]) / 2 : 0.5;
    if (cx < 0.4) return 'pan-left';
    if (cx > 0.6) return 'pan-right';
    if (i % 4 === 0) return 'zoom-in';
    return i % 2 === 1 ? 'pan-right' : 'pan-left';
  });
}

export interface TimelinePage {
  page: number;
  /** Absolute paths. */
  image: string;
  audio: string;
  /** Seconds from the video start when this page is fully on screen (its slot begins). */
  start: number;
  /** Length of the slot: lead-in (page 1) + narration + pause. Slots tile the timeline. */
  duration: number;
  /** Absolute time the page WAV starts, and its length. */
  narrationStart: number;
  narrationDuration: number;
  kenBurns: KenBurnsMove;
  /** Where a zoom closes in: the main character's face, when the Image segment found them. */
  focus?: Focus;
  /** Crossfade into the next page, ending at this slot's end (0 on the last page). */
  crossfadeOut: number;
}

export interface StoryTimeline {
  fps: number;
  language: Language;
  pages: TimelinePage[];
  /** One cue per narrated segment, in order, not yet wrapped to the frame. */
  cues: SubtitleCue[];
  /** Total length in seconds; a whole number of frames. */
  duration: number;
}

export interface TimelineOptions {
  fps?: number;
  /** The pause the Speech segment joined page WAVs with (default SEGMENT_PAUSE_SECONDS). */
  segmentPauseSeconds?: number;
}

const runSpeechFirst = (what: string) =>
  new AppError('precondition_failed', 409, `${what}: run the Speech segment first`);

/** Rounds to the frame grid so every boundary is a whole frame and durations add up exactly. */
const toFrames = (seconds: number, fps: number) => Math.round(seconds * fps);

function pageNarration(page: StoryPage, pauseSeconds: number): { audio: string; duration: number } {
  const segs = page.segments ?? [];
  const audio =
    page.audio ?? (segs.length > 0 && segs.every((s) => s.audio) ? pageAudioPath(page.page) : undefined);
  let duration = page.duration;
  if (duration === undefined && segs.length > 0 && segs.every((s) => s.duration !== undefined)) {
    duration = segs.reduce((n, s) => n + s.duration!, 0) + pauseSeconds * (segs.length - 1);
  }
  if (!audio || duration === undefined)
    throw runSpeechFirst(`page ${page.page} has no narration audio or duration`);
  return { audio, duration };
}

/** Where each segment starts inside the page WAV, and how long it is. */
function segmentPlacements(
  page: StoryPage,
  pageDuration: number,
  pauseSeconds: number,
): { offset: number; duration: number }[] {
  const segs = page.segments ?? [];
  if (segs.length === 0) return [];
  const starts = segs.map((s) => s.start);
  if (
    segs.every((s) => s.duration !== undefined) &&
    starts.every((t): t is number => typeof t === 'number')
  ) {
    // Speech wrote where each segment begins in the page WAV: exact whatever the pause was.
    return segs.map((s, k) => ({ offset: starts[k]!, duration: s.duration! }));
  }
  if (segs.every((s) => s.duration !== undefined)) {
    const sum = segs.reduce((n, s) => n + s.duration!, 0);
    let pause = pauseSeconds;
    if (segs.length > 1 && Math.abs(sum + pause * (segs.length - 1) - pageDuration) > 0.05) {
      // The page WAV was joined differently (another engine or pause): trust the measured lengths.
      pause = Math.max(0, (pageDuration - sum) / (segs.length - 1));
    }
    let t = 0;
    return segs.map((s) => {
      const p = { offset: t, duration: s.duration! };
      t += s.duration! + pause;
      return p;
    });
  }
  // No per-segment durations: share the page time by text length.
  const total = segs.reduce((n, s) => n + [...s.text].length, 0) || 1;
  let t = 0;
  return segs.map((s) => {
    const d = (pageDuration * [...s.text].length) / total;
    const p = { offset: t, duration: d };
    t += d;
    return p;
  });
}

/**
 * Lays the pages out in time. Page n's slot is [lead-in] + narration + pause, rounded to whole
 * frames; the crossfade to page n+1 takes the last `crossfadeOut` seconds of page n's pause.
 */
export function buildTimeline(
  script: StoryScript,
  taskDir: string,
  options: TimelineOptions = {},
): StoryTimeline {
  const fps = options.fps ?? 30;
  const abs = (rel: string) => (isAbsolute(rel) ? rel : join(taskDir, rel));
  const pauseSeconds = options.segmentPauseSeconds ?? SEGMENT_PAUSE_SECONDS;
  const narrations = script.pages.map((p) => pageNarration(p, pauseSeconds));
  // Slot boundaries in frames, from exact cumulative seconds, so rounding never accumulates.
  const bounds = [0];
  let exact = 0;
  narrations.forEach((n, i) => {
    exact += (i === 0 ? LEAD_IN_SECONDS : 0) + n.duration + PAGE_PAUSE_SECONDS;
    bounds.push(toFrames(exact, fps));
  });
  const maxFade = Math.min(toFrames(CROSSFADE_SECONDS, fps), toFrames(PAGE_PAUSE_SECONDS, fps));
  const moves = chooseMoves(script.pages);
  const pages: TimelinePage[] = script.pages.map((page, i) => {
    const focus = focusOf(page);
    const slot = bounds[i + 1]! - bounds[i]!;
    const nextSlot = i + 1 < script.pages.length ? bounds[i + 2]! - bounds[i + 1]! : 0;
    // Short pages get a shorter fade: never more than half of either page.
    const fadeFrames =
      nextSlot > 0 ? Math.max(1, Math.min(maxFade, Math.floor(slot / 2), Math.floor(nextSlot / 2))) : 0;
    const start = bounds[i]! / fps;
    return {
      page: page.page,
      image: abs(`image/p${page.page}.png`),
      audio: abs(narrations[i]!.audio),
      start,
      duration: slot / fps,
      narrationStart: start + (i === 0 ? LEAD_IN_SECONDS : 0),
      narrationDuration: narrations[i]!.duration,
      kenBurns: moves[i]!,
      ...(focus ? { focus } : {}),
      crossfadeOut: fadeFrames / fps,
    };
  });

  const cues: SubtitleCue[] = [];
  script.pages.forEach((page, i) => {
    const tp = pages[i]!;
    const placements = segmentPlacements(page, tp.narrationDuration, pauseSeconds);
    const pageEnd = tp.start + tp.duration - tp.crossfadeOut;
    if (placements.length === 0) {
      // A page narrated whole (no Split segments): one cue for its text; layout splits it up.
      cues.push({ start: tp.narrationStart, end: tp.narrationStart + tp.narrationDuration, text: page.text });
      return;
    }
    placements.forEach((p, k) => {
      const seg = page.segments![k]!;
      const start = tp.narrationStart + p.offset;
      const spokenEnd = start + p.duration;
      // Keep the text up through the pause after it (no flicker between segments), but never
      // into the next page's picture.
      const next = placements[k + 1];
      const end = next
        ? tp.narrationStart + next.offset
        : Math.min(pageEnd, spokenEnd + PAGE_PAUSE_SECONDS / 2);
      const words: SubtitleWord[] | undefined = seg.words?.map((w) => ({
        text: w.text,
        start: start + w.start,
        end: start + w.end,
      }));
      cues.push({ start, end: Math.max(end, spokenEnd), text: seg.text, ...(words ? { words } : {}) });
    });
  });

  return {
    fps,
    language: script.language,
    pages,
    cues,
    duration: bounds[bounds.length - 1]! / fps,
  };
}

/**
 * The cues shown during [from, from + duration), timed from `from`: a chunk's own clock, so a
 * chunk's burned subtitles depend only on what it shows, not on where it sits in the film.
 */
export function cuesWithin(cues: readonly SubtitleCue[], from: number, duration: number): SubtitleCue[] {
  const to = from + duration;
  const shift = (t: number) => Math.max(0, t - from);
  return cues
    .filter((c) => c.end > from && c.start < to)
    .map((c) => ({
      ...c,
      start: shift(c.start),
      end: shift(c.end),
      ...(c.words
        ? { words: c.words.map((w) => ({ text: w.text, start: shift(w.start), end: shift(w.end) })) }
        : {}),
    }));
}
