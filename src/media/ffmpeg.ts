// The one place that spawns ffmpeg and ffprobe: cancellation through an AbortSignal, progress
// from `-progress pipe:1`, a short stderr tail for errors, and ffprobe output as a typed object.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.js';

/** Where the binaries are; defaults are looked up on PATH (config FFMPEG_PATH / FFPROBE_PATH). */
export interface FfmpegBinaries {
  ffmpegPath?: string;
  ffprobePath?: string;
}

export interface RunFfmpegOptions extends FfmpegBinaries {
  signal?: AbortSignal;
  /** Length of the output in seconds; with it, `onProgress` gets fractions 0..1. */
  totalSeconds?: number;
  onProgress?: (fraction: number) => void;
  cwd?: string;
}

/** Lines of stderr kept for the error message; ffmpeg can print megabytes on a bad graph. */
const STDERR_TAIL_BYTES = 16 * 1024;
const ERROR_MESSAGE_CHARS = 400;

export const mediaError = (message: string) => new AppError('media_error', 500, message);

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  const err = new Error(typeof reason === 'string' ? reason : 'The operation was aborted');
  err.name = 'AbortError';
  return err;
}

/** The last meaningful stderr line(s), cut to one readable line. */
export function summarizeStderr(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('Conversion failed'));
  // Errors often come as "input: No such file" followed by a generic "Error opening…" line;
  // two lines keep the cause and the consequence.
  const tail = lines.slice(-2).join(' / ');
  return tail.length > ERROR_MESSAGE_CHARS ? `…${tail.slice(-ERROR_MESSAGE_CHARS)}` : tail;
}

interface SpawnResult {
  code: number | null;
  stdout: string;
  stderrTail: string;
}

/**
 * util-linux `setpriv` (Debian, Ubuntu, Alpine's util-linux): it sets the Linux parent-death signal,
 * then execs the tool in its place, so ffmpeg is killed when the process that spawned it dies, even
 * by SIGKILL; otherwise a killed worker's ffmpeg would keep running under PID 1 beside the retried
 * job. Elsewhere (macOS, a slim image without it) tools are spawned directly.
 */
const SETPRIV = ['/usr/bin/setpriv', '/bin/setpriv'].find((path) => {
  if (process.platform !== 'linux') return false;
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
});

/** The command that runs `bin args` and dies with this process: [file, args]. */
export function tiedToParent(bin: string, args: readonly string[]): [string, string[]] {
  return SETPRIV ? [SETPRIV, ['--pdeathsig', 'SIGKILL', '--', bin, ...args]] : [bin, [...args]];
}

/** Spawns `bin args`, killing it on abort. Resolves with the exit code; rejects on spawn failure. */
function spawnTool(
  bin: string,
  args: readonly string[],
  opts: { signal?: AbortSignal; cwd?: string; onStdout?: (chunk: string) => void; keepStdout?: boolean },
): Promise<SpawnResult> {
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const [file, argv] = tiedToParent(bin, args);
    const child = spawn(file, argv, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const onAbort = () => {
      child.kill('SIGKILL');
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (opts.keepStdout) stdout += chunk;
      opts.onStdout?.(chunk);
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (stderr.length > STDERR_TAIL_BYTES * 2) stderr = stderr.slice(-STDERR_TAIL_BYTES);
    });
    const notFound = () =>
      mediaError(
        `${bin} was not found: install the Debian package \`ffmpeg\` (apt-get install ffmpeg) or set FFMPEG_PATH / FFPROBE_PATH`,
      );
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      reject(err.code === 'ENOENT' ? notFound() : err);
    });
    child.on('close', (code) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) reject(abortError(signal));
      // setpriv could not exec the tool (its own exit code 127 and message): the tool is missing.
      else if (file !== bin && code === 127 && /setpriv: failed to execute/.test(stderr)) reject(notFound());
      else resolve({ code, stdout, stderrTail: stderr.slice(-STDERR_TAIL_BYTES) });
    });
  });
}

/**
 * Runs ffmpeg with `args` (output options and path included). Adds the global options that make
 * it quiet and scriptable. Rejects with an AppError carrying the last stderr line on failure and
 * with an AbortError when `signal` aborts (the process is killed).
 */
export async function runFfmpeg(args: readonly string[], options: RunFfmpegOptions = {}): Promise<void> {
  const bin = options.ffmpegPath ?? 'ffmpeg';
  const { totalSeconds, onProgress } = options;
  const globals = ['-hide_banner', '-nostdin', '-loglevel', 'error'];
  if (onProgress) globals.push('-progress', 'pipe:1', '-nostats');
  let buffered = '';
  let last = -1;
  const onStdout = onProgress
    ? (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          // out_time_us is the output timestamp in microseconds (out_time_ms is the same, misnamed).
          const m = /^out_time_us=(\d+)/.exec(line.trim());
          if (m && totalSeconds && totalSeconds > 0) {
            const fraction = Math.min(1, Number(m[1]) / 1e6 / totalSeconds);
            if (fraction > last) {
              last = fraction;
              onProgress(fraction);
            }
          } else if (line.trim() === 'progress=end' && last < 1) {
            last = 1;
            onProgress(1);
          }
        }
      }
    : undefined;
  const result = await spawnTool(bin, [...globals, ...args], {
    signal: options.signal,
    cwd: options.cwd,
    onStdout,
  });
  if (result.code !== 0) {
    const reason = summarizeStderr(result.stderrTail) || `exit code ${result.code}`;
    throw mediaError(`ffmpeg failed: ${reason}`);
  }
}

/**
 * Decodes compressed audio (MP3, Ogg, …) to a 16-bit mono WAV at `sampleRate` with ffmpeg, for
 * speech services that only answer in a compressed format. Works through a temporary folder.
 */
export async function decodeToWav(
  audio: Uint8Array,
  sampleRate: number,
  options: FfmpegBinaries & { signal?: AbortSignal } = {},
): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'sa-decode-'));
  try {
    const input = join(dir, 'in');
    const output = join(dir, 'out.wav');
    await writeFile(input, audio);
    await runFfmpeg(
      ['-i', input, '-vn', '-ac', '1', '-ar', String(sampleRate), '-c:a', 'pcm_s16le', output],
      {
        ffmpegPath: options.ffmpegPath,
        signal: options.signal,
      },
    );
    return new Uint8Array(await readFile(output));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ProbeStreamSchema = z.looseObject({
  codec_type: z.string().optional(),
  codec_name: z.string().optional(),
  width: z.number().int().optional(),
  height: z.number().int().optional(),
  pix_fmt: z.string().optional(),
  avg_frame_rate: z.string().optional(),
  r_frame_rate: z.string().optional(),
  sample_rate: z.string().optional(),
  channels: z.number().int().optional(),
  duration: z.string().optional(),
});

const ProbeOutputSchema = z.looseObject({
  format: z.looseObject({ duration: z.string().optional(), format_name: z.string().optional() }),
  streams: z.array(ProbeStreamSchema).default([]),
});

export interface MediaInfo {
  durationSeconds: number;
  formatName: string;
  video?: { codec: string; width: number; height: number; pixFmt: string; fps: number };
  audio?: { codec: string; sampleRate: number; channels: number };
}

/** "30000/1001" → 29.97; "0/0" → 0. */
function parseRate(rate: string | undefined): number {
  if (!rate) return 0;
  const [num, den] = rate.split('/').map(Number);
  if (!num || !den) return Number(rate) || 0;
  return num / den;
}

/** Reads a media file's container, video and audio properties with ffprobe. */
export async function probe(
  file: string,
  options: { ffprobePath?: string; signal?: AbortSignal } = {},
): Promise<MediaInfo> {
  const bin = options.ffprobePath ?? 'ffprobe';
  const result = await spawnTool(
    bin,
    ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file],
    { signal: options.signal, keepStdout: true },
  );
  if (result.code !== 0) {
    throw mediaError(
      `ffprobe could not read ${file}: ${summarizeStderr(result.stderrTail) || 'unknown error'}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    throw mediaError(`ffprobe printed no JSON for ${file}`);
  }
  const parsed = ProbeOutputSchema.safeParse(json);
  if (!parsed.success) throw mediaError(`ffprobe output for ${file} is not understood`);
  const { format, streams } = parsed.data;
  const v = streams.find((s) => s.codec_type === 'video');
  const a = streams.find((s) => s.codec_type === 'audio');
  const info: MediaInfo = {
    durationSeconds: Number(format.duration ?? v?.duration ?? a?.duration ?? 0) || 0,
    formatName: format.format_name ?? '',
  };
  if (v) {
    info.video = {
      codec: v.codec_name ?? '',
      width: v.width ?? 0,
      height: v.height ?? 0,
      pixFmt: v.pix_fmt ?? '',
      fps: parseRate(v.avg_frame_rate) || parseRate(v.r_frame_rate),
    };
  }
  if (a) {
    info.audio = {
      codec: a.codec_name ?? '',
      sampleRate: Number(a.sample_rate ?? 0),
      channels: a.channels ?? 0,
    };
  }
  return info;
}

/** Filters and encoders the Video segment uses; a build without them cannot render a storybook. */
const REQUIRED_FILTERS = ['xfade', 'zoompan', 'subtitles', 'ass', 'adelay', 'amix'] as const;

/**
 * Verifies that ffmpeg and ffprobe run and that ffmpeg has xfade, libass (subtitles/ass filters)
 * and libx264. Throws one clear AppError naming the Debian package otherwise.
 */
export async function checkFfmpeg(options: FfmpegBinaries & { signal?: AbortSignal } = {}): Promise<void> {
  const ffmpeg = options.ffmpegPath ?? 'ffmpeg';
  const ffprobe = options.ffprobePath ?? 'ffprobe';
  const install =
    "install Debian's `ffmpeg` package (apt-get install ffmpeg), or point FFMPEG_PATH at a build that has them";
  const filters = await spawnTool(ffmpeg, ['-hide_banner', '-filters'], {
    signal: options.signal,
    keepStdout: true,
  });
  const encoders = await spawnTool(ffmpeg, ['-hide_banner', '-encoders'], {
    signal: options.signal,
    keepStdout: true,
  });
  if (filters.code !== 0 || encoders.code !== 0) {
    throw mediaError(`${ffmpeg} does not run (${summarizeStderr(filters.stderrTail)}); ${install}`);
  }
  const names = new Set(
    filters.stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[1])
      .filter((n): n is string => Boolean(n)),
  );
  const missing: string[] = REQUIRED_FILTERS.filter((f) => !names.has(f)).map((f) => `filter ${f}`);
  if (!/\blibx264\b/.test(encoders.stdout)) missing.push('encoder libx264');
  if (!/\baac\b/.test(encoders.stdout)) missing.push('encoder aac');
  if (missing.length > 0) {
    throw mediaError(`${ffmpeg} lacks ${missing.join(', ')}; ${install}`);
  }
  const probeRun = await spawnTool(ffprobe, ['-hide_banner', '-version'], { signal: options.signal });
  if (probeRun.code !== 0) throw mediaError(`${ffprobe} does not run; ${install}`);
}
