// The edit timeline for editing suites: OpenTimelineIO JSON, Final Cut Pro XML (1.10) and CMX 3600
// EDL, so a cut made here can be finished by hand. Pure functions of the timeline; times are
// snapped to the timeline's frame grid. `url(source)` says how a source is referred to.
import { basename } from 'node:path';
import { cutLength, type Timeline } from './timeline.js';

export const EXPORT_FORMATS = ['otio', 'fcpxml', 'edl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  name: string;
  /** How a source (video or WAV) is written in the file; default: as in the timeline. */
  url?: (source: string, kind: 'video' | 'audio') => string;
  /** Length in seconds of each narration WAV (default: up to the next one or the end). */
  audioLengths?: Map<string, number>;
}

const frames = (seconds: number, fps: number) => Math.round(seconds * fps);

interface Placed {
  source: string;
  /** Timeline frames. */
  at: number;
  length: number;
  /** Source frames. */
  inFrame: number;
  speed: number;
  gainDb: number;
}

function videoEvents(t: Timeline): Placed[] {
  return t.video.map((c) => ({
    source: c.source,
    at: frames(c.at, t.fps),
    length: Math.max(1, frames(cutLength(c), t.fps)),
    inFrame: frames(c.in, t.fps),
    speed: c.speed,
    gainDb: t.original_audio_gain_db,
  }));
}

function audioEvents(t: Timeline, lengths?: Map<string, number>): Placed[] {
  const sorted = [...t.audio].sort((a, b) => a.at - b.at);
  const end = frames(t.duration, t.fps);
  return sorted.map((a, i) => {
    const at = frames(a.at, t.fps);
    const next = sorted[i + 1] ? frames(sorted[i + 1]!.at, t.fps) : end;
    const known = lengths?.get(a.source);
    const length = Math.max(1, Math.min(known !== undefined ? frames(known, t.fps) : next - at, end - at));
    return { source: a.source, at, length, inFrame: 0, speed: 1, gainDb: a.gain_db };
  });
}

// --- OpenTimelineIO -------------------------------------------------------------------------

const rt = (value: number, rate: number) => ({ OTIO_SCHEMA: 'RationalTime.1', rate, value });
const range = (start: number, duration: number, rate: number) => ({
  OTIO_SCHEMA: 'TimeRange.1',
  start_time: rt(start, rate),
  duration: rt(duration, rate),
});

function otioTrack(
  name: string,
  kind: 'Video' | 'Audio',
  events: Placed[],
  rate: number,
  url: (s: string) => string,
) {
  const children: unknown[] = [];
  let cursor = 0;
  for (const e of [...events].sort((a, b) => a.at - b.at)) {
    if (e.at > cursor) {
      children.push({
        OTIO_SCHEMA: 'Gap.1',
        metadata: {},
        name: '',
        source_range: range(0, e.at - cursor, rate),
        effects: [],
        markers: [],
        enabled: true,
      });
    }
    const start = Math.max(e.at, cursor);
    const length = e.length - (start - e.at);
    if (length <= 0) continue;
    children.push({
      OTIO_SCHEMA: 'Clip.2',
      metadata: { storyagent: { gain_db: e.gainDb } },
      name: basename(e.source),
      source_range: range(e.inFrame, length, rate),
      effects:
        e.speed !== 1
          ? [
              {
                OTIO_SCHEMA: 'LinearTimeWarp.1',
                metadata: {},
                name: '',
                effect_name: 'LinearTimeWarp',
                time_scalar: e.speed,
              },
            ]
          : [],
      markers: [],
      enabled: true,
      media_references: {
        DEFAULT_MEDIA: {
          OTIO_SCHEMA: 'ExternalReference.1',
          metadata: {},
          name: basename(e.source),
          available_range: null,
          available_image_bounds: null,
          target_url: url(e.source),
        },
      },
      active_media_reference_key: 'DEFAULT_MEDIA',
    });
    cursor = start + length;
  }
  return {
    OTIO_SCHEMA: 'Track.1',
    metadata: {},
    name,
    source_range: null,
    effects: [],
    markers: [],
    enabled: true,
    children,
    kind,
  };
}

export function toOtio(t: Timeline, opts: ExportOptions): string {
  const url = opts.url ?? ((s: string) => s);
  const doc = {
    OTIO_SCHEMA: 'Timeline.1',
    metadata: {
      storyagent: {
        width: t.width,
        height: t.height,
        original_audio_gain_db: t.original_audio_gain_db,
        subtitles: t.subtitles,
      },
    },
    name: opts.name,
    global_start_time: rt(0, t.fps),
    tracks: {
      OTIO_SCHEMA: 'Stack.1',
      metadata: {},
      name: 'tracks',
      source_range: null,
      effects: [],
      markers: [],
      enabled: true,
      children: [
        otioTrack('V1', 'Video', videoEvents(t), t.fps, (s) => url(s, 'video')),
        otioTrack('A1 source', 'Audio', videoEvents(t), t.fps, (s) => url(s, 'video')),
        otioTrack('A2 narration', 'Audio', audioEvents(t, opts.audioLengths), t.fps, (s) => url(s, 'audio')),
      ],
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

// --- FCPXML ---------------------------------------------------------------------------------

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Frames as an FCPXML rational time ("186/30s"; "0s"). */
const ft = (n: number, fps: number) => (n === 0 ? '0s' : `${n}/${fps}s`);

export function toFcpxml(t: Timeline, opts: ExportOptions): string {
  const url = opts.url ?? ((s: string) => s);
  const fps = t.fps;
  const video = videoEvents(t);
  const audio = audioEvents(t, opts.audioLengths);
  const total = frames(t.duration, fps);
  const assets = new Map<string, { id: string; kind: 'video' | 'audio' }>();
  let next = 2;
  for (const e of video) if (!assets.has(e.source)) assets.set(e.source, { id: `r${next++}`, kind: 'video' });
  for (const e of audio) if (!assets.has(e.source)) assets.set(e.source, { id: `r${next++}`, kind: 'audio' });
  const lines: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE fcpxml>',
    '<fcpxml version="1.10">',
    '  <resources>',
    `    <format id="r1" name="StoryAgent ${t.width}x${t.height} ${fps}p" frameDuration="1/${fps}s" width="${t.width}" height="${t.height}"/>`,
  ];
  for (const [source, a] of assets) {
    const av = a.kind === 'video' ? 'hasVideo="1" hasAudio="1" format="r1"' : 'hasAudio="1"';
    lines.push(
      `    <asset id="${a.id}" name="${xml(basename(source))}" start="0s" ${av} audioSources="1" audioChannels="2">`,
      `      <media-rep kind="original-media" src="${xml(url(source, a.kind))}"/>`,
      '    </asset>',
    );
  }
  lines.push(
    '  </resources>',
    '  <library>',
    '    <event name="StoryAgent">',
    `      <project name="${xml(opts.name)}">`,
    `        <sequence format="r1" duration="${ft(total, fps)}" tcStart="0s" tcFormat="NDF" audioLayout="stereo" audioRate="48k">`,
    '          <spine>',
    // The cut and the narration ride on one gap in the primary storyline, so every offset is a timeline time.
    `            <gap name="StoryAgent timeline" offset="0s" start="0s" duration="${ft(total, fps)}">`,
  );
  for (const e of video) {
    const ref = assets.get(e.source)!.id;
    const srcLen = Math.round(e.length * e.speed);
    lines.push(
      `              <asset-clip ref="${ref}" lane="1" offset="${ft(e.at, fps)}" start="${ft(e.inFrame, fps)}" duration="${ft(e.length, fps)}" name="${xml(basename(e.source))}" format="r1">`,
    );
    if (e.speed !== 1) {
      lines.push(
        '                <timeMap>',
        `                  <timept time="${ft(e.inFrame, fps)}" value="${ft(e.inFrame, fps)}" interp="linear"/>`,
        `                  <timept time="${ft(e.inFrame + e.length, fps)}" value="${ft(e.inFrame + srcLen, fps)}" interp="linear"/>`,
        '                </timeMap>',
      );
    }
    lines.push(`                <adjust-volume amount="${e.gainDb}dB"/>`, '              </asset-clip>');
  }
  audio.forEach((e, i) => {
    const ref = assets.get(e.source)!.id;
    lines.push(
      `              <asset-clip ref="${ref}" lane="-1" offset="${ft(e.at, fps)}" start="0s" duration="${ft(e.length, fps)}" name="narration ${i + 1}" audioRole="dialogue"/>`,
    );
  });
  for (const cue of t.subtitles) {
    const at = frames(cue.start, fps);
    const len = Math.max(1, frames(cue.end, fps) - at);
    lines.push(
      `              <caption lane="2" offset="${ft(at, fps)}" start="${ft(at, fps)}" duration="${ft(len, fps)}" name="${xml(cue.text.slice(0, 40))}" role="iTT?captionFormat=ITT.en">`,
      `                <text><text-style>${xml(cue.text)}</text-style></text>`,
      '              </caption>',
    );
  }
  lines.push(
    '            </gap>',
    '          </spine>',
    '        </sequence>',
    '      </project>',
    '    </event>',
    '  </library>',
    '</fcpxml>',
  );
  return `${lines.join('\n')}\n`;
}

// --- CMX 3600 EDL ---------------------------------------------------------------------------

/** Frames → "HH:MM:SS:FF" (non-drop frame). */
export function timecode(n: number, fps: number): string {
  const f = n % fps;
  const s = Math.floor(n / fps);
  const p = (x: number) => String(x).padStart(2, '0');
  return `${p(Math.floor(s / 3600))}:${p(Math.floor((s % 3600) / 60))}:${p(s % 60)}:${p(f)}`;
}

/** "HH:MM:SS:FF" → frames. */
export function parseTimecode(tc: string, fps: number): number {
  const m = /^(\d{2}):(\d{2}):(\d{2})[:;](\d{2})$/.exec(tc);
  if (!m) throw new Error(`not a timecode: ${tc}`);
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * fps + Number(m[4]);
}

export function toEdl(t: Timeline, opts: ExportOptions): string {
  const url = opts.url ?? ((s: string) => s);
  const fps = t.fps;
  const title = opts.name.replace(/[^\x20-\x7e]/g, '_').slice(0, 70) || 'StoryAgent';
  const out: string[] = [`TITLE: ${title}`, 'FCM: NON-DROP FRAME', ''];
  let n = 0;
  const event = (e: Placed, channel: string, kind: 'video' | 'audio') => {
    n++;
    const num = String(n).padStart(3, '0');
    // The record and source durations of an event are equal; M2 gives the playback speed.
    const srcIn = e.inFrame;
    out.push(
      `${num}  AX       ${channel.padEnd(5)} C        ${timecode(srcIn, fps)} ${timecode(srcIn + e.length, fps)} ${timecode(e.at, fps)} ${timecode(e.at + e.length, fps)}`,
    );
    if (e.speed !== 1) {
      out.push(
        `M2   AX       ${(fps * e.speed).toFixed(1).padStart(5, '0')}                ${timecode(srcIn, fps)}`,
      );
    }
    out.push(`* FROM CLIP NAME: ${basename(e.source)}`);
    out.push(`* SOURCE FILE: ${url(e.source, kind)}`);
    if (e.gainDb !== 0) out.push(`* AUDIO LEVEL: ${e.gainDb} DB`);
    out.push('');
  };
  for (const e of videoEvents(t)) event(e, 'B', 'video');
  for (const e of audioEvents(t, opts.audioLengths)) event(e, 'A2', 'audio');
  return `${out.join('\n')}`;
}

export function exportTimeline(format: ExportFormat, t: Timeline, opts: ExportOptions): string {
  switch (format) {
    case 'otio':
      return toOtio(t, opts);
    case 'fcpxml':
      return toFcpxml(t, opts);
    case 'edl':
      return toEdl(t, opts);
  }
}

export const EXPORT_EXTENSION: Record<ExportFormat, string> = {
  otio: '.otio',
  fcpxml: '.fcpxml',
  edl: '.edl',
};
