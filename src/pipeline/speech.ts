// The Speech segment: narrates every Split segment with the speech provider, one WAV per segment
// and one per page (segments joined with short pauses), durations measured from the files.
import { AppError, conflict } from '../errors.js';
import { alignWords } from '../media/align.js';
import { pageAudioPath, SEGMENT_PAUSE_SECONDS, SPEECH_DIR, segmentAudioPath } from '../media/narration.js';
import {
  decodeAt,
  decodeWav,
  encodeWav,
  joinClips,
  normaliseLoudness,
  silence,
  wavDurationSeconds,
} from '../media/wav.js';
import { SCRIPT_FILE, type TaskFolder } from '../storage/task-folder.js';
import type { StoryPage, StoryScript, WordTiming } from './script.js';
import type { SegmentContext, SegmentRunner } from './segment.js';

// The layout lives in media (the timeline reads it too); re-exported for the segment's callers.
export { pageAudioPath, SEGMENT_PAUSE_SECONDS, SPEECH_DIR, segmentAudioPath };

const round3 = (x: number) => Math.round(x * 1000) / 1000;

async function measuredDuration(folder: TaskFolder, rel: string): Promise<number> {
  return round3(wavDurationSeconds(await folder.readFile(rel)));
}

/** Keeps the engine's word timings inside [0, duration], in order and non-overlapping. */
function cleanWords(words: WordTiming[], duration: number): WordTiming[] {
  const out: WordTiming[] = [];
  let floor = 0;
  for (const w of words) {
    if (!w.text.trim() || !Number.isFinite(w.start) || !Number.isFinite(w.end)) continue;
    const start = round3(Math.min(Math.max(w.start, floor), duration));
    const end = round3(Math.min(Math.max(w.end, start), duration));
    out.push({ text: w.text, start, end });
    floor = end;
  }
  return out;
}

export const runSpeech: SegmentRunner = async (ctx) => {
  const { folder, signal } = ctx;
  const script = await folder.readScript();
  for (const page of script.pages) {
    if (!page.segments || page.segments.length === 0)
      throw conflict(`page ${page.page} has no segments: run Split first`);
  }
  const total = script.pages.reduce((n, p) => n + (p.segments?.length ?? 0), 0);
  const written: string[] = [];
  let done = 0;
  for (const page of script.pages) {
    written.push(
      ...(await narratePage(ctx, script, page, (k) => {
        done += 1;
        ctx.progress(done / total, `page ${page.page} segment ${k}/${page.segments!.length}`);
      })),
    );
  }
  signal.throwIfAborted();
  await folder.writeScript(script);
  await removeStaleAudio(folder, new Set(written));
  return [...written, SCRIPT_FILE];
};

/**
 * Narrates one page's segments (one WAV each, then the page WAV) and sets their audio, durations,
 * starts and word timings in `script`; the caller writes the script. Resolves to the WAVs written.
 */
export async function narratePage(
  ctx: SegmentContext,
  script: StoryScript,
  page: StoryPage,
  onSegment: (k: number) => void = () => {},
): Promise<string[]> {
  const { folder, signal } = ctx;
  const segments = page.segments ?? [];
  if (segments.length === 0) throw conflict(`page ${page.page} has no segments: run Split first`);
  const written: string[] = [];
  const clips: { bytes: Uint8Array; rate: number }[] = [];
  for (const [i, segment] of segments.entries()) {
    signal.throwIfAborted();
    const k = i + 1;
    const result = await ctx.providers.speech.synthesize(
      {
        text: segment.text,
        language: script.language,
        voice: ctx.render.voice,
        rate: ctx.render.speechRate,
      },
      { signal },
    );
    for (const w of result.warnings) ctx.warn?.(`${ctx.providers.speech.provider}: ${w}`);
    // Every clip is stored as 16-bit mono PCM at the provider's rate, peak-normalised so that
    // pages (and providers) sound equally loud; timings are unchanged by either step.
    const decoded = decodeWav(result.wav);
    if (decoded.samples.length === 0)
      throw new AppError(
        'speech_failed',
        502,
        `page ${page.page} segment ${k}: the speech provider returned no audio`,
      );
    const bytes = encodeWav(normaliseLoudness(decoded.samples), decoded.sampleRate);
    const rel = segmentAudioPath(page.page, k);
    await folder.writeFile(rel, bytes);
    const duration = await measuredDuration(folder, rel);
    segment.audio = rel;
    segment.duration = duration;
    // Engines without word timings (OpenAI, Gemini, CosyVoice, local models): aligned to the
    // audio so karaoke still follows the voice.
    const words =
      result.words.length > 0
        ? result.words
        : alignWords({
            text: segment.text,
            language: script.language,
            samples: decoded.samples,
            sampleRate: decoded.sampleRate,
          });
    segment.words = cleanWords(words, duration);
    clips.push({ bytes, rate: decoded.sampleRate });
    written.push(rel);
    onSegment(k);
  }

  // The page WAV is at its first clip's rate; clips from another rate are resampled.
  const rate = clips[0]!.rate;
  const pause = silence(SEGMENT_PAUSE_SECONDS, rate).length;
  const joined = joinClips(
    clips.map((c) => decodeAt(c.bytes, rate)),
    pause,
  );
  const rel = pageAudioPath(page.page);
  await folder.writeFile(rel, encodeWav(joined.samples, rate));
  // Where each segment starts inside the page WAV: Video places subtitles with it.
  segments.forEach((segment, i) => {
    segment.start = round3(joined.offsets[i]! / rate);
  });
  page.audio = rel;
  page.duration = await measuredDuration(folder, rel);
  written.push(rel);
  return written;
}

/**
 * A re-run with fewer pages or segments must not leave the old run's WAVs behind; with `page`,
 * only that page's WAVs are considered (the others belong to runs that still stand).
 */
export async function removeStaleAudio(folder: TaskFolder, keep: Set<string>, page?: number): Promise<void> {
  const owned = page === undefined ? /^p\d+(_\d+)?\.wav$/ : new RegExp(`^p${page}(_\\d+)?\\.wav$`);
  for (const name of await folder.list(SPEECH_DIR)) {
    const rel = `${SPEECH_DIR}/${name}`;
    if (owned.test(name) && !keep.has(rel)) await folder.removeFile(rel);
  }
}
