// Which modes the contract suite runs against: both by default; CONTRACT_MODES=embedded (or scaled)
// narrows it while developing.
import type { ModeName } from './harness.js';

export const MODES: ModeName[] = (process.env.CONTRACT_MODES ?? 'embedded,scaled')
  .split(',')
  .map((m) => m.trim())
  .filter((m): m is ModeName => m === 'embedded' || m === 'scaled');
