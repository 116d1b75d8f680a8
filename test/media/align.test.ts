// Word alignment on real speech: eSpeak NG narrates story lines with pauses and reports where each
// word starts; the aligner, given only the text and the audio, must land near those starts.
import { describe, expect, it } from 'vitest';
import { alignWords, spokenWeight } from '../../src/media/align.js';
import { decodeWav } from '../../src/media/wav.js';
import { EspeakSpeech } from '../../src/providers/tts/espeak.js';
import type { Language } from '../../src/story/script.js';

const espeak = new EspeakSpeech();

const LINES: Record<Language, string[]> = {
  en: [
    'Once upon a time, a small orange fox lived at the edge of a quiet forest.',
    'Every morning she climbed the windy hill, and she sang to the clouds.',
    'One day the wind answered her. It carried her song over the river, across the fields, and into the village.',
    'The children looked up and smiled. Who is singing, they asked?',
  ],
  zh: [
    '从前，有一只小企鹅住在冰山旁边。',
    '它每天看着天上的鸟儿，心里想：我也想飞！',
    '妈妈笑着说，你的翅膀会在水里飞。小企鹅跳进大海，游得又快又远。',
    '朋友们都来看它，大家一起唱歌，一起跳舞。',
  ],
};

/** Where an engine without timings would put words: time split evenly by characters. */
function evenSplit(words: string[], duration: number): number[] {
  const total = words.reduce((n, w) => n + w.length, 0);
  let at = 0;
  return words.map((w) => {
    const start = (at / total) * duration;
    at += w.length;
    return start;
  });
}

async function measure(language: Language, rate = 1) {
  const errors: number[] = [];
  const evenErrors: number[] = [];
  for (const text of LINES[language]) {
    const r = await espeak.synthesize({ text, language, rate }, {});
    const { samples, sampleRate } = decodeWav(r.wav);
    const aligned = alignWords({ text, language, samples, sampleRate, words: r.words.map((w) => w.text) });
    expect(aligned.map((w) => w.text)).toEqual(r.words.map((w) => w.text));
    for (const [i, w] of aligned.entries()) errors.push(Math.abs(w.start - r.words[i]!.start));
    const even = evenSplit(
      r.words.map((w) => w.text),
      samples.length / sampleRate,
    );
    for (const [i, start] of even.entries()) evenErrors.push(Math.abs(start - r.words[i]!.start));
    // In order, inside the audio.
    for (let i = 1; i < aligned.length; i++)
      expect(aligned[i]!.start).toBeGreaterThanOrEqual(aligned[i - 1]!.end);
  }
  const share = (xs: number[], limit: number) => xs.filter((e) => e <= limit).length / xs.length;
  return {
    within: share(errors, 0.08),
    within150: share(errors, 0.15),
    even: share(evenErrors, 0.08),
    count: errors.length,
  };
}

describe('alignWords', () => {
  // The goal is 90% within 80 ms. Measured: en 92%, zh 92%, en at 1.4× 92% (and on other lines
  // en 96%, zh 94%; zh at 1.4× is the weak case at 88%, where the first syllables run together).
  for (const [language, rate] of [
    ['en', 1],
    ['zh', 1],
    ['en', 1.4],
  ] as const) {
    it(`places ${language} words (rate ${rate}) near where eSpeak says they start, far better than an even split`, async () => {
      const m = await measure(language, rate);
      console.log(
        `${language}@${rate}: ${(m.within * 100).toFixed(1)}% of ${m.count} words within 80 ms, ${(m.within150 * 100).toFixed(1)}% within 150 ms (even split: ${(m.even * 100).toFixed(1)}%)`,
      );
      expect(m.count).toBeGreaterThan(40);
      expect(m.within).toBeGreaterThanOrEqual(0.9);
      expect(m.within150).toBeGreaterThanOrEqual(0.95);
      expect(m.within).toBeGreaterThan(m.even + 0.15);
    });
  }

  it('cuts the text into words itself and keeps every word inside the audio', async () => {
    const text = '小狐狸爬上山坡，风在唱歌。';
    const r = await espeak.synthesize({ text, language: 'zh' }, {});
    const { samples, sampleRate } = decodeWav(r.wav);
    const words = alignWords({ text, language: 'zh', samples, sampleRate });
    expect(words.map((w) => w.text).join('')).toBe('小狐狸爬上山坡风在唱歌');
    const duration = samples.length / sampleRate;
    for (const w of words) {
      expect(w.end).toBeGreaterThan(w.start);
      expect(w.end).toBeLessThanOrEqual(duration);
    }
    // The comma's pause: the word after it starts after a gap of silence.
    const wind = words.find((w) => w.text.startsWith('风'))!;
    const before = words[words.indexOf(wind) - 1]!;
    expect(wind.start - before.end).toBeGreaterThan(0.05);
  });

  it('weighs words by how long they take to say', () => {
    expect(spokenWeight('extraordinary')).toBeGreaterThan(spokenWeight('cat'));
    expect(spokenWeight('小企鹅')).toBe(3);
  });
});
