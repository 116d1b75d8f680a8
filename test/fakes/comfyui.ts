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
  /** Checkpoints the server has; a graph naming another is refused with node_errors, as ComfyUI does. */
  checkpoints?: string[];
  /** Queue the job at once but answer POST /prompt only after this long (a lost answer). */
  submitDelayMs?: number;
}

export interface FakeComfy {
  server: FakeServer;
  /** Workflows received, by prompt id. */
  workflows: Map<string, Record<string, { class_type: string; inputs: Record<string, unknown> }>>;
}

export async function startFakeComfyUI(opts: FakeComfyOptions = {}): Promise<FakeComfy> {
  const workflows: FakeComfy['workflows'] = new Map();
  const polls = new Map<string, number>();
  const clients = new Map<string, string>();
  const entry = (id: string) => [
    [...workflows.keys()].indexOf(id),
    id,
    workflows.get(id),
    { client_id: clients.get(id) },
    ['9'],
  ];
  const done = (id: string) => (polls.get(id) ?? 0) > (opts.pendingPolls ?? 1);
  const server = new FakeServer()
    .route('POST', /^\/prompt$/, (req) => {
      const body = jsonBody<{
        prompt: FakeComfy['workflows'] extends Map<string, infer W> ? W : never;
        client_id?: string;
      }>(req);
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
      const loader = Object.entries(body.prompt).find(([, n]) => n.class_type === 'CheckpointLoaderSimple');
      const ckpt = String(loader?.[1].inputs.ckpt_name ?? '');
      if (loader && opts.checkpoints && !opts.checkpoints.includes(ckpt)) {
        return {
          status: 400,
          json: {
            error: {
              type: 'prompt_outputs_failed_validation',
              message: 'Prompt outputs failed validation',
              details: '',
              extra_info: {},
            },
            node_errors: {
              [loader[0]]: {
                errors: [
                  {
                    type: 'value_not_in_list',
                    message: 'Value not in list',
                    details: `ckpt_name: '${ckpt}' not in ${JSON.stringify(opts.checkpoints)}`,
                    extra_info: { input_name: 'ckpt_name' },
                  },
                ],
                dependent_outputs: ['9'],
                class_type: 'CheckpointLoaderSimple',
              },
            },
          },
        };
      }
      const id = randomUUID();
      workflows.set(id, body.prompt);
      clients.set(id, body.client_id ?? '');
      return {
        json: { prompt_id: id, number: workflows.size, node_errors: {} },
        ...(opts.submitDelayMs ? { delayMs: opts.submitDelayMs } : {}),
      };
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
              prompt: entry(id),
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
            prompt: entry(id),
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
    .route('GET', /^\/queue$/, () => {
      const pending = [...workflows.keys()].filter((id) => !done(id));
      return {
        json: { queue_running: pending.slice(0, 1).map(entry), queue_pending: pending.slice(1).map(entry) },
      };
    })
    .route('GET', /^\/history$/, () => ({
      json: Object.fromEntries(
        [...workflows.keys()].filter(done).map((id) => [id, { prompt: entry(id), outputs: {}, status: {} }]),
      ),
    }))
    .route('POST', /^\/(queue|interrupt)$/, () => ({ json: {} }));
  await server.start();
  return { server, workflows };
}
