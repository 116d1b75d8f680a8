// GENERATE_EDITING_SCRIPT: for each narration line, the source clips (dialogue groups or single
// lines, split at gaps over gap_threshold) that cover its spoken length, trimmed, extended into the
// surrounding footage or slowed down to fit, and the timeline the edge renders.
import type { Usage } from '../providers/types.js';
import { type Blueprint, formatClock, type Scene, type SceneId } from './blueprint.js';
import type { DubbingFile } from './dubbing.js';
import { type EditAspect, FRAME_FOR_ASPECT, type Timeline } from './timeline.js';

export interface EditingOptions {
  /** File name of the source video on the edge machine. */
  sourceMedia: string;
  /** Dialogue lines closer than this (seconds) form one group. */
  gapThreshold: number;
  fps: number;
  aspect: EditAspect;
  lang?: 'zh' | 'en';
  /** Level of the source's own sound under the narration. */
  originalAudioGainDb: number;
  /** Frame height; the width follows the aspect (default: full HD). */
  height?: number;
  assetName?: string;
}

/** Silence after each narration line before the next one (the picture keeps running). */
export const BREATH_SECONDS = 0.3;
/** Shortest cut worth showing. */
const MIN_CLIP_SECONDS = 0.5;
/** Slowest the footage may be played to stretch it under a long line. */
const MIN_SPEED = 0.5;

export interface BrollClip {
  type: 'dialogue_group' | 'dialogue_single' | 'scene';
  is_group: boolean;
  scene_id: SceneId;
  chapter_id: string | null;
  content: string;
  start_time: string;
  end_time: string;
  /** Source seconds used (end − start). */
  duration: number;
  /** Before trimming or extending, when that changed it. */
  original_duration?: number;
  /** Playback speed on the timeline (below 1 when slowed to fill the line). */
  speed: number;
}

export interface EditingSequence {
  narration: string;
  narration_duration: number;
  narration_audio_path: string | null;
  source_scene_ids: SceneId[];
  /** Where the sequence starts on the timeline. */
  timeline_start: number;
  b_roll_clips: BrollClip[];
}

export interface EditingScript {
  generation_date: string;
  asset_name: string | null;
  editing_script: EditingSequence[];
  total_sequences: number;
  ai_total_usage: Usage;
  timeline: Timeline;
}

interface Candidate {
  type: BrollClip['type'];
  scene: Scene;
  content: string;
  start: number;
  end: number;
  /** How far the cut may extend into the footage after it (the next candidate or the scene's end). */
  limit: number;
}

/** Dialogue groups of the scenes: consecutive lines whose gap is below `gapThreshold`. */
export function candidatePool(scenes: Scene[], gapThreshold: number): Candidate[] {
  const pool: Candidate[] = [];
  for (const scene of scenes) {
    const groups: Candidate[] = [];
    let lines: Scene['dialogues'] = [];
    const flush = () => {
      if (!lines.length) return;
      groups.push({
        type: lines.length > 1 ? 'dialogue_group' : 'dialogue_single',
        scene,
        content: lines.map((d) => (d.speaker ? `${d.speaker}: ${d.content}` : d.content)).join('\n'),
        start: lines[0]!.start,
        end: Math.max(...lines.map((d) => d.end)),
        limit: scene.end,
      });
      lines = [];
    };
    for (const d of scene.dialogues) {
      const prev = lines[lines.length - 1];
      if (prev && d.start - prev.end >= gapThreshold) flush();
      lines.push(d);
    }
    flush();
    if (groups.length === 0 && scene.end > scene.start) {
      groups.push({
        type: 'scene',
        scene,
        content: '',
        start: scene.start,
        end: scene.end,
        limit: scene.end,
      });
    }
    groups.forEach((g, i) => {
      g.limit = Math.max(g.end, groups[i + 1]?.start ?? scene.end);
    });
    pool.push(...groups);
  }
  return pool.sort((a, b) => a.start - b.start);
}

interface Cut {
  cand: Candidate;
  start: number;
  end: number;
  speed: number;
}

/**
 * Cuts covering `length` seconds of timeline: candidates in order; then the gaps after them; then
 * slower playback (down to MIN_SPEED); then the last cut runs on past its scene (the footage goes
 * on; the renderer holds the last frame if the file ends). Too much is trimmed from the end.
 */
export function coverLength(pool: Candidate[], length: number): Cut[] {
  const cuts: Cut[] = [];
  let sum = 0;
  for (const cand of pool) {
    if (sum >= length) break;
    cuts.push({ cand, start: cand.start, end: cand.end, speed: 1 });
    sum += cand.end - cand.start;
  }
  if (cuts.length === 0) return cuts;
  if (sum < length) {
    for (const c of cuts) {
      const room = c.cand.limit - c.end;
      const take = Math.min(room, length - sum);
      if (take > 0) {
        c.end += take;
        sum += take;
      }
      if (sum >= length) break;
    }
  }
  if (sum < length) {
    const speed = Math.max(MIN_SPEED, sum / length);
    for (const c of cuts) c.speed = speed;
    const played = sum / speed;
    if (played < length) cuts[cuts.length - 1]!.end += (length - played) * speed;
    return cuts;
  }
  // Trim the excess from the end; a last cut left shorter than MIN_CLIP_SECONDS goes, and the one
  // before runs on into the footage after it instead.
  let excess = sum - length;
  while (excess > 1e-9) {
    const last = cuts[cuts.length - 1]!;
    const keep = last.end - last.start - excess;
    if (keep >= MIN_CLIP_SECONDS || cuts.length === 1) {
      last.end = last.start + Math.max(keep, 0.04);
      break;
    }
    cuts.pop();
    const prev = cuts[cuts.length - 1]!;
    prev.end += keep;
    excess = 0;
  }
  return cuts;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The editing script and its timeline for a dubbing script over a blueprint. Pure. */
export function buildEditingScript(
  dubbing: DubbingFile,
  blueprint: Blueprint,
  opts: EditingOptions,
  now = new Date(),
): EditingScript {
  const { fps } = opts;
  const full = FRAME_FOR_ASPECT[opts.aspect];
  const scale = (opts.height ?? full.height) / full.height;
  const even = (n: number) => Math.max(2, Math.round((n * scale) / 2) * 2);
  const frame = { width: even(full.width), height: even(full.height) };
  const byKey = new Map(blueprint.scenes.map((s) => [String(s.id), s]));
  const sequences: EditingSequence[] = [];
  const timeline: Timeline = {
    version: 1,
    fps,
    width: frame.width,
    height: frame.height,
    duration: 0,
    video: [],
    audio: [],
    original_audio_gain_db: opts.originalAudioGainDb,
    subtitles: [],
    ...(opts.lang ? { language: opts.lang } : {}),
  };
  let cursorFrames = 0;
  let lastSourceEnd = 0;
  for (const line of dubbing.dubbing_script) {
    const narrated = line.duration_seconds;
    const seqFrames = Math.max(1, Math.round((narrated + BREATH_SECONDS) * fps));
    let scenes = line.source_scene_ids
      .map((id) => byKey.get(String(id)))
      .filter((s): s is Scene => Boolean(s))
      .sort((a, b) => a.start - b.start);
    // A line naming no known scene is laid over the footage after the previous line's.
    if (scenes.length === 0) scenes = blueprint.scenes.filter((s) => s.end > lastSourceEnd);
    if (scenes.length === 0) scenes = blueprint.scenes;
    let cuts = coverLength(candidatePool(scenes, opts.gapThreshold), seqFrames / fps);
    if (cuts.length === 0) {
      // Scenes without any length: show the footage where the last line left off.
      const scene = scenes[0]!;
      const start = Math.max(lastSourceEnd, scene.start);
      const cand: Candidate = {
        type: 'scene',
        scene,
        content: '',
        start,
        end: start + seqFrames / fps,
        limit: 0,
      };
      cuts = [{ cand, start, end: cand.end, speed: 1 }];
    }
    const seqStart = cursorFrames / fps;
    // Whole frames per cut, by cumulative rounding, so the sequence lasts exactly seqFrames.
    const total = cuts.reduce((n, c) => n + (c.end - c.start) / c.speed, 0);
    let acc = 0;
    let placed = 0;
    const clips: BrollClip[] = [];
    for (const cut of cuts) {
      acc += (cut.end - cut.start) / cut.speed;
      const endFrame = Math.round((acc / total) * seqFrames);
      const frames = endFrame - placed;
      if (frames <= 0) continue;
      const inPoint = round3(cut.start);
      const outPoint = round3(cut.start + (frames / fps) * cut.speed);
      timeline.video.push({
        source: opts.sourceMedia,
        in: inPoint,
        out: outPoint,
        at: round3((cursorFrames + placed) / fps),
        speed: round3(cut.speed),
      });
      const original = cut.cand.end - cut.cand.start;
      const used = outPoint - inPoint;
      clips.push({
        type: cut.cand.type,
        is_group: cut.cand.type === 'dialogue_group',
        scene_id: cut.cand.scene.id,
        chapter_id: cut.cand.scene.chapterId ?? null,
        content: cut.cand.content,
        start_time: formatClock(inPoint),
        end_time: formatClock(outPoint),
        duration: round3(used),
        ...(Math.abs(used - original) > 0.05 ? { original_duration: round3(original) } : {}),
        speed: round3(cut.speed),
      });
      placed = endFrame;
      lastSourceEnd = Math.max(lastSourceEnd, outPoint);
    }
    timeline.audio.push({ source: line.audio_file_path, at: round3(seqStart), gain_db: 0 });
    timeline.subtitles.push({
      start: round3(seqStart),
      end: round3(seqStart + narrated),
      text: line.narration,
    });
    sequences.push({
      narration: line.narration,
      narration_duration: narrated,
      narration_audio_path: line.audio_file_path,
      source_scene_ids: line.source_scene_ids,
      timeline_start: round3(seqStart),
      b_roll_clips: clips,
    });
    cursorFrames += seqFrames;
  }
  timeline.duration = round3(cursorFrames / fps);
  return {
    generation_date: now.toISOString(),
    asset_name: opts.assetName ?? dubbing.asset_name ?? blueprint.assetName ?? null,
    editing_script: sequences,
    total_sequences: sequences.length,
    ai_total_usage: {},
    timeline,
  };
}
