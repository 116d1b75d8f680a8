// The story script's shape (`script_data.json`) and the request a story is written from, as zod
// schemas and types. Below pipeline, media and providers, so every layer can share them.
import { z } from 'zod';

export const LANGUAGES = ['zh', 'en'] as const;
export const ASPECTS = ['16:9', '9:16', '1:1'] as const;
export type Language = (typeof LANGUAGES)[number];
export type Aspect = (typeof ASPECTS)[number];

/** Video frame size per aspect ratio (even numbers, as H.264 yuv420p needs). */
export const FRAME_SIZE: Record<Aspect, { width: number; height: number }> = {
  '16:9': { width: 1280, height: 720 },
  '9:16': { width: 720, height: 1280 },
  '1:1': { width: 1080, height: 1080 },
};

export const WordTimingSchema = z.object({ text: z.string(), start: z.number(), end: z.number() });
export type WordTiming = z.infer<typeof WordTimingSchema>;

export const SegmentSchema = z.looseObject({
  text: z.string().min(1),
  audio: z.string().optional(),
  duration: z.number().nonnegative().optional(),
  /** Word timings in seconds from the start of this segment's WAV (from the TTS engine). */
  words: z.array(WordTimingSchema).optional(),
});

export const PageSchema = z.looseObject({
  page: z.number().int().min(1),
  text: z.string().min(1).max(5000),
  image_prompt: z.string().max(5000),
  /** The seed this page's picture is drawn with, once a redraw chose one (else the task's). */
  image_seed: z.number().int().min(0).max(2_147_483_647).optional(),
  segments: z.array(SegmentSchema).optional(),
  /** Page narration WAV (relative to the task folder) and its measured duration, set by Speech. */
  audio: z.string().optional(),
  duration: z.number().nonnegative().optional(),
  /** Where the picture's main character stands (left, top, right, bottom in 0–1), set by Image. */
  main_box: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional(),
});
export type StoryPage = z.infer<typeof PageSchema>;

export const CharacterSchema = z.looseObject({
  name: z.string().min(1).max(200),
  description: z.string().max(2000),
  /** A fixed image seed for this character: real image models keep its look from page to page. */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
});
export type StoryCharacter = z.infer<typeof CharacterSchema>;

/** The character the story is about: the one `main_role` names, else the first on the sheet. */
export function mainCharacter(script: Pick<StoryScript, 'characters' | 'main_role'>): StoryCharacter {
  const role = script.main_role.trim();
  return script.characters.find((c) => role !== '' && c.name === role) ?? script.characters[0]!;
}

/** Settings the later segments need; written by Story so a task folder is self-describing. */
export const SettingsSchema = z.looseObject({
  aspect: z.enum(ASPECTS).default('16:9'),
  // The task row keeps it as a PostgreSQL integer.
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
});

export const StoryScriptSchema = z.looseObject({
  title: z.string().min(1).max(500),
  topic: z.string().max(2000),
  main_role: z.string().max(500),
  scene: z.string().max(500),
  language: z.enum(LANGUAGES),
  characters: z.array(CharacterSchema).min(1).max(20),
  pages: z.array(PageSchema).min(1).max(20),
  settings: SettingsSchema.optional(),
});
export type StoryScript = z.infer<typeof StoryScriptSchema>;

/** What a user asks for. `mainRole` / `scene` empty means "not given". */
export const StoryRequestSchema = z.object({
  topic: z.string().trim().min(1, 'must not be empty').max(500),
  mainRole: z.string().trim().max(100).default(''),
  scene: z.string().trim().max(200).default(''),
  language: z.enum(LANGUAGES).default('zh'),
  pages: z.number().int().min(1).max(20).default(6),
  aspect: z.enum(ASPECTS).default('16:9'),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
});
export type StoryRequest = z.infer<typeof StoryRequestSchema>;

/** Options for the Speech and Video segments. */
export const RenderOptionsSchema = z.object({
  speechRate: z.number().min(0.5).max(2).default(1),
  voice: z.string().max(100).optional(),
  burnSubtitles: z.boolean().default(true),
  subtitleStyle: z.enum(['plain', 'karaoke']).default('plain'),
  /** Absolute path of a background music file mixed under the narration. */
  musicPath: z.string().optional(),
  musicGainDb: z.number().min(-60).max(0).default(-20),
});
export type RenderOptions = z.infer<typeof RenderOptionsSchema>;
