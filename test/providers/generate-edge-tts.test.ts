// A whole storybook narrated by an Edge neural voice (the fake read-aloud service): the MP4 is made
// and the karaoke subtitles highlight each word when the service's word boundary says it starts.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoryScriptSchema } from '../../src/pipeline/script.js';
import { type FakeEdge, startFakeEdgeTts } from '../fakes/edge-tts.js';
import { runCli } from '../helpers/cli.js';

let fake: FakeEdge;
let root: string;
beforeAll(async () => {
  fake = await startFakeEdgeTts();
  root = await mkdtemp(join(tmpdir(), 'sa-edge-'));
});
afterAll(async () => {
  await fake.close();
  await rm(root, { recursive: true, force: true });
});

/** Karaoke words of an ASS file in order, with the time each is highlighted (dialogue start + \k before it). */
function karaokeWords(ass: string): Array<{ text: string; start: number }> {
  const out: Array<{ text: string; start: number }> = [];
  const time = (s: string) => {
    const [h, m, sec] = s.split(':');
    return Number(h) * 3600 + Number(m) * 60 + Number(sec);
  };
  const lines = ass
    .split('\n')
    .filter((l) => l.startsWith('Dialogue:'))
    .map((l) => {
      const parts = l.split(',');
      return { start: time(parts[1]!), text: parts.slice(9).join(',') };
    })
    .sort((a, b) => a.start - b.start);
  for (const l of lines) {
    let t = l.start;
    for (const m of l.text.replace(/\\N/g, '').matchAll(/\{\\k(\d+)\}([^{]*)/g)) {
      // Punctuation is shown glued to the word before it.
      const text = m[2]!.replace(/[\p{P}\s]/gu, '');
      if (text) out.push({ text, start: t });
      t += Number(m[1]) / 100;
    }
  }
  return out;
}

describe('generate with edge-tts', () => {
  it('ends in an MP4 whose karaoke cues follow the word boundaries the service sent', async () => {
    const out = join(root, 'book');
    const run = await runCli(
      [
        'generate',
        '--topic',
        '一只想学飞的小企鹅',
        '--lang',
        'zh',
        '--pages',
        '1',
        '--out',
        out,
        '--speech-provider',
        // An English voice for a Chinese story: Edge's Chinese default reads it, with a warning.
        'edge-tts:en-US-AvaNeural',
        '--subtitle-style',
        'karaoke',
      ],
      { env: { EDGE_TTS_URL: fake.url } },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/video\/output\.mp4$/);
    const warnings = run.stderr.split('\n').filter((l) => l.includes('warning'));
    expect(warnings).toEqual([
      'storyagent generate: warning: Speech: edge-tts: voice en-US-AvaNeural does not speak "zh"; used zh-CN-XiaoxiaoNeural',
    ]);
    const streams = execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', join(out, 'video/output.mp4')],
      { encoding: 'utf8' },
    );
    expect(streams.split('\n').filter(Boolean).sort()).toEqual(['aac', 'h264']);

    // Every segment was spoken by the fake, in order, and keeps its boundaries as word timings.
    const script = StoryScriptSchema.parse(JSON.parse(await readFile(join(out, 'script_data.json'), 'utf8')));
    const segments = script.pages.flatMap((p) => p.segments ?? []);
    expect(fake.requests.map((r) => r.text)).toEqual(segments.map((s) => s.text));
    expect(fake.requests.every((r) => r.voice === 'zh-CN-XiaoxiaoNeural')).toBe(true);
    segments.forEach((s, i) => {
      const spoken = fake.spoken[i]!;
      expect(s.words!.map((w) => w.text)).toEqual(spoken.map((w) => w.text));
      for (const [k, w] of s.words!.entries())
        expect(Math.abs(w.start - spoken[k]!.start)).toBeLessThan(0.03);
    });

    // The karaoke highlight moves from word to word as far apart as the boundaries are.
    const karaoke = karaokeWords(await readFile(join(out, 'video/subtitles.ass'), 'utf8'));
    const spoken = fake.spoken.flatMap((words, seg) => words.map((w) => ({ ...w, seg })));
    let k = 0;
    const highlightAt: number[] = [];
    for (const w of spoken) {
      // A long word laid across two lines is highlighted per character: join them back.
      let text = '';
      const start = karaoke[k]!.start;
      while (text.length < w.text.length && k < karaoke.length) text += karaoke[k++]!.text;
      expect(text).toBe(w.text);
      highlightAt.push(start);
    }
    expect(k).toBe(karaoke.length);
    let compared = 0;
    for (let i = 1; i < spoken.length; i++) {
      if (spoken[i]!.seg !== spoken[i - 1]!.seg) continue;
      const expected = spoken[i]!.start - spoken[i - 1]!.start;
      expect(Math.abs(highlightAt[i]! - highlightAt[i - 1]! - expected)).toBeLessThan(0.03);
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  }, 480_000);
});
