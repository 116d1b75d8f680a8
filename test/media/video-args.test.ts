// The ffmpeg arguments of the storybook render, checked as data: the timing arithmetic (clip
// frames, xfade offsets) must add up to the timeline, or the MP4 drifts from the narration.
import { describe, expect, it } from 'vitest';
import { buildTimeline, type StoryTimeline } from '../../src/media/timeline.js';
import {
  buildChunkArgs,
  buildJoinArgs,
  buildVideoArgs,
  chunkList,
  escapeFilterValue,
  PAN_MAX_ZOOM,
  planChunks,
  type VideoRenderOptions,
} from '../../src/media/video-args.js';
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

/**
 * Frames of each page clip, in page order: zoompan's `d` for a zoom, the `trim=end_frame` after
 * the looped phase copies for a pan.
 */
function clipFrames(graph: string): number[] {
  return [...graph.matchAll(/zoompan=[^;]*?:d=(\d+)|loop=[^;]*?,trim=end_frame=(\d+),crop=/g)].map((m) =>
    Number(m[1] ?? m[2]),
  );
}

/**
 * Replays the film as the graph builds it: each page clip is cut into head / body / tail, a
 * tail and the next head are crossfaded, and the pieces are concatenated in order. Returns the
 * film length in seconds, checking that every cut lines up.
 */
function filmSeconds(timeline: StoryTimeline, graph: string): number {
  const fps = timeline.fps;
  const n = timeline.pages.length;
  const ds = clipFrames(graph);
  expect(ds).toHaveLength(n);
  const num = (re: RegExp) => {
    const m = re.exec(graph);
    expect(m, String(re)).not.toBeNull();
    return Number(m![1]);
  };
  let frames = 0;
  for (let i = 0; i < n; i++) {
    const fadeIn = i > 0 ? num(new RegExp(`\\[sh${i}\\]trim=end_frame=(\\d+),`)) : 0;
    const tailStart = i + 1 < n ? num(new RegExp(`\\[st${i}\\]trim=start_frame=(\\d+),`)) : ds[i]!;
    if (n > 1) {
      expect(num(new RegExp(`\\[sb${i}\\]trim=start_frame=(\\d+):`))).toBe(fadeIn);
      expect(num(new RegExp(`\\[sb${i}\\]trim=start_frame=\\d+:end_frame=(\\d+)`))).toBe(tailStart);
    }
    frames += tailStart - fadeIn;
    if (i + 1 < n) {
      const tail = ds[i]! - tailStart;
      const head = num(new RegExp(`\\[sh${i + 1}\\]trim=end_frame=(\\d+),`));
      const fade = num(
        new RegExp(`\\[t${i}y\\]\\[h${i + 1}y\\]xfade=transition=fade:duration=([\\d.]+):offset=0`),
      );
      expect(tail).toBe(head);
      // Faded plane by plane (xfade takes gray but not yuv420p) and put back together.
      for (const c of ['u', 'v']) {
        expect(graph).toContain(
          `[t${i}${c}][h${i + 1}${c}]xfade=transition=fade:duration=${fade}:offset=0[f${i}${c}]`,
        );
      }
      expect(graph).toContain(`[f${i}y][f${i}u][f${i}v]mergeplanes=0x001020:yuv420p[f${i}]`);
      // Six decimals, as ffmpeg reads them; it rounds to the nearest frame.
      expect(fade * fps).toBeCloseTo(head, 3);
      frames += head;
    }
  }
  if (n > 1) {
    const order = Array.from({ length: n }, (_, i) => (i + 1 < n ? `[b${i}][f${i}]` : `[b${i}]`)).join('');
    expect(graph).toContain(`${order}concat=n=${2 * n - 1}:v=1:a=0`);
  }
  return frames / fps;
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

  it('gives each page clip seconds × fps frames: zoompan d for zooms, a trimmed loop for pans', () => {
    const graph = graphOf(buildVideoArgs(tl, base));
    const ds = clipFrames(graph);
    expect(ds).toHaveLength(tl.pages.length);
    tl.pages.forEach((p, i) => {
      const fadeIn = i > 0 ? tl.pages[i - 1]!.crossfadeOut : 0;
      expect(ds[i]).toBe(Math.round((p.duration + fadeIn) * 30));
    });
    expect(graph).toMatch(/zoompan=[^;]*:s=1280x720:fps=30/);
    // Pages 2 and 3 pan: whole-frame crops of the looped phase copies, no zoompan.
    expect(graph).toMatch(/\[2:v\]scale=[^;]*format=rgb24,split=2/);
    expect(graph).not.toMatch(/\[2:v\][^;]*zoompan/);
    expect(graph).toMatch(/crop=1280:720:x='2\*trunc\(\(\d+-n\)\/2\)'/);
    expect(graph).toMatch(/crop=1280:720:x='2\*trunc\(n\/2\)'/);
  });

  it('slows a pan that would need more travel than the picture has room for', () => {
    // 30 s on one page: 900 frames at 1 px/frame would need a 1.7x picture.
    const long = buildTimeline(script([30, 30, 30]), '/t');
    const graph = graphOf(buildVideoArgs(long, base));
    // Phase copies a third of a pixel apart: the view moves 1/3 px per frame and stays inside
    // a picture no wider than PAN_MAX_ZOOM frames.
    expect(graph).toMatch(/\[1:v\][^;]*split=6/);
    const copyWidth = /\[p1s0\]crop=\d+:\d+:\d+:0,scale=(\d+):/.exec(graph);
    expect(copyWidth).not.toBeNull();
    expect(Number(copyWidth![1])).toBeLessThanOrEqual(1280 * PAN_MAX_ZOOM);
    expect(Number(copyWidth![1])).toBeGreaterThan(1280 * 1.2);
    expect(filmSeconds(long, graph)).toBeCloseTo(long.duration, 5);
  });

  it('crossfades pages so the film is exactly as long as the timeline, and cuts to it with -t', () => {
    const args = buildVideoArgs(tl, base);
    expect(filmSeconds(tl, graphOf(args))).toBeCloseTo(tl.duration, 5);
    // xfade runs only on the overlapping frames, not on the whole film.
    expect(graphOf(args)).not.toMatch(/xfade=[^;]*offset=[1-9]/);
    expect(Number(args[args.indexOf('-t') + 1])).toBeCloseTo(tl.duration, 5);
    expect(args).not.toContain('-shortest');
  });

  it('still adds up with very short pages (crossfades clamped)', () => {
    const short = buildTimeline(script([0.2, 0.1, 3, 0.05]), '/t');
    const graph = graphOf(buildVideoArgs(short, base));
    expect(filmSeconds(short, graph)).toBeCloseTo(short.duration, 5);
  });

  it('renders a one-page story without xfade', () => {
    const one = buildTimeline(script([2]), '/t');
    const args = buildVideoArgs(one, base);
    expect(graphOf(args)).not.toContain('xfade');
    expect(filmSeconds(one, graphOf(args))).toBeCloseTo(one.duration, 5);
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

  it('draws motion every n-th frame and repeats it to the same frame count (motionStep)', () => {
    const graph = graphOf(buildVideoArgs(tl, { ...base, motionStep: 2 }));
    // Page 1 zooms: zoompan draws half the frames at the positions of the even frames.
    const frames1 = Math.round(tl.pages[0]!.duration * 30);
    expect(graph).toContain(`(on*2)/${frames1 - 1}`);
    expect(graph).toContain(`:d=${Math.ceil(frames1 / 2)}:`);
    // Page 3 pans: every other frame of the exact-shift path is kept.
    expect(graph).toContain("select='not(mod(n,2))'");
    // Each page is repeated back to its full frame count on the 30 fps grid.
    expect(graph).toContain(`setpts=2*N/30/TB,fps=30,tpad=stop_mode=clone:stop=2,trim=end_frame=${frames1},`);
  });

  it('refuses a frame rate that differs from the timeline grid', () => {
    expect(() => buildVideoArgs(tl, { ...base, fps: 25 })).toThrow(/fps/);
  });
});

describe('planChunks / buildChunkArgs / buildJoinArgs', () => {
  const tl = buildTimeline(script([2.1, 3.4, 1.2, 4.05, 2.6]), '/task dir');
  const chunkOpts = { ...base, fps: 30, outPath: '/task dir/video/chunks/c.mp4' };

  it("closes a zoom in on the main character's head, which stays put on screen", () => {
    const s = script([2.1, 3.4, 2.6]);
    // The hero stands on the left third; their head is in the box's upper third.
    s.pages[0]!.main_box = [0.1, 0.3, 0.4, 0.9];
    const chunk = planChunks(buildTimeline(s, '/task dir'))[0]!;
    expect(chunk.pictures[0]!.move).toBe('zoom-in');
    const graph = graphOf(buildChunkArgs(chunk, chunkOpts));
    expect(graph).toMatch(
      /\[0:v\][^;]*zoompan=[^;]*:x='\(iw-iw\/zoom\)\*0\.250':y='\(ih-ih\/zoom\)\*0\.500'/,
    );
    // Without a box the zoom closes in on the centre, as before.
    const plain = graphOf(buildChunkArgs(planChunks(buildTimeline(script([2.1, 3.4]), '/t'))[0]!, chunkOpts));
    expect(plain).toContain(":x='iw/2-(iw/zoom/2)':y='ih/2-(ih/zoom/2)'");
  });

  it('tiles the film with one chunk per page slot, each with the crossfade into the next page', () => {
    const chunks = planChunks(tl);
    expect(chunks).toHaveLength(5);
    let at = 0;
    chunks.forEach((c, i) => {
      expect(c.startFrame).toBe(at);
      expect(c.frames).toBe(Math.round(tl.pages[i]!.duration * 30));
      const [own, next] = c.pictures;
      // Its page's clip after the incoming crossfade (drawn by the chunk before), to the clip's end.
      expect(own!.to - own!.from).toBe(c.frames);
      expect(own!.image).toBe(tl.pages[i]!.image);
      if (i + 1 < chunks.length) {
        expect(next!.image).toBe(tl.pages[i + 1]!.image);
        expect(next!.from).toBe(0);
        expect(next!.to).toBe(c.fadeFrames);
        // The next chunk starts where this crossfade ended.
        expect(chunks[i + 1]!.pictures[0]!.from).toBe(c.fadeFrames);
      } else expect(next).toBeUndefined();
      at += c.frames;
    });
    expect(at).toBe(Math.round(tl.duration * 30));
  });

  it('renders a chunk as video only, exactly its frames, with the film codec settings', () => {
    const [first, , , , last] = planChunks(tl);
    const args = buildChunkArgs(first!, chunkOpts);
    const flag = (f: string) => args[args.indexOf(f) + 1];
    expect(flag('-frames:v')).toBe(String(first!.frames));
    expect(args).toContain('-an');
    expect([flag('-c:v'), flag('-preset'), flag('-crf'), flag('-pix_fmt'), flag('-r')]).toEqual([
      'libx264',
      'veryfast',
      '23',
      'yuv420p',
      '30',
    ]);
    // Two pictures (its page and the next), faded plane by plane over the crossfade's frames.
    expect(args.filter((a) => a === '-i')).toHaveLength(2);
    expect(graphOf(args)).toContain(
      `xfade=transition=fade:duration=${Number((first!.fadeFrames / 30).toFixed(6))}`,
    );
    expect(graphOf(args)).toContain('subtitles=filename=/task dir/video/subtitles.srt');
    expect(args.at(-1)).toBe(chunkOpts.outPath);
    // The last page has nothing to fade into.
    const lastArgs = buildChunkArgs(last!, { ...chunkOpts, pictures: ['image/p5.png'] });
    expect(graphOf(lastArgs)).not.toContain('xfade');
    expect(lastArgs[lastArgs.indexOf('-i') + 1]).toBe('image/p5.png');
  });

  it('joins chunks by stream copy with the sound laid once over the whole film', () => {
    const args = buildJoinArgs(tl, {
      chunkListPath: '/t/list.txt',
      musicPath: '/t/music.mp3',
      musicGainDb: -18,
      outPath: '/t/out.mp4',
    });
    const flag = (f: string) => args[args.indexOf(f) + 1];
    expect(args.slice(0, 7)).toEqual(['-y', '-f', 'concat', '-safe', '0', '-i', '/t/list.txt']);
    expect(flag('-c:v')).toBe('copy');
    expect(flag('-c:a')).toBe('aac');
    expect(flag('-movflags')).toBe('+faststart');
    expect(Number(flag('-t'))).toBeCloseTo(tl.duration, 5);
    expect(graphOf(args)).toContain('[1:a]');
    expect(graphOf(args)).toContain('concat=n=5:v=0:a=1[voice]');
    expect(graphOf(args)).toContain('[6:a]');
    expect(graphOf(args)).toContain('amix=inputs=2');
  });

  it('lists the chunks for the concat demuxer with quotes escaped and exact lengths', () => {
    expect(chunkList([{ path: "/a/it's.mp4", seconds: 7 / 3 }])).toBe(
      "file '/a/it'\\''s.mp4'\nduration 2.333333\n",
    );
  });
});

describe('escapeFilterValue', () => {
  it('escapes option and graph metacharacters', () => {
    expect(escapeFilterValue("/a b/it's:1,[x];y")).toBe("/a b/it\\\\\\'s\\\\:1\\,\\[x\\]\\;y");
  });
});
