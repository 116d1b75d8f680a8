// Reads a topic (and the optional main role and scene) the way a storyteller would: who the
// hero is, where it happens, and what the hero wants: "一只想学飞的小企鹅" → a penguin, learn, fly.
import {
  type Bi,
  CHILD_WORDS,
  KINDS,
  type Kind,
  kindById,
  SCENES,
  type Scene,
  SUBJECT_WORDS,
  type SubjectWord,
  sceneById,
} from './lexicon.js';
import type { GoalId } from './plots.js';

export interface GoalGuess {
  id: GoalId;
  /** Known skill key (fly, swim, …) or a raw phrase in the topic's language. */
  skill?: { key?: string; raw?: string };
  obj?: string;
  dest?: string;
  fear?: { key?: string; raw?: string };
  plant?: string;
  recipient?: string;
  patient?: string;
  /** Something to make: the verb phrase as the topic says it ("build a treehouse", "搭树屋") and its object. */
  make?: { phrase: string; obj: string };
  /** How a journey travels: 火箭, rocket. */
  vehicle?: string;
  /**
   * "A turtle who teaches a rabbit to swim", "小乌龟教小兔子游泳": the topic's own words for who
   * learns the skill; the topic's subject is the teacher.
   */
  learner?: string;
}

const HAN = '\\u4e00-\\u9fff';
const END_ZH = `(?=的|了|吧|啦|呀|$|[，。！？、\\s]|和|与)`;

/** Words that contain a kind's character without meaning the animal (马路 is no horse). */
const NOT_ANIMALS = ['马路', '马上', '牛奶', '鸡蛋', '龙卷风', '海马', '熊熊', '鱼缸'];

interface Found<T> {
  item: T;
  at: number;
  length: number;
}

function earliest<T>(
  text: string,
  items: T[],
  words: (item: T) => string[],
  latin: boolean,
  skip: (at: number) => boolean = () => false,
): Found<T> | null {
  const hits: Found<T>[] = [];
  const hay = latin ? text.toLowerCase() : text;
  for (const item of items) {
    for (const w of words(item)) {
      for (let from = 0; ; ) {
        const at = latin ? searchWord(hay, w, from) : hay.indexOf(w, from);
        if (at < 0) break;
        if (!skip(at)) {
          hits.push({ item, at, length: w.length });
          break;
        }
        from = at + w.length;
      }
    }
  }
  if (hits.length === 0) return null;
  hits.sort((a, b) => a.at - b.at || b.length - a.length);
  // The first word wins, unless a longer word covers it ("小熊猫" is a panda, not "小熊").
  const first = hits[0]!;
  const covering = hits.filter((h) => h.at <= first.at + first.length - 1 && h.at + h.length > first.at);
  const reach = (h: Found<T>) => h.at + h.length;
  return covering.reduce((x, y) =>
    y.length > x.length || (y.length === x.length && reach(y) > reach(x)) ? y : x,
  );
}

function searchWord(hay: string, word: string, from = 0): number {
  const re = new RegExp(`\\b${word}\\b`, 'g');
  re.lastIndex = from;
  const m = re.exec(hay);
  return m ? m.index : -1;
}

function cleanZh(text: string): string {
  let t = text;
  for (const w of NOT_ANIMALS) t = t.split(w).join('　'.repeat(w.length));
  return t;
}

export interface KindGuess {
  kind: Kind;
  /** Where the kind word ends, so a name after it can be found ("小兔子朵朵"). */
  end: number;
  start: number;
  /** How the story calls the hero when the topic's own word is not the kind's (a camel drawn as a horse). */
  label?: { name: Bi; small: Bi };
  grownUp?: boolean;
  /** Two brothers, 姐妹: the first friend is the hero's sibling. */
  sibling?: boolean;
  pronoun?: 'she' | 'he';
}

const COMPANION_FRIEND_ZH = new RegExp(`(?:和|跟|与)(?:他的|她的|它的)?[${HAN}]{1,6}?朋友`);
const COMPANION_FRIEND_EN = /\b(?:and|with)\s+(?:his|her|their|its)\s+(?:[a-z]+\s+)?friends?\b/;

/**
 * Who goes along with the hero, in the topic's own words: "a boy and his grandpa go fishing",
 * "小女孩和她的机器人朋友". Only when those words name a kind of character.
 */
export function findCompanion(topic: string): string | undefined {
  const en = /\b(?:and|with)\s+((?:his|her|their|its|a|an|the)\s+(?:[a-z]+\s+)?[a-z]+)/i.exec(topic)?.[1];
  const zh = new RegExp(
    `(?:和|跟|与)(?:他的|她的|它的)?(?:好)?(?:朋友)?([${HAN}]{1,6}?)(?=朋友|一起|去|$|[，。！？\\s])`,
  ).exec(topic)?.[1];
  for (const words of [en, zh]) if (words && findKind(words, () => true)) return words;
  return undefined;
}

/** Someone the hero gives to, looks for or helps is not the hero ("给奶奶的礼物", "for grandma"). */
function objectPosition(text: string, at: number, latin: boolean): boolean {
  const before = text.slice(Math.max(0, at - 12), at);
  return latin
    ? /\b(for|to|find|finds|visit|visits|visiting|help|helps|with|and)\s+(?:(?:his|her|their|its|the|my|a)\s+)?$/i.test(
        before,
      )
    : // 送给奶奶, 找妈妈; 害怕大狗的小熊: what a clause fears or likes is not who it is about.
      /(给|送给|找|陪|帮|看望|和|跟)$|(害怕|怕|讨厌|喜欢|想念|遇到|遇见|躲着|追着|抓|捉)[^，。！？的]{0,3}$/.test(
        before,
      );
}

/** The first animal / person word in the text; a "child" word picks girl or boy with `coin`. */
export function findKind(text: string, coin: () => boolean): KindGuess | null {
  const zhText = cleanZh(text);
  const subjects = (latin: boolean, hay: string) =>
    earliest<Kind | SubjectWord>(
      hay,
      [...KINDS, ...SUBJECT_WORDS],
      (k) => ('id' in k ? (latin ? k.enWords : k.zhWords) : latin ? k.en : k.zh),
      latin,
      (at) => objectPosition(text, at, latin),
    );
  // "a firefighter dog": a job word right before a kind word describes it; the dog is the hero.
  const headNoun = (latin: boolean) => {
    const hay = latin ? text : zhText;
    const first = subjects(latin, hay);
    if (!first || 'id' in first.item || !first.item.grownUp) return first;
    const after = first.at + first.length;
    const gap = latin ? (/^\s+/.exec(hay.slice(after))?.[0].length ?? -1) : 0;
    if (gap < 0) return first;
    const masked = (latin ? ' ' : '　').repeat(after) + hay.slice(after);
    const next = subjects(latin, masked);
    return next && next.at === after + gap ? next : first;
  };
  const zh = headNoun(false);
  const en = headNoun(true);
  const hit = zh && en ? (zh.at <= en.at ? zh : en) : (zh ?? en);
  if (hit) {
    const item = hit.item;
    if ('id' in item) return { kind: item, start: hit.at, end: hit.at + hit.length };
    const sibling = /兄弟|姐妹|\b(brothers|sisters|twins)\b/i.test(text);
    // 外婆 stays 外婆 and granny stays granny: a grown-up is called what the topic calls them.
    const word =
      hit === en
        ? text.slice(hit.at, hit.at + hit.length).toLowerCase()
        : text.slice(hit.at, hit.at + hit.length);
    const own = item.grownUp
      ? { zh: hit === zh ? word : item.label.zh, en: hit === en ? word : item.label.en }
      : null;
    return {
      kind: kindById(item.kind),
      start: hit.at,
      end: hit.at + hit.length,
      label: own ? { name: own, small: own } : { name: item.label, small: item.small },
      grownUp: item.grownUp,
      sibling,
      pronoun: item.she ? 'she' : item.kind === 'boy' ? 'he' : undefined,
    };
  }
  const child =
    earliest(text, [CHILD_WORDS.zh], (x) => x, false) ?? earliest(text, [CHILD_WORDS.en], (x) => x, true);
  if (child) {
    const pronoun = findPronoun(text);
    const girl = /女王|巫婆|\b(queen|witch)\b/i.test(text) || (pronoun === null ? coin() : pronoun === 'she');
    const kind = KINDS.find((k) => k.id === (girl ? 'girl' : 'boy'))!;
    return { kind, start: child.at, end: child.at + child.length };
  }
  return null;
}

/** The topic's own word for a kind when it is not the kind's storybook word ("cow", not "calf"). */
export function topicWordFor(
  text: string,
  guess: KindGuess,
  lang: 'zh' | 'en',
): { name: Bi; small: Bi } | null {
  if (guess.label) return guess.label;
  const word = text.slice(guess.start, guess.end);
  const latin = /^[A-Za-z]/.test(word);
  if (latin !== (lang === 'en')) return null;
  const k = guess.kind;
  if (latin) {
    const w = word
      .toLowerCase()
      .replace(/(ies)$/, 'y')
      .replace(/(?<!s)s$/, '');
    if (k.small.en.includes(w) || k.person) return null;
    return { name: { ...k.name, en: w }, small: { ...k.small, en: `little ${w}` } };
  }
  if (k.small.zh.includes(word) || k.person) return null;
  const bare = word.replace(/^小/, '');
  return { name: { ...k.name, zh: bare }, small: { ...k.small, zh: `小${bare}` } };
}

export function findScene(text: string): Scene | null {
  const zh = earliest(text, SCENES, (s) => s.zhWords, false);
  const en = earliest(text, SCENES, (s) => s.enWords, true);
  const hit = zh && en ? (zh.at <= en.at ? zh : en) : (zh ?? en);
  return (
    hit?.item ??
    PLACES.find((p) =>
      p.words.some((w) => (isLatin(w) ? searchWord(text.toLowerCase(), w) >= 0 : text.includes(w))),
    )?.scene ??
    null
  );
}

const isLatin = (w: string) => /^[a-z]/i.test(w);

/** Places the scenes do not name, drawn and described as the nearest scene. */
const PLACE_TABLE: Array<[string[], Scene['id']]> = [
  [['厨房', '餐厅', 'kitchen', 'bakery', '面包店'], 'home'],
  [['医院', '诊所', 'hospital', 'clinic'], 'city'],
  [
    [
      '图书馆',
      '超市',
      '动物园',
      'library',
      'zoo',
      'supermarket',
      'bus stop',
      'roof',
      'rooftop',
      '屋顶',
      '楼顶',
    ],
    'city',
  ],
  [['泉水', '泉边', 'spring', 'waterfall', '瀑布'], 'river'],
  [['灯塔', 'lighthouse', 'harbour', 'harbor', '港口'], 'sea'],
  [['火星', 'Mars'], 'space'],
  [['树屋', 'treehouse', 'tree house'], 'forest'],
  [['洞穴', '山洞', 'cave'], 'mountain'],
];
const PLACES = PLACE_TABLE.map(([words, id]) => ({ words, scene: sceneById(id) }));

export interface PlaceGuess {
  /** The topic's own words for the place ("the desert", "沙漠"), used verbatim in the story. */
  raw: string;
  scene: Scene;
}

/** Where the topic says the story happens, in its own words: "the desert", "沙漠", "菜园子". */
export function findPlace(topic: string, lang: 'zh' | 'en'): PlaceGuess | null {
  const words = [
    ...SCENES.flatMap((s) => (lang === 'zh' ? s.zhWords : s.enWords).map((w) => ({ w, scene: s }))),
    ...PLACES.flatMap((p) =>
      p.words.filter((w) => isLatin(w) === (lang === 'en')).map((w) => ({ w, scene: p.scene })),
    ),
  ];
  if (lang === 'zh') {
    // A place word inside a kind word is no place (海龟, 雪人).
    let text = cleanZh(topic);
    for (const k of [...KINDS.flatMap((k) => k.zhWords), ...SUBJECT_WORDS.flatMap((x) => x.zh)])
      text = text.split(k).join('　'.repeat(k.length));
    const hit = words
      .filter(({ w }) => text.includes(w))
      .sort((x, y) => text.indexOf(x.w) - text.indexOf(y.w) || y.w.length - x.w.length)[0];
    if (!hit) return null;
    const at = text.indexOf(hit.w);
    const raw = hit.w + (topic[at + hit.w.length] === '子' ? '子' : '');
    return { raw, scene: hit.scene };
  }
  const lower = topic.toLowerCase();
  let best: { at: number; raw: string; scene: Scene; prep: boolean } | null = null;
  for (const { w, scene } of words) {
    const at = searchWord(lower, w.toLowerCase());
    if (at < 0) continue;
    const head = lower.slice(0, at);
    if (w === 'home' && /\b(way|go|goes|going|get|back|come|comes)\s+$/.test(head)) continue;
    const before = /(?:\b(the|a|an)\s+)?(?:([a-z]+)\s+)?$/.exec(head);
    // A place after "in / on / at / by" is where it happens; any other place word is a weaker hint.
    const prep =
      /\b(in|on|at|by|near|inside|to|across|under|around)\s+(?:(?:the|a|an)\s+)?(?:[a-z]+\s+)?$/.test(head);
    if (best && ((best.prep && !prep) || (best.prep === prep && best.at <= at))) continue;
    const adj = before?.[1] && before[2] ? `${before[2]} ` : '';
    const proper = /^[A-Z]/.test(w);
    const article = proper ? '' : 'the ';
    best = { at, raw: `${article}${adj}${topic.slice(at, at + w.length)}`, scene, prep };
  }
  return best ? { raw: best.raw, scene: best.scene } : null;
}

/** Weather and time the topic names: a rainy day, a stormy night, a snowy winter. */
export interface WhenGuess {
  id: 'rain' | 'storm' | 'snow' | 'night' | 'winter' | 'summer';
}

export function findWhen(topic: string): WhenGuess | null {
  if (/暴风雨|打雷|雷雨|\b(storm|stormy|thunder)/i.test(topic)) return { id: 'storm' };
  if (/下雨|雨天|雨中|雨里|\b(rain|rainy|raining)\b/i.test(topic)) return { id: 'rain' };
  if (/下雪|雪天|\b(snowing|snowy day)\b/i.test(topic)) return { id: 'snow' };
  if (/夜晚|晚上|夜里|深夜|\b(night|nighttime)\b/i.test(topic)) return { id: 'night' };
  if (/冬天|\bwinter\b/i.test(topic)) return { id: 'winter' };
  if (/夏天|\bsummer\b/i.test(topic)) return { id: 'summer' };
  return null;
}

/** "she"/"he" when the topic or role says so. */
export function findPronoun(text: string): 'he' | 'she' | null {
  if (/她|女孩|姑娘|公主|妹妹|姐姐|\b(she|her|girl|princess|sister)\b/i.test(text)) return 'she';
  if (/他|男孩|王子|弟弟|哥哥|\b(he|his|him|boy|prince|brother)\b/i.test(text)) return 'he';
  return null;
}

/** A name inside a main role ("小兔子朵朵", "Pip the penguin", "Lily"), without the kind word. */
export function findName(role: string, kind: KindGuess | null): string | null {
  let rest = role.trim();
  if (!rest) return null;
  // A role with no kind word in it is the name itself, kept exactly as typed ("小宇", "Granny Rose").
  if (!kind) return rest.length <= 20 ? rest : null;
  if (kind) rest = (rest.slice(0, kind.start) + ' ' + rest.slice(kind.end)).trim();
  rest = rest
    .replace(/^(一只|一个|一头|一条|一匹|小小的|小)/, '')
    .replace(/[的叫名字是，,：:\s]+/g, ' ')
    .replace(/\b(the|a|an|little|named|called|who|is|young|tiny)\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!rest) return null;
  const latin = /[A-Za-z]/.test(rest);
  if (latin) {
    // A capitalised word is a name ("a brave knight named Arthur"); else the first word will do.
    const words = rest.split(' ');
    const word = words.find((w) => /^[A-Z][a-z'-]*$/.test(w)) ?? words.find((w) => /^[a-z][a-z'-]*$/.test(w));
    return word ? word[0]!.toUpperCase() + word.slice(1) : null;
  }
  // "勇敢的骑士亚瑟": the name comes after the last 的.
  const han = rest.split(' ').pop()!.replace(/\s/g, '');
  return han.length >= 1 && han.length <= 6 ? han : null;
}

const ZH_SKILLS: Array<[RegExp, string]> = [
  [/^(飞|飞翔|飞行|飞上天|飞起来)$/, 'fly'],
  [/^(游泳|游|潜水)$/, 'swim'],
  [/^(唱歌|唱|歌唱)$/, 'sing'],
  [/^(跳舞|舞蹈|跳舞蹈)$/, 'dance'],
  [/^(爬树|爬山|爬|攀岩)$/, 'climb'],
  [/^(读书|识字|认字|看书|阅读|写字)$/, 'read'],
];
const EN_SKILLS: Array<[RegExp, string]> = [
  [/^fly(ing)?$/, 'fly'],
  [/^swim(ming)?$/, 'swim'],
  [/^sing(ing)?$/, 'sing'],
  [/^dance|dancing$/, 'dance'],
  [/^climb( trees| a tree| the tree)?$/, 'climb'],
  [/^read(ing)?$/, 'read'],
];

function skillFrom(raw: string, table: Array<[RegExp, string]>): { key?: string; raw?: string } {
  const r = raw.trim();
  for (const [re, key] of table) if (re.test(r)) return { key };
  return { raw: r };
}

/** Verbs of making something: the goal is the thing made. */
const MAKE_ZH = '搭|盖|建|造|做|煮|烤|包|画|堆|织|缝|修|折|拼';
const MAKE_EN =
  'build|builds|building|built|make|makes|making|cook|cooks|cooking|bake|bakes|baking|paint|paints|painting|draw|draws|drawing|knit|knits|knitting|sew|sews|sewing|fix|fixes|fixing|mend|mends|mending|grow|grows|growing';

function baseVerb(v: string): string {
  const irregular: Record<string, string> = { built: 'build', making: 'make', makes: 'make', baking: 'bake' };
  if (irregular[v]) return irregular[v];
  if (/ing$/.test(v)) return v.slice(0, -3).replace(/([bdgmnpt])\1$/, '$1');
  if (/(sh|ch|x)es$/.test(v)) return v.slice(0, -2);
  if (/s$/.test(v)) return v.slice(0, -1);
  return v;
}

const EN_STOP =
  '(?=$|[,.!?;]|\\s(?:and|but|who|which|with|because|so|in|at|on|by|before|after|for|to|from)\\b)';

/** The goal the topic asks for, or null when it names none (the writer then chooses one). */
export function findGoal(topic: string): GoalGuess | null {
  const goal = readGoal(topic);
  if (goal?.id !== 'journey') return goal;
  const vehicle =
    /坐(?:着|上)?(宇宙飞船|飞船|火箭|飞机|热气球|小船|轮船|火车|公交车|汽车)/.exec(topic)?.[1] ??
    /\b(?:by|in|on|takes?|rides?|flies|fly|flying|sails?)\s+(?:a |an |the |his |her )?(rocket|spaceship|plane|hot-air balloon|balloon|boat|ship|train|bus)\b/i.exec(
      topic,
    )?.[1] ??
    // "a bus ride to the seaside", "a rocket trip to the moon"
    /\b(rocket|spaceship|plane|hot-air balloon|balloon|boat|ship|train|bus)\s+(?:ride|trip|journey|voyage|flight)\b/i.exec(
      topic,
    )?.[1];
  return vehicle ? { ...goal, vehicle } : goal;
}

function readGoal(topic: string): GoalGuess | null {
  const zhText = topic.replace(/学校|同学|学生|放学|上学|小学|幼儿园/g, '　');
  const en = topic.toLowerCase();

  // Chinese
  if (/礼物|生日|送给/.test(topic)) {
    const m =
      new RegExp(`给([${HAN}]{1,4}?)的(?:生日)?礼物`).exec(topic) ??
      new RegExp(`送给([${HAN}]{1,4}?)${END_ZH}`).exec(topic) ??
      new RegExp(`([${HAN}]{1,3}?)的生日`).exec(topic);
    // "小熊的生日派对" is the hero's own birthday: the present goes to someone else.
    const recipient = m?.[1] && !findKind(m[1], () => true) ? m[1] : undefined;
    return { id: 'gift', recipient };
  }
  if (/睡不着|失眠|睡觉|晚安|入睡|哄睡/.test(topic)) return { id: 'sleep' };
  const grow = new RegExp(
    `(?<![一各这那多几品])种(?:下|了|出)?(?:一颗|一棵|一粒)?([${HAN}]{1,4}?)${END_ZH}`,
  ).exec(zhText);
  if (grow || /种子|发芽/.test(topic)) {
    const plant = grow?.[1] && !/(^子|种子)$/.test(grow[1]) ? grow[1] : undefined;
    return { id: 'grow', plant };
  }
  const first = new RegExp(`第一次(?:自己)?([${HAN}]{2,8}?)${END_ZH}`).exec(zhText);
  if (first) return { id: 'brave', fear: { raw: first[0].replace(/^第一次/, '第一次') } };
  const make = new RegExp(
    `(${MAKE_ZH})(?:了|出)?(?:一个|一座|一只|一顶|一条|一块|一幅|一艘|一盘|一锅|个)?([${HAN}]{1,5}?)${END_ZH}`,
  ).exec(zhText);
  if (make && !/^(朋友|梦|好事|游戏)$/.test(make[2]!))
    return { id: 'make', make: { phrase: `${make[1]}${make[2]}`, obj: make[2]! } };
  const wantBe = new RegExp(`想(?:要)?(?:当|成为|做)([${HAN}]{1,5}?)${END_ZH}`).exec(zhText);
  if (wantBe) return { id: 'learn', skill: { raw: `当${wantBe[1]}` } };
  const lostZh =
    new RegExp(`(?:丢了|弄丢了|丢失了|失去了|找回)(?:自己的|它的|他的|她的)?([${HAN}]{1,5}?)${END_ZH}`).exec(
      zhText,
    ) ?? new RegExp(`([${HAN}]{1,4}?)不见了`).exec(zhText);
  if (lostZh && lostZh[1] !== '路') return { id: 'find', obj: lostZh[1]!.replace(/^的/, '') };
  const teachZh = new RegExp(
    `教(?:会)?([${HAN}]{1,5}?)(?:学(?:会)?)?(飞翔|飞|游泳|唱歌|跳舞|爬树|读书|识字|认字)`,
  ).exec(zhText);
  if (teachZh && findKind(teachZh[1]!, () => true))
    return { id: 'learn', skill: skillFrom(teachZh[2]!, ZH_SKILLS), learner: teachZh[1] };
  const learn =
    new RegExp(`学(?:会|着)?([${HAN}]{1,4}?)${END_ZH}`).exec(zhText) ??
    /(?:不会|会|想要?|梦想着?|渴望)(飞上天|飞翔|飞|游泳|唱歌|跳舞|爬树|读书|识字|认字)/.exec(zhText);
  if (learn?.[1]) return { id: 'learn', skill: skillFrom(learn[1], ZH_SKILLS) };
  if (/迷路/.test(topic)) return { id: 'find', obj: '回家的路' };
  const find = new RegExp(`(?:寻找|找到|找回|去找|找)([${HAN}]{1,6}?)${END_ZH}`).exec(zhText);
  if (find) return { id: 'find', obj: find[1] };
  const help = new RegExp(`(?:帮助|帮忙|照顾|救助|陪伴|陪着|陪|救|帮)(?:了|一下)?([${HAN}]{2,10})`).exec(
    zhText,
  );
  if (help || /受伤/.test(topic)) {
    let patient = help?.[1];
    if (patient) {
      const k = findKind(patient, () => true);
      patient =
        k && k.kind.person !== true ? patient.slice(0, k.end) : patient.length <= 6 ? patient : undefined;
    }
    return { id: 'help', patient };
  }
  // "和她的机器人朋友": a friend the hero already has is company, not the goal.
  if (/朋友|孤单|孤独|交友|寂寞/.test(topic.replace(COMPANION_FRIEND_ZH, ''))) return { id: 'friend' };
  if (/害怕|怕|胆小|勇敢|不敢|胆子/.test(topic)) {
    const m = /怕(黑夜|黑|天黑|打雷|雷|水|高)/.exec(topic);
    if (m) {
      const key = m[1]!.includes('黑')
        ? 'dark'
        : m[1]!.includes('雷')
          ? 'thunder'
          : m[1] === '水'
            ? 'water'
            : 'heights';
      return { id: 'brave', fear: { key } };
    }
    const raw =
      new RegExp(`(?:害怕|怕)([${HAN}]{1,4}?)${END_ZH}`).exec(topic)?.[1] ??
      new RegExp(`不敢([${HAN}]{1,4}?)${END_ZH}`).exec(topic)?.[1];
    return { id: 'brave', fear: raw ? { raw } : undefined };
  }
  // "森林里的秘密": a secret or a treasure is something to look for.
  if (/秘密|宝藏|宝物|宝贝/.test(topic))
    return { id: 'find', obj: topic.replace(/^(一个|一份|一件)/, '').trim() };
  if (/搬家|搬新家/.test(topic)) return { id: 'make', make: { phrase: '搬家', obj: '新家' } };
  const go = new RegExp(`(去[${HAN}]{1,8}?)${END_ZH}`).exec(zhText);
  // "夜晚的森林音乐会": an event to get ready for.
  const event = new RegExp(`([${HAN}]{0,3}(?:音乐会|晚会|派对|运动会|比赛|聚会|节|舞会|表演))$`).exec(topic);
  if (!go && event) return { id: 'make', make: { phrase: `办一场${event[1]}`, obj: event[1]! } };
  // "小海龟回到大海", "飞向月亮": arriving somewhere is a journey there.
  const reach = new RegExp(`((?:回到|来到|飞到|飞向|登上)[${HAN}]{1,6}?)${END_ZH}`).exec(zhText);
  if (!go && reach && !/家$/.test(reach[1]!)) return { id: 'journey', dest: reach[1] };
  if (go || /旅行|冒险|探险|远方|出发|拜访/.test(topic)) return { id: 'journey', dest: go?.[1] };

  // English
  if (/\b(gift|present|birthday)\b/.test(en)) {
    const m =
      /\b(?:for|to)\s+(?:his |her |their |my |its )?(mum|mom|mother|dad|father|grandma|granny|grandpa|grandad|grandfather|grandmother)\b/.exec(
        en,
      );
    const norm: Record<string, string> = {
      mum: 'Mum',
      mom: 'Mom',
      mother: 'Mum',
      dad: 'Dad',
      father: 'Dad',
      grandma: 'Grandma',
      granny: 'Granny',
      grandmother: 'Grandma',
      grandpa: 'Grandpa',
      grandad: 'Grandad',
      grandfather: 'Grandpa',
    };
    return { id: 'gift', recipient: m ? norm[m[1]!] : undefined };
  }
  if (/\b(sleep|sleepy|bedtime|good ?night|asleep|insomnia)\b/.test(en)) return { id: 'sleep' };
  if (/\b(plant(s|ed|ing)?|seeds?|sprout)\b/.test(en)) {
    const m = /\bplant(?:s|ed|ing)?\s+(?:a |an |the |some )?([a-z]+)/.exec(en);
    const plant = m && !/^(seeds?|trees?|little|flowers?)$/.test(m[1]!) ? m[1] : undefined;
    return { id: 'grow', plant };
  }
  const teachEn = /\bteach(?:es|ing)?\s+(.+?)\s+(?:how\s+)?to\s+([a-z]+)\b/.exec(en);
  if (teachEn && findKind(teachEn[1]!, () => true))
    return { id: 'learn', skill: skillFrom(teachEn[2]!, EN_SKILLS), learner: teachEn[1] };
  const learnEn =
    new RegExp(
      `\\blearn(?:s|ed|ing)?\\s+(?:how\\s+)?to\\s+([a-z]+(?:\\s+(?:a|the)?\\s*[a-z]+)?)${EN_STOP}`,
    ).exec(en) ??
    /\b(?:can't|cannot|couldn't|could not|wants? to|wanted to|wishe?s? to|dreams? of|longs? to|loves? to)\s+(fly|flying|swim|swimming|sing|singing|dance|dancing|climb|climbing|read|reading)\b/.exec(
      en,
    ) ??
    /\bteach(?:es|ing)?\s+.+?\s+(?:how\s+)?to\s+([a-z]+)\b/.exec(en);
  if (learnEn?.[1]) return { id: 'learn', skill: skillFrom(learnEn[1].replace(/\s+/g, ' '), EN_SKILLS) };
  const firstEn =
    /\bfirst (day|time|night|trip|swim|flight|ride)\b(?: (?:at|in|on|to|of) (?:the |a |an |his |her )?[a-z]+(?: [a-z]+)?)?/.exec(
      en,
    );
  if (firstEn) return { id: 'brave', fear: { raw: `the ${firstEn[0]}` } };
  const lostOwn =
    /\b(?:lost|loses|lose|missing)\s+(its|his|her|their|the)\s+([a-z]+(?:\s+[a-z]+)?)(?=$|[,.!?;]|\s(?:at|in|on|by|and|but|who|while)\b)/.exec(
      en,
    );
  if (lostOwn && !/^(way|way home)$/.test(lostOwn[2]!))
    return { id: 'find', obj: `${lostOwn[1] === 'the' ? 'the' : 'its'} ${lostOwn[2]}` };
  const makeEn = new RegExp(
    `\\b(${MAKE_EN})\\s+(?:(?:a|an|the|some|his|her|their|its)\\s+)?([a-z]+(?:\\s+[a-z]+)?)${EN_STOP}`,
  ).exec(en);
  if (makeEn) {
    const verb = baseVerb(makeEn[1]!);
    const obj = makeEn[2]!.replace(/\s+(for|with|and|to)$/, '');
    const article = /^(a|an|the|some)\s/.exec(en.slice(en.indexOf(makeEn[0]) + makeEn[1]!.length + 1))?.[1];
    const objPhrase = /s$/.test(obj) || !article ? obj : `${article === 'an' ? 'an' : 'a'} ${obj}`;
    return { id: 'make', make: { phrase: `${verb} ${objPhrase}`, obj } };
  }
  const seeEn =
    /\b(?:wants?|wanted|wishes|dreams?|longs?) (?:to )?(see|visit|meet) ((?:the |a )?[a-z]+(?: [a-z]+)?)/.exec(
      en,
    );
  if (seeEn) return { id: 'journey', dest: `${seeEn[1]} ${seeEn[2]}` };
  const beEn = /\b(?:wants?|wanted|wishes|dreams?) (?:of being|to be|to become) (an? [a-z]+)/.exec(en);
  if (beEn) return { id: 'learn', skill: { raw: `be ${beEn[1]}` } };
  if (/\blost\b/.test(en) && !/\b(find|look(s|ing)? for|search)/.test(en))
    return { id: 'find', obj: 'the way home' };
  const findEn = new RegExp(
    `\\b(?:finds?|finding|look(?:s|ing)? for|search(?:es|ing)? for|hunt(?:s|ing)? for)\\s+(.+?)${EN_STOP}`,
  ).exec(en);
  if (findEn) return { id: 'find', obj: findEn[1] };
  if (/\b(help(s|ed|ing)?|rescue[sd]?|saves?|saved|hurt|injured|takes? care)\b/.test(en)) {
    const m = new RegExp(`\\b(?:help(?:s|ed|ing)?|rescue[sd]?|saves?|saved)\\s+(.+?)${EN_STOP}`).exec(en);
    let patient = m?.[1];
    if (patient) {
      const k = findKind(patient, () => true);
      patient = k && k.kind.person !== true ? patient.slice(0, k.end) : undefined;
    }
    return { id: 'help', patient };
  }
  if (/\b(friends?|lonely|alone|new kid)\b/.test(en.replace(COMPANION_FRIEND_EN, '')))
    return { id: 'friend' };
  if (/\b(afraid|scared|fear|frightened|brave|courage|shy)\b/.test(en)) {
    const m = /\b(?:afraid|scared|frightened|fear(?:ful)?)\s+of\s+(?:the\s+)?([a-z]+)(?:\s+([a-z]+))?/.exec(
      en,
    );
    const w = m?.[1];
    // "the vacuum cleaner": a second noun belongs to the thing feared ("of flying at night" does not).
    const second =
      m?.[2] && new RegExp(`^${m[1]} ${m[2]}${EN_STOP}`).test(en.slice(en.indexOf(m[1]!))) ? m[2] : undefined;
    if (w) {
      if (/^(dark|night|darkness)$/.test(w)) return { id: 'brave', fear: { key: 'dark' } };
      if (/^(thunder|storms?|lightning)$/.test(w)) return { id: 'brave', fear: { key: 'thunder' } };
      if (/^(water|swimming|sea|waves)$/.test(w)) return { id: 'brave', fear: { key: 'water' } };
      if (/^(heights|high|falling)$/.test(w)) return { id: 'brave', fear: { key: 'heights' } };
      return { id: 'brave', fear: { raw: second ? `the ${w} ${second}` : w } };
    }
    return { id: 'brave' };
  }
  if (/\b(secret|treasure|mystery)\b/.test(en)) {
    const phrase = en.trim().replace(/[.!?]+$/, '');
    return {
      id: 'find',
      obj: /^(the|a|an|some)\b/.test(phrase) ? phrase.replace(/^(a|an)\b/, 'the') : `the ${phrase}`,
    };
  }
  const rideEn =
    /\b(?:fly|flies|flying|ride|rides|riding|take|takes|taking|sail|sails|sailing)\s+(?:a |an |the |his |her )?(?:rocket|spaceship|plane|hot-air balloon|balloon|boat|ship|train|bus)\s+to\s+((?:the\s+)?[a-z]+)/.exec(
      en,
    );
  if (rideEn) return { id: 'journey', dest: `visit ${rideEn[1]}` };
  const goEn =
    /\b(?:go(?:es)?|going|travels?|journey|trip|voyage|ride|flight|sets? off)\s+to\s+(?:see\s+)?((?:the\s+)?[a-z]+(?:\s+[a-z]+)?)/.exec(
      en,
    );
  if (goEn) return { id: 'journey', dest: `visit ${goEn[1]!.replace(/\s+(and|but|who|with)$/, '')}` };
  const visit = /\bvisits?\s+((?:the\s+|his\s+|her\s+)?[a-z]+)/.exec(en);
  if (visit) return { id: 'journey', dest: `visit ${visit[1]}` };
  // "lands on Mars", "returns to the sea": arriving somewhere is a journey there (in the topic's own case).
  const reachEn =
    /\b(?:lands?|landing|arrives?|arriving|returns?|returning|reach(?:es|ing)?)\s+(?:on|at|to|in)?\s*((?:the\s+)?[A-Za-z]+)/i.exec(
      topic,
    );
  if (reachEn && !/^(home|the home)$/i.test(reachEn[1]!))
    return { id: 'journey', dest: `visit ${reachEn[1]}` };
  if (/\b(journey|trip|adventure|travel(s|ling)?|explor(e|es|er|ing)|voyage)\b/.test(en))
    return { id: 'journey' };
  return null;
}
