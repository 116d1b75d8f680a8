// A local stand-in for Stable Diffusion WebUI's API: POST /sdapi/v1/txt2img (base64 PNGs) and GET
// /sdapi/v1/progress (state.job_count while it generates). Like a server started with
// `--api-auth user:pass` it can require HTTP Basic credentials (401 {"detail": …} otherwise).
import { pngOf } from './media.js';
import { type FakeReply, FakeServer, jsonBody, type RecordedRequest } from './server.js';

export interface FakeSdWebUIOptions {
  /** `user:password` the server was started with (`--api-auth`). */
  auth?: string;
  /** How long each txt2img generates, in order (the last value repeats); default 0. */
  generateMs?: number[];
}

export interface FakeSdWebUI extends FakeServer {
  /** Most txt2img generations running at once. */
  maxGenerating: number;
}

export async function startFakeSdWebUI(opts: FakeSdWebUIOptions = {}): Promise<FakeSdWebUI> {
  let generating = 0;
  let count = 0;
  const server = new FakeServer() as FakeSdWebUI;
  server.maxGenerating = 0;
  const denied = (req: RecordedRequest): FakeReply | undefined => {
    if (!opts.auth) return undefined;
    const expected = `Basic ${Buffer.from(opts.auth).toString('base64')}`;
    if (req.headers.authorization === expected) return undefined;
    return {
      status: 401,
      json: { detail: 'Incorrect username or password' },
      headers: { 'www-authenticate': 'Basic' },
    };
  };
  server
    .route('POST', /^\/sdapi\/v1\/txt2img$/, async (req) => {
      const refused = denied(req);
      if (refused) return refused;
      const body = jsonBody<{ width: number; height: number; seed: number }>(req);
      const ms = opts.generateMs?.[Math.min(count, (opts.generateMs?.length ?? 1) - 1)] ?? 0;
      count++;
      generating++;
      server.maxGenerating = Math.max(server.maxGenerating, generating);
      // The server finishes the picture even when the client has gone.
      await new Promise((r) => setTimeout(r, ms));
      generating--;
      return {
        json: {
          images: [Buffer.from(pngOf(body.width, body.height)).toString('base64')],
          parameters: body,
          info: JSON.stringify({ seed: body.seed }),
        },
      };
    })
    .route('GET', /^\/sdapi\/v1\/progress$/, (req) => {
      const refused = denied(req);
      if (refused) return refused;
      return {
        json: {
          progress: generating > 0 ? 0.5 : 0,
          eta_relative: generating > 0 ? 1 : 0,
          state: {
            skipped: false,
            interrupted: false,
            job: '',
            job_count: generating,
            sampling_step: 0,
            sampling_steps: 25,
          },
          current_image: null,
          textinfo: null,
        },
      };
    });
  await server.start();
  return server;
}
