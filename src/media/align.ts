// Word timings for speech whose engine reports none (OpenAI, Gemini, CosyVoice, local models):
// the narration text aligned to the audio by its energy — pauses matched to punctuation, words
// placed at energy dips with lengths in proportion to how long each takes to say.
import type { Language, WordTiming } from '../story/script.js';

/**
 * Weights of the alignment costs, tuned on eSpeak NG narration (en and zh, rates 1 and 1.4):
 * pause and valley bonuses against the squared log-ratio of a word's length to its expected one.
 */
const P = {
  gap: 1.5,
  dip: 3,
  dur: 3,
  dipDb: 10,
  smooth: 2,
  near: 1,
  zw: 1,
  zcrRise: 0.1,
  syl: 0.3,
  prom: 2,
  wBase: 0.6,
  wPh: 0.29,
  wSyl: 0,
  wFn: 0.6,
};
const HOP_SECONDS = 0.01;
const WINDOW_SECONDS = 0.02;
/** A quieter stretch at least this long is a pause between words. */
const MIN_PAUSE_FRAMES = 4;
/** Voiced blips shorter than this inside a pause are clicks or breaths, not speech. */
const MIN_VOICED_FRAMES = 3;

interface Token {
  text: string;
  /** How long it takes to say, in arbitrary units (syllables, roughly). */
  weight: number;
  /** Syllables it has: one per CJK character, vowel groups in Latin words. */
  syllables: number;
  /** Punctuation after it: 0 none, 1 clause, 2 sentence. */
  pauseAfter: number;
}

const SENTENCE_END = /[。！？!?.…]/;
const CLAUSE_END = /[，,、;；:：—–)）」』"”]/;

const FUNCTION_WORDS = new Set(
  'a an the of to at in on and or but for with by as is was it its her his he she we you they i my our so'.split(
    ' ',
  ),
);

/** Roughly the syllables in a written word: CJK characters, vowel groups, digits. */
export function spokenWeight(word: string): number {
  let w = 0;
  for (const ch of word) {
    if (/\p{Script=Han}/u.test(ch)) w += 1;
    else if (/\d/.test(ch)) w += 0.9;
  }
  const latin = word.replace(/[^A-Za-z]/g, '').toLowerCase();
  if (latin) {
    const phonemes = latin
      .replace(/([a-z])\1/g, '$1')
      .replace(/(th|sh|ch|ng|ck|ph|wh|qu)/g, 'X')
      .replace(/([^aeiouy])e$/, '$1').length;
    const syllables = syllableCount(word);
    w += (P.wBase + phonemes * P.wPh + syllables * P.wSyl) * (FUNCTION_WORDS.has(latin) ? P.wFn : 1);
  }
  return Math.max(w, 0.5);
}

/** Syllables of a written word: CJK characters, digits, and vowel groups of Latin words. */
function syllableCount(word: string): number {
  let n = 0;
  for (const ch of word) if (/\p{Script=Han}|\d/u.test(ch)) n += 1;
  const latin = word.replace(/[^A-Za-z]/g, '').toLowerCase();
  if (latin) {
    let groups = latin.match(/[aeiouy]+/g)?.length ?? 0;
    if (/[^aeiouy]e$/.test(latin) && !/[^aeiouy]le$/.test(latin) && groups > 1) groups--;
    n += Math.max(1, groups);
  }
  return Math.max(1, n);
}

/** The text cut into words (Intl.Segmenter, or the given words found in order), with the punctuation after each. */
function tokenize(text: string, language: Language, words?: readonly string[]): Token[] {
  const tokens: Token[] = [];
  const punctuationAfter = (from: number, to: number) => {
    const between = text.slice(from, to);
    return SENTENCE_END.test(between) ? 2 : CLAUSE_END.test(between) ? 1 : 0;
  };
  if (words) {
    const spans: Array<{ text: string; start: number; end: number }> = [];
    let at = 0;
    for (const w of words) {
      const i = text.indexOf(w, at);
      const start = i < 0 ? at : i;
      const end = i < 0 ? at : i + w.length;
      spans.push({ text: w, start, end });
      at = end;
    }
    spans.forEach((s, k) => {
      const next = spans[k + 1]?.start ?? text.length;
      tokens.push({
        text: s.text,
        weight: spokenWeight(s.text),
        syllables: syllableCount(s.text),
        pauseAfter: punctuationAfter(s.end, next),
      });
    });
    return tokens;
  }
  const segments = [...new Intl.Segmenter(language, { granularity: 'word' }).segment(text)];
  const wordLike = segments.filter((s) => s.isWordLike || /[\p{L}\p{N}]/u.test(s.segment));
  wordLike.forEach((s, k) => {
    const end = s.index + s.segment.length;
    const next = wordLike[k + 1]?.index ?? text.length;
    tokens.push({
      text: s.segment,
      weight: spokenWeight(s.segment),
      syllables: syllableCount(s.segment),
      pauseAfter: punctuationAfter(end, next),
    });
  });
  return tokens;
}

/** A band-pass around the voice's formants (about 300–3000 Hz), so valleys between syllables show. */
function bandPass(samples: Float32Array, sampleRate: number): Float32Array {
  const out = new Float32Array(samples.length);
  const biquad = (input: Float32Array, output: Float32Array, f0: number, q: number) => {
    const w = (2 * Math.PI * f0) / sampleRate;
    const alpha = Math.sin(w) / (2 * q);
    const a0 = 1 + alpha;
    const b0 = alpha / a0;
    const b2 = -alpha / a0;
    const a1 = (-2 * Math.cos(w)) / a0;
    const a2 = (1 - alpha) / a0;
    let x1 = 0;
    let x2 = 0;
    let y1 = 0;
    let y2 = 0;
    for (let i = 0; i < input.length; i++) {
      const x = input[i]!;
      const y = b0 * x + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      output[i] = y;
    }
  };
  biquad(samples, out, 1000, 0.6);
  return out;
}

function smooth(levels: Float64Array, radius: number): Float64Array {
  const out = new Float64Array(levels.length);
  for (let i = 0; i < levels.length; i++) {
    let sum = 0;
    let n = 0;
    for (let j = Math.max(0, i - radius); j <= Math.min(levels.length - 1, i + radius); j++) {
      sum += levels[j]!;
      n++;
    }
    out[i] = sum / n;
  }
  return out;
}

/** For each local minimum, how far (dB) it lies below the lower of the highest points on either side within 250 ms. */
function valleyDepths(levels: Float64Array): Float64Array {
  const out = new Float64Array(levels.length);
  const reach = 25;
  for (let i = 1; i < levels.length - 1; i++) {
    if (!(levels[i]! <= levels[i - 1]! && levels[i]! < levels[i + 1]!)) continue;
    let left = levels[i]!;
    let right = levels[i]!;
    for (let j = Math.max(0, i - reach); j < i; j++) left = Math.max(left, levels[j]!);
    for (let j = i + 1; j <= Math.min(levels.length - 1, i + reach); j++) right = Math.max(right, levels[j]!);
    out[i] = Math.min(left, right) - levels[i]!;
  }
  return out;
}

/** Local maxima of `levels` that rise `prominence` dB above the lowest point between them and the neighbouring higher ground. */
function syllablePeaks(levels: Float64Array, prominence: number): boolean[] {
  const out = new Array<boolean>(levels.length).fill(false);
  const reach = 25;
  for (let i = 1; i < levels.length - 1; i++) {
    if (!(levels[i]! > levels[i - 1]! && levels[i]! >= levels[i + 1]!)) continue;
    let left = levels[i]!;
    let right = levels[i]!;
    for (let j = i - 1; j >= Math.max(0, i - reach) && levels[j]! <= levels[i]!; j--)
      left = Math.min(left, levels[j]!);
    for (let j = i + 1; j <= Math.min(levels.length - 1, i + reach) && levels[j]! <= levels[i]!; j++)
      right = Math.min(right, levels[j]!);
    if (levels[i]! - Math.max(left, right) >= prominence) out[i] = true;
  }
  return out;
}

/** One number per 10 ms frame, computed over the frame's window `[from, to)` of samples. */
function perFrame(
  samples: Float32Array,
  sampleRate: number,
  measure: (from: number, to: number) => number,
): Float64Array {
  const hop = Math.max(1, Math.round(HOP_SECONDS * sampleRate));
  const win = Math.max(hop, Math.round(WINDOW_SECONDS * sampleRate));
  const n = Math.max(0, Math.ceil(samples.length / hop));
  const out = new Float64Array(n);
  for (let f = 0; f < n; f++) out[f] = measure(f * hop, Math.min(samples.length, f * hop + win));
  return out;
}

/** Zero crossings per frame (fraction of sample pairs), 10 ms apart. */
function zeroCrossings(samples: Float32Array, sampleRate: number): Float64Array {
  return perFrame(samples, sampleRate, (from, to) => {
    let z = 0;
    for (let i = from + 1; i < to; i++) if (samples[i]! >= 0 !== samples[i - 1]! >= 0) z++;
    return z / Math.max(1, to - from);
  });
}

/** Frame loudness in dB, 10 ms apart. */
function frameLevels(samples: Float32Array, sampleRate: number): Float64Array {
  return perFrame(samples, sampleRate, (from, to) => {
    let sum = 0;
    for (let i = from; i < to; i++) sum += samples[i]! * samples[i]!;
    return 10 * Math.log10(sum / Math.max(1, to - from) + 1e-10);
  });
}

function percentile(values: Float64Array, p: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? -100;
}

/** Voiced frames: above a threshold between the noise floor and the speech level, cleaned of blips and tiny gaps. */
function voicedFrames(levels: Float64Array): boolean[] {
  const floor = percentile(levels, 0.05);
  const loud = percentile(levels, 0.95);
  const threshold = Math.max(floor + 0.25 * (loud - floor), loud - 40);
  const voiced = Array.from(levels, (db) => db > threshold);
  const runs = (value: boolean, maxLen: number) => {
    let i = 0;
    while (i < voiced.length) {
      if (voiced[i] !== value) {
        i++;
        continue;
      }
      let j = i;
      while (j < voiced.length && voiced[j] === value) j++;
      // Only runs with the other kind on both sides are flipped.
      if (j - i < maxLen && i > 0 && j < voiced.length) for (let k = i; k < j; k++) voiced[k] = !value;
      i = j;
    }
  };
  runs(true, MIN_VOICED_FRAMES);
  runs(false, MIN_PAUSE_FRAMES);
  return voiced;
}

/**
 * Word timings for `text` spoken in `samples`: each word's start and end in seconds. `words` gives
 * the words to time (found in the text in order); by default the text is cut with Intl.Segmenter.
 */
export function alignWords(input: {
  text: string;
  language: Language;
  samples: Float32Array;
  sampleRate: number;
  words?: readonly string[];
}): WordTiming[] {
  const tokens = tokenize(input.text, input.language, input.words);
  if (tokens.length === 0 || input.samples.length === 0) return [];
  const levels = frameLevels(input.samples, input.sampleRate);
  const voiced = voicedFrames(levels);
  // The voiced frames in order: words are laid over these, pauses fall between them.
  const frames: number[] = [];
  voiced.forEach((v, f) => {
    if (v) frames.push(f);
  });
  if (frames.length < tokens.length) {
    // Too little speech to place words on: spread them evenly over the audio.
    const total = input.samples.length / input.sampleRate;
    const sum = tokens.reduce((s, t) => s + t.weight, 0);
    let t = 0;
    return tokens.map((tok) => {
      const start = t;
      t += (total * tok.weight) / sum;
      return { text: tok.text, start: round3(start), end: round3(t) };
    });
  }
  const T = frames.length;
  // Pause before compressed position p (frames of silence between voiced frame p-1 and p).
  const gapBefore = new Float64Array(T + 1);
  for (let p = 1; p < T; p++) gapBefore[p] = frames[p]! - frames[p - 1]! - 1;
  // Word joins sit in the valleys between syllables: local minima of the smoothed loudness of the
  // voice band, scored by how deep they are below the peaks on either side.
  const band = smooth(frameLevels(bandPass(input.samples, input.sampleRate), input.sampleRate), P.smooth);
  const valley = valleyDepths(band);
  // Unvoiced consonants (s, sh, t, k, f…) start many syllables: the zero-crossing rate jumps there.
  const zcr = zeroCrossings(input.samples, input.sampleRate);
  const dip = new Float64Array(T + 1);
  for (let p = 1; p < T; p++) {
    let best = 0;
    let onset = 0;
    for (let d = -P.near; d <= P.near; d++) {
      const f = frames[p]! + d;
      best = Math.max(best, valley[f] ?? 0);
      const rise = (zcr[f] ?? 0) - Math.min(zcr[f - 1] ?? 0, zcr[f - 2] ?? 0, zcr[f - 3] ?? 0);
      onset = Math.max(onset, rise);
    }
    dip[p] = Math.max(Math.min(1, best / P.dipDb), P.zw * Math.min(1, Math.max(0, onset) / P.zcrRise));
  }

  // Syllable nuclei: loudness peaks of the voice band that stand P.prom dB above the valleys
  // on both sides. A word should hold about as many as it has syllables.
  const peaksBefore = new Int32Array(T + 1);
  {
    const isPeak = syllablePeaks(band, P.prom);
    for (let p = 0; p < T; p++) peaksBefore[p + 1] = peaksBefore[p]! + (isPeak[frames[p]!] ? 1 : 0);
  }

  const totalWeight = tokens.reduce((s, t) => s + t.weight, 0);
  const expected = tokens.map((t) => Math.max(2, (T * t.weight) / totalWeight));
  const N = tokens.length;
  // cost[k][p]: best cost with words 0..k-1 placed and word k starting at p.
  const INF = Number.POSITIVE_INFINITY;
  let prev = new Float64Array(T + 1).fill(INF);
  prev[0] = 0;
  const back: Int32Array[] = [];
  const boundaryCost = (k: number, p: number) => {
    // The boundary between word k-1 and word k at compressed position p.
    const gap = Math.min(gapBefore[p]!, 40) / 40;
    const wanted = tokens[k - 1]!.pauseAfter;
    if (wanted > 0) return gap > 0 ? -3 * wanted * (0.5 + gap) : 2 * wanted;
    return gap > 0 ? -P.gap * (0.5 + gap) : -P.dip * dip[p]!;
  };
  for (let k = 1; k <= N; k++) {
    const cur = new Float64Array(T + 1).fill(INF);
    const from = new Int32Array(T + 1).fill(-1);
    const e = expected[k - 1]!;
    const syl = tokens[k - 1]!.syllables;
    const minLen = Math.max(1, Math.floor(e * 0.25));
    const maxLen = Math.ceil(e * 3.5);
    for (let p = k === N ? T : k; p <= (k === N ? T : T - (N - k)); p++) {
      const extra = k === N ? 0 : boundaryCost(k, p);
      for (let len = minLen; len <= maxLen && p - len >= 0; len++) {
        const q = p - len;
        if (prev[q] === INF) continue;
        const r = Math.log(len / e);
        const sylDiff = peaksBefore[p]! - peaksBefore[q]! - syl;
        const c = prev[q]! + P.dur * r * r + P.syl * sylDiff * sylDiff + extra;
        if (c < cur[p]!) {
          cur[p] = c;
          from[p] = q;
        }
      }
    }
    back.push(from);
    prev = cur;
  }
  if (prev[T] === INF) {
    // No placement within the length limits (very uneven speech): proportional over voiced time.
    let acc = 0;
    return tokens.map((tok, k) => {
      const a = Math.min(T - 1, Math.round(acc));
      acc += expected[k]!;
      const b = Math.min(T - 1, Math.max(a, Math.round(acc) - 1));
      return {
        text: tok.text,
        start: round3(frames[a]! * HOP_SECONDS),
        end: round3((frames[b]! + 1) * HOP_SECONDS),
      };
    });
  }
  const starts = new Array<number>(N + 1);
  starts[N] = T;
  for (let k = N; k >= 1; k--) starts[k - 1] = back[k - 1]![starts[k]!]!;
  const duration = input.samples.length / input.sampleRate;
  return tokens.map((tok, k) => {
    const a = starts[k]!;
    const b = Math.max(a, starts[k + 1]! - 1);
    return {
      text: tok.text,
      start: round3(frames[a]! * HOP_SECONDS),
      end: round3(Math.min(duration, (frames[b]! + 1) * HOP_SECONDS)),
    };
  });
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
