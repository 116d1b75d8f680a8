// Closing an ioredis connection whatever state it is in: QUIT when connected, otherwise stop its
// reconnect loop, so close() never hangs on a Redis that is away.
import type { Redis } from 'ioredis';

export async function quitRedis(conn: Redis): Promise<void> {
  if (conn.status === 'end') return;
  if (conn.status === 'ready') {
    try {
      await conn.quit();
      return;
    } catch {
      // Dropped while quitting; disconnect below stops the reconnect loop.
    }
  }
  conn.disconnect();
}

/** Resolves true when `p` settles (either way) within `ms`, false otherwise; leaves no timer behind. */
export async function settlesWithin(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = p.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
