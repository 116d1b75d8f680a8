// The offline story writer: deterministic per seed, varied across seeds and topics, valid
// scripts for 1–20 pages, character descriptions in every image prompt, real zh and en text.
import { describe, expect, it } from 'vitest';
import {
  type StoryRequest,
  StoryRequestSchema,
  type StoryScript,
  StoryScriptSchema,
} from '../../src/pipeline/script.js';
import { splitText } from '../../src/pipeline/text-split.js';
import { OfflineStoryWriter } from '../../src/providers/llm/offline.js';

const writer = new OfflineStoryWriter();

async function story(input: Partial<StoryRequest> & { topic: string }): Promise<StoryScript> {
  const { script } = await writer.writeStory(StoryRequestSchema.parse(input), {});
  return script;
}

const allText = (s: StoryScript) => s.pages.map((p) => p.text).join('\n');

/** The story with the topic, the characters' names and their kind words taken out. */
function withoutTopic(s: StoryScript): string[] {
  const strip = [s.topic, ...s.characters.map((c) => c.name)].sort((a, b) => b.length - a.length);
  return s.pages.map((p) => strip.reduce((t, w) => t.split(w).join('_'), p.text));
}

/** Share of sentences two stories have in common once names and topic are removed. */
function overlap(a: StoryScript, b: StoryScript): number {
  const sentences = (s: StoryScript) =>
    new Set(withoutTopic(s).flatMap((t) => splitText(t, s.language, 10_000)));
  const sa = sentences(a);
  const sb = sentences(b);
  const common = [...sa].filter((x) => sb.has(x)).length;
  return common / Math.min(sa.size, sb.size);
}

const ZH_TOPICS = [
  '一只想学飞的小企鹅',
  '小兔子找妈妈',
  '勇敢的小狮子',
  '小乌龟去看大海',
  '睡不着的小熊',
  '小猪种向日葵',
];
const EN_TOPICS = [
  'a little penguin who wants to learn to fly',
  'a bunny looking for her mother',
  'a lonely hedgehog',
  'a bear who cannot sleep',
  'a girl afraid of the dark',
  'a pig plants a sunflower',
];

describe('OfflineStoryWriter', () => {
  it('identifies itself as the offline provider', () => {
    expect(writer.provider).toBe('offline');
    expect(writer.modelId).toBe('storybook-v1');
  });

  it('writes the same script for the same request and seed', async () => {
    for (const language of ['zh', 'en'] as const) {
      const request = {
        topic: language === 'zh' ? ZH_TOPICS[0]! : EN_TOPICS[0]!,
        language,
        pages: 8,
        seed: 42,
      };
      expect(await story(request)).toEqual(await story(request));
    }
  });

  it('writes a different story for a different seed', async () => {
    for (const topic of ['一只想学飞的小企鹅', 'a little penguin who wants to learn to fly']) {
      const language = /[a-z]/.test(topic) ? 'en' : 'zh';
      const a = await story({ topic, language, seed: 1 });
      const b = await story({ topic, language, seed: 2 });
      expect(allText(a)).not.toBe(allText(b));
      expect(overlap(a, b)).toBeLessThan(0.8);
    }
  });

  it('writes different stories for different topics, not the same template with the topic swapped', async () => {
    for (const [language, topics] of [
      ['zh', ZH_TOPICS],
      ['en', EN_TOPICS],
    ] as const) {
      const scripts = await Promise.all(topics.map((topic) => story({ topic, language, seed: 7, pages: 8 })));
      for (let i = 0; i < scripts.length; i++) {
        for (let j = i + 1; j < scripts.length; j++) {
          const a = scripts[i]!;
          const b = scripts[j]!;
          expect(withoutTopic(a).join('')).not.toBe(withoutTopic(b).join(''));
          expect(overlap(a, b), `${a.topic} vs ${b.topic}`).toBeLessThan(0.5);
        }
      }
    }
  });

  it('lets the topic drive the hero and the goal', async () => {
    const zh = await story({ topic: '一只想学飞的小企鹅', language: 'zh', seed: 3 });
    expect(zh.characters[0]!.description).toContain('企鹅');
    expect(allText(zh)).toContain('飞');
    expect(zh.title).toContain('飞');

    const en = await story({ topic: 'a little penguin who wants to learn to fly', language: 'en', seed: 3 });
    expect(en.characters[0]!.description).toContain('penguin');
    expect(allText(en)).toMatch(/\bfly/);

    const find = await story({ topic: '小兔子找妈妈', language: 'zh', seed: 3 });
    expect(find.characters[0]!.description).toContain('兔');
    expect(allText(find)).toContain('妈妈');
  });

  it('reads what the hero wants from the topic in either language', async () => {
    const cases: Array<[string, 'zh' | 'en', string]> = [
      ['一只想学飞的小企鹅', 'zh', 'learn'],
      ['不会游泳的小鸭子', 'zh', 'learn'],
      ['小兔子找妈妈', 'zh', 'find'],
      ['森林里的秘密', 'zh', 'find'],
      ['勇敢的小狮子', 'zh', 'brave'],
      ['小乌龟去看大海', 'zh', 'journey'],
      ['睡不着的小熊', 'zh', 'sleep'],
      ['小猪种向日葵', 'zh', 'grow'],
      ['给妈妈的生日礼物', 'zh', 'gift'],
      ['小狐狸帮助受伤的小鸟', 'zh', 'help'],
      ['孤单的小刺猬', 'zh', 'friend'],
      ['a kitten learns to swim', 'en', 'learn'],
      ['a mouse finds cheese', 'en', 'find'],
      ['a pig who was scared of thunder', 'en', 'brave'],
      ['Mr. Fox goes to town', 'en', 'journey'],
      ['a bear who cannot sleep', 'en', 'sleep'],
      ['a birthday present for grandma', 'en', 'gift'],
      ['a lonely hedgehog', 'en', 'friend'],
    ];
    for (const [topic, language, goal] of cases) {
      const s = await story({ topic, language, pages: 4 });
      expect((s.plot as { goal: string }).goal, topic).toBe(goal);
    }
    // The story names what the topic asked for.
    expect(allText(await story({ topic: '小猪种向日葵', pages: 8 }))).toContain('向日葵');
    expect(
      allText(await story({ topic: 'a birthday present for grandma', language: 'en', pages: 8 })),
    ).toContain('Grandma');
  });

  it('still writes a valid story for odd topics', async () => {
    const odd = [
      '🐧🐧🐧',
      '!!!',
      'x'.repeat(500),
      '一个关于勇气、友谊和成长的故事',
      'The Cat in the Hat',
      'dragon 学飞',
    ];
    for (const language of ['zh', 'en'] as const) {
      for (const topic of odd) {
        const s = await story({ topic, language, pages: 3, seed: 4 });
        expect(() => StoryScriptSchema.parse(s)).not.toThrow();
        expect(s.pages).toHaveLength(3);
        for (const p of s.pages) expect(p.text + p.image_prompt + s.title).not.toMatch(/[{}]|undefined|NaN/);
      }
    }
  });

  it('uses the given main role and scene, and derives them when empty', async () => {
    const given = await story({
      topic: '勇敢的小狮子',
      mainRole: '小狮子朵朵',
      scene: '森林',
      language: 'zh',
    });
    expect(given.main_role).toBe('小狮子朵朵');
    expect(given.characters[0]!.name).toBe('朵朵');
    expect(given.characters[0]!.description).toContain('狮子');
    expect(given.scene).toBe('森林');
    expect(given.pages.every((p) => p.setting === 'forest')).toBe(true);

    const derived = await story({ topic: '一只想学飞的小企鹅', language: 'zh' });
    expect(derived.main_role).toBe(derived.characters[0]!.name);
    expect(derived.scene.length).toBeGreaterThan(0);

    const en = await story({
      topic: 'a brave adventure',
      mainRole: 'Pip the fox',
      scene: 'the seaside',
      language: 'en',
    });
    expect(en.characters[0]!.name).toBe('Pip');
    expect(en.characters[0]!.description).toContain('fox');
    expect(allText(en)).toContain('seaside');
  });

  it('produces schema-valid scripts with exactly the requested pages, 1 to 20', async () => {
    for (const language of ['zh', 'en'] as const) {
      for (const pages of [1, 2, 3, 6, 11, 20]) {
        const s = await story({
          topic: language === 'zh' ? ZH_TOPICS[pages % 6]! : EN_TOPICS[pages % 6]!,
          language,
          pages,
          seed: pages,
        });
        expect(() => StoryScriptSchema.parse(s)).not.toThrow();
        expect(s.pages.map((p) => p.page)).toEqual(Array.from({ length: pages }, (_, i) => i + 1));
        expect(s.settings).toEqual({ aspect: '16:9', seed: pages });
        expect(s.characters.length).toBeGreaterThanOrEqual(2);
        expect(s.characters.length).toBeLessThanOrEqual(3);
      }
    }
    const square = await story({ topic: '小猫学游泳', aspect: '1:1', seed: 9 });
    expect(square.settings).toEqual({ aspect: '1:1', seed: 9 });
  });

  it('describes each character concretely and repeats the descriptions in every image prompt', async () => {
    const colour = {
      zh: /色|黑白|雪白/,
      en: /\b(red|yellow|blue|green|orange|purple|pink|white|black|grey|brown|golden|silver|cream|ginger|russet)/,
    };
    for (const language of ['zh', 'en'] as const) {
      for (const topic of language === 'zh' ? ZH_TOPICS : EN_TOPICS) {
        const s = await story({ topic, language, pages: 6, seed: 5 });
        const [hero] = s.characters;
        for (const c of s.characters) {
          expect(c.description).toMatch(colour[language]);
          // Structured appearance for illustrators that draw from data rather than prose.
          expect(c.appearance).toMatchObject({
            kind: expect.any(String),
            accessory_color: expect.any(String),
          });
        }
        for (const page of s.pages) {
          expect(page.image_prompt).toContain(hero!.description);
          expect(page.image_prompt).toContain(hero!.name);
          // Every companion named on the page is drawn with their description too.
          for (const c of s.characters.slice(1)) {
            if (page.text.includes(c.name)) expect(page.image_prompt).toContain(c.description);
          }
          expect(['morning', 'noon', 'afternoon', 'evening', 'night']).toContain(page.time_of_day);
          expect(page.image_prompt.length).toBeGreaterThan(40);
        }
      }
    }
  });

  it('writes Chinese for zh and English for en, in page-sized pieces', async () => {
    const zhLengths: number[] = [];
    const enWords: number[] = [];
    let inRange = 0;
    let total = 0;
    for (const seed of [1, 2]) {
      for (const pages of [1, 4, 8, 20]) {
        for (const topic of ZH_TOPICS) {
          for (const page of (await story({ topic, language: 'zh', pages, seed })).pages) {
            expect(page.text).not.toMatch(/[A-Za-z{}]/);
            const han = (page.text.match(/[\u4e00-\u9fff]/g) ?? []).length;
            expect(han / page.text.length).toBeGreaterThan(0.7);
            zhLengths.push(Array.from(page.text).length);
            const n = splitText(page.text, 'zh', 10_000).length;
            if (n >= 2 && n <= 4) inRange++;
            total++;
          }
        }
        for (const topic of EN_TOPICS) {
          for (const page of (await story({ topic, language: 'en', pages, seed })).pages) {
            expect(page.text).not.toMatch(/[\u4e00-\u9fff{}]/);
            expect(page.text).toMatch(/\b(the|a|and|to|was|he|she)\b/i);
            expect(page.text[0]).toMatch(/[A-Z"]/);
            enWords.push(page.text.split(/\s+/).length);
            const n = splitText(page.text, 'en', 10_000).length;
            if (n >= 2 && n <= 4) inRange++;
            total++;
          }
        }
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Targets: zh about 40–120 characters, en about 30–80 words, 2–4 sentences a page.
    expect(Math.min(...zhLengths)).toBeGreaterThanOrEqual(30);
    expect(Math.max(...zhLengths)).toBeLessThanOrEqual(125);
    expect(median(zhLengths)).toBeGreaterThanOrEqual(40);
    expect(Math.min(...enWords)).toBeGreaterThanOrEqual(15);
    expect(Math.max(...enWords)).toBeLessThanOrEqual(85);
    expect(median(enWords)).toBeGreaterThanOrEqual(30);
    expect(inRange / total).toBeGreaterThan(0.9);
  });

  it('tells a whole story even on one page', async () => {
    const one = await story({ topic: '一只想学飞的小企鹅', language: 'zh', pages: 1, seed: 1 });
    expect(one.pages).toHaveLength(1);
    expect(splitText(one.pages[0]!.text, 'zh', 10_000).length).toBeGreaterThanOrEqual(2);
    const arc = one.plot as { arc: string[] };
    expect(arc.arc).toEqual(expect.arrayContaining(['opening', 'problem', 'turn', 'ending']));

    // Twenty pages for every kind of plot, and no page repeats another.
    for (const [language, topics] of [
      ['zh', ZH_TOPICS],
      ['en', EN_TOPICS],
    ] as const) {
      for (const topic of topics) {
        const twenty = await story({ topic, language, pages: 20, seed: 1 });
        expect(twenty.pages).toHaveLength(20);
        expect(new Set(twenty.pages.map((p) => p.text)).size, topic).toBe(20);
      }
    }
  });

  it('stops when the call is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      writer.writeStory(StoryRequestSchema.parse({ topic: '小猫学游泳' }), { signal: controller.signal }),
    ).rejects.toThrow();
  });

  it('rewrites one page in other words, keeping the other pages and the names the user changed', async () => {
    for (const input of [
      { topic: 'A shy fox who wants to sing', language: 'en' as const, pages: 4 },
      { topic: '一只想学飞的小企鹅', language: 'zh' as const, pages: 5 },
    ]) {
      const request = StoryRequestSchema.parse(input);
      const script = await story(input);
      // The user renamed the hero after the story was written.
      const hero = script.characters[0]!.name;
      const renamed = input.language === 'zh' ? '豆豆龙' : 'Bartholomew';
      const edited: StoryScript = JSON.parse(JSON.stringify(script).split(hero).join(renamed));
      for (let n = 1; n <= input.pages; n++) {
        const r = await writer.rewritePage(edited, n, request, {});
        expect(r.warnings).toEqual([]);
        expect(r.text).not.toBe(edited.pages[n - 1]!.text);
        expect(r.text).not.toContain(hero);
        if (input.language === 'zh') expect(r.text).toMatch(/^[^A-Za-z]+$/);
        else expect(r.text).not.toMatch(/[\u3400-\u9fff]/);
      }
      const first = await writer.rewritePage(edited, 1, request, {});
      expect(first.text).toContain(renamed);
      // Deterministic, like the story itself.
      expect((await writer.rewritePage(edited, 1, request, {})).text).toBe(first.text);
    }
  });
});
