// A counting semaphore: caps the calls in flight to one remote provider endpoint. Waiters are
// served first-come-first-served and leave the queue when their task is cancelled.

export class Semaphore {
  private active = 0;
  private readonly waiters: Array<{ resolve: () => void; reject: (err: unknown) => void }> = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new Error('Semaphore max must be a positive integer');
  }

  get inFlight(): number {
    return this.active;
  }

  /** Runs `fn` once a slot is free; the slot is released when `fn` settles. */
  async run<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(signal: AbortSignal | undefined): Promise<void> {
    signal?.throwIfAborted();
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private release(): void {
    const next = this.waiters.shift();
    // The slot passes straight to the next waiter, so `active` stays the same.
    if (next) next.resolve();
    else this.active--;
  }
}
