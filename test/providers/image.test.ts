import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { isAbortError } from '../../src/errors.js';
import { FRAME_SIZE, type StoryScript } from '../../src/pipeline/script.js';
import type { ProviderRuntime } from '../../src/providers/core/call.js';
import { Semaphore } from '../../src/providers/core/semaphore.js';
import { ComfyUIImage, fillWorkflow, loadWorkflow } from '../../src/providers/image/comfyui.js';
import { fitImage, pngSize } from '../../src/providers/image/fit.js';
import { OpenAIImage } from '../../src/providers/image/openai-image.js';
import { SdWebUIImage } from '../../src/providers/image/sdwebui.js';
import type { ImageRequest } from '../../src/providers/image/types.js';
import { type FakeComfy, startFakeComfyUI } from '../fakes/comfyui.js';
import { pngOf } from '../fakes/media.js';
import { startFakeOpenAI } from '../fakes/openai.js';
import { startFakeSdWebUI } from '../fakes/sdwebui.js';
import { type FakeServer, jsonBody } from '../fakes/server.js';

const KEY = 'sk-fake-image-1234567890';
const rt = (provider: string, cap = 2): ProviderRuntime => ({
  provider,
  policy: { maxRetries: 2, timeoutMs: 5000, baseDelayMs: 10, maxDelayMs: 2000 },
  limiter: new Semaphore(cap),
  secrets: [KEY],
});

const script: StoryScript = {
  title: 'T',
  topic: 't',
  main_role: 'Mia',
  scene: 'park',
  language: 'en',
  characters: [{ name: 'Mia', description: 'a girl in a yellow raincoat' }],
  pages: [
    { page: 1, text: 'Mia runs.', image_prompt: 'Mia runs in the rain. Mia: a girl in a yellow raincoat' },
  ],
};
const request = (width = 320, height = 180): ImageRequest => ({
  prompt: script.pages[0]!.image_prompt,
  width,
  height,
  seed: 4242,
  page: script.pages[0]!,
  script,
});

/** RGB of one pixel, read by ffmpeg. */
function pixel(png: Uint8Array, x: number, y: number): number[] {
  const out = execFileSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      'pipe:0',
      '-vf',
      `crop=1:1:${x}:${y}`,
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      'pipe:1',
    ],
    {
      input: png,
    },
  );
  return [...out];
}

let fake: FakeServer | undefined;
let comfy: FakeComfy | undefined;
afterEach(async () => {
  await fake?.close();
  await comfy?.server.close();
  fake = undefined;
  comfy = undefined;
});

describe('fitting a picture to the frame', () => {
  it('letterboxes a 3:2 picture into 16:9 with the picture centred', () => {
    const { png, resized } = fitImage(pngOf(300, 200), 320, 180);
    expect(resized).toBe(true);
    expect(pngSize(png)).toEqual({ width: 320, height: 180 });
    expect(pixel(png, 2, 90)).toEqual([0, 0, 0]); // bar
    const centre = pixel(png, 160, 90); // the yellow circle
    expect(centre[0]).toBeGreaterThan(200);
    expect(centre[2]).toBeLessThan(100);
  });

  it('passes an exact-size PNG through untouched', () => {
    const src = pngOf(64, 64);
    expect(fitImage(src, 64, 64).png).toBe(src);
  });
});

describe('ComfyUI', () => {
  it('fills the bundled template, polls history and fetches the image at the frame size', async () => {
    comfy = await startFakeComfyUI({ pendingPolls: 2 });
    const model = new ComfyUIImage(rt('comfyui'), {
      baseURL: comfy.server.url,
      workflow: await loadWorkflow(),
      checkpoint: 'sd_xl_base_1.0.safetensors',
      pollIntervalMs: 20,
    });
    const r = await model.generate({ ...request(), negativePrompt: 'ugly' }, {});
    expect(pngSize(r.png)).toEqual({ width: 320, height: 180 });
    expect(r.usage).toEqual({ images: 1 });
    const [wf] = [...comfy.workflows.values()];
    const nodes = Object.values(wf!);
    const byType = (t: string) => nodes.filter((n) => n.class_type === t).map((n) => n.inputs);
    expect(byType('KSampler')[0]!.seed).toBe(4242);
    expect(byType('EmptyLatentImage')[0]).toMatchObject({ width: 1024, height: 576 });
    expect(byType('CLIPTextEncode').map((i) => i.text)).toEqual([script.pages[0]!.image_prompt, 'ugly']);
    expect(byType('CheckpointLoaderSimple')[0]!.ckpt_name).toBe('sd_xl_base_1.0.safetensors');
    expect(comfy.server.calls(/^\/history\//).length).toBe(3);
    expect(comfy.server.calls(/^\/view$/)[0]!.query.get('filename')).toBe('sa_1024x576.png');
  });

  it('retries a 503 on submit and reports an execution error without retrying it', async () => {
    comfy = await startFakeComfyUI({ fail: true });
    comfy.server.fault(/^\/prompt$/, { kind: 'status', status: 503 });
    const model = new ComfyUIImage(rt('comfyui'), {
      baseURL: comfy.server.url,
      workflow: await loadWorkflow(),
      checkpoint: 'x',
      pollIntervalMs: 20,
    });
    await expect(model.generate(request(), {})).rejects.toThrow(
      /comfyui: the workflow failed: .*CUDA out of memory/,
    );
    expect(comfy.server.calls(/^\/prompt$/)).toHaveLength(2);
  });

  it('says which node refused the graph (a checkpoint the server lacks) and does not retry it', async () => {
    comfy = await startFakeComfyUI({ checkpoints: ['sd_xl_base_1.0.safetensors'] });
    const model = new ComfyUIImage(rt('comfyui'), {
      baseURL: comfy.server.url,
      workflow: await loadWorkflow(),
      checkpoint: 'dreamshaper_8.safetensors',
      pollIntervalMs: 20,
    });
    await expect(model.generate(request(), {})).rejects.toThrow(
      /comfyui: Prompt outputs failed validation: node 4 CheckpointLoaderSimple: Value not in list: ckpt_name: 'dreamshaper_8.safetensors' not in \["sd_xl_base_1.0.safetensors"\] \(HTTP 400\)/,
    );
    expect(comfy.server.calls(/^\/prompt$/)).toHaveLength(1);
  });

  it('does not queue a job twice when the answer to POST /prompt is lost: it finds it in the queue', async () => {
    comfy = await startFakeComfyUI({ pendingPolls: 0, submitDelayMs: 1500 });
    const model = new ComfyUIImage(
      { ...rt('comfyui'), policy: { maxRetries: 2, timeoutMs: 700, baseDelayMs: 10, maxDelayMs: 100 } },
      { baseURL: comfy.server.url, workflow: await loadWorkflow(), checkpoint: 'x', pollIntervalMs: 20 },
    );
    const r = await model.generate(request(), {});
    expect(pngSize(r.png)).toEqual({ width: 320, height: 180 });
    expect(comfy.server.calls(/^\/prompt$/)).toHaveLength(1);
    expect(comfy.workflows.size).toBe(1);
    expect(comfy.server.calls(/^\/queue$/).filter((c) => c.method === 'GET').length).toBeGreaterThanOrEqual(
      1,
    );
  });

  it('on cancel stops polling and removes the job from the queue', async () => {
    comfy = await startFakeComfyUI({ pendingPolls: 1000 });
    const model = new ComfyUIImage(rt('comfyui'), {
      baseURL: comfy.server.url,
      workflow: await loadWorkflow(),
      checkpoint: 'x',
      pollIntervalMs: 20,
    });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 150);
    const err = await model.generate(request(), { signal: ctrl.signal }).catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    const [id] = [...comfy.workflows.keys()];
    expect(jsonBody(comfy.server.calls(/^\/queue$/)[0]!)).toEqual({ delete: [id] });
    const polls = comfy.server.calls(/^\/history/).length;
    await new Promise((r) => setTimeout(r, 100));
    expect(comfy.server.calls(/^\/history/).length).toBe(polls);
  });

  it('keeps one job per slot when the cap is 1', async () => {
    comfy = await startFakeComfyUI({ pendingPolls: 2 });
    const model = new ComfyUIImage(rt('comfyui', 1), {
      baseURL: comfy.server.url,
      workflow: await loadWorkflow(),
      checkpoint: 'x',
      pollIntervalMs: 10,
    });
    await Promise.all([
      model.generate(request(), {}),
      model.generate(request(), {}),
      model.generate(request(), {}),
    ]);
    // Each job was submitted only after the previous one's image was fetched.
    const order = comfy.server.requests.map((r) => r.path.split('/')[1]);
    expect(order.join(' ').match(/prompt( history)+ view/g)).toHaveLength(3);
  });

  it('fills placeholders inside longer strings and keeps unknown ones', () => {
    const wf = fillWorkflow(
      { '1': { class_type: 'X', inputs: { a: 'style {{prompt}}!', b: '{{seed}}', c: '{{other}}' } } },
      {
        prompt: 'cat',
        seed: 3,
      },
    );
    expect(wf['1']!.inputs).toEqual({ a: 'style cat!', b: 3, c: '{{other}}' });
  });
});

describe('SD WebUI', () => {
  it('posts txt2img with seed and a model-friendly size, then letterboxes to the frame', async () => {
    fake = await startFakeSdWebUI();
    const model = new SdWebUIImage(rt('sdwebui'), { baseURL: fake.url });
    const { width, height } = FRAME_SIZE['9:16'];
    const r = await model.generate(request(width / 4, height / 4), {});
    expect(pngSize(r.png)).toEqual({ width: 180, height: 320 });
    const body = jsonBody(fake.calls(/txt2img/)[0]!);
    expect(body).toMatchObject({
      seed: 4242,
      width: 576,
      height: 1024,
      prompt: script.pages[0]!.image_prompt,
    });
    expect(String(body.negative_prompt)).toContain('watermark');
  });
});

describe('SD WebUI started with --api-auth and slow to answer', () => {
  it('sends the Basic credentials, and a 401 without them says so without retrying', async () => {
    fake = await startFakeSdWebUI({ auth: 'story:s3cret-pass' });
    const ok = new SdWebUIImage(rt('sdwebui'), { baseURL: fake.url, auth: 'story:s3cret-pass' });
    const r = await ok.generate(request(), {});
    expect(pngSize(r.png)).toEqual({ width: 320, height: 180 });
    const none = new SdWebUIImage(rt('sdwebui'), { baseURL: fake.url });
    await expect(none.generate(request(), {})).rejects.toThrow(
      /sdwebui: Incorrect username or password \(HTTP 401\)/,
    );
    expect(fake.calls(/txt2img/)).toHaveLength(2);
  });

  it('does not send a timed-out txt2img again while the server is still generating it', async () => {
    // The first picture takes twice the per-attempt timeout; the second answers at once, with room
    // to spare on a loaded machine (a slow answer there would be a third txt2img).
    const sd = await startFakeSdWebUI({ generateMs: [4000, 0] });
    fake = sd;
    const model = new SdWebUIImage(
      { ...rt('sdwebui'), policy: { maxRetries: 2, timeoutMs: 2000, baseDelayMs: 10, maxDelayMs: 100 } },
      { baseURL: sd.url, pollIntervalMs: 50 },
    );
    const r = await model.generate(request(), {});
    expect(pngSize(r.png)).toEqual({ width: 320, height: 180 });
    expect(sd.calls(/txt2img/)).toHaveLength(2);
    expect(sd.calls(/progress/).length).toBeGreaterThan(1);
    expect(sd.maxGenerating).toBe(1);
  });
});

describe('OpenAI images', () => {
  it('asks gpt-image-1 for the nearest size and returns the frame size', async () => {
    fake = await startFakeOpenAI({
      apiKey: KEY,
      image: (b) => pngOf(...(String(b.size).split('x').map(Number) as [number, number])),
    });
    fake.fault(/images/, { kind: 'status', status: 429, retryAfter: '0' });
    const model = new OpenAIImage(rt('openai-image'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      modelId: 'gpt-image-1',
    });
    const r = await model.generate(request(), {});
    expect(pngSize(r.png)).toEqual({ width: 320, height: 180 });
    expect(r.usage).toEqual({ images: 1 });
    const calls = fake.calls(/images\/generations/);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(jsonBody(calls[1]!)).toMatchObject({ model: 'gpt-image-1', size: '1536x1024', n: 1 });
  });
});

describe('OpenAI image prompt limits', () => {
  const sheet = 'Characters (identical on every page): Mia: a girl in a yellow raincoat.';
  const longScene = `Mia runs through the park in the rain, ${'past puddles and bright umbrellas, '.repeat(60)}`;
  const longRequest = (): ImageRequest => ({
    ...request(),
    prompt: `${longScene}\n${sheet}\nStyle: picture book.`,
    negativePrompt: 'text, watermark',
  });

  it("cuts a prompt over DALL·E 2's 1,000 characters and keeps the character sheet, first", async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, image: () => pngOf(1024, 1024) });
    const model = new OpenAIImage(rt('openai-image'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      modelId: 'dall-e-2',
    });
    const r = await model.generate(longRequest(), {});
    const sent = String(jsonBody(fake.calls(/images\/generations/)[0]!).prompt);
    expect(sent.length).toBeLessThanOrEqual(1000);
    expect(sent.startsWith(sheet)).toBe(true);
    expect(sent).toContain('Mia runs through the park');
    expect(r.warnings[0]).toMatch(/^image prompt cut from \d+ to \d+ characters for dall-e-2/);
  });

  it('sends the same prompt whole to DALL·E 3, whose limit is 4,000', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, image: () => pngOf(1024, 1024) });
    const model = new OpenAIImage(rt('openai-image'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      modelId: 'dall-e-3',
    });
    const req = longRequest();
    const r = await model.generate(req, {});
    const sent = String(jsonBody(fake.calls(/images\/generations/)[0]!).prompt);
    expect(sent).toBe(`${req.prompt}\nAvoid: text, watermark`);
    expect(sent.length).toBeGreaterThan(1000);
    expect(r.warnings.some((w) => w.startsWith('image prompt cut'))).toBe(false);
  });
});
