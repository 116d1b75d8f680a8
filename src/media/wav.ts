// WAV utilities for the narration: decode any PCM WAV a speech engine returns to mono float
// samples, write 16-bit mono PCM, measure durations from headers, and join clips with pauses.
import wavefile from 'wavefile';

const { WaveFile } = wavefile;

export interface DecodedWav {
  sampleRate: number;
  /** Channels in the source file (the samples are already mixed down to mono). */
  channels: number;
  /** Mono samples in [-1, 1]. */
  samples: Float32Array;
}

interface FmtChunk {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
}

function parse(bytes: Uint8Array, withSamples: boolean): InstanceType<typeof WaveFile> {
  const wav = new WaveFile();
  try {
    wav.fromBuffer(bytes, withSamples);
  } catch (err) {
    throw new Error(`not a valid WAV file: ${err instanceof Error ? err.message : String(err)}`);
  }
  return wav;
}

const fmtOf = (wav: InstanceType<typeof WaveFile>) => wav.fmt as FmtChunk;

/** Decodes a WAV (8/16/24/32-bit PCM, 32/64-bit float, A-law, mu-law, IMA ADPCM) to mono floats. */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const wav = parse(bytes, true);
  // Companded and ADPCM files are expanded to 16-bit PCM first; wavefile does the decoding.
  if (wav.bitDepth === '8a') wav.fromALaw();
  else if (wav.bitDepth === '8m') wav.fromMuLaw();
  else if (wav.bitDepth === '4') wav.fromIMAADPCM();
  const fmt = fmtOf(wav);
  const channels = Math.max(1, fmt.numChannels);
  const isFloat = wav.bitDepth === '32f' || wav.bitDepth === '64';
  const bits = Number.parseInt(wav.bitDepth, 10);
  // Integer PCM is scaled by 2^(bits-1) so 16-bit values survive decode → encode unchanged.
  const scale = isFloat ? 1 : 2 ** (bits - 1);
  const offset = !isFloat && bits === 8 ? 128 : 0; // 8-bit PCM is unsigned
  const raw = wav.getSamples(true, Float64Array) as unknown as Float64Array;
  const frames = Math.floor(raw.length / channels);
  const samples = new Float32Array(frames);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += raw[i * channels + c]! - offset;
    samples[i] = sum / channels / scale;
  }
  return { sampleRate: fmt.sampleRate, channels, samples };
}

/** Float samples in [-1, 1] (clipped) or 16-bit integers → a 16-bit PCM mono WAV file. */
export function encodeWav(samples: Float32Array | Int16Array, sampleRate: number): Uint8Array {
  if (!Number.isInteger(sampleRate) || sampleRate < 1000 || sampleRate > 384000)
    throw new Error(`sampleRate: ${sampleRate} is not a usable sample rate`);
  let pcm: Int16Array;
  if (samples instanceof Int16Array) pcm = samples;
  else {
    pcm = new Int16Array(samples.length);
    for (let i = 0; i < samples.length; i++) {
      const v = Math.round(samples[i]! * 32768);
      pcm[i] = Math.min(32767, Math.max(-32768, v)); // Int16Array would wrap, not clip
    }
  }
  const wav = new WaveFile();
  wav.fromScratch(1, sampleRate, '16', pcm);
  return wav.toBuffer();
}

/** Duration in seconds from the header (data size / block size / rate), without decoding samples. */
export function wavDurationSeconds(bytes: Uint8Array): number {
  const wav = parse(bytes, false);
  const fmt = fmtOf(wav);
  const data = wav.data as { chunkSize: number; chunkStart?: number };
  if (!fmt.sampleRate || !fmt.blockAlign) throw new Error('not a valid WAV file: empty fmt chunk');
  if (fmt.audioFormat === 17) {
    // IMA ADPCM: a block of `blockAlign` bytes holds (blockAlign - 4 * channels) * 2 / channels + 1 frames.
    const perBlock = ((fmt.blockAlign - 4 * fmt.numChannels) * 2) / fmt.numChannels + 1;
    return (Math.ceil(data.chunkSize / fmt.blockAlign) * perBlock) / fmt.sampleRate;
  }
  return Math.floor(data.chunkSize / fmt.blockAlign) / fmt.sampleRate;
}

/** `seconds` of digital silence at `sampleRate` (rounded to whole samples). */
export function silence(seconds: number, sampleRate: number): Float32Array {
  if (!(seconds >= 0) || !Number.isFinite(seconds)) throw new Error(`seconds: ${seconds} is not >= 0`);
  return new Float32Array(Math.round(seconds * sampleRate));
}

/** Root mean square level of the samples (0 for none). */
export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

export function peak(samples: Float32Array): number {
  let p = 0;
  for (let i = 0; i < samples.length; i++) {
    const a = Math.abs(samples[i]!);
    if (a > p) p = a;
  }
  return p;
}

/**
 * Linear-interpolation resampler. When going down in rate, a box filter as wide as the ratio runs
 * first so that the loudest aliasing is removed; good enough for speech, cheap for long clips.
 */
export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate || samples.length === 0) return samples.slice();
  let src = samples;
  const ratio = fromRate / toRate;
  if (ratio > 1.05) {
    const width = Math.max(1, Math.round(ratio));
    src = new Float32Array(samples.length);
    let acc = 0;
    for (let i = 0; i < samples.length; i++) {
      acc += samples[i]!;
      if (i >= width) acc -= samples[i - width]!;
      src[i] = acc / Math.min(i + 1, width);
    }
  }
  const outLength = Math.round((samples.length * toRate) / fromRate);
  const out = new Float32Array(outLength);
  const last = src.length - 1;
  for (let i = 0; i < outLength; i++) {
    const pos = i * ratio;
    const j = Math.floor(pos);
    const frac = pos - j;
    const a = src[Math.min(j, last)]!;
    const b = src[Math.min(j + 1, last)]!;
    out[i] = a + (b - a) * frac;
  }
  return out;
}

/** Decoded mono samples of each part at `sampleRate` (parts at another rate are resampled). */
export function decodeAt(bytes: Uint8Array, sampleRate: number): Float32Array {
  const d = decodeWav(bytes);
  return d.sampleRate === sampleRate ? d.samples : resample(d.samples, d.sampleRate, sampleRate);
}

/**
 * Lays clips end to end with `pauseSamples` of silence between consecutive ones; `offsets[i]` is
 * where clip i starts, in samples.
 */
export function joinClips(
  clips: Float32Array[],
  pauseSamples: number,
): { samples: Float32Array; offsets: number[] } {
  const total = clips.reduce((n, c) => n + c.length, 0) + pauseSamples * Math.max(0, clips.length - 1);
  const samples = new Float32Array(total);
  const offsets: number[] = [];
  let at = 0;
  clips.forEach((c, i) => {
    if (i > 0) at += pauseSamples;
    offsets.push(at);
    samples.set(c, at);
    at += c.length;
  });
  return { samples, offsets };
}

/**
 * Joins WAV files into one 16-bit mono WAV at `sampleRate` (default: the first part's rate) with
 * `pauseSeconds` of silence between consecutive parts (none before the first or after the last).
 */
export function concatWav(parts: Uint8Array[], sampleRate?: number, pauseSeconds = 0): Uint8Array {
  if (parts.length === 0) throw new Error('parts: at least one WAV is needed');
  const decoded = parts.map((p) => decodeWav(p));
  const rate = sampleRate ?? decoded[0]!.sampleRate;
  const clips = decoded.map((d) =>
    d.sampleRate === rate ? d.samples : resample(d.samples, d.sampleRate, rate),
  );
  return encodeWav(joinClips(clips, silence(pauseSeconds, rate).length).samples, rate);
}

/**
 * Peak-normalises to `targetDb` dBFS (default -1) so every narration clip is equally loud and
 * never clips. Near-silent input is returned unchanged (amplifying it would only raise noise), and
 * the gain is capped at +24 dB.
 */
export function normaliseLoudness(samples: Float32Array, targetDb = -1): Float32Array {
  const p = peak(samples);
  if (p < 1e-4) return samples.slice();
  const gain = Math.min(10 ** (targetDb / 20) / p, 10 ** (24 / 20));
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = samples[i]! * gain;
  return out;
}

/**
 * Cuts leading and trailing stretches quieter than `thresholdDb` dBFS, keeping `keepSeconds` of
 * margin on each side. Returns the trimmed samples and how many were cut from the start.
 */
export function trimSilence(
  samples: Float32Array,
  sampleRate: number,
  thresholdDb = -50,
  keepSeconds = 0.05,
): { samples: Float32Array; startOffset: number } {
  const threshold = 10 ** (thresholdDb / 20);
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]!) < threshold) first++;
  if (first === samples.length) return { samples: new Float32Array(0), startOffset: 0 };
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]!) < threshold) last--;
  const keep = Math.round(keepSeconds * sampleRate);
  const start = Math.max(0, first - keep);
  const end = Math.min(samples.length, last + 1 + keep);
  return { samples: samples.slice(start, end), startOffset: start };
}
