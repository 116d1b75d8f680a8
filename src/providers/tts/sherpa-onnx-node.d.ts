// The part of sherpa-onnx-node (a CommonJS package without type declarations) that local-neural uses.
declare module 'sherpa-onnx-node' {
  export interface OfflineTtsInstance {
    readonly numSpeakers: number;
    readonly sampleRate: number;
    generateAsync(request: {
      text: string;
      sid: number;
      speed: number;
      onProgress?: (info: { progress: number }) => number;
    }): Promise<{ samples: Float32Array; sampleRate: number }>;
  }
  const sherpa: {
    OfflineTts: { createAsync(config: unknown): Promise<OfflineTtsInstance> };
  };
  export default sherpa;
}
