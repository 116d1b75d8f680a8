// Shared authentication for every route: `app.authenticate` accepts a user's Bearer access token
// or an edge instance's X-Instance-ID + X-Api-Key, and sets `request.user`; else 401 JSON.
import type { FastifyPluginAsync, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { AuthService, AuthUser } from '../../auth/service.js';
import { AppError, unauthorized } from '../../errors.js';
import '../types.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: sets `request.user` from a Bearer token or edge-instance headers, else 401. */
    authenticate: preHandlerAsyncHookHandler;
    /** preHandler: like `authenticate`, but only a user's Bearer token (not an edge instance) is accepted. */
    authenticateUser: preHandlerAsyncHookHandler;
  }
}

export interface AuthPluginOptions {
  auth: AuthService;
}

/** For the WebSocket gateway: the user behind an access token, or AppError 401 (`token_expired` / `invalid_token`). */
export function authenticateToken(auth: AuthService, token: string | undefined): Promise<AuthUser> {
  if (!token) return Promise.reject(unauthorized('An access token is required'));
  return auth.verifyAccessToken(token);
}

/** The token of an `Authorization: Bearer …` header; undefined when there is no such header. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match)
    throw new AppError('invalid_token', 401, 'The Authorization header must be "Bearer <access_token>"');
  return match[1];
}

const single = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export async function authenticateRequest(auth: AuthService, request: FastifyRequest): Promise<AuthUser> {
  const token = bearerToken(single(request.headers.authorization));
  if (token) return auth.verifyAccessToken(token);
  const instanceId = single(request.headers['x-instance-id']);
  const apiKey = single(request.headers['x-api-key']);
  if (instanceId || apiKey) {
    if (!instanceId)
      throw new AppError('invalid_api_key', 401, 'X-Instance-ID is missing (it goes with X-Api-Key)');
    if (!apiKey)
      throw new AppError('invalid_api_key', 401, 'X-Api-Key is missing (it goes with X-Instance-ID)');
    return auth.verifyInstance(instanceId.trim(), apiKey.trim());
  }
  throw unauthorized('Authentication required: send "Authorization: Bearer <access_token>"');
}

const plugin: FastifyPluginAsync<AuthPluginOptions> = async (app, opts) => {
  const { auth } = opts;
  if (!app.hasRequestDecorator('user')) app.decorateRequest('user', undefined);
  app.decorate('authenticate', async function authenticate(request, reply) {
    try {
      request.user = await authenticateRequest(auth, request);
    } catch (err) {
      if (err instanceof AppError && err.status === 401) reply.header('WWW-Authenticate', 'Bearer');
      throw err;
    }
  } satisfies preHandlerAsyncHookHandler);
  app.decorate('authenticateUser', async function authenticateUser(request, reply) {
    await app.authenticate.call(this, request, reply);
    if (request.user?.instanceId) {
      throw new AppError(
        'forbidden',
        403,
        "This needs the user's own Bearer token, not an edge instance's key",
      );
    }
  } satisfies preHandlerAsyncHookHandler);
};

/** Register once at the root: `await app.register(authPlugin, { auth })`. */
export const authPlugin = fp(plugin, { name: 'storyagent-auth', fastify: '5.x' });
