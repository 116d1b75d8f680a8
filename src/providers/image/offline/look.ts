// A character's look — kind, palette and accessory — derived only from its name and description,
// so every page (and every re-run) draws the same character.

import { z } from 'zod';
import type { StoryCharacter } from '../../../story/script.js';
import { hashString, Rng } from '../../core/random.js';
import { darken, hsl, lighten, luminance, mix } from './color.js';
import { type CharacterKind, firstIndex, firstMatch, type Keyword, KIND_WORDS } from './words.js';

export interface CharacterPalette {
  /** The main fill: fur, feathers, skin of a creature, or clothes of a child. */
  body: string;
  /** Belly, muzzle, inner ears, face mask. */
  belly: string;
  /** Accessory colour (scarf, hat, bow…) and clothes trim. */
  accent: string;
  /** Beak, nose, feet details. */
  detail: string;
  /** Outline, derived from body. */
  outline: string;
  /** Skin (children) or inner-ear pink. */
  skin: string;
  /** Hair (children), mane, stripes. */
  hair: string;
}

export type Accessory = 'scarf' | 'hat' | 'bow' | 'backpack' | 'cape' | 'glasses' | 'vest' | 'boots' | 'none';

export interface CharacterLook {
  name: string;
  kind: CharacterKind;
  palette: CharacterPalette;
  accessory: Accessory;
  /** Small per-character variation so two characters of one kind differ: 0.9–1.1. */
  build: number;
  /** A grandparent: grey hair in a bun on top, glasses. */
  elder?: boolean;
  /** Hoofed animals drawn in the deer shape: only a deer has antlers and spots. */
  hoofed?: 'deer' | 'plain';
}

/** Colour words, longest first so 天蓝 wins over 蓝 and "light blue" over "blue". */
const COLOR_WORDS: [string, string][] = [
  ['天蓝', '#7cc4f2'],
  ['浅蓝', '#8cc8f0'],
  ['深蓝', '#2f5fa8'],
  ['藏青', '#2b3a67'],
  ['浅绿', '#9bd77f'],
  ['深绿', '#3e8a4a'],
  ['粉红', '#f59ab8'],
  ['粉色', '#f59ab8'],
  ['橘黄', '#f5a03c'],
  ['橘红', '#ef6a3a'],
  ['橙色', '#f5923c'],
  ['金黄', '#f3c443'],
  ['金色', '#f0c04a'],
  ['银色', '#c7cdd6'],
  ['咖啡', '#8a5a3b'],
  ['雪白', '#f7f6f2'],
  ['乳白', '#f6eedc'],
  ['米色', '#efe0c0'],
  ['奶油', '#f5e6c4'],
  ['灰色', '#9aa3ad'],
  ['彩虹', '#b57be0'],
  ['红', '#e5534b'],
  ['橙', '#f5923c'],
  ['橘', '#f5a03c'],
  ['黄', '#f6cf48'],
  ['绿', '#6bbf59'],
  ['青', '#3fb7ad'],
  ['蓝', '#4a8fe0'],
  ['紫', '#9b6ad6'],
  ['粉', '#f59ab8'],
  ['白', '#f7f6f2'],
  ['黑', '#2c3340'],
  ['灰', '#9aa3ad'],
  ['棕', '#a0693f'],
  ['褐', '#9a6540'],
  ['金', '#f0c04a'],
  ['银', '#c7cdd6'],
  ['light blue', '#8cc8f0'],
  ['sky blue', '#7cc4f2'],
  ['sky-blue', '#7cc4f2'],
  ['dark blue', '#2f5fa8'],
  ['navy', '#2b3a67'],
  ['light green', '#9bd77f'],
  ['dark green', '#3e8a4a'],
  ['snow-white', '#f7f6f2'],
  ['red', '#e5534b'],
  ['scarlet', '#d94040'],
  ['orange', '#f5923c'],
  ['ginger', '#e9883a'],
  ['yellow', '#f6cf48'],
  ['golden', '#f0c04a'],
  ['gold', '#f0c04a'],
  ['green', '#6bbf59'],
  ['teal', '#3fb7ad'],
  ['turquoise', '#43c6c0'],
  ['blue', '#4a8fe0'],
  ['purple', '#9b6ad6'],
  ['violet', '#9b6ad6'],
  ['lilac', '#c3a3e6'],
  ['pink', '#f59ab8'],
  ['white', '#f7f6f2'],
  ['cream', '#f5e6c4'],
  ['beige', '#efe0c0'],
  ['russet', '#b5592f'],
  ['black', '#2c3340'],
  ['grey', '#9aa3ad'],
  ['gray', '#9aa3ad'],
  ['silver', '#c7cdd6'],
  ['brown', '#a0693f'],
  ['tan', '#d2a36c'],
  ['chocolate', '#7a4a2e'],
];

const ACCESSORY_WORDS: [Exclude<Accessory, 'none'>, readonly Keyword[]][] = [
  ['scarf', ['围巾', '围脖', 'scarf']],
  ['hat', ['帽子', '帽', 'hat', 'cap', 'beanie']],
  ['bow', ['蝴蝶结', '发带', 'bow', 'ribbon']],
  ['backpack', ['背包', '书包', 'backpack', 'schoolbag', 'bag']],
  ['cape', ['披风', '斗篷', 'cape', 'cloak']],
  ['glasses', ['眼镜', 'glasses', 'spectacles']],
  ['vest', ['背心', '马甲', '雨衣', '小外套', 'vest', 'waistcoat', 'raincoat']],
  ['boots', ['靴', '雨鞋', 'boots', 'wellies']],
];

/** Colours that read well for each kind when its description names none (picked by hash). */
const KIND_BODIES: Record<CharacterKind, readonly string[]> = {
  penguin: ['#2c3340', '#34405a', '#2b3a67'],
  rabbit: ['#f7f6f2', '#efe0c0', '#c8a27c', '#b9bfc8'],
  cat: ['#f5a03c', '#9aa3ad', '#efe0c0', '#3a3f4b', '#e9883a'],
  dog: ['#d2a36c', '#a0693f', '#efe0c0', '#f2d29b'],
  bear: ['#a0693f', '#c0874f', '#8a5a3b'],
  panda: ['#f7f6f2'],
  fox: ['#ec7f35', '#e9883a', '#d9692d'],
  bird: ['#4a8fe0', '#f6cf48', '#e5534b', '#6bbf59', '#8fd3f4'],
  fish: ['#f5923c', '#43c6c0', '#f0c04a', '#4a8fe0', '#e5534b'],
  mouse: ['#b9bfc8', '#c8a27c', '#efe0c0'],
  dragon: ['#6bbf59', '#9b6ad6', '#3fb7ad', '#e5534b'],
  pig: ['#f7b5c4', '#f59ab8'],
  frog: ['#7cc850', '#6bbf59'],
  lion: ['#f0b24a', '#f5a03c'],
  elephant: ['#a7b3c2', '#b9bfc8'],
  turtle: ['#6bbf59', '#8cc06a'],
  tiger: ['#f5923c', '#f0a04a'],
  monkey: ['#a0693f', '#8a5a3b', '#c0874f'],
  deer: ['#c8945a', '#d9a86c', '#b97f4a'],
  robot: ['#8fb8de', '#c7cdd6', '#7fd1c7'],
  girl: ['#e5534b', '#f59ab8', '#9b6ad6', '#f6cf48', '#43c6c0'],
  boy: ['#4a8fe0', '#6bbf59', '#f5923c', '#e5534b', '#2f5fa8'],
  creature: [],
};

const BELLY_OF: Partial<Record<CharacterKind, string>> = {
  penguin: '#fbfaf5',
  panda: '#fbfaf5',
  fox: '#fbf3e6',
  frog: '#e3f2b5',
  turtle: '#f2e2a0',
  robot: '#f4f6f8',
};

const DETAIL_OF: Partial<Record<CharacterKind, string>> = {
  penguin: '#f5a03c',
  bird: '#f5a03c',
  pig: '#e07f98',
  robot: '#f6cf48',
  dragon: '#f6cf48',
  turtle: '#8a6a3b',
  lion: '#b8642a',
  deer: '#8a5a3b',
};

const SKINS = ['#f7d5bd', '#f1c3a1', '#e0a982', '#c98b62', '#9c6644'];
const HAIRS = ['#3a2a22', '#5b3a29', '#2c2c34', '#a0693f', '#e0b04a', '#c0542f'];
const ACCENTS = ['#e5534b', '#f6cf48', '#43c6c0', '#9b6ad6', '#f5923c', '#4a8fe0', '#f59ab8', '#6bbf59'];

interface ColourHit {
  index: number;
  end: number;
  color: string;
}

/** Colour words in reading order, longest first at any position (no overlaps). */
function findColours(text: string): ColourHit[] {
  const lower = text.toLowerCase();
  const taken = new Array<boolean>(lower.length).fill(false);
  const hits: ColourHit[] = [];
  for (const [word, color] of COLOR_WORDS) {
    const ascii = /^[a-z -]+$/.test(word);
    let from = 0;
    while (true) {
      const i = lower.indexOf(word, from);
      if (i < 0) break;
      from = i + word.length;
      if (ascii) {
        const before = lower[i - 1] ?? ' ';
        const after = lower[i + word.length] ?? ' ';
        if (/[a-z]/.test(before) || /[a-z]/.test(after)) continue;
      }
      if (taken.slice(i, i + word.length).some(Boolean)) continue;
      for (let k = i; k < i + word.length; k++) taken[k] = true;
      hits.push({ index: i, end: i + word.length, color });
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}

type PartRole = 'hair' | 'eyes' | 'detail' | 'belly' | 'clothes' | 'fur' | 'accessory';

const PART_WORDS: [PartRole, readonly string[]][] = [
  ['hair', ['头发', '发', '辫', 'hair', 'braid', 'pigtail', 'ponytail', 'mane']],
  ['eyes', ['眼', 'eye']],
  ['detail', ['嘴', '喙', '鼻', '脚', '爪', 'beak', 'nose', 'feet', 'paws', 'bill']],
  ['belly', ['肚', '胸', 'belly', 'tummy', 'chest']],
  [
    'clothes',
    ['衣', '裙', '裤', '外套', 'dress', 'shirt', 'jacket', 'coat', 'sweater', 'overalls', 'skirt', 'hoodie'],
  ],
  ['fur', ['毛', '羽', '鳞', 'fur', 'feather', 'skin', 'scale', 'coat of']],
  [
    'accessory',
    [
      '围巾',
      '围脖',
      '帽',
      '蝴蝶结',
      '发带',
      '背包',
      '书包',
      '披风',
      '斗篷',
      '眼镜',
      '背心',
      '马甲',
      '雨衣',
      '靴',
      'scarf',
      'hat',
      'cap',
      'beanie',
      'bow',
      'ribbon',
      'backpack',
      'bag',
      'cape',
      'cloak',
      'glasses',
      'vest',
      'waistcoat',
      'raincoat',
      'boots',
    ],
  ],
];

/** The part a colour word describes: a part word soon after it, with no punctuation between. */
function partAfter(text: string, from: number): PartRole | undefined {
  const window = text.slice(from, from + 28).toLowerCase();
  const stop = window.search(/[，。、；;,.!?！？]/);
  const span = stop >= 0 ? window.slice(0, stop) : window;
  let best: PartRole | undefined;
  let bestAt = Number.POSITIVE_INFINITY;
  for (const [role, words] of PART_WORDS) {
    for (const w of words) {
      const i = span.indexOf(w);
      // Chinese part words sit within a few characters ("红色的围巾"); English within a couple of words.
      const limit = /[a-z]/.test(w) ? 14 : 4;
      if (i >= 0 && i <= limit && i < bestAt) {
        best = role;
        bestAt = i;
      }
    }
  }
  return best;
}

function kindOf(text: string): CharacterKind {
  let best: CharacterKind = 'creature';
  let bestIndex = -1;
  let bestLen = 0;
  for (const [kind, words] of Object.entries(KIND_WORDS) as [CharacterKind, readonly Keyword[]][]) {
    for (const w of words) {
      const word = typeof w === 'string' ? w : w[0];
      const i = firstIndex(text, [word]);
      if (i < 0) continue;
      // Earliest wins; at the same place the longer word (熊猫 over 熊, 猫头鹰 over 猫).
      if (bestIndex < 0 || i < bestIndex || (i === bestIndex && word.length > bestLen)) {
        best = kind;
        bestIndex = i;
        bestLen = word.length;
      }
    }
  }
  return best;
}

/**
 * Structured appearance some story writers add beside the description (the offline writer does):
 * when present it is the more reliable source, and the description fills in what it leaves out.
 */
const AppearanceSchema = z.looseObject({
  kind: z.string().max(100).optional(),
  body_colors: z.array(z.string().max(50)).max(6).optional(),
  accessory: z.string().max(50).optional(),
  accessory_color: z.string().max(50).optional(),
});

const ACCESSORY_ALIASES: Record<string, Exclude<Accessory, 'none'>> = {
  raincoat: 'vest',
  coat: 'vest',
  jacket: 'vest',
  cap: 'hat',
  beanie: 'hat',
  ribbon: 'bow',
  bag: 'backpack',
  cloak: 'cape',
};

const ACCESSORIES = new Set<string>(['scarf', 'hat', 'bow', 'backpack', 'cape', 'glasses', 'vest', 'boots']);

/** The kind, palette and accessory of a character: a pure function of its name and description. */
export function characterLook(character: StoryCharacter): CharacterLook {
  const text = `${character.name} ${character.description}`;
  const rng = new Rng(hashString(`${character.name}|${character.description}`));
  const parsed = AppearanceSchema.safeParse((character as { appearance?: unknown }).appearance);
  const appearance = parsed.success ? parsed.data : undefined;
  const hintedKind = appearance?.kind ? kindOf(appearance.kind) : 'creature';
  const kind = hintedKind !== 'creature' ? hintedKind : kindOf(text);
  // The description says what the character looks like; a name like 小红 only hints at a colour
  // when the description names none.
  const described = findColours(character.description);
  const colours = described.length > 0 ? described : findColours(character.name);
  const colourText = described.length > 0 ? character.description : character.name;

  // A colour word right before a part word ("红色的围巾", "blue eyes", "black hair") colours that
  // part; the first colour left over is the body, the second the belly or accent.
  let accessory: Accessory = firstMatch(text, ACCESSORY_WORDS) ?? 'none';
  const roles: Partial<Record<PartRole, string>> = {};
  const free: string[] = [];
  for (const hit of colours) {
    const role = partAfter(colourText, hit.end);
    if (role && role !== 'eyes' && !roles[role]) roles[role] = hit.color;
    else if (!role) free.push(hit.color);
  }
  // The structured hint, when there is one, overrides what the words gave.
  const hintedBody = (appearance?.body_colors ?? []).flatMap((c) => findColours(c).map((h) => h.color));
  if (hintedBody.length > 0 && (kind === 'girl' || kind === 'boy')) {
    // A child's colours in the writer's sheet are the hair ("black hair"): the clothes get a
    // bright colour of their own, so a child never reads as one dark shape.
    roles.hair = hintedBody[0]!;
    free.splice(0, free.length);
    delete roles.clothes;
  } else if (hintedBody.length > 0) {
    free.splice(0, free.length, ...hintedBody);
    delete roles.fur;
  }
  const hintedAccessory = appearance?.accessory?.toLowerCase();
  if (hintedAccessory) {
    const acc = ACCESSORY_ALIASES[hintedAccessory] ?? hintedAccessory;
    if (ACCESSORIES.has(acc)) accessory = acc as Exclude<Accessory, 'none'>;
  }
  const hintedAccessoryColour = appearance?.accessory_color
    ? findColours(appearance.accessory_color)[0]?.color
    : undefined;
  const accessoryColour = hintedAccessoryColour ?? roles.accessory;
  if (kind === 'girl' || kind === 'boy') {
    if (roles.clothes) free.unshift(roles.clothes);
  } else if (roles.fur) free.unshift(roles.fur);

  const skin = rng.pick(SKINS);
  const kid = kind === 'girl' || kind === 'boy';
  const elder = kid && ELDER_WORDS.test(text);
  // Silver: apart from light and dark faces alike.
  let hair = elder ? '#9ea3ab' : (roles.hair ?? rng.pick(HAIRS));
  // Hair that is as dark or light as the face merges with it into one shape: set it apart.
  if (kid && !elder && Math.abs(luminance(hair) - luminance(skin)) < 0.18)
    hair = luminance(skin) > 0.45 ? darken(hair, 0.5) : lighten(hair, 0.5);
  const accent =
    accessoryColour ??
    (kid ? undefined : roles.clothes) ??
    (free[1] && kind !== 'penguin' ? free[1] : rng.pick(ACCENTS));

  let body = free[0];
  if (!body) {
    const options = KIND_BODIES[kind];
    body = options.length > 0 ? rng.pick(options) : hsl(rng.range(0, 360), rng.range(0.45, 0.7), 0.62);
  }
  // Penguins described as "black and white" keep a white belly; a white panda keeps black patches.
  let belly = BELLY_OF[kind] ?? lighten(body, luminance(body) > 0.8 ? 0.0 : 0.55);
  if (luminance(body) > 0.85 && !BELLY_OF[kind]) belly = mix(body, '#f3c9b8', 0.45);
  if (
    kind === 'penguin' &&
    free[1] &&
    free[1] !== body &&
    Math.max(luminance(free[0]!), luminance(free[1])) > 0.7
  ) {
    // "Black and white" or "white and black": a penguin's back is the darker of the two.
    const [dark, light] =
      luminance(free[0]!) <= luminance(free[1]) ? [free[0]!, free[1]] : [free[1], free[0]!];
    body = dark;
    belly = light;
  }
  // A panda is white with black patches (ears, eyes, arms, legs): "black and white" fur that made
  // the body black drew a black bear.
  if (kind === 'panda' && luminance(body) < 0.5) body = '#f7f6f2';
  if (roles.belly) belly = roles.belly;
  const detail = roles.detail ?? DETAIL_OF[kind] ?? (luminance(body) > 0.5 ? '#4a3a3a' : '#f3d9c8');
  const palette: CharacterPalette = {
    body,
    belly,
    accent: accent === body ? rng.pick(ACCENTS.filter((c) => c !== body)) : accent,
    detail,
    outline: darken(body, luminance(body) < 0.3 ? 0.55 : 0.5),
    skin: kind === 'girl' || kind === 'boy' ? skin : '#f6b8c4',
    hair:
      kind === 'panda' || kind === 'tiger'
        ? '#2c3340'
        : kind === 'lion'
          ? darken(body, 0.25)
          : kind === 'monkey'
            ? '#f3d9b8'
            : hair,
  };
  if (accessory === 'none' && (kind === 'penguin' || rng.chance(0.5)) && kind !== 'fish') {
    // Most characters get one stable accessory: it makes them recognisable from page to page.
    accessory = rng.pick(['scarf', 'hat', 'bow', 'backpack'] as const);
  }
  // Frogs wear their eyes on top of the head, where a hat would go.
  if (kind === 'frog' && accessory === 'hat') accessory = 'scarf';
  const hoofed =
    kind !== 'deer' ? undefined : /鹿|deer|fawn|reindeer|moose|elk/i.test(text) ? 'deer' : 'plain';
  return {
    name: character.name,
    kind,
    palette,
    accessory,
    build: rng.range(0.92, 1.08),
    ...(elder ? { elder } : {}),
    ...(hoofed ? { hoofed } : {}),
  };
}

const ELDER_WORDS = /grand|granny|\bgran\b|\bnana\b|奶奶|外婆|姥姥|爷爷|外公|姥爷|花白|grey hair|gray hair/i;

/** The colours a reader would name this character by (tests look for `body` in the pixels). */
export function characterPalette(character: StoryCharacter): CharacterPalette & { kind: CharacterKind } {
  const look = characterLook(character);
  return { ...look.palette, kind: look.kind };
}
