// The edit timeline `storyagent edge render` plays and the exports translate: cuts of the edge's own
// source media placed end to end (retimed by `speed`), narration WAVs on top of the ducked source
// sound, and subtitle cues. Times in seconds; `in`/`out` are source times, `at` timeline times.
import { z } from 'zod';
import { parseJsonInput } from './json-input.js';

const Seconds = z
  .number()
  .finite()
  .nonnegative()
  .max(7 * 24 * 3600);
const Gain = z.number().min(-90).max(24);
/** A file name or a relative path: never absolute, never `..` (sources are looked up in a folder). */
const SourceName = z
  .string()
  .min(1)
  .max(1000)
  .refine((s) => !s.startsWith('/') && !/^[A-Za-z]:/.test(s) && !s.split(/[\\/]/).includes('..'), {
    message: 'must be a file name or a relative path without ".."',
  });

export const VideoCutSchema = z
  .looseObject({
    source: SourceName,
    in: Seconds,
    out: Seconds,
    at: Seconds,
    speed: z.number().min(0.25).max(4).default(1),
  })
  .refine((c) => c.out > c.in, { message: '"out" must be after "in"', path: ['out'] });
export type VideoCut = z.output<typeof VideoCutSchema>;

export const AudioPlacementSchema = z.looseObject({
  source: SourceName,
  at: Seconds,
  gain_db: Gain.default(0),
});

export const CueSchema = z.looseObject({
  start: Seconds,
  end: Seconds,
  text: z.string().max(5000),
});

const even = (n: number) => n % 2 === 0;

export const TimelineSchema = z.looseObject({
  version: z.literal(1),
  fps: z.number().int().min(1).max(120),
  width: z.number().int().min(16).max(7680).refine(even, 'must be even (H.264 needs it)'),
  height: z.number().int().min(16).max(4320).refine(even, 'must be even (H.264 needs it)'),
  duration: z
    .number()
    .positive()
    .max(7 * 24 * 3600),
  video: z.array(VideoCutSchema).min(1, 'needs at least one cut').max(10_000),
  audio: z.array(AudioPlacementSchema).max(10_000).default([]),
  original_audio_gain_db: Gain.default(-18),
  subtitles: z.array(CueSchema).max(100_000).default([]),
  language: z.enum(['zh', 'en']).optional(),
});
export type Timeline = z.output<typeof TimelineSchema>;

/** Seconds a cut lasts on the timeline. */
export const cutLength = (c: Pick<VideoCut, 'in' | 'out' | 'speed'>) => (c.out - c.in) / c.speed;

/** An editing script (GENERATE_EDITING_SCRIPT's output) or a bare timeline; errors name the line. */
export function parseTimelineFile(text: string, field = 'EDITING_SCRIPT.json'): Timeline {
  const head = parseJsonInput(text, z.looseObject({ timeline: z.unknown().optional() }), field);
  return head.timeline === undefined
    ? parseJsonInput(text, TimelineSchema, field)
    : parseJsonInput(text, z.looseObject({ timeline: TimelineSchema }), field).timeline;
}

/** Frame size for an aspect ratio at full HD. */
export const FRAME_FOR_ASPECT = {
  '16:9': { width: 1920, height: 1080 },
  '9:16': { width: 1080, height: 1920 },
  '1:1': { width: 1080, height: 1080 },
} as const;
export type EditAspect = keyof typeof FRAME_FOR_ASPECT;
