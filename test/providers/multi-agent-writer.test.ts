import { afterEach, describe, expect, it } from 'vitest';
import { StoryRequestSchema, StoryScriptSchema } from '../../src/pipeline/script.js';
import type { ProviderRuntime } from '../../src/providers/core/call.js';
import { Semaphore } from '../../src/providers/core/semaphore.js';
import { MultiAgentStoryWriter } from '../../src/providers/llm/multi-agent-writer.js';
import { createOpenAITextModel } from '../../src/providers/llm/openai.js';
import { type ChatBody, messageText, startFakeOpenAI } from '../fakes/openai.js';
import { type FakeServer, jsonBody } from '../fakes/server.js';

const KEY = 'sk-fake-writer-000000000';
const RABBIT = 'a small white rabbit with long ears, a red scarf and round black eyes';
const OWL = 'an old grey owl with golden eyes and tiny round glasses';

/** Replies like a model would, step by step, with one bad answer at the outline, a page and the review. */
function storyScript() {
  const seen = { outline: 0, page2: 0, review: 0 };
  return (body: ChatBody): string => {
    const name = body.response_format?.json_schema?.name;
    // The task is in the first user turn; later turns are feedback on rejected answers.
    const task = messageText(body.messages.find((m) => m.role === 'user')!);
    if (!name)
      return messageText(body.messages[0]!).includes('curious parent')
        ? '小兔子为什么害怕？'
        : '因为森林里很黑，猫头鹰会帮助她。';
    if (name === 'story_outline') {
      seen.outline++;
      const beats = Array.from({ length: seen.outline === 1 ? 5 : 3 }, (_, i) => ({
        page: i + 1,
        summary: `beat ${i + 1}`,
      }));
      return JSON.stringify({
        title: '勇敢的小兔子',
        main_role: '小兔子',
        scene: '夜晚的森林',
        characters: [
          { name: '小兔子', appearance: RABBIT },
          { name: '猫头鹰', appearance: OWL },
        ],
        beats,
      });
    }
    if (name === 'story_page') {
      const m = /(?:Write|Rewrite) page (\d+)/.exec(task)!;
      const page = Number(m[1]);
      if (/Rewrite page/.test(task)) {
        return JSON.stringify({
          text: '小兔子终于回到了家，她不再害怕黑夜了。',
          scene: 'the rabbit home at dawn',
          characters: ['小兔子'],
        });
      }
      if (page === 2 && seen.page2++ === 0) {
        return JSON.stringify({
          text: 'The rabbit met an owl.',
          scene: 'owl on a branch',
          characters: ['小兔子', '猫头鹰'],
        });
      }
      return JSON.stringify({
        text: `第${page}页：小兔子在森林里慢慢地走。`,
        scene: `page ${page} forest path at night`,
        characters: page === 1 ? ['小兔子', '大灰狼'] : ['小兔子'],
      });
    }
    if (name === 'story_review') {
      return JSON.stringify(
        seen.review++ === 0
          ? { approved: false, revisions: [{ page: 3, problem: '结尾太突然' }] }
          : { approved: true, revisions: [] },
      );
    }
    throw new Error(`unexpected step ${name}`);
  };
}

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const runtime: ProviderRuntime = {
  provider: 'openai',
  policy: { maxRetries: 2, timeoutMs: 5000, baseDelayMs: 10, maxDelayMs: 1000 },
  limiter: new Semaphore(2),
  secrets: [KEY],
};

describe('multi-agent story writer', () => {
  it('discusses, outlines, writes page by page, reviews and revises into a valid script', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, chat: storyScript() });
    fake.fault(/chat/, { kind: 'status', status: 429, retryAfter: '0' });
    const writer = new MultiAgentStoryWriter(
      createOpenAITextModel(runtime, { apiKey: KEY, baseURL: `${fake.url}/v1`, modelId: 'gpt-4o-mini' }),
    );
    const request = StoryRequestSchema.parse({
      topic: '勇气',
      mainRole: '小兔子',
      pages: 3,
      language: 'zh',
      seed: 7,
    });
    const progress: number[] = [];
    const r = await writer.writeStory(request, { onProgress: (f) => progress.push(f) });

    const script = StoryScriptSchema.parse(r.script);
    expect(script.pages.map((p) => p.page)).toEqual([1, 2, 3]);
    expect(script.language).toBe('zh');
    expect(script.title).toBe('勇敢的小兔子');
    for (const page of script.pages) {
      expect(page.image_prompt).toContain(RABBIT);
      expect(page.image_prompt).toContain(OWL);
      expect(page.text).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(script.pages[1]!.text).toBe('第2页：小兔子在森林里慢慢地走。');
    expect(script.pages[2]!.text).toBe('小兔子终于回到了家，她不再害怕黑夜了。');
    expect(script.characters.map((c) => c.description)).toEqual([RABBIT, OWL]);
    // A name the sheet does not have is dropped from the page's illustration list.
    expect(script.pages[0]!.characters).toEqual(['小兔子']);
    const seeds = script.characters.map((c) => (c as { seed?: number }).seed);
    expect(new Set(seeds).size).toBe(2);

    // 4 dialogue turns, 2 outlines, 4 page drafts (one rejected), 1 review, 1 rewrite → 12 answered calls.
    const calls = fake.calls(/chat/);
    expect(calls).toHaveLength(13); // + the 429
    expect(r.usage).toEqual({ inputTokens: 1200, outputTokens: 600 });
    expect(r.warnings.join('\n')).toMatch(
      /story_outline: answer 1 rejected \(there must be exactly 3 beats, not 5\)/,
    );
    expect(r.warnings.join('\n')).toMatch(
      /story_page: answer 1 rejected \(the text must be written in Simplified Chinese\)/,
    );

    // The invalid outline went back to the model with the reason.
    const outlineRetry = calls
      .map((c) => jsonBody<ChatBody>(c))
      .filter((b) => b.response_format?.json_schema?.name === 'story_outline')[1]!;
    expect(messageText(outlineRetry.messages.at(-1)!)).toContain('exactly 3 beats');

    expect(progress.at(-1)).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('fails with a clear error when the model never produces the page count', async () => {
    fake = await startFakeOpenAI({
      apiKey: KEY,
      chat: (b) =>
        b.response_format?.json_schema?.name === 'story_outline'
          ? JSON.stringify({
              title: 'T',
              main_role: 'Tom',
              scene: 'park',
              characters: [{ name: 'Tom', appearance: 'a boy in a blue cap' }],
              beats: [{ page: 1, summary: 's' }],
            })
          : 'Let us write it.',
    });
    const writer = new MultiAgentStoryWriter(
      createOpenAITextModel(runtime, { apiKey: KEY, baseURL: `${fake.url}/v1`, modelId: 'gpt-4o-mini' }),
      { dialogueRounds: 1, maxTries: 2 },
    );
    const request = StoryRequestSchema.parse({ topic: 'a day at the park', pages: 4, language: 'en' });
    await expect(writer.writeStory(request, {})).rejects.toThrow(
      /story_outline: no valid answer after 2 tries \(there must be exactly 4 beats, not 1\)/,
    );
  });

  it('rewrites one page in one call, sending back an answer that is unchanged or in the wrong language', async () => {
    const request = StoryRequestSchema.parse({ topic: '勇气', mainRole: '小兔子', pages: 2, language: 'zh' });
    const script = StoryScriptSchema.parse({
      title: '勇敢的小兔子',
      topic: '勇气',
      main_role: '小兔子',
      scene: '森林',
      language: 'zh',
      characters: [{ name: '小兔子', description: RABBIT }],
      pages: [
        { page: 1, text: '小兔子住在森林边上。', image_prompt: 'a rabbit' },
        { page: 2, text: '小兔子终于回到了家。', image_prompt: 'a rabbit at home' },
      ],
    });
    const answers = [
      '小兔子终于回到了家。',
      'The rabbit came home.',
      '天亮了，小兔子一蹦一跳地回到家，她再也不怕黑夜了。',
    ];
    fake = await startFakeOpenAI({ apiKey: KEY, chat: () => JSON.stringify({ text: answers.shift() }) });
    const writer = new MultiAgentStoryWriter(
      createOpenAITextModel(runtime, { apiKey: KEY, baseURL: `${fake.url}/v1`, modelId: 'gpt-4o-mini' }),
    );
    const r = await writer.rewritePage(script, 2, request, {});
    expect(r.text).toBe('天亮了，小兔子一蹦一跳地回到家，她再也不怕黑夜了。');
    expect(r.warnings.join('\n')).toMatch(/must differ from the current page/);
    expect(r.warnings.join('\n')).toMatch(/must be written in Simplified Chinese/);
    const first = jsonBody<ChatBody>(fake.calls(/chat/)[0]!);
    expect(first.response_format?.json_schema?.name).toBe('story_page_text');
    const task = messageText(first.messages.find((m) => m.role === 'user')!);
    // The whole story goes with the request, so the new page fits the pages around it.
    expect(task).toContain('Page 1: 小兔子住在森林边上。');
    expect(task).toContain('Rewrite page 2');
  });
});
