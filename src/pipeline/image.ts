// PLACEHOLDER: the Image segment is being written; this file is replaced by the real one.
import type { SegmentRunner } from './segment.js';

export const runImage: SegmentRunner = async () => {
  throw new Error('Image segment is not implemented yet');
};
