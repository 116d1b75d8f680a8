// Builds a task folder as Story..Speech would leave it — page pictures, segment and page WAVs
// joined with the Speech pause, script_data.json with measured durations — using the real ffmpeg.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { probe, runFfmpeg } from '../../src/media/ffmpeg.js';
import type { Aspect, Language, StoryScript } from '../../src/pipeline/script.js';
import { SEGMENT_PAUSE_SECONDS } from '../../src/pipeline/speech.js';

export interface VideoTaskSpec {
  language: Language;
  aspect: Aspect;
  /** Per page, the text of each segment and how long its tone lasts. */
  pages: { segments: { text: string; seconds: number }[] }[];
  /** lavfi source for the pictures: a solid colour makes burned text easy to find. */
  picture?: (page: number) => string;
  /** Add evenly spread word timings (as eSpeak would report). */
  words?: boolean;
}

const SAMPLE_RATE = 22_050;

export async function makeVideoTask(taskDir: string, spec: VideoTaskSpec): Promise<StoryScript> {
  await mkdir(join(taskDir, 'image'), { recursive: true });
  await mkdir(join(taskDir, 'speech'), { recursive: true });
  const picture =
    spec.picture ?? ((n: number) => `testsrc2=s=480x270:r=1,trim=start_frame=${n}:end_frame=${n + 1}`);
  const pages: StoryScript['pages'] = [];
  for (const [i, page] of spec.pages.entries()) {
    const n = i + 1;
    await runFfmpeg([
      '-y',
      '-f',
      'lavfi',
      '-i',
      picture(n),
      '-frames:v',
      '1',
      // One picture, even when the folder name happens to contain "%d".
      '-update',
      '1',
      join(taskDir, `image/p${n}.png`),
    ]);
    const segments: NonNullable<StoryScript['pages'][number]['segments']> = [];
    const inputs: string[] = [];
    for (const [k, seg] of page.segments.entries()) {
      const rel = `speech/p${n}_${k + 1}.wav`;
      // A different pitch per segment, so the narration is audible and distinct.
      await runFfmpeg([
        '-y',
        '-f',
        'lavfi',
        '-i',
        `sine=frequency=${300 + 40 * n + 90 * k}:sample_rate=${SAMPLE_RATE}:duration=${seg.seconds}`,
        '-ac',
        '1',
        join(taskDir, rel),
      ]);
      const duration = (await probe(join(taskDir, rel))).durationSeconds;
      const tokens = seg.text.split(/\s+/).filter(Boolean);
      // Like Speech: where the segment starts in the page WAV.
      const start = segments.reduce((t, s) => t + s.duration! + SEGMENT_PAUSE_SECONDS, 0);
      segments.push({
        text: seg.text,
        audio: rel,
        duration,
        start,
        ...(spec.words
          ? {
              words: tokens.map((t, j) => ({
                text: t.replace(/[.,!?]$/, ''),
                start: (duration * j) / tokens.length,
                end: (duration * (j + 1)) / tokens.length,
              })),
            }
          : {}),
      });
      inputs.push('-i', join(taskDir, rel));
    }
    // The page WAV: segments joined with the Speech pause between them.
    const parts: string[] = [];
    const filters: string[] = [];
    page.segments.forEach((_, k) => {
      if (k > 0) {
        filters.push(`anullsrc=r=${SAMPLE_RATE}:cl=mono,atrim=duration=${SEGMENT_PAUSE_SECONDS}[gap${k}]`);
        parts.push(`[gap${k}]`);
      }
      parts.push(`[${k}:a]`);
    });
    filters.push(`${parts.join('')}concat=n=${parts.length}:v=0:a=1[out]`);
    const pageRel = `speech/p${n}.wav`;
    await runFfmpeg([
      '-y',
      ...inputs,
      '-filter_complex',
      filters.join(';'),
      '-map',
      '[out]',
      join(taskDir, pageRel),
    ]);
    pages.push({
      page: n,
      text: page.segments.map((s) => s.text).join(spec.language === 'en' ? ' ' : ''),
      image_prompt: 'a small penguin on the ice',
      segments,
      audio: pageRel,
      duration: (await probe(join(taskDir, pageRel))).durationSeconds,
    });
  }
  const script: StoryScript = {
    title: spec.language === 'zh' ? '想飞的小企鹅' : 'The Penguin Who Wanted to Fly',
    topic: 'penguin',
    main_role: 'Pip',
    scene: 'ice',
    language: spec.language,
    characters: [{ name: 'Pip', description: 'a small round penguin with a red scarf' }],
    pages,
    settings: { aspect: spec.aspect, seed: 1 },
  };
  await writeFile(join(taskDir, 'script_data.json'), `${JSON.stringify(script, null, 2)}\n`);
  return script;
}
