// A local stand-in for the Gemini API's generateContent: text (JSON via responseSchema) and
// TTS (responseModalities AUDIO → base64 16-bit PCM at 24 kHz), keyed by x-goog-api-key.
import { FakeServer, jsonBody, type RecordedRequest } from './server.js';

export interface GeminiBody {
  contents: Array<{ role?: string; parts: Array<{ text?: string }> }>;
  systemInstruction?: { parts: Array<{ text: string }> };
  generationConfig?: {
    responseMimeType?: string;
    responseSchema?: Record<string, unknown>;
    responseModalities?: string[];
    speechConfig?: { voiceConfig?: { prebuiltVoiceConfig?: { voiceName?: string } } };
  };
}

export interface FakeGeminiOptions {
  apiKey: string;
  text?: (body: GeminiBody, model: string) => string;
  /** Raw 16-bit little-endian mono PCM at 24 kHz. */
  pcm?: (body: GeminiBody, model: string) => Uint8Array;
}

export async function startFakeGemini(opts: FakeGeminiOptions): Promise<FakeServer> {
  const server = new FakeServer().route(
    'POST',
    /^\/v1beta\/models\/[^/:]+:generateContent$/,
    (req: RecordedRequest) => {
      if (req.headers['x-goog-api-key'] !== opts.apiKey) {
        return {
          status: 400,
          json: {
            error: {
              code: 400,
              message: 'API key not valid. Please pass a valid API key.',
              status: 'INVALID_ARGUMENT',
            },
          },
        };
      }
      const model = /models\/([^/:]+):/.exec(req.path)![1]!;
      const body = jsonBody<GeminiBody>(req);
      const usageMetadata = { promptTokenCount: 80, candidatesTokenCount: 40, totalTokenCount: 120 };
      if (body.generationConfig?.responseModalities?.includes('AUDIO')) {
        const pcm = opts.pcm?.(body, model) ?? new Uint8Array(4800);
        return {
          json: {
            candidates: [
              {
                content: {
                  role: 'model',
                  parts: [
                    {
                      inlineData: {
                        mimeType: 'audio/L16;codec=pcm;rate=24000',
                        data: Buffer.from(pcm).toString('base64'),
                      },
                    },
                  ],
                },
                finishReason: 'STOP',
              },
            ],
            usageMetadata,
          },
        };
      }
      return {
        json: {
          candidates: [
            {
              content: { role: 'model', parts: [{ text: opts.text?.(body, model) ?? 'ok' }] },
              finishReason: 'STOP',
              index: 0,
            },
          ],
          usageMetadata,
          modelVersion: model,
        },
      };
    },
  );
  return server.start();
}
