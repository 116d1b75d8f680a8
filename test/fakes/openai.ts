// A local stand-in for OpenAI's REST API (chat completions, images, audio/speech): checks the
// bearer key like the real one and answers in its wire format with scripted content.
import { FakeServer, jsonBody, type RecordedRequest } from './server.js';

export interface ChatBody {
  model: string;
  messages: Array<{ role: string; content: string | Array<{ type: string; text?: string }> }>;
  response_format?: {
    type: string;
    json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> };
  };
  temperature?: number;
}

export interface FakeOpenAIOptions {
  apiKey: string;
  /** The assistant message content for a chat request. */
  chat?: (body: ChatBody, req: RecordedRequest) => string;
  /** PNG bytes for an image request. */
  image?: (body: Record<string, unknown>) => Uint8Array;
  /** Audio bytes for a speech request. */
  speech?: (body: Record<string, unknown>) => Uint8Array;
}

const UNPORTABLE = [
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'pattern',
  'format',
];

/**
 * What OpenAI's strict mode refuses (plus the limits other schema modes refuse): an object
 * without additionalProperties false or with optional fields, or a length/count/numeric limit.
 */
export function strictSchemaProblem(node: unknown, path = '#'): string | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const n = node as Record<string, unknown>;
  for (const k of UNPORTABLE) if (k in n) return `${path}: '${k}' is not permitted`;
  if (n.type === 'object') {
    const props = Object.keys((n.properties as object | undefined) ?? {});
    if (n.additionalProperties !== false)
      return `${path}: 'additionalProperties' is required to be supplied and to be false`;
    const required = (n.required as string[] | undefined) ?? [];
    const missing = props.find((p) => !required.includes(p));
    if (missing) return `${path}: 'required' is required to include every key; missing '${missing}'`;
  }
  for (const [k, v] of Object.entries(n)) {
    const problem = Array.isArray(v)
      ? v.map((x, i) => strictSchemaProblem(x, `${path}/${k}/${i}`)).find(Boolean)
      : strictSchemaProblem(v, `${path}/${k}`);
    if (problem) return problem;
  }
  return undefined;
}

/** Text of a chat message (string or content parts). */
export const messageText = (m: ChatBody['messages'][number]): string =>
  typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join('');

export async function startFakeOpenAI(opts: FakeOpenAIOptions): Promise<FakeServer> {
  const unauthorized = (req: RecordedRequest) =>
    req.headers.authorization !== `Bearer ${opts.apiKey}`
      ? {
          status: 401,
          json: {
            error: {
              message: `Incorrect API key provided: ${String(req.headers.authorization).slice(7)}.`,
              type: 'invalid_request_error',
              code: 'invalid_api_key',
            },
          },
        }
      : undefined;
  let n = 0;
  const server: FakeServer = new FakeServer()
    .route('POST', /\/v1\/chat\/completions$/, (req) => {
      const denied = unauthorized(req);
      if (denied) return denied;
      const body = jsonBody<ChatBody>(req);
      const js = body.response_format?.json_schema;
      const problem = js?.strict ? strictSchemaProblem(js.schema) : undefined;
      if (problem) {
        return {
          status: 400,
          json: {
            error: {
              message: `Invalid schema for response_format '${js!.name}': ${problem}.`,
              type: 'invalid_request_error',
            },
          },
        };
      }
      const content = opts.chat?.(body, req) ?? 'ok';
      return {
        json: {
          id: `chatcmpl-${++n}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 100, completion_tokens: 50, total_tokens: 150 },
        },
      };
    })
    .route('POST', /\/v1\/images\/generations$/, (req) => {
      const denied = unauthorized(req);
      if (denied) return denied;
      const body = jsonBody(req);
      // The API refuses prompts over the model's limit rather than cutting them.
      const limit = String(body.model).startsWith('dall-e-2')
        ? 1000
        : String(body.model).startsWith('dall-e-3')
          ? 4000
          : 32000;
      if (String(body.prompt ?? '').length > limit) {
        return {
          status: 400,
          json: {
            error: {
              message: `Invalid 'prompt': string too long. Expected a string with maximum length ${limit}, but got a string with length ${String(body.prompt).length} instead.`,
              type: 'invalid_request_error',
              param: 'prompt',
              code: 'string_above_max_length',
            },
          },
        };
      }
      const png = opts.image?.(body);
      if (!png) return { status: 400, json: { error: { message: 'no image scripted' } } };
      return {
        json: {
          created: Math.floor(Date.now() / 1000),
          data: [{ b64_json: Buffer.from(png).toString('base64') }],
          usage: { input_tokens: 20, output_tokens: 1000, total_tokens: 1020 },
        },
      };
    })
    .route('POST', /\/v1\/audio\/speech$/, (req) => {
      const denied = unauthorized(req);
      if (denied) return denied;
      const body = jsonBody(req);
      const audio = opts.speech?.(body);
      if (!audio) return { status: 400, json: { error: { message: 'no speech scripted' } } };
      return { body: audio, headers: { 'content-type': 'audio/wav' } };
    });
  return server.start();
}
