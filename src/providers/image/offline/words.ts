// Keyword tables (zh and en) that turn story words into drawing choices: the background, the time
// of day, props, poses, moods and character kinds. Matching is plain and predictable on purpose.

/** A keyword and how strongly it points at its entry (1 unless a word is ambiguous). */
export type Keyword = string | [string, number];

const CJK = /[\u3400-\u9fff]/;
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const reCache = new Map<string, RegExp>();

/** How many times `keyword` occurs: substring for Chinese, whole words (plural allowed) for English. */
export function countKeyword(text: string, keyword: string): number {
  if (!text) return 0;
  if (CJK.test(keyword)) {
    let n = 0;
    for (let i = text.indexOf(keyword); i >= 0; i = text.indexOf(keyword, i + keyword.length)) n++;
    return n;
  }
  let re = reCache.get(keyword);
  if (!re) {
    re = new RegExp(`\\b${escapeRe(keyword)}(?:s|es)?\\b`, 'gi');
    reCache.set(keyword, re);
  }
  return text.match(re)?.length ?? 0;
}

/** Weighted count of all keywords of an entry in `text`. */
export function scoreKeywords(text: string, keywords: readonly Keyword[]): number {
  let score = 0;
  for (const k of keywords) {
    const [word, weight] = typeof k === 'string' ? [k, 1] : k;
    score += countKeyword(text, word) * weight;
  }
  return score;
}

/** Index of the first keyword occurrence in `text`, or -1. */
export function firstIndex(text: string, keywords: readonly Keyword[]): number {
  let best = -1;
  for (const k of keywords) {
    const word = typeof k === 'string' ? k : k[0];
    let i: number;
    if (CJK.test(word)) i = text.indexOf(word);
    else i = text.search(new RegExp(`\\b${escapeRe(word)}(?:s|es)?\\b`, 'i'));
    if (i >= 0 && (best < 0 || i < best)) best = i;
  }
  return best;
}

/** The entry whose words occur first in the text (the order a reader meets them). */
export function firstMatch<T>(text: string, table: [T, readonly Keyword[]][]): T | undefined {
  let best: T | undefined;
  let bestAt = -1;
  for (const [value, words] of table) {
    const at = firstIndex(text, words);
    if (at >= 0 && (bestAt < 0 || at < bestAt)) {
      best = value;
      bestAt = at;
    }
  }
  return best;
}

export const SCENES = [
  'meadow',
  'forest',
  'sea',
  'underwater',
  'sky',
  'city',
  'snow',
  'home',
  'mountain',
  'river',
  'desert',
  'school',
  'garden',
  'space',
  'farm',
] as const;
export type SceneKind = (typeof SCENES)[number];

export const SCENE_WORDS: Record<SceneKind, readonly Keyword[]> = {
  meadow: ['草地', '草原', '原野', '草坪', 'meadow', 'grass', 'grassland', 'savanna', 'savannah', 'prairie'],
  farm: [
    '农场',
    '农庄',
    '牧场',
    '乡下',
    '村子',
    '麦田',
    '谷仓',
    '田野',
    'farm',
    'barn',
    'village',
    'countryside',
    'field',
    'haystack',
  ],
  forest: ['森林', '树林', '林子', '丛林', '大树', ['树', 0.6], 'forest', 'wood', 'jungle', ['tree', 0.6]],
  sea: [
    '大海',
    '海边',
    '沙滩',
    '海滩',
    '海洋',
    '海浪',
    '海岸',
    '岛',
    ['海', 0.8],
    ['浪', 0.5],
    'sea',
    'ocean',
    'beach',
    'wave',
    'shore',
    'island',
    'seaside',
    'coast',
  ],
  underwater: [
    ['水里', 1.5],
    ['水中', 1.5],
    ['潜', 1],
    ['in the water', 1.5],
    'dive',
    'dived',
    ['海底', 2],
    ['水下', 2],
    ['水底', 2],
    ['珊瑚', 1.5],
    'underwater',
    ['under the sea', 2],
    'coral',
    'reef',
  ],
  sky: [
    '天空',
    '云朵',
    '云彩',
    '空中',
    '蓝天',
    '白云',
    ['云', 0.7],
    ['飞翔', 0.6],
    ['飞', 0.3],
    'sky',
    'cloud',
    'air',
    ['flying', 0.5],
    ['fly', 0.3],
  ],
  city: [
    '城市',
    '街道',
    '大街',
    '马路',
    '大楼',
    '高楼',
    '小镇',
    '商店',
    ['街', 0.7],
    'city',
    'street',
    'town',
    'building',
    'road',
    'shop',
    'downtown',
  ],
  snow: [
    '雪地',
    '冰川',
    '南极',
    '北极',
    '冰原',
    '冰雪',
    '冬天',
    '冰面',
    '冰山',
    '雪花',
    ['雪', 0.8],
    ['冰', 0.7],
    ['冷', 0.3],
    'snow',
    'snowy',
    'polar',
    'ice',
    'icy',
    'winter',
    'antarctic',
    'antarctica',
    'arctic',
    'frozen',
    'glacier',
    'iceberg',
  ],
  home: [
    '家里',
    '房间',
    '屋里',
    '卧室',
    '客厅',
    '厨房',
    '床上',
    '窗边',
    '小屋',
    '房子',
    '壁炉',
    ['家', 0.7],
    ['床', 0.5],
    'home',
    'room',
    'house',
    'bedroom',
    'kitchen',
    'indoors',
    'living room',
    'fireplace',
    'cottage',
    ['bed', 0.5],
  ],
  mountain: [
    '高山',
    '山顶',
    '山坡',
    '山谷',
    '大山',
    '悬崖',
    ['山', 0.7],
    'mountain',
    'hill',
    'peak',
    'cliff',
    'valley',
    'summit',
  ],
  river: [
    '小河',
    '河边',
    '湖边',
    '湖',
    '小溪',
    '池塘',
    '河',
    'river',
    'lake',
    'pond',
    'stream',
    'creek',
    'riverbank',
  ],
  desert: ['沙漠', '沙丘', '仙人掌', '骆驼', 'desert', 'dune', 'cactus', 'camel'],
  school: [
    '学校',
    '教室',
    '老师',
    '同学',
    '上课',
    '幼儿园',
    'school',
    'classroom',
    'teacher',
    'classmate',
    'kindergarten',
    'lesson',
  ],
  garden: ['花园', '公园', '花丛', '花坛', '菜园', ['花', 0.5], 'garden', 'park', ['flower', 0.5], 'blossom'],
  space: [
    '太空',
    '宇宙',
    '星球',
    '火箭',
    '月球',
    '外星',
    ['星空', 0.8],
    'space',
    'planet',
    'rocket',
    'galaxy',
    'universe',
    'astronaut',
    'alien',
  ],
};

export const TIMES = ['morning', 'day', 'sunset', 'night'] as const;
export type TimeOfDay = (typeof TIMES)[number];

export const TIME_WORDS: Record<Exclude<TimeOfDay, 'day'>, readonly Keyword[]> = {
  morning: [
    '早上',
    '清晨',
    '早晨',
    '日出',
    '太阳升起',
    '天亮',
    '醒来',
    'morning',
    'sunrise',
    'dawn',
    'woke',
    'wake',
    'breakfast',
  ],
  sunset: ['傍晚', '黄昏', '夕阳', '日落', '晚霞', 'evening', 'sunset', 'dusk', 'twilight'],
  night: [
    '夜晚',
    '夜里',
    '晚上',
    '夜空',
    '星星',
    '月亮',
    '月光',
    '睡觉',
    '梦',
    '晚安',
    ['夜', 0.8],
    'night',
    'star',
    'moon',
    'moonlight',
    'sleep',
    'dream',
    'bedtime',
    'tonight',
    'midnight',
  ],
};

export const WEATHER_WORDS = {
  rain: ['下雨', '雨滴', '雨水', '大雨', '小雨', ['雨', 0.8], 'rain', 'raining', 'rainy', 'drizzle', 'storm'],
  snowfall: ['下雪', '雪花', '飘雪', 'snowing', 'snowflake', 'snowfall'],
  leaves: ['落叶', '秋天', '秋风', '树叶', 'autumn', 'fall leaves', 'leaves'],
} satisfies Record<string, readonly Keyword[]>;

export const PROPS = [
  'ball',
  'book',
  'kite',
  'star',
  'flower',
  'umbrella',
  'boat',
  'cake',
  'balloon',
  'gift',
  'apple',
  'fish',
  'lantern',
  'letter',
  'music',
  'heart',
  'snowman',
  'rainbow',
  'butterfly',
  'feather',
  'wings',
] as const;
export type PropKind = (typeof PROPS)[number];

export const PROP_WORDS: Record<PropKind, readonly Keyword[]> = {
  ball: ['皮球', '球', 'ball'],
  book: ['书', '故事书', '读书', '看书', 'book', 'read', 'reading', 'story book'],
  kite: ['风筝', 'kite'],
  star: ['星星', '流星', 'star', 'shooting star', 'wish'],
  flower: ['花朵', '鲜花', '小花', '花', 'flower', 'rose', 'daisy', 'tulip', 'blossom'],
  umbrella: ['雨伞', '伞', 'umbrella'],
  boat: ['小船', '船', '纸船', 'boat', 'ship', 'sail', 'raft'],
  cake: ['蛋糕', '生日', 'cake', 'birthday', 'cupcake'],
  balloon: ['气球', 'balloon'],
  gift: ['礼物', '礼盒', 'gift', 'present', 'surprise box'],
  apple: ['苹果', '果子', '水果', '果实', 'apple', 'fruit', 'berry', 'berries'],
  fish: [['鱼', 0.8], 'fish'],
  lantern: ['灯笼', '提灯', '手电', 'lantern', 'torch', 'flashlight', 'lamp'],
  letter: ['信', '地图', '纸条', 'letter', 'map', 'note', 'card'],
  music: ['唱歌', '歌', '音乐', '跳舞', 'sing', 'song', 'music', 'dance', 'dancing', 'melody'],
  heart: ['拥抱', '爱', '抱', 'love', 'hug', 'hugged', 'kiss'],
  snowman: ['雪人', 'snowman'],
  rainbow: ['彩虹', 'rainbow'],
  butterfly: ['蝴蝶', 'butterfly', 'butterflies'],
  feather: ['羽毛', 'feather'],
  wings: ['翅膀', 'wing'],
};

export const POSES = ['stand', 'wave', 'cheer', 'jump', 'sit', 'walk', 'look', 'fly', 'sad'] as const;
export type Pose = (typeof POSES)[number];

/** Checked in this order: the first pose whose words occur wins. */
export const POSE_WORDS: [Pose, readonly Keyword[]][] = [
  [
    'fly',
    [
      '飞起来',
      '飞上',
      '飞了起来',
      '飞向',
      '飞翔',
      '拍打',
      '扇动',
      'flew',
      'flying',
      'flap',
      'flapped',
      'soar',
      'soared',
    ],
  ],
  ['jump', ['跳', '蹦', '跃', 'jump', 'jumped', 'hop', 'hopped', 'leap', 'leapt', 'bounce']],
  [
    'sit',
    ['坐', '休息', '躺', '睡', 'sit', 'sat', 'rest', 'lay', 'lie', 'sleep', 'slept', 'asleep', 'nap', 'read'],
  ],
  [
    'sad',
    [
      '难过',
      '伤心',
      '哭',
      '失望',
      '沮丧',
      '孤单',
      'sad',
      'cry',
      'cried',
      'tears',
      'lonely',
      'disappointed',
      'upset',
    ],
  ],
  [
    'walk',
    [
      '走',
      '跑',
      '出发',
      '冒险',
      '散步',
      'walk',
      'walked',
      'run',
      'ran',
      'set off',
      'hurried',
      'journey',
      'explore',
    ],
  ],
  [
    'cheer',
    [
      '欢呼',
      '成功',
      '终于',
      '太好了',
      '高兴',
      '开心',
      '快乐',
      'cheer',
      'hooray',
      'yay',
      'happy',
      'success',
      'finally',
      'joy',
      'glad',
    ],
  ],
  [
    'wave',
    ['挥手', '打招呼', '你好', '再见', '朋友', 'wave', 'waved', 'hello', 'goodbye', 'bye', 'greet', 'friend'],
  ],
  [
    'look',
    ['看', '望', '抬头', '发现', '想', 'look', 'looked', 'watch', 'saw', 'gaze', 'wonder', 'found', 'notice'],
  ],
];

export type Mood = 'smile' | 'grin' | 'surprised' | 'sad' | 'sleepy';

export const MOOD_WORDS: [Mood, readonly Keyword[]][] = [
  ['sleepy', ['睡着', '睡觉', '梦', '晚安', 'asleep', 'sleep', 'dream', 'dreaming', 'good night']],
  [
    'sad',
    [
      '难过',
      '伤心',
      '哭',
      '失望',
      '沮丧',
      '孤单',
      '害怕',
      'sad',
      'cry',
      'cried',
      'tears',
      'lonely',
      'afraid',
      'scared',
      'upset',
    ],
  ],
  ['surprised', ['惊讶', '吃惊', '咦', '哇', '突然', '竟然', 'surprised', 'wow', 'suddenly', 'amazed', 'oh']],
  [
    'grin',
    [
      '哈哈',
      '笑',
      '高兴',
      '开心',
      '快乐',
      '欢呼',
      '成功',
      'laugh',
      'happy',
      'cheer',
      'hooray',
      'joy',
      'smiled',
      'glad',
    ],
  ],
];

export const KINDS = [
  'penguin',
  'rabbit',
  'cat',
  'dog',
  'bear',
  'panda',
  'fox',
  'bird',
  'fish',
  'mouse',
  'dragon',
  'pig',
  'frog',
  'lion',
  'elephant',
  'turtle',
  'tiger',
  'monkey',
  'deer',
  'robot',
  'girl',
  'boy',
  'creature',
] as const;
export type CharacterKind = (typeof KINDS)[number];

/** Kind words; the earliest occurrence in a description wins (its subject usually comes first). */
export const KIND_WORDS: Record<Exclude<CharacterKind, 'creature'>, readonly Keyword[]> = {
  penguin: ['企鹅', 'penguin'],
  rabbit: ['兔', 'rabbit', 'bunny', 'hare'],
  cat: ['猫', 'cat', 'kitten', 'kitty'],
  dog: ['狗', '犬', 'dog', 'puppy', 'pup'],
  bear: ['熊', '海豹', 'bear', 'seal'],
  panda: ['熊猫', 'panda'],
  fox: ['狐狸', '狐', '松鼠', 'fox', 'squirrel'],
  bird: [
    '鸟',
    '鸭',
    '鸡',
    '鹰',
    '海鸥',
    '鹦鹉',
    '猫头鹰',
    '燕子',
    'bird',
    'duck',
    'duckling',
    'chick',
    'owl',
    'eagle',
    'seagull',
    'gull',
    'parrot',
    'sparrow',
    'robin',
    'owlet',
    'chicken',
  ],
  fish: ['鱼', '鲸', '海豚', 'fish', 'goldfish', 'whale', 'dolphin'],
  mouse: ['老鼠', '鼠', '仓鼠', '刺猬', 'mouse', 'mice', 'hamster', 'rat', 'hedgehog'],
  dragon: ['龙', '恐龙', 'dragon', 'dinosaur', 'dino'],
  pig: ['猪', 'pig', 'piglet'],
  frog: ['青蛙', '蛙', 'frog', 'toad'],
  lion: ['狮', 'lion'],
  tiger: ['老虎', '虎', 'tiger'],
  monkey: ['猴', 'monkey'],
  deer: [
    '鹿',
    '长颈鹿',
    '马',
    '牛',
    '羊',
    'deer',
    'fawn',
    'giraffe',
    'horse',
    'pony',
    'cow',
    'calf',
    'sheep',
    'lamb',
    'goat',
  ],
  elephant: ['大象', '象', 'elephant'],
  turtle: ['乌龟', '海龟', '龟', 'turtle', 'tortoise'],
  robot: ['机器人', 'robot', 'android'],
  girl: [
    '女孩',
    '姑娘',
    '小姑娘',
    '女儿',
    '公主',
    '妈妈',
    '奶奶',
    '姐姐',
    '妹妹',
    'girl',
    'princess',
    'daughter',
    'mother',
    'mom',
    'grandma',
    'sister',
    'woman',
    'lady',
  ],
  boy: [
    '男孩',
    '小伙子',
    '儿子',
    '王子',
    '爸爸',
    '爷爷',
    '哥哥',
    '弟弟',
    '孩子',
    '小朋友',
    'boy',
    'prince',
    'son',
    'father',
    'dad',
    'grandpa',
    'brother',
    'man',
    'child',
    'kid',
  ],
};
