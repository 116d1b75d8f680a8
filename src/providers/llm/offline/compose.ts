// Composes a whole story for the offline writer: casts the characters, chooses the plot and its
// turning point, stretches or squeezes the arc over the requested pages, and fills the phrasing.
import type { StoryPage, StoryRequest, StoryScript } from '../../../story/script.js';
import { hashString, Rng } from '../../core/random.js';
import {
  ACCENT_COLORS,
  ACCESSORIES,
  type Bi,
  KINDS,
  type Kind,
  kindById,
  NAMES,
  type Scene,
  SURNAMES,
  sceneById,
  TRAITS,
} from './lexicon.js';
import {
  ARRIVALS,
  type BeatSpec,
  BRAVE,
  COMMON,
  DAY_FILLERS,
  DESTINATIONS,
  FEARS,
  FIND,
  FIND_TARGETS,
  FRIEND,
  GENERIC_SKILL,
  GIFT,
  type GoalId,
  type GoalPlot,
  GROW,
  HELP,
  HELP_PATIENTS,
  JOURNEY,
  learnPlot,
  MAKE,
  NIGHT_EXTRAS,
  REACTIONS,
  SKILLS,
  SLEEP,
  type TimeOfDay,
} from './plots.js';
import {
  findCompanion,
  findGoal,
  findKind,
  findName,
  findPlace,
  findPronoun,
  findScene,
  findWhen,
  type GoalGuess,
  type KindGuess,
  topicWordFor,
  type WhenGuess,
} from './topic.js';

type Lang = 'zh' | 'en';

/**
 * Page length the layout aims for: zh characters, en words. Thin pages get more of their beats'
 * sentences (or a time-of-day opener); long ones give sentences back. Typical pages land at
 * 40–70 characters or 30–45 words.
 */
export const PAGE_LIMITS = { zh: { min: 36, max: 120 }, en: { min: 28, max: 80 } } as const;

interface Character {
  slot: 'H' | 'F1' | 'F2';
  name: string;
  kind: Kind;
  /** zh: 小海豹豆豆, en: Nutmeg the seal: how a companion is first introduced. */
  epithet: string;
  description: string;
  appearance: { kind: string; body_colors: string[]; accessory: string; accessory_color: string };
}

/** One beat placed in the story, with the template sentences it can use. */
interface PlacedBeat {
  id: string;
  units: string[];
  /**
   * The wordings the beat was picked from and which one was; `tails`: the lines that can follow it
   * (a try's reactions), `tail` the one that does.
   */
  wording?: { variants: Bi[]; picked: number; tail?: number; tails?: string[] };
  act: string;
  time?: TimeOfDay;
  atDestination?: boolean;
  priority: number;
}

const TIME_WORDS: Record<TimeOfDay, Bi> = {
  morning: { zh: '清晨', en: 'early morning' },
  noon: { zh: '中午', en: 'midday' },
  afternoon: { zh: '下午', en: 'afternoon' },
  evening: { zh: '傍晚，夕阳西下', en: 'evening, at sunset' },
  night: { zh: '夜晚，月亮和星星', en: 'night, under the moon and stars' },
};
const TIME_ORDER: TimeOfDay[] = ['morning', 'noon', 'afternoon', 'evening', 'night'];

/** How much a beat matters when several share one page: the lowest goes first. */
const PRIORITY: Record<string, number> = {
  ending: 9,
  success: 8,
  opening: 7,
  problem: 6,
  turn: 5,
  low: 3,
  try: 2,
};

/**
 * Another wording of one page: `variant` (from 1) picks it. Everything else in the story (cast,
 * plot, other pages) comes out exactly as without it.
 */
export interface PageRewrite {
  page: number;
  variant: number;
}

export function composeStory(request: StoryRequest, rewrite?: PageRewrite): StoryScript {
  const lang: Lang = request.language;
  const rng = new Rng(
    hashString(
      JSON.stringify([request.topic, request.mainRole, request.scene, lang, request.pages, request.seed]),
    ),
  );
  const coin = () => rng.chance(0.5);

  // --- who and where ------------------------------------------------------------------------
  const roleKind = request.mainRole ? findKind(request.mainRole, coin) : null;
  // What the topic asks for, read once: it shapes the hero and the cast as well as the plot.
  const topicGoal = findGoal(request.topic);
  const topicKind = notTheVisited(request.topic, topicGoal, findKind(request.topic, coin));
  // "A turtle who teaches a rabbit to swim": the rabbit is the one who learns (the hero of the
  // learning plot) and the turtle, the topic's subject, is the friend who teaches.
  const taught = request.mainRole ? undefined : topicGoal?.learner;
  const learnerKind = taught ? findKind(taught, coin) : null;
  const teacherKind = learnerKind && topicKind?.kind.id !== learnerKind.kind.id ? topicKind : null;
  const userScene = request.scene ? findScene(request.scene) : null;
  const topicPlace = findPlace(request.topic, lang);
  const topicScene = topicPlace?.scene ?? findScene(request.topic);
  const when = findWhen(request.topic);
  // A role with no kind word is a person's name ("小宇", "Lily"): the hero is a child, not an animal.
  const namedChild: KindGuess | null =
    request.mainRole && !roleKind && !topicKind
      ? {
          kind: kindById(
            (findPronoun(`${request.mainRole} ${request.topic}`) ?? (coin() ? 'she' : 'he')) === 'she'
              ? 'girl'
              : 'boy',
          ),
          start: 0,
          end: 0,
        }
      : null;
  const subject = roleKind ?? (teacherKind ? learnerKind : null) ?? topicKind ?? namedChild;
  // A journey's destination is not where the hero lives: "a bus ride to the seaside" is not a
  // fish's story. The hero then comes from the land, away from where the trip goes.
  const homeScene =
    userScene ??
    (topicScene && topicGoal?.id === 'journey' && topicGoal.dest && findScene(topicGoal.dest) === topicScene
      ? null
      : topicScene);
  const heroKind =
    subject?.kind ??
    (homeScene
      ? kindById(rng.pick(homeScene.companions))
      : rng.pick(
          KINDS.filter((k) => !k.person && !k.noClothes && (!topicScene || k.habitat !== topicScene.id)),
        ));
  const label =
    subject && subject !== namedChild
      ? topicWordFor(
          subject === roleKind ? request.mainRole : subject === learnerKind ? taught! : request.topic,
          subject,
          lang,
        )
      : null;
  // A companion the topic names ("and his grandpa", "和她的机器人朋友") is the hero's first friend.
  const buddyWords = teacherKind || subject?.sibling ? undefined : findCompanion(request.topic);
  const buddy = buddyWords ? findKind(buddyWords, coin) : null;
  const goalGuess = topicGoal ?? chooseGoal(rng, heroKind, !!buddy);
  const destination = goalGuess.id === 'journey' ? chooseDestination(goalGuess, lang, rng) : null;
  // A journey starts somewhere else than where it goes (a sea turtle going to see the sea sets
  // out from the river).
  const away = (s: Scene | null) => (s && s !== destination?.scene ? s : null);
  const scene: Scene =
    userScene ??
    away(topicScene) ??
    away(sceneById(heroKind.habitat)) ??
    sceneById(destination?.scene?.id === 'forest' ? 'river' : 'forest');
  const pronoun =
    subject?.pronoun ??
    findPronoun(`${request.mainRole} ${request.topic}`) ??
    (heroKind.id === 'girl' ? 'she' : heroKind.id === 'boy' ? 'he' : coin() ? 'she' : 'he');

  const names = rng.shuffle(NAMES[lang]);
  // A grown-up's role is a title with a name ("Granny Rose", "王奶奶"): kept whole.
  const roleName = request.mainRole
    ? roleKind?.grownUp
      ? request.mainRole.trim()
      : findName(request.mainRole, roleKind)
    : null;
  // A grown-up is called by a title: 王奶奶, Grandma Hazel.
  const heroName =
    roleName ??
    (subject?.grownUp && label
      ? lang === 'zh'
        ? `${rng.pick(SURNAMES)}${label.name.zh}`
        : `${label.name.en.charAt(0).toUpperCase()}${label.name.en.slice(1)} ${names[0]}`
      : names[0]!);
  const sibling = subject?.sibling === true;
  const companions = sibling
    ? [
        heroKind,
        ...rng
          .shuffle(scene.companions.filter((id) => id !== heroKind.id))
          .slice(0, 1)
          .map(kindById),
      ]
    : rng
        .shuffle([...new Set([...scene.companions, 'bird'])])
        .filter((id) => id !== heroKind.id)
        .slice(0, 2)
        .map(kindById);
  // The teacher is the second friend (the one the turning point brings); a named companion the first.
  const companionKinds = teacherKind
    ? [companions.find((k) => k.id !== teacherKind.kind.id) ?? kindById('bird'), teacherKind.kind]
    : buddy
      ? [buddy.kind, companions.find((k) => k.id !== buddy.kind.id) ?? kindById('bird')]
      : companions;
  const usedColors = new Set<string>();
  const hero = makeCharacter('H', heroName, heroKind, lang, rng, usedColors, label, subject?.grownUp);
  const otherNames = names.filter((n) => n !== heroName && !heroName.endsWith(` ${n}`));
  // A sibling is called what they are to the hero: 弟弟皮皮, his little brother Milo.
  const she = pronoun === 'she';
  const siblingLabel = sibling
    ? {
        name: { zh: she ? '妹妹' : '弟弟', en: she ? 'sister' : 'brother' },
        small: { zh: she ? '妹妹' : '弟弟', en: she ? 'little sister' : 'little brother' },
      }
    : null;
  const buddyLabel = buddy ? topicWordFor(buddyWords!, buddy, lang) : null;
  const f1 = makeCharacter(
    'F1',
    otherNames[0]!,
    companionKinds[0]!,
    lang,
    rng,
    usedColors,
    siblingLabel ?? buddyLabel,
    buddy?.grownUp,
  );
  if (buddy?.grownUp && buddyLabel) {
    // A grown-up who comes along is called what they are to the hero: Grandpa, 爷爷.
    const title = buddyLabel.name[lang];
    f1.name = lang === 'zh' ? title : title.charAt(0).toUpperCase() + title.slice(1);
    f1.epithet = lang === 'zh' ? f1.name : `${pronoun === 'she' ? 'her' : 'his'} ${title}`;
  }
  if (sibling)
    f1.epithet =
      lang === 'zh'
        ? `${siblingLabel!.small.zh}${f1.name}`
        : `${she ? 'her' : 'his'} little ${siblingLabel!.name.en} ${f1.name}`;
  const f2 = makeCharacter(
    'F2',
    otherNames[1]!,
    companionKinds[1]!,
    lang,
    rng,
    usedColors,
    teacherKind ? topicWordFor(request.topic, teacherKind, lang) : null,
  );
  const cast = [hero, f1, f2];

  // --- plot and phrasing slots --------------------------------------------------------------
  const {
    plot,
    vars: goalVars,
    destScene,
  } = buildGoal(goalGuess, heroKind, lang, rng, f1, destination, pronoun);
  const traits = rng.shuffle(TRAITS);
  const details = rng.shuffle(scene.details);
  const spots = rng.shuffle(scene.spots);
  // The user's scene, else the place the topic names, in their own words.
  const placeName = request.scene
    ? placeFromUser(request.scene, scene, lang)
    : topicPlace &&
        topicPlace.scene === scene &&
        !goalGuess.make?.obj.includes(topicPlace.raw.replace(/^the /, ''))
      ? placeFromUser(topicPlace.raw, scene, lang)
      : null;
  const vars: Record<string, string> = {
    H: hero.name,
    Hk: label?.small[lang] ?? heroKind.small[lang],
    Hkind: label?.name[lang] ?? heroKind.name[lang],
    Hmw: subject?.grownUp ? '位' : heroKind.mw,
    ta: pronoun === 'she' ? '她' : '他',
    he: pronoun,
    his: pronoun === 'she' ? 'her' : 'his',
    him: pronoun === 'she' ? 'her' : 'him',
    himself: pronoun === 'she' ? 'herself' : 'himself',
    F1s: f1.name,
    F2s: f2.name,
    place: placeName?.place ?? scene.place[lang],
    at: placeName?.at ?? scene.at[lang],
    s1: spots[0]![lang],
    s2: spots[1]![lang],
    s3: spots[2]![lang],
    high: scene.high[lang],
    water: scene.water[lang],
    soft: scene.soft[lang],
    dust: scene.dust[lang],
    tangle: scene.tangle[lang],
    limbs: heroKind.limbs[lang],
    move: heroKind.move[lang],
    trait: traits[0]![lang],
    F1trait: traits[1]![lang],
    detail: details[0]![lang],
    detail2: details[1]![lang],
    ...(goalGuess.vehicle ? { vehicle: goalGuess.vehicle } : {}),
    ...goalVars,
  };

  // --- arc over pages -----------------------------------------------------------------------
  const beats = planBeats(plot, request.pages, rng, lang, Boolean(goalGuess.vehicle));
  if (rewrite) rewordPage(beats, request.pages, rewrite, lang);
  tellTopicFacts(beats, lang, when, goalGuess.vehicle, sibling);
  if (buddy) {
    const opening = beats.find((b) => b.id === 'opening');
    opening?.units.push(lang === 'zh' ? '{H}和{F1}总是形影不离。' : '{H} and {F1} went everywhere together.');
  }
  if (teacherKind) tellTeacher(beats, lang);
  const pages = layoutPages(beats, request.pages, lang, vars, cast, rewrite);

  // What the topic is about, named in a page's picture whenever the page mentions it.
  const keyThings = [
    ...new Set(
      [vars.thingBare, vars.obj, vars.plant, vars.fear, vars.skill, vars.rec, vars.patient, goalGuess.vehicle]
        .filter((t): t is string => !!t && !t.includes('{'))
        .map((t) => t.replace(/^(the|a|an) /, '')),
    ),
  ];
  const titleTemplate = rng.pick(plot.titles)[lang];
  const rawTitle = fill(
    teacherKind ? (lang === 'zh' ? '{F2s}教{H}{skill}' : '{F2s} Teaches {H} to {Skill}') : titleTemplate,
    vars,
    lang,
    null,
  );
  const title = lang === 'en' ? titleCase(rawTitle) : rawTitle;
  const sceneWords = (s: Scene) => (placeName && s === scene ? placeName.place : s.place[lang]);
  // Until the search succeeds, what is being looked for is named but not drawn.
  const foundAt = plot.id === 'find' ? pages.findIndex((p) => p.beats.some((b) => b.id === 'success')) : -1;
  const sought = vars.obj?.replace(/^(the|a|an) /, '');
  const storyPages: StoryPage[] = pages.map((p, i) => {
    const setting = p.beats.some((b) => b.atDestination) && destScene ? destScene : scene;
    const time = p.time;
    const present = cast.filter((c) => c === hero || p.text.includes(c.name) || p.act.includes(c.name));
    const lower = p.text.toLowerCase();
    const named = keyThings.filter((t) => lower.includes(t.toLowerCase()));
    const missing = i < foundAt && sought ? named.filter((t) => t === sought) : [];
    const objects = named.filter((t) => !missing.includes(t));
    const feelings = present.map((c) => ({ c, feeling: feelingOf(p.main.id, plot.id, c === hero) }));
    return {
      page: i + 1,
      text: p.text,
      image_prompt: imagePrompt(lang, {
        place: sceneWords(setting),
        time,
        weather: when ? WEATHER_WORDS[when.id][lang] : '',
        feelings,
        act: p.act,
        objects,
        missing,
      }),
      setting: setting.id,
      time_of_day: time,
      cast: present.map((c) => c.name),
      action: p.act,
    };
  });

  return {
    title,
    topic: request.topic,
    main_role: request.mainRole || hero.name,
    scene: request.scene || sceneWords(scene),
    language: lang,
    characters: cast.map((c) => ({
      name: c.name,
      description: c.description,
      role: c.slot === 'H' ? 'main' : 'friend',
      appearance: c.appearance,
    })),
    pages: storyPages,
    settings: { aspect: request.aspect, seed: request.seed },
    plot: { goal: plot.id, arc: beats.map((b) => b.id) },
  };
}

// ---------------------------------------------------------------------------------------------
// Characters
// ---------------------------------------------------------------------------------------------

function makeCharacter(
  slot: Character['slot'],
  name: string,
  kind: Kind,
  lang: Lang,
  rng: Rng,
  usedColors: Set<string>,
  label: { name: Bi; small: Bi } | null = null,
  grownUp = false,
): Character {
  const elder = grownUp && /grand|gran|nana/i.test(label?.name.en ?? '');
  const body = elder ? { zh: '花白', en: 'grey', basic: ['grey'] } : rng.pick(kind.colors);
  const feature = elder ? { zh: '戴着一副圆圆的眼镜', en: 'round glasses' } : kind.feature;
  const small = label?.small ?? kind.small;
  const kindName = label?.name ?? kind.name;
  const accent = rng.pick(
    ACCENT_COLORS.filter((c) => !body.basic.includes(c.basic) && !usedColors.has(c.basic)).concat(
      ACCENT_COLORS.filter((c) => !body.basic.includes(c.basic)).slice(0, 1),
    ),
  );
  usedColors.add(accent.basic);
  const accessory = rng.pick(ACCESSORIES.filter((a) => !(kind.noClothes && a.clothes)));
  const shape = rng.pick(kind.shape);
  const acc = { zh: accessory.zh.replace('{c}', accent.zh), en: accessory.en.replace('{c}', accent.en) };
  const description =
    lang === 'zh'
      ? `一${grownUp ? '位' : kind.mw}${shape.zh}${small.zh}，${body.zh}的${kind.covering.zh}，${feature.zh}，${acc.zh}`
      : fixArticles(
          `a ${shape.en} ${small.en} with ${/^(coat|shell|metal body|spiral shell)$/.test(kind.covering.en) ? 'a ' : ''}${body.en} ${kind.covering.en} and ${feature.en}, wearing ${acc.en}`,
        );
  const epithet = lang === 'zh' ? `${small.zh}${name}` : `${name} the ${kindName.en}`;
  return {
    slot,
    name,
    kind,
    epithet,
    description,
    appearance: {
      kind: kind.id,
      body_colors: body.basic,
      accessory: accessory.id,
      accessory_color: accent.basic,
    },
  };
}

/** How English puts you in each kind of place: by the sea, on the farm, beside the river. */
const EN_PREPOSITION: Record<Scene['id'], string> = {
  forest: 'in',
  snow: 'on',
  sea: 'by',
  sky: 'in',
  city: 'in',
  home: 'in',
  farm: 'on',
  garden: 'in',
  mountain: 'in',
  river: 'beside',
  grassland: 'on',
  space: 'in',
  desert: 'in',
  school: 'at',
  volcano: 'near',
};

/** The user's own scene words, as a place name and an "in/at" phrase. */
function placeFromUser(raw: string, scene: Scene, lang: Lang): { place: string; at: string } {
  const text = raw.trim();
  if (lang === 'zh') {
    const bare = text.replace(/^(在|住在)/, '');
    if (/[里上边中下旁外内]$/.test(bare) || /南极|北极/.test(bare))
      return { place: bare.replace(/[里上边中内]$/, '') || bare, at: bare };
    const suffix = scene.id === 'sky' ? '中' : scene.at.zh.slice(-1);
    return { place: bare, at: /[里上边中]/.test(suffix) ? bare + suffix : bare };
  }
  if (/^(in|on|at|by|under|near|inside|beside|above|among|across)\b/i.test(text)) {
    return { place: text.replace(/^\w+\s+/, ''), at: text };
  }
  const place = /^(the|a|an)\b/i.test(text) || /^[A-Z]/.test(text) ? text : `the ${text}`;
  const on = /\b(roof|rooftop|beach|island|moon|mars|ice|farm|hill)$/i.test(place);
  return { place, at: `${on ? 'on' : EN_PREPOSITION[scene.id]} ${place}` };
}

// ---------------------------------------------------------------------------------------------
// Goals
// ---------------------------------------------------------------------------------------------

/** A goal for a topic that names none; a hero who comes with a friend does not look for one. */
function chooseGoal(rng: Rng, hero: Kind, hasFriend = false): GoalGuess {
  const goals: GoalId[] = ['learn', 'find', 'friend', 'brave', 'journey', 'help', 'learn'];
  const id = rng.pick(hasFriend ? goals.filter((g) => g !== 'friend') : goals);
  if (id === 'learn') {
    const options = ['fly', 'swim', 'sing', 'dance', 'climb', 'read'].filter(
      (s) => !(s === 'fly' && hero.canFly) && !(s === 'swim' && hero.canSwim),
    );
    return { id, skill: { key: rng.pick(options) } };
  }
  return { id };
}

interface Destination {
  text: string;
  scene: Scene | null;
}

/** Where a journey goes: the topic's own words when it names a place, else a storybook classic. */
function chooseDestination(guess: GoalGuess, lang: Lang, rng: Rng): Destination {
  const preset = rng.pick(DESTINATIONS);
  if (rawFits(guess.dest, lang)) return { text: guess.dest!, scene: findScene(guess.dest!) };
  return { text: lang === 'zh' ? preset.zh : preset.en, scene: sceneById(preset.scene as Scene['id']) };
}

function gerund(phrase: string): string {
  const [first, ...rest] = phrase.split(' ');
  const w = first ?? '';
  let g: string;
  if (/ie$/.test(w)) g = `${w.slice(0, -2)}ying`;
  else if (/[^aeiou]e$/.test(w) && w !== 'be') g = `${w.slice(0, -1)}ing`;
  // One short vowel before a final consonant doubles it: swimming, knitting, hopping.
  else if (/^[^aeiou]*[aeiou][bdgmnpt]$/.test(w)) g = `${w}${w.slice(-1)}ing`;
  else g = `${w}ing`;
  return [g, ...rest].join(' ');
}

const titleCase = (s: string) =>
  s
    .split(' ')
    .map((w, i) =>
      i > 0 && /^(a|an|the|of|to|for|and|in|on)$/.test(w) ? w : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join(' ');

const isHan = (s: string) => /[\u4e00-\u9fff]/.test(s);
const isLatin = (s: string) => /^[a-zA-Z][a-zA-Z '-]*$/.test(s);
/** A raw phrase from the topic is used only when it is in the story's language. */
const rawFits = (raw: string | undefined, lang: Lang) => !!raw && (lang === 'zh' ? isHan(raw) : isLatin(raw));

function buildGoal(
  guess: GoalGuess,
  hero: Kind,
  lang: Lang,
  rng: Rng,
  f1: Character,
  destination: Destination | null,
  pronoun: string,
): { plot: GoalPlot; vars: Record<string, string>; destScene: Scene | null } {
  const v: Record<string, string> = {};
  let destScene: Scene | null = null;
  let plot: GoalPlot;
  const pick = (b: Bi) => b[lang];
  switch (guess.id) {
    case 'learn': {
      const key = guess.skill?.key ?? (rawFits(guess.skill?.raw, lang) ? undefined : 'fly');
      const known = key ? SKILLS[key] : undefined;
      const raw = guess.skill?.raw ?? '';
      const verb = known ? pick(known.verb) : raw;
      const material = known ?? { verb: { zh: raw, en: raw }, ...GENERIC_SKILL };
      let fly: 'water' | 'balloon' | 'glide' | null = null;
      if (key === 'fly')
        fly = hero.canFly
          ? rng.pick(['glide', 'glide', 'balloon'] as const)
          : hero.canSwim
            ? rng.pick(['water', 'water', 'balloon'] as const)
            : 'balloon';
      plot = learnPlot(material, fly, key === 'swim' || key === 'climb');
      v.skill = verb;
      v.Skill = titleCase(verb);
      v.skilling = gerund(verb);
      v.wish = pick(material.wish);
      v.lowLine = lang === 'zh' ? `我是不是永远也学不会${verb}了？` : `Maybe I will never learn to ${verb}.`;
      v.thought = lang === 'zh' ? `怎样才能学会${verb}` : `how {he} could ever learn to ${verb}`;
      v.aim = lang === 'zh' ? `学${verb}` : `learning to ${verb}`;
      break;
    }
    case 'find': {
      const own = lang === 'en' ? guess.obj?.replace(/^(its|his|her|their) /, '') : undefined;
      // "its mother" is the hero's own mother: "her mother", not "the mother".
      const family =
        /^(mother|mum|mom|mummy|mommy|dad|daddy|father|papa|mama|parents|family|grandma|grandpa|granny|grandad)$/;
      const obj =
        own && own !== guess.obj && rawFits(own, lang)
          ? family.test(own)
            ? `${pronoun === 'she' ? 'her' : 'his'} ${own}`
            : `the ${own}`
          : rawFits(guess.obj, lang)
            ? guess.obj!
            : pick(rng.pick(FIND_TARGETS));
      plot = FIND;
      v.obj = obj;
      v.ObjT = obj.replace(/^(his|her|their|its|my) /, `${'{H}'}'s `);
      // In the hero's own words, "her mother" is "my mother".
      v.myObj = obj.replace(/^(his|her) /, 'my ');
      v.lowLine = lang === 'zh' ? `我是不是永远也找不到${obj}了？` : `Maybe I will never find ${v.myObj}.`;
      v.thought = lang === 'zh' ? `${obj}到底在哪儿` : `where ${obj} could be`;
      v.aim = obj;
      break;
    }
    case 'friend':
      plot = FRIEND;
      v.lowLine = lang === 'zh' ? '是不是没有人愿意和我做朋友？' : 'Maybe nobody wants to be my friend.';
      v.thought = lang === 'zh' ? '怎样才能交到朋友' : 'how to make a friend';
      v.aim = lang === 'zh' ? '交朋友' : 'making a friend';
      break;
    case 'brave': {
      const key =
        guess.fear?.key ?? (rawFits(guess.fear?.raw, lang) ? undefined : rng.pick(Object.keys(FEARS)));
      const known = key ? FEARS[key] : undefined;
      const fear = known ? pick(known.fear) : guess.fear!.raw!;
      plot = BRAVE;
      v.fear = fear;
      v.Fear = fear.charAt(0).toUpperCase() + fear.slice(1);
      // "big dogs are", "the dark is": a last word in -s (not -ss, -ness) is taken as a plural.
      const plural = lang === 'en' && /[^s]s$/.test(fear) && !/ness$/.test(fear);
      v.fearIs = plural ? 'are' : 'is';
      v.fearIsnt = plural ? "aren't" : "isn't";
      v.fearWhen = known
        ? pick(known.when)
        : lang === 'zh'
          ? `一想到${fear}，{ta}的心就怦怦直跳。`
          : `Just thinking about ${fear} made {his} heart thump.`;
      v.fearTask = known ? pick(known.task) : lang === 'zh' ? '一起去{s3}探险' : 'to go exploring by {s3}';
      v.fearSecret = known
        ? pick(known.secret)
        : lang === 'zh'
          ? `${fear}并没有你想的那么可怕，走近了看看就知道了。`
          : `${v.Fear} ${v.fearIs} never as scary as ${plural ? 'they seem' : 'it seems'}, so go a little closer and see for yourself.`;
      v.wonder = known
        ? pick(known.wonder)
        : lang === 'zh'
          ? '{ta}发现，{place}的一切都那么安静、那么美。'
          : 'Everything {at} was calm and beautiful.';
      v.lowLine = lang === 'zh' ? '我怎么这么胆小呢？' : 'Why am I such a scaredy-cat?';
      v.thought = lang === 'zh' ? '怎样才能变得勇敢' : 'how to be brave';
      // What the hero keeps trying: not the fear itself but facing it.
      v.aim =
        lang === 'zh'
          ? `勇敢面对${fear}`
          : `facing ${/^(the|a|an|my|his|her)\b/.test(fear) || plural ? fear : `the ${fear}`}`;
      break;
    }
    case 'journey': {
      const destText = destination?.text ?? (lang === 'zh' ? '去远方' : 'see the world');
      destScene = destination?.scene ?? null;
      plot = JOURNEY;
      v.dest =
        lang === 'zh'
          ? /^(去|回到|来到|飞到|飞向|登上)/.test(destText)
            ? destText
            : `去${destText}`
          : destText;
      v.destEn = destText;
      v.arrive = pick(ARRIVALS[destScene?.id ?? 'default'] ?? ARRIVALS.default!);
      v.lowLine =
        lang === 'zh' ? '路这么远，我是不是永远也到不了了？' : "It's so far. Maybe I'll never get there.";
      v.thought = lang === 'zh' ? '明天该走哪条路' : 'which way to go tomorrow';
      v.aim = lang === 'zh' ? v.dest : gerund(destText);
      break;
    }
    case 'sleep':
      plot = SLEEP;
      v.lowLine =
        lang === 'zh' ? '天都快亮了吧？我是不是再也睡不着了？' : "Maybe I'll be awake all night long!";
      v.thought = lang === 'zh' ? '为什么还睡不着' : 'why sleep would not come';
      v.aim = lang === 'zh' ? '睡觉' : 'falling asleep';
      break;
    case 'grow': {
      const plant = rawFits(guess.plant, lang) ? guess.plant! : null;
      plot = GROW;
      v.plant = plant ?? (lang === 'zh' ? '小花' : 'flower');
      v.seed = lang === 'zh' ? (plant ? `${plant}种子` : '种子') : plant ? `${plant} seed` : 'seed';
      v.flower = plant ? `一棵大大的${plant}` : '一朵大大的金色的花';
      v.flowerEn = plant ? `a big, beautiful ${plant}` : 'a big golden flower';
      v.lowLine = lang === 'zh' ? '我的种子是不是永远也不会发芽了？' : 'Maybe my seed will never grow.';
      v.thought = lang === 'zh' ? '种子为什么还不发芽' : 'why the seed was not growing';
      v.aim = lang === 'zh' ? v.seed : `the ${v.seed}`;
      break;
    }
    case 'gift': {
      const rec = rawFits(guess.recipient, lang) && guess.recipient !== '朋友' ? guess.recipient! : null;
      plot = GIFT;
      v.rec =
        rec ?? (lang === 'zh' ? rng.pick(['妈妈', '奶奶', f1.name]) : rng.pick(['Mum', 'Grandma', f1.name]));
      v.Rec = v.rec.charAt(0).toUpperCase() + v.rec.slice(1);
      v.lowLine =
        lang === 'zh'
          ? `我什么都做不好，${v.rec}的生日要被我搞砸了。`
          : `I can't do anything right. I'll spoil ${v.rec}'s birthday.`;
      v.thought = lang === 'zh' ? `送给${v.rec}什么礼物才好` : `what to give ${v.rec}`;
      v.aim = lang === 'zh' ? `给${v.rec}的礼物` : `the present for ${v.rec}`;
      break;
    }
    case 'make': {
      const phrase = rawFits(guess.make?.phrase, lang)
        ? guess.make!.phrase
        : lang === 'zh'
          ? '搭一座小房子'
          : 'build a little house';
      const obj = rawFits(guess.make?.obj, lang)
        ? guess.make!.obj
        : lang === 'zh'
          ? '小房子'
          : 'little house';
      const plural = lang === 'en' && /s$/.test(obj) && !/ss$/.test(obj);
      plot = MAKE;
      v.make = phrase;
      v.Make = titleCase(phrase);
      v.thingBare = obj;
      v.thingThe = lang === 'zh' ? obj : `the ${obj}`;
      v.thingA = lang === 'zh' ? obj : plural ? titleCase(obj) : `a ${titleCase(obj)}`;
      v.was = plural ? 'were' : 'was';
      v.ItWas = plural ? 'They were' : 'It was';
      v.lowLine = lang === 'zh' ? `我是不是永远也做不好${obj}了？` : `Maybe I will never ${phrase}.`;
      v.thought = lang === 'zh' ? `怎样才能${phrase}` : `how {he} could ever ${phrase}`;
      v.aim = lang === 'zh' ? obj : `the ${obj}`;
      break;
    }
    case 'help': {
      const raw = rawFits(guess.patient, lang) ? guess.patient! : null;
      plot = HELP;
      const preset = rng.pick(HELP_PATIENTS)[lang];
      if (lang === 'zh') v.patient = raw ?? preset;
      else {
        const base = raw ?? preset;
        v.patientA = /^(a|an|the|some)\b/.test(base) ? base : `a ${base}`;
        v.patient = v.patientA.replace(/^(a|an|some)\b/, 'the');
      }
      v.lowLine = lang === 'zh' ? '我太小了，什么忙也帮不上。' : "I'm too small. I can't help at all.";
      v.thought = lang === 'zh' ? '怎样才能帮上忙' : 'how {he} could help';
      v.aim = lang === 'zh' ? `帮助${v.patient}` : `helping ${v.patient}`;
      break;
    }
  }
  // What the hero is after, as a short phrase the shared lines can name.
  v.aim ??= v.thought ?? '';
  v.Aim = v.aim.charAt(0).toUpperCase() + v.aim.slice(1);
  return { plot, vars: v, destScene };
}

// ---------------------------------------------------------------------------------------------
// The arc over the pages
// ---------------------------------------------------------------------------------------------

/** Story order of every beat a 20-page story has; shorter stories keep a subset, in this order. */
const ORDER = [
  'opening',
  'wander',
  'meetF1',
  'problem',
  'try',
  'extra',
  'try',
  'meetF2',
  'extra',
  'try',
  'low',
  'comfort',
  'night',
  'nextMorning',
  'extra',
  'try',
  'extra',
  'turn',
  'prepare',
  'extra',
  'success',
  'extra',
  'celebrate',
  'share',
  'extra',
  'homecoming',
  'extra',
  'extra',
  'ending',
] as const;

function planBeats(plot: GoalPlot, pages: number, rng: Rng, lang: Lang, vehicle: boolean): PlacedBeat[] {
  const resolution = rng.pick(plot.resolutions);
  const tries = rng.shuffle(vehicle && plot.vehicleTries ? plot.vehicleTries : plot.tries);
  // Index 2 is a friend cheering the hero on, which a friendless hero cannot have.
  const reactions = rng.shuffle(
    plot.reactions ?? (plot.exclude?.includes('cheer') ? REACTIONS.filter((_, i) => i !== 2) : REACTIONS),
  );
  // What gets added, in this order, as the page count grows past the six-beat core.
  const optional: string[] = plot.nightStory
    ? [
        'try',
        'extra',
        'try',
        'extra',
        'try',
        'share',
        'extra',
        'extra',
        'extra',
        'extra',
        'extra',
        'extra',
        'extra',
        'extra',
      ]
    : rng.chance(0.5)
      ? [
          'try',
          'meetF1',
          'low',
          'comfort',
          'try',
          'meetF2',
          'celebrate',
          'prepare',
          'night+',
          'try',
          'share',
          'homecoming',
          'wander',
        ]
      : [
          'meetF1',
          'try',
          'low',
          'try',
          'comfort',
          'celebrate',
          'meetF2',
          'share',
          'prepare',
          'night+',
          'try',
          'homecoming',
          'wander',
        ];
  const chosen: Record<string, number> = { opening: 1, problem: 1, try: 1, turn: 1, success: 1, ending: 1 };
  let count = 6;
  for (const id of optional) {
    if (plot.exclude?.includes(id)) continue;
    const size = id === 'night+' ? 2 : 1;
    if (count + size > pages) continue;
    if (id === 'night+') {
      chosen.night = 1;
      chosen.nextMorning = 1;
    } else chosen[id] = (chosen[id] ?? 0) + 1;
    count += size;
  }
  let wording: PlacedBeat['wording'];
  const unitsOf = (spec: BeatSpec, tails?: string[], tail?: number) => {
    const picked = rng.int(spec.variants.length);
    wording = { variants: spec.variants, picked, tails, tail };
    return [...templateSentences(spec.variants[picked]![lang], lang), ...(tails ? [tails[tail!]!] : [])];
  };
  const placed: PlacedBeat[] = [];
  let tryIndex = 0;
  let extraIndex = 0;
  const used: Record<string, number> = {};
  for (const id of ORDER) {
    if ((used[id] ?? 0) >= (chosen[id] ?? 0)) continue;
    used[id] = (used[id] ?? 0) + 1;
    let spec: BeatSpec;
    let units: string[];
    if (id === 'try') {
      spec = tries[tryIndex % tries.length]!;
      units = unitsOf(
        spec,
        reactions.map((r) => r[lang]),
        tryIndex % reactions.length,
      );
      tryIndex++;
    } else if (id === 'extra') {
      spec = NIGHT_EXTRAS[extraIndex++ % NIGHT_EXTRAS.length]!;
      units = unitsOf(spec);
    } else {
      spec =
        id === 'opening'
          ? (plot.opening ?? COMMON.opening)
          : id === 'problem'
            ? plot.problem
            : id === 'turn'
              ? resolution.turn
              : id === 'success'
                ? resolution.success
                : id === 'ending'
                  ? resolution.ending
                  : id === 'share'
                    ? plot.share
                    : COMMON[id as keyof typeof COMMON];
      units = unitsOf(spec);
    }
    placed.push({
      id,
      units,
      wording,
      act: spec.act[lang],
      time: spec.time,
      atDestination: spec.atDestination,
      priority: PRIORITY[id] ?? 1,
    });
  }
  // Pages past what the plot holds (a long story with a goal that skips some shared beats): quiet
  // moments before the turning point, then wandering, so the page count is always kept.
  const fillers = [
    ...(plot.nightStory ? [] : DAY_FILLERS.map((f) => rng.pick(f.variants)[lang])),
    ...COMMON.wander.variants.map((v) => v[lang]),
  ];
  let filler = 0;
  while (placed.length < pages) {
    const at = Math.max(
      1,
      placed.findIndex((b) => b.id === 'turn'),
    );
    const spec = filler < DAY_FILLERS.length && !plot.nightStory ? DAY_FILLERS[filler]! : COMMON.wander;
    placed.splice(at, 0, {
      id: 'filler',
      units: templateSentences(fillers[filler % fillers.length]!, lang),
      act: spec.act[lang],
      priority: 1,
    });
    filler++;
  }
  return placed;
}

/** The beats page `page` of `pages` holds (as layoutPages groups them). */
function beatsOfPage(beats: PlacedBeat[], pages: number, page: number): PlacedBeat[] {
  const i = page - 1;
  return beats.slice(Math.floor((i * beats.length) / pages), Math.floor(((i + 1) * beats.length) / pages));
}

/**
 * Rewords the beats of one page: each takes another of its wordings (rewrite.variant counts
 * through them, skipping the one it had), so the page tells the same moment in other words.
 */
function rewordPage(beats: PlacedBeat[], pages: number, rewrite: PageRewrite, lang: Lang): void {
  // The n-th other item of a list of `size` than `at` (itself when it is the only one).
  const other = (at: number, size: number) =>
    size < 2 ? at : (at + 1 + ((rewrite.variant - 1) % (size - 1))) % size;
  for (const beat of beatsOfPage(beats, pages, rewrite.page)) {
    const w = beat.wording;
    if (!w) continue;
    if (w.variants.length < 2 && !w.tails) {
      // One wording only: the moment gets a line of its own kind, said before it (the turning
      // point, the success) or after it (the rest: a merged page keeps a beat's first sentence).
      const pool = REWORD_LINES[beat.id as keyof typeof REWORD_LINES] ?? REWORD_LINES.other;
      const line = templateSentences(pool[(rewrite.variant - 1) % pool.length]![lang], lang);
      beat.units =
        beat.id === 'turn' || beat.id === 'success' ? [...line, ...beat.units] : [...beat.units, ...line];
      continue;
    }
    const tail = w.tails ? [w.tails[other(w.tail!, w.tails.length)]!] : [];
    beat.units = [...templateSentences(w.variants[other(w.picked, w.variants.length)]![lang], lang), ...tail];
  }
}

/** Lines a rewritten page adds to a moment the plots tell in one wording only. */
const REWORD_LINES: Record<'turn' | 'success' | 'ending' | 'other', Bi[]> = {
  turn: [
    { zh: '{H}深深地吸了一口气，又四处看了看。', en: '{H} took a deep breath and looked around once more.' },
    { zh: '四周一下子安静了下来。', en: 'For a moment, everything was very still.' },
    { zh: '{H}眨了眨眼睛，好像想到了什么。', en: '{H} blinked, as if a thought was on its way.' },
  ],
  success: [
    { zh: '{H}的心怦怦直跳。', en: "{H}'s heart was beating fast." },
    { zh: '大家都屏住了呼吸。', en: 'Everyone held their breath.' },
    { zh: '这一次，真的不一样了。', en: 'This time, it really was different.' },
  ],
  ending: [
    { zh: '每次想起那一天，{H}都会开心地笑起来。', en: 'Whenever {he} thought of that day, {he} smiled.' },
    { zh: '{H}永远也不会忘记这一天。', en: '{H} would never, ever forget it.' },
    { zh: '那真是最美好的一天。', en: 'It had been the very best of days.' },
  ],
  other: [
    { zh: '一阵微风轻轻地吹过。', en: 'A soft breeze drifted by.' },
    { zh: '{H}歪着头，想了又想。', en: '{H} tilted {his} head and thought and thought.' },
    { zh: '不远处，有只小鸟轻轻地唱着歌。', en: 'Not far away, a little bird was singing softly.' },
  ],
};

/** Weather or time the topic names, said as the story opens. */
const WHEN_LINES: Record<WhenGuess['id'], Bi> = {
  rain: {
    zh: '那是一个下雨天，雨点滴滴答答地落个不停。',
    en: 'It was a rainy day, and the raindrops pitter-pattered down.',
  },
  storm: {
    zh: '那天刮起了暴风雨，雷声轰隆隆，雨哗啦啦地下。',
    en: 'That day a storm blew in, with rumbling thunder and pouring rain.',
  },
  snow: {
    zh: '那天下起了雪，雪花一片一片地飘下来。',
    en: 'That day it was snowing, and soft flakes drifted down.',
  },
  night: {
    zh: '夜晚来了，月亮悄悄地爬上了天空。',
    en: 'Night had come, and the moon crept softly into the sky.',
  },
  winter: {
    zh: '冬天到了，呼呼的北风吹得树枝直摇晃。',
    en: 'Winter had come, and a cold wind shook the branches.',
  },
  summer: { zh: '夏天到了，知了在树上不停地叫。', en: 'Summer had come, and the days were long and warm.' },
};

/**
 * Puts into the plot what the topic says beyond its goal: the weather or time as the story opens,
 * the vehicle a journey takes, and the sibling the hero does everything with.
 */
function tellTopicFacts(
  beats: PlacedBeat[],
  lang: Lang,
  when: WhenGuess | null,
  vehicle: string | undefined,
  sibling: boolean,
): void {
  const opening = beats.find((b) => b.id === 'opening');
  const sep = lang === 'en' ? ' ' : '';
  if (opening && when) opening.units[0] = WHEN_LINES[when.id][lang] + sep + opening.units[0];
  if (opening && sibling)
    opening.units[0] +=
      sep +
      (lang === 'zh' ? '{H}还有一个形影不离的小跟班：{F1}。' : '{H} did everything together with {F1}.');
  if (vehicle) {
    const problem = beats.find((b) => b.id === 'problem');
    const success = beats.find((b) => b.id === 'success');
    if (problem)
      // Marked as a sentence start: after a closing quote "{he}" would read as a speech tag.
      problem.units[0] +=
        sep + (lang === 'zh' ? `{ta}要坐${vehicle}去！` : `${UNIT_START}{he} would go by ${vehicle}!`);
    if (success)
      success.units.unshift(
        lang === 'zh' ? `${vehicle}载着{H}，一路向前。` : `The ${vehicle} carried {H} all the way.`,
      );
    if (success)
      success.act =
        lang === 'zh'
          ? `${vehicle}载着{H}飞驰，${success.act}`
          : `the ${vehicle} carrying {H}, ${success.act}`;
  }
}

/**
 * "坐火车去看奶奶", "a trip to visit grandma": the one a journey goes to see is not the hero, so a
 * kind word inside the journey's destination does not make the subject.
 */
function notTheVisited(topic: string, goal: GoalGuess | null, kind: KindGuess | null): KindGuess | null {
  const dest = goal?.dest;
  if (!kind || !dest) return kind;
  const words = dest.replace(/^(go to|visit|see|meet) /, '');
  const at = topic.toLowerCase().indexOf(words.toLowerCase());
  return at >= 0 && kind.start >= at && kind.start < at + words.length ? null : kind;
}

/** The friend who teaches the skill says so as the story opens, at the turning point and at the end. */
function tellTeacher(beats: PlacedBeat[], lang: Lang): void {
  const opening = beats.find((b) => b.id === 'opening');
  const turn = beats.find((b) => b.id === 'turn');
  const success = beats.find((b) => b.id === 'success');
  if (opening)
    opening.units.push(
      lang === 'zh'
        ? '{H}的好朋友{F2}，{skill}可厉害了。'
        : "{H}'s friend {F2} could {skill} better than anyone.",
    );
  // A turning point that already brings {F2} in has the teacher there; another line would repeat it.
  if (turn && !turn.units.some((u) => u.includes('{F2}')))
    turn.units.unshift(
      lang === 'zh'
        ? '{F2}来到{H}身边，说：“别着急，我来教你。”'
        : '"Don\'t worry," said {F2}. "I\'ll teach you."',
    );
  if (success)
    success.units.push(
      lang === 'zh' ? '{F2}在一旁开心地拍起手来：“你学会啦！”' : '{F2} clapped and cheered: "You did it!"',
    );
}

interface LaidPage {
  beats: PlacedBeat[];
  /** The beat the page's picture shows. */
  main: PlacedBeat;
  text: string;
  act: string;
  time: TimeOfDay;
}

/** A line of weather and light that opens a page that would otherwise be too thin. */
const AMBIENCE: Record<TimeOfDay, Bi[]> = {
  morning: [
    {
      zh: '清晨的阳光照在{place}，{H}一醒来就想着{aim}。',
      en: 'The morning sun peeped over {place}, and {H} woke up thinking of {aim}.',
    },
    {
      zh: '{place}的空气清清凉凉的，{H}心里装着{aim}。',
      en: 'The air {at} was fresh and cool, and {H} had {aim} on {his} mind.',
    },
  ],
  noon: [
    {
      zh: '太阳高高地挂在{place}上空，{H}还在琢磨{aim}。',
      en: 'The sun stood high over {place}, and {H} was still puzzling over {aim}.',
    },
    {
      zh: '正是中午，{place}亮堂堂的，{H}一心想着{aim}。',
      en: 'It was the middle of the day {at}, and {H} could think only of {aim}.',
    },
  ],
  afternoon: [
    {
      zh: '下午的阳光在{place}拉出长长的影子，{H}又想起了{aim}。',
      en: 'The afternoon sun made long shadows {at}, and {H} thought again of {aim}.',
    },
    {
      zh: '一阵懒洋洋的微风吹过{place}，{H}还惦记着{aim}。',
      en: 'A lazy breeze drifted {at}, and {H} was still wondering about {aim}.',
    },
  ],
  evening: [
    {
      zh: '{place}的天边染上了橘红色，{H}望着晚霞想着{aim}。',
      en: 'The sky over {place} glowed orange and pink, and {H} thought of {aim}.',
    },
    {
      zh: '第一颗星星在{place}的天空探出头，{H}还想着{aim}。',
      en: 'The first star peeped out over {place}, and {H} was still thinking of {aim}.',
    },
  ],
  night: [
    {
      zh: '月亮静静地照着{place}，{H}躺着想{aim}。',
      en: 'The moon shone softly over {place}, and {H} lay thinking of {aim}.',
    },
    {
      zh: '银色的月光洒满{place}，{H}心里还装着{aim}。',
      en: 'Silver moonlight lay {at}, and {H} still had {aim} on {his} mind.',
    },
  ],
};

/** An ambience line without its second half about the hero's aim: "The sun stood high over X." */
function plainAmbience(line: string, lang: Lang): string {
  return lang === 'zh'
    ? line.replace(/，[^，]*\{aim\}[^，]*。$/, '。')
    : line.replace(/, and [^,]*\{aim\}[^,]*\.$/, '.');
}

/** Groups beats into pages, picks which sentences each page keeps, and fills them in order. */
function layoutPages(
  beats: PlacedBeat[],
  pages: number,
  lang: Lang,
  vars: Record<string, string>,
  cast: Character[],
  rewrite?: PageRewrite,
): LaidPage[] {
  const groups = Array.from({ length: pages }, (_, i) => beatsOfPage(beats, pages, i + 1));
  const mentioned = new Set<string>();
  const sep = lang === 'en' ? ' ' : '';
  const times = assignTimes(groups);
  let aimSaid = false;
  const ambience = new Map(
    Object.entries(AMBIENCE).map(([t, lines]) => [t, lines.map((l) => l[lang])] as const),
  );
  return groups.map((group, pageIndex) => {
    const time = times[pageIndex]!;
    let kept = group.slice();
    let lead = '';
    // A one-beat page says all of it; several beats on one page keep their first sentence each.
    // On a crowded page a try keeps its attempt and how it went, the turning point and success
    // keep all of theirs (they are what happens), the rest keep their first sentence (every
    // opening introduces the hero in its first). Trimming below takes back what does not fit.
    const first = (b: PlacedBeat) =>
      kept.length === 1 || b.id === 'turn' || b.id === 'success'
        ? b.units.length
        : b.id === 'try'
          ? Math.min(2, b.units.length)
          : 1;
    const counts = new Map<PlacedBeat, number>(kept.map((b) => [b, first(b)]));
    const template = () =>
      lead +
      kept
        .flatMap((b) => b.units.slice(0, counts.get(b)))
        .map((u) => UNIT_START + u)
        .join(sep);
    // Trial renders use a copy of who has been introduced; the final one updates it.
    const render = () => fill(template(), vars, lang, new Set(mentioned), cast);
    const tooLong = (t: string) => measure(t, lang) > PAGE_LIMITS[lang].max || sentenceCount(t, lang) > 4;
    let text = render();
    while (tooLong(text)) {
      const trimmable = kept.filter((b) => counts.get(b)! > 1);
      if (kept.length > 1 && trimmable.length > 0) {
        // Long beats say less first, the least important of them first.
        const lowest = trimmable.reduce((x, y) => (y.priority < x.priority ? y : x));
        counts.set(lowest, counts.get(lowest)! - 1);
      } else if (kept.length > 1) {
        // Then the least important beat gives way.
        const lowest = kept.reduce((x, y) => (y.priority < x.priority ? y : x));
        kept = kept.filter((b) => b !== lowest);
      } else {
        const only = kept[0]!;
        const n = counts.get(only)!;
        if (n <= 1) break;
        counts.set(only, n - 1);
        if (sentenceCount(render(), lang) < 2) {
          counts.set(only, n);
          break;
        }
      }
      text = render();
    }
    // Too short: let the beats say a little more, in story order.
    for (const b of kept) {
      while (measure(text, lang) < PAGE_LIMITS[lang].min && counts.get(b)! < b.units.length) {
        counts.set(b, counts.get(b)! + 1);
        const longer = render();
        if (tooLong(longer)) {
          counts.set(b, counts.get(b)! - 1);
          break;
        }
        text = longer;
      }
    }
    // Still thin: open the page with the light and weather of its time of day, once per story.
    const pool = ambience.get(time) ?? [];
    // Not where the page already says when it is, and not on the last page: the ending stays clean.
    const saysItsTime = kept.some((b) => b.time || b.id === 'ending');
    if (
      !saysItsTime &&
      measure(text, lang) < PAGE_LIMITS[lang].min &&
      pool.length > 0 &&
      sentenceCount(text, lang) < 4
    ) {
      // The hero's aim is named once, and only after the story has told what it is.
      // A rewritten page takes another of the lines (rewrite.variant counts through them).
      const at = rewrite?.page === pageIndex + 1 ? rewrite.variant % pool.length : 0;
      const line = pool.splice(at, 1)[0]!;
      const known = groups.slice(0, pageIndex).some((g) => g.some((b) => b.id === 'problem'));
      const useAim = known && !aimSaid;
      if (useAim) aimSaid = true;
      lead = (useAim ? line : plainAmbience(line, lang)) + sep;
      if (tooLong(render())) lead = '';
    }
    const mainBeat = kept.reduce((x, y) => (actRank(y) > actRank(x) ? y : x));
    return {
      beats: kept,
      main: mainBeat,
      text: fill(template(), vars, lang, mentioned, cast),
      act: fill(mainBeat.act, vars, lang, null, cast),
      time,
    };
  });
}

/** Which beat's picture a merged page shows. */
function actRank(b: PlacedBeat): number {
  return { success: 9, turn: 8, try: 7, problem: 6, low: 5, ending: 4, opening: 3 }[b.id] ?? 1;
}

/** Time of day per page: fixed beats set it, the rest move forward through the day slowly. */
function assignTimes(pages: PlacedBeat[][]): TimeOfDay[] {
  let current = 0;
  let steps = 0;
  return pages.map((beats) => {
    const fixed = beats.find((b) => b.time)?.time;
    if (fixed) {
      current = TIME_ORDER.indexOf(fixed);
      steps = 0;
    } else if (++steps % 2 === 0 && current < 2) {
      current++;
    }
    return TIME_ORDER[current]!;
  });
}

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

const SENTENCE_SLOTS = new Set(['detail', 'detail2', 'wish', 'fearWhen', 'wonder', 'arrive']);

/** Template sentences, never split inside a quotation. A leading quote keeps its speech tag. */
export function templateSentences(text: string, lang: Lang): string[] {
  const out: string[] = [];
  let start = 0;
  let depth = 0;
  const ends = lang === 'zh' ? '。！？…' : '.!?';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    // A slot that holds whole sentences ({wish}, {wonder}, …) ends a sentence of its own.
    const slot = depth === 0 && ch === '{' ? /^\{(\w+)\}/.exec(text.slice(i)) : null;
    if (slot && SENTENCE_SLOTS.has(slot[1]!)) {
      i += slot[0].length - 1;
      out.push(text.slice(start, i + 1).trim());
      start = i + 1;
      continue;
    }
    if (lang === 'zh') {
      if (ch === '“') depth++;
      else if (ch === '”') depth = Math.max(0, depth - 1);
    } else if (ch === '"') depth = depth === 0 ? 1 : 0;
    if (depth > 0 || !ends.includes(ch)) {
      // A quotation that closes on its own sentence end ends the sentence too, unless it opened it.
      const closes = lang === 'zh' ? ch === '”' : ch === '"' && depth === 0;
      if (!closes || !ends.includes(text[i - 1] ?? '')) continue;
      const opener = text.slice(start).trimStart()[0];
      if (opener === (lang === 'zh' ? '“' : '"')) continue;
    } else {
      while (i + 1 < text.length && ends.includes(text[i + 1]!)) i++;
      if (lang === 'en' && text[i + 1] === '"') continue;
      if (lang === 'zh' && text[i + 1] === '”') continue;
    }
    out.push(text.slice(start, i + 1).trim());
    start = i + 1;
  }
  const tail = text.slice(start).trim();
  if (tail) out.push(tail);
  return out;
}

/** Marks where a template sentence starts while a page is filled; removed before the text is used. */
const UNIT_START = '\u0001';

function fill(
  template: string,
  vars: Record<string, string>,
  lang: Lang,
  mentioned: Set<string> | null,
  cast: Character[] = [],
): string {
  let text = template;
  // Slots can hold slots ({wish} mentions {ta}); two passes are enough for the material.
  for (let pass = 0; pass < 3 && text.includes('{'); pass++) {
    text = text.replace(/\{(\w+)\}/g, (whole, key: string) => {
      if (key === 'F1' || key === 'F2') {
        const c = cast.find((x) => x.slot === key);
        if (!c) return whole;
        if (mentioned === null || mentioned.has(key)) return c.name;
        mentioned.add(key);
        return c.epithet;
      }
      return vars[key] ?? whole;
    });
  }
  if (mentioned) for (const c of cast) if (text.includes(c.name)) mentioned.add(c.slot);
  if (lang === 'en') {
    // Capitalise sentence starts; a speech tag after a closing quote stays lower case, but a
    // template sentence ("{he} brushed off…") always starts a sentence.
    text = fixArticles(text).replace(
      /(^|[.!?]\s+|\u0001)(["“]?)([a-z])/g,
      (_m, a: string, q: string, ch: string) => a + q + ch.toUpperCase(),
    );
  }
  return text
    .replaceAll(UNIT_START, '')
    .replace(/\s+/g, lang === 'en' ? ' ' : '')
    .trim();
}

function fixArticles(text: string): string {
  return text.replace(/\b([Aa]) (?=[aeiouAEIOU])/g, '$1n ');
}

/** zh: characters (punctuation included, as 字数 is counted); en: words. */
export function measure(text: string, lang: Lang): number {
  return lang === 'zh'
    ? Array.from(text.replace(/\s/g, '')).length
    : text.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
}

/** Sentences as a listener hears them: a quotation with its speech tag counts once. */
export function sentenceCount(text: string, lang: Lang): number {
  return templateSentences(text, lang).length;
}

/** How a character looks on a page: what the illustrator draws on the face. */
type Feeling = 'smile' | 'grin' | 'surprised' | 'sad' | 'sleepy' | 'worried';

const FEELING_WORDS: Record<Feeling, Bi> = {
  smile: { zh: '微笑', en: 'smiling' },
  grin: { zh: '开心地大笑', en: 'beaming with joy' },
  surprised: { zh: '吃惊', en: 'surprised' },
  sad: { zh: '难过', en: 'sad' },
  sleepy: { zh: '困倦', en: 'sleepy' },
  worried: { zh: '担心', en: 'worried' },
};

/** Goals whose problem is a sorrow (a lost mother, no friend), not a wish. */
const SAD_PROBLEMS = new Set<GoalId>(['find', 'friend', 'brave', 'help']);

/** The feeling of a beat, for the hero or for a friend beside the hero. */
function feelingOf(beat: string, goal: GoalId, isHero: boolean): Feeling {
  const hero: Record<string, Feeling> = {
    opening: 'smile',
    wander: 'smile',
    meetF1: 'grin',
    meetF2: 'smile',
    problem: SAD_PROBLEMS.has(goal) ? 'worried' : 'smile',
    try: 'surprised',
    low: 'sad',
    comfort: 'sad',
    night: 'sleepy',
    nextMorning: 'smile',
    turn: 'surprised',
    prepare: 'smile',
    success: 'grin',
    celebrate: 'grin',
    share: 'smile',
    homecoming: 'smile',
    ending: 'grin',
  };
  const friend: Partial<Record<string, Feeling>> = { low: 'worried', comfort: 'smile', try: 'worried' };
  if (goal === 'sleep' && beat !== 'ending' && beat !== 'opening') return 'sleepy';
  return (isHero ? hero[beat] : (friend[beat] ?? hero[beat])) ?? 'smile';
}

const WEATHER_WORDS: Record<WhenGuess['id'], Bi> = {
  rain: { zh: '，下着雨', en: ', in the rain' },
  storm: { zh: '，暴风雨', en: ', in a storm' },
  snow: { zh: '，下着雪', en: ', snow falling' },
  night: { zh: '', en: '' },
  winter: { zh: '，冬天', en: ', in winter' },
  summer: { zh: '，夏天', en: ', in summer' },
};

interface PromptParts {
  place: string;
  time: TimeOfDay;
  weather: string;
  feelings: Array<{ c: Character; feeling: Feeling }>;
  act: string;
  objects: string[];
  /** Named on the page but not there yet (what the hero is still looking for). */
  missing: string[];
}

/** A page's picture in words: place and time, who is there, what happens, the things and the faces. */
function imagePrompt(lang: Lang, p: PromptParts): string {
  if (lang === 'zh') {
    const who = p.feelings.map(({ c }) => `${c.name}（${c.description}）`).join('；');
    const faces = p.feelings.map(({ c, feeling }) => `${c.name}${FEELING_WORDS[feeling].zh}`).join('，');
    const things =
      (p.objects.length ? `画面里有${p.objects.join('、')}。` : '') +
      (p.missing.length ? `还没找到（画面里没有）：${p.missing.join('、')}。` : '');
    return `儿童绘本插画，温暖柔和的水彩风格。场景：${p.place}，${TIME_WORDS[p.time].zh}${p.weather}。人物：${who}。画面：${p.act}。${things}表情：${faces}。`;
  }
  const who = p.feelings.map(({ c }) => `${c.name} (${c.description})`).join('; ');
  const faces = p.feelings.map(({ c, feeling }) => `${c.name} ${FEELING_WORDS[feeling].en}`).join(', ');
  const things =
    (p.objects.length ? ` In the picture: ${p.objects.join(', ')}.` : '') +
    (p.missing.length ? ` Not found yet, so not in the picture: ${p.missing.join(', ')}.` : '');
  return `Children's picture-book illustration, soft warm watercolour style. Setting: ${p.place}, ${TIME_WORDS[p.time].en}${p.weather}. Characters: ${who}. Scene: ${p.act}.${things} Expressions: ${faces}.`;
}
