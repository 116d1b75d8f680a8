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
