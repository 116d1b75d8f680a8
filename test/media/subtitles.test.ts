// Subtitles a viewer reads: lines that fit the frame, timestamps players accept, karaoke that
// follows the words; and a parser that reads what people upload or says which line is wrong.
import { describe, expect, it } from 'vitest';
import {
  formatAss,
  formatSrt,
  formatTimestamp,
  layoutCues,
  parseSubtitles,
  placeCues,
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

  const zhWordEnds = (text: string) =>
    new Set(
      [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(text)].map(
        (s) => s.index + s.segment.length,
      ),
    );
  /** Offsets in the text where a cue or a line of it ends. */
  const breaks = (cues: { text: string }[]) => {
    const out: number[] = [];
    let at = 0;
    for (const c of cues)
      for (const line of c.text.split('\n')) {
        at += line.length;
        out.push(at);
      }
    return out.slice(0, -1);
  };

  it('breaks Chinese cues and lines only between words, never inside 翅膀 or 一秒钟', () => {
    const texts = [
      '小企鹅张开一对小小的翅膀，使劲地扇呀扇，可是一秒钟也没有飞起来，它又摔进了软软的雪堆里。',
      '第二天清晨，小熊猫背着小背包出发了，它要翻过高高的山坡，穿过长长的竹林，去找回家的路。',
    ];
    for (const text of texts)
      for (const maxUnits of [16, 20, 24, 28, 34]) {
        const cues = layoutCues([{ start: 0, end: 8, text }], { maxUnits });
        expect(cues.map((c) => c.text.replace(/\n/g, '')).join('')).toBe(text);
        const ends = zhWordEnds(text);
        for (const at of breaks(cues))
          expect(ends.has(at), `${text} broken at ${at} (width ${maxUnits})`).toBe(true);
      }
  });

  it('keeps a quotation on one line when it fits, and breaks a long one at its own punctuation', () => {
    const layout = subtitleLayout('zh', 720, 1280);
    const short = '小熊抬头看了看满天的星星，轻声说：“原来黑夜一点儿也不可怕。”';
    const lines = layoutCues([{ start: 0, end: 4, text: short }], layout).flatMap((c) => c.text.split('\n'));
    expect(lines.some((l) => l.includes('“原来黑夜一点儿也不可怕。”'))).toBe(true);
    const long = '小猫说：“原来黑夜一点儿也不可怕，星星都在天上陪着我呢！”';
    const longLines = layoutCues([{ start: 0, end: 4, text: long }], layout).flatMap((c) =>
      c.text.split('\n'),
    );
    expect(longLines.length).toBeGreaterThan(1);
    expect(longLines[0]).toMatch(/[，：]$/);
  });

  it('keeps an opening quotation mark with the word after it when the engine times words without it', () => {
    const text = 'Hazel clapped his hands and said, "I\'m going to build a treehouse!"';
    const tokens = [
      'Hazel',
      'clapped',
      'his',
      'hands',
      'and',
      'said',
      "I'm",
      'going',
      'to',
      'build',
      'a',
      'treehouse',
    ];
    const words = tokens.map((t, i) => ({ text: t, start: i * 0.3, end: i * 0.3 + 0.25 }));
    const lines = layoutCues([{ start: 0, end: 4, text, words }], subtitleLayout('en', 720, 1280)).flatMap(
      (c) => c.text.split('\n'),
    );
    expect(lines.join(' ')).toBe(text);
    for (const l of lines) expect(l).not.toMatch(/[\s,]"$/);
    expect(lines.some((l) => l.startsWith('"I\'m'))).toBe(true);
  });

  it('ends English portrait lines at phrase boundaries, not on "the" or "a"', () => {
    const layout = subtitleLayout('en', 720, 1280);
    const text =
      'Hazel gathered everything he needed for the treehouse into a heap by the old oak tree and set to work, but halfway through it went crooked and fell to bits.';
    const cues = layoutCues([{ start: 0, end: 9, text }], layout);
    const lines = cues.flatMap((c) => c.text.split('\n'));
    expect(lines.join(' ')).toBe(text);
    for (const l of lines.slice(0, -1)) expect(l).not.toMatch(/\b(a|an|the|to|of|by|for|his|her|and)$/i);
    // The clause after the comma starts a line of its own.
    expect(lines.some((l) => l.startsWith('but '))).toBe(true);
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
    // 我要 is one word: it lights up as one, for the time of its two characters.
    expect(ks).toEqual([80, 40]);
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

describe('subtitle placement', () => {
  const layout = subtitleLayout('en', 1280, 720);
  const cue = (start: number, text: string) => ({ start, end: start + 2, text });
  const cues = [cue(0, 'Pip stood in the middle of the ice.'), cue(2, 'Hi.'), cue(4, 'Then Pip looked up.')];

  it("puts a page's cues at the top when at the bottom they would cover its main character", () => {
    const placed = placeCues(
      cues,
      [
        // Page 1: the hero stands on the ground in the middle; page 2: up high; page 3: unknown.
        { start: 0, end: 3, box: [0.38, 0.42, 0.62, 0.86] },
        { start: 3, end: 4, box: [0.4, 0.05, 0.6, 0.4] },
        { start: 4, end: 6 },
      ],
      layout,
      1280,
      720,
    );
    // One place per page: the short "Hi." moves with the long line of its page.
    expect(placed.map((c) => c.position ?? 'bottom')).toEqual(['top', 'top', 'bottom']);
    const ass = formatAss(placed, {
      width: 1280,
      height: 720,
      fontName: 'Noto Sans CJK SC',
      layout,
      karaoke: false,
    });
    const events = ass.split('\n').filter((l) => l.startsWith('Dialogue:'));
    expect(events.map((l) => l.includes('{\\an8}'))).toEqual([true, true, false]);
    // The SRT stays plain.
    expect(formatSrt(placed)).not.toContain('{');
  });

  it('keeps a short cue at the bottom when the character stands off to the side', () => {
    const placed = placeCues(
      [cue(0, 'Hi.')],
      [{ start: 0, end: 2, box: [0.05, 0.4, 0.25, 0.86] }],
      layout,
      1280,
      720,
    );
    expect(placed[0]!.position).toBe('bottom');
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
      // The voice span's name is kept as the speaker (transcripts become blueprints with speakers).
      { index: 1, start: 1, end: 2, text: '你好', speaker: 'Roger' },
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
