// The Story and Split segments on a real task folder: script_data.json written atomically,
// read back, split into segments, and the failure cases a user would run into.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RenderOptionsSchema, StoryRequestSchema, StoryScriptSchema } from '../../src/pipeline/script.js';
import type { SegmentContext } from '../../src/pipeline/segment.js';
import { runSplit } from '../../src/pipeline/split.js';
import { runStory } from '../../src/pipeline/story.js';
import { DEFAULT_MAX_CHARS } from '../../src/pipeline/text-split.js';
import type { ImageModel } from '../../src/providers/image/types.js';
import { OfflineStoryWriter } from '../../src/providers/llm/offline.js';
import type { StoryWriter } from '../../src/providers/llm/types.js';
import type { SpeechModel } from '../../src/providers/tts/types.js';
import { TaskFolder } from '../../src/storage/task-folder.js';

// Story and Split never draw or speak: these fail loudly if either segment ever tries.
const noImages: ImageModel = {
  provider: 'none',
  modelId: 'none',
  generate: () => Promise.reject(new Error('Story/Split must not draw')),
};
const noSpeech: SpeechModel = {
  provider: 'none',
  modelId: 'none',
  synthesize: () => Promise.reject(new Error('Story/Split must not speak')),
};

let taskDir: string;
const progress: Array<[number, string | undefined]> = [];

function context(
  request: Record<string, unknown>,
  story: StoryWriter = new OfflineStoryWriter(),
): SegmentContext {
  return {
    folder: new TaskFolder(taskDir),
    request: StoryRequestSchema.parse(request),
    render: RenderOptionsSchema.parse({}),
    providers: { story, image: noImages, speech: noSpeech },
    signal: new AbortController().signal,
    progress: (fraction, message) => progress.push([fraction, message]),
  };
}

async function readScriptFile() {
  return StoryScriptSchema.parse(JSON.parse(await readFile(join(taskDir, 'script_data.json'), 'utf8')));
}

beforeEach(async () => {
  taskDir = await mkdtemp(join(tmpdir(), 'storyagent-story-'));
  progress.length = 0;
});
afterEach(async () => {
  await rm(taskDir, { recursive: true, force: true });
});

describe('Story and Split segments', () => {
  it('writes script_data.json, then splits every page into segments that join back', async () => {
    const ctx = context({ topic: '一只想学飞的小企鹅', language: 'zh', pages: 4, aspect: '9:16', seed: 11 });
    expect(await runStory(ctx)).toEqual(['script_data.json']);
    const story = await readScriptFile();
    expect(story.topic).toBe('一只想学飞的小企鹅');
    expect(story.language).toBe('zh');
    expect(story.pages).toHaveLength(4);
    expect(story.settings).toEqual({ aspect: '9:16', seed: 11 });
    expect(story.main_role).toBe(story.characters[0]!.name);
    expect(story.pages.every((p) => p.segments === undefined)).toBe(true);
    expect(progress.length).toBeGreaterThan(0);

    expect(await runSplit(ctx)).toEqual(['script_data.json']);
    const split = await readScriptFile();
    // Split adds segments and changes nothing else.
    expect(split.pages.map(({ segments: _s, ...rest }) => rest)).toEqual(story.pages);
    for (const page of split.pages) {
      expect(page.segments!.length).toBeGreaterThan(0);
      expect(page.segments!.map((s) => s.text).join('')).toBe(page.text);
      for (const s of page.segments!)
        expect(Array.from(s.text).length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS.zh);
    }
    // Atomic writes leave no temp files behind.
    expect(await readdir(taskDir)).toEqual(['script_data.json']);
  });

  it('keeps the user’s role and scene and splits English at sentence ends', async () => {
    const ctx = context({
      topic: 'a frog who wants to sing',
      mainRole: 'Hoppy',
      scene: 'the lily pond',
      language: 'en',
      pages: 3,
    });
    await runStory(ctx);
    await runSplit(ctx);
    const script = await readScriptFile();
    expect(script.main_role).toBe('Hoppy');
    expect(script.scene).toBe('the lily pond');
    expect(script.characters[0]!.name).toBe('Hoppy');
    for (const page of script.pages) {
      expect(page.segments!.map((s) => s.text).join(' ')).toBe(page.text);
      for (const s of page.segments!) expect(s.text).toMatch(/[.!?]["”]?$/);
    }
  });

  it('re-running Story replaces the script and drops the old segments', async () => {
    const ctx = context({ topic: '小兔子找妈妈', pages: 2, seed: 1 });
    await runStory(ctx);
    await runSplit(ctx);
    await runStory(context({ topic: '小兔子找妈妈', pages: 3, seed: 2 }));
    const script = await readScriptFile();
    expect(script.pages).toHaveLength(3);
    expect(script.pages.every((p) => p.segments === undefined)).toBe(true);
  });

  it('refuses a writer that returns the wrong number of pages, leaving the old script intact', async () => {
    await runStory(context({ topic: '小猫学游泳', pages: 2 }));
    const before = await readFile(join(taskDir, 'script_data.json'), 'utf8');
    const offline = new OfflineStoryWriter();
    const shortWriter: StoryWriter = {
      provider: 'test',
      modelId: 'short',
      writeStory: async (request, options) => {
        const result = await offline.writeStory(request, options);
        return { ...result, script: { ...result.script, pages: result.script.pages.slice(0, 1) } };
      },
      rewritePage: (...args) => offline.rewritePage(...args),
    };
    await expect(runStory(context({ topic: '小猫学游泳', pages: 3 }, shortWriter))).rejects.toThrow(
      /1 pages, 3 were asked for/,
    );
    expect(await readFile(join(taskDir, 'script_data.json'), 'utf8')).toBe(before);
  });

  it('names the broken field when a writer returns an invalid script', async () => {
    const broken: StoryWriter = {
      provider: 'test',
      modelId: 'broken',
      writeStory: async () => ({ script: { title: '' } as never, warnings: [] }),
      rewritePage: async () => ({ text: '', warnings: [] }),
    };
    await expect(runStory(context({ topic: 'x' }, broken))).rejects.toThrow(/test:broken.*title/);
    expect(await readdir(taskDir)).toEqual([]);
  });

  it('Split without a story says to run Story first; a bad script is not overwritten', async () => {
    await expect(runSplit(context({ topic: 'x' }))).rejects.toThrow(/run the Story segment first/);
    await writeFile(join(taskDir, 'script_data.json'), '{"title": 1}');
    await expect(runSplit(context({ topic: 'x' }))).rejects.toThrow();
    expect(await readFile(join(taskDir, 'script_data.json'), 'utf8')).toBe('{"title": 1}');
  });

  it('stops before writing when the task is cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const ctx = { ...context({ topic: '小猫学游泳' }), signal: controller.signal };
    await expect(runStory(ctx)).rejects.toThrow();
    expect(await readdir(taskDir)).toEqual([]);
  });
});
