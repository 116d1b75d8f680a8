// GENERATE_DUBBING offline: a 60-line transcript → blueprint → narration → one eSpeak WAV per line.
// The figure is seconds of narration audio produced per wall second; the baseline is eSpeak alone
// speaking the same narration lines (what the step costs on top of the voice).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config.js';
import { dubLines } from '../src/dubbing/dubbing.js';
import { OfflineNarrator } from '../src/dubbing/narration.js';
import { parseTranscript, transcriptToBlueprint } from '../src/dubbing/transcript.js';
import { wavDurationSeconds } from '../src/media/wav.js';
import { findSpeechTemplate } from '../src/providers/registry.js';
import { EspeakSpeech } from '../src/providers/tts/espeak.js';
import type { BenchRow } from './table.js';

export const title = 'GENERATE_DUBBING, offline (60-line transcript, eSpeak NG)';

const EN = [
  'We need to leave before the storm comes.',
  'The storm? The sky is perfectly clear.',
  'Look at the birds. They are all flying inland.',
  'Did anyone see my keys? I left them on the table.',
  'The radio says the storm arrives tonight.',
  'Then we leave in the morning, all of us.',
];
const ZH = [
  '我们明天一起去海边看日出吧。',
  '海边太远了，而且明天要下雨。',
  '下雨也没关系，我带伞。',
  '同学们，明天的考试不要迟到。',
  '老师，考试会很难吗？',
  '认真复习，考试就不难。',
];
const SPEAKERS = ['Alice', 'Bob', 'Carol'];

function transcript(lines: string[]): string {
  const tc = (s: number) => {
    const ms = Math.round(s * 1000);
    const p = (n: number, w = 2) => String(n).padStart(w, '0');
    return `${p(Math.floor(ms / 3_600_000))}:${p(Math.floor(ms / 60_000) % 60)}:${p(Math.floor(ms / 1000) % 60)},${p(ms % 1000, 3)}`;
  };
  let t = 1;
  const cues: string[] = [];
  for (let i = 0; i < 60; i++) {
    if (i % 5 === 0 && i > 0) t += 3;
    cues.push(`${i + 1}\n${tc(t)} --> ${tc(t + 2.6)}\n${SPEAKERS[i % 3]}: ${lines[i % lines.length]}\n`);
    t += 3;
  }
  return cues.join('\n');
}

export default async function bench(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const config = loadConfig({});
  const signal = new AbortController().signal;
  for (const [lang, lines] of [
    ['en', EN],
    ['zh', ZH],
  ] as const) {
    const dir = await mkdtemp(join(tmpdir(), 'sa-bench-dub-'));
    const template = findSpeechTemplate(config, `espeak_${lang}`)!;
    const speech = new EspeakSpeech();
    // Warm the voice (the WASM engine starts once per process).
    await speech.synthesize({ text: lines[0]!, language: lang }, {});

    const t0 = performance.now();
    const blueprint = transcriptToBlueprint(parseTranscript(transcript(lines)));
    const { lines: narration } = await new OfflineNarrator().narrate(
      blueprint,
      {
        lang,
        style: 'objective',
        perspective: 'third_person',
        unitsPerSecond: template.unitsPerSecond[lang],
      },
      {},
    );
    const { clips } = await dubLines(
      narration,
      { model: speech, template, language: lang, speed: 1 },
      { dir, relDir: 'audio' },
      { signal },
    );
    const wall = (performance.now() - t0) / 1000;
    const audio = clips.reduce((n, c) => n + c.duration_seconds, 0);

    const b0 = performance.now();
    let bareAudio = 0;
    for (const line of narration) {
      const r = await speech.synthesize({ text: line.narration, language: lang }, {});
      bareAudio += wavDurationSeconds(r.wav);
    }
    const bare = bareAudio / ((performance.now() - b0) / 1000);
    const rate = audio / wall;
    rows.push({
      name: `${lang}: ${clips.length} narration lines, ${audio.toFixed(1)} s of audio`,
      value: rate,
      unit: 'audio s / wall s',
      baseline: { name: 'eSpeak alone, same lines', value: bare },
      ratio: rate / bare,
    });
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}
