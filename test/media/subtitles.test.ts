// Subtitles a viewer reads: lines that fit the frame, timestamps players accept, karaoke that
// follows the words; and a parser that reads what people upload or says which line is wrong.
import { describe, expect, it } from 'vitest';
import {
  formatAss,
  formatSrt,
  formatTimestamp,
  layoutCues,
  parseSubtitles,
  subtitleLayout,
  wrapText,
} from '../../src/media/subtitles.js';

const width = (s: string) =>
  [...s].reduce((n, ch) => n + (/[\u2E80-\u9FFF\uFF00-\uFFEF]/.test(ch) ? 2 : 1), 0);

describe('subtitle layout', () => {
  it('allows 18 Chinese characters per line in landscape, fewer in portrait; 42 Latin letters', () => {
    expect(subtitleLayout('zh', 1280, 720).maxUnits).toBe(36);
    expect(subtitleLayout('en', 1280, 720).maxUnits).toBe(42);
    expect(subtitleLayout('zh', 720, 1280).maxUnits).toBeLessThan(36);
    expect(subtitleLayout('en', 720, 1280).maxUnits).toBeLessThan(42);
  });

  it('wraps Chinese at punctuation and never starts a line with punctuation', () => {
    const text = '小企鹅每天都站在冰面上，抬头望着天空中飞过的大雁，心里想着：总有一天，我也要飞上蓝天！';
    const lines = wrapText(text, 36);
    expect(lines.join('')).toBe(text);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) {
      expect(width(l)).toBeLessThanOrEqual(38);
      expect(l).not.toMatch(/^[，。！？：、]/);
    }
    expect(lines[0]).toMatch(/[，：]$/);
  });

  it('keeps lines even instead of leaving a word alone on the last line', () => {
    const lines = wrapText('它抬头望着天空中飞过的大雁，心里想着总有一天我也要飞上蓝天！', 34);
    expect(lines).toHaveLength(2);
    expect(Math.abs(width(lines[0]!) - width(lines[1]!))).toBeLessThanOrEqual(8);
  });

  it('wraps English at spaces within 42 characters', () => {
    const text =
      'Once upon a time, a little penguin named Pip watched the geese fly over the ice and dreamed of flying too.';
    const lines = wrapText(text, 42);
    expect(lines.join(' ')).toBe(text);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(42);
  });

  it('splits a long cue into two-line cues that share its time in order', () => {
    const text =
      '小企鹅每天都站在冰面上，抬头望着天空中飞过的大雁，心里想着：总有一天，我也要飞上蓝天，和大雁一起去看看远方的大海和高山！';
    const cues = layoutCues([{ start: 10, end: 20, text }], { maxUnits: 24 });
    expect(cues.length).toBeGreaterThan(1);
    expect(cues[0]!.start).toBe(10);
    expect(cues.at(-1)!.end).toBe(20);
    for (let i = 0; i < cues.length; i++) {
      expect(cues[i]!.text.split('\n').length).toBeLessThanOrEqual(2);
      if (i > 0) expect(cues[i]!.start).toBeCloseTo(cues[i - 1]!.end, 9);
    }
    expect(cues.map((c) => c.text.replace(/\n/g, '')).join('')).toBe(text);
  });
});

describe('SRT', () => {
  it('formats timestamps as HH:MM:SS,mmm', () => {
    expect(formatTimestamp(0)).toBe('00:00:00,000');
    expect(formatTimestamp(3723.4567)).toBe('01:02:03,457');
    expect(formatTimestamp(59.9996)).toBe('00:01:00,000');
    expect(formatTimestamp(1.5, '.')).toBe('00:00:01.500');
  });

  it('writes numbered cues that parse back to the same times and text', () => {
    const cues = [
      { start: 0.3, end: 2.25, text: '第一行\n第二行' },
      { start: 2.25, end: 4, text: 'Hello, world.' },
    ];
    const srt = formatSrt(cues);
    expect(srt.startsWith('1\n00:00:00,300 --> 00:00:02,250\n第一行\n第二行\n\n2\n')).toBe(true);
    const back = parseSubtitles(srt);
    expect(back.map((c) => [c.start, c.end, c.text])).toEqual([
      [0.3, 2.25, '第一行\n第二行'],
      [2.25, 4, 'Hello, world.'],
    ]);
  });
});

describe('ASS karaoke', () => {
  const layout = subtitleLayout('en', 1280, 720);

  it('tags every word with \\k durations that add up to the cue', () => {
    const [cue] = layoutCues(
      [
        {
          start: 1,
          end: 3,
          text: 'Pip wants to fly.',
          words: [
            { text: 'Pip', start: 1.2, end: 1.5 },
            { text: 'wants', start: 1.5, end: 1.9 },
            { text: 'to', start: 1.9, end: 2.1 },
            { text: 'fly', start: 2.1, end: 2.7 },
          ],
        },
      ],
      layout,
    );
    const ass = formatAss([cue!], {
      width: 1280,
      height: 720,
      fontName: 'Noto Sans CJK SC',
      layout,
      karaoke: true,
    });
    expect(ass).toContain('PlayResX: 1280');
    expect(ass).toMatch(/Style: Default,Noto Sans CJK SC,\d+,/);
    const line = ass.split('\n').find((l) => l.startsWith('Dialogue:'))!;
    expect(line).toContain('0:00:01.00,0:00:03.00');
    const ks = [...line.matchAll(/\{\\k(\d+)\}/g)].map((m) => Number(m[1]));
    expect(ks).toEqual([20, 30, 40, 20, 90]);
    expect(line).toContain('{\\k90}fly.');
  });

  it('splits the time evenly over the text when the engine gave no word timings', () => {
    const [cue] = layoutCues([{ start: 0, end: 1.2, text: '我要飞' }], layout);
    const ass = formatAss([cue!], { width: 1280, height: 720, fontName: 'X', layout, karaoke: true });
    const ks = [...ass.matchAll(/\{\\k(\d+)\}/g)].map((m) => Number(m[1]));
    expect(ks).toEqual([40, 40, 40]);
  });

  it('keeps braces and backslashes in the text from becoming override tags', () => {
    const ass = formatAss([{ start: 0, end: 1, text: 'a {b} \\c' }], {
      width: 640,
      height: 360,
      fontName: 'X',
      layout,
      karaoke: false,
    });
    expect(ass).toContain('a ｛b｝ ＼c');
  });
});

describe('parseSubtitles', () => {
  it('reads SRT with a BOM, CRLF, markup and a missing cue number', () => {
    const srt =
      '\uFEFF1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Hello</i>\r\n\r\n00:00:03,000 --> 00:00:04,000\r\n{\\an8}Top\r\n';
    expect(parseSubtitles(srt)).toEqual([
      { index: 1, start: 1, end: 2.5, text: 'Hello' },
      { index: 2, start: 3, end: 4, text: 'Top' },
    ]);
  });

  it('reads WebVTT with a header, NOTE blocks, identifiers, short timestamps and cue settings', () => {
    const vtt = [
      'WEBVTT - dubbing',
      'Kind: captions',
      '',
      'NOTE this is a note',
      'spanning lines',
      '',
      'intro',
      '00:01.000 --> 00:02.000 align:start position:10%',
      '<v Roger>你好',
      '',
      '01:00:00.500 --> 01:00:01.000',
      'Later',
    ].join('\n');
    expect(parseSubtitles(vtt)).toEqual([
      { index: 1, start: 1, end: 2, text: '你好' },
      { index: 2, start: 3600.5, end: 3601, text: 'Later' },
    ]);
  });

  it('names the line of a broken timing', () => {
    const srt = '1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03,000 -> 00:00:04,000\nbad\n';
    expect(() => parseSubtitles(srt)).toThrow(/line 6: expected a timing line/);
  });

  it('rejects a cue that ends before it starts, naming the line', () => {
    expect(() => parseSubtitles('1\n00:00:05,000 --> 00:00:04,000\nx\n')).toThrow(/line 2: cue ends/);
  });

  it('rejects a file without cues, naming the field', () => {
    expect(() => parseSubtitles('\n\n', 'transcript')).toThrow(/^transcript: no subtitle cues/);
  });
});
