import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isAbortError } from '../../src/errors.js';
import type { ProviderRuntime } from '../../src/providers/core/call.js';
import { APICallError, InvalidOutputError } from '../../src/providers/core/errors.js';
import { Semaphore } from '../../src/providers/core/semaphore.js';
import { createGeminiTextModel } from '../../src/providers/llm/gemini.js';
import { createCompatibleTextModel, createOpenAITextModel } from '../../src/providers/llm/openai.js';
import { startFakeGemini } from '../fakes/gemini.js';
import { type ChatBody, messageText, startFakeOpenAI } from '../fakes/openai.js';
import type { FakeServer } from '../fakes/server.js';
import { jsonBody } from '../fakes/server.js';

const KEY = 'sk-fake-abcdefghijklmnop';
const rt = (provider: string): ProviderRuntime => ({
  provider,
  policy: { maxRetries: 2, timeoutMs: 3000, baseDelayMs: 10, maxDelayMs: 5000 },
  limiter: new Semaphore(4),
  secrets: [KEY],
});
const Pet = z.strictObject({ name: z.string(), legs: z.number().int() });
const petRequest = {
  name: 'pet',
  schema: Pet,
  messages: [{ role: 'user' as const, content: 'Describe a pet.' }],
};

let fake: FakeServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function scripted(answers: string[]) {
  return (_b: ChatBody) => answers.shift() ?? '{"name":"Mimi","legs":4}';
}

describe('OpenAI text model (chat completions)', () => {
  it('asks for a strict JSON schema with the key in the Authorization header and returns the object', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, chat: scripted(['{"name":"Mimi","legs":4}']) });
    const model = createOpenAITextModel(rt('openai'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      modelId: 'gpt-4o-mini',
    });
    const r = await model.generateObject(petRequest, {});
    expect(r.object).toEqual({ name: 'Mimi', legs: 4 });
    expect(r.tries).toBe(1);
    expect(r.usage).toEqual({ inputTokens: 100, outputTokens: 50 });
    const [req] = fake.calls(/chat\/completions/);
    expect(req!.headers.authorization).toBe(`Bearer ${KEY}`);
    const body = jsonBody<ChatBody>(req!);
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.response_format?.type).toBe('json_schema');
    expect(body.response_format?.json_schema?.name).toBe('pet');
    expect(body.response_format?.json_schema?.strict).toBe(true);
    expect(body.response_format?.json_schema?.schema).toMatchObject({
      type: 'object',
      required: ['name', 'legs'],
      additionalProperties: false,
    });
  });

  it('sends a wrong-schema answer back with the validation error and accepts the corrected one', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, chat: scripted(['{"name":"Mimi","legs":"four"}']) });
    const model = createOpenAITextModel(rt('openai'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      modelId: 'gpt-4o-mini',
    });
    const r = await model.generateObject(petRequest, {});
    expect(r.object.legs).toBe(4);
    expect(r.tries).toBe(2);
    expect(r.usage.inputTokens).toBe(200);
    const second = jsonBody<ChatBody>(fake.calls(/chat/)[1]!);
    const last = second.messages.at(-1)!;
    expect(last.role).toBe('user');
    expect(messageText(last)).toMatch(/legs: .*number/i);
    expect(messageText(second.messages.at(-2)!)).toContain('"four"');
  });

  it('retries an answer that is not JSON, and fails clearly when no try is valid', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, chat: () => 'Sure! Here is your pet: {name: Mimi' });
    const model = createOpenAITextModel(rt('openai'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      modelId: 'gpt-4o-mini',
    });
    const err = await model.generateObject({ ...petRequest, maxTries: 2 }, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidOutputError);
    expect((err as Error).message).toMatch(
      /pet: no valid answer after 2 tries \(the answer is not valid JSON\)/,
    );
    expect(fake.calls(/chat/)).toHaveLength(2);
  });

  it('applies checks the schema cannot express', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, chat: scripted(['{"name":"Spider","legs":8}']) });
    const model = createOpenAITextModel(rt('openai'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      modelId: 'm',
    });
    const r = await model.generateObject(
      { ...petRequest, check: (p) => (p.legs > 4 ? ['at most 4 legs'] : []) },
      {},
    );
    expect(r.object.name).toBe('Mimi');
    expect(messageText(jsonBody<ChatBody>(fake.calls(/chat/)[1]!).messages.at(-1)!)).toContain(
      'at most 4 legs',
    );
  });

  it('retries 429 (Retry-After) and 500 once each through the SDK, with its own retries off', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY });
    fake.fault(/chat/, { kind: 'status', status: 429, retryAfter: '0' }, { kind: 'status', status: 500 });
    const model = createOpenAITextModel(rt('openai'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      modelId: 'm',
    });
    const r = await model.generateText({ messages: [{ role: 'user', content: 'hi' }] }, {});
    expect(r.text).toBe('ok');
    expect(fake.calls(/chat/)).toHaveLength(3);
  });

  it('retries a garbled 200 body and a hung request (timeout) and then answers', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY });
    fake.fault(/chat/, { kind: 'garbage', body: '{"id": "chatcmpl-1", "choi' }, { kind: 'hang' });
    const runtime = { ...rt('openai'), policy: { ...rt('openai').policy, timeoutMs: 300 } };
    const model = createOpenAITextModel(runtime, { apiKey: KEY, baseURL: `${fake.url}/v1`, modelId: 'm' });
    const r = await model.generateText({ messages: [{ role: 'user', content: 'hi' }] }, {});
    expect(r.text).toBe('ok');
    expect(fake.calls(/chat/)).toHaveLength(3);
  });

  it('does not retry a bad key and keeps the key out of the error', async () => {
    fake = await startFakeOpenAI({ apiKey: 'sk-the-right-one-123456' });
    const model = createOpenAITextModel(rt('openai'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      modelId: 'm',
    });
    const err = (await model
      .generateText({ messages: [{ role: 'user', content: 'hi' }] }, {})
      .catch((e) => e)) as APICallError;
    expect(err).toBeInstanceOf(APICallError);
    expect(err.statusCode).toBe(401);
    expect(fake.calls(/chat/)).toHaveLength(1);
    expect(JSON.stringify({ m: err.message, b: err.responseBody, u: err.url, d: err.details })).not.toContain(
      KEY,
    );
  });

  it('stops when the signal aborts', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY });
    fake.fault(/chat/, { kind: 'hang' });
    const model = createOpenAITextModel(rt('openai'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      modelId: 'm',
    });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 100);
    const err = await model
      .generateText({ messages: [{ role: 'user', content: 'hi' }] }, { signal: ctrl.signal })
      .catch((e) => e);
    expect(isAbortError(err)).toBe(true);
    expect(fake.calls(/chat/)).toHaveLength(1);
  });
});

describe('OpenAI-compatible text model', () => {
  it('without json_schema support asks for json_object, spells the schema out and reads fenced JSON', async () => {
    fake = await startFakeOpenAI({ apiKey: KEY, chat: scripted(['```json\n{"name":"Mimi","legs":4}\n```']) });
    const model = createCompatibleTextModel(rt('openai-compatible'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1`,
      modelId: 'deepseek-chat',
      structuredOutputs: false,
    });
    const r = await model.generateObject(petRequest, {});
    expect(r.object).toEqual({ name: 'Mimi', legs: 4 });
    expect(r.tries).toBe(1); // the ```json fence was stripped, not sent back as invalid
    const body = jsonBody<ChatBody>(fake.calls(/chat/)[0]!);
    expect(body.model).toBe('deepseek-chat');
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(messageText(body.messages[0]!)).toContain('"legs"');
  });
});

describe('Gemini text model', () => {
  it('sends the key as x-goog-api-key and a responseSchema, and parses the JSON answer', async () => {
    fake = await startFakeGemini({ apiKey: KEY, text: () => '{"name":"Mimi","legs":4}' });
    fake.fault(/generateContent/, { kind: 'status', status: 429, retryAfter: '0' });
    const model = createGeminiTextModel(rt('gemini'), {
      apiKey: KEY,
      baseURL: `${fake.url}/v1beta`,
      modelId: 'gemini-2.5-flash',
    });
    const r = await model.generateObject(petRequest, {});
    expect(r.object).toEqual({ name: 'Mimi', legs: 4 });
    expect(r.usage.inputTokens).toBe(80);
    expect(fake.calls(/generateContent/)).toHaveLength(2);
    const [, req] = fake.calls(/generateContent/);
    expect(req!.path).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(req!.query.get('key')).toBeNull();
    const body = jsonBody<{ generationConfig: Record<string, unknown> }>(req!);
    expect(body.generationConfig.responseMimeType).toBe('application/json');
    expect(body.generationConfig.responseSchema).toMatchObject({ type: 'object' });
  });
});
