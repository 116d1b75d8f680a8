// `storyagent generate` end to end: the real CLI, the offline providers, the real ffmpeg.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTimeline } from '../../src/media/timeline.js';
import { StoryScriptSchema } from '../../src/pipeline/script.js';
import { runCli } from '../helpers/cli.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'sa-generate-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

interface Probe {
  format: { duration: string };
  streams: { codec_type: string; codec_name: string; width?: number; height?: number; pix_fmt?: string }[];
}
const probe = (file: string): Probe =>
  JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file], {
      encoding: 'utf8',
    }),
  );

const srtTime = (t: string) => {
  const [h, m, rest] = t.split(':');
  const [s, ms] = rest!.split(',');
  return Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;
};

describe.each([
  ['zh', '一只想学飞的小企鹅'],
  ['en', 'A shy little fox who wants to sing'],
])('generate --lang %s, 3 pages, 9:16', (lang, topic) => {
  let out: string;
  let result: Awaited<ReturnType<typeof runCli>>;
  beforeAll(async () => {
    out = join(work, `story-${lang}`);
    result = await runCli([
      'generate',
      '--topic',
      topic,
      '--lang',
      lang,
      '--pages',
      '3',
      '--aspect',
      '9:16',
      '--out',
      out,
    ]);
  }, 600_000);

  it('exits 0 and prints the MP4 path last', () => {
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/video\/output\.mp4$/);
    expect(
      existsSync(lines.at(-1)!.startsWith('/') ? lines.at(-1)! : join(process.cwd(), lines.at(-1)!)),
    ).toBe(true);
  });

  it('writes the task files SPEC §3 names', async () => {
    const script = StoryScriptSchema.parse(JSON.parse(await readFile(join(out, 'script_data.json'), 'utf8')));
    expect(script.language).toBe(lang);
    expect(script.pages).toHaveLength(3);
    for (const page of script.pages) {
      expect(existsSync(join(out, 'image', `p${page.page}.png`))).toBe(true);
      expect(existsSync(join(out, 'speech', `p${page.page}.wav`))).toBe(true);
      expect(page.segments?.length).toBeGreaterThan(0);
      page.segments!.forEach((seg, k) => {
        expect(seg.audio).toBe(`speech/p${page.page}_${k + 1}.wav`);
        expect(existsSync(join(out, seg.audio!))).toBe(true);
        expect(seg.duration).toBeGreaterThan(0.2);
      });
    }
    expect(existsSync(join(out, 'video', 'subtitles.srt'))).toBe(true);
  });

  it('renders H.264 yuv420p + AAC at 720x1280 with the timeline duration', async () => {
    const info = probe(join(out, 'video', 'output.mp4'));
    const video = info.streams.find((s) => s.codec_type === 'video')!;
    const audio = info.streams.find((s) => s.codec_type === 'audio')!;
    expect(video.codec_name).toBe('h264');
    expect(video.pix_fmt).toBe('yuv420p');
    expect([video.width, video.height]).toEqual([720, 1280]);
    expect(audio.codec_name).toBe('aac');
    const script = StoryScriptSchema.parse(JSON.parse(await readFile(join(out, 'script_data.json'), 'utf8')));
    const timeline = buildTimeline(script, out);
    expect(Math.abs(Number(info.format.duration) - timeline.duration)).toBeLessThan(0.25);
  });

  it('has subtitle cues covering the narration', async () => {
    const srt = await readFile(join(out, 'video', 'subtitles.srt'), 'utf8');
    const cues = [...srt.matchAll(/(\d\d:\d\d:\d\d,\d{3}) --> (\d\d:\d\d:\d\d,\d{3})/g)].map(
      (m) => [srtTime(m[1]!), srtTime(m[2]!)] as const,
    );
    const script = StoryScriptSchema.parse(JSON.parse(await readFile(join(out, 'script_data.json'), 'utf8')));
    const segments = script.pages.flatMap((p) => p.segments ?? []);
    // A long segment may be shown as several cues, never fewer than one each.
    expect(cues.length).toBeGreaterThanOrEqual(segments.length);
    const spoken = segments.reduce((sum, s) => sum + (s.duration ?? 0), 0);
    const covered = cues.reduce((sum, [a, b]) => sum + (b - a), 0);
    expect(covered).toBeGreaterThan(spoken * 0.9);
    for (let i = 1; i < cues.length; i++) expect(cues[i]![0]).toBeGreaterThanOrEqual(cues[i - 1]![1] - 0.001);
    const duration = Number(probe(join(out, 'video', 'output.mp4')).format.duration);
    expect(cues.at(-1)![1]).toBeLessThanOrEqual(duration + 0.05);
  });
});

describe('generate rejects bad input with one clear line and keeps what was there', () => {
  it.each([
    [['--topic', ''], /--topic/],
    [['--topic', 'x', '--pages', '0'], /--pages/],
    [['--topic', 'x', '--pages', '21'], /--pages/],
    [['--topic', 'x', '--lang', 'fr'], /--lang/],
    [['--topic', 'x', '--aspect', '4:3'], /--aspect/],
    [['--topic', 'x', '--from', 'image'], /--out/],
    [['--topic', 'x', '--story-provider', 'nope:x'], /--story-provider: "nope" is not a story provider/],
    [['--topic', 'x', '--image-provider', 'comfyui'], /--image-provider: "comfyui" needs a URL/],
  ])('%j', async (args, pattern) => {
    const r = await runCli(['generate', ...(args as string[])], {
      env: { STORAGE_DIR: join(work, 'unused') },
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(existsSync(join(work, 'unused'))).toBe(false);
  });

  it('refuses an --out folder that holds something else, and leaves it untouched', async () => {
    const dir = join(work, 'precious');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'thesis.txt'), 'do not delete');
    const r = await runCli(['generate', '--topic', 'x', '--out', dir]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/holds other files/);
    expect(await readFile(join(dir, 'thesis.txt'), 'utf8')).toBe('do not delete');
  });
});

describe('a failing segment', () => {
  it('names the segment, exits non-zero and keeps the earlier files', async () => {
    const out = join(work, 'fails-at-video');
    const r = await runCli(
      ['generate', '--topic', 'A brave snail', '--lang', 'en', '--pages', '1', '--out', out],
      {
        env: { FFMPEG_PATH: join(work, 'no-such-ffmpeg') },
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Video/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    for (const f of ['script_data.json', 'image/p1.png', 'speech/p1.wav']) {
      expect((await stat(join(out, f))).size).toBeGreaterThan(0);
    }
    expect(existsSync(join(out, 'video', 'output.mp4'))).toBe(false);

    // A flag that shapes the story is refused on a partial re-run instead of being ignored.
    const wrongLang = await runCli(['generate', '--out', out, '--from', 'video', '--lang', 'zh']);
    expect(wrongLang.code).toBe(2);
    expect(wrongLang.stderr).toMatch(/--lang differs .*--from story/);

    // Fixing the cause and re-running from the failed segment finishes the video.
    const again = await runCli(['generate', '--out', out, '--from', 'video', '--lang', 'en']);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toMatch(/output\.mp4$/);
  }, 300_000);
});

describe('a failing story', () => {
  it('leaves no empty task folder behind and does not point at one', async () => {
    const storage = join(work, 'story-fails');
    const r = await runCli(
      [
        'generate',
        '--topic',
        'A brave snail',
        '--lang',
        'en',
        '--pages',
        '1',
        '--story-provider',
        'openai-compatible:http://127.0.0.1:9#m',
      ],
      { env: { STORAGE_DIR: storage, PROVIDER_MAX_RETRIES: '0' } },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/segment 1 Story failed: openai-compatible: /);
    expect(r.stderr).toMatch(/Nothing was written; fix the cause and run the same command again/);
    expect(r.stderr).not.toMatch(/--from story|are kept in/);
    expect(await readdir(storage)).toEqual([]);
  }, 120_000);
});

describe('storyagent --help', () => {
  it('lists the generate command and its flags', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/generate/);
    const g = await runCli(['generate', '--help']);
    for (const flag of ['--topic', '--role', '--scene', '--lang', '--pages', '--aspect', '--out'])
      expect(g.stdout).toContain(flag);
  });
});
