// A TCP port on 127.0.0.1 that nothing listens on right now (the OS picks it), for a server a
// test starts itself: a private redis-server, `storyagent serve`, nginx.
import { createServer } from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
