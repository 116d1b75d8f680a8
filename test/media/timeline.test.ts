// The timeline decides when each page, narration and subtitle appears; these check the layout a
// viewer notices: no gaps or overlaps, narration never under a crossfade, cues where words are heard.
import { describe, expect, it } from 'vitest';
import {
  buildTimeline,
  CROSSFADE_SECONDS,
  chooseMoves,
  cuesWithin,
  LEAD_IN_SECONDS,
  PAGE_PAUSE_SECONDS,
  SEGMENT_PAUSE_SECONDS,
} from '../../src/media/timeline.js';
import type { StoryPage, StoryScript } from '../../src/pipeline/script.js';

const page = (n: number, segDurations: number[], pageDuration?: number): StoryPage => ({
  page: n,
  text: segDurations.map((_, k) => `Sentence ${k + 1}.`).join(' '),
  image_prompt: '',
  audio: `speech/p${n}.wav`,
  duration:
    pageDuration ??
    segDurations.reduce((a, b) => a + b, 0) + SEGMENT_PAUSE_SECONDS * (segDurations.length - 1),
  segments: segDurations.map((d, k) => ({
    text: `Sentence ${k + 1}.`,
    audio: `speech/p${n}_${k + 1}.wav`,
    duration: d,
    words: [
      { text: 'Sentence', start: 0, end: d / 2 },
      { text: `${k + 1}`, start: d / 2, end: d },
    ],
  })),
});

const script = (pages: StoryPage[]): StoryScript => ({
  title: 'T',
  topic: 't',
  main_role: 'm',
  scene: 's',
  language: 'en',
  characters: [{ name: 'Pip', description: 'penguin' }],
  pages,
});

describe('buildTimeline', () => {
  const tl = buildTimeline(
    script([page(1, [1.5, 2]), page(2, [2.2]), page(3, [1, 1, 1.3]), page(4, [0.8])]),
    '/task',
  );

  it('tiles page slots end to end on whole frames, the total matching the sum', () => {
    let t = 0;
    for (const p of tl.pages) {
      expect(p.start).toBeCloseTo(t, 9);
      expect(Math.abs(p.duration * 30 - Math.round(p.duration * 30))).toBeLessThan(1e-6);
      t += p.duration;
    }
    expect(tl.duration).toBeCloseTo(t, 9);
  });

  it('gives each page its narration plus a pause, and page 1 a lead-in', () => {
    expect(tl.pages[0]!.narrationStart).toBeCloseTo(LEAD_IN_SECONDS, 9);
    expect(tl.pages[0]!.duration).toBeCloseTo(
      LEAD_IN_SECONDS + 3.5 + SEGMENT_PAUSE_SECONDS + PAGE_PAUSE_SECONDS,
      1,
    );
    expect(tl.pages[1]!.narrationStart).toBe(tl.pages[1]!.start);
    for (const p of tl.pages) {
      // The narration ends before the crossfade to the next page begins.
      expect(p.narrationStart + p.narrationDuration).toBeLessThanOrEqual(
        p.start + p.duration - p.crossfadeOut + 0.02,
      );
    }
  });

  it('crossfades between pages (not after the last); pushes in first, pans between, pulls back last', () => {
    expect(tl.pages.map((p) => p.crossfadeOut)).toEqual([
      CROSSFADE_SECONDS,
      CROSSFADE_SECONDS,
      CROSSFADE_SECONDS,
      0,
    ]);
    expect(tl.pages.map((p) => p.kenBurns)).toEqual(['zoom-in', 'pan-right', 'pan-left', 'zoom-out']);
  });

  it('pans toward the side the main character stands on, and pushes in every fourth page', () => {
    const left: [number, number, number, number] = [0.05, 0.3, 0.3, 0.9];
    const right: [number, number, number, number] = [0.7, 0.3, 0.95, 0.9];
    expect(chooseMoves([{}, { main_box: left }, { main_box: left }, { main_box: right }, {}])).toEqual([
      'zoom-in',
      'pan-left',
      'pan-left',
      'pan-right',
      'zoom-out',
    ]);
    const ten = chooseMoves(Array.from({ length: 10 }, () => ({})));
    expect(ten).toEqual([
      'zoom-in',
      'pan-right',
      'pan-left',
      'pan-right',
      'zoom-in',
      'pan-right',
      'pan-left',
      'pan-right',
      'zoom-in',
      'zoom-out',
    ]);
    expect(chooseMoves([{}])).toEqual(['zoom-in']);
    // A page's move is its own: another page's character moving changes nothing else.
    const moved = chooseMoves(Array.from({ length: 10 }, (_, i) => (i === 2 ? { main_box: right } : {})));
    expect(moved.filter((m, i) => m !== ten[i])).toEqual(['pan-right']);
  });

  it('clamps the crossfade to half of a very short page', () => {
    const short = buildTimeline(script([page(1, [0.1]), page(2, [0.05]), page(3, [2])]), '/t');
    for (let i = 0; i + 1 < short.pages.length; i++) {
      const p = short.pages[i]!;
      expect(p.crossfadeOut).toBeGreaterThan(0);
      expect(p.crossfadeOut).toBeLessThanOrEqual(
        Math.min(p.duration, short.pages[i + 1]!.duration) / 2 + 1e-9,
      );
    }
  });

  it('puts each segment cue where the segment is heard in the page WAV', () => {
    const p3 = tl.pages[2]!;
    const cues = tl.cues.slice(3, 6);
    expect(cues.map((c) => c.start - p3.narrationStart)).toEqual([
      0,
      expect.closeTo(1 + SEGMENT_PAUSE_SECONDS, 9),
      expect.closeTo(2 + 2 * SEGMENT_PAUSE_SECONDS, 9),
    ]);
    // Cues run on to the next one (no flicker in the pause) and never overlap.
    expect(cues[0]!.end).toBeCloseTo(cues[1]!.start, 9);
    for (let i = 1; i < tl.cues.length; i++)
      expect(tl.cues[i]!.start).toBeGreaterThanOrEqual(tl.cues[i - 1]!.end - 1e-9);
    // Word times become absolute.
    expect(cues[1]!.words![1]!.start).toBeCloseTo(cues[1]!.start + 0.5, 9);
  });

  it('uses the offsets Speech recorded for each segment when present', () => {
    const p = page(1, [1, 1], 2.5);
    p.segments![0]!.start = 0;
    p.segments![1]!.start = 1.5;
    const t = buildTimeline(script([p]), '/t');
    expect(t.cues.map((c) => c.start)).toEqual([LEAD_IN_SECONDS, expect.closeTo(LEAD_IN_SECONDS + 1.5, 9)]);
  });

  it('infers the pause between segments when the page WAV was joined differently', () => {
    const t = buildTimeline(script([page(1, [1, 1, 1], 4)]), '/t');
    expect(t.cues.map((c) => c.start - LEAD_IN_SECONDS)).toEqual([
      0,
      expect.closeTo(1.5, 9),
      expect.closeTo(3, 9),
    ]);
  });

  it('gives a page narrated whole (no segments) one cue over its narration', () => {
    const p = page(1, [2]);
    delete p.segments;
    const t = buildTimeline(script([p]), '/t');
    expect(t.cues).toEqual([{ start: LEAD_IN_SECONDS, end: LEAD_IN_SECONDS + 2, text: p.text }]);
  });

  it('uses absolute paths for pictures and narration', () => {
    expect(tl.pages[1]!.image).toBe('/task/image/p2.png');
    expect(tl.pages[1]!.audio).toBe('/task/speech/p2.wav');
  });

  it('asks for Speech when a page has no narration', () => {
    const p = page(2, [1]);
    delete p.audio;
    delete p.duration;
    for (const s of p.segments!) delete s.audio;
    expect(() => buildTimeline(script([page(1, [1]), p]), '/t')).toThrow(
      /page 2 .*run the Speech segment first/,
    );
  });
});

describe('cuesWithin', () => {
  it('keeps the cues shown in a window, timed from its start, words included', () => {
    const cues = [
      { start: 0.3, end: 1.5, text: 'a', words: [{ text: 'a', start: 0.3, end: 1.2 }] },
      { start: 2.1, end: 3, text: 'b' },
      { start: 3.5, end: 4, text: 'c' },
    ];
    // Cues in the window, timed from its start; those outside it are left out.
    expect(cuesWithin(cues, 2, 1.5)).toEqual([{ start: expect.closeTo(0.1, 9), end: 1, text: 'b' }]);
    const first = cuesWithin(cues, 0, 2);
    expect(first).toHaveLength(1);
    expect(first[0]!.words).toEqual([{ text: 'a', start: 0.3, end: 1.2 }]);
  });
});
