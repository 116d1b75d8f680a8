// Microsoft Edge's read-aloud neural voices over their published WebSocket protocol (the one the
// browser and the `edge-tts` project speak): no key, MP3 audio, and word boundaries for karaoke.
import { createHash, randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { badInput } from '../../errors.js';
import { decodeToWav } from '../../media/ffmpeg.js';
import { decodeWav, encodeWav } from '../../media/wav.js';
import type { Language, WordTiming } from '../../story/script.js';
import { callProvider, type ProviderRuntime } from '../core/call.js';
import { APICallError } from '../core/errors.js';
import type { CallOptions } from '../types.js';
import { durationOf } from './pcm.js';
import type { SpeechModel, SpeechRequest, SpeechResult } from './types.js';

/** The token every Edge browser sends; public, not a secret. */
export const TRUSTED_CLIENT_TOKEN = '6A5AA1D4EAFF4E9FB37E23D68491D6F4';
const CHROMIUM_FULL_VERSION = '130.0.2849.68';
const WIN_EPOCH_SECONDS = 11644473600;
/** The service's MP3 format; its word offsets are in 100-ns ticks of this audio. */
const OUTPUT_FORMAT = 'audio-24khz-48kbitrate-mono-mp3';
const SAMPLE_RATE = 24000;
/** The service refuses longer SSML bodies; longer text goes in several turns. */
const MAX_CHUNK_BYTES = 3000;

/** Voices offered by name (the service has many more; any `xx-YY-NameNeural` is accepted). */
export const EDGE_VOICES: Record<Language, string[]> = {
  zh: [
    'zh-CN-XiaoxiaoNeural',
    'zh-CN-XiaoyiNeural',
    'zh-CN-YunxiNeural',
    'zh-CN-YunjianNeural',
    'zh-CN-YunyangNeural',
    'zh-CN-YunxiaNeural',
    'zh-CN-liaoning-XiaobeiNeural',
    'zh-CN-shaanxi-XiaoniNeural',
  ],
  en: [
    'en-US-AvaNeural',
    'en-US-AndrewNeural',
    'en-US-EmmaNeural',
    'en-US-BrianNeural',
    'en-US-JennyNeural',
    'en-US-GuyNeural',
    'en-US-AriaNeural',
    'en-GB-SoniaNeural',
  ],
};
export const EDGE_VOICE_RE = /^[a-z]{2,3}-[A-Z]{2}(-[a-z]+)?-[A-Za-z]+Neural$/;
export const EDGE_PITCH_RE = /^[+-]\d{1,3}Hz$/;

/**
 * The Sec-MS-GEC token: SHA-256 of the Windows file time (100-ns ticks since 1601), rounded down to
 * five minutes, followed by the client token, in upper-case hex. Computed in floating point as the
 * reference client does, so the decimal digits match.
 */
export function secMsGec(nowMs: number = Date.now()): string {
  let ticks = nowMs / 1000 + WIN_EPOCH_SECONDS;
  ticks -= ticks % 300;
  ticks *= 1e7;
  return createHash('sha256')
    .update(`${ticks.toFixed(0)}${TRUSTED_CLIENT_TOKEN}`, 'ascii')
    .digest('hex')
    .toUpperCase();
}

const xmlEscape = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');

const timestamp = () => new Date().toUTCString().replace('GMT', 'GMT+0000 (Coordinated Universal Time)');

/** `+25%` for rate 1.25. */
export const ratePercent = (rate: number) => {
  const pct = Math.round((rate - 1) * 100);
  return `${pct >= 0 ? '+' : ''}${pct}%`;
};

export function ssmlOf(text: string, voice: string, rate: string, pitch: string): string {
  const lang = voice.split('-').slice(0, 2).join('-');
  return (
    `<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis' xml:lang='${lang}'>` +
    `<voice name='${voice}'><prosody pitch='${pitch}' rate='${rate}' volume='+0%'>${xmlEscape(text)}</prosody></voice></speak>`
  );
}

/** Splits text into pieces of at most `maxBytes` UTF-8 bytes, at sentence ends, else at spaces, else anywhere. */
export function chunkText(text: string, maxBytes = MAX_CHUNK_BYTES): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (Buffer.byteLength(rest) > maxBytes) {
    const chars = Array.from(rest);
    let bytes = 0;
    let cut = 0;
    let best = -1;
    let space = -1;
    for (let i = 0; i < chars.length; i++) {
      bytes += Buffer.byteLength(chars[i]!);
      if (bytes > maxBytes) break;
      cut = i + 1;
      if (/[。！？!?.;；\n]/.test(chars[i]!)) best = i + 1;
      else if (/\s|[，,]/.test(chars[i]!)) space = i + 1;
    }
    const at = best > 0 ? best : space > 0 ? space : cut;
    chunks.push(chars.slice(0, at).join('').trim());
    rest = chars.slice(at).join('').trim();
  }
  if (rest) chunks.push(rest);
  return chunks.filter(Boolean);
}

interface Boundary {
  text: string;
  /** 100-ns ticks. */
  offset: number;
  duration: number;
}

interface Turn {
  audio: Buffer;
  boundaries: Boundary[];
}

function parseTextMessage(data: string): { headers: Record<string, string>; body: string } {
  const split = data.indexOf('\r\n\r\n');
  const head = split < 0 ? data : data.slice(0, split);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const c = line.indexOf(':');
    if (c > 0) headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
  }
  return { headers, body: split < 0 ? '' : data.slice(split + 4) };
}

/** A binary frame: 2-byte big-endian header length, `Name:value\r\n` headers, then audio bytes. */
function parseBinaryMessage(data: Buffer): { path: string; audio: Buffer } | null {
  if (data.length < 2) return null;
  const headerLength = data.readUInt16BE(0);
  if (2 + headerLength > data.length) return null;
  const { headers } = parseTextMessage(data.subarray(2, 2 + headerLength).toString('utf8'));
  return { path: headers.path ?? '', audio: data.subarray(2 + headerLength) };
}

const MetadataSchema = {
  parse(body: string): Boundary[] {
    const out: Boundary[] = [];
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return out;
    }
    const items = (json as { Metadata?: unknown }).Metadata;
    if (!Array.isArray(items)) return out;
    for (const item of items as Array<{
      Type?: string;
      Data?: { Offset?: number; Duration?: number; text?: { Text?: string } };
    }>) {
      if (item.Type !== 'WordBoundary') continue;
      const d = item.Data;
      const text = d?.text?.Text;
      if (typeof text !== 'string' || typeof d?.Offset !== 'number' || typeof d.Duration !== 'number')
        continue;
      out.push({ text, offset: d.Offset, duration: d.Duration });
    }
    return out;
  },
};

export interface EdgeSpeechInit {
  /** The WebSocket endpoint (EDGE_TTS_URL); query parameters are added per connection. */
  url: string;
  /** Voice when the request names none and the story's language matches it. */
  voice?: string;
  /** Prosody pitch such as `+5Hz`. */
  pitch?: string;
  /** ffmpeg decodes the service's MP3. */
  ffmpegPath?: string;
}

const DEFAULT_VOICE: Record<Language, string> = { zh: 'zh-CN-XiaoxiaoNeural', en: 'en-US-AvaNeural' };

export class EdgeSpeech implements SpeechModel {
  readonly provider = 'edge-tts';
  readonly modelId: string;
  /** How far the service's clock is ahead of ours (from a refusal's Date header): the token depends on it. */
  private clockSkewMs = 0;

  constructor(
    private readonly runtime: ProviderRuntime,
    private readonly init: EdgeSpeechInit,
  ) {
    this.modelId = init.voice ?? 'default';
  }

  async synthesize(request: SpeechRequest, options: CallOptions): Promise<SpeechResult> {
    if (!request.text.trim()) throw badInput('text', 'must not be empty');
    const warnings: string[] = [];
    const voice = this.voiceFor(request, warnings);
    let rate = request.rate ?? 1;
    if (!Number.isFinite(rate) || rate <= 0) throw badInput('rate', 'must be a positive number');
    if (rate < 0.5 || rate > 2) {
      const clamped = Math.min(2, Math.max(0.5, rate));
      warnings.push(`Edge voices speak at 0.5–2× speed; rate ${rate} read as ${clamped}`);
      rate = clamped;
    }
    const pitch = this.init.pitch ?? '+0Hz';
    const samples: Int16Array[] = [];
    const words: WordTiming[] = [];
    let at = 0;
    const chunks = chunkText(request.text);
    for (const [i, chunk] of chunks.entries()) {
      const ssml = ssmlOf(chunk, voice, ratePercent(rate), pitch);
      const turn = await callProvider(this.runtime, options.signal, (signal) => this.turn(ssml, signal));
      const wav = await decodeToWav(turn.audio, SAMPLE_RATE, {
        ffmpegPath: this.init.ffmpegPath,
        signal: options.signal,
      });
      const decoded = decodeWav(wav);
      const pcm = Int16Array.from(decoded.samples, (x) =>
        Math.max(-32768, Math.min(32767, Math.round(x * 32767))),
      );
      for (const b of turn.boundaries) {
        const start = at + b.offset / 1e7;
        words.push({ text: b.text, start: round3(start), end: round3(start + b.duration / 1e7) });
      }
      samples.push(pcm);
      at += pcm.length / SAMPLE_RATE;
      options.onProgress?.((i + 1) / chunks.length);
    }
    const all = new Int16Array(samples.reduce((n, s) => n + s.length, 0));
    let pos = 0;
    for (const s of samples) {
      all.set(s, pos);
      pos += s.length;
    }
    const wav = encodeWav(all, SAMPLE_RATE);
    return { wav, words, usage: { audioSeconds: durationOf(wav) }, warnings };
  }

  private voiceFor(request: SpeechRequest, warnings: string[]): string {
    if (request.voice) {
      if (!EDGE_VOICE_RE.test(request.voice))
        throw badInput('voice', `"${request.voice}" is not an Edge voice name (e.g. zh-CN-XiaoxiaoNeural)`);
      return request.voice;
    }
    const configured = this.init.voice;
    if (!configured) return DEFAULT_VOICE[request.language];
    // A Chinese voice reading an English story (or the reverse) sounds foreign; multilingual voices can.
    if (!configured.startsWith(`${request.language}-`) && !/Multilingual/.test(configured)) {
      const fallback = DEFAULT_VOICE[request.language];
      warnings.push(`voice ${configured} does not speak "${request.language}"; used ${fallback}`);
      return fallback;
    }
    return configured;
  }

  /** One connection, one turn: speech.config, the SSML, then audio frames and metadata until turn.end. */
  private turn(ssml: string, signal: AbortSignal): Promise<Turn> {
    const rt = this.runtime;
    const url = new URL(this.init.url);
    url.searchParams.set('TrustedClientToken', TRUSTED_CLIENT_TOKEN);
    url.searchParams.set('ConnectionId', randomUUID().replace(/-/g, ''));
    url.searchParams.set('Sec-MS-GEC', secMsGec(Date.now() + this.clockSkewMs));
    url.searchParams.set('Sec-MS-GEC-Version', `1-${CHROMIUM_FULL_VERSION}`);
    const where = `${url.origin}${url.pathname}`;
    const fail = (message: string, retryable: boolean, statusCode?: number) =>
      new APICallError({
        provider: rt.provider,
        message,
        url: where,
        isRetryable: retryable,
        statusCode,
        secrets: rt.secrets,
      });

    return new Promise<Turn>((resolve, reject) => {
      const ws = new WebSocket(url, {
        headers: {
          Pragma: 'no-cache',
          'Cache-Control': 'no-cache',
          Origin: 'chrome-extension://jdiccldimpdaibmpdkjnbmckianbfold',
          'User-Agent': `Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${CHROMIUM_FULL_VERSION.split('.')[0]}.0.0.0 Safari/537.36 Edg/${CHROMIUM_FULL_VERSION.split('.')[0]}.0.0.0`,
        },
        perMessageDeflate: true,
      });
      const audio: Buffer[] = [];
      const boundaries: Boundary[] = [];
      let settled = false;
      const finish = (err: Error | null, value?: Turn) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
        if (err) reject(err);
        else resolve(value!);
      };
      const onAbort = () => finish(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });

      ws.on('unexpected-response', (_req, res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        // A token from a clock more than five minutes off is refused: take the service's time
        // from its Date header and try once more, as the browser does.
        const serverNow = Date.parse(String(res.headers.date ?? ''));
        const skew = Number.isFinite(serverNow) ? serverNow - Date.now() : 0;
        const retryWithClock = status === 403 && Math.abs(skew - this.clockSkewMs) > 60_000;
        if (retryWithClock) this.clockSkewMs = skew;
        finish(
          fail(
            status === 403
              ? 'the service refused the connection token (is this machine’s clock right?)'
              : `the service refused the connection`,
            retryWithClock || status === 429 || status >= 500,
            status,
          ),
        );
      });
      ws.on('error', (err) => finish(fail(`cannot reach the service (${err.message})`, true)));
      ws.on('open', () => {
        const config = {
          context: {
            synthesis: {
              audio: {
                metadataoptions: { sentenceBoundaryEnabled: 'false', wordBoundaryEnabled: 'true' },
                outputFormat: OUTPUT_FORMAT,
              },
            },
          },
        };
        ws.send(
          `X-Timestamp:${timestamp()}\r\nContent-Type:application/json; charset=utf-8\r\nPath:speech.config\r\n\r\n${JSON.stringify(config)}\r\n`,
        );
        ws.send(
          `X-RequestId:${randomUUID().replace(/-/g, '')}\r\nContent-Type:application/ssml+xml\r\nX-Timestamp:${timestamp()}Z\r\nPath:ssml\r\n\r\n${ssml}`,
        );
      });
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) {
          const frame = parseBinaryMessage(data);
          if (!frame) return finish(fail('the service sent a malformed audio frame', true));
          if (frame.path === 'audio' && frame.audio.length > 0) audio.push(frame.audio);
          return;
        }
        const { headers, body } = parseTextMessage(data.toString('utf8'));
        if (headers.path === 'audio.metadata') boundaries.push(...MetadataSchema.parse(body));
        else if (headers.path === 'turn.end') {
          if (audio.length === 0)
            return finish(fail('no audio received: is the voice name right and the text speakable?', false));
          finish(null, { audio: Buffer.concat(audio), boundaries });
        }
      });
      ws.on('close', (code) => {
        const received = audio.reduce((n, b) => n + b.length, 0);
        finish(
          fail(
            `the connection closed before the end of the audio (code ${code}, ${received} bytes received)`,
            true,
          ),
        );
      });
    });
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
