// PLACEHOLDER: the Video segment is being written; this file is replaced by the real one.
import type { SegmentRunner } from './segment.js';

export const runVideo: SegmentRunner = async () => {
  throw new Error('Video segment is not implemented yet');
};
