// A local stand-in for CosyVoice's FastAPI server: /inference_zero_shot takes the form fields
// tts_text, prompt_text and the prompt_wav file, and streams raw 16-bit PCM.
import { sinePcm } from './media.js';
import { type FakeReply, FakeServer, type RecordedRequest } from './server.js';

export interface ZeroShotForm {
  tts_text: string;
  prompt_text: string;
  prompt_wav: Uint8Array;
}

/** Parses a recorded multipart request with the platform's own parser. */
export async function zeroShotForm(req: RecordedRequest): Promise<ZeroShotForm> {
  const form = await new Request('http://fake/', {
    method: 'POST',
    headers: { 'content-type': String(req.headers['content-type']) },
    body: req.body,
  }).formData();
  const wav = form.get('prompt_wav');
  return {
    tts_text: String(form.get('tts_text')),
    prompt_text: String(form.get('prompt_text')),
    prompt_wav: wav instanceof Blob ? new Uint8Array(await wav.arrayBuffer()) : new Uint8Array(),
  };
}

export async function startFakeCosyVoice(
  opts: { sampleRate?: number; announceRate?: boolean } = {},
): Promise<FakeServer> {
  const rate = opts.sampleRate ?? 22050;
  return new FakeServer()
    .route('POST', /^\/inference_zero_shot$/, async (req): Promise<FakeReply> => {
      const form = await zeroShotForm(req);
      if (!form.tts_text || !form.prompt_text || form.prompt_wav.length === 0) {
        return { status: 422, json: { detail: [{ msg: 'field required' }] } };
      }
      return {
        body: sinePcm(0.1 * form.tts_text.length, rate),
        headers: opts.announceRate ? { 'X-Custom-Header-sampleRate': String(rate) } : {},
      };
    })
    .start();
}
