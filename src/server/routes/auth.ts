// Seed 000's account routes under /api: register, login (access token + HttpOnly refresh cookie),
// refresh with rotation, logout, and `me`. No logic here: AuthService decides, this speaks HTTP.
import fastifyCookie from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AuthService, PasswordSchema, type Session, UsernameSchema } from '../../auth/service.js';
import type { Config } from '../../config.js';
import { unauthorized } from '../../errors.js';
import { type RateLimits, tooManyRequests } from '../rate-limits.js';
import { errorResponses, unknownFields } from './schemas.js';

export type AuthRoutesConfig = Pick<Config, 'COOKIE_SECURE' | 'REFRESH_TOKEN_TTL_SECONDS'>;

export interface AuthRoutesOptions {
  auth: AuthService;
  config: AuthRoutesConfig;
  limits: RateLimits;
}

export const REFRESH_COOKIE = 'refresh_token';
/** The cookie goes only to /api (refresh and logout live there), never to static pages. */
const COOKIE_PATH = '/api';

const Credentials = z.strictObject(
  {
    username: UsernameSchema.describe('3–32 letters, digits, "_", "." or "-"; unique regardless of case'),
    password: PasswordSchema.describe('8–128 characters'),
  },
  unknownFields,
);
// Login checks nothing but sizes: a wrong shape of name is just a wrong name (401, same message).
const LoginBody = z.strictObject(
  {
    username: z.string().min(1).max(256),
    password: z.string().min(1).max(1024),
  },
  unknownFields,
);
const TokenResponse = z.object({
  access_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int().describe('Seconds until the access token expires'),
});
const RefreshBody = z
  .strictObject(
    {
      refresh_token: z.string().min(1).max(512).optional().describe('For clients without cookies'),
    },
    unknownFields,
  )
  .nullish();
const Me = z.object({
  id: z.number().int(),
  username: z.string(),
  is_admin: z.boolean(),
  created_at: z.string().optional(),
  instance_id: z.string().optional().describe('Set when the caller is an edge instance acting for its owner'),
});

export const authRoutes: FastifyPluginAsyncZod<AuthRoutesOptions> = async (app, opts) => {
  const { auth, config, limits } = opts;
  if (!app.hasRequestDecorator('cookies')) await app.register(fastifyCookie);

  function clearRefreshCookie(reply: FastifyReply): void {
    reply.clearCookie(REFRESH_COOKIE, {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.COOKIE_SECURE,
      path: COOKIE_PATH,
    });
  }

  function sendSession(reply: FastifyReply, session: Session) {
    reply.setCookie(REFRESH_COOKIE, session.refresh.token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.COOKIE_SECURE,
      path: COOKIE_PATH,
      maxAge: config.REFRESH_TOKEN_TTL_SECONDS,
    });
    reply.header('Cache-Control', 'no-store');
    return {
      access_token: session.accessToken,
      token_type: 'Bearer' as const,
      expires_in: session.expiresIn,
    };
  }

  app.post(
    '/register',
    {
      schema: {
        summary: 'Create an account',
        tags: ['auth'],
        body: Credentials,
        response: {
          201: z.object({ id: z.number().int(), username: z.string() }),
          ...errorResponses(400, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const verdict = await limits.registration(request.ip);
      if (!verdict.allowed) return tooManyRequests(reply, verdict, 'registrations from this address');
      const user = await auth.register(request.body.username, request.body.password);
      return reply.status(201).send({ id: user.id, username: user.username });
    },
  );

  app.post(
    '/login',
    {
      schema: {
        summary: 'Log in: access token in the body, refresh token in an HttpOnly cookie',
        tags: ['auth'],
        body: LoginBody,
        description:
          'Failed attempts are limited per account from one address, per account and per address ' +
          '(LOGIN_*_RATE_LIMIT_PER_MINUTE); 429 with Retry-After past a limit. 403 for a disabled account.',
        response: { 200: TokenResponse, ...errorResponses(400, 401, 403, 429) },
      },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      const verdict = await limits.loginAttempt(username, request.ip);
      if (!verdict.allowed) return tooManyRequests(reply, verdict, 'login attempts');
      const session = await auth.login(username, password);
      await limits.loginSucceeded(username, request.ip);
      return reply.status(200).send(sendSession(reply, session));
    },
  );

  app.post(
    '/refresh',
    {
      schema: {
        summary: 'New access token from the refresh_token cookie (or body); the refresh token rotates',
        description:
          'Presenting a refresh token that was already used revokes its whole family (every token of that login).',
        tags: ['auth'],
        body: RefreshBody,
        response: { 200: TokenResponse, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => {
      const token = request.body?.refresh_token ?? request.cookies[REFRESH_COOKIE];
      if (!token) throw unauthorized('No refresh token: send the refresh_token cookie, or log in');
      try {
        const session = await auth.refresh(token);
        return reply.status(200).send(sendSession(reply, session));
      } catch (err) {
        // A dead refresh token in the browser is useless: drop it so the client stops sending it.
        clearRefreshCookie(reply);
        throw err;
      }
    },
  );

  app.post(
    '/logout',
    {
      schema: {
        summary: 'End the session: the refresh token (and its family) is revoked, the cookie cleared',
        tags: ['auth'],
        body: RefreshBody,
        response: { 204: z.null().describe('Logged out'), ...errorResponses(400) },
      },
    },
    async (request, reply) => {
      await auth.logout(request.body?.refresh_token ?? request.cookies[REFRESH_COOKIE]);
      clearRefreshCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      preHandler: app.authenticate,
      schema: {
        summary: 'The caller',
        tags: ['auth'],
        security: [{ bearerAuth: [] }],
        response: { 200: Me, ...errorResponses(401) },
      },
    },
    async (request) => {
      const caller = request.user!;
      const user = await auth.getUser(caller.id);
      if (!user) throw unauthorized('The account no longer exists');
      return {
        id: user.id,
        username: user.username,
        is_admin: user.isAdmin,
        created_at: user.createdAt.toISOString(),
        instance_id: caller.instanceId,
      };
    },
  );
};
