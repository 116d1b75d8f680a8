// The ffmpeg runner against the real binaries: typed probe results, one readable error line,
// progress fractions, cancellation that kills the process, and a clear message for a bad build.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAbortError } from '../../src/errors.js';
import { checkFfmpeg, probe, runFfmpeg, summarizeStderr } from '../../src/media/ffmpeg.js';
import { afterProcessesGone, processesMentioning } from '../helpers/processes.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'storyagent-ffmpeg-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runFfmpeg and probe', () => {
  it('encodes a clip and probes it into a typed object, reporting progress up to 1', async () => {
    const out = join(dir, 'clip.mp4');
    const fractions: number[] = [];
    await runFfmpeg(
      [
        '-y',
        '-f',
        'lavfi',
        '-i',
        'testsrc2=s=320x180:r=30:d=2',
        '-f',
        'lavfi',
        '-i',
        'sine=frequency=440:sample_rate=44100:duration=2',
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-pix_fmt',
        'yuv420p',
        '-c:a',
        'aac',
        '-shortest',
        out,
      ],
      { totalSeconds: 2, onProgress: (f) => fractions.push(f) },
    );
    expect(fractions.at(-1)).toBe(1);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    const info = await probe(out);
    expect(info.video).toEqual({ codec: 'h264', width: 320, height: 180, pixFmt: 'yuv420p', fps: 30 });
    expect(info.audio).toEqual({ codec: 'aac', sampleRate: 44100, channels: 1 });
    expect(info.durationSeconds).toBeGreaterThan(1.9);
    expect(info.durationSeconds).toBeLessThan(2.2);
  });

  it('fails with one short line naming the missing input', async () => {
    const missing = join(dir, 'nope.png');
    const err = await runFfmpeg(['-y', '-i', missing, join(dir, 'x.mp4')]).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toContain('nope.png: No such file or directory');
    expect(err!.message).not.toContain('\n');
    expect(err!.message.length).toBeLessThan(500);
  });

  it('keeps only the tail of a huge stderr in the message', () => {
    const noisy = `${'x'.repeat(100_000)}\nfirst cause\nfinal cause\nConversion failed!\n`;
    expect(summarizeStderr(noisy)).toBe('first cause / final cause');
  });

  it('names a file ffprobe cannot read', async () => {
    const bad = join(dir, 'bad.mp4');
    await writeFile(bad, 'not a video');
    await expect(probe(bad)).rejects.toThrow(/ffprobe could not read .*bad\.mp4/);
  });

  it('kills ffmpeg on abort and rejects with an AbortError', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = runFfmpeg(['-y', '-re', '-f', 'lavfi', '-i', 'testsrc2=s=320x180:d=60', '-f', 'null', '-'], {
      signal: controller.signal,
      totalSeconds: 60,
      onProgress: () => controller.abort(),
    });
    const err = await run.catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
    // An already aborted signal never starts a process.
    await expect(runFfmpeg(['-version'], { signal: AbortSignal.abort() })).rejects.toSatisfy(isAbortError);
  });
});

describe('checkFfmpeg', () => {
  it('accepts the installed Debian ffmpeg', async () => {
    await expect(checkFfmpeg()).resolves.toBeUndefined();
  });

  it('names the Debian package when ffmpeg is not installed', async () => {
    await expect(checkFfmpeg({ ffmpegPath: join(dir, 'no-such-ffmpeg') })).rejects.toThrow(
      /no-such-ffmpeg was not found: install the Debian package `ffmpeg`/,
    );
  });

  it('says what an old build lacks (no xfade, no libass)', async () => {
    // A stand-in binary that lists filters like the 2018 npm build: no xfade, no subtitles/ass.
    const fake = join(dir, 'old-ffmpeg');
    await writeFile(
      fake,
      [
        '#!/bin/sh',
        'case "$2" in',
        '  -filters) printf " ... zoompan V->V Zoom\\n ... adelay A->A Delay\\n ... amix N->A Mix\\n" ;;',
        '  -encoders) printf " V..... libx264 H.264\\n A..... aac AAC\\n" ;;',
        'esac',
      ].join('\n'),
    );
    await chmod(fake, 0o755);
    const err = await checkFfmpeg({ ffmpegPath: fake }).catch((e: Error) => e);
    expect(err?.message).toMatch(/lacks filter xfade, filter subtitles, filter ass/);
    expect(err?.message).toMatch(/Debian's `ffmpeg` package/);
  });
});

describe('a child process', () => {
  it('dies with the process that started it, even when that one is SIGKILLed', async () => {
    const marker = `sa-orphan-${randomBytes(6).toString('hex')}`;
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./fixtures/ffmpeg-parent.ts', import.meta.url)), marker],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = once(parent, 'exit');
    try {
      await new Promise<void>((resolve, reject) => {
        parent.stdout!.on('data', (d) => {
          if (String(d).includes('running')) resolve();
        });
        parent.once('exit', () => reject(new Error('the parent exited before ffmpeg ran')));
      });
      expect(processesMentioning(marker).length).toBeGreaterThan(0);
      parent.kill('SIGKILL');
      await exited;
      expect(await afterProcessesGone(marker, 2000)).toEqual([]);
    } finally {
      for (const p of processesMentioning(marker)) process.kill(p.pid, 'SIGKILL');
    }
  });
});
