// PLACEHOLDER: the Story segment is being written; this file is replaced by the real one.
import type { SegmentRunner } from './segment.js';

export const runStory: SegmentRunner = async () => {
  throw new Error('Story segment is not implemented yet');
};
