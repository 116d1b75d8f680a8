// A local stand-in for Edge's read-aloud WebSocket service, written from the published protocol:
// the TrustedClientToken and Sec-MS-GEC query checked, speech.config then ssml text messages in,
// binary audio frames (2-byte header length, headers, MP3) and audio.metadata WordBoundary events
// (100-ns ticks) out, closed by turn.end. Faults: a socket dropped mid-audio, a slow answer, a 403.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';

export const EDGE_PATH = '/consumer/speech/synthesize/readaloud/edge/v1';
const TOKEN = '6A5AA1D4EAFF4E9FB37E23D68491D6F4';
const RATE = 24000;

export type EdgeFault =
  /** Sends about half of the audio, then drops the TCP connection. */
  | { kind: 'drop' }
  /** Waits before answering at all. */
  | { kind: 'slow'; delayMs: number }
  /** Refuses the upgrade with HTTP 403 (what a stale Sec-MS-GEC gets). */
  | { kind: 'reject' };

export interface EdgeRequest {
  query: URLSearchParams;
  outputFormat: string;
  wordBoundary: boolean;
  voice: string;
  rate: string;
  pitch: string;
  text: string;
}

/** A word the fake spoke: where its tone is in the audio, in seconds. */
export interface SpokenWord {
  text: string;
  start: number;
  end: number;
}

export interface FakeEdge {
  url: string;
  requests: EdgeRequest[];
  /** Words of every answered turn, in order. */
  spoken: SpokenWord[][];
  fault(...faults: EdgeFault[]): void;
  close(): Promise<void>;
}

/** The token as the service checks it (computed here independently of the client). */
function expectedGec(nowMs: number): string {
  let ticks = Math.floor(nowMs / 1000) + 11644473600;
  ticks -= ticks % 300;
  return createHash('sha256')
    .update(`${(ticks * 1e7).toFixed(0)}${TOKEN}`)
    .digest('hex')
    .toUpperCase();
}

const xmlUnescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

function parseMessage(data: string): { path: string; body: string } {
  const split = data.indexOf('\r\n\r\n');
  const head = data.slice(0, split);
  const path = /(^|\r\n)Path:([^\r\n]*)/.exec(head)?.[2]?.trim() ?? '';
  return { path, body: data.slice(split + 4) };
}

/** Words with tones between pauses: 90 ms per Latin letter or 240 ms per CJK character, scaled by the rate. */
function speak(text: string, rate: number): { pcm: Buffer; words: SpokenWord[] } {
  const segments = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(text)];
  const chunks: Int16Array[] = [];
  const words: SpokenWord[] = [];
  let t = 0;
  const add = (seconds: number, freq: number) => {
    const n = Math.round(seconds * RATE);
    const a = new Int16Array(n);
    if (freq > 0)
      for (let i = 0; i < n; i++) a[i] = Math.round(Math.sin((2 * Math.PI * freq * i) / RATE) * 9000);
    chunks.push(a);
    t += n / RATE;
  };
  add(0.1, 0);
  segments.forEach((s, i) => {
    if (!s.isWordLike) {
      if (/[，。！？,.!?;；]/.test(s.segment)) add(0.3 / rate, 0);
      return;
    }
    const cjk = /\p{Script=Han}/u.test(s.segment);
    const seconds = (cjk ? 0.24 * Array.from(s.segment).length : 0.09 * s.segment.length + 0.08) / rate;
    const start = t;
    add(seconds, 300 + (i % 5) * 60);
    words.push({ text: s.segment, start, end: t });
    add(0.05, 0);
  });
  add(0.1, 0);
  const pcm = Buffer.alloc(chunks.reduce((n, c) => n + c.length * 2, 0));
  let o = 0;
  for (const c of chunks) for (const x of c) o = pcm.writeInt16LE(x, o);
  return { pcm, words };
}

function mp3Of(pcm: Buffer): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'fake-edge-'));
  try {
    const out = join(dir, 'a.mp3');
    execFileSync(
      'ffmpeg',
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-f',
        's16le',
        '-ar',
        String(RATE),
        '-ac',
        '1',
        '-i',
        'pipe:0',
        '-c:a',
        'libmp3lame',
        '-b:a',
        '48k',
        out,
      ],
      { input: pcm },
    );
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function textFrame(requestId: string, path: string, body: string): string {
  return `X-RequestId:${requestId}\r\nContent-Type:application/json; charset=utf-8\r\nPath:${path}\r\n\r\n${body}`;
}

function audioFrame(requestId: string, audio: Buffer): Buffer {
  const head = Buffer.from(
    `X-RequestId:${requestId}\r\nContent-Type:audio/mpeg\r\nX-StreamId:1\r\nPath:audio\r\n`,
  );
  const len = Buffer.alloc(2);
  len.writeUInt16BE(head.length);
  return Buffer.concat([len, head, audio]);
}

export async function startFakeEdgeTts(
  opts: {
    voices?: string[];
    /** How far the service's clock is ahead of the client's (tokens are checked against it). */
    clockAheadMs?: number;
  } = {},
): Promise<FakeEdge> {
  const voices = new Set(
    opts.voices ?? ['zh-CN-XiaoxiaoNeural', 'zh-CN-YunxiNeural', 'en-US-AvaNeural', 'en-US-AndrewNeural'],
  );
  const faults: EdgeFault[] = [];
  const requests: EdgeRequest[] = [];
  const spoken: SpokenWord[][] = [];
  const http: Server = createServer((_req, res) => {
    res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    const u = new URL(req.url ?? '/', 'http://fake');
    const now = Date.now() + (opts.clockAheadMs ?? 0);
    const gecOk = [now, now - 300_000].some((t) => u.searchParams.get('Sec-MS-GEC') === expectedGec(t));
    const fault = faults[0]?.kind === 'reject' ? faults.shift() : undefined;
    if (
      fault ||
      u.pathname !== EDGE_PATH ||
      u.searchParams.get('TrustedClientToken') !== TOKEN ||
      !gecOk ||
      !u.searchParams.get('ConnectionId')
    ) {
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nDate: ${new Date(now).toUTCString()}\r\nContent-Length: 0\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      let config: { outputFormat: string; wordBoundary: boolean } | undefined;
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) return ws.close(1007, 'unexpected binary');
        const { path, body } = parseMessage(data.toString('utf8'));
        if (path === 'speech.config') {
          const c = JSON.parse(body) as {
            context: {
              synthesis: {
                audio: { outputFormat: string; metadataoptions: { wordBoundaryEnabled: string } };
              };
            };
          };
          config = {
            outputFormat: c.context.synthesis.audio.outputFormat,
            wordBoundary: c.context.synthesis.audio.metadataoptions.wordBoundaryEnabled === 'true',
          };
          return;
        }
        if (path !== 'ssml' || !config) return ws.close(1007, 'expected speech.config then ssml');
        const requestId = /X-RequestId:(\w+)/.exec(data.toString('utf8'))?.[1] ?? 'x';
        const voice = /<voice name='([^']+)'>/.exec(body)?.[1] ?? '';
        const prosody = /<prosody pitch='([^']+)' rate='([^']+)' volume='[^']+'>([\s\S]*)<\/prosody>/.exec(
          body,
        );
        const request: EdgeRequest = {
          query: u.searchParams,
          ...config,
          voice,
          pitch: prosody?.[1] ?? '',
          rate: prosody?.[2] ?? '',
          text: xmlUnescape(prosody?.[3] ?? ''),
        };
        requests.push(request);
        void answer(ws, requestId, request);
      });
    });
  });

  async function answer(ws: import('ws').WebSocket, requestId: string, request: EdgeRequest): Promise<void> {
    const fault = faults.shift();
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs));
    if (ws.readyState !== ws.OPEN) return;
    ws.send(textFrame(requestId, 'turn.start', '{"context":{"serviceTag":"fake"}}'));
    if (!voices.has(request.voice) || request.outputFormat !== 'audio-24khz-48kbitrate-mono-mp3') {
      ws.send(textFrame(requestId, 'turn.end', '{}'));
      return;
    }
    ws.send(
      textFrame(
        requestId,
        'response',
        '{"context":{"serviceTag":"fake"},"audio":{"type":"inline","streamId":"1"}}',
      ),
    );
    const pct = Number(/^([+-]\d+)%$/.exec(request.rate)?.[1] ?? 0);
    const { pcm, words } = speak(request.text, 1 + pct / 100);
    const mp3 = mp3Of(pcm);
    const frames: Buffer[] = [];
    for (let i = 0; i < mp3.length; i += 4096) frames.push(mp3.subarray(i, i + 4096));
    for (const [i, frame] of frames.entries()) {
      if (fault?.kind === 'drop' && i >= frames.length / 2) {
        ws.terminate();
        return;
      }
      ws.send(audioFrame(requestId, frame));
    }
    if (request.wordBoundary) {
      for (const w of words) {
        const meta = {
          Metadata: [
            {
              Type: 'WordBoundary',
              Data: {
                Offset: Math.round(w.start * 1e7),
                Duration: Math.round((w.end - w.start) * 1e7),
                text: { Text: w.text, Length: w.text.length, BoundaryType: 'WordBoundary' },
              },
            },
          ],
        };
        ws.send(textFrame(requestId, 'audio.metadata', JSON.stringify(meta)));
      }
    }
    spoken.push(words);
    ws.send(textFrame(requestId, 'turn.end', '{"context":{"serviceTag":"fake"}}'));
  }

  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}${EDGE_PATH}`,
    requests,
    spoken,
    fault: (...f) => faults.push(...f),
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
