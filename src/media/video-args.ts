// The storybook render as data: a pure function from a timeline to ffmpeg's argument list (one
// token per element). Only src/media/ffmpeg.ts runs it; tests check the arguments directly.
import type { Focus, KenBurnsMove, StoryTimeline } from './timeline.js';

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
  /** x264's own options over the preset ("subme=1"), as -x264-params takes them. */
  x264Params?: string;
  outPath: string;
  /**
   * The picture is scaled to this multiple of the frame before pan/zoom: zoompan crops on whole
   * pixels, so 2x halves the visible stepping at a modest cost.
   */
  oversample?: number;
  /**
   * Draw the pan/zoom every n-th frame and repeat it in between (1 = every frame): motion at 15
   * frames per second of a 30 fps film is indistinguishable on a slow Ken Burns move and costs
   * x264 about half.
   */
  motionStep?: number;
  /**
   * The same for zooms (default `motionStep`): a zoom moves the picture's edges about 0.4 px a
   * frame (its centre not at all), so drawing every 3rd frame still moves them less per drawing
   * than a pan at every 2nd.
   */
  zoomStep?: number;
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

/**
 * zoompan expressions for a zoom move; `p` runs 0 → 1 over the page's frames. With `step` > 1
 * zoompan draws every step-th frame only (`on` counts those), at the same positions; `from`: the
 * first frame drawn is the clip's frame `from` (a chunk that shows only part of the clip).
 */
function zoomExpr(
  move: 'zoom-in' | 'zoom-out',
  frames: number,
  step = 1,
  from = 0,
  focus?: Focus,
): { z: string; x: string; y: string } {
  const at = `${step > 1 ? `on*${step}` : 'on'}${from > 0 ? `+${from}` : ''}`;
  const p = `(${at})/${Math.max(1, frames - 1)}`;
  const zMax = KEN_BURNS_ZOOM;
  // The focus point stays where it is on screen while the view closes in on it (or pulls back).
  const clamp = (v: number) => Math.min(1, Math.max(0, v)).toFixed(3);
  const x = focus ? `(iw-iw/zoom)*${clamp(focus.x)}` : 'iw/2-(iw/zoom/2)';
  const y = focus ? `(ih-ih/zoom)*${clamp(focus.y)}` : 'ih/2-(ih/zoom/2)';
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
  emit = frames,
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
  const loops = Math.ceil(emit / Q) - 1;
  chains.push(
    `${Array.from({ length: Q }, (_, j) => `[${label}q${j}]`).join('')}concat=n=${Q}:v=1:a=0,` +
      `loop=loop=${loops}:size=${Q}:start=0,trim=end_frame=${emit},` +
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

/** Output frame size, the oversampled size zooms work at, and the frame rate. */
interface FrameGrid {
  W: number;
  H: number;
  bigW: number;
  bigH: number;
  fps: number;
  /** A new motion frame every `motionStep` output frames (1 = every frame); zooms every `zoomStep`. */
  motionStep: number;
  zoomStep: number;
}

type GridOptions = Pick<VideoRenderOptions, 'width' | 'height' | 'oversample' | 'motionStep' | 'zoomStep'>;

function frameGrid(opts: GridOptions, fps: number): FrameGrid {
  const { width, height, oversample = 2 } = opts;
  const motionStep = Math.max(1, Math.round(opts.motionStep ?? 1));
  // Even sizes: yuv420p needs them.
  return {
    W: width,
    H: height,
    bigW: Math.round((width * oversample) / 2) * 2,
    bigH: Math.round((height * oversample) / 2) * 2,
    fps,
    motionStep,
    zoomStep: Math.max(1, Math.round(opts.zoomStep ?? motionStep)),
  };
}

/**
 * One page's moving picture: chains that turn the single picture `input` into its move over
 * `clip.clipFrames` frames, timed on the output grid, and output the clip's frames
 * [clip.from, clip.to) from time 0. The last chain has no output label: the caller adds one.
 * `burn` (a subtitles filter whose times start at `clip.from`) is drawn on the moving frames
 * before they are repeated, so a page drawn every 3rd frame blends its text a third as often.
 *
 * A zoom cover-fits to an oversampled frame (converted to yuv420p once, so zoompan works on the
 * cheaper format) and zoompans down to the frame size; a pan is a whole-pixel crop of pre-shifted
 * copies (panChain). x264 spends most of the render on these moving frames, and exact shifts are
 * the cheapest motion for it to code.
 */
function pageClipChains(input: string, label: string, clip: PageClip, g: FrameGrid, burn?: string): string[] {
  const { move, focus, clipFrames: frames } = clip;
  const pan = move === 'pan-left' || move === 'pan-right';
  const step = pan ? g.motionStep : g.zoomStep;
  // Motion drawn every step-th frame only, each drawn frame shown `step` times: the same path,
  // far fewer moving frames for the filters to draw and for x264 to code (a repeated frame costs
  // it next to nothing). The fps filter repeats them; tpad + trim give exactly `frames`.
  // Only the frames the caller keeps are made ([from, to)): a chunk shows the next page's first frames
  // only, and a zoom's frames before `from` (the previous chunk's crossfade) are not drawn.
  // `first`: the clip frame the chain's first frame is (a pan makes its cheap copies from 0).
  const first = pan ? 0 : Math.floor(clip.from / step) * step;
  // Drawn frames are timed from `clip.from` for the burn (frames before it have negative times
  // and get no text); setpts after trim/loop keeps the result on the output grid from 0.
  const offset = first - clip.from;
  const n = step > 1 ? `${step}*N` : 'N';
  const at = offset === 0 ? n : `(${n}${offset < 0 ? offset : `+${offset}`})`;
  const drawnTimes = `,settb=1/${g.fps},setpts=${at}/${g.fps}/TB${burn ? `,${burn}` : ''}`;
  const count = clip.to - first;
  const regrid = `setpts=N/${g.fps}/TB`;
  const timing =
    step > 1
      ? `${drawnTimes},fps=${g.fps},tpad=stop_mode=clone:stop=${step},trim=end_frame=${count},${regrid}`
      : at === 'N' && !burn
        ? drawnTimes
        : `${drawnTimes},${regrid}`;
  const skip = clip.from > first ? `,trim=start_frame=${clip.from - first},setpts=PTS-STARTPTS` : '';
  if (pan) {
    const chains = panChain(input, label, move, frames, g.W, g.H, clip.to);
    chains[chains.length - 1] += `${step > 1 ? `,select='not(mod(n,${step}))'` : ''}${timing}${skip}`;
    return chains;
  }
  // A zoom draws from the step-grid frame at or before `from` (each drawn frame is a resample).
  const drawn = Math.ceil(count / step);
  const kb = zoomExpr(move, frames, step, first, focus);
  return [
    `${input}scale=${g.bigW}:${g.bigH}:force_original_aspect_ratio=increase:flags=bicubic,` +
      `crop=${g.bigW}:${g.bigH},format=yuv420p,setsar=1,` +
      `zoompan=z='${kb.z}':x='${kb.x}':y='${kb.y}':d=${drawn}:s=${g.W}x${g.H}:fps=${g.fps}` +
      timing +
      skip,
  ];
}

/**
 * Fades `[t]` (the outgoing page's last frames) into `[h]` (the next page's first) as `[f]`.
 * xfade has no yuv420p path in ffmpeg 5.1 (it would convert both sides to yuv444p and back, ~3x
 * the cost); it does take gray frames, so each plane is faded on its own.
 */
function crossfadeChains(t: string, h: string, f: string, frames: number, fps: number): string[] {
  const d = sec(frames / fps);
  return [
    `[${t}]extractplanes=y+u+v[${t}y][${t}u][${t}v]`,
    `[${h}]extractplanes=y+u+v[${h}y][${h}u][${h}v]`,
    ...['y', 'u', 'v'].map(
      (c) => `[${t}${c}][${h}${c}]xfade=transition=fade:duration=${d}:offset=0[${f}${c}]`,
    ),
    `[${f}y][${f}u][${f}v]mergeplanes=0x001020:yuv420p[${f}]`,
  ];
}

/** The subtitles burn-in filter (SRT with force_style, ASS as it is), or undefined when not burning. */
type SubtitleBurnOptions = Pick<
  VideoRenderOptions,
  'burnSubtitles' | 'subtitlesPath' | 'fontsDir' | 'fontName' | 'fontSizePx'
>;

function subtitleFilter(opts: SubtitleBurnOptions, W: number, H: number): string | undefined {
  if (!opts.burnSubtitles || !opts.subtitlesPath) return undefined;
  const file = escapeFilterValue(opts.subtitlesPath);
  const fontsDir = opts.fontsDir ? `:fontsdir=${escapeFilterValue(opts.fontsDir)}` : '';
  if (opts.subtitlesPath.toLowerCase().endsWith('.ass')) return `ass=filename=${file}${fontsDir}`;
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
  return `subtitles=filename=${file}:original_size=${W}x${H}${fontsDir}:force_style=${escapeFilterValue(style)}`;
}

/**
 * The sound track as graph chains ending in `[aout]`: each page WAV (inputs `firstAudio`…) placed
 * in its slot (delayed on page 1 by the lead-in, padded with silence to the slot's end), slots
 * concatenated (sample-exact, no mixing gain to undo), looped music under it when `musicIndex` is set.
 */
function soundChains(
  timeline: StoryTimeline,
  firstAudio: number,
  music: { index: number; gainDb: number } | undefined,
): string[] {
  const graph: string[] = [];
  const n = timeline.pages.length;
  const fmt = `aresample=${SAMPLE_RATE},aformat=sample_fmts=fltp:channel_layouts=stereo`;
  const slotSamples = timeline.pages.map((p) => Math.round(p.duration * SAMPLE_RATE));
  timeline.pages.forEach((page, i) => {
    const delay = Math.round((page.narrationStart - page.start) * SAMPLE_RATE);
    const delayFilter = delay > 0 ? `,adelay=delays=${delay}S:all=1` : '';
    const len = slotSamples[i]!;
    graph.push(
      `[${firstAudio + i}:a]${fmt}${delayFilter},apad=whole_len=${len},atrim=end_sample=${len}[a${i}]`,
    );
  });
  const totalSamples = slotSamples.reduce((a, b) => a + b, 0);
  const voiceLabel = music ? '[voice]' : '[aout]';
  if (n === 1) graph.push(`[a0]anull${voiceLabel}`);
  else graph.push(`${timeline.pages.map((_, i) => `[a${i}]`).join('')}concat=n=${n}:v=0:a=1${voiceLabel}`);
  if (music) {
    const fade = Math.min(MUSIC_FADE_SECONDS, timeline.duration / 3);
    graph.push(
      `[${music.index}:a]${fmt},volume=${music.gainDb}dB,atrim=end_sample=${totalSamples},` +
        `afade=t=in:d=${sec(Math.min(1, fade))},afade=t=out:st=${sec(timeline.duration - fade)}:d=${sec(fade)}[music]`,
    );
    // normalize=0: amix would otherwise halve the narration.
    graph.push('[voice][music]amix=inputs=2:duration=first:dropout_transition=0:normalize=0[aout]');
  }
  return graph;
}

/** Soft subtitles: the SRT input mapped as a mov_text track tagged with the story's language. */
function softSubtitleArgs(index: number, language: VideoRenderOptions['language']): string[] {
  const lang = language === 'en' ? 'eng' : language === 'zh' ? 'chi' : 'und';
  return ['-map', `${index}:s`, '-c:s', 'mov_text', '-metadata:s:s:0', `language=${lang}`];
}

/** A single-picture input; image2 would read "%d" in a path as a sequence pattern. */
const pictureInput = (path: string, fps: number) => [
  '-f',
  'image2',
  '-pattern_type',
  'none',
  // The film's frame rate, so clips built from the picture carry it (xfade refuses inputs whose rates differ).
  '-framerate',
  String(fps),
  '-i',
  path,
];

/**
 * Builds the ffmpeg arguments that render `timeline` to `opts.outPath` in one ffmpeg run: one
 * single-frame input per page image (no -loop: zoompan or the pan's looped phase copies make the
 * page's frames from one decoded picture), pan/zoom, crossfades on the overlapping frames only,
 * narration placed in each page's slot, optional looped music under it, subtitles, H.264 yuv420p
 * + AAC with +faststart, cut to exactly the timeline's length.
 *
 * The Video segment renders in chunks (planChunks); this one-pass render is the reference the
 * chunked output is compared with (tests, and the benchmark's look check).
 */
export function buildVideoArgs(timeline: StoryTimeline, opts: VideoRenderOptions): string[] {
  const fps = opts.fps ?? timeline.fps;
  if (fps !== timeline.fps) throw new Error(`fps ${fps} differs from the timeline's ${timeline.fps}`);
  const n = timeline.pages.length;
  if (n === 0) throw new Error('timeline has no pages');
  const frame = frameGrid(opts, fps);

  const args: string[] = ['-y'];
  for (const page of timeline.pages) args.push(...pictureInput(page.image, fps));
  for (const page of timeline.pages) args.push('-i', page.audio);
  const musicIndex = 2 * n;
  if (opts.musicPath) args.push('-stream_loop', '-1', '-i', opts.musicPath);
  const softIndex = musicIndex + (opts.musicPath ? 1 : 0);
  if (opts.softSubtitlesPath) args.push('-i', opts.softSubtitlesPath);

  const graph: string[] = [];
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
    const clip = { move: page.kenBurns, focus: page.focus, clipFrames: frames, from: 0, to: frames };
    const chains = pageClipChains(`[${i}:v]`, `p${i}`, clip, frame);
    chains[chains.length - 1] += fanOut || `[b${i}]`;
    graph.push(...chains);
    if (outs.length > 1) {
      graph.push(
        `[sb${i}]trim=start_frame=${fadeIn}:end_frame=${frames - fadeOut},setpts=PTS-STARTPTS[b${i}]`,
      );
      if (fadeIn > 0) graph.push(`[sh${i}]trim=end_frame=${fadeIn},setpts=PTS-STARTPTS[h${i}]`);
      if (fadeOut > 0) graph.push(`[st${i}]trim=start_frame=${frames - fadeOut},setpts=PTS-STARTPTS[t${i}]`);
    }
    pieces.push(`[b${i}]`);
    if (fadeOut > 0) {
      graph.push(...crossfadeChains(`t${i}`, `h${i + 1}`, `f${i}`, fadeOut, fps));
      pieces.push(`[f${i}]`);
    }
  });
  let video = '[b0]';
  if (pieces.length > 1) {
    graph.push(`${pieces.join('')}concat=n=${pieces.length}:v=1:a=0[vcat]`);
    video = '[vcat]';
  }
  const burn = subtitleFilter(opts, frame.W, frame.H);
  if (burn) {
    graph.push(`${video}${burn}[vout]`);
    video = '[vout]';
  }
  graph.push(
    ...soundChains(timeline, n, opts.musicPath ? { index: musicIndex, gainDb: opts.musicGainDb } : undefined),
  );

  args.push('-filter_complex', graph.join(';'));
  args.push('-map', video, '-map', '[aout]');
  if (opts.softSubtitlesPath) args.push(...softSubtitleArgs(softIndex, opts.language));
  args.push(
    ...h264AacOutput({
      preset: opts.preset,
      crf: opts.crf,
      x264Params: opts.x264Params,
      fps,
      audioBitrate: '128k',
      seconds: timeline.duration,
      outPath: opts.outPath,
    }),
  );
  return args;
}

/**
 * One chunk of the film: page i's slot, i.e. its picture after the crossfade that brought it in,
 * and the crossfade into page i+1 (whose first frames it renders too). Chunks tile the film
 * exactly, so they are rendered by separate ffmpeg runs and joined by stream copy.
 */
export interface VideoChunk {
  /** 0-based page index; chunk i shows page i's slot. */
  index: number;
  /** Where the chunk sits in the film. */
  startFrame: number;
  frames: number;
  /** The same in seconds (start is the time the chunk's burned subtitles are shifted by). */
  start: number;
  duration: number;
  /** Its page, then the next page when it fades into it. */
  pictures: ChunkPicture[];
  /** Frames of the crossfade at the chunk's end (0 on the last page). */
  fadeFrames: number;
}

/** A page's move, and the frames of its clip a render shows. */
type PageClip = Omit<ChunkPicture, 'image'>;

interface ChunkPicture {
  image: string;
  move: KenBurnsMove;
  /** Where a zoom closes in (the page's main character), else the picture's centre. */
  focus?: Focus;
  /** Frames of the page's whole clip (its move runs over all of them, as in the one-pass render). */
  clipFrames: number;
  /** The frames of the clip this chunk shows: [from, to). */
  from: number;
  to: number;
}

/** Splits the film into one chunk per page slot (see VideoChunk). */
export function planChunks(timeline: StoryTimeline): VideoChunk[] {
  const fps = timeline.fps;
  const n = timeline.pages.length;
  if (n === 0) throw new Error('timeline has no pages');
  const fade = timeline.pages.map((p, i) => (i + 1 < n ? Math.round(p.crossfadeOut * fps) : 0));
  let startFrame = 0;
  return timeline.pages.map((page, i) => {
    const frames = Math.round(page.duration * fps);
    const clip = clipFrames(timeline, i);
    const pictures: ChunkPicture[] = [
      {
        image: page.image,
        move: page.kenBurns,
        focus: page.focus,
        clipFrames: clip,
        from: clip - frames,
        to: clip,
      },
    ];
    const next = timeline.pages[i + 1];
    if (next && fade[i]! > 0) {
      pictures.push({
        image: next.image,
        move: next.kenBurns,
        focus: next.focus,
        clipFrames: clipFrames(timeline, i + 1),
        from: 0,
        to: fade[i]!,
      });
    }
    const chunk: VideoChunk = {
      index: i,
      startFrame,
      frames,
      start: startFrame / fps,
      duration: frames / fps,
      pictures,
      fadeFrames: fade[i]!,
    };
    startFrame += frames;
    return chunk;
  });
}

export interface ChunkRenderOptions extends SubtitleBurnOptions {
  width: number;
  height: number;
  fps: number;
  oversample?: number;
  motionStep?: number;
  zoomStep?: number;
  crf: number;
  preset: string;
  x264Params?: string;
  /**
   * Paths read in place of the chunk's pictures, in order. The Video segment names a chunk by the
   * arguments built with each picture's content hash here, so the name changes with any input.
   */
  pictures?: readonly string[];
  outPath: string;
}

/**
 * The ffmpeg arguments that render one chunk, video only (H.264 yuv420p, the film's codec
 * settings, exactly `chunk.frames` frames): its page's frames after the incoming crossfade, then
 * the crossfade into the next page, subtitles burned with a file whose times start at the chunk.
 */
export function buildChunkArgs(chunk: VideoChunk, opts: ChunkRenderOptions): string[] {
  const g = frameGrid(opts, opts.fps);
  const [own, next] = chunk.pictures;
  if (!own) throw new Error(`chunk ${chunk.index} has no picture`);
  const args = ['-y'];
  for (const [k, p] of chunk.pictures.entries()) {
    args.push(...pictureInput(opts.pictures?.[k] ?? p.image, opts.fps));
  }
  const graph: string[] = [];
  // Each page's chain makes only the frames this chunk shows. The chunk's subtitles belong to its
  // own page (cues end before the crossfade) and are drawn there, on the moving frames only.
  const burn = subtitleFilter(opts, g.W, g.H);
  const ownChains = pageClipChains('[0:v]', 'p0', own, g, burn);
  const cut = (from: number, to: number) =>
    `trim=${from > 0 ? `start_frame=${from}:` : ''}end_frame=${to},setpts=PTS-STARTPTS`;
  let video = '[b]';
  if (next) {
    const fadeStart = own.to - own.from - chunk.fadeFrames;
    ownChains[ownChains.length - 1] += ',split=2[sb][st]';
    graph.push(...ownChains, `[sb]${cut(0, fadeStart)}[b]`, `[st]${cut(fadeStart, own.to - own.from)}[t]`);
    const nextChains = pageClipChains('[1:v]', 'p1', next, g);
    nextChains[nextChains.length - 1] += '[h]';
    graph.push(...nextChains, ...crossfadeChains('t', 'h', 'f', chunk.fadeFrames, opts.fps));
    graph.push('[b][f]concat=n=2:v=1:a=0[v]');
    video = '[v]';
  } else {
    ownChains[ownChains.length - 1] += '[b]';
    graph.push(...ownChains);
  }
  args.push('-filter_complex', graph.join(';'), '-map', video, '-an');
  args.push(...h264Video(opts, opts.fps), '-frames:v', String(chunk.frames), opts.outPath);
  return args;
}

export interface JoinOptions {
  /** A concat-demuxer list of the chunk files in film order (chunkList). */
  chunkListPath: string;
  musicPath?: string;
  musicGainDb: number;
  softSubtitlesPath?: string;
  language?: VideoRenderOptions['language'];
  outPath: string;
}

/**
 * The ffmpeg arguments that join rendered chunks into the film: the pictures by stream copy
 * (concat demuxer, no re-encode), the sound track laid once over the whole (narration in each
 * page's slot, music), AAC, +faststart, cut to exactly the timeline's length.
 */
export function buildJoinArgs(timeline: StoryTimeline, opts: JoinOptions): string[] {
  const n = timeline.pages.length;
  const args = ['-y', '-f', 'concat', '-safe', '0', '-i', opts.chunkListPath];
  for (const page of timeline.pages) args.push('-i', page.audio);
  const musicIndex = 1 + n;
  if (opts.musicPath) args.push('-stream_loop', '-1', '-i', opts.musicPath);
  const softIndex = musicIndex + (opts.musicPath ? 1 : 0);
  if (opts.softSubtitlesPath) args.push('-i', opts.softSubtitlesPath);
  const music = opts.musicPath ? { index: musicIndex, gainDb: opts.musicGainDb } : undefined;
  args.push('-filter_complex', soundChains(timeline, 1, music).join(';'));
  args.push('-map', '0:v', '-map', '[aout]');
  if (opts.softSubtitlesPath) args.push(...softSubtitleArgs(softIndex, opts.language));
  args.push('-c:v', 'copy', ...aacAudio('128k'), '-movflags', '+faststart');
  args.push('-t', sec(timeline.duration), opts.outPath);
  return args;
}

/**
 * The concat demuxer's list file for the chunks (absolute paths), in film order. Each file's exact
 * length is given: the demuxer would otherwise place the next chunk after the MP4's duration,
 * which is rounded to milliseconds, and the frame timing would drift off the grid.
 */
export function chunkList(chunks: readonly { path: string; seconds: number }[]): string {
  return chunks.map((c) => `file '${c.path.replace(/'/g, "'\\''")}'\nduration ${sec(c.seconds)}\n`).join('');
}

const h264Video = (x264: { preset: string; crf: number; x264Params?: string }, fps: number) => [
  '-c:v',
  'libx264',
  '-preset',
  x264.preset,
  '-crf',
  String(x264.crf),
  ...(x264.x264Params ? ['-x264-params', x264.x264Params] : []),
  '-pix_fmt',
  'yuv420p',
  '-r',
  String(fps),
];

const aacAudio = (bitrate: string) => ['-c:a', 'aac', '-b:a', bitrate, '-ar', String(SAMPLE_RATE)];

/** The output half of a render: H.264 yuv420p + AAC at 48 kHz, +faststart, cut to exactly `seconds`. */
export function h264AacOutput(o: {
  preset: string;
  crf: number;
  x264Params?: string;
  fps: number;
  audioBitrate: string;
  seconds: number;
  outPath: string;
}): string[] {
  return [
    ...h264Video(o, o.fps),
    ...aacAudio(o.audioBitrate),
    '-movflags',
    '+faststart',
    ...['-t', sec(o.seconds), o.outPath],
  ];
}
