// A local stand-in for Stable Diffusion WebUI's POST /sdapi/v1/txt2img (base64 PNGs).
import { pngOf } from './media.js';
import { FakeServer, jsonBody } from './server.js';

export async function startFakeSdWebUI(): Promise<FakeServer> {
  return new FakeServer()
    .route('POST', /^\/sdapi\/v1\/txt2img$/, (req) => {
      const body = jsonBody<{ width: number; height: number; seed: number }>(req);
      return {
        json: {
          images: [Buffer.from(pngOf(body.width, body.height)).toString('base64')],
          parameters: body,
          info: JSON.stringify({ seed: body.seed }),
        },
      };
    })
    .start();
}
