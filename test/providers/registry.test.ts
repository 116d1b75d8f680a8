import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { AppError } from '../../src/errors.js';
import { addUsage } from '../../src/providers/core/usage.js';
import { meterProviders } from '../../src/providers/metered.js';
import {
  createProviders,
  createTextModel,
  listSpeechTemplates,
  parseProviderId,
  validateProviderOverrides,
  validateTaskVoice,
} from '../../src/providers/registry.js';
import type { Usage } from '../../src/providers/types.js';
import { sineWav } from '../fakes/media.js';
import { startFakeOpenAI } from '../fakes/openai.js';
import type { FakeServer } from '../fakes/server.js';

const KEY = 'sk-registry-abcdefghijkl';
const config = (over: Parameters<typeof loadConfig>[1] = {}) => loadConfig({}, over);

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('provider ids', () => {
  it('parses every documented form', () => {
    expect(parseProviderId('story', 'offline')).toEqual({ kind: 'story', vendor: 'offline' });
    expect(parseProviderId('story', 'openai:gpt-4o-mini')).toEqual({
      kind: 'story',
      vendor: 'openai',
      model: 'gpt-4o-mini',
    });
    expect(parseProviderId('story', 'gemini:gemini-2.5-flash')).toMatchObject({
      vendor: 'gemini',
      model: 'gemini-2.5-flash',
    });
    expect(parseProviderId('story', 'openai-compatible:https://api.deepseek.com/v1#deepseek-chat')).toEqual({
      kind: 'story',
      vendor: 'openai-compatible',
      baseURL: 'https://api.deepseek.com/v1',
      model: 'deepseek-chat',
    });
    expect(parseProviderId('story', 'openai-compatible:http://127.0.0.1:11434/v1#qwen2.5:7b')).toMatchObject({
      model: 'qwen2.5:7b',
    });
    expect(parseProviderId('image', 'comfyui:http://gpu:8188')).toEqual({
      kind: 'image',
      vendor: 'comfyui',
      baseURL: 'http://gpu:8188',
    });
    expect(parseProviderId('image', 'sdwebui:http://gpu:7860/')).toMatchObject({
      baseURL: 'http://gpu:7860',
    });
    expect(parseProviderId('image', 'openai-image:gpt-image-1')).toMatchObject({
      vendor: 'openai-image',
      model: 'gpt-image-1',
    });
    expect(parseProviderId('speech', 'openai-tts:gpt-4o-mini-tts#alloy')).toEqual({
      kind: 'speech',
      vendor: 'openai-tts',
      model: 'gpt-4o-mini-tts',
      voice: 'alloy',
    });
    expect(parseProviderId('speech', 'gemini-tts:gemini-2.5-flash-preview-tts#Kore')).toMatchObject({
      voice: 'Kore',
    });
    expect(parseProviderId('speech', 'cosyvoice:http://tts:50000#24000')).toMatchObject({
      baseURL: 'http://tts:50000',
      sampleRate: 24000,
    });
    expect(parseProviderId('speech', 'espeak')).toMatchObject({ vendor: 'offline' });
  });

  it('rejects malformed ids with a 400 naming the field', () => {
    const bad: Array<[Parameters<typeof parseProviderId>[0], string, RegExp]> = [
      ['image', 'openai:gpt-4o', /"openai" is not a image provider/],
      ['story', 'openai', /needs a model/],
      ['image', 'comfyui:ftp://x', /not an http\(s\) URL/],
      ['story', 'openai-compatible:http://x/v1', /needs <base_url>#<model>/],
      ['speech', 'cosyvoice:http://x#fast', /not a sample rate/],
      ['speech', 'openai-tts:tts-1#bad voice', /not a voice name/],
    ];
    for (const [kind, id, re] of bad) {
      const err = (() => {
        try {
          parseProviderId(kind, id);
        } catch (e) {
          return e as AppError;
        }
      })();
      expect(err, id).toBeInstanceOf(AppError);
      expect(err!.status).toBe(400);
      expect(err!.message).toMatch(new RegExp(`^options\\.providers\\.${kind}: `));
      expect(err!.message).toMatch(re);
    }
  });
});

describe('per-task overrides', () => {
  const env = { OPENAI_API_KEY: KEY };

  it('allows offline and the server defaults, and ids on the allowlist (exact or prefix*)', () => {
    const c = config({
      IMAGE_PROVIDER: 'sdwebui:http://gpu:7860',
      ALLOWED_PROVIDERS: 'openai:*, comfyui:http://gpu:8188',
    });
    expect(
      validateProviderOverrides(
        c,
        { story: 'openai:gpt-4o', image: 'comfyui:http://gpu:8188', speech: 'offline' },
        env,
      ),
    ).toEqual({ story: 'openai:gpt-4o', image: 'comfyui:http://gpu:8188', speech: 'offline' });
    expect(validateProviderOverrides(c, { image: 'sdwebui:http://gpu:7860' }, env)).toEqual({
      image: 'sdwebui:http://gpu:7860',
    });
    expect(validateProviderOverrides(c, undefined, env)).toEqual({});
  });

  it('refuses an id the server does not allow, naming options.providers.image', () => {
    const c = config({ ALLOWED_PROVIDERS: 'comfyui:http://gpu:8188' });
    expect(() => validateProviderOverrides(c, { image: 'comfyui:http://169.254.169.254' }, env)).toThrow(
      /^options\.providers\.image: "comfyui:http:\/\/169\.254\.169\.254" is not allowed on this server \(allowed: offline, .*comfyui:http:\/\/gpu:8188\)/,
    );
  });

  it('refuses unknown kinds, non-strings and providers whose key the server lacks', () => {
    const c = config({ ALLOWED_PROVIDERS: 'gemini:*' });
    expect(() => validateProviderOverrides(c, { video: 'offline' }, env)).toThrow(
      /^options\.providers\.video: unknown provider kind/,
    );
    expect(() => validateProviderOverrides(c, { story: 3 }, env)).toThrow(
      /^options\.providers\.story: must be a provider id/,
    );
    expect(() => validateProviderOverrides(c, 'openai', env)).toThrow(
      /^options\.providers: must be an object/,
    );
    expect(() => validateProviderOverrides(c, { story: 'gemini:gemini-2.5-flash' }, env)).toThrow(
      /^options\.providers\.story: .*the server has no GEMINI_API_KEY/,
    );
  });
});

describe('createProviders', () => {
  it('gives the offline providers by default', () => {
    const p = createProviders(config(), {}, {});
    expect([p.story.provider, p.image.provider, p.speech.provider]).toEqual([
      'offline',
      'offline',
      'offline',
    ]);
  });

  it('builds the configured real providers and applies per-task overrides', () => {
    const c = config({
      STORY_PROVIDER: 'openai:gpt-4o-mini',
      IMAGE_PROVIDER: 'comfyui:http://127.0.0.1:1',
      SPEECH_PROVIDER: 'cosyvoice:http://127.0.0.1:2',
      ALLOWED_PROVIDERS: 'sdwebui:*',
    });
    const p = createProviders(c, { image: 'sdwebui:http://127.0.0.1:3' }, { OPENAI_API_KEY: KEY });
    expect([p.story.provider, p.story.modelId]).toEqual(['openai', 'gpt-4o-mini']);
    expect(p.image.provider).toBe('sdwebui');
    expect(p.speech.provider).toBe('cosyvoice');
  });

  it('reports a malformed server setting as a configuration error naming it', () => {
    const err = (() => {
      try {
        createProviders(config({ IMAGE_PROVIDER: 'comfyui' }), {}, {});
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect([err!.code, err!.status]).toEqual(['config_error', 500]);
    expect(err!.message).toMatch(/^IMAGE_PROVIDER: "comfyui" needs a URL/);
  });

  it('says which setting needs which key when the server default lacks one, without echoing keys', () => {
    const c = config({ SPEECH_PROVIDER: 'gemini-tts:gemini-2.5-flash-preview-tts' });
    expect(() => createProviders(c, {}, { OPENAI_API_KEY: KEY })).toThrow(
      /^SPEECH_PROVIDER: "gemini-tts" needs GEMINI_API_KEY \(or GOOGLE_API_KEY\) in the environment$/,
    );
  });

  it('uses the key from the environment and shares one concurrency cap across tasks', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, speech: () => sineWav(0.1, 24000) });
    const c = config({ SPEECH_PROVIDER: 'openai-tts:tts-1#nova', PROVIDER_CONCURRENCY: 1 });
    const env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${fake.url}/v1` };
    const taskA = createProviders(c, {}, env);
    const taskB = createProviders(c, {}, env);
    await Promise.all(
      [taskA, taskB, taskA, taskB].map((p) =>
        p.speech.synthesize({ text: 'Hello there.', language: 'en' }, {}),
      ),
    );
    expect(fake.maxInFlight).toBe(1);
    expect(fake.calls(/speech/).every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
  });
});

describe('the text model behind a story id (shared with the dubbing cloud)', () => {
  it('is null for offline, and an OpenAI-compatible server gets COMPATIBLE_API_KEY or no Authorization at all', async () => {
    expect(createTextModel(config(), 'offline', {})).toBeNull();
    fake = await startFakeOpenAI({ apiKey: 'local-key' });
    const id = `openai-compatible:${fake.url}/v1#qwen2.5:7b`;
    const withKey = createTextModel(config(), id, { COMPATIBLE_API_KEY: 'local-key', OPENAI_API_KEY: KEY })!;
    expect((await withKey.generateText({ messages: [{ role: 'user', content: 'hi' }] }, {})).text).toBe('ok');
    const noKey = createTextModel(config(), id, { OPENAI_API_KEY: KEY })!;
    await noKey.generateText({ messages: [{ role: 'user', content: 'hi' }] }, {}).catch(() => undefined);
    const [first, second] = fake.calls(/chat/);
    expect(first!.headers.authorization).toBe('Bearer local-key');
    expect(second!.headers.authorization).toBeUndefined();
    expect(JSON.parse(first!.body.toString()).model).toBe('qwen2.5:7b');
  });
});

describe('usage metering', () => {
  it('reports each call’s usage by kind, so a task can sum tokens, images and audio seconds', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, speech: () => sineWav(0.5, 24000) });
    const c = config({ SPEECH_PROVIDER: 'openai-tts:tts-1' });
    const seen: Array<[string, Usage]> = [];
    let total: Usage = {};
    const providers = meterProviders(
      createProviders(c, {}, { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: `${fake.url}/v1` }),
      (kind, u) => {
        seen.push([kind, u]);
        total = addUsage(total, u);
      },
    );
    expect(providers.speech.provider).toBe('openai-tts');
    await providers.speech.synthesize({ text: 'One.', language: 'en' }, {});
    await providers.speech.synthesize({ text: 'Two.', language: 'en' }, {});
    expect(seen.map(([k]) => k)).toEqual(['speech', 'speech']);
    expect(total).toEqual({ audioSeconds: 1 });
  });
});

describe('natural voices in the registry', () => {
  it('parses edge-tts ids with an optional voice and pitch, and local-neural with a speaker', () => {
    expect(parseProviderId('speech', 'edge-tts')).toEqual({ kind: 'speech', vendor: 'edge-tts' });
    expect(parseProviderId('speech', 'edge-tts:zh-CN-XiaoxiaoNeural#+5Hz')).toEqual({
      kind: 'speech',
      vendor: 'edge-tts',
      voice: 'zh-CN-XiaoxiaoNeural',
      pitch: '+5Hz',
    });
    expect(parseProviderId('speech', 'local-neural:/models/kokoro#2')).toEqual({
      kind: 'speech',
      vendor: 'local-neural',
      modelDir: '/models/kokoro',
      speaker: 2,
    });
    for (const [id, re] of [
      ['edge-tts:alloy', /"alloy" is not an Edge voice name/],
      ['edge-tts:en-US-AvaNeural#loud', /"loud" is not a pitch/],
      ['local-neural:/m#-1', /not a speaker number/],
    ] as const)
      expect(() => parseProviderId('speech', id)).toThrow(re);
  });

  it('checks a task voice against Edge voice names', () => {
    const config = loadConfig({}, { SPEECH_PROVIDER: 'edge-tts' });
    expect(() => validateTaskVoice(config, 'zh-CN-YunxiNeural')).not.toThrow();
    expect(() => validateTaskVoice(config, 'Kore')).toThrow(
      /options\.voice: "Kore" is not an Edge voice name/,
    );
  });

  it('lists Edge voices per language in GET /api/v1/voices/ when configured, with the configured voice first', () => {
    const none = listSpeechTemplates(loadConfig({}, {}), {});
    expect(none.some((t) => t.engine === 'edge-tts')).toBe(false);
    const config = loadConfig({}, { SPEECH_PROVIDER: 'edge-tts:zh-CN-YunxiNeural' });
    const edge = listSpeechTemplates(config, {}).filter((t) => t.engine === 'edge-tts');
    expect(edge.map((t) => [t.name, t.language, t.voice])).toEqual([
      ['edge_zh_zh-CN-YunxiNeural', 'zh', 'zh-CN-YunxiNeural'],
      ['edge_en_zh-CN-YunxiNeural', 'en', 'en-US-AvaNeural'],
    ]);
    expect(edge[0]!.voices).toContain('zh-CN-XiaoxiaoNeural');
    expect(edge.every((t) => t.provider === 'edge-tts:zh-CN-YunxiNeural')).toBe(true);
    const allowed = listSpeechTemplates(loadConfig({}, { ALLOWED_PROVIDERS: 'edge-tts' }), {});
    expect(allowed.filter((t) => t.engine === 'edge-tts').map((t) => t.name)).toEqual(['edge_zh', 'edge_en']);
  });
});
