// The WebSocket gateway at /ws/notifications: authenticates with `?token=` or the Authorization
// header, keeps each user's open sockets, relays that user's bus messages to them unchanged, and
// closes them (4401) when the account is disabled or deleted anywhere.
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { decodeJwt } from 'jose';
import type { WebSocket } from 'ws';
import type { AuthService } from '../auth/service.js';
import { AppError } from '../errors.js';
import type { EventBus } from '../events/types.js';
import { authenticateToken, bearerToken } from './plugins/auth.js';

export interface GatewayOptions {
  auth: AuthService;
  bus: EventBus;
  /** Ping every open socket this often; one that missed the last pong is dropped (default 30 s). */
  pingIntervalMs?: number;
}

/** Close code for a bad, missing or expired token (like HTTP 401). */
export const WS_UNAUTHORIZED = 4401;
/** A socket that cannot keep up (this much unsent data) is closed rather than buffered without end. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface GatewayStats {
  users: number;
  sockets: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    notificationGateway: { stats(): GatewayStats };
  }
}

interface Client {
  socket: WebSocket;
  alive: boolean;
  expiry?: NodeJS.Timeout;
}

const gateway: FastifyPluginAsync<GatewayOptions> = async (app: FastifyInstance, opts) => {
  const byUser = new Map<number, Set<Client>>();

  // One bus listener per process: the bus delivers every user's messages; we pick the sockets.
  const unsubscribe = opts.bus.onMessage((userId, json) => {
    const clients = byUser.get(userId);
    if (!clients) return;
    // Encoded once for all of the user's sockets (sent as text frames).
    const data = Buffer.from(json);
    for (const c of clients) {
      if (c.socket.readyState !== c.socket.OPEN) continue;
      if (c.socket.bufferedAmount > MAX_BUFFERED_BYTES) {
        c.socket.close(1013, 'too slow; reconnect and catch up with /api/notifications?after=ID');
        continue;
      }
      c.socket.send(data, { binary: false });
    }
  });

  // An account disabled or deleted on any server: its sockets here close at once, as a bad token would.
  const unsubscribeAccounts = opts.bus.onAccountChanged((change) => {
    if (change.change !== 'disabled' && change.change !== 'deleted') return;
    for (const c of byUser.get(change.userId) ?? []) {
      c.socket.close(WS_UNAUTHORIZED, change.change === 'deleted' ? 'account deleted' : 'account disabled');
    }
  });

  const ping = setInterval(() => {
    // A backstop for an announcement this process missed (Redis away, a change made without a bus):
    // the standing is re-read once its cache entry expires, and a refused account's sockets close.
    for (const [userId, clients] of byUser) {
      opts.auth.isActive(userId).then(
        (active) => {
          if (!active) for (const c of clients) c.socket.close(WS_UNAUTHORIZED, 'account disabled');
        },
        (err: unknown) => app.log.warn({ err, userId }, 'could not check an account for its sockets'),
      );
    }
    for (const clients of byUser.values()) {
      for (const c of clients) {
        if (!c.alive) {
          c.socket.terminate();
          continue;
        }
        c.alive = false;
        c.socket.ping();
      }
    }
  }, opts.pingIntervalMs ?? 30_000);
  ping.unref();

  app.addHook('onClose', async () => {
    clearInterval(ping);
    unsubscribe();
    unsubscribeAccounts();
    for (const clients of byUser.values()) {
      for (const c of clients) {
        clearTimeout(c.expiry);
        c.socket.close(1001, 'server shutting down');
      }
    }
    byUser.clear();
  });

  app.decorate('notificationGateway', {
    stats: () => ({
      users: byUser.size,
      sockets: [...byUser.values()].reduce((n, s) => n + s.size, 0),
    }),
  });

  app.get(
    '/ws/notifications',
    { websocket: true, schema: { hide: true } },
    async (socket: WebSocket, request) => {
      const query = request.query as { token?: unknown };
      let token: string | undefined;
      let userId: number;
      try {
        token =
          typeof query.token === 'string' && query.token !== ''
            ? query.token
            : bearerToken(request.headers.authorization);
        userId = (await authenticateToken(opts.auth, token)).id;
      } catch (err) {
        if (!(err instanceof AppError)) {
          // Not a bad token but our failure: say so (1011), and keep the cause in the log.
          request.log.error({ err }, 'WebSocket authentication failed');
          socket.close(1011, 'internal error');
          return;
        }
        socket.close(WS_UNAUTHORIZED, err.code === 'token_expired' ? 'token expired' : 'unauthorized');
        return;
      }
      if (socket.readyState !== socket.OPEN) return;
      const client: Client = { socket, alive: true };
      const exp = decodeJwt(token!).exp;
      if (typeof exp === 'number') {
        client.expiry = setTimeout(
          () => socket.close(WS_UNAUTHORIZED, 'token expired'),
          Math.min(Math.max(0, exp * 1000 - Date.now()), MAX_TIMER_MS),
        );
      }
      let clients = byUser.get(userId);
      if (!clients) {
        clients = new Set();
        byUser.set(userId, clients);
      }
      clients.add(client);
      socket.on('pong', () => {
        client.alive = true;
      });
      // Clients have nothing to say; a message is an application-level ping.
      socket.on('message', () => {
        client.alive = true;
      });
      socket.on('close', () => {
        clearTimeout(client.expiry);
        const set = byUser.get(userId);
        set?.delete(client);
        if (set?.size === 0) byUser.delete(userId);
      });
    },
  );
};

/** Registers @fastify/websocket first (see buildApp), then this. */
export const notificationGateway = fp(gateway, { name: 'storyagent-ws-gateway', fastify: '5.x' });
