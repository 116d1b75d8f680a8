// Composes one picture-book page as SVG: reads the page and story words, picks the place, the
// light, the weather and the props, and stages the main character (and named companions) in it.
import {
  mainCharacter,
  type StoryCharacter,
  type StoryPage,
  type StoryScript,
} from '../../../story/script.js';
import { Rng } from '../../core/random.js';
import { drawCharacter } from './character.js';
import { type CharacterLook, characterLook } from './look.js';
import { drawProp, PROP_PLACE, type PropSpot } from './props.js';
import { drawScene, lit, type SceneFrame } from './scene.js';
import {
  countKeyword,
  firstMatch,
  type Keyword,
  MOOD_WORDS,
  type Mood,
  POSE_WORDS,
  type Pose,
  PROP_WORDS,
  PROPS,
  type PropKind,
  SCENE_WORDS,
  SCENES,
  type SceneKind,
  scoreKeywords,
  TIME_WORDS,
  type TimeOfDay,
  WEATHER_WORDS,
} from './words.js';

export interface PageInput {
  width: number;
  height: number;
  seed: number;
  page: StoryPage;
  script: StoryScript;
}

/** What the illustrator decided for a page (returned for tests and debugging). */
export interface PagePlan {
  scene: SceneKind;
  time: TimeOfDay;
  pose: Pose;
  mood: Mood;
  props: PropKind[];
  companions: string[];
  weather: ('rain' | 'snowfall' | 'leaves')[];
}

const f = (n: number) => (Math.round(n * 10) / 10).toString();

/** The image prompt without the character sheets it repeats (their words say nothing about the page). */
function promptWords(page: StoryPage, script: StoryScript): string {
  let prompt = page.image_prompt;
  for (const c of script.characters) if (c.description) prompt = prompt.split(c.description).join(' ');
  // What the hero is still looking for is not drawn yet.
  return prompt.replace(
    /Not found yet, so not in the picture:[^.]*\.|还没找到（画面里没有）：[^。]*。/g,
    ' ',
  );
}

function bestScene(page: StoryPage, script: StoryScript): SceneKind {
  const prompt = promptWords(page, script);
  const story = `${script.title} ${script.topic}`;
  const allPages = script.pages.map((p) => p.text).join(' ');
  // The place the prompt sets the page in ("Setting: the big green forest, …") is where the writer
  // put it: a page about setting off for space is still drawn at home.
  const setting = /(?:Setting:|场景：)([^.。,，]*)/.exec(page.image_prompt)?.[1] ?? '';
  let best: SceneKind = 'meadow';
  let bestScore = 0;
  for (const kind of SCENES) {
    const words = SCENE_WORDS[kind];
    const score =
      4 * scoreKeywords(page.text, words) +
      scoreKeywords(prompt, words) +
      // Far above what the words add up to: the setting decides whenever it names a place.
      1000 * scoreKeywords(setting, words) +
      2.5 * scoreKeywords(script.scene, words) +
      scoreKeywords(story, words) +
      0.25 * scoreKeywords(allPages, words);
    if (score > bestScore) {
      best = kind;
      bestScore = score;
    }
  }
  return best;
}

function timeOfDay(page: StoryPage, script: StoryScript, scene: SceneKind): TimeOfDay {
  if (scene === 'space') return 'night';
  const text = `${page.text} ${promptWords(page, script)}`;
  let best: TimeOfDay | undefined;
  let bestScore = 0;
  for (const [time, words] of Object.entries(TIME_WORDS) as [
    Exclude<TimeOfDay, 'day'>,
    readonly Keyword[],
  ][]) {
    const score = scoreKeywords(text, words);
    if (score > bestScore) {
      best = time;
      bestScore = score;
    }
  }
  if (best) return best;
  // No word about the hour: the story's day moves along with its pages.
  const n = script.pages.length;
  const index = Math.max(
    0,
    script.pages.findIndex((p) => p.page === page.page),
  );
  if (n <= 1) return 'day';
  if (index === 0) return 'morning';
  if (n >= 4 && index === n - 1) return 'sunset';
  return 'day';
}

const PARENT_WORDS =
  /\b(mother|mum|mom|mummy|mommy|mama|dad|daddy|father|papa|parents|family|grandma|grandpa|granny)\b|妈妈|爸爸|奶奶|爷爷|外婆|外公|母亲|父亲|家人/;

/** The page's picture has the hero's parent in it ("In the picture: her mother" / "画面里有妈妈"). */
function parentFound(page: StoryPage, script: StoryScript): boolean {
  const things = /(?:In the picture:|画面里有)([^.。]*)/.exec(promptWords(page, script))?.[1];
  return !!things && PARENT_WORDS.test(things.toLowerCase());
}

/** Other characters named on the page (full name, or the name without a 小/大/the prefix). */
function companionsOn(page: StoryPage, script: StoryScript): StoryCharacter[] {
  const found: StoryCharacter[] = [];
  const main = mainCharacter(script);
  for (const c of script.characters.filter((x) => x !== main)) {
    const names = [c.name, c.name.replace(/^(小|大|老|the\s+|a\s+)/i, '')].filter(
      (n) => n.trim().length >= 2,
    );
    if (names.some((n) => page.text.toLowerCase().includes(n.toLowerCase()))) found.push(c);
    if (found.length === 2) break;
  }
  return found;
}

/** Face words of a prompt's expressions part ("表情：布丁难过" / "Expressions: Pip sad"). */
const EXPRESSION_MOODS: [Mood, RegExp][] = [
  ['grin', /^(开心地大笑|大笑|beaming|laughing|grinning)/i],
  ['smile', /^(微笑|smiling|smile)/i],
  ['surprised', /^(吃惊|惊讶|surprised|amazed)/i],
  ['sad', /^(难过|担心|伤心|sad|worried|scared|afraid)/i],
  ['sleepy', /^(困倦|sleepy|asleep)/i],
];

/** The expression the writer gave a character in the page's prompt, when it gave one. */
export function expressionOf(prompt: string, name: string): Mood | undefined {
  const part = /(?:表情：|Expressions:)([^。]*)/.exec(prompt)?.[1];
  if (!part) return undefined;
  for (const item of part.split(/[，,；;]/)) {
    const t = item.trim();
    if (!t.startsWith(name)) continue;
    const rest = t.slice(name.length).trim();
    for (const [mood, re] of EXPRESSION_MOODS) if (re.test(rest)) return mood;
  }
  return undefined;
}

export function planPage(input: PageInput): PagePlan {
  const { page, script } = input;
  const rng = new Rng(input.seed ^ 0x5bd1e995);
  const scene = bestScene(page, script);
  const time = timeOfDay(page, script, scene);
  const text = page.text;
  const given = expressionOf(page.image_prompt, mainCharacter(script).name);
  const textPose = firstMatch(text, POSE_WORDS);
  // The writer's expression wins over words that may be negated ("not afraid any more").
  const pose =
    (given && given !== 'sad' && textPose === 'sad' ? undefined : textPose) ??
    (given === 'sad' ? 'sad' : rng.pick(['stand', 'wave', 'cheer', 'walk', 'look'] as const));
  const mood: Mood =
    given ??
    (pose === 'sad'
      ? 'sad'
      : (firstMatch(text, MOOD_WORDS) ?? rng.pick(['smile', 'grin', 'smile'] as const)));

  const scored = PROPS.map((p) => ({ p, score: scoreKeywords(text, PROP_WORDS[p]) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score);
  const props: PropKind[] = [];
  const places = new Set<string>();
  for (const { p } of scored) {
    // The star of a night sky is scenery, not a prop to hold, unless the page is about one star.
    if (p === 'star' && time === 'night' && countKeyword(text, '星星') + countKeyword(text, 'star') < 2)
      continue;
    if (p === 'fish' && characterLook(mainCharacter(script)).kind === 'fish') continue;
    if (p === 'snowman' && scene !== 'snow') continue;
    const place = PROP_PLACE[p];
    if (place === 'hand' && places.has('hand')) continue;
    if (place === 'ground' && places.has('ground')) continue;
    places.add(place);
    props.push(p);
    if (props.length === 2) break;
  }
  // "Flew a kite" is about the kite: the flyer stands below it holding the string.
  const finalPose: Pose = pose === 'fly' && props.includes('kite') ? 'look' : pose;
  const weather: PagePlan['weather'] = [];
  const look = drawSceneIndoor(scene);
  // No weather in space or under the sea.
  if (!look && scene !== 'space' && scene !== 'underwater') {
    // The weather the prompt's setting names (a rainy-day story) holds on every page, not just where the text says it.
    const setting = /(?:Setting:|场景：)([^.。]*)/.exec(page.image_prompt)?.[1] ?? '';
    if (scoreKeywords(`${text} ${setting}`, WEATHER_WORDS.rain) > 0) weather.push('rain');
    else if (scoreKeywords(text, WEATHER_WORDS.snowfall) > 0 || (scene === 'snow' && rng.chance(0.4)))
      weather.push('snowfall');
    if (scoreKeywords(text, WEATHER_WORDS.leaves) > 0) weather.push('leaves');
  }
  if (weather.includes('rain') && !props.includes('umbrella') && scoreKeywords(text, PROP_WORDS.umbrella) > 0)
    props.unshift('umbrella');
  return {
    scene,
    time,
    pose: finalPose,
    mood,
    props,
    companions: companionsOn(page, script).map((c) => c.name),
    weather,
  };
}

const drawSceneIndoor = (scene: SceneKind) => scene === 'home' || scene === 'school' || scene === 'kitchen';

function weatherLayer(kind: 'rain' | 'snowfall' | 'leaves', frame: SceneFrame): string {
  const { width, height, unit, rng } = frame;
  let s = '';
  if (kind === 'rain') {
    for (let i = 0; i < 90; i++) {
      const x = rng.range(0, width);
      const y = rng.range(0, height);
      s += `<path d="M${f(x)} ${f(y)} l${f(-6 * unit)} ${f(22 * unit)}" stroke="#e6f2ff" stroke-width="${f(2.2 * unit)}" opacity="0.7" stroke-linecap="round"/>`;
    }
  } else if (kind === 'snowfall') {
    for (let i = 0; i < 60; i++)
      s += `<circle cx="${f(rng.range(0, width))}" cy="${f(rng.range(0, height))}" r="${f(rng.range(2.5, 6) * unit)}" fill="#ffffff" opacity="${f(rng.range(0.6, 0.95))}"/>`;
  } else {
    for (let i = 0; i < 18; i++) {
      const x = rng.range(0, width);
      const y = rng.range(0, height * 0.9);
      const c = rng.pick(['#e9883a', '#e5534b', '#f3c443']);
      s += `<ellipse cx="${f(x)}" cy="${f(y)}" rx="${f(10 * unit)}" ry="${f(5 * unit)}" fill="${c}" transform="rotate(${f(rng.range(0, 180))} ${f(x)} ${f(y)})"/>`;
    }
  }
  return s;
}

interface Actor {
  character: StoryCharacter;
  /** How the actor looks, when not simply its character's own look (a hero's parent). */
  look?: CharacterLook;
  x: number;
  /** Pixels per character unit. */
  scale: number;
  facing: 1 | -1;
  pose: Pose;
  mood: Mood;
  main: boolean;
}

/** Where the main character is drawn: left, top, right, bottom as fractions of the frame. */
export type FrameBox = [number, number, number, number];

/** The whole page as an SVG document of exactly width × height, and where its main character stands. */
export function composePage(input: PageInput): { svg: string; plan: PagePlan; mainBox: FrameBox } {
  const { width, height, script } = input;
  const plan = planPage(input);
  const rng = new Rng(input.seed);
  const portrait = height > width * 1.1;
  const unit = Math.min(width, height) / 720;
  const horizon = height * (portrait ? 0.56 : 0.6);
  const ground = height * (portrait ? 0.8 : 0.86);
  const frame: SceneFrame = { width, height, unit, horizon, ground, time: plan.time, rng };
  const scene = drawScene(plan.scene, frame);

  const main = mainCharacter(script);
  const companions = script.characters.filter((c) => plan.companions.includes(c.name));
  const charHeight = Math.min(height * 0.44, width * 0.52) * rng.range(0.94, 1.06);
  const baseScale = charHeight / 200;

  // Stage positions (fractions of the width): the main character moves from page to page.
  const slots =
    companions.length === 0
      ? [rng.pick(portrait ? [0.42, 0.5, 0.58] : [0.34, 0.42, 0.5, 0.58, 0.66])]
      : companions.length === 1
        ? rng.chance(0.5)
          ? [0.36, 0.68]
          : [0.64, 0.32]
        : [0.5, 0.22, 0.8];
  // Companions stand a step behind; a tall narrow frame puts them further back and smaller.
  const companionScale = portrait ? (companions.length === 2 ? 0.62 : 0.72) : 0.82;
  const companionBack = (portrait ? (companions.length === 2 ? 90 : 40) : 18) * unit;
  const actors: Actor[] = [];
  const mainX = slots[0]! * width;
  actors.push({
    character: main,
    x: mainX,
    scale: baseScale * characterLook(main).build,
    facing: companions.length > 0 ? (slots[1]! > slots[0]! ? 1 : -1) : mainX > width / 2 ? -1 : 1,
    pose: plan.pose,
    mood: plan.mood,
    main: true,
  });
  companions.forEach((c, i) => {
    const x = slots[i + 1]! * width;
    const companionRng = new Rng(input.seed + i * 7919);
    actors.push({
      character: c,
      x,
      scale: baseScale * companionScale * characterLook(c).build,
      facing: x > mainX ? -1 : 1,
      pose: companionRng.pick(['stand', 'wave', 'cheer', 'look'] as const),
      mood:
        expressionOf(input.page.image_prompt, c.name) ??
        (plan.mood === 'sad' ? 'smile' : companionRng.pick(['smile', 'grin'] as const)),
      main: false,
    });
  });

  // A parent the hero has found stands beside the hero: the same kind and colours, grown up.
  if (parentFound(input.page, script)) {
    const own = characterLook(main);
    const room = (x: number) =>
      actors.every((a) => Math.abs(a.x - x) > width * 0.18) && x > width * 0.12 && x < width * 0.88;
    const sides = [mainX + width * 0.24, mainX - width * 0.24].sort(
      (a, b) => Math.abs(b - width / 2) - Math.abs(a - width / 2),
    );
    const x = sides.find(room) ?? (mainX < width / 2 ? mainX + width * 0.22 : mainX - width * 0.22);
    actors.push({
      character: main,
      look: { ...own, accessory: 'none', build: own.build * 1.3 },
      x,
      scale: baseScale * own.build * 1.3,
      facing: x > mainX ? -1 : 1,
      pose: 'wave',
      mood: 'grin',
      main: false,
    });
    actors[0]!.facing = x > mainX ? 1 : -1;
  }

  // Keep every character whole inside the frame (a fish is wider than it is tall).
  for (const actor of actors) {
    const half = ((actor.look ?? characterLook(actor.character)).kind === 'fish' ? 125 : 95) * actor.scale;
    actor.x = Math.min(Math.max(actor.x, half + 12 * unit), width - half - 12 * unit);
  }

  let defs = scene.defs;
  defs +=
    `<radialGradient id="shadow"><stop offset="0" stop-color="#1a1420" stop-opacity="0.32"/><stop offset="0.6" stop-color="#1a1420" stop-opacity="0.14"/><stop offset="1" stop-color="#1a1420" stop-opacity="0"/></radialGradient>` +
    `<radialGradient id="propglow"><stop offset="0" stop-color="#fff3b0" stop-opacity="0.8"/><stop offset="1" stop-color="#fff3b0" stop-opacity="0"/></radialGradient>` +
    `<radialGradient id="vignette" cx="0.5" cy="0.5" r="0.75"><stop offset="0.6" stop-color="#2a1a10" stop-opacity="0"/><stop offset="1" stop-color="#2a1a10" stop-opacity="${plan.time === 'night' ? 0.35 : 0.2}"/></radialGradient>`;

  let behind = '';
  let stage = '';
  let overlay = '';
  /** Props set down in front of the characters. */
  let foreground = '';
  let mainBox: FrameBox = [0, 0, 1, 1];
  // Companions stand a little further back, so they are drawn first.
  const ordered = [...actors.slice(1), actors[0]!];
  for (const actor of ordered) {
    const look = actor.look ?? characterLook(actor.character);
    const drawn = drawCharacter(look, { pose: actor.pose, mood: actor.mood });
    const footY = ground - (actor.main ? 0 : companionBack);
    const s = actor.scale;
    const toWorld = ([lx, ly]: [number, number]): [number, number] => [
      actor.x + actor.facing * s * lx,
      footY + s * ly,
    ];
    const lifted = actor.pose === 'jump' || actor.pose === 'fly';
    const shadowW = (lifted ? 52 : 70) * s;
    if (look.kind !== 'fish' || plan.scene !== 'underwater')
      stage += `<ellipse cx="${f(actor.x)}" cy="${f(footY)}" rx="${f(shadowW)}" ry="${f(shadowW * 0.24)}" fill="url(#shadow)"/>`;
    // A soft light behind dark characters at night keeps them readable.
    if (plan.time === 'night' && actor.main)
      behind += `<circle cx="${f(actor.x)}" cy="${f(footY - 110 * s)}" r="${f(170 * s)}" fill="url(#propglow)" opacity="0.5"/>`;
    stage += `<g transform="translate(${f(actor.x)} ${f(footY)}) scale(${f(actor.facing * s)} ${f(s)})">${drawn.svg}</g>`;

    if (!actor.main) continue;
    const half = (look.kind === 'fish' ? 125 : 95) * s;
    mainBox = [
      (actor.x - half) / width,
      // Long ears, hair buns and hats rise above the head.
      (footY + s * (drawn.top - 60)) / height,
      (actor.x + half) / width,
      footY / height,
    ];
    const front = toWorld(drawn.front);
    const raised = drawn.back[1] < drawn.front[1] ? toWorld(drawn.back) : front;
    const headY = footY + s * drawn.top;
    for (const prop of plan.props) {
      const place = PROP_PLACE[prop];
      const spot: PropSpot = { x: front[0], y: front[1], s, headY, width, height, rng };
      if (place === 'hand') {
        const hand = prop === 'star' || prop === 'balloon' || prop === 'lantern' ? raised : front;
        const held = drawProp(prop, { ...spot, x: hand[0], y: hand[1] });
        if (prop === 'umbrella' || prop === 'balloon') behind += held;
        else stage += held;
      } else if (place === 'ground') {
        // Beside the character on a free side, inside the frame; if both sides are taken (or the
        // frame is narrow), a little in front of its feet instead.
        const size = prop === 'boat' ? s * 0.8 : s;
        const half = 60 * size;
        const inFrame = (x: number) => x - half > 12 * unit && x + half < width - 12 * unit;
        const free = (x: number) => actors.every((a) => a.main || Math.abs(a.x - x) > 110 * s);
        const onWater = prop === 'boat' && (plan.scene === 'sea' || plan.scene === 'river');
        let gx = actor.x + actor.facing * 125 * s;
        let gy = onWater ? horizon + 70 * unit : footY + 6 * unit;
        let inFront = false;
        if (!onWater && !(inFrame(gx) && free(gx))) {
          const other = actor.x - actor.facing * 125 * s;
          if (inFrame(other) && free(other)) gx = other;
          else {
            gx = Math.min(
              Math.max(actor.x + actor.facing * 70 * s, half + 12 * unit),
              width - half - 12 * unit,
            );
            gy = footY + 46 * s;
            inFront = true;
          }
        }
        const g = `<ellipse cx="${f(gx)}" cy="${f(gy)}" rx="${f(50 * size)}" ry="${f(11 * size)}" fill="url(#shadow)"/>${drawProp(prop, { ...spot, x: gx, y: gy, s: size })}`;
        if (inFront) foreground += g;
        else stage = g + stage;
      } else if (place === 'behind') {
        behind = drawProp(prop, spot) + behind;
      } else if (place === 'scenery') {
        // On the far side of the frame from the hero, standing on the ground, behind everyone.
        const half = 120 * s;
        const sx =
          actor.x < width / 2
            ? Math.max(actor.x + 260 * s, width * 0.78)
            : Math.min(actor.x - 260 * s, width * 0.22);
        const x = Math.min(Math.max(sx, half * 0.6), width - half * 0.6);
        behind = drawProp(prop, { ...spot, x, y: footY + 4 * unit, s: s * 0.8 }) + behind;
      } else if (place === 'sky') {
        stage += drawProp(prop, spot);
      } else {
        overlay += drawProp(prop, { ...spot, x: actor.x });
      }
    }
  }

  let weather = '';
  for (const w of plan.weather) weather += weatherLayer(w, frame);
  const tint =
    plan.time === 'sunset'
      ? `<rect width="${width}" height="${height}" fill="#ff9a5a" opacity="0.08"/>`
      : plan.time === 'morning'
        ? `<rect width="${width}" height="${height}" fill="#fff0d0" opacity="0.06"/>`
        : '';

  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">` +
    `<defs>${defs}</defs>` +
    `<rect width="${width}" height="${height}" fill="${lit('#a9d7f0', plan.time)}"/>` +
    scene.back +
    tint +
    (plan.weather.includes('rain')
      ? `<rect width="${width}" height="${height}" fill="#5a6a8a" opacity="0.18"/>`
      : '') +
    behind +
    stage +
    foreground +
    scene.front +
    overlay +
    weather +
    `<rect width="${width}" height="${height}" fill="url(#vignette)"/>` +
    `</svg>`;
  const round = (n: number) => Math.round(Math.min(1, Math.max(0, n)) * 1000) / 1000;
  return { svg, plan, mainBox: mainBox.map(round) as FrameBox };
}
