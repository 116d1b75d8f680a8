// A whole storybook generated through the registry with every remote provider replaced by a
// local fake speaking its wire format: OpenAI chat (story), ComfyUI (images), OpenAI speech.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { runSegment } from '../../src/pipeline/run.js';
import { RenderOptionsSchema, StoryRequestSchema, StoryScriptSchema } from '../../src/pipeline/script.js';
import type { SegmentContext } from '../../src/pipeline/segment.js';
import { WORKFLOW } from '../../src/pipeline/workflow.js';
import { createProviders } from '../../src/providers/registry.js';
import { TaskFolder } from '../../src/storage/task-folder.js';
import { type FakeComfy, startFakeComfyUI } from '../fakes/comfyui.js';
import { sineWav } from '../fakes/media.js';
import { type ChatBody, messageText, startFakeOpenAI } from '../fakes/openai.js';
import type { FakeServer } from '../fakes/server.js';
import { runCli } from '../helpers/cli.js';

const KEY = 'sk-e2e-0123456789abcdef';
const FOX = 'a small orange fox with a white-tipped tail and a green backpack';

function englishStory(body: ChatBody): string {
  const name = body.response_format?.json_schema?.name;
  const task = messageText(body.messages.find((m) => m.role === 'user')!);
  if (!name) return 'What will the fox find on the hill?';
  if (name === 'story_outline') {
    const n = Number(/exactly (\d+) beats/.exec(task)![1]);
    return JSON.stringify({
      title: 'The Fox and the Hill',
      main_role: 'Fox',
      scene: 'a windy hill',
      characters: [{ name: 'Fox', appearance: FOX }],
      beats: Array.from({ length: n }, (_, i) => ({ page: i + 1, summary: `part ${i + 1}` })),
    });
  }
  if (name === 'story_page') {
    const page = /Write page (\d+)/.exec(task)![1];
    return JSON.stringify({
      text: `Fox climbs the hill, step ${page}. The wind sings.`,
      scene: `fox on a hill, part ${page}`,
      characters: ['Fox'],
    });
  }
  return JSON.stringify({ approved: true, revisions: [] });
}

let openai: FakeServer;
let comfy: FakeComfy;
let root: string;

beforeAll(async () => {
  openai = await startFakeOpenAI({
    apiKey: KEY,
    chat: englishStory,
    speech: () => sineWav(0.8, 24000, true),
  });
  comfy = await startFakeComfyUI({ pendingPolls: 0 });
  root = await mkdtemp(join(tmpdir(), 'sa-e2e-'));
});
afterAll(async () => {
  await openai.close();
  await comfy.server.close();
  await rm(root, { recursive: true, force: true });
});

describe('generate through the fakes', () => {
  it('runs the five segments with real provider clients and yields an H.264/AAC MP4', async () => {
    const config = loadConfig(
      {},
      {
        STORAGE_DIR: root,
        STORY_PROVIDER: 'openai:gpt-4o-mini',
        IMAGE_PROVIDER: `comfyui:${comfy.server.url}`,
        SPEECH_PROVIDER: 'openai-tts:tts-1#alloy',
      },
    );
    const providers = createProviders(
      config,
      {},
      { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${openai.url}/v1` },
    );
    const taskDir = join(root, '1');
    const ctx: SegmentContext = {
      folder: new TaskFolder(taskDir),
      request: StoryRequestSchema.parse({
        topic: 'a fox climbs a hill',
        pages: 2,
        language: 'en',
        aspect: '16:9',
      }),
      render: RenderOptionsSchema.parse({}),
      providers,
      signal: new AbortController().signal,
      progress: () => {},
    };
    for (const s of WORKFLOW) await runSegment(s.segment_id, ctx);

    const script = StoryScriptSchema.parse(
      JSON.parse(await readFile(join(taskDir, 'script_data.json'), 'utf8')),
    );
    expect(script.title).toBe('The Fox and the Hill');
    expect(script.pages.every((p) => p.image_prompt.includes(FOX))).toBe(true);
    expect(comfy.workflows.size).toBe(2);
    expect(openai.calls(/audio\/speech/).length).toBeGreaterThanOrEqual(2);

    const probe = JSON.parse(
      execFileSync(
        'ffprobe',
        ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', join(taskDir, 'video/output.mp4')],
        {
          encoding: 'utf8',
        },
      ),
    ) as {
      streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>;
      format: { duration: string };
    };
    const video = probe.streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', width: 1280, height: 720 });
    expect(probe.streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('aac');
    expect(Number(probe.format.duration)).toBeGreaterThan(1);
  });

  it('`storyagent generate` with provider flags prints the MP4 path; a refused key fails in one line without the key', async () => {
    const out = join(root, 'cli');
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${openai.url}/v1` };
    const flags = [
      '--story-provider',
      'openai:gpt-4o-mini',
      '--image-provider',
      `comfyui:${comfy.server.url}`,
      '--speech-provider',
      'openai-tts:gpt-4o-mini-tts#nova',
    ];
    const ok = await runCli(
      ['generate', '--topic', 'a fox and a kite', '--lang', 'en', '--pages', '1', '--out', out, ...flags],
      { env },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n').at(-1)).toMatch(/video\/output\.mp4$/);
    const streams = execFileSync(
      'ffprobe',
      ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', join(out, 'video/output.mp4')],
      {
        encoding: 'utf8',
      },
    );
    expect(streams.split('\n').filter(Boolean).sort()).toEqual(['aac', 'h264']);

    const wrongKey = 'sk-wrong-key-not-accepted-123';
    const bad = await runCli(
      [
        'generate',
        '--topic',
        'a fox and a kite',
        '--lang',
        'en',
        '--pages',
        '1',
        '--out',
        join(root, 'cli-bad'),
        ...flags,
      ],
      { env: { ...env, OPENAI_API_KEY: wrongKey } },
    );
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/Story failed: openai: Incorrect API key provided.*\(HTTP 401\)/);
    expect(bad.stderr + bad.stdout).not.toContain(wrongKey);
  });
});
