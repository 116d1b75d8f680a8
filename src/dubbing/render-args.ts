// The edge render as data: a pure function from a timeline (and what the edge knows about its
// files) to one ffmpeg argument list: cuts with input seeking, retiming (setpts/atempo), the
// source sound ducked under the narration, burned subtitles, H.264 + AAC. src/media/ffmpeg.ts runs it.
import { escapeFilterValue, h264AacOutput } from '../media/video-args.js';
import { cutLength, type Timeline } from './timeline.js';

export interface SourceFacts {
  hasAudio: boolean;
}

export interface EdgeRenderOptions {
  /** Absolute path of every timeline source (video and narration). */
  paths: ReadonlyMap<string, string>;
  /** What ffprobe said about each video source. */
  facts: ReadonlyMap<string, SourceFacts>;
  /** Seconds each narration WAV lasts (where the source sound is ducked). */
  audioLengths: ReadonlyMap<string, number>;
  /** An ASS file of the subtitles, laid out for the frame; none = no subtitles. */
  subtitlesPath?: string;
  fontsDir?: string;
  crf: number;
  preset: string;
  outPath: string;
}

export const EDGE_RENDER_DEFAULTS = { crf: 20, preset: 'veryfast' } as const;
const RATE = 48_000;
const sec = (s: number) => String(Number(s.toFixed(6)));
const FMT = `aresample=${RATE},aformat=sample_fmts=fltp:channel_layouts=stereo`;

/** atempo takes 0.5–2 per instance: slower or faster speeds chain several. */
export function atempoChain(speed: number): string[] {
  const out: string[] = [];
  let left = speed;
  while (left < 0.5 - 1e-9) {
    out.push('atempo=0.5');
    left /= 0.5;
  }
  while (left > 2 + 1e-9) {
    out.push('atempo=2');
    left /= 2;
  }
  if (Math.abs(left - 1) > 1e-9) out.push(`atempo=${sec(left)}`);
  return out;
}

type Piece = { kind: 'cut'; index: number; length: number } | { kind: 'gap'; length: number };

export function buildEdgeRenderArgs(t: Timeline, o: EdgeRenderOptions): string[] {
  const { fps, width: W, height: H } = t;
  const path = (source: string) => {
    const p = o.paths.get(source);
    if (!p) throw new Error(`no file for source "${source}"`);
    return p;
  };
  const cuts = [...t.video].sort((a, b) => a.at - b.at);
  const args = ['-y'];
  // One input per cut, seeked at the input: a cut late in a long film does not decode the film.
  cuts.forEach((c) => {
    const span = c.out - c.in;
    args.push('-ss', sec(c.in), '-t', sec(span + 1 / fps), '-i', path(c.source));
  });
  const narrationBase = cuts.length;
  for (const a of t.audio) args.push('-i', path(a.source));

  // Whole frames for every piece; a gap between cuts (a hand-made timeline) is black and silent.
  const pieces: Piece[] = [];
  let cursor = 0;
  cuts.forEach((c, index) => {
    const at = Math.round(c.at * fps);
    if (at > cursor) pieces.push({ kind: 'gap', length: (at - cursor) / fps });
    const frames = Math.max(1, Math.round(cutLength(c) * fps));
    pieces.push({ kind: 'cut', index, length: frames / fps });
    cursor = Math.max(cursor, at) + frames;
  });
  const totalFrames = Math.round(t.duration * fps);
  if (totalFrames > cursor) pieces.push({ kind: 'gap', length: (totalFrames - cursor) / fps });

  const graph: string[] = [];
  const picture = `scale=${W}:${H}:force_original_aspect_ratio=decrease,pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,format=yuv420p`;
  const labels: string[] = [];
  pieces.forEach((p, k) => {
    const d = sec(p.length);
    if (p.kind === 'gap') {
      graph.push(`color=c=black:s=${W}x${H}:r=${fps}:d=${d},format=yuv420p,setsar=1[pv${k}]`);
      graph.push(`anullsrc=r=${RATE}:cl=stereo,atrim=duration=${d}[pa${k}]`);
    } else {
      const c = cuts[p.index]!;
      const speed = c.speed;
      // Held on its last frame if the file ends early, then cut to exactly its frames.
      graph.push(
        `[${p.index}:v]setpts=(PTS-STARTPTS)/${sec(speed)},fps=${fps},${picture},` +
          `tpad=stop_mode=clone:stop_duration=${d},trim=duration=${d},setpts=PTS-STARTPTS[pv${k}]`,
      );
      if (o.facts.get(c.source)?.hasAudio) {
        const tempo = atempoChain(speed);
        graph.push(
          `[${p.index}:a]asetpts=PTS-STARTPTS,${[...tempo, FMT].join(',')},` +
            `apad=whole_dur=${d},atrim=duration=${d},asetpts=PTS-STARTPTS[pa${k}]`,
        );
      } else {
        graph.push(`anullsrc=r=${RATE}:cl=stereo,atrim=duration=${d}[pa${k}]`);
      }
    }
    labels.push(`[pv${k}][pa${k}]`);
  });
  graph.push(`${labels.join('')}concat=n=${pieces.length}:v=1:a=1[vcat][orig]`);

  // The source sound is lowered while narration plays and back at full level in between.
  const gain = 10 ** (t.original_audio_gain_db / 20);
  const spans = t.audio.map((a) => {
    const len = o.audioLengths.get(a.source) ?? 0;
    return `between(t,${sec(a.at)},${sec(a.at + len)})`;
  });
  const duck = spans.length ? `volume=volume='if(${spans.join('+')},${sec(gain)},1)':eval=frame` : 'anull';
  graph.push(`[orig]${duck}[duck]`);
  const voices: string[] = [];
  t.audio.forEach((a, j) => {
    const ms = Math.round(a.at * 1000);
    graph.push(`[${narrationBase + j}:a]${FMT},volume=${a.gain_db}dB,adelay=delays=${ms}:all=1[n${j}]`);
    voices.push(`[n${j}]`);
  });
  graph.push(
    voices.length
      ? `[duck]${voices.join('')}amix=inputs=${voices.length + 1}:duration=first:dropout_transition=0:normalize=0,alimiter=limit=0.97[aout]`
      : '[duck]anull[aout]',
  );
  let video = '[vcat]';
  if (o.subtitlesPath) {
    const fonts = o.fontsDir ? `:fontsdir=${escapeFilterValue(o.fontsDir)}` : '';
    graph.push(`${video}ass=filename=${escapeFilterValue(o.subtitlesPath)}${fonts}[vout]`);
    video = '[vout]';
  }
  args.push('-filter_complex', graph.join(';'));
  args.push('-map', video, '-map', '[aout]');
  args.push(
    ...h264AacOutput({
      preset: o.preset,
      crf: o.crf,
      fps,
      audioBitrate: '192k',
      seconds: t.duration,
      outPath: o.outPath,
    }),
  );
  return args;
}
