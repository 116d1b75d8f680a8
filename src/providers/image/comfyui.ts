// ComfyUI over its HTTP API: fills a workflow template's placeholders, queues it with POST
// /prompt, polls GET /history/{id} until the image exists, fetches it from GET /view.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { type ProviderRuntime, sleep, throwIfAborted, withRetry } from '../core/call.js';
import { APICallError } from '../core/errors.js';
import { httpBytes, httpJson, httpRequest } from '../core/http.js';
import type { CallOptions } from '../types.js';
import { fitImage } from './fit.js';
import { DEFAULT_NEGATIVE, generationSize } from './sd-size.js';
import type { ImageModel, ImageRequest, ImageResult } from './types.js';

export const DEFAULT_WORKFLOW = fileURLToPath(
  new URL('../../../assets/comfyui/txt2img.json', import.meta.url),
);

export type Workflow = Record<string, { class_type: string; inputs: Record<string, unknown> }>;

const WorkflowSchema = z.record(
  z.string(),
  z.looseObject({ class_type: z.string(), inputs: z.record(z.string(), z.unknown()) }),
);

/** Reads and checks a workflow template (API format, with at least the {{prompt}} placeholder). */
export function loadWorkflow(path = DEFAULT_WORKFLOW): Workflow {
  let text: string;
  try {
    // Read once when providers are built (a setting, like the rest of the config), so synchronously.
    text = readFileSync(path, 'utf8');
  } catch {
    throw new AppError('config_error', 500, `COMFYUI_WORKFLOW: cannot read ${path}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AppError('config_error', 500, `COMFYUI_WORKFLOW: ${path} is not JSON`);
  }
  const wf = WorkflowSchema.safeParse(parsed);
  if (!wf.success || !text.includes('{{prompt}}')) {
    throw new AppError(
      'config_error',
      500,
      `COMFYUI_WORKFLOW: ${path} must be an API-format workflow (node id → {class_type, inputs}) using {{prompt}}`,
    );
  }
  return wf.data as Workflow;
}

/** A copy of the template with placeholders filled: a value that is exactly `{{seed}}` becomes the number. */
export function fillWorkflow(template: Workflow, values: Record<string, string | number>): Workflow {
  const fill = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const whole = /^\{\{(\w+)\}\}$/.exec(v);
      if (whole && whole[1]! in values) return values[whole[1]!];
      return v.replace(/\{\{(\w+)\}\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
    }
    if (Array.isArray(v)) return v.map(fill);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fill(x)]));
    return v;
  };
  return fill(template) as Workflow;
}

const QueuedSchema = z.object({ prompt_id: z.string() });
const ImageRefSchema = z.object({
  filename: z.string(),
  subfolder: z.string().default(''),
  type: z.string().default('output'),
});
const HistorySchema = z.record(
  z.string(),
  z.looseObject({
    outputs: z.record(z.string(), z.looseObject({ images: z.array(ImageRefSchema).optional() })).default({}),
    status: z
      .looseObject({
        status_str: z.string().optional(),
        completed: z.boolean().optional(),
        messages: z.array(z.unknown()).optional(),
      })
      .optional(),
  }),
);

const QueueSchema = z.looseObject({
  queue_running: z.array(z.array(z.unknown())).default([]),
  queue_pending: z.array(z.array(z.unknown())).default([]),
});
const HistoryPromptsSchema = z.record(z.string(), z.looseObject({ prompt: z.array(z.unknown()).optional() }));

const NodeErrorsSchema = z.looseObject({
  error: z.looseObject({ message: z.string().optional(), details: z.string().optional() }).optional(),
  node_errors: z
    .record(
      z.string(),
      z.looseObject({
        class_type: z.string().optional(),
        errors: z
          .array(z.looseObject({ message: z.string().optional(), details: z.string().optional() }))
          .default([]),
      }),
    )
    .default({}),
});

/**
 * ComfyUI's answer to an invalid graph (400): which node failed and why, e.g. a checkpoint the
 * server does not have — one line the user can act on.
 */
export function describeNodeErrors(body: string): string | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const parsed = NodeErrorsSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const nodes = Object.entries(parsed.data.node_errors).flatMap(([id, node]) =>
    node.errors.map(
      (e) =>
        `node ${id}${node.class_type ? ` ${node.class_type}` : ''}: ${[e.message, e.details].filter(Boolean).join(': ')}`,
    ),
  );
  const head = parsed.data.error?.message ?? 'the workflow was refused';
  if (nodes.length === 0)
    return parsed.data.error?.details ? `${head}: ${parsed.data.error.details}` : undefined;
  const line = `${head}: ${nodes.join('; ')}`;
  return line.length > 400 ? `${line.slice(0, 399)}…` : line;
}

export class ComfyUIImage implements ImageModel {
  readonly provider = 'comfyui';
  readonly modelId: string;

  constructor(
    private readonly runtime: ProviderRuntime,
    private readonly init: {
      baseURL: string;
      workflow: Workflow;
      checkpoint: string;
      pollIntervalMs?: number;
    },
  ) {
    this.modelId = init.checkpoint;
  }

  async generate(request: ImageRequest, options: CallOptions): Promise<ImageResult> {
    const base = this.init.baseURL.replace(/\/$/, '');
    const size = generationSize(request.width, request.height);
    const graph = fillWorkflow(this.init.workflow, {
      prompt: request.prompt,
      negative_prompt: request.negativePrompt ?? DEFAULT_NEGATIVE,
      seed: request.seed,
      width: size.width,
      height: size.height,
      checkpoint: this.init.checkpoint,
    });
    const rt = this.runtime;
    const signal = options.signal;
    // One slot for the whole job: ComfyUI runs one queue, more jobs in flight only wait there.
    return rt.limiter.run(signal, async () => {
      // One client id per job: a submit whose answer was lost (timeout, dropped connection) may
      // still have been queued, so each retry first looks for the job in the queue and history.
      const clientId = randomUUID();
      let submitted = false;
      const { prompt_id } = await withRetry(rt, signal, async (s) => {
        if (submitted) {
          const found = await this.findJob(base, clientId, s);
          if (found) return { prompt_id: found };
        }
        submitted = true;
        return httpJson(
          rt,
          `${base}/prompt`,
          {
            method: 'POST',
            signal: s,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ prompt: graph, client_id: clientId }),
            explainError: describeNodeErrors,
          },
          QueuedSchema,
        );
      });
      const deadline = Date.now() + rt.policy.timeoutMs;
      try {
        const ref = await this.waitForImage(base, prompt_id, deadline, signal);
        const { bytes } = await withRetry(rt, signal, (s) => {
          const q = new URLSearchParams({ filename: ref.filename, subfolder: ref.subfolder, type: ref.type });
          return httpBytes(rt, `${base}/view?${q}`, { signal: s });
        });
        const fitted = fitImage(bytes, request.width, request.height);
        options.onProgress?.(1);
        return {
          png: fitted.png,
          usage: { images: 1 },
          warnings: fitted.resized ? [`resized from ComfyUI's ${size.width}×${size.height}`] : [],
        };
      } catch (err) {
        if (signal?.aborted) await this.cancel(base, prompt_id);
        throw err;
      }
    });
  }

  private async waitForImage(
    base: string,
    promptId: string,
    deadline: number,
    signal: AbortSignal | undefined,
  ): Promise<z.infer<typeof ImageRefSchema>> {
    const rt = this.runtime;
    const url = `${base}/history/${encodeURIComponent(promptId)}`;
    for (;;) {
      throwIfAborted(signal);
      const history = await withRetry(rt, signal, (s) => httpJson(rt, url, { signal: s }, HistorySchema));
      const entry = history[promptId];
      if (entry?.status?.status_str === 'error') {
        throw new APICallError({
          provider: this.provider,
          message: `the workflow failed: ${JSON.stringify(entry.status.messages ?? []).slice(0, 300)}`,
          url,
          isRetryable: false,
          secrets: rt.secrets,
        });
      }
      if (entry) {
        const image = Object.values(entry.outputs).flatMap((o) => o.images ?? [])[0];
        if (image) return image;
        if (entry.status?.completed) {
          throw new APICallError({
            provider: this.provider,
            message: 'the workflow finished without an image output (does it end in SaveImage?)',
            url,
            isRetryable: false,
            secrets: rt.secrets,
          });
        }
      }
      if (Date.now() >= deadline) {
        throw new APICallError({
          provider: this.provider,
          message: `no image within ${Math.round(rt.policy.timeoutMs / 1000)} s`,
          url,
          isRetryable: false,
          secrets: rt.secrets,
        });
      }
      await sleep(this.init.pollIntervalMs ?? 1000, signal);
    }
  }

  /** The prompt id of the job this client id queued, if ComfyUI has it queued, running or done. */
  private async findJob(base: string, clientId: string, signal: AbortSignal): Promise<string | undefined> {
    const rt = this.runtime;
    const owned = (entry: unknown[]) =>
      (entry[3] as { client_id?: unknown } | undefined)?.client_id === clientId
        ? String(entry[1])
        : undefined;
    const queue = await httpJson(rt, `${base}/queue`, { signal }, QueueSchema);
    for (const entry of [...queue.queue_running, ...queue.queue_pending]) {
      const id = owned(entry);
      if (id) return id;
    }
    const history = await httpJson(rt, `${base}/history?max_items=64`, { signal }, HistoryPromptsSchema);
    for (const [id, item] of Object.entries(history)) if (item.prompt && owned(item.prompt)) return id;
    return undefined;
  }

  /** Best effort: drop the job from the queue, or stop it if it is running. */
  private async cancel(base: string, promptId: string): Promise<void> {
    const signal = AbortSignal.timeout(5000);
    const post = (path: string, body: unknown) =>
      httpRequest(this.runtime, `${base}${path}`, {
        method: 'POST',
        signal,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).catch(() => undefined);
    await post('/queue', { delete: [promptId] });
    await post('/interrupt', { prompt_id: promptId });
  }
}
