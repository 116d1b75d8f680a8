// PLACEHOLDER: the Speech segment is being written; this file is replaced by the real one.
import type { SegmentRunner } from './segment.js';

export const runSpeech: SegmentRunner = async () => {
  throw new Error('Speech segment is not implemented yet');
};
