// The narrative blueprint (seed 002's "narrative dataset"): scenes of timed dialogue, optionally
// grouped in chapters. Read from JSON (errors name the line) into scenes ordered by time.
import { z } from 'zod';
import { parseJsonInput } from './json-input.js';

/** "HH:MM:SS.mmm" (also "H:MM:SS,mmm" and "MM:SS.mmm"), or a number of seconds. */
const CLOCK = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2}(?:[.,]\d{1,3})?)$/;

export function parseClock(value: string): number | undefined {
  const m = CLOCK.exec(value.trim());
  if (!m) return undefined;
  const [, h = '0', min, sec] = m;
  return Number(h) * 3600 + Number(min) * 60 + Number(sec!.replace(',', '.'));
}

/** 72.5 → "00:01:12.500" */
export function formatClock(seconds: number): string {
  const ms = Math.max(0, Math.round(seconds * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

const TimeSchema = z.unknown().transform((v, ctx) => {
  const s =
    typeof v === 'number' && Number.isFinite(v) && v >= 0
      ? v
      : typeof v === 'string'
        ? parseClock(v)
        : undefined;
  if (s === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(v)?.slice(0, 40) ?? 'nothing'} is not a time like "00:01:12.500"`,
    });
    return z.NEVER;
  }
  return s;
});

const DialogueSchema = z.looseObject({
  speaker: z.string().max(200).default(''),
  content: z.string().max(10_000),
  start_time: TimeSchema,
  end_time: TimeSchema,
});

const SceneIdSchema = z.union([z.number().int(), z.string().min(1).max(100)]);

const SceneSchema = z
  .looseObject({
    id: SceneIdSchema.optional(),
    start_time: TimeSchema.optional(),
    end_time: TimeSchema.optional(),
    dialogues: z.array(DialogueSchema).max(100_000).default([]),
  })
  .refine(
    (s) => s.dialogues.some((d) => d.content.trim() !== '') || s.start_time !== undefined,
    'a scene needs dialogues, or start_time and end_time',
  );

const ChapterSchema = z.looseObject({
  id: SceneIdSchema.optional(),
  chapter_uuid: z.string().optional(),
  name: z.string().optional(),
  scene_ids: z.array(SceneIdSchema).default([]),
});

export const BlueprintFileSchema = z.looseObject({
  asset_name: z.string().max(500).optional(),
  project_metadata: z.looseObject({ asset_name: z.string().optional() }).optional(),
  scenes: z.record(z.string().min(1).max(100), SceneSchema),
  chapters: z.union([z.record(z.string(), ChapterSchema), z.array(ChapterSchema)]).optional(),
});

/** A scene id as the source gave it: a number when the scene (or its key) is numeric, else its key. */
export type SceneId = number | string;

export interface Dialogue {
  speaker: string;
  content: string;
  start: number;
  end: number;
}

export interface Scene {
  id: SceneId;
  start: number;
  end: number;
  dialogues: Dialogue[];
  /** The chapter the scene belongs to (its uuid, else its id or key). */
  chapterId?: string;
}

export interface Blueprint {
  assetName?: string;
  /** Ordered by start time. */
  scenes: Scene[];
}

export const sceneKey = (id: SceneId) => String(id);

/** Reads blueprint JSON; every error names `field` and the line. */
export function parseBlueprint(text: string, field = 'blueprint_path'): Blueprint {
  const file = parseJsonInput(text, BlueprintFileSchema, field);
  const chapterOf = new Map<string, string>();
  const chapters = Array.isArray(file.chapters)
    ? file.chapters.map((c, i) => [String(i + 1), c] as const)
    : Object.entries(file.chapters ?? {});
  for (const [key, chapter] of chapters) {
    const id = chapter.chapter_uuid ?? (chapter.id !== undefined ? String(chapter.id) : key);
    for (const sid of chapter.scene_ids) chapterOf.set(String(sid), id);
  }
  const scenes: Scene[] = [];
  for (const [key, raw] of Object.entries(file.scenes)) {
    const id: SceneId = raw.id ?? (/^\d{1,9}$/.test(key) ? Number(key) : key);
    const dialogues = raw.dialogues
      .map((d) => ({
        speaker: d.speaker.trim(),
        content: d.content.trim(),
        start: d.start_time,
        end: Math.max(d.start_time, d.end_time),
      }))
      .filter((d) => d.content !== '')
      .sort((a, b) => a.start - b.start);
    const start = raw.start_time ?? dialogues[0]!.start;
    const end = raw.end_time ?? Math.max(start, ...dialogues.map((d) => d.end));
    const chapterId = chapterOf.get(key) ?? chapterOf.get(String(id));
    scenes.push({
      id,
      start,
      end: Math.max(start, end),
      dialogues,
      ...(chapterId ? { chapterId } : {}),
    });
  }
  scenes.sort((a, b) => a.start - b.start || String(a.id).localeCompare(String(b.id)));
  const assetName = file.asset_name ?? file.project_metadata?.asset_name;
  return { ...(assetName ? { assetName } : {}), scenes };
}

/** The blueprint as JSON (the SPEC shape, times as "HH:MM:SS.mmm"), e.g. one made from a transcript. */
export function blueprintToFile(blueprint: Blueprint): Record<string, unknown> {
  const chapters = new Map<string, SceneId[]>();
  for (const s of blueprint.scenes) {
    if (!s.chapterId) continue;
    chapters.set(s.chapterId, [...(chapters.get(s.chapterId) ?? []), s.id]);
  }
  return {
    ...(blueprint.assetName ? { asset_name: blueprint.assetName } : {}),
    scenes: Object.fromEntries(
      blueprint.scenes.map((s) => [
        sceneKey(s.id),
        {
          id: s.id,
          start_time: formatClock(s.start),
          end_time: formatClock(s.end),
          dialogues: s.dialogues.map((d) => ({
            speaker: d.speaker,
            content: d.content,
            start_time: formatClock(d.start),
            end_time: formatClock(d.end),
          })),
        },
      ]),
    ),
    ...(chapters.size
      ? {
          chapters: Object.fromEntries(
            [...chapters].map(([id, sceneIds], i) => [
              id,
              { id: /^\d+$/.test(id) ? Number(id) : id, name: `Chapter ${i + 1}`, scene_ids: sceneIds },
            ]),
          ),
        }
      : {}),
  };
}
