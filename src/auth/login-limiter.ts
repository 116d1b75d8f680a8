// Brute-force brake for logins: at most N attempts per minute per client IP and per username.
// Successful logins give their attempt back, so only failures (and floods) ever reach the limit.

export interface LimitVerdict {
  allowed: boolean;
  /** Whole seconds until the blocking window ends (0 when allowed). */
  retryAfterSeconds: number;
}

interface Window {
  count: number;
  resetAt: number;
}

/**
 * Fixed one-minute windows kept in memory. One API process serves logins in both modes (workers
 * take no HTTP), so an in-process count is the real count.
 */
export class LoginAttemptLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly windowMs = 60_000;

  constructor(
    private readonly limitPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one attempt against every key; refused (and not counted) when any key is at its limit. */
  take(keys: string[]): LimitVerdict {
    const t = this.now();
    this.sweep(t);
    let retryAt = 0;
    for (const key of keys) {
      const w = this.windows.get(key);
      if (w && w.resetAt > t && w.count >= this.limitPerMinute) retryAt = Math.max(retryAt, w.resetAt);
    }
    if (retryAt > 0)
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((retryAt - t) / 1000)) };
    for (const key of keys) {
      const w = this.windows.get(key);
      if (w && w.resetAt > t) w.count += 1;
      else this.windows.set(key, { count: 1, resetAt: t + this.windowMs });
    }
    return { allowed: true, retryAfterSeconds: 0 };
  }

  /** Gives back an attempt taken with `take` (the login succeeded). */
  refund(keys: string[]): void {
    for (const key of keys) {
      const w = this.windows.get(key);
      if (w && w.count > 0) w.count -= 1;
    }
  }

  private sweep(t: number): void {
    // Bounded memory under a flood of distinct usernames: drop finished windows now and then.
    if (this.windows.size < 10_000) return;
    for (const [key, w] of this.windows) if (w.resetAt <= t) this.windows.delete(key);
  }
}
