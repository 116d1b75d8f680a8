// WAV utilities: what the narration files rely on — lossless 16-bit round trips, header durations,
// exact pauses when joining, and resampling of clips that come at another rate.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import wavefile from 'wavefile';
import {
  concatWav,
  decodeWav,
  encodeWav,
  normaliseLoudness,
  peak,
  resample,
  rms,
  silence,
  trimSilence,
  wavDurationSeconds,
} from '../../src/media/wav.js';

const run = promisify(execFile);

function tone(freq: number, seconds: number, rate: number, amp = 0.5): Float32Array {
  const out = new Float32Array(Math.round(seconds * rate));
  for (let i = 0; i < out.length; i++) out[i] = amp * Math.sin((2 * Math.PI * freq * i) / rate);
  return out;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wav-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('encodeWav / decodeWav', () => {
  it('round-trips 16-bit samples exactly', () => {
    const pcm = Int16Array.from([0, 1, -1, 32767, -32768, 12345, -23456]);
    const bytes = encodeWav(pcm, 22050);
    const back = decodeWav(bytes);
    expect(back.sampleRate).toBe(22050);
    expect(back.channels).toBe(1);
    const again = encodeWav(back.samples, 22050);
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });

  it('writes a file ffprobe reads as 16-bit mono PCM of the right length', async () => {
    const bytes = encodeWav(tone(440, 1.5, 24000), 24000);
    const file = join(dir, 'tone.wav');
    await writeFile(file, bytes);
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'stream=codec_name,sample_rate,channels:format=duration',
      '-of',
      'json',
      file,
    ]);
    const info = JSON.parse(stdout) as {
      streams: { codec_name: string; sample_rate: string; channels: number }[];
      format: { duration: string };
    };
    expect(info.streams[0]).toMatchObject({ codec_name: 'pcm_s16le', sample_rate: '24000', channels: 1 });
    expect(Number(info.format.duration)).toBeCloseTo(1.5, 3);
    expect(wavDurationSeconds(bytes)).toBe(1.5);
  });

  it('mixes stereo down to mono and reads other bit depths on the same scale', () => {
    const w = new wavefile.WaveFile();
    w.fromScratch(2, 8000, '24', [
      [0, 4194304, -8388608],
      [0, 4194304, 0],
    ]);
    const d = decodeWav(w.toBuffer());
    expect(d.channels).toBe(2);
    expect(Array.from(d.samples)).toEqual([0, 0.5, -0.5]);
    const f = new wavefile.WaveFile();
    f.fromScratch(1, 16000, '32f', [0.25, -0.75]);
    expect(Array.from(decodeWav(f.toBuffer()).samples)).toEqual([0.25, -0.75]);
  });

  it('clips out-of-range floats instead of wrapping around', () => {
    const d = decodeWav(encodeWav(Float32Array.from([1.5, -2]), 8000));
    expect(d.samples[0]).toBeCloseTo(32767 / 32768, 6);
    expect(d.samples[1]).toBe(-1);
  });

  it('rejects bytes that are not a WAV with a clear message', () => {
    expect(() => decodeWav(new TextEncoder().encode('definitely not audio'))).toThrow(/not a valid WAV/);
    expect(() => wavDurationSeconds(new Uint8Array(10))).toThrow(/not a valid WAV/);
  });
});

describe('wavDurationSeconds', () => {
  it('matches the sample count for several rates and lengths', () => {
    for (const [rate, n] of [
      [22050, 22050 * 3 + 7],
      [44100, 1],
      [8000, 0],
      [48000, 12345],
    ] as const) {
      const bytes = encodeWav(new Float32Array(n), rate);
      expect(wavDurationSeconds(bytes)).toBeCloseTo(n / rate, 9);
      expect(decodeWav(bytes).samples.length).toBe(n);
    }
  });

  it('reads stereo 24-bit headers too', () => {
    const w = new wavefile.WaveFile();
    const ch = new Array(16000).fill(0);
    w.fromScratch(2, 16000, '24', [ch, ch]);
    expect(wavDurationSeconds(w.toBuffer())).toBe(1);
  });
});

describe('concatWav', () => {
  it('puts exactly the pause between parts and none at the ends', () => {
    const rate = 22050;
    const a = tone(300, 0.5, rate);
    const b = tone(500, 0.25, rate);
    const c = tone(700, 0.1, rate);
    const joined = concatWav([encodeWav(a, rate), encodeWav(b, rate), encodeWav(c, rate)], undefined, 0.35);
    const d = decodeWav(joined);
    const gap = Math.round(0.35 * rate);
    expect(d.samples.length).toBe(a.length + b.length + c.length + 2 * gap);
    expect(wavDurationSeconds(joined)).toBeCloseTo((a.length + b.length + c.length + 2 * gap) / rate, 9);
    // the first gap is digital silence, framed by the two tones
    expect(rms(d.samples.subarray(a.length, a.length + gap))).toBe(0);
    expect(rms(d.samples.subarray(0, a.length))).toBeGreaterThan(0.3);
    expect(rms(d.samples.subarray(a.length + gap, a.length + gap + b.length))).toBeGreaterThan(0.3);
    expect(d.samples[d.samples.length - 1]).not.toBeUndefined();
  });

  it('resamples a part recorded at another rate so its duration is kept', () => {
    const first = encodeWav(tone(440, 1, 22050), 22050);
    const second = encodeWav(tone(440, 0.5, 44100), 44100);
    const joined = concatWav([first, second], undefined, 0.2);
    expect(decodeWav(joined).sampleRate).toBe(22050);
    expect(wavDurationSeconds(joined)).toBeCloseTo(1 + 0.2 + 0.5, 3);
  });

  it('needs at least one part', () => {
    expect(() => concatWav([])).toThrow(/parts/);
  });
});

describe('resample', () => {
  it('keeps duration and pitch of a tone (zero crossings per second)', () => {
    const src = tone(441, 1, 44100);
    for (const to of [22050, 24000, 48000]) {
      const out = resample(src, 44100, to);
      expect(out.length).toBe(to);
      let crossings = 0;
      for (let i = 1; i < out.length; i++) if (out[i - 1]! < 0 !== out[i]! < 0) crossings++;
      expect(crossings).toBeGreaterThan(875);
      expect(crossings).toBeLessThan(890);
      expect(rms(out)).toBeGreaterThan(0.3);
    }
  });

  it('is the identity at the same rate', () => {
    const src = tone(100, 0.1, 8000);
    expect(Array.from(resample(src, 8000, 8000))).toEqual(Array.from(src));
  });
});

describe('levels', () => {
  it('silence is zero and as long as asked', () => {
    const s = silence(0.5, 22050);
    expect(s.length).toBe(11025);
    expect(rms(s)).toBe(0);
    expect(() => silence(-1, 8000)).toThrow(/seconds/);
  });

  it('rms of a full-scale sine is about 0.707', () => {
    expect(rms(tone(100, 1, 8000, 1))).toBeCloseTo(Math.SQRT1_2, 3);
    expect(rms(new Float32Array(0))).toBe(0);
  });

  it('peak-normalises quiet speech to -1 dBFS and leaves silence alone', () => {
    const quiet = tone(200, 0.2, 8000, 0.2);
    expect(peak(normaliseLoudness(quiet))).toBeCloseTo(10 ** (-1 / 20), 3);
    // a near-silent hiss is lifted by at most +24 dB, not blown up to full scale
    expect(peak(normaliseLoudness(tone(200, 0.2, 8000, 0.01)))).toBeCloseTo(0.01 * 10 ** (24 / 20), 3);
    expect(peak(normaliseLoudness(new Float32Array(100)))).toBe(0);
  });

  it('trims leading and trailing silence, keeping a margin', () => {
    const rate = 8000;
    const body = tone(200, 0.5, rate);
    const padded = new Float32Array(rate * 2);
    padded.set(body, rate / 2);
    const { samples, startOffset } = trimSilence(padded, rate, -50, 0.05);
    expect(samples.length / rate).toBeGreaterThan(0.55);
    expect(samples.length / rate).toBeLessThan(0.65);
    expect(startOffset).toBe(rate / 2 - 0.05 * rate + 1);
  });
});
