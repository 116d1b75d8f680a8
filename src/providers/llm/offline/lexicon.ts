// Story material for the offline writer: the kinds of characters (animals, children, a robot),
// the places a story can happen in, names, colours and accessories, in Chinese and English.

/** A pair of phrasings, one per language; `{…}` slots are filled later. */
export interface Bi {
  zh: string;
  en: string;
}

export type SceneId =
  | 'forest'
  | 'snow'
  | 'sea'
  | 'sky'
  | 'city'
  | 'home'
  | 'farm'
  | 'garden'
  | 'mountain'
  | 'river'
  | 'grassland'
  | 'space'
  | 'desert'
  | 'school'
  | 'volcano';

export interface Kind {
  /** English kind word, also what the illustrator draws ("penguin"). */
  id: string;
  /** Bare kind name: 企鹅 / penguin. */
  name: Bi;
  /** Storybook diminutive: 小企鹅 / little penguin. */
  small: Bi;
  /** Words in a topic or role that mean this kind, longest first within the list. */
  zhWords: string[];
  enWords: string[];
  /** Measure word: 只 / 个 / 头 / 条. */
  mw: string;
  /** Body colours: how the text says them, and basic English colour names for the illustrator. */
  colors: Array<Bi & { basic: string[] }>;
  covering: Bi;
  feature: Bi;
  shape: Bi[];
  /** What it flaps or grabs with: 翅膀 / wings. */
  limbs: Bi;
  /** How it goes home: zh is a verb phrase before 回家, en a past-tense verb. */
  move: Bi;
  habitat: SceneId;
  canFly?: boolean;
  canSwim?: boolean;
  /** No legs or clothes that fit: only scarf, hat or bow. */
  noClothes?: boolean;
  person?: boolean;
}

const c = (zh: string, en: string, ...basic: string[]) => ({ zh, en, basic });
const bi = (zh: string, en: string): Bi => ({ zh, en });

const ROUND = bi('圆滚滚的', 'round');
const CHUBBY = bi('胖乎乎的', 'chubby');
const TINY = bi('可爱的', 'cute');
const FLUFFY = bi('毛茸茸的', 'fluffy');
const PAWS = bi('小爪子', 'paws');
const WINGS = bi('翅膀', 'wings');
const HOP = bi('蹦蹦跳跳地跑', 'hopped');
const TROT = bi('一路小跑着', 'trotted');
const SWIMS = bi('摇着尾巴游', 'swam');

export const KINDS: Kind[] = [
  {
    id: 'penguin',
    name: bi('企鹅', 'penguin'),
    small: bi('小企鹅', 'little penguin'),
    zhWords: ['企鹅'],
    enWords: ['penguins', 'penguin'],
    mw: '只',
    colors: [c('黑白相间', 'black-and-white', 'black', 'white')],
    covering: bi('羽毛', 'feathers'),
    feature: bi('橙色的小嘴', 'an orange beak'),
    shape: [ROUND, CHUBBY],
    limbs: bi('小翅膀', 'flippers'),
    move: bi('摇摇摆摆地走', 'waddled'),
    habitat: 'snow',
    canSwim: true,
  },
  {
    id: 'panda',
    name: bi('熊猫', 'panda'),
    small: bi('小熊猫', 'little panda'),
    zhWords: ['熊猫'],
    enWords: ['pandas', 'panda'],
    mw: '只',
    colors: [c('黑白相间', 'black-and-white', 'black', 'white')],
    covering: bi('绒毛', 'fur'),
    feature: bi('两个黑黑的眼圈', 'black patches round its eyes'),
    shape: [ROUND, CHUBBY],
    limbs: PAWS,
    move: bi('慢吞吞地走', 'ambled'),
    habitat: 'forest',
  },
  {
    id: 'owl',
    name: bi('猫头鹰', 'owl'),
    small: bi('小猫头鹰', 'little owl'),
    zhWords: ['猫头鹰'],
    enWords: ['owls', 'owl', 'owlet'],
    mw: '只',
    colors: [
      c('棕色带白点', 'brown-speckled', 'brown', 'white'),
      c('灰白色', 'silver-grey', 'grey', 'white'),
    ],
    covering: bi('羽毛', 'feathers'),
    feature: bi('一双又大又圆的眼睛', 'big round eyes'),
    shape: [ROUND, FLUFFY],
    limbs: WINGS,
    move: bi('扑扇着翅膀飞', 'flew'),
    habitat: 'forest',
    canFly: true,
  },
  {
    id: 'cat',
    name: bi('猫', 'cat'),
    small: bi('小猫', 'little cat'),
    zhWords: ['猫咪', '小猫', '猫'],
    enWords: ['kittens', 'kitten', 'kitty', 'cats', 'cat'],
    mw: '只',
    colors: [
      c('橘黄色', 'ginger', 'orange'),
      c('灰色条纹', 'grey-striped', 'grey'),
      c('雪白', 'snow-white', 'white'),
    ],
    covering: bi('毛', 'fur'),
    feature: bi('一条翘翘的长尾巴', 'a long curly tail'),
    shape: [FLUFFY, TINY],
    limbs: PAWS,
    move: bi('轻手轻脚地走', 'padded'),
    habitat: 'home',
  },
  {
    id: 'rabbit',
    name: bi('兔子', 'rabbit'),
    small: bi('小兔子', 'little rabbit'),
    zhWords: ['小白兔', '兔子', '兔'],
    enWords: ['bunnies', 'bunny', 'rabbits', 'rabbit'],
    mw: '只',
    colors: [
      c('雪白', 'snow-white', 'white'),
      c('浅灰色', 'pale grey', 'grey'),
      c('奶油色', 'cream', 'beige'),
    ],
    covering: bi('绒毛', 'fur'),
    feature: bi('两只长长的耳朵', 'two long ears'),
    shape: [FLUFFY, TINY],
    limbs: PAWS,
    move: HOP,
    habitat: 'forest',
  },
  {
    id: 'bear',
    name: bi('熊', 'bear'),
    small: bi('小熊', 'little bear'),
    zhWords: ['小熊', '熊'],
    enWords: ['bears', 'bear', 'cub'],
    mw: '只',
    colors: [c('棕色', 'brown', 'brown'), c('蜂蜜色', 'honey-brown', 'brown', 'yellow')],
    covering: bi('绒毛', 'fur'),
    feature: bi('两只圆圆的耳朵', 'two round ears'),
    shape: [CHUBBY, ROUND],
    limbs: PAWS,
    move: bi('慢吞吞地走', 'ambled'),
    habitat: 'forest',
  },
  {
    id: 'fox',
    name: bi('狐狸', 'fox'),
    small: bi('小狐狸', 'little fox'),
    zhWords: ['狐狸'],
    enWords: ['foxes', 'fox'],
    mw: '只',
    colors: [c('橘红色', 'orange-red', 'orange', 'red')],
    covering: bi('毛', 'fur'),
    feature: bi('一条尖上带白的大尾巴', 'a bushy white-tipped tail'),
    shape: [FLUFFY, TINY],
    limbs: PAWS,
    move: TROT,
    habitat: 'forest',
  },
  {
    id: 'dog',
    name: bi('狗', 'dog'),
    small: bi('小狗', 'little puppy'),
    zhWords: ['小狗', '狗'],
    enWords: ['puppies', 'puppy', 'dogs', 'dog'],
    mw: '只',
    colors: [c('金黄色', 'golden', 'yellow'), c('棕白相间', 'brown-and-white', 'brown', 'white')],
    covering: bi('毛', 'fur'),
    feature: bi('一对耷拉着的大耳朵', 'big floppy ears'),
    shape: [FLUFFY, CHUBBY],
    limbs: PAWS,
    move: TROT,
    habitat: 'home',
  },
  {
    id: 'duck',
    name: bi('鸭子', 'duck'),
    small: bi('小鸭子', 'little duckling'),
    zhWords: ['鸭子', '小鸭', '鸭'],
    enWords: ['ducklings', 'duckling', 'ducks', 'duck'],
    mw: '只',
    colors: [c('嫩黄色', 'bright yellow', 'yellow')],
    covering: bi('绒毛', 'down'),
    feature: bi('扁扁的橙色嘴巴', 'a flat orange bill'),
    shape: [FLUFFY, ROUND],
    limbs: WINGS,
    move: bi('摇摇摆摆地走', 'waddled'),
    habitat: 'river',
    canSwim: true,
  },
  {
    id: 'chick',
    name: bi('小鸡', 'chick'),
    small: bi('小鸡', 'little chick'),
    zhWords: ['小鸡', '鸡'],
    enWords: ['chicks', 'chick', 'chicken'],
    mw: '只',
    colors: [c('金黄色', 'golden-yellow', 'yellow')],
    covering: bi('绒毛', 'fluff'),
    feature: bi('尖尖的小嘴', 'a tiny pointed beak'),
    shape: [FLUFFY, ROUND],
    limbs: WINGS,
    move: bi('迈着小碎步跑', 'scurried'),
    habitat: 'farm',
  },
  {
    id: 'pig',
    name: bi('猪', 'pig'),
    small: bi('小猪', 'little piglet'),
    zhWords: ['小猪', '猪'],
    enWords: ['piglets', 'piglet', 'pigs', 'pig'],
    mw: '只',
    colors: [c('粉红色', 'pink', 'pink')],
    covering: bi('皮肤', 'skin'),
    feature: bi('圆圆的鼻子', 'a round snout'),
    shape: [CHUBBY, ROUND],
    limbs: bi('小蹄子', 'trotters'),
    move: TROT,
    habitat: 'farm',
  },
  {
    id: 'elephant',
    name: bi('大象', 'elephant'),
    small: bi('小象', 'little elephant'),
    zhWords: ['大象', '小象', '象'],
    enWords: ['elephants', 'elephant'],
    mw: '头',
    colors: [c('灰色', 'grey', 'grey'), c('淡蓝灰色', 'blue-grey', 'grey', 'blue')],
    covering: bi('皮肤', 'skin'),
    feature: bi('长长的鼻子和扇子一样的大耳朵', 'a long trunk and big fan-like ears'),
    shape: [CHUBBY, ROUND],
    limbs: bi('长鼻子', 'trunk'),
    move: bi('咚咚咚地走', 'stomped'),
    habitat: 'grassland',
    canSwim: true,
  },
  {
    id: 'lion',
    name: bi('狮子', 'lion'),
    small: bi('小狮子', 'little lion'),
    zhWords: ['狮子', '狮'],
    enWords: ['lions', 'lion'],
    mw: '只',
    colors: [c('金黄色', 'golden', 'yellow', 'orange')],
    covering: bi('毛', 'fur'),
    feature: bi('一圈蓬松的鬃毛', 'a fluffy mane'),
    shape: [FLUFFY, CHUBBY],
    limbs: PAWS,
    move: TROT,
    habitat: 'grassland',
  },
  {
    id: 'tiger',
    name: bi('老虎', 'tiger'),
    small: bi('小老虎', 'little tiger'),
    zhWords: ['老虎', '虎'],
    enWords: ['tigers', 'tiger'],
    mw: '只',
    colors: [c('橙色带黑条纹', 'orange-and-black striped', 'orange', 'black')],
    covering: bi('毛', 'fur'),
    feature: bi('额头上一个“王”字', 'stripes on its forehead'),
    shape: [CHUBBY, FLUFFY],
    limbs: PAWS,
    move: TROT,
    habitat: 'forest',
  },
  {
    id: 'monkey',
    name: bi('猴子', 'monkey'),
    small: bi('小猴子', 'little monkey'),
    zhWords: ['猴子', '小猴', '猴'],
    enWords: ['monkeys', 'monkey'],
    mw: '只',
    colors: [c('棕色', 'brown', 'brown')],
    covering: bi('毛', 'fur'),
    feature: bi('一条长长的卷尾巴', 'a long curly tail'),
    shape: [TINY, FLUFFY],
    limbs: bi('小手', 'hands'),
    move: bi('荡着树枝', 'swung'),
    habitat: 'forest',
  },
  {
    id: 'squirrel',
    name: bi('松鼠', 'squirrel'),
    small: bi('小松鼠', 'little squirrel'),
    zhWords: ['松鼠'],
    enWords: ['squirrels', 'squirrel'],
    mw: '只',
    colors: [c('红棕色', 'russet-brown', 'brown', 'orange')],
    covering: bi('毛', 'fur'),
    feature: bi('一条大大的蓬松尾巴', 'a big bushy tail'),
    shape: [TINY, FLUFFY],
    limbs: PAWS,
    move: HOP,
    habitat: 'forest',
  },
  {
    id: 'hedgehog',
    name: bi('刺猬', 'hedgehog'),
    small: bi('小刺猬', 'little hedgehog'),
    zhWords: ['刺猬'],
    enWords: ['hedgehogs', 'hedgehog'],
    mw: '只',
    colors: [c('棕色', 'brown', 'brown')],
    covering: bi('尖刺', 'prickles'),
    feature: bi('尖尖的小鼻子', 'a pointy little nose'),
    shape: [ROUND, TINY],
    limbs: PAWS,
    move: bi('迈着小碎步跑', 'scurried'),
    habitat: 'garden',
  },
  {
    id: 'mouse',
    name: bi('老鼠', 'mouse'),
    small: bi('小老鼠', 'little mouse'),
    zhWords: ['老鼠', '小鼠', '鼠'],
    enWords: ['mice', 'mouse'],
    mw: '只',
    colors: [c('灰色', 'grey', 'grey')],
    covering: bi('毛', 'fur'),
    feature: bi('两只粉红色的圆耳朵', 'round pink ears'),
    shape: [TINY, ROUND],
    limbs: PAWS,
    move: bi('迈着小碎步跑', 'scurried'),
    habitat: 'home',
  },
  {
    id: 'turtle',
    name: bi('乌龟', 'turtle'),
    small: bi('小乌龟', 'little turtle'),
    zhWords: ['乌龟', '海龟', '龟'],
    enWords: ['turtles', 'turtle', 'tortoise'],
    mw: '只',
    colors: [c('绿色', 'green', 'green')],
    covering: bi('龟壳', 'shell'),
    feature: bi('一双亮晶晶的小眼睛', 'bright little eyes'),
    shape: [TINY, ROUND],
    limbs: bi('小脚', 'little legs'),
    move: bi('慢慢地爬', 'plodded'),
    habitat: 'sea',
    canSwim: true,
  },
  {
    id: 'whale',
    name: bi('鲸鱼', 'whale'),
    small: bi('小鲸鱼', 'little whale'),
    zhWords: ['鲸鱼', '鲸'],
    enWords: ['whales', 'whale'],
    mw: '头',
    colors: [c('蓝色', 'blue', 'blue')],
    covering: bi('皮肤', 'skin'),
    feature: bi('头顶上的小喷泉', 'a little spout on top of its head'),
    shape: [ROUND, CHUBBY],
    limbs: bi('鳍', 'flippers'),
    move: SWIMS,
    habitat: 'sea',
    canSwim: true,
    noClothes: true,
  },
  {
    id: 'dolphin',
    name: bi('海豚', 'dolphin'),
    small: bi('小海豚', 'little dolphin'),
    zhWords: ['海豚'],
    enWords: ['dolphins', 'dolphin'],
    mw: '只',
    colors: [c('银灰色', 'silver-grey', 'grey')],
    covering: bi('皮肤', 'skin'),
    feature: bi('一张笑眯眯的嘴', 'a smiling mouth'),
    shape: [TINY, ROUND],
    limbs: bi('鳍', 'flippers'),
    move: SWIMS,
    habitat: 'sea',
    canSwim: true,
    noClothes: true,
  },
  {
    id: 'fish',
    name: bi('鱼', 'fish'),
    small: bi('小鱼', 'little fish'),
    zhWords: ['金鱼', '小鱼', '鱼'],
    enWords: ['goldfish', 'fish'],
    mw: '条',
    colors: [c('金红色', 'golden-red', 'orange', 'red'), c('彩虹色', 'rainbow-coloured', 'blue', 'pink')],
    covering: bi('鳞片', 'scales'),
    feature: bi('一条飘飘的大尾巴', 'a big flowing tail'),
    shape: [TINY, ROUND],
    limbs: bi('鳍', 'fins'),
    move: SWIMS,
    habitat: 'sea',
    canSwim: true,
    noClothes: true,
  },
  {
    id: 'seal',
    name: bi('海豹', 'seal'),
    small: bi('小海豹', 'little seal'),
    zhWords: ['海豹'],
    enWords: ['seals', 'seal'],
    mw: '只',
    colors: [c('银白色', 'silvery-white', 'white', 'grey')],
    covering: bi('绒毛', 'fur'),
    feature: bi('一双黑亮亮的大眼睛', 'shiny black eyes'),
    shape: [CHUBBY, ROUND],
    limbs: bi('鳍', 'flippers'),
    move: bi('一扭一扭地挪', 'wriggled'),
    habitat: 'snow',
    canSwim: true,
    noClothes: true,
  },
  {
    id: 'crab',
    name: bi('螃蟹', 'crab'),
    small: bi('小螃蟹', 'little crab'),
    zhWords: ['螃蟹', '蟹'],
    enWords: ['crabs', 'crab'],
    mw: '只',
    colors: [c('红色', 'red', 'red')],
    covering: bi('硬壳', 'shell'),
    feature: bi('两只大钳子', 'two big claws'),
    shape: [TINY, ROUND],
    limbs: bi('钳子', 'claws'),
    move: bi('横着爬', 'scuttled'),
    habitat: 'sea',
    canSwim: true,
    noClothes: true,
  },
  {
    id: 'frog',
    name: bi('青蛙', 'frog'),
    small: bi('小青蛙', 'little frog'),
    zhWords: ['青蛙', '蛙'],
    enWords: ['frogs', 'frog', 'toad'],
    mw: '只',
    colors: [c('翠绿色', 'bright green', 'green')],
    covering: bi('皮肤', 'skin'),
    feature: bi('一双鼓鼓的大眼睛', 'big bulgy eyes'),
    shape: [TINY, ROUND],
    limbs: bi('长腿', 'long legs'),
    move: bi('一蹦一跳地跳', 'hopped'),
    habitat: 'river',
    canSwim: true,
  },
  {
    id: 'bird',
    name: bi('小鸟', 'bird'),
    small: bi('小鸟', 'little bird'),
    zhWords: ['麻雀', '小鸟', '鸟', '海鸥', '鸽子'],
    enWords: ['sparrow', 'robin', 'birds', 'bird', 'seagull', 'pigeon'],
    mw: '只',
    colors: [c('天蓝色', 'sky-blue', 'blue'), c('红色', 'red', 'red'), c('淡黄色', 'pale yellow', 'yellow')],
    covering: bi('羽毛', 'feathers'),
    feature: bi('一张尖尖的黄色小嘴', 'a tiny yellow beak'),
    shape: [TINY, FLUFFY],
    limbs: WINGS,
    move: bi('扑扇着翅膀飞', 'flew'),
    habitat: 'forest',
    canFly: true,
  },
  {
    id: 'dinosaur',
    name: bi('恐龙', 'dinosaur'),
    small: bi('小恐龙', 'little dinosaur'),
    zhWords: ['恐龙'],
    enWords: ['dinosaurs', 'dinosaur', 'dino'],
    mw: '只',
    colors: [c('草绿色', 'grass-green', 'green'), c('紫色', 'purple', 'purple')],
    covering: bi('鳞片', 'scales'),
    feature: bi('背上一排小尖刺', 'a row of little spikes on its back'),
    shape: [CHUBBY, ROUND],
    limbs: bi('小短手', 'little arms'),
    move: bi('咚咚咚地走', 'stomped'),
    habitat: 'forest',
  },
  {
    id: 'dragon',
    name: bi('龙', 'dragon'),
    small: bi('小龙', 'little dragon'),
    zhWords: ['小龙', '龙'],
    enWords: ['dragons', 'dragon'],
    mw: '条',
    colors: [c('红色', 'red', 'red'), c('翠绿色', 'emerald-green', 'green')],
    covering: bi('鳞片', 'scales'),
    feature: bi('一对小翅膀和两只弯弯的角', 'small wings and two curly horns'),
    shape: [CHUBBY, TINY],
    limbs: WINGS,
    move: bi('扑扇着翅膀飞', 'flew'),
    habitat: 'mountain',
    canFly: true,
  },
  {
    id: 'giraffe',
    name: bi('长颈鹿', 'giraffe'),
    small: bi('小长颈鹿', 'little giraffe'),
    zhWords: ['长颈鹿'],
    enWords: ['giraffes', 'giraffe'],
    mw: '只',
    colors: [c('黄色带棕色斑点', 'yellow-and-brown patchy', 'yellow', 'brown')],
    covering: bi('皮毛', 'coat'),
    feature: bi('长长的脖子', 'a long, long neck'),
    shape: [TINY, CHUBBY],
    limbs: bi('长腿', 'long legs'),
    move: TROT,
    habitat: 'grassland',
  },
  {
    id: 'snail',
    name: bi('蜗牛', 'snail'),
    small: bi('小蜗牛', 'little snail'),
    zhWords: ['蜗牛'],
    enWords: ['snails', 'snail'],
    mw: '只',
    colors: [c('棕色', 'brown', 'brown')],
    covering: bi('螺旋形的壳', 'spiral shell'),
    feature: bi('两根细细的触角', 'two thin feelers'),
    shape: [TINY, ROUND],
    limbs: bi('触角', 'feelers'),
    move: bi('慢慢地爬', 'crept'),
    habitat: 'garden',
    noClothes: true,
  },
  {
    id: 'butterfly',
    name: bi('蝴蝶', 'butterfly'),
    small: bi('小蝴蝶', 'little butterfly'),
    zhWords: ['蝴蝶'],
    enWords: ['butterflies', 'butterfly', 'caterpillar'],
    mw: '只',
    colors: [c('蓝紫色', 'blue-and-purple', 'blue', 'purple')],
    covering: bi('翅膀', 'wings'),
    feature: bi('翅膀上有圆圆的花点', 'round spots on its wings'),
    shape: [TINY],
    limbs: WINGS,
    move: bi('扇着翅膀飞', 'fluttered'),
    habitat: 'garden',
    canFly: true,
    noClothes: true,
  },
  {
    id: 'bee',
    name: bi('蜜蜂', 'bee'),
    small: bi('小蜜蜂', 'little bee'),
    zhWords: ['蜜蜂'],
    enWords: ['bees', 'bee', 'bumblebee'],
    mw: '只',
    colors: [c('黄黑条纹', 'yellow-and-black striped', 'yellow', 'black')],
    covering: bi('绒毛', 'fuzz'),
    feature: bi('一对透明的小翅膀', 'see-through little wings'),
    shape: [TINY, ROUND],
    limbs: WINGS,
    move: bi('嗡嗡地飞', 'buzzed'),
    habitat: 'garden',
    canFly: true,
    noClothes: true,
  },
  {
    id: 'sheep',
    name: bi('羊', 'sheep'),
    small: bi('小羊', 'little lamb'),
    zhWords: ['绵羊', '小羊', '羊'],
    enWords: ['lambs', 'lamb', 'sheep'],
    mw: '只',
    colors: [c('雪白', 'snow-white', 'white')],
    covering: bi('卷卷的羊毛', 'curly wool'),
    feature: bi('一张黑黑的小脸', 'a little black face'),
    shape: [FLUFFY, ROUND],
    limbs: bi('小蹄子', 'hooves'),
    move: HOP,
    habitat: 'farm',
  },
  {
    id: 'cow',
    name: bi('奶牛', 'cow'),
    small: bi('小牛', 'little calf'),
    zhWords: ['奶牛', '小牛', '牛'],
    enWords: ['calf', 'cows', 'cow'],
    mw: '头',
    colors: [c('黑白花', 'black-and-white spotted', 'black', 'white')],
    covering: bi('皮毛', 'coat'),
    feature: bi('一对弯弯的小角', 'two little curved horns'),
    shape: [CHUBBY, ROUND],
    limbs: bi('小蹄子', 'hooves'),
    move: TROT,
    habitat: 'farm',
  },
  {
    id: 'horse',
    name: bi('马', 'horse'),
    small: bi('小马', 'little pony'),
    zhWords: ['小马', '马'],
    enWords: ['ponies', 'pony', 'horses', 'horse'],
    mw: '匹',
    colors: [c('栗棕色', 'chestnut-brown', 'brown'), c('雪白', 'snow-white', 'white')],
    covering: bi('皮毛', 'coat'),
    feature: bi('一头长长的鬃毛', 'a long flowing mane'),
    shape: [TINY, CHUBBY],
    limbs: bi('小蹄子', 'hooves'),
    move: bi('嘚嘚嘚地跑', 'trotted'),
    habitat: 'farm',
  },
  {
    id: 'deer',
    name: bi('鹿', 'deer'),
    small: bi('小鹿', 'little deer'),
    zhWords: ['小鹿', '鹿'],
    enWords: ['fawn', 'deer'],
    mw: '只',
    colors: [c('浅棕色带白点', 'white-spotted light-brown', 'brown', 'white')],
    covering: bi('皮毛', 'coat'),
    feature: bi('一对小小的鹿角', 'two little antlers'),
    shape: [TINY],
    limbs: bi('细长的腿', 'slender legs'),
    move: HOP,
    habitat: 'forest',
  },
  {
    id: 'robot',
    name: bi('机器人', 'robot'),
    small: bi('小机器人', 'little robot'),
    zhWords: ['机器人'],
    enWords: ['robots', 'robot'],
    mw: '个',
    colors: [c('银色', 'silver', 'grey', 'white'), c('天蓝色', 'sky-blue', 'blue', 'grey')],
    covering: bi('金属外壳', 'metal body'),
    feature: bi('一双会发光的圆眼睛', 'round glowing eyes'),
    shape: [ROUND, TINY],
    limbs: bi('机械手臂', 'metal arms'),
    move: bi('咔嗒咔嗒地走', 'clanked'),
    habitat: 'city',
  },
  {
    id: 'girl',
    name: bi('女孩', 'girl'),
    small: bi('小女孩', 'little girl'),
    zhWords: ['小女孩', '女孩', '小姑娘', '公主'],
    enWords: ['princess', 'girl'],
    mw: '个',
    colors: [c('黑色', 'black', 'black'), c('棕色', 'brown', 'brown')],
    covering: bi('头发', 'hair'),
    feature: bi('扎着两条小辫子', 'two little pigtails'),
    shape: [bi('活泼的', 'lively'), bi('爱笑的', 'smiley')],
    limbs: bi('小手', 'hands'),
    move: HOP,
    habitat: 'home',
    person: true,
  },
  {
    id: 'boy',
    name: bi('男孩', 'boy'),
    small: bi('小男孩', 'little boy'),
    zhWords: ['小男孩', '男孩', '王子'],
    enWords: ['prince', 'boy'],
    mw: '个',
    colors: [c('黑色', 'black', 'black'), c('棕色', 'brown', 'brown')],
    covering: bi('短头发', 'short hair'),
    feature: bi('圆圆的脸蛋', 'round rosy cheeks'),
    shape: [bi('活泼的', 'lively'), bi('爱笑的', 'smiley')],
    limbs: bi('小手', 'hands'),
    move: HOP,
    habitat: 'home',
    person: true,
  },
];

/** Words for a child or a storybook person (a knight, a pirate): drawn as a girl or a boy. */
export const CHILD_WORDS = {
  zh: [
    '小朋友',
    '孩子',
    '宝宝',
    '骑士',
    '巫师',
    '魔法师',
    '国王',
    '女王',
    '海盗',
    '宇航员',
    '探险家',
    '小画家',
    '医生',
  ],
  en: [
    'child',
    'kid',
    'children',
    'knight',
    'wizard',
    'witch',
    'king',
    'queen',
    'pirate',
    'astronaut',
    'explorer',
    'doctor',
  ],
};

/**
 * Subjects with no body plan of their own: the story calls them by the topic's word (a camel is a
 * camel in the text) and the picture draws the nearest kind. `grownUp` people get a title, not a
 * pet name ("王奶奶", "Grandma Rose").
 */
export interface SubjectWord {
  zh: string[];
  en: string[];
  kind: string;
  label: Bi;
  small: Bi;
  grownUp?: boolean;
  she?: boolean;
}

const subj = (
  kind: string,
  label: Bi,
  small: Bi,
  zh: string[],
  en: string[],
  extra: Partial<SubjectWord> = {},
): SubjectWord => ({ kind, label, small, zh, en, ...extra });

export const SUBJECT_WORDS: SubjectWord[] = [
  subj('horse', bi('骆驼', 'camel'), bi('小骆驼', 'little camel'), ['骆驼'], ['camels', 'camel']),
  subj(
    'rabbit',
    bi('袋鼠', 'kangaroo'),
    bi('小袋鼠', 'little kangaroo'),
    ['袋鼠'],
    ['kangaroos', 'kangaroo'],
  ),
  subj('bee', bi('蚂蚁', 'ant'), bi('小蚂蚁', 'little ant'), ['蚂蚁'], ['ants', 'ant']),
  subj(
    'bear',
    bi('北极熊', 'polar bear'),
    bi('小北极熊', 'little polar bear'),
    ['北极熊'],
    ['polar bears', 'polar bear'],
  ),
  subj('horse', bi('斑马', 'zebra'), bi('小斑马', 'little zebra'), ['斑马'], ['zebras', 'zebra']),
  subj(
    'horse',
    bi('独角兽', 'unicorn'),
    bi('小独角兽', 'little unicorn'),
    ['独角兽'],
    ['unicorns', 'unicorn'],
  ),
  subj('dog', bi('狼', 'wolf'), bi('小狼', 'little wolf'), ['小狼', '狼'], ['wolves', 'wolf']),
  subj('sheep', bi('山羊', 'goat'), bi('小山羊', 'little goat'), ['山羊'], ['goats', 'goat']),
  subj('mouse', bi('仓鼠', 'hamster'), bi('小仓鼠', 'little hamster'), ['仓鼠'], ['hamsters', 'hamster']),
  subj('bird', bi('鹦鹉', 'parrot'), bi('小鹦鹉', 'little parrot'), ['鹦鹉'], ['parrots', 'parrot']),
  subj('duck', bi('天鹅', 'swan'), bi('小天鹅', 'little swan'), ['天鹅'], ['swans', 'swan']),
  subj('whale', bi('鲨鱼', 'shark'), bi('小鲨鱼', 'little shark'), ['鲨鱼'], ['sharks', 'shark']),
  subj('fish', bi('章鱼', 'octopus'), bi('小章鱼', 'little octopus'), ['章鱼'], ['octopus']),
  subj(
    'bee',
    bi('瓢虫', 'ladybird'),
    bi('小瓢虫', 'little ladybird'),
    ['瓢虫'],
    ['ladybirds', 'ladybird', 'ladybug'],
  ),
  subj('bear', bi('考拉', 'koala'), bi('小考拉', 'little koala'), ['考拉', '树袋熊'], ['koalas', 'koala']),
  subj(
    'elephant',
    bi('河马', 'hippo'),
    bi('小河马', 'little hippo'),
    ['河马'],
    ['hippos', 'hippo', 'hippopotamus'],
  ),
  subj('robot', bi('雪人', 'snowman'), bi('小雪人', 'little snowman'), ['雪人'], ['snowmen', 'snowman']),
  subj(
    'girl',
    bi('奶奶', 'grandma'),
    bi('奶奶', 'grandma'),
    ['奶奶', '外婆', '姥姥'],
    ['grandma', 'granny', 'grandmother'],
    {
      grownUp: true,
      she: true,
    },
  ),
  subj(
    'boy',
    bi('爷爷', 'grandpa'),
    bi('爷爷', 'grandpa'),
    ['爷爷', '外公', '姥爷'],
    ['grandpa', 'grandad', 'grandfather'],
    {
      grownUp: true,
    },
  ),
  subj('girl', bi('老师', 'teacher'), bi('老师', 'teacher'), ['老师'], ['teacher'], { grownUp: true }),
  subj(
    'boy',
    bi('消防员', 'firefighter'),
    bi('消防员', 'firefighter'),
    ['消防员'],
    ['firefighter', 'fireman'],
    {
      grownUp: true,
    },
  ),
  subj(
    'boy',
    bi('兄弟', 'brother'),
    bi('哥哥', 'big brother'),
    ['兄弟', '哥哥', '弟弟'],
    ['brothers', 'brother'],
  ),
  subj(
    'girl',
    bi('姐妹', 'sister'),
    bi('姐姐', 'big sister'),
    ['姐妹', '姐姐', '妹妹'],
    ['sisters', 'sister'],
    {
      she: true,
    },
  ),
];

/** Chinese surnames a grown-up hero is called by ("王奶奶"). */
export const SURNAMES = ['王', '李', '张', '陈', '刘', '杨', '林', '周'];

export function kindById(id: string): Kind {
  const k = KINDS.find((x) => x.id === id);
  if (!k) throw new Error(`unknown kind ${id}`);
  return k;
}

export interface Scene {
  id: SceneId;
  /** Noun phrase: 大森林 / the big green forest. */
  place: Bi;
  /** Where something is: zh follows 在/住在 (大森林里), en is a full phrase (in the big green forest). */
  at: Bi;
  zhWords: string[];
  enWords: string[];
  spots: Bi[];
  /** Somewhere high to jump from or look out. */
  high: Bi;
  water: Bi;
  /** What you land in when you fall. */
  soft: Bi;
  /** What you brush off after a fall. */
  dust: Bi;
  tangle: Bi;
  details: Bi[];
  companions: string[];
}

export const SCENES: Scene[] = [
  {
    id: 'forest',
    place: bi('大森林', 'the big green forest'),
    at: bi('大森林里', 'in the big green forest'),
    zhWords: ['森林', '树林', '林子', '丛林', '树上'],
    enWords: ['forest', 'woods', 'jungle', 'woodland'],
    spots: [
      bi('那棵老橡树', 'the old oak tree'),
      bi('林间的小溪', 'the little stream'),
      bi('开满野花的空地', 'the clearing full of wildflowers'),
      bi('长满青苔的大石头', 'the big mossy rock'),
    ],
    high: bi('最高的那块大石头', 'the tallest rock'),
    water: bi('林子里的小池塘', 'the forest pond'),
    soft: bi('落叶', 'fallen leaves'),
    dust: bi('落叶', 'leaves'),
    tangle: bi('一堆乱糟糟的树枝', 'a tangle of branches'),
    details: [
      bi(
        '高高的大树像一把把绿色的大伞，阳光从树叶的缝隙里洒下来。',
        'The tall trees spread out like big green umbrellas, and sunlight dripped through the leaves.',
      ),
      bi(
        '小溪叮叮咚咚地流着，空气里满是青草和野花的香味。',
        'A little stream went tinkling by, and the air smelled of fresh grass and wildflowers.',
      ),
    ],
    companions: ['squirrel', 'owl', 'rabbit', 'hedgehog', 'deer', 'bear', 'fox', 'bird'],
  },
  {
    id: 'snow',
    place: bi('冰原', 'the snowy ice fields'),
    at: bi('白雪皑皑的冰原上', 'out on the snowy ice fields'),
    zhWords: ['南极', '北极', '冰原', '雪地', '冰川', '冰雪', '冬天', '雪', '冰'],
    enWords: ['antarctica', 'antarctic', 'arctic', 'snowy', 'snow', 'ice', 'icy', 'winter', 'polar'],
    spots: [
      bi('那座亮晶晶的冰山', 'the sparkly iceberg'),
      bi('结了冰的湖面', 'the frozen lake'),
      bi('软软的雪坡', 'the soft snowy slope'),
      bi('圆圆的冰屋', 'the round igloo'),
    ],
    high: bi('最高的雪堆', 'the highest snowdrift'),
    water: bi('冰面边上的海水', 'the cold blue water by the ice'),
    soft: bi('雪', 'snow'),
    dust: bi('雪', 'snow'),
    tangle: bi('一大堆积雪', 'a big heap of snow'),
    details: [
      bi(
        '到处都是白白的雪，冰面在阳光下闪闪发亮。',
        'Everything was white with snow, and the ice sparkled in the sunshine.',
      ),
      bi(
        '冷冷的风呼呼地吹着，远处的冰山像一座座水晶宫殿。',
        'A cold wind whooshed by, and the icebergs far away looked like crystal palaces.',
      ),
    ],
    companions: ['seal', 'penguin', 'owl', 'fox', 'rabbit'],
  },
  {
    id: 'sea',
    place: bi('海边', 'the seaside'),
    at: bi('蓝蓝的大海边', 'by the deep blue sea'),
    zhWords: ['大海', '海边', '海洋', '海底', '沙滩', '海岛', '海'],
    enWords: ['ocean', 'seaside', 'beach', 'island', 'sea', 'underwater'],
    spots: [
      bi('金色的沙滩', 'the golden beach'),
      bi('那块长满海草的礁石', 'the rock covered in seaweed'),
      bi('五颜六色的珊瑚丛', 'the colourful coral'),
      bi('海边的小灯塔', 'the little lighthouse'),
    ],
    high: bi('高高的礁石', 'the tall rock'),
    water: bi('浅浅的海水', 'the shallow water'),
    soft: bi('沙子', 'sand'),
    dust: bi('沙子', 'sand'),
    tangle: bi('一团乱糟糟的海草', 'a tangle of seaweed'),
    details: [
      bi(
        '海浪哗啦啦地拍着沙滩，海鸥在天上唱着歌。',
        'The waves splashed on the sand, and seagulls sang overhead.',
      ),
      bi(
        '沙滩上有好多漂亮的贝壳，在阳光下闪着光。',
        'Pretty shells lay all over the beach, shining in the sun.',
      ),
    ],
    companions: ['crab', 'turtle', 'dolphin', 'fish', 'seal', 'bird'],
  },
  {
    id: 'sky',
    place: bi('云朵王国', 'the land above the clouds'),
    at: bi('高高的云朵上', 'high up above the clouds'),
    zhWords: ['天空', '云朵', '云端', '云', '彩虹', '蓝天'],
    enWords: ['clouds', 'cloud', 'sky', 'rainbow'],
    spots: [
      bi('软绵绵的白云', 'the fluffy white cloud'),
      bi('弯弯的彩虹桥', 'the rainbow bridge'),
      bi('云朵间的小风车', 'the little windmill among the clouds'),
      bi('会下雨的灰云朵', 'the grey rain cloud'),
    ],
    high: bi('最高的那朵云', 'the highest cloud'),
    water: bi('云朵间的小雨池', 'the little rain pool'),
    soft: bi('云絮', 'cloud fluff'),
    dust: bi('云絮', 'cloud fluff'),
    tangle: bi('一团打了结的云', 'a knot of tangled cloud'),
    details: [
      bi(
        '脚下的云朵软绵绵的，像刚刚弹好的棉花。',
        'The clouds underfoot were soft and springy, like freshly fluffed cotton.',
      ),
      bi(
        '一道彩虹挂在天边，风儿轻轻地吹着口哨。',
        'A rainbow hung across the sky, and the wind whistled a gentle tune.',
      ),
    ],
    companions: ['bird', 'owl', 'butterfly', 'bee', 'dragon'],
  },
  {
    id: 'city',
    place: bi('小城', 'the busy little town'),
    at: bi('热闹的小城里', 'in the busy little town'),
    zhWords: ['城市', '小城', '小镇', '城里', '街道', '街上', '马路'],
    enWords: ['city', 'town', 'street', 'streets'],
    spots: [
      bi('街角的面包店', 'the bakery on the corner'),
      bi('城中心的广场', 'the town square'),
      bi('公园里的旋转木马', 'the carousel in the park'),
      bi('红色的邮筒', 'the red postbox'),
    ],
    high: bi('钟楼的台阶', 'the clock tower steps'),
    water: bi('广场上的喷泉', 'the fountain in the square'),
    soft: bi('纸箱', 'cardboard boxes'),
    dust: bi('灰尘', 'dust'),
    tangle: bi('一大堆纸箱', 'a pile of boxes'),
    details: [
      bi(
        '街上车来车往，面包店里飘出香喷喷的味道。',
        'Cars and bikes hurried along the streets, and a warm smell drifted out of the bakery.',
      ),
      bi(
        '高高的楼房一座挨着一座，窗台上开满了小花。',
        'Tall houses stood side by side, with little flowers on every windowsill.',
      ),
    ],
    companions: ['cat', 'dog', 'mouse', 'bird', 'robot'],
  },
  {
    id: 'home',
    place: bi('小屋', 'the cosy little house'),
    at: bi('一座温暖的小屋里', 'in a cosy little house'),
    zhWords: ['家里', '房间', '卧室', '小屋', '房子', '家'],
    enWords: ['home', 'house', 'bedroom', 'room'],
    spots: [
      bi('洒满阳光的窗台', 'the sunny windowsill'),
      bi('软软的沙发', 'the squashy sofa'),
      bi('院子里的苹果树', 'the apple tree in the yard'),
      bi('堆满玩具的角落', 'the toy corner'),
    ],
    high: bi('书架顶上', 'the top of the bookshelf'),
    water: bi('院子里的小水池', 'the little pond in the yard'),
    soft: bi('软垫', 'cushions'),
    dust: bi('灰尘', 'fluff'),
    tangle: bi('一大团毛线', 'a big tangle of wool'),
    details: [
      bi(
        '壁炉里的火噼噼啪啪地响着，屋子里暖洋洋的。',
        'A fire crackled in the fireplace, and the whole house felt warm.',
      ),
      bi(
        '窗外的苹果树轻轻摇着，阳光照在地板上。',
        'The apple tree swayed outside the window, and sunlight lay on the floor.',
      ),
    ],
    companions: ['cat', 'dog', 'mouse', 'bird', 'chick'],
  },
  {
    id: 'farm',
    place: bi('农场', 'the sunny farm'),
    at: bi('绿油油的农场里', 'on the sunny farm'),
    zhWords: ['农场', '农庄', '乡下', '村子', '田野', '麦田'],
    enWords: ['farm', 'barn', 'village', 'countryside', 'field'],
    spots: [
      bi('红色的大谷仓', 'the big red barn'),
      bi('金黄的麦田', 'the golden wheat field'),
      bi('菜园边的篱笆', 'the vegetable patch fence'),
      bi('那架老风车', 'the old windmill'),
    ],
    high: bi('高高的干草堆', 'the tall haystack'),
    water: bi('农场的小池塘', 'the duck pond'),
    soft: bi('干草', 'hay'),
    dust: bi('干草', 'hay'),
    tangle: bi('一大堆干草', 'a big heap of hay'),
    details: [
      bi(
        '谷仓旁边的公鸡喔喔地叫，麦田在风里翻起金色的波浪。',
        'The rooster crowed by the barn, and the wheat rippled like golden waves.',
      ),
      bi(
        '菜园里的南瓜圆滚滚的，篱笆上爬满了牵牛花。',
        'Fat pumpkins sat in the vegetable patch, and morning glories climbed the fence.',
      ),
    ],
    companions: ['chick', 'pig', 'cow', 'duck', 'sheep', 'horse', 'dog', 'cat'],
  },
  {
    id: 'garden',
    place: bi('花园', 'the flower garden'),
    at: bi('开满鲜花的花园里', 'in the flower garden'),
    zhWords: ['花园', '菜园', '花丛', '公园', '草坪'],
    enWords: ['garden', 'park', 'flowers', 'meadow'],
    spots: [
      bi('红红的玫瑰花丛', 'the red rosebush'),
      bi('小小的木头秋千', 'the little wooden swing'),
      bi('长满蘑菇的角落', 'the mushroom corner'),
      bi('弯弯的石头小路', 'the winding stone path'),
    ],
    high: bi('最高的那棵向日葵', 'the tallest sunflower'),
    water: bi('花园里的小水池', 'the little garden pond'),
    soft: bi('花瓣', 'petals'),
    dust: bi('花瓣', 'petals'),
    tangle: bi('一丛缠在一起的藤蔓', 'a tangle of vines'),
    details: [
      bi(
        '花园里开满了五颜六色的花，蝴蝶在花丛中飞来飞去。',
        'Flowers of every colour filled the garden, and butterflies flitted between them.',
      ),
      bi('露珠在叶子上滚来滚去，像一颗颗小珍珠。', 'Dewdrops rolled about on the leaves like tiny pearls.'),
    ],
    companions: ['butterfly', 'bee', 'snail', 'frog', 'hedgehog', 'mouse', 'bird'],
  },
  {
    id: 'mountain',
    place: bi('大山', 'the tall mountains'),
    at: bi('高高的大山里', 'high in the mountains'),
    zhWords: ['山顶', '高山', '大山', '山上', '山里', '山'],
    enWords: ['mountains', 'mountain', 'hills', 'hill', 'peak'],
    spots: [
      bi('山腰上的松树林', 'the pine wood on the hillside'),
      bi('叮咚作响的山泉', 'the tinkling spring'),
      bi('开满小花的山坡', 'the flowery slope'),
      bi('山顶的大石头', 'the big rock at the top'),
    ],
    high: bi('陡陡的山坡', 'the steep slope'),
    water: bi('清清的山泉', 'the clear mountain spring'),
    soft: bi('松针', 'pine needles'),
    dust: bi('松针', 'pine needles'),
    tangle: bi('一丛带刺的灌木', 'a prickly bush'),
    details: [
      bi(
        '白云在山腰上慢慢飘，山泉叮叮咚咚地唱着歌。',
        'Clouds drifted slowly round the mountainside, and a spring sang as it tumbled down.',
      ),
      bi(
        '站在山坡上，能看见远处一座又一座的山峰。',
        'From the slope, you could see peak after peak stretching far away.',
      ),
    ],
    companions: ['deer', 'bird', 'rabbit', 'bear', 'owl'],
  },
  {
    id: 'river',
    place: bi('小河边', 'the winding river'),
    at: bi('弯弯的小河边', 'beside the winding river'),
    zhWords: ['小河', '河边', '池塘', '湖边', '湖', '河', '溪'],
    enWords: ['river', 'pond', 'lake', 'stream'],
    spots: [
      bi('河上的小木桥', 'the little wooden bridge'),
      bi('长满芦苇的岸边', 'the reedy bank'),
      bi('大大的荷叶', 'the big lily pad'),
      bi('河边的柳树', 'the willow tree by the water'),
    ],
    high: bi('河边的大柳树', 'the big willow tree'),
    water: bi('清清的河水', 'the clear river water'),
    soft: bi('泥巴', 'mud'),
    dust: bi('泥巴', 'mud'),
    tangle: bi('一丛缠在一起的芦苇', 'a tangle of reeds'),
    details: [
      bi(
        '河水清清的，能看见小鱼在水草间游来游去。',
        'The water was so clear you could see little fish darting between the weeds.',
      ),
      bi(
        '柳树的枝条垂到水面上，风一吹就轻轻摇摆。',
        'Willow branches trailed in the water and swayed whenever the wind blew.',
      ),
    ],
    companions: ['frog', 'duck', 'fish', 'turtle', 'bird'],
  },
  {
    id: 'grassland',
    place: bi('大草原', 'the wide grasslands'),
    at: bi('辽阔的大草原上', 'out on the wide grasslands'),
    zhWords: ['大草原', '草原', '草地'],
    enWords: ['grasslands', 'grassland', 'savanna', 'savannah', 'prairie'],
    spots: [
      bi('那棵孤零零的大树', 'the lonely old tree'),
      bi('高高的草丛', 'the tall grass'),
      bi('草原上的水塘', 'the watering hole'),
      bi('红红的小土坡', 'the little red hill'),
    ],
    high: bi('红红的小土坡', 'the little red hill'),
    water: bi('草原上的水塘', 'the watering hole'),
    soft: bi('草丛', 'grass'),
    dust: bi('草屑', 'bits of grass'),
    tangle: bi('一丛带刺的灌木', 'a thorny bush'),
    details: [
      bi(
        '草原一眼望不到边，风吹过的时候，草浪一层一层地翻滚。',
        'The grass stretched as far as the eye could see, rolling in waves when the wind blew.',
      ),
      bi('远处的大树下，几只斑马正在悠闲地吃草。', 'Under a faraway tree, a few zebras were munching grass.'),
    ],
    companions: ['elephant', 'giraffe', 'lion', 'bird', 'rabbit'],
  },
  {
    id: 'space',
    place: bi('星空', 'outer space'),
    at: bi('遥远的星空里', 'far out among the stars'),
    zhWords: ['太空', '宇宙', '星空', '月亮', '月球', '星星', '星球', '火星'],
    enWords: ['space', 'moon', 'stars', 'star', 'planet', 'planets', 'rocket', 'mars'],
    spots: [
      bi('弯弯的月亮', 'the crescent moon'),
      bi('那颗蓝色的小星球', 'the little blue planet'),
      bi('一闪一闪的星星', 'the twinkling stars'),
      bi('银色的小火箭', 'the silver rocket'),
    ],
    high: bi('月亮上的小山', 'the hill on the moon'),
    water: bi('亮晶晶的星光湖', 'the starlight lake'),
    soft: bi('星尘', 'stardust'),
    dust: bi('星尘', 'stardust'),
    tangle: bi('一团星尘', 'a cloud of stardust'),
    details: [
      bi(
        '四周黑黑的，无数颗星星像撒了一地的宝石。',
        'All around was dark, and countless stars glittered like scattered jewels.',
      ),
      bi(
        '月亮静静地挂着，身边飘过一颗拖着尾巴的彗星。',
        'The moon hung quietly, and a comet with a sparkling tail drifted by.',
      ),
    ],
    companions: ['robot', 'owl', 'dog', 'cat'],
  },
  {
    id: 'desert',
    place: bi('大沙漠', 'the wide sandy desert'),
    at: bi('金黄色的大沙漠里', 'in the wide sandy desert'),
    zhWords: ['沙漠', '绿洲', '沙丘'],
    enWords: ['desert', 'dunes', 'dune', 'oasis'],
    spots: [
      bi('高高的沙丘', 'the tall sand dune'),
      bi('那棵仙人掌', 'the prickly cactus'),
      bi('沙漠里的小绿洲', 'the little green oasis'),
      bi('一块晒得发烫的大石头', 'the big sun-baked rock'),
    ],
    high: bi('最高的沙丘顶上', 'the top of the tallest dune'),
    water: bi('绿洲里的小水潭', 'the pool at the oasis'),
    soft: bi('软软的沙子', 'soft sand'),
    dust: bi('沙子', 'sand'),
    tangle: bi('一丛带刺的仙人掌', 'a prickly cactus'),
    details: [
      bi(
        '沙丘一座连着一座，风一吹，沙子就沙沙地流动起来。',
        'Sand dunes rolled on and on, and the sand whispered whenever the wind blew.',
      ),
      bi(
        '太阳火辣辣地照着，远处的空气好像在轻轻抖动。',
        'The sun blazed down, and far away the hot air seemed to shimmer.',
      ),
    ],
    companions: ['bird', 'mouse', 'snail', 'lion'],
  },
  {
    id: 'school',
    place: bi('学校', 'the school'),
    at: bi('热热闹闹的学校里', 'at the busy little school'),
    zhWords: ['学校', '教室', '幼儿园', '课堂', '操场', '上学'],
    enWords: ['school', 'classroom', 'kindergarten', 'playground', 'class'],
    spots: [
      bi('教室里的小书桌', 'the little desk in the classroom'),
      bi('操场上的滑梯', 'the slide in the playground'),
      bi('挂满图画的墙', 'the wall full of paintings'),
      bi('教室后面的图书角', 'the book corner at the back of the classroom'),
    ],
    high: bi('滑梯顶上', 'the top of the slide'),
    water: bi('操场边的小水池', 'the drinking fountain'),
    soft: bi('软软的垫子', 'the soft mats'),
    dust: bi('粉笔灰', 'chalk dust'),
    tangle: bi('一大堆彩色蜡笔', 'a big heap of crayons'),
    details: [
      bi(
        '教室里摆着一张张小书桌，黑板上画着一个大大的太阳。',
        'The classroom was full of little desks, and a big sun was drawn on the blackboard.',
      ),
      bi(
        '铃声叮铃铃地响了，操场上全是笑声和跑来跑去的小脚丫。',
        'The bell rang, and the playground filled with laughter and running feet.',
      ),
    ],
    companions: ['boy', 'girl', 'rabbit', 'bird'],
  },
  {
    id: 'volcano',
    place: bi('火山谷', 'the volcano valley'),
    at: bi('冒着烟的火山脚下', 'at the foot of the smoking volcano'),
    zhWords: ['火山谷', '火山', '岩浆', '熔岩'],
    enWords: ['volcano', 'volcanoes', 'lava', 'crater'],
    spots: [
      bi('冒着热气的温泉', 'the steaming hot spring'),
      bi('黑黑的火山石', 'the black lava rocks'),
      bi('火山脚下的小树林', 'the little wood at the foot of the volcano'),
      bi('红红的岩浆河', 'the glowing river of lava'),
    ],
    high: bi('火山口的边上', 'the rim of the crater'),
    water: bi('冒着热气的温泉', 'the steaming hot spring'),
    soft: bi('暖暖的火山灰', 'warm ash'),
    dust: bi('火山灰', 'ash'),
    tangle: bi('一堆黑黑的火山石', 'a heap of black lava rocks'),
    details: [
      bi(
        '高高的火山顶上冒着一缕缕白烟，山下的石头都是暖暖的。',
        'Puffs of white smoke curled from the top of the tall volcano, and the rocks below were warm.',
      ),
      bi(
        '远处，红红的岩浆慢慢地流着，像一条发光的小河。',
        'Far off, red lava crept slowly along like a glowing river.',
      ),
    ],
    companions: ['dinosaur', 'bird', 'lion', 'dragon'],
  },
];

export function sceneById(id: SceneId): Scene {
  const s = SCENES.find((x) => x.id === id);
  if (!s) throw new Error(`unknown scene ${id}`);
  return s;
}

export const NAMES: Record<'zh' | 'en', string[]> = {
  zh: [
    '波波',
    '豆豆',
    '米米',
    '朵朵',
    '乐乐',
    '团团',
    '果果',
    '糖糖',
    '皮皮',
    '琪琪',
    '毛毛',
    '点点',
    '叮当',
    '圆圆',
    '小满',
    '跳跳',
    '花卷',
    '布丁',
    '可可',
    '栗子',
  ],
  en: [
    'Pip',
    'Nutmeg',
    'Milo',
    'Luna',
    'Rosie',
    'Bramble',
    'Otto',
    'Poppy',
    'Juniper',
    'Biscuit',
    'Hazel',
    'Teddy',
    'Clover',
    'Finn',
    'Maple',
    'Pepper',
    'Wren',
    'Ollie',
    'Tilly',
    'Bo',
  ],
};

export interface ColorWord extends Bi {
  basic: string;
}
export const ACCENT_COLORS: ColorWord[] = [
  { zh: '红色', en: 'red', basic: 'red' },
  { zh: '黄色', en: 'yellow', basic: 'yellow' },
  { zh: '蓝色', en: 'blue', basic: 'blue' },
  { zh: '绿色', en: 'green', basic: 'green' },
  { zh: '橙色', en: 'orange', basic: 'orange' },
  { zh: '紫色', en: 'purple', basic: 'purple' },
  { zh: '粉色', en: 'pink', basic: 'pink' },
];

export interface Accessory {
  id: string;
  /** `{c}` is the colour: 围着一条{c}的围巾 / a {c} scarf. */
  zh: string;
  en: string;
  clothes?: boolean;
}
export const ACCESSORIES: Accessory[] = [
  { id: 'scarf', zh: '围着一条{c}的围巾', en: 'a {c} scarf' },
  { id: 'hat', zh: '戴着一顶{c}的小帽子', en: 'a {c} hat' },
  { id: 'bow', zh: '系着一个{c}的蝴蝶结', en: 'a {c} bow' },
  { id: 'backpack', zh: '背着一个{c}的小背包', en: 'a {c} backpack', clothes: true },
  { id: 'raincoat', zh: '穿着一件{c}的雨衣', en: 'a {c} raincoat', clothes: true },
  { id: 'boots', zh: '穿着一双{c}的小靴子', en: '{c} boots', clothes: true },
  { id: 'vest', zh: '穿着一件{c}的小背心', en: 'a {c} vest', clothes: true },
];

/** Character traits: zh as a predicate, en as a predicate after the name. */
export const TRAITS: Bi[] = [
  bi('特别爱笑', 'loved to laugh'),
  bi('对什么都好奇', 'was curious about everything'),
  bi('有一点点害羞', 'was just a little bit shy'),
  bi('最喜欢哼歌', 'was always humming a tune'),
  bi('跑起来像一阵风', 'could run like the wind'),
  bi('总是笑眯眯的', 'was always smiling'),
  bi('做事特别认真', 'always tried very hard'),
  bi('脑袋里装满了奇思妙想', 'was full of funny ideas'),
];
