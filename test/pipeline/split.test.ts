// Split: sentence-aware segmentation of page text (zh, en, mixed), its length limit, and the
// joining rule (segments are trimmed slices that tile the text) over many generated stories.
import { describe, expect, it } from 'vitest';
import { StoryRequestSchema } from '../../src/pipeline/script.js';
import { DEFAULT_MAX_CHARS, splitText } from '../../src/pipeline/text-split.js';
import { OfflineStoryWriter } from '../../src/providers/llm/offline.js';

const noSpace = (s: string) => s.replace(/\s+/g, '');

/** The documented rule: segments.join('') is the text minus whitespace at the cuts. */
function expectTiles(text: string, segments: string[]) {
  expect(noSpace(segments.join(''))).toBe(noSpace(text));
  let from = 0;
  for (const seg of segments) {
    expect(seg.length).toBeGreaterThan(0);
    expect(seg).toBe(seg.trim());
    const at = text.indexOf(seg, from);
    expect(at, `segment "${seg}" is a slice of the text, in order`).toBeGreaterThanOrEqual(from);
    expect(text.slice(from, at).trim()).toBe('');
    from = at + seg.length;
  }
  expect(text.slice(from).trim()).toBe('');
}

describe('splitText — Chinese', () => {
  it('cuts after 。！？；and keeps closing quotes with their sentence', () => {
    const text =
      '小企鹅波波住在南极。他有一个梦想：他想飞上天！可是，企鹅会飞吗？妈妈说：“早点睡觉。”波波点点头；他睡着了。';
    const segments = splitText(text, 'zh');
    expect(segments).toEqual([
      '小企鹅波波住在南极。',
      '他有一个梦想：他想飞上天！',
      '可是，企鹅会飞吗？',
      '妈妈说：“早点睡觉。”',
      '波波点点头；',
      '他睡着了。',
    ]);
    expect(segments.join('')).toBe(text);
  });

  it('treats an ellipsis as a sentence end and keeps a short speech tag with its quote', () => {
    const text = '他们一起去玩了……太阳落山了。“好！”他说。「走吧！」';
    const segments = splitText(text, 'zh');
    expect(segments).toEqual(['他们一起去玩了……', '太阳落山了。', '“好！”他说。', '「走吧！」']);
    expect(segments.join('')).toBe(text);
  });

  it('splits a long sentence at its commas so no segment exceeds the limit', () => {
    const text =
      '从前有一只小兔子，它住在森林深处一棵老橡树下面的小洞里，每天早上它都会跑到河边去喝水、洗脸、看看水里的小鱼，然后再慢慢地走回家，路上还会和遇到的每一个朋友打招呼。';
    const segments = splitText(text, 'zh');
    expect(segments.length).toBeGreaterThan(2);
    for (const s of segments) expect(Array.from(s).length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS.zh);
    // Cuts fall right after a comma or list comma, not in the middle of a clause.
    for (const s of segments.slice(0, -1)) expect(s).toMatch(/[，、]$/);
    expect(segments.join('')).toBe(text);
  });

  it('cuts a comma-less run of Chinese between characters, never inside an English word', () => {
    const text = `${'一二三四五六七八九十'.repeat(4)}abcdefghij一二三`;
    const segments = splitText(text, 'zh', 20);
    for (const s of segments) expect(Array.from(s).length).toBeLessThanOrEqual(20);
    expect(segments.some((s) => s.includes('abcdefghij'))).toBe(true);
    expect(segments.join('')).toBe(text);
  });
});

describe('splitText — English', () => {
  it('knows abbreviations, decimals, initials and quotes', () => {
    const text =
      'Mr. Smith paid $3.50 for a cake, e.g. a lemon one! "Wow," she said. "Really?" He nodded. J. K. Rowling met Dr. Li at 3 p.m. in the U.S. embassy.';
    expect(splitText(text, 'en')).toEqual([
      'Mr. Smith paid $3.50 for a cake, e.g. a lemon one!',
      '"Wow," she said.',
      '"Really?"',
      'He nodded.',
      'J. K. Rowling met Dr. Li at 3 p.m. in the U.S. embassy.',
    ]);
  });

  it('tells an abbreviation from a short word at a sentence end', () => {
    expect(splitText('I said no. Then I left.', 'en')).toEqual(['I said no.', 'Then I left.']);
    expect(
      splitText('See No. 5 and approx. 3 more. We bought apples, pears etc. Then we went home.', 'en'),
    ).toEqual(['See No. 5 and approx. 3 more.', 'We bought apples, pears etc.', 'Then we went home.']);
  });

  it('keeps a speech tag after a closing quote and an ellipsis before lower case in one sentence', () => {
    const text = '"Come here!" called Mum. Wait... and then the fox ran off... The end.';
    expect(splitText(text, 'en')).toEqual([
      '"Come here!" called Mum.',
      'Wait... and then the fox ran off...',
      'The end.',
    ]);
  });

  it('splits a very long sentence at , ; : and then at spaces, never inside a word', () => {
    const text =
      'Once upon a time, in a forest far, far away, there lived a little rabbit who loved nothing more than running down to the river every single morning to drink; she would wash her face, watch the silver fish dart about: and then walk slowly home again, saying hello to every single friend she met along the winding way.';
    const max = 60;
    const segments = splitText(text, 'en', max);
    const words = new Set(text.split(/\s+/));
    for (const s of segments) {
      expect(s.length).toBeLessThanOrEqual(max);
      for (const w of s.split(/\s+/)) expect(words.has(w), `"${w}" is a whole word of the text`).toBe(true);
    }
    expect(segments.join(' ')).toBe(text);
    expectTiles(text, segments);
  });

  it('keeps a single word longer than the limit whole', () => {
    const url = 'https://example.com/a/very/long/path/that/does/not/fit';
    expect(splitText(`See ${url} now.`, 'en', 20)).toContain(url);
  });
});

describe('splitText — edge cases', () => {
  it('splits mixed Chinese and English text at both kinds of sentence end', () => {
    const text = '小明说：Hello world. 然后他笑了。This is mixed! 好的。';
    const segments = splitText(text, 'zh');
    expect(segments).toEqual(['小明说：Hello world.', '然后他笑了。', 'This is mixed!', '好的。']);
    expectTiles(text, segments);
  });

  it('never returns empty segments', () => {
    expect(splitText('', 'zh')).toEqual([]);
    expect(splitText('   \n  ', 'en')).toEqual([]);
    expect(splitText('。。。', 'zh')).toEqual(['。。。']);
    expect(splitText('Hi.\n\nBye.', 'en')).toEqual(['Hi.', 'Bye.']);
  });

  it('rejects a nonsensical limit with a clear error', () => {
    expect(() => splitText('abc', 'en', 0)).toThrow(/maxChars/);
  });

  it('gives back every page of many generated stories when joined', async () => {
    const writer = new OfflineStoryWriter();
    const topics = {
      zh: [
        '一只想学飞的小企鹅',
        '小兔子找妈妈',
        '勇敢的小狮子',
        '睡不着的小熊',
        '小乌龟去看大海',
        '给奶奶的生日礼物',
      ],
      en: [
        'a penguin who wants to fly',
        'a bunny looking for her mother',
        'a bear who cannot sleep',
        'a fox on a journey',
      ],
    };
    let pages = 0;
    for (const language of ['zh', 'en'] as const) {
      for (const topic of topics[language]) {
        for (const seed of [1, 2, 3]) {
          const request = StoryRequestSchema.parse({ topic, language, seed, pages: 8 });
          const { script } = await writer.writeStory(request, {});
          for (const page of script.pages) {
            const segments = splitText(page.text, language);
            expect(segments.length).toBeGreaterThan(0);
            expectTiles(page.text, segments);
            for (const s of segments) {
              expect(Array.from(s).length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS[language]);
            }
            if (language === 'zh') expect(segments.join('')).toBe(page.text);
            else expect(segments.join(' ')).toBe(page.text);
            pages++;
          }
        }
      }
    }
    expect(pages).toBe(10 * 3 * 8);
  });
});
