// Reads a topic (and the optional main role and scene) the way a storyteller would: who the
// hero is, where it happens, and what the hero wants: "一只想学飞的小企鹅" → a penguin, learn, fly.
import { CHILD_WORDS, KINDS, type Kind, SCENES, type Scene } from './lexicon.js';
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
): Found<T> | null {
  let best: Found<T> | null = null;
  const hay = latin ? text.toLowerCase() : text;
  for (const item of items) {
    for (const w of words(item)) {
      const at = latin ? searchWord(hay, w) : hay.indexOf(w);
      if (at < 0) continue;
      if (!best || at < best.at || (at === best.at && w.length > best.length))
        best = { item, at, length: w.length };
    }
  }
  return best;
}

function searchWord(hay: string, word: string): number {
  const m = new RegExp(`\\b${word}\\b`).exec(hay);
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
}

/** The first animal / person word in the text; a "child" word picks girl or boy with `coin`. */
export function findKind(text: string, coin: () => boolean): KindGuess | null {
  const zh = earliest(cleanZh(text), KINDS, (k) => k.zhWords, false);
  const en = earliest(text, KINDS, (k) => k.enWords, true);
  const hit = zh && en ? (zh.at <= en.at ? zh : en) : (zh ?? en);
  if (hit) return { kind: hit.item, start: hit.at, end: hit.at + hit.length };
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

export function findScene(text: string): Scene | null {
  const zh = earliest(text, SCENES, (s) => s.zhWords, false);
  const en = earliest(text, SCENES, (s) => s.enWords, true);
  const hit = zh && en ? (zh.at <= en.at ? zh : en) : (zh ?? en);
  return hit?.item ?? null;
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

const EN_STOP = '(?=$|[,.!?;]|\\s(?:and|but|who|which|with|because|so|in|at|on|by|before|after)\\b)';

/** The goal the topic asks for, or null when it names none (the writer then chooses one). */
export function findGoal(topic: string): GoalGuess | null {
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
  const learn =
    new RegExp(`学(?:会|着)?([${HAN}]{1,4}?)${END_ZH}`).exec(zhText) ??
    /(?:不会|会|想要?|梦想着?|渴望)(飞上天|飞翔|飞|游泳|唱歌|跳舞|爬树|读书|识字|认字)/.exec(zhText);
  if (learn?.[1]) return { id: 'learn', skill: skillFrom(learn[1], ZH_SKILLS) };
  if (/迷路/.test(topic)) return { id: 'find', obj: '回家的路' };
  const find = new RegExp(`(?:寻找|找到|找回|去找|找)([${HAN}]{1,6}?)${END_ZH}`).exec(zhText);
  if (find) return { id: 'find', obj: find[1] };
  const help = new RegExp(`(?:帮助|帮忙|照顾|救助|救|帮)(?:了|一下)?([${HAN}]{2,10})`).exec(zhText);
  if (help || /受伤/.test(topic)) {
    let patient = help?.[1];
    if (patient) {
      const k = findKind(patient, () => true);
      patient = k && k.kind.person !== true ? patient.slice(0, k.end) : undefined;
    }
    return { id: 'help', patient };
  }
  if (/朋友|孤单|孤独|交友|寂寞/.test(topic)) return { id: 'friend' };
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
    const raw = new RegExp(`害怕([${HAN}]{1,4}?)${END_ZH}`).exec(topic)?.[1];
    return { id: 'brave', fear: raw ? { raw } : undefined };
  }
  // "森林里的秘密": a secret or a treasure is something to look for.
  if (/秘密|宝藏|宝物|宝贝/.test(topic))
    return { id: 'find', obj: topic.replace(/^(一个|一份|一件)/, '').trim() };
  const go = new RegExp(`(去[${HAN}]{1,8}?)${END_ZH}`).exec(zhText);
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
  const learnEn =
    new RegExp(
      `\\blearn(?:s|ed|ing)?\\s+(?:how\\s+)?to\\s+([a-z]+(?:\\s+(?:a|the)?\\s*[a-z]+)?)${EN_STOP}`,
    ).exec(en) ??
    /\b(?:can't|cannot|couldn't|could not|wants? to|wanted to|wishe?s? to|dreams? of|longs? to)\s+(fly|flying|swim|swimming|sing|singing|dance|dancing|climb|climbing|read|reading)\b/.exec(
      en,
    ) ??
    /\bteach(?:es|ing)?\s+.+?\s+(?:how\s+)?to\s+(fly|swim|sing|dance|climb|read)\b/.exec(en);
  if (learnEn?.[1]) return { id: 'learn', skill: skillFrom(learnEn[1].replace(/\s+/g, ' '), EN_SKILLS) };
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
  if (/\b(friends?|lonely|alone|new kid)\b/.test(en)) return { id: 'friend' };
  if (/\b(afraid|scared|fear|frightened|brave|courage|shy)\b/.test(en)) {
    const m = /\b(?:afraid|scared|frightened|fear(?:ful)?)\s+of\s+(?:the\s+)?([a-z]+)/.exec(en);
    const w = m?.[1];
    if (w) {
      if (/^(dark|night|darkness)$/.test(w)) return { id: 'brave', fear: { key: 'dark' } };
      if (/^(thunder|storms?|lightning)$/.test(w)) return { id: 'brave', fear: { key: 'thunder' } };
      if (/^(water|swimming|sea|waves)$/.test(w)) return { id: 'brave', fear: { key: 'water' } };
      if (/^(heights|high|falling)$/.test(w)) return { id: 'brave', fear: { key: 'heights' } };
      return { id: 'brave', fear: { raw: w } };
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
  const goEn =
    /\b(?:go(?:es)?|going|travels?|journey|trip|voyage|sets? off)\s+to\s+(?:see\s+)?((?:the\s+)?[a-z]+(?:\s+[a-z]+)?)/.exec(
      en,
    );
  if (goEn) return { id: 'journey', dest: `go to ${goEn[1]!.replace(/\s+(and|but|who|with)$/, '')}` };
  const visit = /\bvisits?\s+((?:the\s+|his\s+|her\s+)?[a-z]+)/.exec(en);
  if (visit) return { id: 'journey', dest: `visit ${visit[1]}` };
  if (/\b(journey|trip|adventure|travel(s|ling)?|explor(e|es|er|ing)|voyage)\b/.test(en))
    return { id: 'journey' };
  return null;
}
