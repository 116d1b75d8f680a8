// The offline story tells the story the user asked for: the topic's subject, goal, things and place
// are in the text and in the pictures' prompts, a given --role is kept exactly, and the faces
// the illustrator draws follow the page's feeling. Topics here are not in eval/topics.json.
import { describe, expect, it } from 'vitest';
import { planPage } from '../../src/providers/image/offline/compose.js';
import { characterLook, characterPalette, illustratePage } from '../../src/providers/image/offline.js';
import { OfflineStoryWriter } from '../../src/providers/llm/offline.js';
import { type StoryRequest, StoryRequestSchema, type StoryScript } from '../../src/story/script.js';

const writer = new OfflineStoryWriter();

async function story(input: Partial<StoryRequest> & { topic: string }): Promise<StoryScript> {
  return (await writer.writeStory(StoryRequestSchema.parse(input))).script;
}

const allText = (s: StoryScript) => [s.title, ...s.pages.map((p) => p.text)].join('\n');

describe('offline story faithfulness', () => {
  const cases: Array<{ topic: string; language: 'zh' | 'en'; words: string[] }> = [
    { topic: 'a hippo who builds a raft', language: 'en', words: ['hippo', 'raft'] },
    { topic: '小猪在厨房烤面包', language: 'zh', words: ['猪', '面包', '厨房'] },
    { topic: 'a zebra who lost its stripes', language: 'en', words: ['zebra', 'stripes'] },
    { topic: 'an ant in the desert looking for rain', language: 'en', words: ['ant', 'desert', 'rain'] },
    { topic: '坐热气球去大海', language: 'zh', words: ['热气球', '大海'] },
    { topic: 'two sisters making a kite', language: 'en', words: ['sister', 'kite'] },
    {
      topic: 'a kitten who is scared of the vacuum cleaner',
      language: 'en',
      words: ['kitten', 'vacuum cleaner'],
    },
    { topic: 'a dinosaur who loves to dance', language: 'en', words: ['dinosaur', 'dance'] },
  ];

  it('names the subject, the goal and the place the topic gives, for every seed', async () => {
    for (const { topic, language, words } of cases)
      for (const seed of [1, 2, 3]) {
        const text = allText(await story({ topic, language, pages: 6, seed })).toLowerCase();
        for (const w of words) expect(text, `${topic} (seed ${seed}) names ${w}`).toContain(w.toLowerCase());
      }
  });

  it("tells a teaching topic as the one who learns, taught by the topic's subject", async () => {
    for (const [topic, language, teacher, learner, skill] of [
      ['a little turtle who teaches a rabbit to swim', 'en', 'turtle', 'rabbit', 'swim'],
      ['熊猫教小猴子爬树', 'zh', '熊猫', '猴子', '爬树'],
    ] as const)
      for (const seed of [1, 2]) {
        const s = await story({ topic, language, pages: 6, seed });
        const [hero, , friend] = s.characters;
        // The learner is the hero (drawn on every page); the teacher is a friend in the story.
        expect(hero!.description, `${topic} (seed ${seed})`).toContain(learner);
        expect(friend!.description, `${topic} (seed ${seed})`).toContain(teacher);
        expect(s.title).toContain(friend!.name);
        const text = allText(s);
        for (const w of [teacher, learner, skill]) expect(text, `${topic} names ${w}`).toContain(w);
        // The teacher is there when it counts: at the turning point and the success before the end.
        expect(s.pages.at(-2)!.text + s.pages.at(-3)!.text).toContain(friend!.name);
      }
  });

  it('sends the hero on the trip the topic names, not as the one visited or a dweller of the destination', async () => {
    for (const seed of [1, 2, 3]) {
      const bus = await story({ topic: 'A bus ride to the seaside', language: 'en', pages: 6, seed });
      const text = allText(bus);
      for (const w of ['bus', 'seaside']) expect(text, `seed ${seed} names ${w}`).toContain(w);
      expect(bus.characters[0]!.description, `seed ${seed}`).not.toMatch(/fish|crab|dolphin|seal|octopus/);
      const train = await story({ topic: '坐火车去看奶奶', language: 'zh', pages: 6, seed });
      for (const w of ['火车', '去看奶奶']) expect(allText(train), `seed ${seed} names ${w}`).toContain(w);
      // The grandma is who the trip is for, not who takes it.
      expect(train.characters[0]!.name, `seed ${seed}`).not.toContain('奶奶');
      expect(train.characters[0]!.description).not.toContain('奶奶');
    }
  });

  it('brings along the companion the topic names, called what they are to the hero', async () => {
    for (const seed of [1, 2]) {
      const dog = await story({
        topic: 'A girl and her dog go to the beach',
        language: 'en',
        pages: 5,
        seed,
      });
      expect(dog.characters[1]!.description, `seed ${seed}`).toContain('dog');
      expect(allText(dog)).toContain(dog.characters[1]!.name);
      const grandpa = await story({
        topic: 'A boy and his grandpa go fishing',
        language: 'en',
        pages: 5,
        seed,
      });
      expect(grandpa.characters[1]!.name).toBe('Grandpa');
      expect(allText(grandpa)).toContain('his grandpa');
      // A friend the hero already has is company, not something to look for.
      const robot = await story({ topic: '小女孩和她的机器人朋友', language: 'zh', pages: 5, seed });
      expect(robot.characters[1]!.description).toContain('机器人');
      expect(allText(robot)).toContain(`小机器人${robot.characters[1]!.name}`);
      expect((robot.plot as { goal?: string } | undefined)?.goal).not.toBe('friend');
    }
  });

  it('makes the one who fears the hero, not what they fear, and speaks of a plural fear as plural', async () => {
    for (const seed of [1, 2, 3]) {
      // 害怕大狗的小熊: the bear fears the dogs; the dogs are not the hero.
      const bear = await story({ topic: '一只害怕大狗的小熊', language: 'zh', pages: 6, seed });
      expect(bear.characters[0]!.description, `seed ${seed}`).toContain('熊');
      expect(bear.characters[0]!.description, `seed ${seed}`).not.toContain('狗');
      expect(allText(bear)).toContain('大狗');
      // 怕 alone names the fear too.
      expect(allText(await story({ topic: '小猫怕老鼠', language: 'zh', pages: 6, seed }))).toContain(
        '怕老鼠',
      );
      const dogs = allText(
        await story({ topic: 'A little bear who is afraid of big dogs', language: 'en', pages: 8, seed }),
      );
      expect(dogs).toContain('big dogs');
      expect(dogs).not.toMatch(/big dogs (is|isn't)\b/i);
      // What the hero keeps trying is facing the fear, not the fear itself.
      expect(dogs).not.toMatch(/(give up on|think of|go at|thinking of|think about) the big dogs/);
    }
  });

  it("puts the topic's thing in the picture of every page that mentions it", async () => {
    for (const [topic, language, thing] of [
      ['a hippo who builds a raft', 'en', 'raft'],
      ['小猪在厨房烤面包', 'zh', '面包'],
      ['坐热气球去大海', 'zh', '热气球'],
    ] as const) {
      const s = await story({ topic, language, pages: 8, seed: 4 });
      const pages = s.pages.filter((p) => p.text.includes(thing));
      expect(pages.length).toBeGreaterThan(1);
      for (const p of pages) expect(p.image_prompt, `${topic} p${p.page}`).toContain(thing);
    }
  });

  it('keeps a given role exactly as typed, and draws a named child as a child', async () => {
    for (const [topic, language, role] of [
      ['小雨点想去看彩虹', 'zh', '小雨点'],
      ['a girl who wants to learn the violin', 'en', 'Tilly-May'],
      ['Grandpa Joe bakes a cake for his grandson', 'en', 'Grandpa Joe'],
    ] as const) {
      const s = await story({ topic, language, mainRole: role, pages: 6, seed: 2 });
      expect(s.characters[0]!.name).toBe(role);
      expect(s.main_role).toBe(role);
      const text = allText(s);
      expect(text).toContain(role);
      // Never a cut-down name: 雨点 only ever appears as 小雨点, Joe only as Grandpa Joe.
      const cut = language === 'zh' ? role.slice(1) : role.split(' ').at(-1)!;
      expect(text.split(role).join('')).not.toContain(cut);
    }
    const child = await story({ topic: '小雨点想去看彩虹', mainRole: '小雨点', seed: 2 });
    expect(['girl', 'boy']).toContain((child.characters[0]!.appearance as { kind: string }).kind);
  });

  it('writes byte-identical scripts for the same topic, role, scene and seed', async () => {
    const request = {
      topic: 'two sisters making a kite',
      language: 'en' as const,
      scene: 'the windy hill',
      seed: 9,
    };
    expect(JSON.stringify(await story(request))).toBe(JSON.stringify(await story(request)));
    const zh = { topic: '小猪在厨房烤面包', mainRole: '小胖', seed: 9, pages: 10 };
    expect(JSON.stringify(await story(zh))).toBe(JSON.stringify(await story(zh)));
  });

  it('tells different topics with different sentences', async () => {
    const topics = ['a hippo who builds a raft', 'a zebra who lost its stripes', 'two sisters making a kite'];
    const sentences = await Promise.all(
      topics.map(async (topic) => {
        const s = await story({ topic, language: 'en', pages: 8, seed: 5 });
        const names = s.characters.map((c) => c.name);
        const out = new Set<string>();
        for (const p of s.pages)
          for (const { segment } of new Intl.Segmenter('en', { granularity: 'sentence' }).segment(p.text)) {
            let x = segment.trim();
            for (const n of names) x = x.split(n).join('X');
            out.add(x);
          }
        return out;
      }),
    );
    for (let i = 0; i < sentences.length; i++)
      for (let j = i + 1; j < sentences.length; j++) {
        const shared = [...sentences[i]!].filter((x) => sentences[j]!.has(x)).length;
        expect(shared / Math.min(sentences[i]!.size, sentences[j]!.size)).toBeLessThan(0.25);
      }
  });

  it('tells two topics with the same kind of plot in sentences of their own', async () => {
    // Two searches, two journeys, two skills: the plot is shared, the sentences must not be.
    const pairs: Array<[string, string, 'zh' | 'en']> = [
      ['a hedgehog looking for its lost scarf', 'a rabbit looking for the golden carrot', 'en'],
      ['a goat who wants to see the ocean', 'a snail who travels to the mountains', 'en'],
      ['小猴子学游泳', '小刺猬学游泳', 'zh'],
      ['小企鹅去看沙漠', '小松鼠去北极', 'zh'],
    ];
    const sentencesOf = (s: StoryScript, lang: 'zh' | 'en') => {
      const names = s.characters.map((c) => c.name);
      const out = new Set<string>();
      for (const p of s.pages)
        for (const { segment } of new Intl.Segmenter(lang, { granularity: 'sentence' }).segment(p.text)) {
          let x = segment.trim();
          for (const n of names) x = x.split(n).join('X');
          if (x.replace(/[^\p{L}]/gu, '').length > 3) out.add(x);
        }
      return out;
    };
    for (const [a, b, language] of pairs)
      for (const seed of [1, 2, 3]) {
        const sa = sentencesOf(await story({ topic: a, language, pages: 6, seed }), language);
        const sb = sentencesOf(await story({ topic: b, language, pages: 6, seed }), language);
        const shared = [...sa].filter((x) => sb.has(x));
        expect(
          shared.length / Math.min(sa.size, sb.size),
          `${a} / ${b} (seed ${seed}): ${shared.join(' | ')}`,
        ).toBeLessThan(0.1);
      }
  });

  it('uses the scene the user names, in their words, on the pages', async () => {
    const s = await story({
      topic: 'a fox who wants to fly',
      language: 'en',
      scene: 'the volcano valley',
      pages: 6,
    });
    expect(s.scene).toBe('the volcano valley');
    expect(s.pages.some((p) => p.image_prompt.includes('the volcano valley'))).toBe(true);
    expect(allText(s)).toContain('the volcano valley');
  });

  it('draws the feeling the writer gives a page, even when its words say "not afraid"', async () => {
    const s = await story({ topic: '小刺猬找妈妈', pages: 8, seed: 3 });
    const moods = s.pages.map(
      (page) => planPage({ width: 320, height: 180, seed: page.page, page, script: s }).mood,
    );
    const expressed = s.pages.map((p) => /表情：[^，。]*?(难过|担心)/.test(p.image_prompt));
    // Every sad page gets a sad face, and the last page a happy one.
    s.pages.forEach((_, i) => {
      if (expressed[i]) expect(moods[i]).toBe('sad');
    });
    expect(expressed.some(Boolean)).toBe(true);
    expect(['smile', 'grin']).toContain(moods.at(-1));
    const brave = {
      ...s.pages[0]!,
      text: '小刺猬再也不害怕了，她不再难过。',
      image_prompt: '画面：小刺猬。表情：朵朵开心地大笑。',
    };
    const script = {
      ...s,
      main_role: s.characters[0]!.name,
      characters: [{ ...s.characters[0]!, name: '朵朵' }],
    };
    expect(planPage({ width: 320, height: 180, seed: 1, page: brave, script }).mood).toBe('grin');
  });

  it('draws the kitchen and the pot, the rocket, and the volcano the story names', async () => {
    const plans = (s: StoryScript) =>
      s.pages.map((page) => planPage({ width: 320, height: 180, seed: page.page, page, script: s }));
    const cooking = plans(await story({ topic: '小熊在厨房煮饺子', pages: 6, seed: 2 }));
    expect(cooking.filter((p) => p.scene === 'kitchen').length).toBeGreaterThan(3);
    expect(cooking.some((p) => p.props.includes('pot'))).toBe(true);
    const rocket = plans(
      await story({ topic: 'a cat who flies a rocket to the moon', language: 'en', pages: 6 }),
    );
    expect(rocket.some((p) => p.props.includes('rocket'))).toBe(true);
    const volcano = plans(
      await story({
        topic: 'a dinosaur who wants to sing',
        language: 'en',
        scene: 'the volcano valley',
        pages: 4,
      }),
    );
    for (const p of volcano) expect(p.scene).toBe('volcano');
  });

  it('draws a treehouse, a found mother beside the hero, a granny as a granny, and home before the trip', async () => {
    const pageOf = async (input: Partial<StoryRequest> & { topic: string }, match: RegExp) => {
      const s = await story({ pages: 6, ...input });
      const page = s.pages.find((p) => match.test(p.text));
      expect(page, `${input.topic}: a page matching ${match}`).toBeDefined();
      return { s, page: page! };
    };
    const draw = ({ s, page }: { s: StoryScript; page: StoryScript['pages'][number] }) =>
      illustratePage({
        prompt: page.image_prompt,
        width: 640,
        height: 360,
        seed: page.page,
        page,
        script: s,
      });

    const tree = await pageOf({ topic: 'two sisters building a treehouse', language: 'en' }, /treehouse/);
    expect(draw(tree).plan.props).toContain('treehouse');

    // The mother is drawn where she is found, and not on the pages where she is still looked for.
    const search = { topic: 'a little duck looking for its mother', language: 'en' as const };
    const searching = await pageOf(search, /wondering where|set off to search|decided to go and look/);
    const found = await pageOf(search, /found|There was/);
    // Characters are drawn one group each: count the groups in the hero's body colour.
    const ducks = (p: { s: StoryScript; page: StoryScript['pages'][number] }) => {
      const body = `fill="${characterPalette(p.s.characters[0]!).body}"`;
      return draw(p)
        .svg.split('<g transform="translate(')
        .filter((g) => g.includes(body)).length;
    };
    expect(found.page.image_prompt).toMatch(/In the picture: [^.]*mother/);
    expect(searching.page.image_prompt).not.toMatch(/In the picture: [^.]*mother/);
    expect([ducks(searching), ducks(found)]).toEqual([1, 2]);

    const granny = characterLook({ name: 'Granny Rose', description: 'a kind granny with grey hair' });
    expect(granny.elder).toBe(true);
    expect(granny.palette.hair).toBe('#9ea3ab');
    // A black-and-white panda is white with black patches, not a black bear; only a deer has antlers.
    const panda = characterLook({
      name: '团团',
      description: '一只小熊猫，黑白相间的绒毛',
      appearance: { kind: 'panda', body_colors: ['black', 'white'] },
    });
    expect(panda.palette.body).toBe('#f7f6f2');
    const camel = characterLook({
      name: '豆豆',
      description: '一匹可爱的小骆驼，栗棕色的皮毛',
      appearance: { kind: 'horse' },
    });
    expect([camel.kind, camel.hoofed]).toEqual(['deer', 'plain']);

    // "不敢相信" (could not believe) is no letter to hold.
    const believe = {
      page: 1,
      text: '他简直不敢相信自己的眼睛，真的是水！',
      image_prompt: '',
    };
    const desert = { ...(await story({ topic: '沙漠里的小刺猬', pages: 1 })) };
    expect(planPage({ width: 320, height: 180, seed: 1, page: believe, script: desert }).props).not.toContain(
      'letter',
    );

    // Setting off for space is drawn at home; arriving there is drawn in space.
    const rocket = await story({ topic: '坐火箭去太空', pages: 6, seed: 1 });
    const scenes = rocket.pages.map(
      (page) => planPage({ width: 320, height: 180, seed: page.page, page, script: rocket }).scene,
    );
    expect(scenes[0]).not.toBe('space');
    expect(scenes[1]).not.toBe('space');
    expect(scenes).toContain('space');
  });

  it('keeps the rain of a rainy-day topic on every page, and draws "by the spring" as water', async () => {
    const plans = (s: StoryScript) =>
      s.pages.map((page) => planPage({ width: 320, height: 180, seed: page.page, page, script: s }));
    for (const p of plans(await story({ topic: '下雨天的小刺猬', pages: 5, seed: 6 })))
      if (p.scene !== 'home' && p.scene !== 'school' && p.scene !== 'kitchen')
        expect(p.weather).toContain('rain');
    const spring = plans(
      await story({ topic: 'a duck who lost her hat by the spring', language: 'en', pages: 5 }),
    );
    for (const p of spring) expect(p.scene).toBe('river');
  });
});
