// The ffmpeg arguments of the storybook render, checked as data: the timing arithmetic (zoompan
// frames, xfade offsets) must add up to the timeline, or the MP4 drifts from the narration.
import { describe, expect, it } from 'vitest';
import { buildTimeline, type StoryTimeline } from '../../src/media/timeline.js';
import { buildVideoArgs, escapeFilterValue, type VideoRenderOptions } from '../../src/media/video-args.js';
import type { StoryScript } from '../../src/pipeline/script.js';

function script(durations: number[]): StoryScript {
  return {
    title: 'T',
    topic: 't',
    main_role: 'm',
    scene: 's',
    language: 'en',
    characters: [{ name: 'Pip', description: 'a small penguin' }],
    pages: durations.map((d, i) => ({
      page: i + 1,
      text: `Page ${i + 1}.`,
      image_prompt: '',
      audio: `speech/p${i + 1}.wav`,
      duration: d,
      segments: [{ text: `Page ${i + 1}.`, audio: `speech/p${i + 1}_1.wav`, duration: d }],
    })),
  };
}

const base: VideoRenderOptions = {
  width: 1280,
  height: 720,
  fps: 30,
  burnSubtitles: true,
  subtitlesPath: '/task dir/video/subtitles.srt',
  fontName: 'Noto Sans CJK SC',
  musicGainDb: -20,
  crf: 23,
  preset: 'veryfast',
  outPath: '/task dir/video/out.mp4',
};

const graphOf = (args: string[]) => args[args.indexOf('-filter_complex') + 1]!;

/** Replays the xfade chain: every fade must start where the running stream ends minus its length. */
function chainLength(timeline: StoryTimeline, graph: string): number {
  const ds = [...graph.matchAll(/zoompan=[^;]*?:d=(\d+)/g)].map((m) => Number(m[1]));
  const fades = [...graph.matchAll(/xfade=transition=fade:duration=([\d.]+):offset=([\d.]+)/g)].map((m) => ({
    duration: Number(m[1]),
    offset: Number(m[2]),
  }));
  expect(ds).toHaveLength(timeline.pages.length);
  expect(fades).toHaveLength(timeline.pages.length - 1);
  let length = ds[0]! / timeline.fps;
  fades.forEach((f, i) => {
    expect(f.offset + f.duration).toBeCloseTo(length, 5);
    length = f.offset + ds[i + 1]! / timeline.fps;
  });
  return length;
}

describe('buildVideoArgs', () => {
  const tl = buildTimeline(script([2.1, 3.4, 1.2, 4.05, 2.6]), '/task dir');

  it('keeps each argument one token, paths with spaces included', () => {
    const args = buildVideoArgs(tl, base);
    expect(args.every((a) => typeof a === 'string' && a.length > 0)).toBe(true);
    expect(args).toContain('/task dir/image/p1.png');
    expect(args).toContain('/task dir/speech/p5.wav');
    expect(args.at(-1)).toBe('/task dir/video/out.mp4');
  });

  it('reads each page picture as a single frame: no -loop anywhere', () => {
    const args = buildVideoArgs(tl, { ...base, musicPath: '/m.mp3' });
    expect(args).not.toContain('-loop');
    // The only looped input is the music, and it is audio.
    expect(args.filter((a) => a === '-stream_loop')).toHaveLength(1);
    expect(args[args.indexOf('-stream_loop') + 3]).toBe('/m.mp3');
  });

  it('gives zoompan d = seconds × fps for each page clip', () => {
    const graph = graphOf(buildVideoArgs(tl, base));
    const ds = [...graph.matchAll(/zoompan=[^;]*?:d=(\d+)/g)].map((m) => Number(m[1]));
    tl.pages.forEach((p, i) => {
      const fadeIn = i > 0 ? tl.pages[i - 1]!.crossfadeOut : 0;
      expect(ds[i]).toBe(Math.round((p.duration + fadeIn) * 30));
    });
    expect(graph).toMatch(/zoompan=[^;]*:s=1280x720:fps=30/);
  });

  it('chains xfades so the video is exactly as long as the timeline, and cuts to it with -t', () => {
    const args = buildVideoArgs(tl, base);
    expect(chainLength(tl, graphOf(args))).toBeCloseTo(tl.duration, 5);
    expect(Number(args[args.indexOf('-t') + 1])).toBeCloseTo(tl.duration, 5);
    expect(args).not.toContain('-shortest');
  });

  it('still adds up with very short pages (crossfades clamped)', () => {
    const short = buildTimeline(script([0.2, 0.1, 3, 0.05]), '/t');
    const graph = graphOf(buildVideoArgs(short, base));
    expect(chainLength(short, graph)).toBeCloseTo(short.duration, 5);
  });

  it('renders a one-page story without xfade', () => {
    const one = buildTimeline(script([2]), '/t');
    const args = buildVideoArgs(one, base);
    expect(graphOf(args)).not.toContain('xfade');
    expect(chainLength(one, graphOf(args))).toBeCloseTo(one.duration, 5);
  });

  it('places each narration in its page slot and concatenates them', () => {
    const graph = graphOf(buildVideoArgs(tl, base));
    // Page 1 starts after the lead-in; the others at their slot start.
    expect(graph).toMatch(/\[5:a\][^;]*adelay=delays=14400S:all=1/);
    expect(graph).not.toMatch(/\[6:a\][^;]*adelay/);
    const lens = [...graph.matchAll(/apad=whole_len=(\d+),atrim=end_sample=(\d+)/g)].map((m) => Number(m[2]));
    expect(lens.reduce((a, b) => a + b, 0) / 48_000).toBeCloseTo(tl.duration, 3);
    expect(graph).toContain('concat=n=5:v=0:a=1[aout]');
  });

  it('burns subtitles only when asked: SRT with force_style and the CJK font, ASS with the ass filter', () => {
    const srt = graphOf(buildVideoArgs(tl, base));
    expect(srt).toMatch(/subtitles=filename=\/task dir\/video\/subtitles\.srt/);
    expect(srt).toContain('FontName=Noto Sans CJK SC');
    const ass = graphOf(buildVideoArgs(tl, { ...base, subtitlesPath: '/t/video/subtitles.ass' }));
    expect(ass).toContain('ass=filename=/t/video/subtitles.ass');
    const soft = buildVideoArgs(tl, {
      ...base,
      burnSubtitles: false,
      softSubtitlesPath: '/t/s.srt',
      language: 'zh',
    });
    expect(graphOf(soft)).not.toMatch(/subtitles=|ass=/);
    expect(soft).toContain('mov_text');
    expect(soft).toContain('language=chi');
    expect(soft[soft.indexOf('-map', soft.indexOf('[aout]')) + 1]).toBe('10:s');
  });

  it('mixes looped music under the voice with the gain and a fade-out, without halving the voice', () => {
    const args = buildVideoArgs(tl, { ...base, musicPath: '/music/bg.mp3', musicGainDb: -18 });
    const graph = graphOf(args);
    expect(graph).toMatch(/\[10:a\][^;]*volume=-18dB/);
    expect(graph).toMatch(/afade=t=out:st=[\d.]+:d=2\[music\]/);
    expect(graph).toContain(
      '[voice][music]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[aout]',
    );
    const noMusic = graphOf(buildVideoArgs(tl, base));
    expect(noMusic).not.toContain('amix');
  });

  it('encodes H.264 yuv420p + AAC at 30 fps with faststart', () => {
    const args = buildVideoArgs(tl, base);
    const flagValue = (flag: string) => args[args.indexOf(flag) + 1];
    expect(flagValue('-c:v')).toBe('libx264');
    expect(flagValue('-pix_fmt')).toBe('yuv420p');
    expect(flagValue('-c:a')).toBe('aac');
    expect(flagValue('-r')).toBe('30');
    expect(flagValue('-movflags')).toBe('+faststart');
    expect(flagValue('-preset')).toBe('veryfast');
    expect(flagValue('-crf')).toBe('23');
  });

  it('refuses a frame rate that differs from the timeline grid', () => {
    expect(() => buildVideoArgs(tl, { ...base, fps: 25 })).toThrow(/fps/);
  });
});

describe('escapeFilterValue', () => {
  it('escapes option and graph metacharacters', () => {
    expect(escapeFilterValue("/a b/it's:1,[x];y")).toBe("/a b/it\\\\\\'s\\\\:1\\,\\[x\\]\\;y");
  });
});
