// What each v1 task type does with its inputs: read them from the owner's space (errors name the
// file and line), run the dubbing steps, write the outputs under `tasks/{id}/` and return the
// task's `result` and usage. No database or notifications here (see lifecycle.ts and job.ts).
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { type Blueprint, blueprintToFile, parseBlueprint } from '../dubbing/blueprint.js';
import { type DubbingFile, dubLines, parseDubbing } from '../dubbing/dubbing.js';
import { buildEditingScript } from '../dubbing/editing.js';
import {
  LlmNarrator,
  type NarrationFile,
  type Narrator,
  OfflineNarrator,
  parseNarration,
} from '../dubbing/narration.js';
import { type Lang, languageOf, UNITS_PER_SECOND } from '../dubbing/speech-rate.js';
import { parseTranscript, transcriptToBlueprint } from '../dubbing/transcript.js';
import type { ProviderObserver } from '../providers/core/call.js';
import { createSpeechModel, createTextModel, type ProviderEnv } from '../providers/registry.js';
import type { Usage } from '../providers/types.js';
import { writeJsonAtomic } from '../storage/atomic.js';
import { taskDirOf, type UserSpace } from '../storage/user-space.js';
import type { V1TaskRow } from './repository.js';
import {
  dubbingSettings,
  editingSettings,
  INPUTS,
  type NarrationSettings,
  narrationSettingsOf,
  pickInput,
  type TaskType,
} from './task-types.js';

export interface V1RunContext {
  space: UserSpace;
  config: Config;
  env: ProviderEnv;
  observer?: ProviderObserver;
  signal: AbortSignal;
  progress: (fraction: number, message?: string) => void;
}

export interface V1RunOutput {
  result: Record<string, unknown>;
  usage: Record<string, Usage>;
}

async function readInput(space: UserSpace, payload: Record<string, unknown>, key: string): Promise<string> {
  const { path } = await space.file(String(payload[key]), `payload.${key}`);
  return (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
}

/** The blueprint given, or one made from the transcript given (then also written beside the outputs). */
async function loadBlueprint(
  task: V1TaskRow,
  ctx: V1RunContext,
  outDir: string,
): Promise<{ blueprint: Blueprint; written?: string }> {
  const key = pickInput(task.payload, ['blueprint_path', 'transcript_path'])!;
  const text = await readInput(ctx.space, task.payload, key);
  if (key === 'blueprint_path') return { blueprint: parseBlueprint(text, key) };
  const assetName = typeof task.payload.asset_name === 'string' ? task.payload.asset_name : undefined;
  const blueprint = transcriptToBlueprint(parseTranscript(text, key), { assetName });
  const rel = `${taskDirOf(task.id)}/blueprint.json`;
  await writeJsonAtomic(join(outDir, 'blueprint.json'), blueprintToFile(blueprint));
  return { blueprint, written: rel };
}

const blueprintLang = (b: Blueprint): Lang =>
  languageOf(b.scenes.flatMap((s) => s.dialogues.map((d) => d.content)).join(' '));

function narratorFor(ctx: V1RunContext): Narrator {
  const model = createTextModel(
    ctx.config,
    ctx.config.STORY_PROVIDER,
    ctx.env,
    'STORY_PROVIDER',
    ctx.observer,
  );
  return model ? new LlmNarrator(model) : new OfflineNarrator();
}

async function narrate(
  task: V1TaskRow,
  blueprint: Blueprint,
  settings: NarrationSettings,
  lang: Lang,
  unitsPerSecond: number,
  ctx: V1RunContext,
): Promise<{ file: NarrationFile; usage: Usage; warnings: string[] }> {
  const narrator = narratorFor(ctx);
  const out = await narrator.narrate(
    blueprint,
    {
      lang,
      style: settings.style,
      perspective: settings.perspective,
      targetDuration: settings.targetDuration,
      unitsPerSecond,
    },
    { signal: ctx.signal },
  );
  return {
    file: {
      generation_date: new Date().toISOString(),
      asset_name: (task.payload.asset_name as string | undefined) ?? blueprint.assetName ?? null,
      narration_script: out.lines,
      narrator: `${narrator.provider}:${narrator.modelId}`,
    } as NarrationFile,
    usage: out.usage,
    warnings: out.warnings,
  };
}

export async function runV1Task(task: V1TaskRow, ctx: V1RunContext): Promise<V1RunOutput> {
  const rel = taskDirOf(task.id);
  const outDir = ctx.space.resolve(rel);
  // A retried run starts from a clean folder: nothing of a half-finished try is served.
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const warnings: string[] = [];
  const type = task.task_type as TaskType;
  const out: V1RunOutput =
    type === 'GENERATE_NARRATION'
      ? await runNarration(task, ctx, outDir, warnings)
      : type === 'GENERATE_DUBBING'
        ? await runDubbing(task, ctx, outDir, warnings)
        : await runEditing(task, ctx, outDir, warnings);
  if (warnings.length) out.result.warnings = [...new Set(warnings)];
  return out;
}

async function runNarration(task: V1TaskRow, ctx: V1RunContext, outDir: string, warnings: string[]) {
  const settings = narrationSettingsOf(task.payload, warnings);
  ctx.progress(0.05, 'reading the input');
  const { blueprint, written } = await loadBlueprint(task, ctx, outDir);
  const lang = settings.lang ?? blueprintLang(blueprint);
  ctx.progress(0.2, 'writing the narration');
  const n = await narrate(task, blueprint, settings, lang, UNITS_PER_SECOND[lang], ctx);
  warnings.push(...n.warnings);
  const output = `${taskDirOf(task.id)}/narration_script.json`;
  await writeJsonAtomic(join(outDir, 'narration_script.json'), { ...n.file, ai_total_usage: n.usage });
  return {
    result: {
      message: 'Narration generated.',
      output_file_path: output,
      total_lines: n.file.narration_script.length,
      ...(written ? { blueprint_path: written } : {}),
    },
    usage: { story: n.usage },
  };
}

async function runDubbing(task: V1TaskRow, ctx: V1RunContext, outDir: string, warnings: string[]) {
  const settings = dubbingSettings(ctx.config, ctx.env, task.payload, warnings);
  const { template } = settings;
  let narration: NarrationFile;
  let narrationUsage: Usage = {};
  let written: string | undefined;
  let narrationPath: string | undefined;
  let lang: Lang;
  ctx.progress(0.02, 'reading the input');
  if (pickInput(task.payload, INPUTS.GENERATE_DUBBING[0]!) === 'input_narration_path') {
    narration = parseNarration(await readInput(ctx.space, task.payload, 'input_narration_path'));
    lang = settings.lang ?? languageOf(narration.narration_script.map((l) => l.narration).join(' '));
  } else {
    const loaded = await loadBlueprint(task, ctx, outDir);
    written = loaded.written;
    lang = settings.lang ?? blueprintLang(loaded.blueprint);
    ctx.progress(0.05, 'writing the narration');
    const pace = template.unitsPerSecond[lang] * settings.speed;
    const n = await narrate(task, loaded.blueprint, settings, lang, pace, ctx);
    narration = n.file;
    narrationUsage = n.usage;
    warnings.push(...n.warnings);
    narrationPath = `${taskDirOf(task.id)}/narration_script.json`;
    await writeJsonAtomic(join(outDir, 'narration_script.json'), { ...n.file, ai_total_usage: n.usage });
  }
  if (template.language !== 'multi' && template.language !== lang)
    warnings.push(`template ${template.name} speaks ${template.language}; the narration is ${lang}`);
  const model = createSpeechModel(
    ctx.config,
    template.provider,
    ctx.env,
    'service_params.template_name',
    ctx.observer,
  );
  const audioRel = `${taskDirOf(task.id)}/audio`;
  const lines = narration.narration_script;
  const dubbed = await dubLines(
    lines,
    { model, template, language: lang, voice: settings.voice, speed: settings.speed },
    { dir: join(outDir, 'audio'), relDir: audioRel },
    {
      signal: ctx.signal,
      progress: (done, total) => ctx.progress(0.1 + 0.85 * (done / total), `line ${done}/${total}`),
    },
  );
  warnings.push(...dubbed.warnings);
  const total = Math.round(dubbed.clips.reduce((n, c) => n + c.duration_seconds, 0) * 1000) / 1000;
  const usage = { story: narrationUsage, speech: dubbed.usage };
  const dubbing: DubbingFile = {
    generation_date: new Date().toISOString(),
    asset_name: narration.asset_name ?? null,
    template_name: template.name,
    total_duration: total,
    dubbing_script: dubbed.clips,
    ai_total_usage: usage,
    language: lang,
    voice: settings.voice ?? template.voice ?? null,
  };
  const output = `${taskDirOf(task.id)}/dubbing_script.json`;
  await writeJsonAtomic(join(outDir, 'dubbing_script.json'), dubbing);
  return {
    result: {
      message: 'Dubbing completed.',
      output_file_path: output,
      audio_output_dir: audioRel,
      total_clips: dubbed.clips.length,
      total_duration: total,
      template_name: template.name,
      ...(narrationPath ? { narration_file_path: narrationPath } : {}),
      ...(written ? { blueprint_path: written } : {}),
    },
    usage,
  };
}

async function runEditing(task: V1TaskRow, ctx: V1RunContext, outDir: string, warnings: string[]) {
  const settings = editingSettings(task.payload);
  ctx.progress(0.1, 'reading the inputs');
  const dubbingKey = pickInput(task.payload, INPUTS.GENERATE_EDITING_SCRIPT[0]!)!;
  const dubbing = parseDubbing(await readInput(ctx.space, task.payload, dubbingKey), dubbingKey);
  const { blueprint, written } = await loadBlueprint(task, ctx, outDir);
  ctx.progress(0.5, 'choosing the clips');
  const lang = settings.lang ?? blueprintLang(blueprint);
  const script = buildEditingScript(dubbing, blueprint, {
    sourceMedia: String(task.payload.source_media),
    gapThreshold: settings.gapThreshold,
    fps: settings.fps,
    aspect: settings.aspect,
    lang,
    originalAudioGainDb: settings.originalAudioGainDb,
    height: settings.height,
    assetName: typeof task.payload.asset_name === 'string' ? task.payload.asset_name : undefined,
  });
  const missingAudio = dubbing.dubbing_script.filter((l) => !l.audio_file_path).length;
  if (missingAudio) warnings.push(`${missingAudio} dubbing lines have no audio_file_path`);
  const output = `${taskDirOf(task.id)}/editing_script.json`;
  await writeJsonAtomic(join(outDir, 'editing_script.json'), script);
  return {
    result: {
      message: 'Editing script generated.',
      output_file_path: output,
      total_sequences: script.total_sequences,
      timeline_duration: script.timeline.duration,
      ...(written ? { blueprint_path: written } : {}),
    },
    usage: {},
  };
}
