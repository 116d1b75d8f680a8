// The text model the LLM-backed writers (and the dubbing cloud's narrative analysis) build on:
// plain text and zod-validated JSON, with invalid answers sent back to the model with the reason.
import { generateText, jsonSchema, type LanguageModel, NoObjectGeneratedError, Output } from 'ai';
import { z } from 'zod';
import { callProvider, type ProviderRuntime } from '../core/call.js';
import '../core/sdk.js';
import { InvalidOutputError } from '../core/errors.js';
import { UsageMeter } from '../core/usage.js';
import type { CallOptions, ModelInfo, Usage } from '../types.js';

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface TextRequest {
  system?: string;
  messages: ChatMessage[];
  temperature?: number;
  maxOutputTokens?: number;
}

export interface ObjectRequest<T> extends TextRequest {
  /** Sent as the JSON schema (response_format / responseSchema) where the API has one. */
  schema: z.ZodType<T>;
  /** Schema name shown to the model (`story_outline`); letters, digits, `_`. */
  name: string;
  description?: string;
  /** Checks the schema cannot express (page count, language); returns the problems found. */
  check?: (value: T) => string[];
  /** Tries in all, each invalid answer fed back with its problems. Default 3. */
  maxTries?: number;
}

export interface TextResult {
  text: string;
  usage: Usage;
  warnings: string[];
}

export interface ObjectResult<T> {
  object: T;
  usage: Usage;
  warnings: string[];
  /** 1 when the first answer was valid. */
  tries: number;
}

export interface TextModel extends ModelInfo {
  generateText(request: TextRequest, options: CallOptions): Promise<TextResult>;
  generateObject<T>(request: ObjectRequest<T>, options: CallOptions): Promise<ObjectResult<T>>;
}

export interface SdkTextModelOptions {
  /** For APIs without a JSON-schema mode: spell the schema out in the system prompt. */
  schemaInPrompt?: boolean;
}

/** A TextModel over a Vercel AI SDK language model; the SDK's own retries are off (maxRetries 0). */
export class SdkTextModel implements TextModel {
  readonly provider: string;
  readonly modelId: string;

  constructor(
    private readonly model: Exclude<LanguageModel, string>,
    private readonly runtime: ProviderRuntime,
    private readonly options: SdkTextModelOptions = {},
  ) {
    this.provider = runtime.provider;
    this.modelId = model.modelId;
  }

  async generateText(request: TextRequest, options: CallOptions): Promise<TextResult> {
    const result = await callProvider(this.runtime, options.signal, (signal) =>
      generateText({
        model: this.model,
        system: request.system,
        messages: request.messages,
        temperature: request.temperature,
        maxOutputTokens: request.maxOutputTokens,
        maxRetries: 0,
        abortSignal: signal,
      }),
    );
    return { text: result.text, usage: toUsage(result.usage), warnings: warningsOf(result.warnings) };
  }

  async generateObject<T>(request: ObjectRequest<T>, options: CallOptions): Promise<ObjectResult<T>> {
    const maxTries = request.maxTries ?? 3;
    const meter = new UsageMeter();
    const warnings: string[] = [];
    const messages = [...request.messages];
    const system = this.options.schemaInPrompt
      ? `${request.system ?? ''}\n\nAnswer with one JSON object only, no prose, matching this JSON Schema:\n${JSON.stringify(z.toJSONSchema(request.schema))}`.trim()
      : request.system;
    const apiSchema = portableSchema(request.schema);
    let problems: string[] = [];
    for (let tryNo = 1; tryNo <= maxTries; tryNo++) {
      let answerText: string;
      try {
        const result = await callProvider(this.runtime, options.signal, (signal) =>
          generateText({
            model: this.model,
            system,
            messages,
            temperature: request.temperature,
            maxOutputTokens: request.maxOutputTokens,
            output: Output.object({
              schema: apiSchema,
              name: request.name,
              description: request.description,
            }),
            maxRetries: 0,
            abortSignal: signal,
          }),
        );
        meter.add(toUsage(result.usage));
        warnings.push(...warningsOf(result.warnings));
        const value = result.output as T;
        problems = request.check?.(value) ?? [];
        if (problems.length === 0) return { object: value, usage: meter.value, warnings, tries: tryNo };
        answerText = result.text;
      } catch (err) {
        if (!NoObjectGeneratedError.isInstance(err)) throw err;
        meter.add(toUsage(err.usage));
        answerText = err.text ?? '';
        problems = [describeOutputError(err)];
      }
      warnings.push(`${request.name}: answer ${tryNo} rejected (${problems.join('; ')})`);
      messages.push(
        { role: 'assistant', content: answerText || '(empty answer)' },
        {
          role: 'user',
          content: `That answer cannot be used: ${problems.join('; ')}. Reply again with the complete JSON object, corrected.`,
        },
      );
    }
    throw new InvalidOutputError(
      this.provider,
      `${request.name}: no valid answer after ${maxTries} tries (${problems.join('; ')})`,
    );
  }
}

// Keywords some JSON-schema modes refuse (OpenAI strict rejects the whole request for them).
const UNPORTABLE = new Set([
  '$schema',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'pattern',
  'format',
]);

function stripUnportable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripUnportable);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k]) => !UNPORTABLE.has(k))
      // `properties` maps field names, which may collide with keyword names: keep them all.
      .map(([k, v]) => [
        k,
        k === 'properties' && v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([p, x]) => [p, stripUnportable(x)]))
          : stripUnportable(v),
      ]),
  );
}

/**
 * The schema the API sees: the zod schema's JSON Schema without length, count and numeric
 * limits; the full zod schema still validates the answer here, and its issues go back to the model.
 */
export function portableSchema<T>(schema: z.ZodType<T>) {
  const json = stripUnportable(z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }));
  return jsonSchema<T>(json as Parameters<typeof jsonSchema>[0], {
    validate: (value) => {
      const r = schema.safeParse(value);
      return r.success ? { success: true, value: r.data } : { success: false, error: r.error };
    },
  });
}

function describeOutputError(err: NoObjectGeneratedError): string {
  const cause = err.cause as { name?: string; message?: string; cause?: unknown } | undefined;
  const zodIssues = (cause?.cause as { issues?: Array<{ path: PropertyKey[]; message: string }> } | undefined)
    ?.issues;
  if (zodIssues?.length) {
    return zodIssues
      .slice(0, 5)
      .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
      .join('; ');
  }
  if (cause?.name === 'AI_JSONParseError') return 'the answer is not valid JSON';
  return (cause?.message ?? err.message).slice(0, 300);
}

function toUsage(usage: { inputTokens?: number; outputTokens?: number } | undefined): Usage {
  const out: Usage = {};
  if (usage?.inputTokens !== undefined) out.inputTokens = usage.inputTokens;
  if (usage?.outputTokens !== undefined) out.outputTokens = usage.outputTokens;
  return out;
}

function warningsOf(warnings: ReadonlyArray<unknown> | undefined): string[] {
  return (warnings ?? []).map((w) => {
    const x = w as { type?: string; feature?: string; setting?: string; message?: string; details?: string };
    return `${x.type ?? 'warning'}: ${x.feature ?? x.setting ?? ''} ${x.details ?? x.message ?? ''}`.trim();
  });
}
