// Usage arithmetic: every provider result carries a Usage; callers sum them per task.
import type { Usage } from '../types.js';

const KEYS = ['inputTokens', 'outputTokens', 'images', 'audioSeconds'] as const;

/** Field-wise sum; a field stays undefined when neither side has it. */
export function addUsage(a: Usage | undefined, b: Usage | undefined): Usage {
  const out: Usage = {};
  for (const key of KEYS) {
    const x = a?.[key];
    const y = b?.[key];
    if (x === undefined && y === undefined) continue;
    const sum = (x ?? 0) + (y ?? 0);
    out[key] = key === 'audioSeconds' ? Math.round(sum * 1000) / 1000 : sum;
  }
  return out;
}

/** A running total, for code that makes many calls (the multi-agent writer, the dubbing cloud). */
export class UsageMeter {
  private total: Usage = {};

  add(usage: Usage | undefined): void {
    this.total = addUsage(this.total, usage);
  }

  get value(): Usage {
    return { ...this.total };
  }
}
