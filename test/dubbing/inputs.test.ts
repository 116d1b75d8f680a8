// Blueprints and transcripts as clients upload them: the SPEC shapes, the usual subtitle formats,
// speakers kept, scenes split at pauses and topic changes, and errors that name the line.
import { describe, expect, it } from 'vitest';
import { blueprintToFile, formatClock, parseBlueprint, parseClock } from '../../src/dubbing/blueprint.js';
import {
  detectFormat,
  parseTranscript,
  sceneBoundaries,
  transcriptToBlueprint,
} from '../../src/dubbing/transcript.js';

const BLUEPRINT = `{
  "asset_name": "Storm",
  "scenes": {
    "2": {"dialogues": [
      {"speaker": "Bob", "content": "Fine.", "start_time": "00:00:20.000", "end_time": "00:00:21.500"}
    ]},
    "1": {"dialogues": [
      {"speaker": "Alice", "content": "A storm is coming.", "start_time": "00:00:01.000", "end_time": "00:00:03.250"},
      {"speaker": "Bob", "content": "No way.", "start_time": "00:00:04,000", "end_time": "00:00:05.000"}
    ]}
  },
  "chapters": {"c1": {"chapter_uuid": "9f0e", "scene_ids": [1, 2]}}
}`;

describe('blueprint', () => {
  it('reads the SPEC shape: scenes ordered by time, numeric ids, chapters, times in seconds', () => {
    const bp = parseBlueprint(BLUEPRINT);
    expect(bp.assetName).toBe('Storm');
    expect(bp.scenes.map((s) => s.id)).toEqual([1, 2]);
    expect(bp.scenes[0]).toMatchObject({ start: 1, end: 5, chapterId: '9f0e' });
    expect(bp.scenes[0]!.dialogues[1]).toEqual({ speaker: 'Bob', content: 'No way.', start: 4, end: 5 });
  });

  it('writes back what it reads', () => {
    const bp = parseBlueprint(BLUEPRINT);
    expect(parseBlueprint(JSON.stringify(blueprintToFile(bp)))).toEqual(bp);
  });

  it('clock times round-trip', () => {
    expect(formatClock(3723.456)).toBe('01:02:03.456');
    expect(parseClock('01:02:03.456')).toBeCloseTo(3723.456, 6);
    expect(parseClock('2:03,5')).toBeCloseTo(123.5, 6);
    expect(parseClock('soon')).toBeUndefined();
  });

  it('a bad time names the line and the key', () => {
    const text = BLUEPRINT.replace('"00:00:04,000"', '"four seconds"');
    expect(() => parseBlueprint(text)).toThrow(
      /^blueprint_path: line 9: scenes\.1\.dialogues\.1\.start_time: "four seconds" is not a time/,
    );
  });

  it('malformed JSON names the line', () => {
    expect(() => parseBlueprint('{\n  "scenes": {\n    "1": {"dialogues": [}\n  }\n}')).toThrow(
      /^blueprint_path: line 3: not valid JSON/,
    );
  });

  it('a scene with neither dialogue nor times is refused, naming it', () => {
    expect(() => parseBlueprint('{"scenes": {\n"7": {"dialogues": []}}}')).toThrow(
      /line 2: scenes\.7: a scene needs dialogues, or start_time and end_time/,
    );
  });
});

const SRT = `1
00:00:01,000 --> 00:00:03,000
Alice: The boat is leaking again.

2
00:00:03,500 --> 00:00:05,500
Bob: Then we fix the boat before the storm.

3
00:00:06,000 --> 00:00:08,000
Alice: The storm will break the boat.

4
00:00:15,000 --> 00:00:17,000
[Carol] Dinner is ready, come and eat.

5
00:00:17,500 --> 00:00:19,500
Carol: Soup, bread and cheese for dinner.
`;

describe('transcripts', () => {
  it('detects the four formats', () => {
    expect(detectFormat(SRT)).toBe('srt');
    expect(detectFormat('WEBVTT\n\n00:01.000 --> 00:02.000\nhi')).toBe('vtt');
    expect(detectFormat('{"segments": []}')).toBe('json');
    expect(detectFormat('Alice: hello\nBob: hi')).toBe('text');
  });

  it('SRT keeps "Name:" and "[Name]" speakers and splits scenes at the long pause', () => {
    const cues = parseTranscript(SRT);
    expect(cues.map((c) => c.speaker)).toEqual(['Alice', 'Bob', 'Alice', 'Carol', 'Carol']);
    expect(cues[3]!.text).toBe('Dinner is ready, come and eat.');
    const bp = transcriptToBlueprint(cues, { minSceneSeconds: 3 });
    expect(bp.scenes.map((s) => s.dialogues.length)).toEqual([3, 2]);
    expect(bp.scenes[1]).toMatchObject({ id: 2, start: 15, end: 19.5 });
  });

  it('WebVTT voice spans give the speaker', () => {
    const cues = parseTranscript('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Dr. Lee>Take a seat.</v>\n');
    expect(cues).toEqual([{ start: 1, end: 2, text: 'Take a seat.', speaker: 'Dr. Lee' }]);
  });

  it('JSON segments (seconds) with or without speakers', () => {
    const cues = parseTranscript(
      '{"segments": [{"start": 0.5, "end": 2, "text": "你好", "speaker": "小明"}, {"start": 2.5, "end": 4, "text": "老师：早上好"}]}',
    );
    expect(cues).toEqual([
      { start: 0.5, end: 2, text: '你好', speaker: '小明' },
      { start: 2.5, end: 4, text: '早上好', speaker: '老师' },
    ]);
  });

  it('plain text gets times at a speaking pace; a blank line is a scene break', () => {
    const cues = parseTranscript(
      '小明：我们明天去海边吧。\n小红：好啊，我带相机。\n\n老师：明天考试，不要迟到。',
    );
    expect(cues[0]).toMatchObject({ start: 0, speaker: '小明' });
    expect(cues[1]!.start).toBeGreaterThan(cues[0]!.end);
    expect(cues[2]!.start - cues[1]!.end).toBeGreaterThanOrEqual(4);
    expect(transcriptToBlueprint(cues, { minSceneSeconds: 1 }).scenes).toHaveLength(2);
  });

  it('a change of topic without a pause starts a new scene', () => {
    const lines = [
      'The engine of the boat is broken.',
      'Fix the boat engine before we sail.',
      'The boat engine needs a new belt.',
      'This boat engine is older than me.',
      'My cake recipe needs more sugar.',
      'Sugar makes the cake recipe sweet.',
      'Bake the cake for forty minutes.',
      'The cake smells wonderful.',
    ];
    const cues = lines.map((text, i) => ({ start: i * 2, end: i * 2 + 1.8, text }));
    expect(sceneBoundaries(cues, { minSceneSeconds: 4 })).toEqual([4]);
  });

  it('malformed subtitles and JSON name the line', () => {
    expect(() => parseTranscript('1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\nnot a time\nbye\n')).toThrow(
      /^transcript_path: line 6: expected a timing line/,
    );
    expect(() => parseTranscript('{"segments": [\n {"start": 1, "end": 2},\n]}')).toThrow(
      /^transcript_path: line 3/,
    );
    expect(() => parseTranscript('{"segments": [\n {"start": "x", "end": 2, "text": "a"}]}')).toThrow(
      /^transcript_path: line 2: segments\.0\.start:/,
    );
  });
});
