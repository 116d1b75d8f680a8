// GENERATE_NARRATION: what a narrator says over each scene or group of scenes, in zh or en, each
// line sized to fit its scenes at the voice's speaking rate. Offline: an extractive narrator
// (who speaks to whom, the line that carries the scene, what the talk turns to); with a story LLM
// configured, the model writes the lines and this module checks they fit.
import { z } from 'zod';
import type { TextModel } from '../providers/llm/text-model.js';
import type { CallOptions, Usage } from '../providers/types.js';
import { type Blueprint, formatClock, type Scene } from './blueprint.js';
import { parseJsonInput } from './json-input.js';
import { estimateSeconds, type Lang, UNITS_PER_SECOND } from './speech-rate.js';
import { topicTokens } from './transcript.js';

export const STYLES = ['objective', 'humorous', 'suspense', 'emotional'] as const;
export const PERSPECTIVES = ['third_person', 'first_person'] as const;
export type Style = (typeof STYLES)[number];
export type Perspective = (typeof PERSPECTIVES)[number];

const SceneIdSchema = z.union([z.number().int(), z.string().min(1).max(100)]);

export const NarrationLineSchema = z.looseObject({
  narration: z.string().trim().min(1, 'must not be empty').max(5000),
  source_scene_ids: z.array(SceneIdSchema).max(10_000).default([]),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type NarrationLine = z.output<typeof NarrationLineSchema>;

export const NarrationFileSchema = z.looseObject({
  generation_date: z.string().optional(),
  asset_name: z.string().nullish(),
  narration_script: z.array(NarrationLineSchema).min(1, 'needs at least one line').max(10_000),
});
export type NarrationFile = z.output<typeof NarrationFileSchema>;

/** Reads a narration script (the output of GENERATE_NARRATION, or the client's own); errors name the line. */
export const parseNarration = (text: string, field = 'input_narration_path'): NarrationFile =>
  parseJsonInput(text, NarrationFileSchema, field);

export interface NarrationOptions {
  lang: Lang;
  style: Style;
  perspective: Perspective;
  /** Seconds of narration wanted in all; default: fill the scenes. */
  targetDuration?: number;
  /** The voice's pace (Chinese characters or English words a second). */
  unitsPerSecond?: number;
}

export interface NarrationResult {
  lines: NarrationLine[];
  usage: Usage;
  warnings: string[];
}

export interface Narrator {
  readonly provider: string;
  readonly modelId: string;
  narrate(blueprint: Blueprint, options: NarrationOptions, call: CallOptions): Promise<NarrationResult>;
}

/** Share of a scene group's time the narration may fill (the rest is breathing room). */
export const FILL = 0.8;
/** Scenes are grouped until a group lasts this long: shorter lines are too choppy to follow. */
const MIN_GROUP_SECONDS = 6;
const MIN_LINE_SECONDS = 1.5;

export interface SceneGroup {
  scenes: Scene[];
  start: number;
  end: number;
  /** Seconds this group's line may take. */
  budget: number;
}

/**
 * Consecutive scenes grouped to at least MIN_GROUP_SECONDS, each with a time budget. With a target
 * duration below what the scenes can hold, the liveliest groups (most talk per second) are kept,
 * in order, and their budgets scaled to the target.
 */
export function planGroups(blueprint: Blueprint, targetDuration?: number): SceneGroup[] {
  const groups: SceneGroup[] = [];
  for (const scene of blueprint.scenes) {
    const last = groups[groups.length - 1];
    if (last && last.end - last.start < MIN_GROUP_SECONDS) {
      last.scenes.push(scene);
      last.end = Math.max(last.end, scene.end);
    } else groups.push({ scenes: [scene], start: scene.start, end: scene.end, budget: 0 });
  }
  const tail = groups[groups.length - 1];
  if (groups.length > 1 && tail && tail.end - tail.start < MIN_GROUP_SECONDS) {
    groups.pop();
    const prev = groups[groups.length - 1]!;
    prev.scenes.push(...tail.scenes);
    prev.end = Math.max(prev.end, tail.end);
  }
  for (const g of groups) g.budget = Math.max(MIN_LINE_SECONDS, (g.end - g.start) * FILL);
  const total = groups.reduce((n, g) => n + g.budget, 0);
  if (!targetDuration || targetDuration >= total) return groups;
  const talk = (g: SceneGroup) =>
    g.scenes.reduce((n, s) => n + s.dialogues.length, 0) / Math.max(1, g.end - g.start);
  const ranked = [...groups].sort((a, b) => talk(b) - talk(a));
  const keep = new Set<SceneGroup>();
  let sum = 0;
  for (const g of ranked) {
    if (sum >= targetDuration) break;
    keep.add(g);
    sum += g.budget;
  }
  const scale = Math.min(1, targetDuration / sum);
  return groups
    .filter((g) => keep.has(g))
    .map((g) => ({ ...g, budget: Math.max(MIN_LINE_SECONDS, g.budget * scale) }));
}

// --- the offline narrator -------------------------------------------------------------------

interface Phrases {
  connectors: string[];
  last: string;
  intro: (names: string) => string;
  says: (conn: string, speaker: string, to: string | undefined, quote: string) => string;
  heard: (conn: string, quote: string) => string;
  speaks: (conn: string, speaker: string) => string;
  silent: (conn: string) => string;
  topic: (words: string[]) => string;
  and: (a: string, b: string) => string;
  me: string;
  /** First person: "I" as a speaker and "me" as an addressee. */
  selfSays: (conn: string, to: string | undefined, quote: string) => string;
  style: Record<Style, string[]>;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const PHRASES: Record<Lang, Phrases> = {
  en: {
    connectors: ['Then', 'Next,', 'Meanwhile,', 'After that,', 'Soon'],
    last: 'In the end,',
    intro: (names) => `It all begins with ${names}.`,
    says: (conn, speaker, to, quote) =>
      `${conn ? `${conn} ` : ''}${speaker} ${to ? `tells ${to}` : 'says'}, "${quote}"`,
    heard: (conn, quote) => `${conn ? `${conn} w` : 'W'}e hear: "${quote}"`,
    speaks: (conn, speaker) => `${conn ? `${conn} ` : ''}${speaker} speaks up.`,
    silent: (conn) => `${conn ? `${conn} t` : 'T'}he scene moves on without a word.`,
    topic: (words) => `The talk turns to ${words.join(' and ')}.`,
    and: (a, b) => `${a} and ${b}`,
    me: 'me',
    selfSays: (conn, to, quote) => `${conn ? `${conn} ` : ''}I ${to ? `tell ${to}` : 'say'}, "${quote}"`,
    style: {
      objective: [],
      humorous: ['Nobody saw that coming.', 'Classic.', 'Well, that went well.'],
      suspense: ['But something is not right.', 'And then, silence.', 'What comes next changes everything.'],
      emotional: ['It is hard to hear.', 'A quiet moment between them.', 'Nothing will be the same.'],
    },
  },
  zh: {
    connectors: ['接着', '随后', '与此同时', '紧接着', '没过多久'],
    last: '最后',
    intro: (names) => `故事从${names}开始。`,
    says: (conn, speaker, to, quote) =>
      `${conn ? `${conn}，` : ''}${speaker}${to ? `对${to}` : ''}说：“${quote}”`,
    heard: (conn, quote) => `${conn ? `${conn}，` : ''}只听有人说：“${quote}”`,
    speaks: (conn, speaker) => `${conn ? `${conn}，` : ''}${speaker}开口了。`,
    silent: (conn) => `${conn ? `${conn}，` : ''}画面静静地向前推进。`,
    topic: (words) => `话题转到了${words.join('和')}。`,
    and: (a, b) => `${a}和${b}`,
    me: '我',
    selfSays: (conn, to, quote) => `${conn ? `${conn}，` : ''}我${to ? `对${to}` : ''}说：“${quote}”`,
    style: {
      objective: [],
      humorous: ['这操作也是没谁了。', '谁也没想到会这样。', '场面一度十分尴尬。'],
      suspense: ['可事情并没有这么简单。', '空气突然安静了下来。', '接下来发生的事，谁也没想到。'],
      emotional: ['这一刻，让人心里一酸。', '两人都沉默了。', '从此，一切都不一样了。'],
    },
  },
};

/** Ends a quoted line with sentence punctuation (inside the quotes, as both languages write it). */
function closeQuote(text: string, lang: Lang): string {
  const t = text.trim().replace(/^["“”']+|["“”']+$/g, '');
  if (/[.!?。！？…]$/.test(t)) return t;
  return t + (lang === 'zh' ? '。' : '.');
}

/** The quote cut to its first sentences, else clauses, else words that fit, with an ellipsis when cut mid-sentence. */
function shortenQuote(text: string, lang: Lang, fits: (q: string) => boolean): string | undefined {
  const join = (parts: string[]) => parts.join(lang === 'zh' ? '' : ' ');
  const sentences = text.split(/(?<=[.!?。！？…])\s*/u).filter(Boolean);
  for (let k = sentences.length - 1; k >= 1; k--) {
    const q = join(sentences.slice(0, k));
    if (fits(q)) return q;
  }
  const clauses = text.split(/(?<=[,，;；:：、])\s*/u).filter(Boolean);
  for (let k = clauses.length - 1; k >= 1; k--) {
    const q = join(clauses.slice(0, k)).replace(/[,，;；:：、]$/u, '…');
    if (fits(q)) return q;
  }
  if (lang === 'en') {
    // Never end on a little word ("on the…").
    const words = text.split(/\s+/);
    for (let k = words.length - 1; k >= 3; k--) {
      if (words[k - 1]!.replace(/\W/g, '').length < 4) continue;
      const q = `${join(words.slice(0, k)).replace(/[,;:]$/, '')}…`;
      if (fits(q)) return q;
    }
  }
  return undefined;
}

const speakerCounts = (scenes: Scene[]) => {
  const counts = new Map<string, number>();
  for (const s of scenes)
    for (const d of s.dialogues) if (d.speaker) counts.set(d.speaker, (counts.get(d.speaker) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([name]) => name);
};

/** Inverse document frequency of topic tokens across the groups. */
function idfOf(groups: SceneGroup[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const g of groups) {
    const seen = new Set(g.scenes.flatMap((s) => s.dialogues.flatMap((d) => topicTokens(d.content))));
    for (const t of seen) df.set(t, (df.get(t) ?? 0) + 1);
  }
  const n = groups.length;
  return new Map([...df].map(([t, f]) => [t, Math.log(1 + n / f)]));
}

/** Display words of a group's topic: content words (en) or repeated two-character words (zh), not in `quote`. */
function topicWords(group: SceneGroup, lang: Lang, idf: Map<string, number>, quote: string): string[] {
  const counts = new Map<string, { n: number; shown: string }>();
  for (const s of group.scenes) {
    for (const d of s.dialogues) {
      if (lang === 'en') {
        for (const w of d.content.match(/[A-Za-z][A-Za-z'-]{3,}/g) ?? []) {
          const [token] = topicTokens(w);
          if (!token) continue;
          const e = counts.get(token) ?? { n: 0, shown: w.toLowerCase() };
          e.n++;
          counts.set(token, e);
        }
      } else {
        for (const t of topicTokens(d.content)) {
          const e = counts.get(t) ?? { n: 0, shown: t };
          e.n++;
          counts.set(t, e);
        }
      }
    }
  }
  return [...counts]
    .filter(([t, e]) => e.n >= 2 && !quote.toLowerCase().includes(e.shown) && (idf.get(t) ?? 0) > 0)
    .sort((a, b) => b[1].n * (idf.get(b[0]) ?? 0) - a[1].n * (idf.get(a[0]) ?? 0))
    .slice(0, 2)
    .map(([, e]) => e.shown);
}

/** The group's lines, best first: most distinctive words for their length, questions and exclamations first. */
function keyLines(group: SceneGroup, idf: Map<string, number>) {
  const scored = group.scenes.flatMap((s) =>
    s.dialogues.map((d) => {
      const tokens = topicTokens(d.content);
      const weight = tokens.reduce((n, t) => n + (idf.get(t) ?? 0), 0) / Math.sqrt(tokens.length + 1);
      return {
        speaker: d.speaker,
        content: d.content,
        score: weight + (/[?!？！]/.test(d.content) ? 0.3 : 0),
      };
    }),
  );
  return scored.sort((a, b) => b.score - a.score);
}

export class OfflineNarrator implements Narrator {
  readonly provider = 'offline';
  readonly modelId = 'extractive';

  async narrate(
    blueprint: Blueprint,
    options: NarrationOptions,
    _call?: CallOptions,
  ): Promise<NarrationResult> {
    const { lang, style, perspective } = options;
    const rate = options.unitsPerSecond ?? UNITS_PER_SECOND[lang];
    const p = PHRASES[lang];
    const groups = planGroups(blueprint, options.targetDuration);
    const idf = idfOf(groups);
    const main = perspective === 'first_person' ? speakerCounts(blueprint.scenes)[0] : undefined;
    const name = (n: string) => (n === main ? p.me : n);
    const lines: NarrationLine[] = groups.map((group, i) => {
      const fits = (text: string) => estimateSeconds(text, rate) <= group.budget;
      const conn =
        i === 0 ? '' : i === groups.length - 1 ? p.last : p.connectors[(i - 1) % p.connectors.length]!;
      const speakers = speakerCounts(group.scenes);
      const ranked = keyLines(group, idf);
      const candidates: string[][] = [];
      const sayLineOf = (key: { speaker: string }) => (quote: string) => {
        const to = speakers.find((s) => s !== key.speaker);
        const q = closeQuote(quote, lang);
        if (!key.speaker) return p.heard(conn, q);
        if (key.speaker === main) return p.selfSays(conn, to ? name(to) : undefined, q);
        return p.says(conn, key.speaker, to ? name(to) : undefined, q);
      };
      // The best line that fits whole; else the best one, shortened.
      const key = ranked.find((k) => fits(sayLineOf(k)(k.content))) ?? ranked[0];
      if (key) {
        const sayLine = sayLineOf(key);
        const core = sayLine(key.content);
        const intro =
          i === 0 && speakers.length >= 2 ? [p.intro(p.and(name(speakers[0]!), name(speakers[1]!)))] : [];
        const words = topicWords(group, lang, idf, key.content);
        const topic = words.length ? [p.topic(words)] : [];
        const flavour = p.style[style];
        const styled = flavour.length ? [flavour[i % flavour.length]!] : [];
        candidates.push(
          [...intro, core, ...topic, ...styled],
          [...intro, core, ...styled],
          [core, ...topic],
          [core, ...styled],
          [core],
        );
        const short = shortenQuote(key.content, lang, (q) => fits(sayLine(q)));
        if (short) candidates.push([sayLine(short)]);
        const speaker = key.speaker || speakers[0];
        if (speaker) candidates.push([p.speaks(conn, name(speaker))]);
      }
      candidates.push([cap(p.silent(conn))]);
      const chosen = candidates.map((c) => c.map(cap).join(lang === 'zh' ? '' : ' ')).find(fits);
      const narration = chosen ?? candidates[candidates.length - 1]!.join('');
      return {
        narration,
        source_scene_ids: group.scenes.map((s) => s.id),
        metadata: {
          start_time: formatClock(group.start),
          end_time: formatClock(group.end),
          budget_seconds: round2(group.budget),
          estimated_seconds: round2(estimateSeconds(narration, rate)),
        },
      };
    });
    return { lines, usage: {}, warnings: [] };
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;

// --- the LLM narrator -----------------------------------------------------------------------

const LlmAnswerSchema = z.strictObject({
  narration_script: z
    .array(z.strictObject({ narration: z.string().min(1), source_scene_ids: z.array(z.string()).min(1) }))
    .min(1),
});

const STYLE_WORDS: Record<Style, string> = {
  objective: 'clear and neutral',
  humorous: 'playful and witty',
  suspense: 'tense, building suspense',
  emotional: 'warm and moving',
};

/** A narrator over the configured story model: it writes, this checks ids and fit, wrong answers go back with the reason. */
export class LlmNarrator implements Narrator {
  readonly provider: string;
  readonly modelId: string;

  constructor(private readonly model: TextModel) {
    this.provider = model.provider;
    this.modelId = model.modelId;
  }

  async narrate(
    blueprint: Blueprint,
    options: NarrationOptions,
    call: CallOptions,
  ): Promise<NarrationResult> {
    const { lang } = options;
    const rate = options.unitsPerSecond ?? UNITS_PER_SECOND[lang];
    const groups = planGroups(blueprint, options.targetDuration);
    const byKey = new Map(blueprint.scenes.map((s) => [String(s.id), s]));
    const budgetOf = (ids: string[]) => {
      const scenes = ids.map((id) => byKey.get(id)).filter((s): s is Scene => Boolean(s));
      const span = scenes.length
        ? Math.max(...scenes.map((s) => s.end)) - Math.min(...scenes.map((s) => s.start))
        : 0;
      return Math.max(MIN_LINE_SECONDS, span * FILL);
    };
    const unit = lang === 'zh' ? 'Chinese characters' : 'words';
    const sceneList = groups
      .map((g, i) => {
        const talk = g.scenes
          .flatMap((s) => s.dialogues.map((d) => `${d.speaker ? `${d.speaker}: ` : ''}${d.content}`))
          .join(' | ')
          .slice(0, 1500);
        const ids = g.scenes.map((s) => String(s.id)).join(', ');
        return `Group ${i + 1} (scene ids ${ids}; ${formatClock(g.start)}–${formatClock(g.end)}; at most ${Math.floor(g.budget * rate * 0.95)} ${unit}): ${talk || '(no dialogue)'}`;
      })
      .join('\n');
    const system =
      `You write voice-over narration for a video recap, in ${lang === 'zh' ? 'Simplified Chinese' : 'English'}. ` +
      `Tone: ${STYLE_WORDS[options.style]}. Perspective: ${options.perspective === 'first_person' ? 'first person, as the main character' : 'third person'}. ` +
      'Write one narration line per group, in order, that tells the viewer what happens and why it matters; never read the dialogue out word for word. ' +
      'Each line must stay within its length limit, because it is spoken over that group of scenes. ' +
      'source_scene_ids lists the scene ids the line is about (as strings), taken from its group.';
    const result = await this.model.generateObject(
      {
        system,
        messages: [{ role: 'user', content: sceneList }],
        schema: LlmAnswerSchema,
        name: 'narration_script',
        temperature: 0.7,
        check: (answer) => {
          const problems: string[] = [];
          answer.narration_script.forEach((line, i) => {
            const unknown = line.source_scene_ids.filter((id) => !byKey.has(id));
            if (unknown.length) problems.push(`line ${i + 1}: unknown scene ids ${unknown.join(', ')}`);
            const budget = budgetOf(line.source_scene_ids);
            const seconds = estimateSeconds(line.narration, rate);
            if (seconds > budget * 1.15)
              problems.push(
                `line ${i + 1}: about ${seconds.toFixed(1)} s to say, its scenes allow ${budget.toFixed(1)} s; shorten it`,
              );
          });
          return problems;
        },
      },
      call,
    );
    const lines = result.object.narration_script.map((line) => {
      const scenes = line.source_scene_ids.map((id) => byKey.get(id)!);
      return {
        narration: line.narration.trim(),
        source_scene_ids: scenes.map((s) => s.id),
        metadata: {
          start_time: formatClock(Math.min(...scenes.map((s) => s.start))),
          end_time: formatClock(Math.max(...scenes.map((s) => s.end))),
          budget_seconds: round2(budgetOf(line.source_scene_ids)),
          estimated_seconds: round2(estimateSeconds(line.narration, rate)),
        },
      };
    });
    return { lines, usage: result.usage, warnings: result.warnings };
  }
}
