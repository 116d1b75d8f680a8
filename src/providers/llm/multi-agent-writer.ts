// The LLM story writer, after MM-StoryAgent: an expert and an amateur discuss the topic, the
// expert outlines it (character sheet + one beat per page), writes page by page, then reviews
// and revises; every answer is zod-checked and sent back with the problems when it fails.
import { z } from 'zod';
import { type Language, type StoryRequest, type StoryScript, StoryScriptSchema } from '../../story/script.js';
import { hashString } from '../core/random.js';
import { UsageMeter } from '../core/usage.js';
import type { CallOptions } from '../types.js';
import type { ChatMessage, ObjectRequest, TextModel } from './text-model.js';
import type { PageTextResult, StoryResult, StoryWriter } from './types.js';

export interface MultiAgentWriterOptions {
  /** Amateur question + expert answer pairs before the outline (MM-StoryAgent uses a few). */
  dialogueRounds?: number;
  /** Review-and-revise passes after writing (0 = none). */
  reviewRounds?: number;
  /** Tries per structured answer. */
  maxTries?: number;
}

// API schemas stay in the subset every JSON-schema mode accepts (OpenAI strict, Gemini): strict
// objects, every field required, no length, count or numeric limits. Limits are checked below
// and fed back like any other problem.
const OutlineSchema = z.strictObject({
  title: z.string(),
  main_role: z.string(),
  scene: z.string(),
  characters: z.array(
    z.strictObject({
      name: z.string(),
      appearance: z
        .string()
        .describe('Fixed visual description in English: species/age, body, face, hair/fur, clothes, colours'),
    }),
  ),
  beats: z.array(z.strictObject({ page: z.number(), summary: z.string() })),
});
type Outline = z.infer<typeof OutlineSchema>;

const PageDraftSchema = z.strictObject({
  text: z.string().describe('The story text of this page, in the story language'),
  scene: z
    .string()
    .describe('English description of the illustration: place, time of day, action, who is shown'),
  characters: z.array(z.string()).describe('Names (from the character sheet) shown in the illustration'),
});
type PageDraft = z.infer<typeof PageDraftSchema>;

const PageTextSchema = z.strictObject({
  text: z.string().describe('The page text, in the story language'),
});

const ReviewSchema = z.strictObject({
  approved: z.boolean(),
  revisions: z.array(z.strictObject({ page: z.number(), problem: z.string() })),
});

/** `field` is a non-empty string of at most `max` characters. */
function lengthProblems(field: string, value: string, max: number): string[] {
  if (!value.trim()) return [`${field} must not be empty`];
  if (value.length > max) return [`${field} must be at most ${max} characters`];
  return [];
}

const STYLE =
  "children's picture-book illustration, soft watercolour, warm light, clean shapes, consistent character design";
const NEGATIVE_HINT = 'no text, no watermark';

const LANGUAGE_NAME: Record<Language, string> = { zh: 'Simplified Chinese', en: 'English' };

/** Problems with `text` for `language`, or [] when it reads as that language. */
export function languageProblems(text: string, language: Language): string[] {
  const cjk = (text.match(/[\u3400-\u9fff]/g) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  if (language === 'zh' && cjk < Math.max(1, latin / 2))
    return ['the text must be written in Simplified Chinese'];
  if (language === 'en' && (cjk > 0 || latin === 0)) return ['the text must be written in English'];
  return [];
}

export class MultiAgentStoryWriter implements StoryWriter {
  readonly provider: string;
  readonly modelId: string;

  constructor(
    private readonly model: TextModel,
    private readonly options: MultiAgentWriterOptions = {},
  ) {
    this.provider = model.provider;
    this.modelId = model.modelId;
  }

  async writeStory(request: StoryRequest, options: CallOptions): Promise<StoryResult> {
    const rounds = this.options.dialogueRounds ?? 2;
    const reviews = this.options.reviewRounds ?? 1;
    const meter = new UsageMeter();
    const warnings: string[] = [];
    // Progress counts calls: the dialogue, the outline, the pages and the review(s).
    const totalSteps = rounds * 2 + 1 + request.pages + reviews;
    let step = 0;
    const advance = (message: string) => {
      step++;
      options.onProgress?.(Math.min(0.99, step / totalSteps), message);
    };
    const ask = async <T>(req: ObjectRequest<T>): Promise<T> => {
      const r = await this.model.generateObject({ maxTries: this.options.maxTries ?? 3, ...req }, options);
      meter.add(r.usage);
      warnings.push(...r.warnings);
      return r.object;
    };

    const brief = describeRequest(request);
    const dialogue = await this.discuss(brief, rounds, options, meter, advance);
    const outline = await ask({
      name: 'story_outline',
      schema: OutlineSchema,
      system: expertSystem(request.language),
      messages: [
        {
          role: 'user',
          content: `${brief}\n\nYour discussion so far:\n${dialogue}\n\nNow write the outline: the title, the main role, the scene, the character sheet (every character who appears, each with a fixed English appearance description that an illustrator can repeat on every page) and exactly ${request.pages} beats, one per page, numbered 1 to ${request.pages}.`,
        },
      ],
      check: (o) => outlineProblems(o, request),
    });
    advance('outline');

    const sheet = characterSheet(outline);
    const drafts: PageDraft[] = [];
    for (let page = 1; page <= request.pages; page++) {
      drafts.push(await ask(this.pageRequest(request, outline, drafts, page)));
      advance(`page ${page}/${request.pages}`);
    }

    for (let round = 0; round < reviews; round++) {
      const review = await ask({
        name: 'story_review',
        schema: ReviewSchema,
        system: `You are a strict editor of children's picture books. Check the story for consistency with the outline, age-appropriate language, flow between pages, and that each page is written in ${LANGUAGE_NAME[request.language]}. Approve it, or list only the pages that need a rewrite and why.`,
        messages: [{ role: 'user', content: `${brief}\n\n${renderStory(outline, drafts)}` }],
        check: (r) =>
          r.revisions
            .filter((x) => !Number.isInteger(x.page) || x.page < 1 || x.page > request.pages)
            .map((x) => `there is no page ${x.page}`),
      });
      advance('review');
      const todo = review.approved ? [] : review.revisions;
      if (todo.length === 0) break;
      for (const revision of todo) {
        const i = revision.page - 1;
        drafts[i] = await ask(
          this.pageRequest(request, outline, drafts, revision.page, {
            draft: drafts[i]!,
            problem: revision.problem,
          }),
        );
      }
      warnings.push(`review: revised page(s) ${todo.map((r) => r.page).join(', ')}`);
    }

    const charactersSeed = (name: string) => (request.seed + hashString(name)) % 2 ** 31;
    const script: StoryScript = StoryScriptSchema.parse({
      title: outline.title,
      topic: request.topic,
      main_role: outline.main_role,
      scene: outline.scene,
      language: request.language,
      characters: outline.characters.map((c) => ({
        name: c.name,
        description: c.appearance,
        // One fixed seed per character, so image providers can keep a character's look.
        seed: charactersSeed(c.name),
      })),
      pages: drafts.map((d, i) => ({
        page: i + 1,
        text: d.text.trim(),
        image_prompt: `${d.scene.trim()}\n${sheet}\nStyle: ${STYLE}; ${NEGATIVE_HINT}.`,
        characters: d.characters.filter((n) => outline.characters.some((c) => c.name === n)),
      })),
      settings: { aspect: request.aspect, seed: request.seed },
    });
    options.onProgress?.(1, 'story written');
    return { script, usage: meter.value, warnings };
  }

  /** One structured call: the page told again, checked for language and length like a draft. */
  async rewritePage(
    script: StoryScript,
    page: number,
    request: StoryRequest,
    options: CallOptions,
  ): Promise<PageTextResult> {
    const language = script.language;
    const current = script.pages.find((p) => p.page === page)?.text ?? '';
    const story = script.pages.map((p) => `Page ${p.page}: ${p.text}`).join('\n');
    const length =
      language === 'zh'
        ? 'about as long as now (40 to 150 Chinese characters)'
        : 'about as long as now (2 to 4 short sentences)';
    const r = await this.model.generateObject(
      {
        name: 'story_page_text',
        schema: PageTextSchema,
        maxTries: this.options.maxTries ?? 3,
        system: `${expertSystem(language)} You rewrite one page of a finished picture book.`,
        messages: [
          {
            role: 'user',
            content: `${describeRequest({ ...request, language, pages: script.pages.length })}\nTitle: ${script.title}\nCharacters: ${script.characters.map((c) => c.name).join(', ')}\n\nStory:\n${story}\n\nRewrite page ${page}: tell the same moment in fresh words, so that it still follows page ${page - 1 || 'the title'} and leads to the next page. Keep every name as it is. Write it in ${LANGUAGE_NAME[language]}, ${length}.`,
          },
        ],
        check: (d) => [
          ...lengthProblems('text', d.text, 2000),
          ...(d.text.trim() ? languageProblems(d.text, language) : []),
          ...(d.text.trim() === current.trim() ? ['the text must differ from the current page'] : []),
        ],
      },
      options,
    );
    return { text: r.object.text.trim(), usage: r.usage, warnings: r.warnings };
  }

  /** The amateur asks, the expert answers; each sees the other's turns as the user's. */
  private async discuss(
    brief: string,
    rounds: number,
    options: CallOptions,
    meter: UsageMeter,
    advance: (m: string) => void,
  ): Promise<string> {
    const turns: Array<{ who: 'amateur' | 'expert'; text: string }> = [];
    const viewOf = (me: 'amateur' | 'expert'): ChatMessage[] => [
      { role: 'user', content: brief },
      ...turns.map((t) => ({
        role: t.who === me ? ('assistant' as const) : ('user' as const),
        content: t.text,
      })),
    ];
    for (let r = 0; r < rounds; r++) {
      for (const who of ['amateur', 'expert'] as const) {
        const system =
          who === 'amateur'
            ? 'You are a curious parent with no writing experience, helping plan a picture book for your child. In two or three sentences, ask the author one question or suggest one idea (characters, setting, conflict, ending, the lesson) about the story described. Do not write the story.'
            : "You are an experienced children's picture-book author. In a few sentences, answer the parent's question or suggestion and say concretely how the story will go: who the characters are and how they look, where it happens, the problem, the turning point and the ending.";
        const messages = viewOf(who);
        // The amateur speaks first, so the expert always has a user turn to answer; the amateur's
        // own first turn needs a prompt after the brief.
        if (messages[messages.length - 1]!.role === 'assistant')
          messages.push({ role: 'user', content: 'Go on.' });
        const r2 = await this.model.generateText({ system, messages, temperature: 0.8 }, options);
        meter.add(r2.usage);
        turns.push({ who, text: r2.text.trim() });
        advance(`discussion ${turns.length}/${rounds * 2}`);
      }
    }
    return turns.map((t) => `${t.who === 'expert' ? 'Author' : 'Parent'}: ${t.text}`).join('\n');
  }

  private pageRequest(
    request: StoryRequest,
    outline: Outline,
    drafts: PageDraft[],
    page: number,
    revise?: { draft: PageDraft; problem: string },
  ): ObjectRequest<PageDraft> {
    const beat = outline.beats[page - 1]!;
    const before = drafts
      .slice(0, page - 1)
      .map((d, i) => `Page ${i + 1}: ${d.text}`)
      .join('\n');
    const names = outline.characters.map((c) => c.name);
    const length =
      request.language === 'zh'
        ? '2 to 4 sentences (about 40 to 150 Chinese characters)'
        : '2 to 4 short sentences';
    const task = revise
      ? `Rewrite page ${page}. The editor's note: ${revise.problem}\nThe current version: ${revise.draft.text}`
      : `Write page ${page} of ${request.pages}.`;
    return {
      name: 'story_page',
      schema: PageDraftSchema,
      system: `${expertSystem(request.language)} Write one page at a time: ${length} of story text in ${LANGUAGE_NAME[request.language]}, plus an English description of its illustration. Use only characters from the character sheet, with exactly these names: ${names.join(', ')}.`,
      messages: [
        {
          role: 'user',
          content: `Title: ${outline.title}\nScene: ${outline.scene}\n${characterSheet(outline)}\nBeats:\n${outline.beats.map((b) => `${b.page}. ${b.summary}`).join('\n')}\n\n${before ? `Pages written so far:\n${before}\n\n` : ''}${task} Its beat: ${beat.summary}`,
        },
      ],
      // A misspelt name in the illustration list is not worth a retry: it is filtered out below.
      check: (d) => [
        ...lengthProblems('text', d.text, 2000),
        ...lengthProblems('scene', d.scene, 800),
        ...(d.text.trim() ? languageProblems(d.text, request.language) : []),
      ],
    };
  }
}

function describeRequest(r: StoryRequest): string {
  return [
    `Topic: ${r.topic}`,
    r.mainRole ? `Main role: ${r.mainRole}` : 'Main role: (author chooses)',
    r.scene ? `Scene: ${r.scene}` : 'Scene: (author chooses)',
    `Length: ${r.pages} pages`,
    `Language of the story text: ${LANGUAGE_NAME[r.language]}`,
  ].join('\n');
}

function expertSystem(language: Language): string {
  return `You are an experienced children's picture-book author writing for children aged 3 to 8. Keep the story warm, simple and vivid. Story text (title, names, pages) is in ${LANGUAGE_NAME[language]}; appearance and illustration descriptions are in English for the illustrator.`;
}

function outlineProblems(o: Outline, r: StoryRequest): string[] {
  const problems: string[] = [
    ...lengthProblems('title', o.title, 200),
    ...lengthProblems('main_role', o.main_role, 100),
    ...lengthProblems('scene', o.scene, 200),
  ];
  if (o.characters.length < 1 || o.characters.length > 8) problems.push('there must be 1 to 8 characters');
  for (const [i, c] of o.characters.entries()) {
    problems.push(...lengthProblems(`characters.${i}.name`, c.name, 100));
    problems.push(...lengthProblems(`characters.${i}.appearance`, c.appearance, 600));
  }
  for (const [i, b] of o.beats.entries())
    problems.push(...lengthProblems(`beats.${i}.summary`, b.summary, 600));
  if (o.beats.length !== r.pages)
    problems.push(`there must be exactly ${r.pages} beats, not ${o.beats.length}`);
  o.beats.forEach((b, i) => {
    if (b.page !== i + 1) problems.push(`beat ${i + 1} must have page ${i + 1}`);
  });
  problems.push(...languageProblems(o.title, r.language).map((p) => `title: ${p}`));
  const names = o.characters.map((c) => c.name);
  if (new Set(names).size !== names.length) problems.push('character names must be unique');
  if (r.mainRole && !names.some((n) => n.includes(r.mainRole) || r.mainRole.includes(n)))
    problems.push(`the main role "${r.mainRole}" must be on the character sheet`);
  return problems;
}

/** The fixed character sheet repeated in every image prompt. */
function characterSheet(o: Outline): string {
  return `Characters (identical on every page): ${o.characters.map((c) => `${c.name}: ${c.appearance}`).join('; ')}.`;
}

function renderStory(o: Outline, drafts: PageDraft[]): string {
  return `Title: ${o.title}\nOutline:\n${o.beats.map((b) => `${b.page}. ${b.summary}`).join('\n')}\n\nStory:\n${drafts.map((d, i) => `Page ${i + 1}: ${d.text}`).join('\n')}`;
}
