// The timeline leaves this product in two ways: as ffmpeg arguments for the edge render (checked
// as data, then run on real media) and as OTIO / FCPXML / EDL files that parse back to the same cut.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTimecode, timecode, toEdl, toFcpxml, toOtio } from '../../src/dubbing/exports.js';
import { atempoChain, buildEdgeRenderArgs } from '../../src/dubbing/render-args.js';
import { cutLength, parseTimelineFile, type Timeline } from '../../src/dubbing/timeline.js';
import { probe, runFfmpeg } from '../../src/media/ffmpeg.js';
import { makeSourceVideo } from '../helpers/source-media.js';

const TIMELINE: Timeline = {
  version: 1,
  fps: 30,
  width: 320,
  height: 180,
  duration: 6,
  video: [
    { source: 'movie.mp4', in: 1, out: 3, at: 0, speed: 1 },
    { source: 'movie.mp4', in: 10, out: 11.5, at: 2, speed: 0.5 },
    { source: 'other clip.mov', in: 0.5, out: 1.5, at: 5, speed: 1 },
  ],
  audio: [
    { source: 'tasks/7/audio/audio_001.wav', at: 0, gain_db: 0 },
    { source: 'tasks/7/audio/audio_002.wav', at: 2.5, gain_db: -3 },
  ],
  original_audio_gain_db: -18,
  subtitles: [
    { start: 0, end: 1.8, text: 'First line & more' },
    { start: 2.5, end: 4, text: '第二句 <b>' },
  ],
};
const lengths = new Map([
  ['tasks/7/audio/audio_001.wav', 1.8],
  ['tasks/7/audio/audio_002.wav', 1.5],
]);

describe('exports', () => {
  it('OTIO: a Timeline.1 whose video track adds up to the cut and whose clips keep their source ranges', () => {
    const doc = JSON.parse(toOtio(TIMELINE, { name: 'cut', audioLengths: lengths }));
    expect(doc.OTIO_SCHEMA).toBe('Timeline.1');
    const [video, source, narration] = doc.tracks.children;
    expect([video.kind, source.kind, narration.kind]).toEqual(['Video', 'Audio', 'Audio']);
    const frames = (items: Array<{ source_range: { duration: { value: number; rate: number } } }>) =>
      items.reduce((n, c) => n + c.source_range.duration.value, 0);
    expect(frames(video.children)).toBe(180);
    const slow = video.children[1];
    expect(slow).toMatchObject({
      OTIO_SCHEMA: 'Clip.2',
      source_range: { start_time: { value: 300, rate: 30 }, duration: { value: 90, rate: 30 } },
      effects: [{ OTIO_SCHEMA: 'LinearTimeWarp.1', time_scalar: 0.5 }],
      media_references: { DEFAULT_MEDIA: { OTIO_SCHEMA: 'ExternalReference.1', target_url: 'movie.mp4' } },
      active_media_reference_key: 'DEFAULT_MEDIA',
    });
    // Narration: clip, gap, clip at 2.5 s.
    expect(narration.children.map((c: { OTIO_SCHEMA: string }) => c.OTIO_SCHEMA)).toEqual([
      'Clip.2',
      'Gap.1',
      'Clip.2',
    ]);
    expect(frames(narration.children.slice(0, 2))).toBe(75);
  });

  it('FCPXML 1.10: well-formed, one asset per source, clips at their offsets, retimed clip mapped', () => {
    const text = toFcpxml(TIMELINE, {
      name: 'cut <1>',
      audioLengths: lengths,
      url: (s) => `file:///media/${encodeURI(s)}`,
    });
    expect(XMLValidator.validate(text)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(text);
    expect(doc.fcpxml.version).toBe('1.10');
    const assets = doc.fcpxml.resources.asset;
    expect(assets.map((a: { name: string }) => a.name)).toEqual([
      'movie.mp4',
      'other clip.mov',
      'audio_001.wav',
      'audio_002.wav',
    ]);
    expect(assets[1]['media-rep'].src).toBe('file:///media/other%20clip.mov');
    const gap = doc.fcpxml.library.event.project.sequence.spine.gap;
    expect(doc.fcpxml.library.event.project.name).toBe('cut <1>');
    const clips = gap['asset-clip'];
    expect(
      clips.filter((c: { lane: string }) => c.lane === '1').map((c: { offset: string }) => c.offset),
    ).toEqual(['0s', '60/30s', '150/30s']);
    expect(clips[1].timeMap.timept.map((p: { value: string }) => p.value)).toEqual(['300/30s', '345/30s']);
    expect(clips.filter((c: { lane: string }) => c.lane === '-1')).toHaveLength(2);
  });

  it('EDL: CMX 3600 events whose timecodes round-trip to the timeline frames', () => {
    const text = toEdl(TIMELINE, { name: '剪辑 cut', audioLengths: lengths });
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^TITLE: /);
    expect(lines[1]).toBe('FCM: NON-DROP FRAME');
    const events = lines
      .map((l) => /^(\d{3}) {2}(\S+)\s+(\S+)\s+C\s+(\S+) (\S+) (\S+) (\S+)$/.exec(l))
      .filter((m): m is RegExpExecArray => Boolean(m));
    expect(events).toHaveLength(5);
    const video = events.filter((m) => m[3] === 'B');
    const [recIn, recOut] = [
      video.map((m) => parseTimecode(m[6]!, 30)),
      video.map((m) => parseTimecode(m[7]!, 30)),
    ];
    expect(recIn).toEqual(TIMELINE.video.map((c) => Math.round(c.at * 30)));
    expect(recOut.map((o, i) => o - recIn[i]!)).toEqual(
      TIMELINE.video.map((c) => Math.round(cutLength(c) * 30)),
    );
    expect(parseTimecode(video[1]![4]!, 30)).toBe(300);
    expect(text).toMatch(/^M2 {3}AX {7}015\.0 {16}00:00:10:00$/m);
    expect(text).toContain('* FROM CLIP NAME: other clip.mov');
    for (const n of [0, 29, 30, 1799, 107_999, 3_600 * 30])
      expect(parseTimecode(timecode(n, 30), 30)).toBe(n);
  });
});

describe('edge render arguments', () => {
  it('one input per cut, seeked; retimed picture and sound; the source ducked only under narration', () => {
    const paths = new Map([
      ['movie.mp4', '/m/movie.mp4'],
      ['other clip.mov', '/m/other clip.mov'],
      ...[...lengths.keys()].map((k) => [k, `/a/${k}`] as [string, string]),
    ]);
    const args = buildEdgeRenderArgs(TIMELINE, {
      paths,
      facts: new Map([
        ['movie.mp4', { hasAudio: true }],
        ['other clip.mov', { hasAudio: false }],
      ]),
      audioLengths: lengths,
      subtitlesPath: '/tmp/s:1.ass',
      crf: 20,
      preset: 'veryfast',
      outPath: '/o/cut.mp4',
    });
    const inputs = args.flatMap((a, i) => (a === '-i' ? [args[i + 1]] : []));
    expect(inputs).toEqual([
      '/m/movie.mp4',
      '/m/movie.mp4',
      '/m/other clip.mov',
      '/a/tasks/7/audio/audio_001.wav',
      '/a/tasks/7/audio/audio_002.wav',
    ]);
    expect(args.slice(1, 5)).toEqual(['-ss', '1', '-t', '2.033333']);
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toContain('[1:v]setpts=(PTS-STARTPTS)/0.5,fps=30');
    expect(graph).toContain('[1:a]asetpts=PTS-STARTPTS,atempo=0.5,');
    expect(graph).toContain('anullsrc=r=48000:cl=stereo,atrim=duration=1[pa2]');
    expect(graph).toContain("volume=volume='if(between(t,0,1.8)+between(t,2.5,4),0.125893,1)':eval=frame");
    expect(graph).toContain('adelay=delays=2500:all=1');
    expect(graph).toContain('ass=filename=/tmp/s\\\\:1.ass');
    expect(args.slice(-3)).toEqual(['-t', '6', '/o/cut.mp4']);
  });

  it('atempo is chained outside 0.5–2', () => {
    expect(atempoChain(1)).toEqual([]);
    expect(atempoChain(0.25)).toEqual(['atempo=0.5', 'atempo=0.5']);
    expect(atempoChain(3)).toEqual(['atempo=2', 'atempo=1.5']);
  });

  describe('on real media', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'sa-render-'));
      makeSourceVideo(join(dir, 'movie.mp4'), { seconds: 4, rate: 25 });
      execFileSync('ffmpeg', [
        '-v',
        'error',
        '-f',
        'lavfi',
        '-i',
        'sine=f=600:d=1.2:sample_rate=22050',
        join(dir, 'n1.wav'),
      ]);
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it('renders the exact length, holding the last frame where a cut runs past the file', async () => {
      const t: Timeline = {
        ...TIMELINE,
        duration: 5,
        video: [
          { source: 'movie.mp4', in: 0.5, out: 2, at: 0, speed: 1 },
          // Runs 1.5 s past the 4 s file: the last frame is held.
          { source: 'movie.mp4', in: 3, out: 5.25, at: 1.5, speed: 0.75 },
        ],
        audio: [{ source: 'n1.wav', at: 0.5, gain_db: 0 }],
        subtitles: [{ start: 0.5, end: 1.7, text: 'Hello' }],
      };
      const out = join(dir, 'out.mp4');
      const seen: number[] = [];
      await runFfmpeg(
        buildEdgeRenderArgs(t, {
          paths: new Map([
            ['movie.mp4', join(dir, 'movie.mp4')],
            ['n1.wav', join(dir, 'n1.wav')],
          ]),
          facts: new Map([['movie.mp4', { hasAudio: true }]]),
          audioLengths: new Map([['n1.wav', 1.2]]),
          crf: 30,
          preset: 'ultrafast',
          outPath: out,
        }),
        { totalSeconds: t.duration, onProgress: (f) => seen.push(f) },
      );
      const info = await probe(out);
      expect(info.video).toMatchObject({ codec: 'h264', width: 320, height: 180, fps: 30 });
      expect(info.audio).toMatchObject({ codec: 'aac', sampleRate: 48000, channels: 2 });
      expect(Math.abs(info.durationSeconds - 5)).toBeLessThan(0.1);
      expect(seen.at(-1)).toBe(1);
    });
  });
});

describe('timeline files', () => {
  it('reads an editing script or a bare timeline; errors name the line', () => {
    const bare = JSON.stringify(TIMELINE, null, 2);
    expect(parseTimelineFile(bare).video).toHaveLength(3);
    expect(parseTimelineFile(JSON.stringify({ editing_script: [], timeline: TIMELINE })).duration).toBe(6);
    const bad = bare.replace('"source": "other clip.mov"', '"source": "../../etc/passwd"');
    expect(() => parseTimelineFile(bad, 'cut.json')).toThrow(
      /^cut\.json: line \d+: video\.2\.source: must be a file name/,
    );
  });
});
