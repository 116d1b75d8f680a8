// A local stand-in for ComfyUI's HTTP API: POST /prompt queues a workflow, GET /history/{id}
// is empty until the job "finishes" after a few polls, GET /view serves the PNG.
import { randomUUID } from 'node:crypto';
import { pngOf } from './media.js';
import { FakeServer, jsonBody } from './server.js';

export interface FakeComfyOptions {
  /** History polls answered `{}` before the job is done. */
  pendingPolls?: number;
  /** Make the workflow fail in execution. */
  fail?: boolean;
}

export interface FakeComfy {
  server: FakeServer;
  /** Workflows received, by prompt id. */
  workflows: Map<string, Record<string, { class_type: string; inputs: Record<string, unknown> }>>;
}

export async function startFakeComfyUI(opts: FakeComfyOptions = {}): Promise<FakeComfy> {
  const workflows: FakeComfy['workflows'] = new Map();
  const polls = new Map<string, number>();
  const server = new FakeServer()
    .route('POST', /^\/prompt$/, (req) => {
      const body = jsonBody<{ prompt: FakeComfy['workflows'] extends Map<string, infer W> ? W : never }>(req);
      const sampler = Object.values(body.prompt).find((n) => n.class_type === 'KSampler');
      if (!sampler || typeof sampler.inputs.seed !== 'number') {
        return {
          status: 400,
          json: {
            error: { type: 'prompt_outputs_failed_validation', message: 'Prompt outputs failed validation' },
            node_errors: {},
          },
        };
      }
      const id = randomUUID();
      workflows.set(id, body.prompt);
      return { json: { prompt_id: id, number: workflows.size, node_errors: {} } };
    })
    .route('GET', /^\/history\/[^/]+$/, (req) => {
      const id = req.path.split('/').pop()!;
      const wf = workflows.get(id);
      const n = (polls.get(id) ?? 0) + 1;
      polls.set(id, n);
      if (!wf || n <= (opts.pendingPolls ?? 1)) return { json: {} };
      if (opts.fail) {
        return {
          json: {
            [id]: {
              prompt: [],
              outputs: {},
              status: {
                status_str: 'error',
                completed: false,
                messages: [['execution_error', { exception_message: 'CUDA out of memory' }]],
              },
            },
          },
        };
      }
      const latent = Object.values(wf).find((x) => x.class_type === 'EmptyLatentImage')!.inputs;
      return {
        json: {
          [id]: {
            prompt: [],
            outputs: {
              '9': {
                images: [
                  { filename: `sa_${latent.width}x${latent.height}.png`, subfolder: '', type: 'output' },
                ],
              },
            },
            status: { status_str: 'success', completed: true, messages: [] },
          },
        },
      };
    })
    .route('GET', /^\/view$/, (req) => {
      const m = /_(\d+)x(\d+)\.png$/.exec(req.query.get('filename') ?? '');
      if (!m || req.query.get('type') !== 'output') return { status: 404, body: '' };
      return { body: pngOf(Number(m[1]), Number(m[2])), headers: { 'content-type': 'image/png' } };
    })
    .route('POST', /^\/(queue|interrupt)$/, () => ({ json: {} }));
  await server.start();
  return { server, workflows };
}
