// The storybook render as data: a pure function from a timeline to ffmpeg's argument list (one
// token per element). Only src/media/ffmpeg.ts runs it; tests check the arguments directly.
import type { StoryTimeline } from './timeline.js';

export interface VideoRenderOptions {
  width: number;
  height: number;
  /** Output frame rate; the timeline is laid out on the same grid. */
  fps?: number;
  burnSubtitles: boolean;
  /** An `.srt` is burned with the `subtitles` filter and force_style, an `.ass` (karaoke) with `ass`. */
  subtitlesPath?: string;
  /** An SRT embedded as a mov_text track (soft subtitles), tagged with `language`. */
  softSubtitlesPath?: string;
  language?: 'zh' | 'en';
  /** Extra font folder for libass; fontconfig's fonts are used anyway. */
  fontsDir?: string;
  /** A CJK-capable family, e.g. "Noto Sans CJK SC". */
  fontName: string;
  /** Subtitle font size in pixels of the output frame (SRT burn-in); default 7.5% of the short side. */
  fontSizePx?: number;
  musicPath?: string;
  musicGainDb: number;
  crf: number;
  preset: string;
  outPath: string;
  /**
   * The picture is scaled to this multiple of the frame before pan/zoom: zoompan crops on whole
   * pixels, so 2x halves the visible stepping at a modest cost.
   */
  oversample?: number;
}

/** Strongest zoom of a Ken Burns move (1 = none); pans also use it, to have room to move. */
export const KEN_BURNS_ZOOM = 1.15;
const SAMPLE_RATE = 48_000;
const MUSIC_FADE_SECONDS = 2;

/** Seconds as ffmpeg reads them, without float noise like 7.366666666666667. */
const sec = (s: number) => String(Number(s.toFixed(6)));

/**
 * Escapes a string for use as a filter option value inside a -filter_complex graph: first the
 * option level (`\ ' :`), then the graph level (`\ ' [ ] , ;`).
 */
export function escapeFilterValue(value: string): string {
  const optionLevel = value.replace(/[\\':]/g, (c) => `\\${c}`);
  return optionLevel.replace(/[\\'[\],;]/g, (c) => `\\${c}`);
}

/** zoompan expressions for a zoom move; `p` runs 0 → 1 over the page's frames. */
function zoomExpr(move: 'zoom-in' | 'zoom-out', frames: number): { z: string; x: string; y: string } {
  const p = `on/${Math.max(1, frames - 1)}`;
  const zMax = KEN_BURNS_ZOOM;
  const x = 'iw/2-(iw/zoom/2)';
  const y = 'ih/2-(ih/zoom/2)';
  return move === 'zoom-in'
    ? { z: `1+${(zMax - 1).toFixed(3)}*${p}`, x, y }
    : { z: `${zMax}-${(zMax - 1).toFixed(3)}*${p}`, x, y };
}

/** Widest a pan may scale the picture (travel room), as a multiple of the frame width. */
export const PAN_MAX_ZOOM = 1.25;

/**
 * A pan as exact whole-frame translation: the view moves 1/P pixel per frame (P = 1 unless the
 * page is too long for the travel room). The picture is scaled once and rendered as 2P phase
 * copies, copy k shifted by k/P px (from RGB, so chroma is shifted exactly too); frame n is copy
 * n mod 2P cropped at an even offset. No per-frame resampling, and every frame is an exact shift
 * of the last, which x264 codes far more cheaply than zoompan's whole-pixel-rounded crops.
 */
function panChain(
  input: string,
  label: string,
  move: 'pan-left' | 'pan-right',
  frames: number,
  W: number,
  H: number,
): string[] {
  const steps = Math.max(1, frames - 1);
  const maxTravel = Math.floor(W * (PAN_MAX_ZOOM - 1)) - 2;
  const P = Math.max(1, Math.ceil(steps / maxTravel));
  const Q = 2 * P;
  const xMax = 2 * Math.floor(steps / Q);
  const vW = W + xMax; // width of each phase copy (even)
  const bigW = vW + 2; // room for shifts below 2 px
  const bigH = Math.max(H, Math.ceil((H * bigW) / W / 2) * 2);
  const y = Math.floor((bigH - H) / 4) * 2;
  const chains: string[] = [];
  const src = `${label}s`;
  chains.push(
    `${input}scale=${bigW * P}:${bigH * P}:force_original_aspect_ratio=increase:flags=bicubic,` +
      `crop=${bigW * P}:${bigH * P},setsar=1,format=rgb24,split=${Q}${Array.from({ length: Q }, (_, j) => `[${src}${j}]`).join('')}`,
  );
  // Position j of the loop is shown on frames n ≡ j (mod Q); a left pan runs backwards.
  const phaseAt = (j: number) => (move === 'pan-right' ? j : (((steps - j) % Q) + Q) % Q);
  for (let j = 0; j < Q; j++) {
    const down = P > 1 ? `,scale=${vW}:${bigH}:flags=bicubic` : '';
    chains.push(
      `[${src}${j}]crop=${vW * P}:${bigH * P}:${phaseAt(j)}:0${down},format=yuv420p[${label}q${j}]`,
    );
  }
  const n = move === 'pan-right' ? 'n' : `(${steps}-n)`;
  const loops = Math.ceil(frames / Q) - 1;
  chains.push(
    `${Array.from({ length: Q }, (_, j) => `[${label}q${j}]`).join('')}concat=n=${Q}:v=1:a=0,` +
      `loop=loop=${loops}:size=${Q}:start=0,trim=end_frame=${frames},` +
      `crop=${W}:${H}:x='2*trunc(${n}/${Q})':y=${y}`,
  );
  return chains;
}

/** Frames of page i's clip: its slot plus the crossfade it is blended in with. */
function clipFrames(timeline: StoryTimeline, i: number): number {
  const fps = timeline.fps;
  const slot = Math.round(timeline.pages[i]!.duration * fps);
  const fadeIn = i > 0 ? Math.round(timeline.pages[i - 1]!.crossfadeOut * fps) : 0;
  return slot + fadeIn;
}

/**
 * Builds the ffmpeg arguments that render `timeline` to `opts.outPath`: one single-frame input
 * per page image (no -loop: zoompan or the pan's looped phase copies make the page's frames from
 * one decoded picture), pan/zoom, crossfades on
 * the overlapping frames only, narration placed in each page's slot, optional looped music under it, subtitles, H.264
 * yuv420p + AAC with +faststart, cut to exactly the timeline's length.
 */
export function buildVideoArgs(timeline: StoryTimeline, opts: VideoRenderOptions): string[] {
  const fps = opts.fps ?? timeline.fps;
  if (fps !== timeline.fps) throw new Error(`fps ${fps} differs from the timeline's ${timeline.fps}`);
  const { width: W, height: H } = opts;
  const n = timeline.pages.length;
  if (n === 0) throw new Error('timeline has no pages');
  const over = opts.oversample ?? 2;
  // Even sizes: yuv420p needs them.
  const bigW = Math.round((W * over) / 2) * 2;
  const bigH = Math.round((H * over) / 2) * 2;

  const args: string[] = ['-y'];
  for (const page of timeline.pages) {
    // image2 would read "%d" in a path as a sequence pattern. The frame rate is the film's, so
    // clips built from the picture carry it (xfade refuses inputs whose rates differ).
    args.push('-f', 'image2', '-pattern_type', 'none', '-framerate', String(fps), '-i', page.image);
  }
  for (const page of timeline.pages) args.push('-i', page.audio);
  const musicIndex = 2 * n;
  if (opts.musicPath) args.push('-stream_loop', '-1', '-i', opts.musicPath);
  const softIndex = musicIndex + (opts.musicPath ? 1 : 0);
  if (opts.softSubtitlesPath) args.push('-i', opts.softSubtitlesPath);

  const graph: string[] = [];
  // Pictures: a zoom cover-fits to an oversampled frame (converted to yuv420p once, so zoompan
  // works on the cheaper format) and zoompans down to the frame size; a pan is a whole-pixel
  // crop of pre-shifted copies (panChain). x264 spends most of the render on these moving
  // frames, and exact shifts are the cheapest motion for it to code.
  //
  // Crossfades: a plain xfade chain would run (and convert) every frame of the film. Instead each
  // clip is cut into head / body / tail; only tail(i) + head(i+1) are faded, and the pieces are
  // concatenated in order.
  const fadeFrames = timeline.pages.map((p) => Math.round(p.crossfadeOut * fps));
  const pieces: string[] = [];
  timeline.pages.forEach((page, i) => {
    const frames = clipFrames(timeline, i);
    const fadeIn = i > 0 ? fadeFrames[i - 1]! : 0;
    const fadeOut = i + 1 < n ? fadeFrames[i]! : 0;
    const outs = [`[b${i}]`, ...(fadeIn > 0 ? [`[h${i}]`] : []), ...(fadeOut > 0 ? [`[t${i}]`] : [])];
    const fanOut =
      outs.length > 1 ? `,split=${outs.length}${outs.map((o) => o.replace('[', '[s')).join('')}` : '';
    // The clip's frames are timed on the output grid; setpts after trim/loop keeps them so.
    const tail = `,settb=1/${fps},setpts=N/${fps}/TB${fanOut || `[b${i}]`}`;
    const move = page.kenBurns;
    if (move === 'pan-left' || move === 'pan-right') {
      const chains = panChain(`[${i}:v]`, `p${i}`, move, frames, W, H);
      chains[chains.length - 1] += tail;
      graph.push(...chains);
    } else {
      const kb = zoomExpr(move, frames);
      graph.push(
        `[${i}:v]scale=${bigW}:${bigH}:force_original_aspect_ratio=increase:flags=bicubic,` +
          `crop=${bigW}:${bigH},format=yuv420p,setsar=1,` +
          `zoompan=z='${kb.z}':x='${kb.x}':y='${kb.y}':d=${frames}:s=${W}x${H}:fps=${fps}` +
          tail,
      );
    }
    if (outs.length > 1) {
      graph.push(
        `[sb${i}]trim=start_frame=${fadeIn}:end_frame=${frames - fadeOut},setpts=PTS-STARTPTS[b${i}]`,
      );
      if (fadeIn > 0) graph.push(`[sh${i}]trim=end_frame=${fadeIn},setpts=PTS-STARTPTS[h${i}]`);
      if (fadeOut > 0) graph.push(`[st${i}]trim=start_frame=${frames - fadeOut},setpts=PTS-STARTPTS[t${i}]`);
    }
    pieces.push(`[b${i}]`);
    if (fadeOut > 0) {
      // xfade has no yuv420p path in ffmpeg 5.1 (it would convert both sides to yuv444p and
      // back, ~3x the cost); it does take gray frames, so each plane is faded on its own.
      const d = sec(fadeOut / fps);
      const [t, h, f] = [`t${i}`, `h${i + 1}`, `f${i}`];
      graph.push(`[${t}]extractplanes=y+u+v[${t}y][${t}u][${t}v]`);
      graph.push(`[${h}]extractplanes=y+u+v[${h}y][${h}u][${h}v]`);
      for (const c of ['y', 'u', 'v']) {
        graph.push(`[${t}${c}][${h}${c}]xfade=transition=fade:duration=${d}:offset=0[${f}${c}]`);
      }
      graph.push(`[${f}y][${f}u][${f}v]mergeplanes=0x001020:yuv420p[${f}]`);
      pieces.push(`[f${i}]`);
    }
  });
  let video = '[b0]';
  if (pieces.length > 1) {
    graph.push(`${pieces.join('')}concat=n=${pieces.length}:v=1:a=0[vcat]`);
    video = '[vcat]';
  }
  if (opts.burnSubtitles && opts.subtitlesPath) {
    const file = escapeFilterValue(opts.subtitlesPath);
    const fontsDir = opts.fontsDir ? `:fontsdir=${escapeFilterValue(opts.fontsDir)}` : '';
    if (opts.subtitlesPath.toLowerCase().endsWith('.ass')) {
      graph.push(`${video}ass=filename=${file}${fontsDir}[vout]`);
    } else {
      // SRT is laid out by libass on a 384x288 canvas: FontSize is in those units.
      const px = opts.fontSizePx ?? Math.round(Math.min(W, H) * 0.075);
      const size = Math.max(6, Math.round((px * 288) / H));
      const style = [
        `FontName=${opts.fontName}`,
        `FontSize=${size}`,
        'PrimaryColour=&H00FFFFFF',
        'OutlineColour=&H00000000',
        'BorderStyle=1',
        'Outline=1.2',
        'Shadow=0.6',
        'Alignment=2',
        `MarginV=${Math.round(288 * 0.06)}`,
      ].join(',');
      graph.push(
        `${video}subtitles=filename=${file}:original_size=${W}x${H}${fontsDir}:force_style=${escapeFilterValue(style)}[vout]`,
      );
    }
    video = '[vout]';
  }

  // Narration: each page WAV placed in its slot (delayed on page 1 by the lead-in, padded with
  // silence to the slot's end), slots concatenated: sample-exact and no mixing gain to undo.
  const fmt = `aresample=${SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo`;
  const slotSamples = timeline.pages.map((p) => Math.round(p.duration * SAMPLE_RATE));
  timeline.pages.forEach((page, i) => {
    const delay = Math.round((page.narrationStart - page.start) * SAMPLE_RATE);
    const delayFilter = delay > 0 ? `,adelay=delays=${delay}S:all=1` : '';
    const len = slotSamples[i]!;
    graph.push(`[${n + i}:a]${fmt}${delayFilter},apad=whole_len=${len},atrim=end_sample=${len}[a${i}]`);
  });
  const totalSamples = slotSamples.reduce((a, b) => a + b, 0);
  const voiceLabel = opts.musicPath ? '[voice]' : '[aout]';
  if (n === 1) graph.push(`[a0]anull${voiceLabel}`);
  else graph.push(`${timeline.pages.map((_, i) => `[a${i}]`).join('')}concat=n=${n}:v=0:a=1${voiceLabel}`);
  if (opts.musicPath) {
    const fade = Math.min(MUSIC_FADE_SECONDS, timeline.duration / 3);
    graph.push(
      `[${musicIndex}:a]${fmt},volume=${opts.musicGainDb}dB,atrim=end_sample=${totalSamples},` +
        `afade=t=in:d=${sec(Math.min(1, fade))},afade=t=out:st=${sec(timeline.duration - fade)}:d=${sec(fade)}[music]`,
    );
    // normalize=0: amix would otherwise halve the narration.
    graph.push('[voice][music]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[aout]');
  }

  args.push('-filter_complex', graph.join(';'));
  args.push('-map', video, '-map', '[aout]');
  if (opts.softSubtitlesPath) {
    const lang = opts.language === 'en' ? 'eng' : opts.language === 'zh' ? 'chi' : 'und';
    args.push('-map', `${softIndex}:s`, '-c:s', 'mov_text', '-metadata:s:s:0', `language=${lang}`);
  }
  args.push(
    '-c:v',
    'libx264',
    '-preset',
    opts.preset,
    '-crf',
    String(opts.crf),
    '-pix_fmt',
    'yuv420p',
    '-r',
    String(fps),
    '-c:a',
    'aac',
    '-b:a',
    '128k',
    '-ar',
    String(SAMPLE_RATE),
    '-movflags',
    '+faststart',
    '-t',
    sec(timeline.duration),
    opts.outPath,
  );
  return args;
}
