// `npm run eval:story`: runs the real offline writer on the evaluation topics (eval/topics.json)
// and prints how faithful the stories and their image prompts are. Text only; runs in seconds.
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { OfflineStoryWriter } from '../src/providers/llm/offline.js';
import { StoryRequestSchema, type StoryScript } from '../src/story/script.js';

const TopicSchema = z.object({
  lang: z.enum(['zh', 'en']),
  topic: z.string(),
  role: z.string().optional(),
  scene: z.string().optional(),
  pages: z.number().int(),
  subject: z.array(z.string()),
  goal: z.array(z.string()),
  setting: z.array(z.string()).nullable(),
});
type Topic = z.infer<typeof TopicSchema>;

const root = fileURLToPath(new URL('..', import.meta.url));
const { topics } = z
  .object({ topics: z.array(TopicSchema) })
  .parse(JSON.parse(await readFile(`${root}eval/topics.json`, 'utf8')));

const writer = new OfflineStoryWriter();
const SEEDS = [1, 2];

interface Run {
  t: Topic;
  seed: number;
  script: StoryScript;
  text: string;
}

const runs: Run[] = [];
const started = performance.now();
for (const t of topics) {
  for (const seed of SEEDS) {
    const request = StoryRequestSchema.parse({
      topic: t.topic,
      mainRole: t.role ?? '',
      scene: t.scene ?? '',
      language: t.lang,
      pages: t.pages,
      seed,
    });
    const { script } = await writer.writeStory(request);
    const text = [script.title, ...script.pages.map((p) => p.text)].join('\n');
    runs.push({ t, seed, script, text });
  }
}
const elapsed = performance.now() - started;

const has = (text: string, words: string[]) =>
  words.some((w) => text.toLowerCase().includes(w.toLowerCase()));

// --- subject, goal, setting ----------------------------------------------------------------------
const misses: string[] = [];
let faithful = 0;
let subjectOk = 0;
let goalOk = 0;
let settingOk = 0;
for (const r of runs) {
  const s = has(r.text, r.t.subject);
  const g = has(r.text, r.t.goal);
  const p = r.t.setting === null || has(r.text, r.t.setting);
  subjectOk += s ? 1 : 0;
  goalOk += g ? 1 : 0;
  settingOk += p ? 1 : 0;
  if (s && g && p) faithful++;
  else
    misses.push(
      `${r.t.topic} (seed ${r.seed}): missing ${[!s && 'subject', !g && 'goal', !p && 'setting'].filter(Boolean).join(', ')}`,
    );
}

// --- role verbatim ---------------------------------------------------------------------------------
const withRole = runs.filter((r) => r.t.role);
/** The hero is named exactly as given, and never by a cut-down form ("宇" for 小宇, "Rose" for Granny Rose). */
const roleKept = withRole.filter((r) => {
  const role = r.t.role!;
  const cut = r.t.lang === 'zh' ? role.replace(/^(小|大|阿|老)/, '') : (role.split(' ').pop() ?? role);
  const rest = r.text.split(role).join('|');
  return (
    r.script.characters[0]?.name === role && r.text.includes(role) && (cut === role || !rest.includes(cut))
  );
});

// --- sentence overlap between different topics ----------------------------------------------------
const segmenter = (lang: string) => new Intl.Segmenter(lang, { granularity: 'sentence' });
/** Sentences with every character name masked, so "小X怎么会Y呢" counts as one sentence however filled. */
function sentences(r: Run): Set<string> {
  const names = r.script.characters.map((c) => c.name).sort((a, b) => b.length - a.length);
  const out = new Set<string>();
  for (const p of r.script.pages) {
    for (const { segment } of segmenter(r.t.lang).segment(p.text)) {
      let s = segment.trim();
      for (const n of names) s = s.split(n).join('X');
      if (s.replace(/[^\p{L}]/gu, '').length > 3) out.add(s);
    }
  }
  return out;
}
const first = runs.filter((r) => r.seed === SEEDS[0]);
const sets = first.map((r) => ({ r, s: sentences(r) }));
let worst = { share: 0, a: '', b: '', shared: 0, of: 0 };
for (let i = 0; i < sets.length; i++) {
  for (let j = i + 1; j < sets.length; j++) {
    const a = sets[i]!;
    const b = sets[j]!;
    if (a.r.t.lang !== b.r.t.lang) continue;
    let shared = 0;
    for (const x of a.s) if (b.s.has(x)) shared++;
    const of = Math.min(a.s.size, b.s.size);
    const share = of === 0 ? 0 : shared / of;
    if (share > worst.share) worst = { share, a: a.r.t.topic, b: b.r.t.topic, shared, of };
  }
}

// --- image prompts name the page's action or object -----------------------------------------------
const STOP_EN = new Set(
  'the and was were had have with that this they them then there their when what into from just very said said, would could about over under after before again back down each away some more than once little big'.split(
    ' ',
  ),
);
const STOP_ZH = new Set([
  '一个',
  '一只',
  '一起',
  '他们',
  '我们',
  '自己',
  '大家',
  '这时',
  '可是',
  '于是',
  '终于',
  '已经',
  '什么',
  '怎么',
  '还是',
  '没有',
  '这个',
  '那个',
  '一下',
  '起来',
  '知道',
  '觉得',
  '一边',
]);
const wordSeg = (lang: string) => new Intl.Segmenter(lang, { granularity: 'word' });
/** Content words: English words of four letters or more (crudely stemmed), Chinese character pairs. */
function contentWords(text: string, lang: 'zh' | 'en', names: string[]): Set<string> {
  let t = text;
  for (const n of names) t = t.split(n).join(' ');
  const out = new Set<string>();
  if (lang === 'zh') {
    // Word segmentation splits 树屋 into 树 + 屋; pairs of characters inside one word are steadier.
    for (const run of t.match(/[\u4e00-\u9fff]+/g) ?? []) {
      const chars = Array.from(run);
      for (let i = 0; i + 1 < chars.length; i++) {
        const pair = chars[i]! + chars[i + 1]!;
        if (!STOP_ZH.has(pair) && !/[的了着地得是在和也都就又还把被]/.test(pair)) out.add(pair);
      }
    }
    return out;
  }
  for (const { segment, isWordLike } of wordSeg(lang).segment(t)) {
    if (!isWordLike) continue;
    const w = segment.toLowerCase();
    if (w.length < 4 || STOP_EN.has(w)) continue;
    out.add(w.replace(/(ing|ed|es|s)$/, ''));
  }
  return out;
}
/** The part of an image prompt that says what happens and what is in it (from "Scene:" / "画面：" up to the faces). */
const actionPart = (prompt: string) =>
  (/(?:Scene:|画面：)(.*)$/s.exec(prompt)?.[1] ?? prompt).replace(/(Expressions:|表情：).*$/s, '');
let pages = 0;
let pagesOk = 0;
const promptMisses: string[] = [];
for (const r of first) {
  const names = r.script.characters.map((c) => c.name);
  const topicWords = [...r.t.goal, ...r.t.subject].filter((w) => !names.includes(w));
  for (const p of r.script.pages) {
    pages++;
    const action = contentWords(actionPart(p.image_prompt), r.t.lang, names);
    const text = contentWords(p.text, r.t.lang, names);
    const sharesWord = [...text].some((w) => action.has(w));
    const keyObjects = topicWords.filter((w) => p.text.toLowerCase().includes(w.toLowerCase()));
    const namesObjects = keyObjects.every((w) => p.image_prompt.toLowerCase().includes(w.toLowerCase()));
    if (sharesWord && namesObjects) pagesOk++;
    else if (promptMisses.length < 60)
      promptMisses.push(
        `${r.t.topic} p${p.page}: "${p.text.slice(0, 60)}…" → "${actionPart(p.image_prompt).slice(0, 70)}"`,
      );
  }
}

// --- report ------------------------------------------------------------------------------------------
const pct = (n: number, d: number) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);
const table = [
  `Offline writer evaluation: ${topics.length} topics (${topics.filter((t) => t.lang === 'zh').length} zh, ${topics.filter((t) => t.lang === 'en').length} en) × seeds ${SEEDS.join(', ')}; ${runs.length} stories in ${(elapsed / 1000).toFixed(1)} s`,
  '',
  '| measure | result | target |',
  '|---|---|---|',
  `| stories containing subject, goal and setting | ${pct(faithful, runs.length)} (${faithful}/${runs.length}) | ≥ 95% |`,
  `| … subject | ${pct(subjectOk, runs.length)} | |`,
  `| … goal | ${pct(goalOk, runs.length)} | |`,
  `| … setting (when the topic names one) | ${pct(settingOk, runs.length)} | |`,
  `| --role kept verbatim | ${pct(roleKept.length, withRole.length)} (${roleKept.length}/${withRole.length}) | 100% |`,
  `| largest sentence overlap between two topics' stories (names masked) | ${pct(worst.shared, worst.of)} (${worst.shared}/${worst.of}: "${worst.a}" / "${worst.b}") | < 10% |`,
  `| pages whose image prompt names the page's action or object | ${pct(pagesOk, pages)} (${pagesOk}/${pages}) | ≥ 90% |`,
  '',
  'Stories missing something:',
  ...(misses.length ? misses.map((m) => `- ${m}`) : ['- none']),
  '',
  'Some pages whose prompt misses the page:',
  ...(promptMisses.length ? promptMisses.map((m) => `- ${m}`) : ['- none']),
];
const out = table.join('\n');
console.log(out);
if (process.argv.includes('--write')) await writeFile(`${root}eval/story-results.md`, `${out}\n`);
