// Turns what remote speech services send into a well-formed WAV: raw 16-bit PCM gets a header,
// and streamed WAVs whose header sizes are placeholders (0 or 0xFFFFFFFF) get true sizes.
import { decodeWav, encodeWav, wavDurationSeconds } from '../../media/wav.js';

/** Raw little-endian 16-bit mono PCM → WAV. An odd trailing byte is dropped. */
export function pcm16ToWav(pcm: Uint8Array, sampleRate: number): Uint8Array {
  const samples = new Int16Array(Math.floor(pcm.byteLength / 2));
  const view = new DataView(pcm.buffer, pcm.byteOffset, samples.length * 2);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
  return encodeWav(samples, sampleRate);
}

/** A WAV with consistent chunk sizes (16-bit mono), whatever the service's streaming header said. */
export function repairWav(bytes: Uint8Array): Uint8Array {
  if (bytes.byteLength < 44 || ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WAVE') {
    throw new Error('the service did not return a WAV file');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 12;
  let fmt: { format: number; channels: number; rate: number; bits: number } | undefined;
  while (pos + 8 <= bytes.byteLength) {
    const id = ascii(bytes, pos, 4);
    const size = view.getUint32(pos + 4, true);
    if (id === 'fmt ') {
      fmt = {
        format: view.getUint16(pos + 8, true),
        channels: view.getUint16(pos + 10, true),
        rate: view.getUint32(pos + 12, true),
        bits: view.getUint16(pos + 22, true),
      };
    } else if (id === 'data') {
      const start = pos + 8;
      const available = bytes.byteLength - start;
      if (fmt?.format === 1 && fmt.bits === 16 && (size === 0 || size === 0xffffffff || size > available)) {
        // Placeholder size from a streamed answer: the data runs to the end of the body.
        const frames = Math.floor(available / 2 / fmt.channels);
        const mono = new Int16Array(frames);
        for (let f = 0; f < frames; f++) {
          let sum = 0;
          for (let c = 0; c < fmt.channels; c++)
            sum += view.getInt16(start + (f * fmt.channels + c) * 2, true);
          mono[f] = Math.round(sum / fmt.channels);
        }
        return encodeWav(mono, fmt.rate);
      }
      break;
    }
    pos += 8 + size + (size % 2);
  }
  // A regular WAV: decode and re-encode so every engine's output is 16-bit mono.
  const decoded = decodeWav(bytes);
  return encodeWav(decoded.samples, decoded.sampleRate);
}

export const durationOf = (wav: Uint8Array): number => Math.round(wavDurationSeconds(wav) * 1000) / 1000;

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}
