// GENERATE_DUBBING's core: one WAV per narration line in the template's voice, peak-normalised,
// its duration measured from the file written. The task layer decides where the files go.
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { decodeWav, encodeWav, normaliseLoudness, wavDurationSeconds } from '../media/wav.js';
import { addUsage } from '../providers/core/usage.js';
import type { SpeechTemplate } from '../providers/registry.js';
import type { SpeechModel } from '../providers/tts/types.js';
import type { Usage } from '../providers/types.js';
import { writeFileAtomic } from '../storage/atomic.js';
import { parseJsonInput } from './json-input.js';
import { type NarrationLine, NarrationLineSchema } from './narration.js';
import type { Lang } from './speech-rate.js';

export interface DubbingVoice {
  model: SpeechModel;
  template: SpeechTemplate;
  language: Lang;
  /** Engine voice (eSpeak voice, reference clip, OpenAI voice); undefined = the template's. */
  voice?: string;
  /** 1 = normal speed. */
  speed: number;
}

export type DubbedLine = NarrationLine & {
  index: number;
  audio_file_path: string;
  duration_seconds: number;
};

export interface DubbingTarget {
  /** Absolute folder the WAVs are written to. */
  dir: string;
  /** The same folder as a path relative to the owner's space (what `audio_file_path` starts with). */
  relDir: string;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
export const clipName = (index: number) => `audio_${String(index).padStart(3, '0')}.wav`;

/** Speaks every line; `progress(done, total)` after each. Rejects on abort or on a provider failure. */
export async function dubLines(
  lines: NarrationLine[],
  voice: DubbingVoice,
  target: DubbingTarget,
  ctx: { signal: AbortSignal; progress?: (done: number, total: number) => void },
): Promise<{ clips: DubbedLine[]; usage: Usage; warnings: string[] }> {
  const clips: DubbedLine[] = [];
  let usage: Usage = {};
  const warnings = new Set<string>();
  for (const [i, line] of lines.entries()) {
    ctx.signal.throwIfAborted();
    const index = i + 1;
    const result = await voice.model.synthesize(
      {
        text: line.narration,
        language: voice.language,
        voice: voice.voice ?? voice.template.voice,
        rate: voice.speed,
      },
      { signal: ctx.signal },
    );
    for (const w of result.warnings) warnings.add(w);
    usage = addUsage(usage, result.usage);
    const decoded = decodeWav(result.wav);
    if (decoded.samples.length === 0)
      throw new AppError('speech_failed', 502, `line ${index}: the speech provider returned no audio`);
    const bytes = encodeWav(normaliseLoudness(decoded.samples), decoded.sampleRate);
    const name = clipName(index);
    await writeFileAtomic(join(target.dir, name), bytes);
    clips.push({
      ...line,
      index,
      audio_file_path: `${target.relDir}/${name}`,
      duration_seconds: round3(wavDurationSeconds(bytes)),
    });
    ctx.progress?.(index, lines.length);
  }
  return { clips, usage, warnings: [...warnings] };
}

export const DubbedLineSchema = NarrationLineSchema.extend({
  audio_file_path: z.string().min(1).max(1000),
  duration_seconds: z
    .number()
    .positive('must be a measured duration above 0')
    .max(24 * 3600),
});

export const DubbingFileSchema = z.looseObject({
  generation_date: z.string().nullish(),
  asset_name: z.string().nullish(),
  template_name: z.string().nullish(),
  total_duration: z.number().nullish(),
  dubbing_script: z.array(DubbedLineSchema).min(1, 'needs at least one line').max(10_000),
});
export type DubbingFile = z.output<typeof DubbingFileSchema>;

/** Reads a dubbing script (GENERATE_DUBBING's output); errors name the line. */
export const parseDubbing = (text: string, field = 'dubbing_script_path'): DubbingFile =>
  parseJsonInput(text, DubbingFileSchema, field);
