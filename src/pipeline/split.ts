// PLACEHOLDER: the Split segment is being written; this file is replaced by the real one.
import type { SegmentRunner } from './segment.js';

export const runSplit: SegmentRunner = async () => {
  throw new Error('Split segment is not implemented yet');
};
