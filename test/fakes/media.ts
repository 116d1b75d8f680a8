// Real media for fakes to answer with: a sine tone as raw PCM or WAV, and a PNG of a given size.
import { Resvg } from '@resvg/resvg-js';

/** 16-bit little-endian mono PCM of a 440 Hz tone. */
export function sinePcm(seconds: number, sampleRate: number): Uint8Array {
  const n = Math.round(seconds * sampleRate);
  const buf = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++)
    buf.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / sampleRate) * 8000), i * 2);
  return new Uint8Array(buf);
}

/** A WAV header + PCM; `streamed` writes 0xFFFFFFFF sizes the way streaming TTS servers do. */
export function sineWav(seconds: number, sampleRate: number, streamed = false): Uint8Array {
  const pcm = sinePcm(seconds, sampleRate);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(streamed ? 0xffffffff : 36 + pcm.length, 4);
  h.write('WAVE', 8);
  h.write('fmt ', 12);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(streamed ? 0xffffffff : pcm.length, 40);
  return new Uint8Array(Buffer.concat([h, pcm]));
}

/** A PNG of exactly width × height: a coloured background with a circle. */
export function pngOf(width: number, height: number, color = '#3a7bd5'): Uint8Array {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${color}"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 4}" fill="#ffd23f"/></svg>`;
  return new Resvg(svg).render().asPng();
}
