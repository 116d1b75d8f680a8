// The plot material of the offline writer: for each kind of goal a story can have (learn a skill,
// find something, make a friend, be brave, go somewhere, sleep, grow a seed, make a gift, help),
// the problem, the tries, the turning points and endings, and the beats every story shares.
import type { Bi } from './lexicon.js';

export type TimeOfDay = 'morning' | 'noon' | 'afternoon' | 'evening' | 'night';

export type GoalId =
  | 'learn'
  | 'find'
  | 'friend'
  | 'brave'
  | 'journey'
  | 'sleep'
  | 'grow'
  | 'gift'
  | 'help'
  | 'make';

/** One story beat: a few sentences (several phrasings), what the picture shows, and when. */
export interface BeatSpec {
  variants: Bi[];
  act: Bi;
  time?: TimeOfDay;
  /** Takes place at the journey's destination rather than at home. */
  atDestination?: boolean;
}

export interface Resolution {
  turn: BeatSpec;
  success: BeatSpec;
  ending: BeatSpec;
}

export interface GoalPlot {
  id: GoalId;
  titles: Bi[];
  problem: BeatSpec;
  tries: BeatSpec[];
  resolutions: Resolution[];
  share: BeatSpec;
  /** Replaces the shared opening (a bedtime story starts in the evening). */
  opening?: BeatSpec;
  /** The whole story happens at night: no night/next-morning beats, no daytime party. */
  nightStory?: boolean;
  /** Reactions after a failed try, when the shared ones do not fit (in bed at night). */
  reactions?: Bi[];
  /** Shared beats (and 'cheer', the friend's cheering reaction) that contradict this plot. */
  exclude?: string[];
  /** Tries for a hero who travels by {vehicle} (a rocket meets no stream to jump). */
  vehicleTries?: BeatSpec[];
}

const bi = (zh: string, en: string): Bi => ({ zh, en });
const beat = (variants: Bi[], act: Bi, time?: TimeOfDay, atDestination?: boolean): BeatSpec => ({
  variants,
  act,
  time,
  atDestination,
});

/** A reaction after a failed try, appended so tries do not all end the same way. */
export const REACTIONS: Bi[] = [
  bi(
    '{ta}拍拍身上的{dust}，又站了起来，心里还惦记着{aim}。',
    '{he} brushed off the {dust} and got up again, still thinking of {aim}.',
  ),
  bi(
    '{H}对自己说：“{aim}可难不倒我，再来一次！”',
    '{H} told {himself}, "One more go at {aim}, and this time it will work!"',
  ),
  bi(
    '{F1}在{s2}旁边替{ta}加油：“{H}，为了{aim}，再试一次！”',
    '{F1} cheered from over by {s2}, "Come on, {H}, think of {aim}!"',
  ),
  bi(
    '{H}揉揉鼻子，嘟着嘴想：{aim}到底该怎么办呢？',
    '{H} rubbed {his} nose and had a little think about {aim}.',
  ),
  bi(
    '{ta}有点儿泄气，可还是不想放弃{aim}。',
    '{he} felt a bit gloomy, but {he} did not want to give up on {aim}.',
  ),
];

// ---------------------------------------------------------------------------------------------
// Shared beats
// ---------------------------------------------------------------------------------------------

export const COMMON = {
  opening: beat(
    [
      bi(
        '在{at}，住着一{Hmw}{Hk}，名叫{H}。{H}{trait}，每天一睁开眼睛，就{move}到{s1}去看看今天有什么新鲜事。',
        '{at} there lived a {Hk} called {H}, who {trait}. Every morning, as soon as {he} woke up, {he} {move} over to {s1} to see what was new.',
      ),
      bi(
        '清晨，{Hk}{H}伸了个大大的懒腰，从暖和的被窝里钻了出来。太阳刚刚升起，{s1}亮堂堂的。{H}{trait}，这天早上在{place}也不例外。',
        'Early one morning, {H} the {Hk} gave a great big stretch and wriggled out of {his} warm bed. The sun was just coming up over {s1}, and the {Hkind} blinked at the light. {H} {trait}, and that morning {at} was no different.',
      ),
      bi(
        '从前，在{at}，住着一{Hmw}{Hk}，{ta}的名字叫{H}。{detail}',
        'Once upon a time, {at}, there lived a {Hk} named {H}. {detail}',
      ),
      bi(
        '你认识住在{at}的{Hk}{H}吗？{H}{trait}，{place}的大家都很喜欢{ta}。',
        'Have you ever met {H}, the {Hk} who lived {at}? {H} {trait}, and everyone liked {him} very much.',
      ),
    ],
    bi('{H}在{place}迎来新的一天', '{H} greeting a new day {at}'),
    'morning',
  ),
  wander: beat(
    [
      bi(
        '{H}一边走，一边哼着小曲。{detail}{detail2}',
        '{H} hummed a little tune as {he} went along. {detail} {detail2}',
      ),
      bi(
        '{detail2}{H}停下脚步，深深地吸了一口气，心里甜丝丝的。今天一定是美好的一天。',
        '{detail2} {H} stopped and took a deep breath, feeling happy all over. It was going to be a good day.',
      ),
    ],
    bi('{H}在{s2}旁边散步，四处张望', '{H} strolling past {s2}, looking all around'),
  ),
  meetF1: beat(
    [
      bi(
        '走着走着，{H}在{s2}旁边遇到了{F1}。{F1s}{F1trait}，是{H}最好的朋友。两个好朋友一见面，就在{s3}旁边聊个没完。',
        "On the way to {s1}, {H} met {F1}. {F1s} {F1trait}, and was {H}'s very best friend {at}. Whenever the two of them met by {s2}, they chattered and chattered.",
      ),
      bi(
        '“早上好呀，{H}，今天去{s3}吗？”{F1}从{s2}后面探出头来。{F1s}住在{s1}旁边，是{H}的好朋友，{F1trait}。',
        '{F1} popped out from behind {s2}. "Good morning, {H}, are you off to {s3} today?" {F1s} lived by {s1}, was {H}\'s good friend, and {F1trait}.',
      ),
    ],
    bi('{H}在{s2}旁边遇到{F1s}，挥手打招呼', '{H} meeting {F1s} by {s2}, waving hello'),
  ),
  meetF2: beat(
    [
      bi(
        '这时，{F2}也来了。{F2s}年纪最大，知道的事情也最多，大家有了难题都爱去问{F2s}。',
        'Just then, {F2} came along. {F2s} was the oldest of them all and knew a great many things, so everyone went to {F2s} with their troubles.',
      ),
      bi(
        '{H}和{F1s}正说着话，{F2}凑了过来。“你们在聊什么呀？”{F2s}好奇地问。{H}把事情一五一十地讲了，{F2s}听得可认真了。',
        'As {H} and {F1s} were talking, {F2} came over. "What are you two talking about?" {F2s} asked. So they told {F2s} all about it, and {F2s} listened carefully.',
      ),
    ],
    bi('{F2s}走过来，和{H}、{F1s}聊天', '{F2s} coming over to talk with {H} and {F1s}'),
  ),
  low: beat(
    [
      bi(
        '太阳慢慢落山了，{H}一个人坐在{s3}旁边，耷拉着脑袋。“{lowLine}”{ta}小声地说。世界好大，{ta}觉得自己好小。',
        'The sun was going down. {H} sat all alone by {s3}, looking at {his} feet. "{lowLine}" {he} whispered. The world felt very big, and {he} felt very small.',
      ),
      bi(
        '天色暗了下来，{H}的眼睛里含着泪花。{ta}难过地想：“{lowLine}”一片叶子轻轻落下来，像是在安慰{ta}。',
        'The sky over {s3} grew dark, and {H}\'s eyes filled with tears. "{lowLine}" {he} thought sadly. A leaf drifted down beside {him}, as if to say, "There, there."',
      ),
    ],
    bi('{H}独自坐在{s3}旁边，低着头很难过', '{H} sitting alone and sad by {s3}'),
    'evening',
  ),
  comfort: beat(
    [
      bi(
        '{F1}挨着{H}坐下，轻轻地说：“别难过，{aim}的事，我们明天再想办法。”{H}吸了吸鼻子，点了点头。',
        '{F1} sat down next to {H} and said softly, "Don\'t be sad, we\'ll think about {aim} again tomorrow." {H} sniffed and nodded, and the two friends watched the first star come out over {place}.',
      ),
      bi(
        '{F1}递给{H}一块甜甜的饼干，说：“不管怎么样，你都是我最好的朋友。”{H}终于笑了。',
        '{F1} handed {H} a sweet biscuit. "Whatever happens, you\'re still my best friend," {F1s} said. At last, {H} smiled, and the biscuit tasted like sunshine.',
      ),
    ],
    bi('{F1s}坐在{H}身边安慰{ta}', '{F1s} sitting down next to {H}, comforting {him}'),
    'evening',
  ),
  night: beat(
    [
      bi(
        '夜深了，星星一颗一颗地亮了起来。{H}躺在被窝里，望着窗外的月亮，怎么也睡不着。{ta}一直在想：{thought}呢？',
        'Night came, and the stars came out one by one. {H} lay in bed looking at the moon, wide awake. {he} kept wondering {thought}.',
      ),
      bi(
        '月亮爬上了树梢，四周静悄悄的。{H}把小脸贴在窗户上，小声地问月亮：“月亮月亮，你知道{thought}吗？”月亮只是温柔地笑着。',
        'The moon climbed above the treetops, and everything went quiet. {H} pressed {his} nose to the window and whispered, "Moon, do you know {thought}?" The moon just smiled gently.',
      ),
    ],
    bi('{H}躺在床上望着窗外的月亮和星星', '{H} lying in bed, looking at the moon and stars'),
    'night',
  ),
  nextMorning: beat(
    [
      bi(
        '第二天一大早，{H}就起床了。{ta}把小脸洗得干干净净，吃了一顿香喷喷的早饭，对自己说：“今天再试一次！”',
        'The next morning, {H} was up bright and early. {he} washed {his} face, ate a big breakfast, and said to {himself}, "I\'ll try again today!"',
      ),
      bi(
        '第二天，太阳暖暖地照着{place}。{H}睁开眼睛，伸了个懒腰，觉得浑身又充满了力气。昨天的难过，好像都被阳光晒干了。',
        "The next day, the sun shone warmly over {place}. {H} opened {his} eyes, stretched, and felt full of strength again. Yesterday's sadness seemed to have dried up in the sunshine.",
      ),
    ],
    bi('{H}在晨光里精神抖擞地出发', '{H} setting off again in the morning sunshine'),
    'morning',
  ),
  prepare: beat(
    [
      bi(
        '{H}深深地吸了一口气。{F1}和{F2}站在旁边，朝{ta}用力地点头。“我们相信你！”他们齐声说。',
        '{H} took a deep breath. {F1} and {F2} stood close by and gave {him} a big nod. "We believe in you!" they said together.',
      ),
      bi(
        '“准备好了吗？”{F2}问。{H}握紧了小拳头：“准备好了！”{F1}在一旁紧张得捂住了眼睛。',
        '"Are you ready?" asked {F2}. {H} clenched {his} fists. "Ready!" {F1} could hardly bear to watch, but peeked anyway.',
      ),
    ],
    bi('{H}深吸一口气，朋友们在旁边鼓励', '{H} taking a deep breath while {his} friends cheer {him} on'),
  ),
  celebrate: beat(
    [
      bi(
        '大家都围了过来，又是拍手又是欢呼。{F1}高兴得跳了起来：“{H}，你真棒！”{H}笑了，心里轻飘飘的，像一片羽毛。',
        'Everyone gathered round, clapping and cheering. {F1} jumped for joy. "{H}, you did it! You really, truly did it!" {H} laughed, and {his} heart felt as light as a feather.',
      ),
      bi(
        '那天，{place}热闹极了。大家唱歌、跳舞，还为{H}准备了一个大大的蛋糕。{H}的脸红红的，心里甜甜的。',
        "That day, there was a party {at}. Everyone sang and danced, and there was a big cake just for {H}. {H}'s cheeks glowed pink with happiness.",
      ),
    ],
    bi('朋友们围着{H}欢呼庆祝', 'friends cheering and celebrating around {H}'),
  ),
  homecoming: beat(
    [
      bi(
        '太阳快要下山了，天边一片橘红。{H}和朋友们说了再见，{move}回家去了。这真是了不起的一天！',
        'The sun was sinking, and the sky turned orange and pink. {H} said goodbye to {his} friends and {move} all the way home. What a day it had been!',
      ),
      bi(
        '天边的晚霞红彤彤的，像一块大大的花手帕。“明天见！”“明天见！”{H}挥挥手，{move}回家去了。',
        'The evening clouds glowed red, like a great big flowery handkerchief. "See you tomorrow!" "See you tomorrow!" {H} waved, and {move} home with a happy heart.',
      ),
    ],
    bi('夕阳下{H}和朋友们挥手告别，回家去', '{H} waving goodbye to friends and heading home at sunset'),
    'evening',
  ),
};

// ---------------------------------------------------------------------------------------------
// Learning a skill
// ---------------------------------------------------------------------------------------------

export interface SkillMaterial {
  /** zh verb (飞), en base verb phrase (fly). */
  verb: Bi;
  ways: Bi[];
  fails: Bi[];
  wish: Bi;
}

export const SKILLS: Record<string, SkillMaterial> = {
  fly: {
    verb: bi('飞', 'fly'),
    ways: [
      bi(
        '{H}爬上{high}，张开{limbs}，使劲地扇呀扇',
        '{H} climbed to the top of {high}, spread {his} {limbs} and flapped as hard as {he} could',
      ),
      bi(
        '{H}把两片大大的叶子绑在{limbs}上，从小坡上往下一跳',
        '{H} tied two big leaves to {his} {limbs} and jumped off a little slope',
      ),
      bi(
        '{H}迎着大风一路奔跑，想让风把自己托起来',
        '{H} ran and ran into the wind, hoping it would lift {him} up',
      ),
      bi(
        '{H}请{F1}帮忙，用木板做了一个小小的跳板',
        '{H} asked {F1} to help build a little springboard out of planks',
      ),
    ],
    fails: [
      bi(
        '可是只听“扑通”一声，{ta}一头栽进了{soft}里',
        'but with a big PLOP, {he} landed head-first in the {soft}',
      ),
      bi(
        '可是{ta}在空中停了不到一秒钟，就摔了个四脚朝天',
        'but {he} stayed up for less than a second before tumbling onto {his} back',
      ),
      bi(
        '可是{ta}只往前蹦了两步，就一屁股坐在了地上',
        'but {he} only hopped two steps and sat down with a bump',
      ),
      bi(
        '可是风一停，{ta}就骨碌碌地滚了下来',
        'but when the wind stopped, {he} rolled all the way back down',
      ),
    ],
    wish: bi(
      '每当看见鸟儿从头顶飞过，{ta}都羡慕得不得了。',
      'Whenever birds flew over {his} head, {he} watched them with shining eyes.',
    ),
  },
  swim: {
    verb: bi('游泳', 'swim'),
    ways: [
      bi(
        '{H}抱着一块木板，在{water}边上扑腾',
        '{H} held on to a piece of wood and splashed about at the edge of {water}',
      ),
      bi('{H}学着{F1}的样子，把头埋进水里', '{H} copied {F1} and put {his} face in the water'),
      bi('{H}深吸一口气，一下子跳进了{water}', '{H} took a big breath and jumped right into {water}'),
      bi(
        '{H}先在岸上练习划水，一、二，一、二',
        '{H} practised swimming strokes on dry land first: one, two, one, two',
      ),
    ],
    fails: [
      bi(
        '可是水一下子灌进了{ta}的鼻子，呛得{ta}直咳嗽',
        'but the water went up {his} nose and made {him} cough and splutter',
      ),
      bi(
        '可是{ta}扑腾了半天，还是在原地打转',
        'but however much {he} splashed, {he} just went round in circles',
      ),
      bi('可是{ta}的身子一个劲儿地往下沉', 'but {he} kept sinking down and down'),
      bi(
        '可是{ta}手忙脚乱，溅了自己一脸水',
        'but {he} got in a muddle and splashed water all over {his} own face',
      ),
    ],
    wish: bi(
      '每次看到大家在水里玩得那么开心，{ta}都只能坐在岸边看。',
      'Whenever the others played in the water, {he} could only sit on the bank and watch.',
    ),
  },
  sing: {
    verb: bi('唱歌', 'sing'),
    ways: [
      bi('{H}站在{s1}旁边，对着天空唱了一首歌', '{H} stood by {s1} and sang a song to the sky'),
      bi('{H}跟着{F1}一句一句地学唱', '{H} learned a song from {F1}, one line at a time'),
      bi('{H}躲在{s2}后面，偷偷地练习', '{H} practised in secret behind {s2}'),
      bi('{H}鼓起勇气，在大家面前唱了起来', '{H} bravely began to sing in front of everyone'),
    ],
    fails: [
      bi(
        '可是{ta}的声音一会儿高一会儿低，像一只迷路的小喇叭',
        'but {his} voice wobbled up and down like a lost little trumpet',
      ),
      bi('可是唱到一半，{ta}就忘了词', 'but halfway through, {he} forgot the words'),
      bi('可是{ta}一紧张，只唱出了一声“咕”', 'but {he} was so nervous that only a tiny squeak came out'),
      bi('可是{ta}唱得太响，把树上的鸟儿都吓跑了', 'but {he} sang so loudly that all the birds flew away'),
    ],
    wish: bi(
      '每天傍晚，{ta}都能听见远处传来好听的歌声。',
      'Every evening, {he} could hear lovely songs drifting from far away.',
    ),
  },
  dance: {
    verb: bi('跳舞', 'dance'),
    ways: [
      bi('{H}踮起脚尖，转了一个圈', '{H} stood on tiptoe and spun around'),
      bi('{H}跟着风吹树叶的节奏摇来摇去', '{H} swayed to the rhythm of the wind in the leaves'),
      bi('{H}学着{F1}的样子，左一步，右一步', '{H} copied {F1}: a step to the left, a step to the right'),
      bi('{H}在{s2}旁边练了一整个下午', '{H} practised by {s2} for a whole afternoon'),
    ],
    fails: [
      bi('可是{ta}转得头晕眼花，一下子坐在了地上', 'but {he} got so dizzy that {he} sat down with a bump'),
      bi('可是{ta}的左脚踩到了右脚', 'but {his} left foot stepped right on {his} right foot'),
      bi('可是{ta}总是比音乐慢半拍', 'but {he} was always one beat behind the music'),
      bi('可是{ta}一个不小心，撞到了{F1s}身上', 'but {he} bumped right into {F1s}'),
    ],
    wish: bi('{ta}最喜欢看大家在月光下跳舞。', '{he} loved watching the others dance in the moonlight.'),
  },
  climb: {
    verb: bi('爬树', 'climb'),
    ways: [
      bi('{H}抱住一棵大树，一点一点往上爬', '{H} hugged a big tree and inched {his} way up'),
      bi('{H}踩着石头，想爬上{high}', '{H} stepped from stone to stone, trying to reach the top of {high}'),
      bi('{H}学着{F1}的样子，先抓牢，再抬脚', '{H} copied {F1}: hold on tight, then lift a foot'),
      bi('{H}找来一根长长的藤条，拉着往上爬', '{H} found a long vine and pulled {himself} up'),
    ],
    fails: [
      bi('可是爬到一半，{ta}就“哧溜”一下滑了下来', 'but halfway up, {he} slid all the way back down'),
      bi('可是{ta}手一滑，摔在了软软的{soft}里', 'but {his} grip slipped and {he} fell into the soft {soft}'),
      bi('可是{ta}往下一看，腿就软了', 'but {he} looked down, and {his} legs went wobbly'),
      bi('可是藤条“啪”的一声断了', 'but the vine snapped with a crack'),
    ],
    wish: bi(
      '{ta}很想知道，站在最高的地方能看到什么。',
      '{he} longed to know what you could see from the very top.',
    ),
  },
  read: {
    verb: bi('读书', 'read'),
    ways: [
      bi(
        '{H}翻开一本大大的图画书，一个字一个字地认',
        '{H} opened a big picture book and looked at the words one by one',
      ),
      bi('{H}把认识的字写在树叶上', '{H} wrote the words {he} knew on leaves'),
      bi('{H}请{F1}教{ta}认字', '{H} asked {F1} to teach {him} some words'),
      bi('{H}对着路边的牌子，一个一个地念', '{H} read the signs along the path, one at a time'),
    ],
    fails: [
      bi(
        '可是那些字像小虫子一样，在纸上爬来爬去',
        'but the letters wriggled about on the page like little bugs',
      ),
      bi('可是{ta}把“大”念成了“太”，大家都笑了', 'but {he} read "cat" as "hat", and everybody giggled'),
      bi('可是读了两行，{ta}就打起了瞌睡', 'but after two lines, {he} began to nod off'),
      bi('可是一阵风吹来，把树叶全吹跑了', 'but a gust of wind blew all the leaves away'),
    ],
    wish: bi('{ta}听说，书里藏着好多好多故事。', '{he} had heard that books were full of wonderful stories.'),
  },
};

/** Ways and fails for a skill the material does not know ("弹钢琴", "play the piano"). */
export const GENERIC_SKILL: Omit<SkillMaterial, 'verb'> = {
  ways: [
    bi(
      '{H}一大早就跑到{s1}，认认真真地练习{skill}',
      '{H} hurried to {s1} early in the morning to practise {skilling}',
    ),
    bi(
      '{H}照着{F1}的样子，一步一步地学{skill}',
      '{H} watched {F1} closely and tried to {skill} step by step',
    ),
    bi('{H}躲在{s2}后面，偷偷地练了一整个下午', '{H} hid behind {s2} and practised all afternoon'),
    bi(
      '{H}翻出一本旧书，照着书上的样子试了又试',
      '{H} found an old book and tried again and again, just as the pictures showed',
    ),
  ],
  fails: [
    bi(
      '可是不管怎么试，总是差了那么一点点',
      'but no matter how hard {he} tried, it never came out quite right',
    ),
    bi('可是一不小心，弄得乱七八糟', 'but in a moment everything was a terrible muddle'),
    bi('可是{ta}越着急，就越做不好', 'but the more {he} hurried, the worse it went'),
    bi('可是才试了一会儿，{ta}就累得满头大汗', 'but after a little while, {he} was hot and tired'),
  ],
  wish: bi('{ta}常常想：要是我会{skill}，那该多好啊！', '"If only I could {skill}," {he} often thought.'),
};

/**
 * The learn-a-skill plot. `physical` skills (swim, climb) may end with the hero saving a friend;
 * singing or the piano end with patience or a quiet discovery instead.
 */
export function learnPlot(
  skill: SkillMaterial,
  fly: 'water' | 'balloon' | 'glide' | null,
  physical: boolean,
): GoalPlot {
  const tries = skill.ways.map((way, i) => {
    const fail = skill.fails[i % skill.fails.length]!;
    return beat([bi(`${way.zh}。${fail.zh}。`, `${way.en}, ${fail.en}.`)], way);
  });
  const generic: Resolution[] = [
    {
      turn: beat(
        [
          bi(
            '{F2}听说了这件事，走过来摸摸{H}的头，笑着说{Hk}学{skill}，不是一天就能学会的，每天只练一点点，明天就会比今天好一点点。',
            'When {F2} heard about it, {F2s} smiled and said that nobody learns to {skill} all at once: practise {skilling} a little every day, and each day you will be a little better.',
          ),
        ],
        bi('{F2s}笑眯眯地教{H}怎样{skill}', '{F2s} smiling and telling {H} how to practise {skilling}'),
      ),
      success: beat(
        [
          bi(
            '一天又一天，{H}每天都在{s1}旁边练一点点{skill}，终于有一天，{ta}真的会{skill}了，{F2s}笑眯眯地点了点头。',
            'Day after day, {H} practised {skilling} a little bit by {s1}, until one morning {he} really could {skill}, and {F2s} nodded with a smile.',
          ),
        ],
        bi('{H}终于成功地{skill}，开心极了', '{H} finally managing to {skill}, overjoyed'),
      ),
      ending: beat(
        [
          bi(
            '学会了{skill}的{Hk}{H}高兴极了，{ta}明白了：再难的事情，只要一点一点地做，就一定能做到。{ta}还想试试更多新鲜的事情：{Hk}还能学会什么呢？',
            'The {Hkind} could {skill} at last, and {he} was overjoyed: even {skilling} can be learned, one little step at a time. And after {skilling}, who knew what {he} might try next {at}?',
          ),
        ],
        bi(
          '学会了{skill}的{H}和朋友们一起开心地笑',
          '{H} laughing happily with {his} friends, able to {skill} at last',
        ),
      ),
    },
    {
      turn: beat(
        [
          bi(
            '忽然，远处传来一阵呼救声，原来是{F1}遇到了麻烦！{H}顾不上害怕，把练过的本领全都用上了。',
            'Suddenly, there was a cry for help. {F1} was in trouble! {H} forgot all about being nervous and used everything {he} had practised.',
          ),
        ],
        bi('{H}飞快地赶去帮助遇到麻烦的{F1s}', '{H} rushing to help {F1s}, who is in trouble'),
      ),
      success: beat(
        [
          bi(
            '这一次，{ta}做得又稳又好，{F1s}得救了。“你是怎么做到的？”{F1s}瞪大了眼睛。',
            'This time, {he} did it well and steady, and {F1s} was safe. "How did you do that?" {F1s} asked, eyes wide.',
          ),
        ],
        bi('{H}成功救下了{F1s}', '{H} saving {F1s}'),
      ),
      ending: beat(
        [
          bi(
            '{H}这才发现，原来自己早就学会{skill}了，只是以前太紧张了。从那以后，{ta}再也不怕失败了。',
            'Only then did {H} realise that {he} had learned to {skill} long ago; {he} had just been too nervous. After that, {he} was never afraid of trying again.',
          ),
        ],
        bi('{H}和{F1s}手拉着手，笑得很开心', '{H} and {F1s} holding hands and smiling'),
      ),
    },
    {
      turn: beat(
        [
          bi(
            '{H}不再着急了，{ta}静静地坐在{s2}旁边，仔细看大家是怎么{skill}的，看着看着，{ta}发现了一个小秘密。',
            '{H} stopped hurrying and sat quietly by {s2}, watching how the others went about {skilling}, and as {he} watched, {he} noticed a little secret.',
          ),
        ],
        bi('{H}安静地坐在{s2}旁边认真观察', '{H} sitting quietly by {s2}, watching carefully'),
      ),
      success: beat(
        [
          bi(
            '{H}在{s2}旁边深吸一口气，放松下来，慢慢地又{skill}了一次，成功了！原来{Hk}{skill}的秘密就是：要放松，不要憋着气。',
            'By {s2}, {H} took a slow breath, relaxed, and tried to {skill} once more, gently, and it worked! The secret of {skilling} was to relax and keep breathing, and {H} leaped for joy.',
          ),
        ],
        bi('{H}放松下来，终于成功了', '{H} relaxing and finally succeeding'),
      ),
      ending: beat(
        [
          bi(
            '{place}的伙伴们都为会{skill}的{H}鼓掌，{ta}笑着说慢一点反而更快。从那以后，{H}在{place}不管是{skill}还是做别的事，都不再着急了。',
            'Everyone {at} clapped for {H}, who laughed that going slowly had made {skilling} quicker. From then on, {H} never rushed at things again, not even {skilling}.',
          ),
        ],
        bi('大家为{H}鼓掌', 'everyone clapping for {H}'),
      ),
    },
  ];
  const flying: Record<'water' | 'balloon' | 'glide', Resolution> = {
    water: {
      turn: beat(
        [
          bi(
            '就在这时，一条小鱼从{water}里跳了出来。{H}想也没想，“扑通”一声跳进水里去追。在水里，{ta}的{limbs}轻轻一扇，整个身子就像箭一样冲了出去！',
            'Just then, a little fish leaped out of {water}. Without thinking, {H} dived in after it. Under the water, one flap of {his} {limbs} sent {him} shooting forward like an arrow!',
          ),
        ],
        bi('{H}跳进水里追一条小鱼', '{H} diving into the water after a little fish'),
      ),
      success: beat(
        [
          bi(
            '“{H}，你在飞！你在水里飞！”{F1}惊讶地叫起来。{H}在水里转了一个圈又一个圈，快得就像一道闪电。',
            '"{H}, you\'re flying! You\'re flying in the water!" cried {F1}. {H} swooped and spun through the water, fast as a flash of lightning.',
          ),
        ],
        bi('{H}在水下像飞一样快速地游来游去', '{H} swooping through the water as if flying'),
      ),
      ending: beat(
        [
          bi(
            '从那以后，{H}每天都在水里“飞翔”。有时候，鸟儿从天上飞过，还会低下头跟{ta}打招呼呢。{ta}知道了，每个人都有属于自己的天空。',
            'From that day on, {H} went flying every day, deep in the blue water. Sometimes the birds overhead dipped down to say hello. {he} had found {his} very own sky.',
          ),
        ],
        bi('{H}在蓝色的水中自由自在地“飞翔”', '{H} gliding freely through the blue water'),
      ),
    },
    balloon: {
      turn: beat(
        [
          bi(
            '{F2}望着天上的云，忽然有了一个好主意。大家找来好多彩色的气球，一个一个系在一只小篮子上。',
            '{F2} looked up at the clouds and had a wonderful idea. Everyone gathered lots of bright balloons and tied them, one by one, to a little basket.',
          ),
        ],
        bi('朋友们把彩色气球系在小篮子上', 'the friends tying bright balloons to a little basket'),
      ),
      success: beat(
        [
          bi(
            '{H}坐进篮子里，风一吹，篮子晃晃悠悠地升了起来。{ta}越飞越高，{place}变得像一幅小小的画。“我飞起来啦！”',
            '{H} climbed into the basket, the wind blew, and up, up, up it rose. Soon {place} looked as small as a picture in a book. "I\'m flying!" {he} shouted.',
          ),
        ],
        bi('{H}坐在挂满气球的篮子里飞上了天空', '{H} floating up into the sky in a basket of balloons'),
      ),
      ending: beat(
        [
          bi(
            '傍晚，气球慢慢地把{H}送回了地面。{ta}知道，是朋友们的帮助，让{ta}的梦想长出了翅膀。',
            'In the evening, the balloons carried {H} gently back down. {he} knew it was {his} friends who had given {his} dream its wings.',
          ),
        ],
        bi('气球载着{H}在夕阳中慢慢落下', 'the balloons bringing {H} gently down at sunset'),
        'evening',
      ),
    },
    glide: {
      turn: beat(
        [
          bi(
            '{F2}说：“别想着使劲扇，要感觉风。”{H}闭上眼睛，感觉到一阵暖暖的风从身下吹过。',
            '"Don\'t flap so hard," said {F2}. "Feel the wind." {H} closed {his} eyes and felt a warm breeze rising underneath {him}.',
          ),
        ],
        bi('{H}闭上眼睛感受风', '{H} closing {his} eyes to feel the wind'),
      ),
      success: beat(
        [
          bi(
            '{ta}轻轻张开{limbs}，风稳稳地托住了{ta}。{H}飞过{s1}，飞过{s2}，一直飞到了云朵旁边！',
            '{he} opened {his} {limbs} gently, and the wind held {him} up. {H} flew over {s1}, over {s2}, all the way up to the clouds!',
          ),
        ],
        bi('{H}展开{limbs}高高地飞在天上', '{H} soaring high in the sky with {his} {limbs} spread wide'),
      ),
      ending: beat(
        [
          bi(
            '从那天起，{H}每天都在天上飞来飞去。{ta}常常对更小的伙伴说：“慢慢来，风会帮你的。”',
            'From that day on, {H} flew every single day. "Take it slowly," {he} would tell the little ones. "The wind will help you."',
          ),
        ],
        bi('{H}在天空中教小伙伴飞翔', '{H} teaching little ones to fly'),
      ),
    },
  };
  return {
    id: 'learn',
    titles: [
      bi('{Hk}学{skill}', 'The {Hk} Who Wanted to {Skill}'),
      bi('{H}想{skill}', '{H} Learns to {Skill}'),
    ],
    problem: beat(
      [
        bi(
          '{H}有一个小小的心愿：{ta}想学会{skill}。{wish}{ta}在{s1}旁边悄悄地对自己说：“总有一天，我也要学会{skill}！”',
          'The {Hk} had one small wish: {he} wanted to learn to {skill}. {wish} "One day, I\'ll {skill} too," {he} whispered to {himself} by {s1}.',
        ),
        bi(
          '{H}对{place}的伙伴们说：“我也想{skill}！”{F1}挠挠头：“{Hkind}也能{skill}吗？我可从来没见过会{skill}的{Hkind}。”{H}低下头，可是心里还是想学{skill}。',
          '{H} told everyone {at}, "I want to {skill} too!" {F1} looked puzzled: "Can a {Hkind} really {skill}? I have never seen a {Hkind} {skill}." {H} looked down at {his} feet, but deep inside {he} still longed to {skill}.',
        ),
      ],
      bi('{H}望着远方，心里想着{skill}', '{H} gazing into the distance, dreaming of being able to {skill}'),
    ),
    tries,
    resolutions: fly ? [flying[fly]] : physical ? generic : [generic[0]!, generic[2]!],
    share: beat(
      [
        bi(
          '后来，{H}还当起了小老师，教更小的伙伴们{skill}。{ta}总是说：“别怕，摔倒了再站起来就好。”',
          'Later on, {H} became a little teacher and helped the younger ones learn to {skill} too. "Don\'t worry," {he} always said. "If you fall, just get up again."',
        ),
      ],
      bi('{H}耐心地教更小的伙伴们', '{H} patiently teaching the younger ones'),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// The other goals
// ---------------------------------------------------------------------------------------------

export const FIND: GoalPlot = {
  id: 'find',
  titles: [bi('寻找{obj}', 'Looking for {ObjT}'), bi('{H}找{obj}', '{H} and the Great Search')],
  problem: beat(
    [
      bi(
        '这天早上，{H}决定去寻找{obj}。{ta}听说{obj}就在{place}的某个地方，可是谁也不知道到底在哪儿。',
        'That morning, {H} decided to go and look for {obj}. {he} had heard that {obj} was somewhere {at}, but nobody knew exactly where.',
      ),
      bi(
        '{H}托着下巴想了好久：{obj}到底在哪儿呢？最后，{ta}背上小包，决定自己到{place}各处去找一找。',
        '{H} sat with {his} chin in {his} hands, wondering where {obj} could be. At last, {he} packed a little bag and set off to search {at}.',
      ),
    ],
    bi('{H}背着小包准备出发寻找', '{H} with a little bag, setting off on a search'),
  ),
  tries: [
    beat(
      [
        bi(
          '{H}先跑到{s1}，前前后后找了个遍。可是那里没有{obj}，只有一只正在睡午觉的小甲虫。',
          '{H} ran to {s1} first and searched high and low. But there was no sign of {obj} there, only a little beetle taking a nap.',
        ),
      ],
      bi('{H}在{s1}旁边到处寻找', '{H} searching all around {s1}'),
    ),
    beat(
      [
        bi(
          '{H}跑到{s2}，一边找一边喊{obj}。可是只有回声在{place}里回荡：“在哪儿……在哪儿……”',
          '{H} crept over to {s2}, calling out for {obj} as {he} went. But the only answer was an echo rolling back across {place}.',
        ),
      ],
      bi('{H}在{s2}边大声呼喊', '{H} calling out by {s2}'),
    ),
    beat(
      [
        bi(
          '{H}去问{F1}有没有见过{obj}。{F1s}歪着头想了想，说好像在{s3}见过。可是大家跑过去一看，那里没有{obj}，只有一个亮晶晶的水坑。',
          '{H} asked {F1} about {obj}. {F1s} thought for a moment and said it might be near {s3}. But when they ran over, there was no {obj}, only a shiny puddle.',
        ),
      ],
      bi('{H}和{F1s}看着一个亮晶晶的水坑', '{H} and {F1s} looking at a shiny puddle'),
    ),
    beat(
      [
        bi(
          '{H}爬上{high}，踮起脚尖往远处看。可是{place}雾蒙蒙的，哪儿也看不见{obj}。',
          '{H} climbed up {high} and stood on tiptoe to look far away. But mist lay over {place}, and {he} could not see {obj} anywhere.',
        ),
      ],
      bi('{H}站在{high}上踮脚远望', '{H} on tiptoe on {high}, looking far away'),
    ),
  ],
  resolutions: [
    {
      turn: beat(
        [
          bi(
            '这时，{H}在{s1}旁边发现了一串小小的脚印。{ta}的眼睛一下子亮了：“跟着它们走，说不定就能找到{obj}！”',
            'Just then, {H} spotted a trail of tiny footprints by {s1}. {his} eyes lit up: perhaps they led to {obj}! Off {he} went at once, following them across {place}.',
          ),
        ],
        bi('{H}发现地上的一串小脚印', '{H} discovering a trail of tiny footprints'),
      ),
      success: beat(
        [
          bi(
            '{H}跟着脚印，绕过{s1}，穿过{s2}，终于在一个小小的山洞里找到了{obj}！{ta}简直不敢相信自己的眼睛：真的是{obj}！',
            '{H} followed the footprints past {s1} and on by {s2}, and there, in a cosy little hollow, {he} found {obj} at last, and {he} could hardly believe {his} eyes.',
          ),
        ],
        bi('{H}在小山洞里找到了{obj}', '{H} finding {obj} in a cosy little hollow'),
      ),
      ending: beat(
        [
          bi(
            '找到了{obj}，{H}高兴得又蹦又跳，一路唱着歌穿过{place}。原来，只要细心一点，就连{obj}也能找到。',
            'With {obj} found at last, {H} jumped for joy and sang all the way home across {place}. If you look carefully, even {obj} can turn up closer than you think.',
          ),
        ],
        bi('{H}开心地又蹦又跳', '{H} jumping for joy'),
      ),
    },
    {
      turn: beat(
        [
          bi(
            '{F2}对{H}说：“别在{place}急着跑来跑去，静下来听一听。”{H}闭上眼睛，竖起耳朵，听见{s3}那边传来一阵轻轻的声音。',
            '{F2} said, "Stop rushing about {at}, {H}, and be still for a moment." {H} closed {his} eyes and listened hard, and from over by {s3} came a soft little sound.',
          ),
        ],
        bi('{H}闭上眼睛仔细地听', '{H} with eyes closed, listening carefully'),
      ),
      success: beat(
        [
          bi(
            '{H}和朋友们悄悄地走到{s3}旁边，拨开草丛一看，{obj}就在那里！看到{obj}，{H}高兴得说不出话来。',
            '{H} and {his} friends tiptoed over to {s3} and peeked through the grass. There was {obj}! {H} was so happy to see {obj} that {he} could hardly speak.',
          ),
        ],
        bi('{H}和朋友们在草丛后找到了{obj}', '{H} and friends finding {obj} behind the grass'),
      ),
      ending: beat(
        [
          bi(
            '{H}紧紧地抱住了朋友们：“谢谢你们陪我一起找{obj}。”有朋友在身边，就连{obj}也能找到。',
            '{H} gave {his} friends a big hug and said, "Thank you for helping me look for {myObj}." With friends beside you, even {obj} can be found. That night, {H} fell asleep smiling {at}.',
          ),
        ],
        bi('{H}和朋友们紧紧拥抱', '{H} hugging {his} friends'),
      ),
    },
  ],
  share: beat(
    [
      bi(
        '后来，{H}把这次寻找的故事讲给了大家听。每个人都听得入了迷，连{F2s}都忘了眨眼睛。',
        'Later, {H} told everyone the story of the great search. They all listened, spellbound; even {F2s} forgot to blink. "Tell it again!" the little ones begged.',
      ),
    ],
    bi('{H}给大家讲寻找的故事', '{H} telling everyone about the search'),
  ),
};

export const FRIEND: GoalPlot = {
  id: 'friend',
  // The hero has no friend yet: no best friend turning up, no pep talks before the turning point.
  exclude: ['meetF1', 'meetF2', 'comfort', 'prepare', 'cheer'],
  titles: [bi('{Hk}交朋友', '{H} Makes a Friend'), bi('{H}的新朋友', 'A Friend for {H}')],
  problem: beat(
    [
      bi(
        '{H}刚刚搬到{at}，一个朋友也没有。{ta}每天都一个人玩，心里空落落的。{ta}常常坐在{s1}旁边，看着别人三五成群地玩耍。',
        '{H} had just moved to a new home {at}, and {he} did not have a single friend. {he} played alone every day and felt empty inside. {he} often sat by {s1}, watching the others play together.',
      ),
      bi(
        '{H}很想交朋友，可是{ta}太害羞了。每次有人跟{ta}打招呼，{ta}的脸就红得像个小苹果。',
        '{H} wanted to make friends, but {he} was very shy. Whenever someone said hello, {his} face turned as red as an apple.',
      ),
    ],
    bi('{H}一个人孤零零地玩', '{H} playing all alone'),
  ),
  tries: [
    beat(
      [
        bi(
          '{H}鼓起勇气，走到{F1}面前说：“你好！”可是声音太小了，{F1s}根本没听见。',
          '{H} gathered all {his} courage, went up to {F1} and said, "Hello!" But {his} voice was so small that {F1s} didn\'t even hear.',
        ),
      ],
      bi('{H}小声地向{F1s}打招呼', '{H} shyly saying hello to {F1s}'),
    ),
    beat(
      [
        bi(
          '{H}抱着自己最喜欢的皮球，想请大家一起玩。可是大家都在忙自己的事，谁也没有停下来。',
          '{H} brought {his} favourite ball and asked the others to play. But everyone was busy, and nobody stopped.',
        ),
      ],
      bi('{H}抱着皮球站在一边', '{H} holding a ball, standing to one side'),
    ),
    beat(
      [
        bi(
          '{H}做了一张漂亮的卡片，悄悄地放在{s2}旁边。可是一阵风吹来，卡片飞得无影无踪。',
          '{H} made a pretty card and left it by {s2}. But a gust of wind came and blew it far away.',
        ),
      ],
      bi('{H}的卡片被风吹走了', "{H}'s card blowing away in the wind"),
    ),
    beat(
      [
        bi(
          '{H}想加入大家的游戏，可是一着急，把大家搭好的石头塔碰倒了。大家都“哎呀”一声叫了起来。',
          '{H} tried to join in a game, but in {his} hurry {he} knocked over the stone tower everyone had built. "Oh no!" they all cried.',
        ),
      ],
      bi('{H}不小心碰倒了石头塔', '{H} accidentally knocking over a stone tower'),
    ),
  ],
  resolutions: [
    {
      turn: beat(
        [
          bi(
            '这时，{F1}的小帽子被风吹进了{water}里，谁也够不着。{H}想也没想，马上跑过去帮忙。',
            "Just then, the wind blew {F1}'s little hat into {water}, and nobody could reach it. Without a second thought, {H} rushed to help.",
          ),
        ],
        bi('{H}跑去帮{F1s}捡掉进水里的帽子', "{H} rushing to fetch {F1s}'s hat from the water"),
      ),
      success: beat(
        [
          bi(
            '{H}找来一根长长的树枝，一点一点地把帽子捞了上来。“谢谢你！”{F1s}开心地说，“你愿意做我的朋友吗？”',
            '{H} found a long stick and carefully fished the hat out. "Thank you!" said {F1s} happily. "Will you be my friend?"',
          ),
        ],
        bi('{H}用树枝把帽子捞了上来', '{H} fishing the hat out with a long stick'),
      ),
      ending: beat(
        [
          bi(
            '从那天起，{H}再也不是一个人了。{ta}知道，一颗热心肠，就是交朋友最好的礼物。',
            'From that day on, {H} was never alone again. A kind heart, {he} discovered, is the best way to make a friend.',
          ),
        ],
        bi('{H}和新朋友们一起玩耍', '{H} playing with new friends'),
      ),
    },
    {
      turn: beat(
        [
          bi(
            '{H}发现，{s3}旁边也坐着一个孤零零的身影，原来是{F2}。{F2s}看起来和{H}一样寂寞。',
            'Then {H} noticed someone sitting alone by {s3}. It was {F2}, looking just as lonely as {H} felt.',
          ),
        ],
        bi('{H}看见{F2s}独自坐在{s3}旁边', '{H} noticing {F2s} sitting alone by {s3}'),
      ),
      success: beat(
        [
          bi(
            '{H}走过去，轻轻地坐在{F2s}身边，说：“我们一起玩，好吗？”{F2s}抬起头，露出了大大的笑容。',
            '{H} walked over and sat down beside {F2s}. "Shall we play together?" {he} asked. {F2s} looked up and smiled the biggest smile.',
          ),
        ],
        bi('{H}坐在{F2s}身边，两个人都笑了', '{H} sitting beside {F2s}, both smiling'),
      ),
      ending: beat(
        [
          bi(
            '后来，{H}、{F2s}和{F1s}成了最好的朋友。原来，只要先迈出一小步，友谊就会找到你。',
            'Before long, {H}, {F2s} and {F1s} were the best of friends. Take one small step, and friendship will find you.',
          ),
        ],
        bi('三个好朋友手拉着手', 'three best friends holding hands'),
      ),
    },
  ],
  share: beat(
    [
      bi(
        '后来，每当有新来的小伙伴，{H}总是第一个跑过去说：“你好，欢迎你！”很快，{H}就成了大家最喜欢的朋友。',
        'After that, whenever someone new arrived, {H} was always the first to run over and say, "Hello, welcome!" Soon {H} was everybody\'s favourite friend.',
      ),
    ],
    bi('{H}热情地欢迎新来的小伙伴', '{H} warmly welcoming a newcomer'),
  ),
};

export const BRAVE: GoalPlot = {
  id: 'brave',
  titles: [bi('勇敢的{H}', 'Brave Little {H}'), bi('{H}不怕{fear}了', '{H} Is Not Afraid')],
  problem: beat(
    [
      bi(
        '{H}什么都好，就是有一点点害怕{fear}。{fearWhen}{ta}多希望自己不再害怕{fear}啊。',
        '{H} was brave about most things, but {he} was a little bit afraid of {fear}. {fearWhen} How {he} wished {he} could be braver about {fear}!',
      ),
      bi(
        '{F1}邀请{H}{fearTask}。可是{H}一想到{fear}，腿就开始发抖。{ta}小声说：“{fear}……我还是下次再去吧。”',
        '{F1} invited {H} {fearTask}. But the moment {H} thought about {fear}, {his} legs began to wobble. {he} mumbled, "M-maybe next time, when {fear} {fearIs} not so scary."',
      ),
    ],
    bi('{H}害怕地缩成一团', '{H} curled up, looking scared'),
  ),
  tries: [
    beat(
      [
        bi(
          '{H}带上一盏小灯笼，给自己壮胆，朝{s3}走去。可是走了没几步，一阵风吹来，{ta}就吓得跑了回去。',
          '{H} took a little lantern to feel braver about {fear}. But after only a few steps, the wind whooshed and {he} ran straight back.',
        ),
      ],
      bi('{H}提着小灯笼小心地往前走', '{H} carrying a little lantern, stepping carefully'),
    ),
    beat(
      [
        bi(
          '{H}一边走一边大声唱歌，想把对{fear}的害怕赶走。可是{s3}那边“咕咕”一叫，{ta}的歌声就变成了尖叫。',
          '{H} sang loudly as {he} walked, to chase away {his} fear of {fear}. But when something hooted over by {s3}, {his} song turned into a squeak.',
        ),
      ],
      bi('{H}一边走一边大声唱歌', '{H} singing loudly while walking'),
    ),
    beat(
      [
        bi(
          '{H}紧紧拉着{F1}的手，闭着眼睛往前走。可是闭着眼睛，{ta}走到{s2}旁边，“咚”的一声撞到了什么东西上。',
          "{H} held {F1}'s hand tight and walked with {his} eyes shut. But with {his} eyes shut, {he} bumped BONK into something hard by {s2}.",
        ),
      ],
      bi('{H}闭着眼睛拉着{F1s}的手走', "{H} walking with eyes shut, holding {F1s}'s hand"),
    ),
    beat(
      [
        bi(
          '{H}对着{water}练习勇敢的表情，还挺起了胸膛。可是一想到{fear}，{ta}又缩成了一团。',
          '{H} practised a brave face in {water} and puffed out {his} chest. But as soon as {he} thought about {fear}, {he} curled up into a little ball again.',
        ),
      ],
      bi('{H}对着水面练习勇敢的表情', '{H} practising a brave face in a reflection'),
    ),
  ],
  resolutions: [
    {
      turn: beat(
        [
          bi(
            '{F2}轻声说：“你知道吗？{fearSecret}”{H}半信半疑，决定再去看一看{fear}。',
            '{F2} said gently, "Did you know? {fearSecret}" {H} wasn\'t sure about {fear}, but decided to go and see.',
          ),
        ],
        bi('{F2s}轻声地给{H}讲一个秘密', '{F2s} gently telling {H} a secret'),
      ),
      success: beat(
        [
          bi(
            '这一次，{Hk}{H}睁大了眼睛，惊喜地叫了起来：“原来{fear}一点也不可怕！”{wonder}',
            'This time, the {Hkind} kept {his} eyes wide open and cried, "{Fear} {fearIsnt} scary at all!" {wonder}',
          ),
        ],
        bi('{H}睁大眼睛，惊喜地看着眼前的景象', '{H} looking around in wonder'),
      ),
      ending: beat(
        [
          bi(
            '从此以后，{Hk}{H}再也不怕{fear}了。{ta}知道，勇敢不是不害怕，而是害怕的时候还愿意向前走一步。',
            'From then on, the {Hk} was not afraid of {fear} any more. Being brave about {fear}, {he} knew, is not about never being scared; it is taking one more step even when you are.',
          ),
        ],
        bi('{H}勇敢地昂着头', '{H} standing tall and brave'),
      ),
    },
    {
      turn: beat(
        [
          bi(
            '忽然，{s3}那边传来了{F1}的哭声：“救命呀，我被困住了！”{H}一想到{fear}，心就怦怦直跳，可是{ta}知道，{s3}那边的朋友需要{ta}。',
            'Suddenly, {F1} cried out from over by {s3}: "Help, I\'m stuck!" {H}\'s heart was pounding at the thought of {fear}, but {he} knew {his} friend by {s3} needed {him}.',
          ),
        ],
        bi('{H}听见{F1s}在{s3}那边呼救', '{H} hearing {F1s} cry for help near {s3}'),
      ),
      success: beat(
        [
          bi(
            '{H}咬咬牙，一步一步地朝{s3}走了过去。{ta}找到了{F1s}，把{F1s}从{tangle}里拉了出来。两个好朋友平平安安地离开了{tangle}，{fear}好像也没那么可怕了。',
            '{H} gritted {his} teeth and went towards {s3}, one step at a time. {he} found {F1s} and pulled {F1s} free from {tangle}. Together, they tumbled out, safe and sound, and {fear} did not seem so scary any more.',
          ),
        ],
        bi('{H}把{F1s}从{tangle}里拉了出来', '{H} pulling {F1s} free from {tangle}'),
      ),
      ending: beat(
        [
          bi(
            '{F1s}说：“{H}，你敢去{s3}，真勇敢！”{H}这才发现，为了朋友，{ta}早就忘记了害怕{fear}。两个好朋友手拉着手，一起走回了{place}的家。',
            '{F1s} said, "{H}, you went all the way to {s3}, you\'re so brave!" Only then did {H} realise that {he} had forgotten to be afraid of {fear}. The two friends walked home together {at}, hand in hand.',
          ),
        ],
        bi('{F1s}紧紧抱住勇敢的{H}', '{F1s} hugging brave {H}'),
      ),
    },
  ],
  share: beat(
    [
      bi(
        '后来，{H}把勇敢的秘密告诉了每一个胆小的朋友：“慢慢来，一次只走一小步。”大家听了，都悄悄地挺起了小胸脯。',
        'Later, {H} shared the secret of courage with every shy friend {he} met: "Take it slowly, one little step at a time." And one by one, they all stood a little taller.',
      ),
    ],
    bi('{H}给胆小的朋友们讲勇敢的秘密', '{H} telling shy friends the secret of courage'),
  ),
};

export const JOURNEY: GoalPlot = {
  id: 'journey',
  titles: [bi('{H}{dest}', "{H}'s Big Journey"), bi('{H}的远行', '{H} Goes Far Away')],
  problem: beat(
    [
      bi(
        '{H}只是一{Hmw}{Hk}，可是{ta}有一个大大的梦想：{dest}。{ta}听说，只要一直往前走，就能{dest}。于是，{Hk}收拾好小包袱，准备离开{place}出发了。',
        '{H} was only a {Hk}, but {he} had a big dream: to {destEn}. {he} had heard that if you just kept going, you could {destEn} in the end. So {he} packed a little bundle and got ready to leave {place}.',
      ),
      bi(
        '{H}背起小包袱，向{place}的大家宣布：“我要{dest}！”可是要{dest}，路那么远，{place}谁也没有走过。',
        '{H} picked up a little bundle and announced to everyone {at}, "I\'m going to {destEn}!" But the way was long, and nobody {at} had ever gone before.',
      ),
    ],
    bi('{H}背着小包袱准备{dest}', '{H} with a little bundle, ready to set off to {destEn}'),
  ),
  tries: [
    beat(
      [
        bi(
          '离开{place}没多远，一条宽宽的小河就挡住了去路。{H}想跳过去，结果“扑通”一声，{Hk}掉进了水里。',
          "{H} hadn't gone far from {place} when a wide stream blocked the way. {H} tried to jump across, but the {Hkind} landed SPLASH in the middle.",
        ),
      ],
      bi('{H}站在一条宽宽的小河前', '{H} standing before a wide stream'),
    ),
    beat(
      [
        bi(
          '走着走着，{Hk}{H}离{place}越来越远，来到了一座陡陡的小山前。{ta}爬呀爬，可是脚下一滑，又骨碌碌地滚回了山脚。',
          'Before long, far from {place}, {H} came to a steep hill. {he} climbed and climbed, but {his} foot slipped and {he} rolled right back to the bottom, a {Hk} in a heap.',
        ),
      ],
      bi('{H}努力地爬一座陡陡的小山', '{H} struggling up a steep hill'),
    ),
    beat(
      [
        bi(
          '走出{place}不远，天上忽然下起了大雨，{H}躲在一片大叶子下面，浑身湿漉漉的，冷得直发抖：“这样下去，还能{dest}吗？”',
          'Then, all of a sudden, with {place} far behind, it began to pour. {H} sheltered under a big leaf, soaking wet and shivering, and wondered if {he} would ever {destEn}.',
        ),
      ],
      bi('{H}在大雨中躲在大叶子下面', '{H} sheltering under a big leaf in the rain'),
    ),
    beat(
      [
        bi(
          '又走了一会儿，前面出现了三条岔路，哪一条才能{dest}呢？{H}选了一条，走了好久，却发现又绕回了{s1}。',
          'After a while, the path split three ways, and not one sign said how to {destEn}. {H} chose one and walked for ages, only to end up right back by {s1}.',
        ),
      ],
      bi('{H}站在三条岔路口发愁', '{H} puzzled at a fork in the path'),
    ),
  ],
  vehicleTries: [
    beat(
      [
        bi(
          '{H}爬进{vehicle}，按下大大的按钮，可是{vehicle}只“突突”响了两声，一动也不动。',
          '{H} climbed into the {vehicle} and pressed the big button, but the {vehicle} only coughed twice and did not move an inch.',
        ),
      ],
      bi('{H}对着不肯出发的{vehicle}发愁', '{H} frowning at the {vehicle} that would not start'),
    ),
    beat(
      [
        bi(
          '{vehicle}刚出发，就遇上了一阵大风，晃呀晃，晃呀晃，{H}只好掉头回到了{place}。',
          'The {vehicle} had only just set off when a great gust of wind rocked it to and fro, and {H} had to turn back to {place}.',
        ),
      ],
      bi('{vehicle}在大风里摇摇晃晃', 'the {vehicle} rocking in a strong wind'),
    ),
    beat(
      [
        bi(
          '{H}坐着{vehicle}转了好几个圈，却不知道往哪儿才能{dest}，最后又回到了{s1}。',
          '{H} steered the {vehicle} round and round, but nothing said which way would {destEn}, and {he} ended up right back by {s1}.',
        ),
      ],
      bi('{H}坐在{vehicle}里看着地图发愁', '{H} puzzling over a map inside the {vehicle}'),
    ),
    beat(
      [
        bi(
          '走到半路，{vehicle}的油用完了，{H}只好慢慢地把它开回了{place}。',
          'Halfway there, the {vehicle} ran out of fuel, and {H} had to bring it slowly back to {place}.',
        ),
      ],
      bi('{H}看着没油的{vehicle}叹气', '{H} sighing beside the {vehicle} with an empty tank'),
    ),
  ],
  resolutions: [
    {
      turn: beat(
        [
          bi(
            '{F1}和{F2}追了上来。{F2s}说：“一个人{dest}太难了，我们陪你一起去！”大家你帮我、我帮你，一起{dest}。',
            '{F1} and {F2} came hurrying after {him}. {F2s} said, "It\'s too far to go alone, so we\'ll come with you to {destEn}!" Helping one another, they got past every stream and hill on their way to {destEn}.',
          ),
        ],
        bi('朋友们追上来和{H}一起赶路', 'friends catching up to travel with {H}'),
      ),
      success: beat(
        [
          bi(
            '{arrive}{H}和朋友们站在那里看呆了：{ta}真的{dest}了！',
            '{arrive} {H} and {his} friends stood and stared, and {place} seemed very far away now.',
          ),
        ],
        bi('{H}和朋友们终于{dest}，看呆了', '{H} and friends arriving at last, ready to {destEn}'),
        undefined,
        true,
      ),
      ending: beat(
        [
          bi(
            '回{place}的路上，{Hk}{H}一直笑眯眯的。{ta}知道，{dest}这一路，最美的不只是终点，还有一路上陪着{ta}的朋友。',
            "All the way home to {place}, {H} couldn't stop smiling. The best part of {aim}, {he} knew, wasn't just getting there; it was the friends who came along.",
          ),
        ],
        bi('{H}和朋友们在夕阳下走回家', '{H} and friends walking home at sunset'),
        'evening',
      ),
    },
    {
      turn: beat(
        [
          bi(
            '这时，{F2}出现了，给了{H}一张旧旧的地图，上面画着一条弯弯曲曲的小路，照着它走就能{dest}。',
            'Just then, {F2} appeared and gave {H} an old map, and on it a twisty little path ran from {s1} to where {he} could {destEn}.',
          ),
        ],
        bi('{F2s}递给{H}一张旧地图', '{F2s} handing {H} an old map'),
      ),
      success: beat(
        [
          bi(
            '{arrive}原来，{H}照着地图，从{s1}出发，绕过小河，翻过山坡，一步也没有走错。',
            '{arrive} {H} had followed the map from {s1}, around the stream and over the hill, without a single wrong turn.',
          ),
        ],
        bi('{H}拿着地图，终于{dest}', '{H} arriving with the map in hand, ready to {destEn}'),
        undefined,
        true,
      ),
      ending: beat(
        [
          bi(
            '{H}把{dest}这一路看到的风景都记在了心里。回{place}的路上，{ta}说：“{dest}只是开始，下次，我还要去更远的地方！”',
            '{H} kept every sight of the day {he} went to {destEn} tucked away in {his} heart. All the way home to {place}, {he} smiled and said, "Next time, I\'ll go even further!"',
          ),
        ],
        bi('{H}望着远方，笑得很开心', '{H} gazing far away, smiling'),
        undefined,
        true,
      ),
    },
  ],
  share: beat(
    [
      bi(
        '后来，{H}把路上的见闻讲给{place}的大家听。{ta}还画了一张新地图，送给下一个想去远方的朋友。',
        'Later, {H} told everyone {at} about the journey. Then {he} drew a brand-new map, full of rivers and hills, for the next friend who wanted to travel far.',
      ),
    ],
    bi('{H}给朋友们看自己画的地图', '{H} showing friends a hand-drawn map'),
  ),
};

export const SLEEP: GoalPlot = {
  id: 'sleep',
  nightStory: true,
  reactions: [
    bi('{H}叹了一口气，把被子拉到了下巴。', '{H} sighed and pulled the blanket up to {his} chin.'),
    bi(
      '{ta}眨巴眨巴眼睛，还是一点儿也不困。',
      '{he} blinked and blinked, but {he} still was not a bit sleepy.',
    ),
    bi('{H}翻了个身，小声嘀咕：“这可怎么办呢？”', '{H} rolled over and mumbled, "Now what shall I do?"'),
    bi('窗外的猫头鹰咕咕地叫，好像在笑话{ta}。', 'Outside, an owl hooted, as if it were laughing.'),
  ],
  titles: [bi('晚安，{H}', 'Good Night, {H}'), bi('{H}睡不着', "{H} Can't Sleep")],
  opening: beat(
    [
      bi(
        '在{at}，住着一{Hmw}{Hk}，名叫{H}。白天，{H}和{F1}在{s1}旁边跑来跑去，一直玩到太阳落山。',
        '{at} there lived a {Hk} named {H}. All day long, {H} played with {F1} by {s1}, running and laughing until the sun went down.',
      ),
    ],
    bi('傍晚，{H}和{F1s}在{s1}旁边玩耍', '{H} and {F1s} playing by {s1} in the evening'),
    'evening',
  ),
  problem: beat(
    [
      bi(
        '夜深了，大家都睡着了，可是{H}怎么也睡不着。{ta}翻过来，又翻过去，眼睛还是瞪得圆圆的。',
        "It was late at night and everyone was asleep, but {H} just couldn't sleep. {he} turned this way and that, but {his} eyes stayed wide open.",
      ),
    ],
    bi('{H}在床上翻来覆去睡不着', '{H} tossing and turning in bed'),
    'night',
  ),
  tries: [
    beat(
      [
        bi(
          '{H}开始数星星：一颗、两颗、三颗……可是数到一百，{ta}反而更清醒了。',
          '{H} began to count the stars: one, two, three... But by a hundred, {he} was more awake than ever.',
        ),
      ],
      bi('{H}趴在窗边数星星', '{H} at the window, counting stars'),
      'night',
    ),
    beat(
      [
        bi(
          '{H}喝了一杯暖暖的牛奶。可是肚子暖和了，眼睛还是不肯闭上。',
          '{H} drank a cup of warm milk. {his} tummy felt cosy, but {his} eyes still would not close.',
        ),
      ],
      bi('{H}捧着一杯热牛奶', '{H} holding a cup of warm milk'),
      'night',
    ),
    beat(
      [
        bi(
          '{H}去找{F1}，请{F1s}唱一首摇篮曲。可是{F1s}唱着唱着，自己先打起了呼噜。',
          '{H} went to ask {F1} for a lullaby. But halfway through the song, {F1s} started to snore!',
        ),
      ],
      bi('{F1s}唱着摇篮曲自己先睡着了', '{F1s} falling asleep while singing a lullaby'),
      'night',
    ),
    beat(
      [
        bi(
          '{H}把枕头拍得松松软软的，换了一个又一个姿势。可是怎么躺都不舒服。',
          '{H} fluffed up {his} pillow and tried every way of lying down. But nothing felt quite right.',
        ),
      ],
      bi('{H}抱着枕头换姿势', '{H} hugging a pillow, trying to get comfy'),
      'night',
    ),
  ],
  resolutions: [
    {
      turn: beat(
        [
          bi(
            '这时，月亮从云朵后面探出头来，{F2}也醒了。{F2s}说：“我给你讲一个关于月亮的故事吧。”',
            'Just then, the moon peeped out from behind a cloud, and {F2} woke up too. "Shall I tell you a story about the moon?" {F2s} asked.',
          ),
        ],
        bi('月光下{F2s}给{H}讲故事', '{F2s} telling {H} a story in the moonlight'),
        'night',
      ),
      success: beat(
        [
          bi(
            '{F2s}的声音轻轻的、慢慢的，像温柔的风。听着听着，{H}的眼皮越来越沉，越来越沉……',
            "{F2s}'s voice was soft and slow, like a gentle breeze. As {H} listened, {his} eyelids grew heavier, and heavier... {his} breathing grew slow and soft.",
          ),
        ],
        bi('{H}的眼皮越来越沉', '{H} getting sleepier and sleepier'),
        'night',
      ),
      ending: beat(
        [
          bi(
            '{H}睡着了，嘴角还挂着甜甜的笑。窗外，月亮也眯起了眼睛。晚安，{H}，祝你做个好梦。',
            '{H} was fast asleep, with a sweet little smile. Outside, the moon half-closed its eyes too, and the whole world went quiet. Good night, {H}. Sweet dreams.',
          ),
        ],
        bi('{H}甜甜地睡着了，窗外挂着月亮', '{H} fast asleep, the moon outside the window'),
        'night',
      ),
    },
    {
      turn: beat(
        [
          bi(
            '{H}不再着急了。{ta}静静地躺着，听窗外的声音：风在轻轻唱，虫儿在小声说话。',
            '{H} stopped trying so hard. {he} lay very still and listened: the wind was humming, and the crickets were whispering. Far away, a frog croaked a sleepy goodnight.',
          ),
        ],
        bi('{H}静静地躺着听夜晚的声音', '{H} lying still, listening to the night'),
        'night',
      ),
      success: beat(
        [
          bi(
            '沙沙，沙沙……唧唧，唧唧……这些声音像一首好听的摇篮曲。不知不觉，{H}闭上了眼睛。',
            "Hush, hush... chirp, chirp... The sounds were like a lullaby. Before {he} knew it, {H}'s eyes had closed.",
          ),
        ],
        bi('{H}在夜晚的歌声里睡着了', "{H} drifting off to the night's lullaby"),
        'night',
      ),
      ending: beat(
        [
          bi(
            '第二天早上，{H}精神饱满地醒来。{ta}笑着说：“原来，夜晚会唱歌哄我睡觉呢！”',
            'The next morning, {H} woke up feeling fresh and bright. "The night sang me to sleep!" {he} laughed, and ran off to tell all {his} friends.',
          ),
        ],
        bi('{H}在晨光中伸懒腰', '{H} stretching in the morning light'),
        'morning',
      ),
    },
  ],
  share: beat(
    [
      bi(
        '后来，每当有小伙伴睡不着，{H}就会陪着大家一起，安安静静地听夜晚唱歌。听着听着，大家都睡着了。',
        "Later, whenever a friend couldn't sleep, {H} would sit with them and listen quietly to the night singing. And soon, everyone was fast asleep.",
      ),
    ],
    bi('{H}和小伙伴们一起听夜晚的声音', '{H} and friends listening to the night together'),
    'night',
  ),
};

export const GROW: GoalPlot = {
  id: 'grow',
  titles: [bi('{H}种{plant}', "{H}'s Little Seed"), bi('一颗小种子', 'The Tiny Seed')],
  problem: beat(
    [
      bi(
        '{H}得到了一颗小小的{seed}。{ta}把它种在{s1}旁边，天天盼着它快点长大。',
        '{H} was given a tiny {seed}. {he} planted it by {s1} and hoped every day that it would grow quickly.',
      ),
    ],
    bi('{H}把种子种进土里', '{H} planting a seed in the soil'),
  ),
  tries: [
    beat(
      [
        bi(
          '{H}每天给种子浇好多好多水。可是水太多了，泥土变成了一个小水坑。',
          '{H} gave the seed lots and lots of water every day. But it was too much, and the soil turned into a little puddle.',
        ),
      ],
      bi('{H}提着水壶浇水', '{H} watering with a little watering can'),
    ),
    beat(
      [
        bi(
          '{H}趴在地上，对着泥土说：“快长大吧！”可是泥土里静悄悄的，什么也没有。',
          '{H} lay down and whispered to the soil, "Please grow!" But the soil stayed quiet, and nothing came up.',
        ),
      ],
      bi('{H}趴在地上对泥土说话', '{H} lying down, whispering to the soil'),
    ),
    beat(
      [
        bi(
          '{H}想把种子挖出来看看它长了没有。{F1}赶紧拦住了{ta}：“别挖，它会害怕的！”',
          '{H} wanted to dig the seed up to see if it was growing. "Don\'t!" cried {F1}. "It needs to be left in peace!"',
        ),
      ],
      bi('{F1s}拦住想挖种子的{H}', '{F1s} stopping {H} from digging'),
    ),
    beat(
      [
        bi(
          '一天夜里下起了大风大雨。{H}担心得睡不着，跑出去用一片大叶子给种子挡雨。',
          'One night, a storm blew in with wind and rain. {H} was too worried to sleep and ran out to shelter the seed with a big leaf.',
        ),
      ],
      bi('{H}在风雨中用大叶子保护种子', '{H} shielding the seed with a big leaf in the storm'),
      'night',
    ),
  ],
  resolutions: [
    {
      turn: beat(
        [
          bi(
            '{F2}告诉{H}：“种子在土里睡觉呢，它需要阳光、水，还有耐心。”{H}点点头，决定每天只浇一点水，然后耐心地等待。',
            '"The seed is sleeping in the soil," {F2} told {H}. "It needs sunshine, water, and patience." So {H} gave it just a little water each day, and waited.',
          ),
        ],
        bi('{F2s}给{H}讲种子的秘密', '{F2s} explaining the secret of seeds to {H}'),
        'morning',
      ),
      success: beat(
        [
          bi(
            '一天早上，泥土里冒出了一个小小的绿芽！它越长越高，最后开出了{flower}。{H}开心地围着它转了好几圈。',
            'One morning, a tiny green shoot poked out of the soil! It grew taller and taller, until at last it opened into {flowerEn}. {H} danced round and round it with joy.',
          ),
        ],
        bi('土里长出了{flower}', '{flowerEn} growing from the soil'),
        'morning',
      ),
      ending: beat(
        [
          bi(
            '{H}站在花旁边，笑得比太阳还灿烂。{F1s}和{F2s}也跑来看，大家都说这是最漂亮的花。原来，好东西都值得耐心等待。',
            '{H} stood beside {his} flower, smiling brighter than the sun. {F1s} and {F2s} came running, and everyone agreed it was the loveliest flower they had ever seen. The best things are worth waiting for.',
          ),
        ],
        bi('{H}站在大花旁边开心地笑', '{H} smiling beside a big flower'),
      ),
    },
  ],
  share: beat(
    [
      bi(
        '秋天到了，花儿结出了好多新的种子。{H}把它们分给了每一个朋友。第二年春天，到处都开满了金灿灿的花。',
        'When autumn came, the flower made lots of new seeds, and {H} gave some to every friend. The next spring, golden flowers bloomed everywhere.',
      ),
    ],
    bi('{H}把种子分给朋友们', '{H} sharing seeds with friends'),
  ),
};

export const GIFT: GoalPlot = {
  id: 'gift',
  titles: [bi('给{rec}的礼物', 'A Present for {Rec}'), bi('{H}的礼物', "{H}'s Special Present")],
  problem: beat(
    [
      bi(
        '明天就是{rec}的生日了，{H}想送{rec}一份特别的礼物。可是，送什么好呢？{H}想啊想，把脑袋都想疼了。',
        "Tomorrow was {rec}'s birthday, and {H} wanted to give {rec} something special. But what? {H} thought and thought until {his} head hurt.",
      ),
      bi(
        '{H}悄悄地想：“{rec}每天都对我那么好，这次我要给{rec}一个惊喜！”可是准备什么惊喜呢？{H}一点主意也没有。',
        '{H} thought secretly, "{Rec} is always so kind to me. This time I\'ll give {rec} a surprise!" But what kind of surprise? {H} had no idea at all.',
      ),
    ],
    bi('{H}托着下巴想送什么礼物', '{H} wondering what present to give'),
  ),
  tries: [
    beat(
      [
        bi(
          '{H}跑到{s1}，摘了一大束野花。可是走回家的路上，花儿都蔫了。',
          '{H} ran to {s1} and picked a big bunch of wild flowers. But by the time {he} got home, they had all drooped.',
        ),
      ],
      bi('{H}捧着一大束野花', '{H} holding a big bunch of wild flowers'),
    ),
    beat(
      [
        bi(
          '{H}想做一个蛋糕。可是{ta}把盐当成了糖，蛋糕咸得没法吃。',
          '{H} tried to bake a cake. But {he} mixed up the sugar and the salt, and the cake tasted terrible!',
        ),
      ],
      bi('{H}做了一个歪歪的蛋糕', '{H} with a lopsided cake'),
    ),
    beat(
      [
        bi(
          '{H}画了一幅画，画的是{rec}的笑脸。可是{F1}不小心打翻了水杯，画全都糊了。',
          "{H} painted a picture of {rec}'s smiling face. But {F1} knocked over a cup of water, and the colours all ran together.",
        ),
      ],
      bi('{H}看着被水弄糊的画', '{H} looking at a smudged painting'),
    ),
    beat(
      [
        bi(
          '{H}想去商店买礼物，可是打开小钱罐一看，里面只有三颗纽扣。',
          '{H} thought about buying a present, but when {he} opened {his} money box, there were only three buttons inside.',
        ),
      ],
      bi('{H}看着只有三颗纽扣的小钱罐', '{H} peering into a money box with three buttons'),
    ),
  ],
  resolutions: [
    {
      turn: beat(
        [
          bi(
            '{F2}问{H}：“{rec}最喜欢什么呢？”{H}想了想，眼睛一亮：“{rec}最喜欢听我唱歌！”',
            '"What does {rec} love most?" asked {F2}. {H} thought hard, and {his} eyes lit up. "{Rec} loves it when I sing!"',
          ),
        ],
        bi('{H}想到了好主意，眼睛一亮', '{H} having a bright idea'),
      ),
      success: beat(
        [
          bi(
            '生日那天，{H}站在{rec}面前，唱了一首自己编的歌。歌里有{place}的风，有{s1}的花，还有{H}满满的爱。',
            'On the birthday, {H} stood in front of {rec} and sang a song {he} had made up all by {himself}. It was full of the wind and the flowers {at}, and full of love.',
          ),
        ],
        bi('{H}站在{rec}面前唱歌', '{H} singing a song for {rec}'),
      ),
      ending: beat(
        [
          bi(
            '{rec}听着听着，眼睛湿润了。{rec}紧紧抱住{H}说：“这是我收到过最好的礼物。”',
            'When the song ended, {rec} wiped away a happy tear. "This is the best present I\'ve ever had," {rec} said, hugging {H} tight.',
          ),
        ],
        bi('{rec}紧紧抱住{H}', '{rec} hugging {H} tight'),
      ),
    },
    {
      turn: beat(
        [
          bi(
            '{H}看着自己弄得乱七八糟的东西，忽然有了一个主意。{ta}请朋友们一起来帮忙。',
            '{H} looked at the muddle {he} had made, and suddenly had an idea. {he} asked {his} friends to help.',
          ),
        ],
        bi('{H}召集朋友们一起帮忙', '{H} calling friends together to help'),
      ),
      success: beat(
        [
          bi(
            '大家找来亮晶晶的小石子、彩色的树叶和{F1}最漂亮的羽毛，做成了一串独一无二的项链。{H}小心地把它放进了一个小盒子里。',
            "Together they gathered shiny pebbles, coloured leaves and {F1}'s prettiest feather, and made a necklace like no other. {H} tucked it carefully into a little box.",
          ),
        ],
        bi('朋友们一起做一串彩色项链', 'friends making a colourful necklace together'),
      ),
      ending: beat(
        [
          bi(
            '{rec}戴上项链，笑得合不拢嘴，还亲了亲{H}的脸蛋。原来最好的礼物不是买来的，而是用心做出来的。',
            "{Rec} put on the necklace, beamed, and gave {H} a big kiss on the cheek. The best presents aren't bought. They're made with love.",
          ),
        ],
        bi('{rec}戴着项链开心地笑', '{rec} wearing the necklace, beaming'),
      ),
    },
  ],
  share: beat(
    [
      bi(
        '从此以后，每当有朋友过生日，{H}都会亲手做一份小小的礼物。每一份礼物都不一样，每一份都装满了心意。',
        'After that, whenever a friend had a birthday, {H} made a little present by hand. Each one was different, and each one was full of love.',
      ),
    ],
    bi('{H}亲手做小礼物', '{H} making a little present by hand'),
  ),
};

export const HELP: GoalPlot = {
  id: 'help',
  titles: [bi('小帮手{H}', '{H} the Little Helper'), bi('{H}帮大忙', '{H} Lends a Hand')],
  problem: beat(
    [
      bi(
        '这天，{H}在{s1}旁边发现了{patient}。{H}心里想：“我得想办法帮帮{patient}！”',
        'That day, {H} found {patientA} by {s1}. "I must find a way to help," {he} thought.',
      ),
      bi(
        '{H}正在{s1}旁边玩，忽然听见一阵轻轻的哭声。原来是{patient}，看起来需要帮助。',
        '{H} was playing by {s1} when {he} heard a soft little cry. It was {patientA}, who needed help.',
      ),
    ],
    bi('{H}在{s1}旁边发现需要帮助的{patient}', '{H} finding {patientA} by {s1}'),
  ),
  tries: [
    beat(
      [
        bi(
          '{H}跑去找大人帮忙，可是敲了好几家的门，大家都不在家。',
          '{H} ran to find a grown-up, but {he} knocked on door after door and nobody was home.',
        ),
      ],
      bi('{H}一家一家地敲门', '{H} knocking on door after door'),
    ),
    beat(
      [
        bi(
          '{H}找来一片大叶子，想给{patient}做一个小小的担架，可是“嘶啦”一声，叶子裂成了两半。',
          '{H} found a big leaf by {s2} to make a little stretcher for {patient}, but with a RRRIP, the leaf tore in two.',
        ),
      ],
      bi('{H}拿着裂成两半的大叶子', '{H} holding a torn leaf'),
    ),
    beat(
      [
        bi(
          '{H}想去{s3}找药草，可是路太远了，{ta}走到一半就迷了路。',
          '{H} set off to find healing herbs near {s3}, but it was so far that {he} got lost halfway.',
        ),
      ],
      bi('{H}在路上东张西望，迷了路', '{H} lost on the path, looking around'),
    ),
    beat(
      [
        bi(
          '{H}送来吃的和水，可是{patient}太害怕了，一口也不肯吃。',
          '{H} brought food and water, but {patient} was too frightened to eat a thing.',
        ),
      ],
      bi('{H}捧着吃的和水', '{H} offering food and water'),
    ),
  ],
  resolutions: [
    {
      turn: beat(
        [
          bi(
            '{F1}和{F2}听说了，马上赶来帮忙。{F2s}说：“我知道{s2}旁边有柔软的苔藓，可以给{patient}做一张小床。”',
            'When {F1} and {F2} heard, they came at once. {F2s} said, "There\'s soft moss by {s2}; we can make a little bed for {patient}."',
          ),
        ],
        bi(
          '{F1s}和{F2s}赶来，用柔软的苔藓给{patient}做小床',
          '{F1s} and {F2s} arriving with soft moss to make a bed for {patient}',
        ),
      ),
      success: beat(
        [
          bi(
            '大家一起动手，在{s2}旁边铺好了小床，又轻轻地唱歌给{patient}听。过了几天，{patient}终于好起来了，{place}里又多了一个快乐的小伙伴！',
            'They all worked together, made a cosy bed by {s2}, and sang softly to {patient}. After a few days, {patient} was well again, and {place} had one more happy friend!',
          ),
        ],
        bi('大家围着苔藓小床照顾{patient}', 'everyone caring for {patient} in a moss bed'),
      ),
      ending: beat(
        [
          bi(
            '分别的时候，{patient}回头望着{place}，望了好久好久。{H}挥着手说：“再见啦，要常回{place}看看我们！”',
            'When it was time to say goodbye, {patient} looked back at {place} for a long, long time. {H} waved and called, "Goodbye, and come back to visit us {at} soon!"',
          ),
        ],
        bi('{H}挥手和{patient}告别', '{H} waving goodbye to {patient}'),
        'evening',
      ),
    },
  ],
  share: beat(
    [
      bi(
        '后来，{H}成了{place}有名的小帮手，谁有困难都会来找{ta}。{H}总是笑眯眯地说：“没问题！”',
        'After that, {H} became the best little helper {at}, and everyone came to {him} when they needed a hand. {H} never minded one bit.',
      ),
    ],
    bi('{H}帮助需要帮忙的朋友', '{H} helping a friend in need'),
  ),
};

/** Fear material: what the fear is called, when it shows, its secret and its wonder. */
/** Making something the topic names: a treehouse, pancakes, 饺子, a boat. `{make}` is the verb phrase. */
export const MAKE: GoalPlot = {
  id: 'make',
  titles: [bi('{H}{make}', '{H} and the {thingBare}'), bi('{H}的{thingBare}', 'How {H} Made {thingA}')],
  problem: beat(
    [
      bi(
        '{H}有一个大大的计划：{ta}想{make}。{thingBare}是什么样子，{ta}早就在心里想得清清楚楚了。',
        '{H} had a big plan: {he} wanted to {make}. {he} could already picture {thingThe} in {his} head, every little bit of it.',
      ),
      bi(
        '“我要{make}！”{H}拍着{limbs}说。可是{make}可不容易，{ta}从来都没有试过。',
        '{H} clapped {his} {limbs} and said, "I\'m going to {make}!" But nobody {at} had ever shown {him} how to {make}, and {he} had never tried.',
      ),
    ],
    bi('{H}想着要{make}', '{H} dreaming of how to {make}'),
  ),
  tries: [
    beat(
      [
        bi(
          '{H}把要用的东西一样一样找齐，堆在{s1}旁边，动手{make}。可是做到一半，{thingBare}歪歪扭扭的，哗啦一下全散了。',
          '{H} gathered everything {he} needed for {thingThe} into a heap by {s1} and set to work. But halfway through, the {thingBare} went crooked and fell to bits.',
        ),
      ],
      bi(
        '{H}在{s1}旁边动手{make}，{thingBare}散了一地',
        '{H} trying to {make} by {s1}, the {thingBare} falling apart',
      ),
    ),
    beat(
      [
        bi(
          '第二次，{H}{make}做得飞快，可是太着急了，{thingBare}做得乱七八糟，连{ta}自己都认不出来。',
          'The second time, {H} worked very fast to {make}. But {he} hurried so much that the {thingBare} came out in a muddle. Even {H} could not tell it was meant to be a {thingBare}.',
        ),
      ],
      bi('{H}手忙脚乱地{make}', '{H} rushing to {make}, the {thingBare} in a muddle'),
    ),
    beat(
      [
        bi(
          '{H}翻出一本旧书，照着上面的图一步一步地{make}。可是书里偏偏少了最要紧的一页，{thingBare}只做了一半。',
          '{H} found an old book with pictures and tried to {make} step by step. But the most important page was missing, and the {thingBare} {was} only half done.',
        ),
      ],
      bi('{H}看着旧书上的图{make}', '{H} following an old picture book to {make}'),
    ),
  ],
  resolutions: [
    {
      turn: beat(
        [
          bi(
            '{F1}看了看，说一个人{make}太难啦，不如一起来。{F1s}帮着扶稳{thingBare}，{H}动手，两个人你一下我一下地忙开了。',
            '{F1} took one look and said it was too much work for one, so they would {make} together. {F1s} held the {thingBare} steady while {H} worked.',
          ),
        ],
        bi('{H}和{F1s}一起{make}', '{H} and {F1s} working together to {make}'),
      ),
      success: beat(
        [
          bi(
            '太阳偏西的时候，{thingBare}终于做好了，稳稳当当，漂漂亮亮，比{H}想的还要好！',
            'By the time the sun was low {at}, the {thingBare} {was} finished at last, even better than {H} had imagined!',
          ),
        ],
        bi('{H}看着做好的{thingBare}，开心极了', '{H} admiring the finished {thingBare}, overjoyed'),
      ),
      ending: beat(
        [
          bi(
            '{H}和朋友们围着{thingBare}，笑得合不拢嘴。{H}明白了：{make}这样难的事，和好朋友一起做，就容易多了。',
            '{H} and {his} friends gathered round the {thingBare}, grinning from ear to ear. Even a hard thing like the {thingBare}, {H} had learned, is easier with a friend beside you.',
          ),
        ],
        bi('{H}和朋友们围着{thingBare}开心地笑', '{H} and {his} friends around the {thingBare}, laughing'),
      ),
    },
    {
      turn: beat(
        [
          bi(
            '{F2}慢悠悠地走过来，看了看{H}的{thingBare}，说：“{make}别着急，先做最简单的一步。”{H}点点头，又回到了{thingBare}旁边。',
            '{F2} looked at {H}\'s half-made {thingBare} and said, "Don\'t rush to {make}; start with the easiest step." {H} nodded and went back to the {thingBare}.',
          ),
        ],
        bi('{F2s}看着{thingBare}给{H}出主意', '{F2s} looking at the {thingBare} and giving {H} an idea'),
      ),
      success: beat(
        [
          bi(
            '{H}一步一步慢慢地{make}，一点儿也不着急。最后一步做完，{thingBare}就在眼前了！{H}大声喊：“{thingBare}做好啦！”',
            'Step by step, {H} worked slowly and carefully on the {thingBare}. When the last step was done, there stood the {thingBare}! {H} shouted, "I made the {thingBare}!"',
          ),
        ],
        bi('{H}在做好的{thingBare}旁边欢呼', '{H} cheering beside the finished {thingBare}'),
      ),
      ending: beat(
        [
          bi(
            '那天傍晚，大家都来看{H}的{thingBare}。{H}心里暖暖的：原来慢慢地{make}，反而做得最好。',
            "That evening, everyone came to see {H}'s {thingBare}. {H} felt warm inside: going slowly had made it the best {thingBare} of all.",
          ),
        ],
        bi('大家围着{H}的{thingBare}', "everyone gathered round {H}'s {thingBare}"),
        'evening',
      ),
    },
  ],
  share: beat(
    [
      bi(
        '后来，{H}还教会了别的小伙伴{make}。大家都说，{H}的{thingBare}是最棒的。',
        "Later, {H} showed the little ones how to {make} too. Everyone agreed that {H}'s {thingBare} {was} the very best.",
      ),
    ],
    bi('{H}教小伙伴们{make}', '{H} showing the little ones how to {make}'),
  ),
};

export const FEARS: Record<string, { fear: Bi; when: Bi; task: Bi; secret: Bi; wonder: Bi }> = {
  dark: {
    fear: bi('黑夜', 'the dark'),
    when: bi(
      '每到天黑，{ta}就把被子蒙在头上，一动也不敢动。',
      "Every night, {he} hid under the blanket and didn't dare to move.",
    ),
    task: bi('晚上一起去{s3}看萤火虫', 'to go and see the fireflies by {s3} that night'),
    secret: bi(
      '黑夜里藏着好多好看的东西，只有睁开眼睛才看得见。',
      'The night is full of beautiful things, but you have to open your eyes to see them.',
    ),
    wonder: bi(
      '满天的星星在眨眼睛，一闪一闪的萤火虫在身边飞舞。',
      'The sky was full of twinkling stars, and fireflies danced all around.',
    ),
  },
  thunder: {
    fear: bi('打雷', 'thunder'),
    when: bi(
      '一听到轰隆隆的雷声，{ta}就吓得躲到床底下。',
      'Whenever thunder rumbled, {he} hid under the bed.',
    ),
    task: bi('下雨天一起去{s3}踩水坑', 'to go puddle-jumping by {s3} on a rainy day'),
    secret: bi(
      '雷声是云朵在敲大鼓，它们在给雨点打拍子呢。',
      'Thunder is just the clouds playing their big drums, keeping time for the raindrops.',
    ),
    wonder: bi(
      '雨停了，天边挂起了一道弯弯的彩虹。',
      'The rain stopped, and a rainbow arched across the sky.',
    ),
  },
  water: {
    fear: bi('水', 'the water'),
    when: bi(
      '每次走到水边，{ta}都要往后退好几步。',
      'Whenever {he} came near the water, {he} took several steps back.',
    ),
    task: bi('一起去{water}玩水', 'to go splashing in {water}'),
    secret: bi(
      '水是最温柔的，它会轻轻地托住你。',
      'Water is the gentlest thing. It will hold you up softly.',
    ),
    wonder: bi(
      '清清的水里，小鱼在{ta}脚边游来游去，痒痒的，好舒服。',
      'In the clear water, little fish swam round {his} toes. It tickled!',
    ),
  },
  heights: {
    fear: bi('高的地方', 'high places'),
    when: bi(
      '只要站得高一点，{ta}的腿就会发软。',
      'Whenever {he} stood somewhere high, {his} legs went wobbly.',
    ),
    task: bi('一起爬到{high}上看风景', 'to climb up {high} and look at the view'),
    secret: bi(
      '站得高，就能看得远，远处有好多你没见过的风景。',
      'The higher you stand, the further you can see, and far away there is so much to discover.',
    ),
    wonder: bi(
      '整个{place}都在脚下，远处的山和云美得像一幅画。',
      'The whole world was spread out below, as pretty as a painting.',
    ),
  },
};

/** Where a journey can go when the topic names none; `scene` is where the success beat happens. */
export const DESTINATIONS: Array<{ zh: string; en: string; scene: string }> = [
  { zh: '去看大海', en: 'see the sea', scene: 'sea' },
  { zh: '去山顶看日出', en: 'watch the sunrise from the mountaintop', scene: 'mountain' },
  { zh: '去彩虹的尽头', en: 'find the end of the rainbow', scene: 'sky' },
  { zh: '去看看星星住的地方', en: 'visit the place where the stars live', scene: 'space' },
];

/** What the travellers see when they arrive, by destination scene. */
export const ARRIVALS: Record<string, Bi> = {
  sea: bi(
    '终于，眼前出现了一片蓝蓝的大海，海浪哗啦啦地唱着歌。',
    'At last, there it was: the wide blue sea, its waves singing swish, swash.',
  ),
  mountain: bi(
    '终于，他们站在了山顶上，金红色的太阳正从云海里慢慢升起。',
    'At last, they stood on the mountaintop as a golden sun rose slowly from a sea of clouds.',
  ),
  sky: bi(
    '终于，他们走到了彩虹脚下，七种颜色亮闪闪的，就像一座会发光的桥。',
    'At last, they reached the foot of the rainbow, all seven colours glowing like a shining bridge.',
  ),
  space: bi(
    '终于，他们来到了星星住的地方，四周的星星一闪一闪，像在眨眼睛欢迎他们。',
    'At last, they reached the place where the stars live, twinkling all around as if to say hello.',
  ),
  default: bi(
    '终于，{H}{dest}的梦想实现了，眼前的景色比梦里还要美！',
    'At last, they got there, and {H} could really {destEn} now, and it was even lovelier than in {his} dreams.',
  ),
};

/** Someone to help when the topic says "help" without saying whom. */
export const HELP_PATIENTS: Bi[] = [
  bi('受伤的小鸟', 'a hurt little bird'),
  bi('迷路的小刺猬', 'a lost little hedgehog'),
  bi('扭伤了脚的小兔子', 'a little rabbit with a sore paw'),
  bi('淋湿了翅膀的小蝴蝶', 'a little butterfly with wet wings'),
];

/** Things to look for when the topic says "find" without saying what. */
export const FIND_TARGETS: Bi[] = [
  bi('丢失的红气球', 'the lost red balloon'),
  bi('会发光的贝壳', 'the glowing shell'),
  bi('最甜的蜂蜜', 'the sweetest honey'),
  bi('一颗掉下来的小星星', 'a little fallen star'),
];

/** Quiet night-time moments that stretch a bedtime story to more pages. */
export const NIGHT_EXTRAS: BeatSpec[] = [
  beat(
    [
      bi(
        '窗外，风轻轻地吹过{s2}。{H}抱着小被子，望着天花板发呆。天花板上的影子，像一只打瞌睡的大猫。',
        'Outside, the wind whispered past {s2}. {H} hugged {his} blanket and stared at the ceiling. The shadows up there looked like a big sleepy cat.',
      ),
    ],
    bi('{H}抱着被子望着天花板', '{H} hugging a blanket, staring at the ceiling'),
    'night',
  ),
  beat(
    [
      bi(
        '月光从窗口照进来，在地板上铺了一层银白色。{H}把小脚丫伸出被子，又赶紧缩了回去。',
        'Moonlight spilled through the window and lay silver on the floor. {H} poked {his} toes out of the blanket, then quickly pulled them back in.',
      ),
    ],
    bi('月光洒在{H}的小床上', "moonlight falling across {H}'s bed"),
    'night',
  ),
  beat(
    [
      bi(
        '{H}想起了白天和{F1}一起玩的游戏，忍不住偷偷地笑了。可是一笑，就更睡不着了。',
        '{H} remembered the games {he} had played with {F1} that day and giggled. But giggling only made {him} more awake, and {he} wriggled under the covers.',
      ),
    ],
    bi('{H}躲在被子里偷偷地笑', '{H} giggling under the covers'),
    'night',
  ),
  beat(
    [
      bi(
        '墙上的钟嘀嗒嘀嗒地走着，好像在说：“快睡吧，快睡吧。”可是{H}一点儿也不困。',
        'The clock on the wall went tick, tock, as if to say, "Time to sleep, time to sleep." But {H} didn\'t feel sleepy at all.',
      ),
    ],
    bi('{H}看着墙上的钟', '{H} watching the clock on the wall'),
    'night',
  ),
  beat(
    [
      bi(
        '{H}悄悄地爬到窗边往外看。整个{place}都睡着了，只有一只萤火虫还提着小灯笼在巡逻。',
        '{H} crept to the window and peeked out. All of {place} was asleep, except one firefly patrolling with its little lantern.',
      ),
    ],
    bi('{H}趴在窗边看萤火虫', '{H} at the window watching a firefly'),
    'night',
  ),
  beat(
    [
      bi(
        '{H}小声地问萤火虫：“你也睡不着吗？”萤火虫闪了三下，好像在说：“我在上班呢。”',
        '"Can\'t you sleep either?" {H} whispered to the firefly. It blinked three times, as if to say, "I\'m working!"',
      ),
    ],
    bi('{H}和一只萤火虫说悄悄话', '{H} whispering to a firefly'),
    'night',
  ),
  beat(
    [
      bi(
        '{H}数起了自己的脚趾头，一个、两个……十个。数完了，还是睁着亮晶晶的眼睛。',
        '{H} counted {his} toes: one, two... all ten of them. When {he} had finished, {his} eyes were still bright and wide.',
      ),
    ],
    bi('{H}坐在床上数脚趾头', '{H} sitting in bed counting toes'),
    'night',
  ),
  beat(
    [
      bi(
        '远处传来一声长长的哈欠，原来{F1}也被吵醒了。“你怎么还不睡呀？”{F1s}揉着眼睛问。',
        'A long yawn came from nearby. {F1} had woken up too. "Why aren\'t you asleep?" {F1s} asked, rubbing {F1s}\'s eyes.',
      ),
    ],
    bi('{F1s}揉着眼睛打哈欠', '{F1s} yawning and rubbing sleepy eyes'),
    'night',
  ),
  beat(
    [
      bi(
        '“我的眼睛不听话，它们不想闭上。”{H}委屈地说。{F1}想了想，把自己的小枕头也抱了过来。',
        '"My eyes won\'t listen. They don\'t want to close," {H} said sadly. {F1} thought for a moment and brought over a pillow to share.',
      ),
    ],
    bi('{F1s}抱着枕头来陪{H}', '{F1s} bringing a pillow to keep {H} company'),
    'night',
  ),
  beat(
    [
      bi(
        '两个好朋友并排躺着，一起看着天上的星星。“那颗最亮的，像不像一块糖？”{H}小声地说。',
        'The two friends lay side by side, looking up at the stars. "Doesn\'t that bright one look like a sweet?" {H} whispered.',
      ),
    ],
    bi('{H}和{F1s}并排躺着看星星', '{H} and {F1s} lying side by side, stargazing'),
    'night',
  ),
];

/** Quiet daytime moments with no plot of their own, for the longest stories. */
export const DAY_FILLERS: BeatSpec[] = [
  beat(
    [
      bi(
        '{H}有点累了，就在{s2}旁边坐下来，吃了一块香喷喷的小点心。吃饱了，{ta}又觉得浑身是劲。',
        '{H} was a little tired, so {he} sat down by {s2} and nibbled a tasty snack. With a full tummy, {he} felt ready for anything.',
      ),
    ],
    bi('{H}坐在{s2}旁边吃点心', '{H} sitting by {s2}, nibbling a snack'),
  ),
  beat(
    [
      bi(
        '{H}躺下来看天上的云。那朵云像一只小船，那朵云像一个大蛋糕，{ta}看着看着就笑了。',
        '{H} lay down and watched the clouds. One looked like a little boat, another like a big cake, and {he} could not help smiling.',
      ),
    ],
    bi('{H}躺着看天上的云', '{H} lying on {his} back, watching the clouds'),
  ),
  beat(
    [
      bi(
        '{H}一边走，一边唱起了自己编的小歌：“啦啦啦，今天真是好天气！”路边的小花好像也在跟着摇摆。',
        '{H} made up a little song as {he} went: "La la la, what a lovely day!" Even the flowers by the path seemed to sway along.',
      ),
    ],
    bi('{H}一边走一边唱歌', '{H} singing while walking along'),
  ),
  beat(
    [
      bi(
        '一只小蝴蝶飞过来，停在{H}的鼻子上。{H}屏住呼吸，一动也不敢动，直到它扇扇翅膀又飞走了。',
        "A little butterfly fluttered down and landed on {H}'s nose. {H} held {his} breath and kept very still until it flew away again.",
      ),
    ],
    bi('一只蝴蝶停在{H}的鼻子上', "a butterfly resting on {H}'s nose"),
  ),
  beat(
    [
      bi(
        '{H}发现了一块圆圆的小石头，光溜溜的，像一颗糖。{ta}把它小心地放进口袋里，留作纪念。',
        '{H} found a round little pebble, smooth and shiny like a sweet. {he} tucked it carefully away to keep.',
      ),
    ],
    bi('{H}捧着一块光溜溜的小石头', '{H} holding a smooth, shiny pebble'),
  ),
];
