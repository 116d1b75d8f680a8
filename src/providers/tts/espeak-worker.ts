// Worker-thread entry of the offline voice: owns the one eSpeak NG instance of the process and
// answers synthesis requests one at a time (the engine is not reentrant).
import { parentPort, workerData } from 'node:worker_threads';
import { type EngineRequest, EspeakEngine, UnknownVoiceError } from './espeak-engine.js';

export interface WorkerRequest extends EngineRequest {
  id: number;
}

export type WorkerReply =
  | { id: number; ok: true; samples: Int16Array; events: unknown[] }
  | { id: number; ok: false; aborted: boolean; unknownVoice?: string; message: string };

if (parentPort) {
  const port = parentPort;
  // The main thread writes the id of a cancelled request here; the engine polls it while it works.
  const abortFlag = (workerData as { abortFlag: Int32Array }).abortFlag;
  const engine = EspeakEngine.start();
  let queue: Promise<void> = Promise.resolve();

  const handle = async (req: WorkerRequest): Promise<void> => {
    const cancelled = () => Atomics.load(abortFlag, 0) === req.id;
    let reply: WorkerReply;
    try {
      if (cancelled()) throw new Error('aborted');
      const { samples, events } = (await engine).synthesize(req, cancelled);
      reply = cancelled()
        ? { id: req.id, ok: false, aborted: true, message: 'aborted' }
        : { id: req.id, ok: true, samples, events };
    } catch (err) {
      reply = {
        id: req.id,
        ok: false,
        aborted: cancelled(),
        unknownVoice: err instanceof UnknownVoiceError ? err.voice : undefined,
        message: err instanceof Error ? err.message : String(err),
      };
    }
    port.postMessage(reply, reply.ok ? [reply.samples.buffer as ArrayBuffer] : []);
  };

  port.on('message', (req: WorkerRequest) => {
    queue = queue.then(() => handle(req));
  });
}
