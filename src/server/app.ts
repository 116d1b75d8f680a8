// buildApp(deps): the Fastify application — schemas, error shape, OpenAPI at /docs, auth, the task,
// file, notification and health routes, the WebSocket gateway and the example page at /. No listening here.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  LogController,
} from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { AdminService } from '../admin/service.js';
import type { AuthService } from '../auth/service.js';
import type { Config } from '../config.js';
import type { EventBus } from '../events/types.js';
import type { Metrics } from '../metrics.js';
import type { NotificationService } from '../tasks/notifications.js';
import type { TaskService } from '../tasks/service.js';
import { clientError, frameworkError, registerErrorHandling } from './errors.js';
import { metricsRoute, requestTiming } from './metrics.js';
import { authPlugin } from './plugins/auth.js';
import { acceptEmptyJsonBody } from './plugins/json-body.js';
import type { RateLimits } from './rate-limits.js';
import { adminRoutes } from './routes/admin.js';
import { authRoutes } from './routes/auth.js';
import { edgeInstanceRoutes } from './routes/edge-instances.js';
import { fileRoutes } from './routes/files.js';
import { type HealthChecks, healthRoutes } from './routes/health.js';
import { notificationRoutes } from './routes/notifications.js';
import { taskRoutes } from './routes/tasks.js';
import { withVerifiedTokenCache } from './token-cache.js';
import { notificationGateway } from './ws.js';

export interface AppDeps {
  config: Pick<
    Config,
    'LOG_LEVEL' | 'COOKIE_SECURE' | 'TRUST_PROXY' | 'REFRESH_TOKEN_TTL_SECONDS' | 'storageRoot'
  >;
  /** The process's logger; requests log through a child that never records query strings. */
  log: Logger;
  auth: AuthService;
  admin: AdminService;
  /** Login, registration and upload limits (Redis in the scaled mode, memory when embedded). */
  limits: RateLimits;
  tasks: TaskService;
  notifications: NotificationService;
  bus: EventBus;
  health: HealthChecks;
  /** Largest JSON body accepted (default 1 MiB); uploads set their own limit. */
  bodyLimit?: number;
  /** WebSocket keepalive ping interval (default 30 s). */
  wsPingIntervalMs?: number;
  /** Request timing, and GET /metrics on this port when a token is set. */
  metrics?: { metrics: Metrics; token?: string };
  /** More route plugins (the seed 002 `/api/v1` routes), registered after the built-in ones. */
  extend?: (app: FastifyInstance) => Promise<void>;
}

/**
 * Fastify's trustProxy for TRUST_PROXY. A hop count N believes the last N X-Forwarded-For entries
 * whoever sent them (Fastify itself refuses plain numbers for that reason): right only when clients
 * can reach the server through the proxy alone; a list of the proxies' addresses is the safer form.
 */
function trustProxyOption(value: AppDeps['config']['TRUST_PROXY']) {
  if (typeof value !== 'number') return value;
  const hops = value;
  return (_address: string, hop: number) => hop < hops;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
const EXAMPLE_PAGE = fileURLToPath(new URL('../../web/index.html', import.meta.url));
/** The studio as `npm run build` leaves it (Vite's output: index.html and hashed assets/). */
const STUDIO_DIR = fileURLToPath(new URL('../../dist/studio/', import.meta.url));

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // request.ip (the key of every limit) from X-Forwarded-For only for the proxies TRUST_PROXY names.
    trustProxy: trustProxyOption(deps.config.TRUST_PROXY),
    // One line per request instead of Fastify's two, written when the answer is known (see below).
    logController: new LogController({ disableRequestLogging: true }),
    frameworkErrors: frameworkError,
    clientErrorHandler: clientError,
    loggerInstance: deps.log.child(
      {},
      {
        // Query strings may carry access tokens (`?token=` for WebSocket and <video>): never log them.
        serializers: {
          req: (req: { method: string; url: string; id: string }) => ({
            id: req.id,
            method: req.method,
            url: req.url.split('?')[0],
          }),
        },
      },
      // Fastify's logger type is its bundled pino's; ours is the same API, one major newer.
    ) as FastifyBaseLogger,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  // One JSON line per request with its id (reqId), who asked (user_id) and which task (task_id):
  // the worker logs the same task_id, and the jobs a request queues carry its id (request_id), so a
  // task can be followed from the request to its segments. Not even hooked in below level info.
  if (deps.log.isLevelEnabled('info')) {
    app.addHook('onResponse', (request, reply, done) => {
      const params = (request.params ?? {}) as Record<string, unknown>;
      const taskId = Number(params.task_id);
      request.log.info(
        {
          method: request.method,
          route: request.routeOptions.url ?? 'unmatched',
          status: reply.statusCode,
          response_ms: Math.round(reply.elapsedTime),
          ...(request.user ? { user_id: request.user.id } : {}),
          ...(Number.isInteger(taskId) && taskId > 0 ? { task_id: taskId } : {}),
        },
        'request',
      );
      done();
    });
  }

  // The original shell client posts `execute` with no body; others send Content-Type: application/json
  // with an empty one. Both mean "no body"; malformed JSON stays a 400.
  acceptEmptyJsonBody(app);

  if (deps.metrics) await app.register(requestTiming, { metrics: deps.metrics.metrics });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'StoryAgent API',
        description:
          'Storybook tasks (seed 000, /api) and the dubbing cloud for edge editors (seed 002, /api/v1). ' +
          'Errors are {"error": {"code", "message"}}. Notifications: ws://HOST/ws/notifications?token=ACCESS_TOKEN.',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          instanceId: { type: 'apiKey', in: 'header', name: 'X-Instance-ID' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  const verifying = withVerifiedTokenCache(deps.auth);
  await app.register(authPlugin, { auth: verifying });
  await app.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
  await app.register(notificationGateway, {
    auth: verifying,
    bus: deps.bus,
    pingIntervalMs: deps.wsPingIntervalMs,
  });

  await app.register(authRoutes, {
    prefix: '/api',
    auth: deps.auth,
    config: deps.config,
    limits: deps.limits,
  });
  await app.register(edgeInstanceRoutes, { prefix: '/api/v1', auth: deps.auth });
  await app.register(taskRoutes, { tasks: deps.tasks });
  await app.register(fileRoutes, { tasks: deps.tasks });
  await app.register(notificationRoutes, { notifications: deps.notifications });
  await app.register(healthRoutes, { checks: deps.health });
  await app.register(adminRoutes, { prefix: '/api/admin', admin: deps.admin });
  if (deps.extend) await deps.extend(app);
  if (deps.metrics?.token)
    await app.register(metricsRoute, deps.metrics as { metrics: Metrics; token: string });
  if (deps.metrics) {
    const gateway = app.notificationGateway;
    deps.metrics.metrics.observeWebSockets(() => gateway.stats().sockets);
  }

  // The example page is optional (a trimmed install may lack web/); any other read error is real.
  const page = await readFile(EXAMPLE_PAGE, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  const sendPage = async (_request: unknown, reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').send(page);
  // The studio at `/` once built; the plain example page stays at /example (and is `/` without a build).
  const studio = existsSync(join(STUDIO_DIR, 'index.html'));
  if (studio) {
    await app.register(fastifyStatic, {
      root: STUDIO_DIR,
      wildcard: false,
      // Vite names assets by their content: they never change under one name.
      setHeaders: (reply, path) => {
        reply.header(
          'Cache-Control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  if (page) {
    if (!studio) app.get('/', { schema: { hide: true } }, sendPage);
    app.get('/example', { schema: { hide: true } }, sendPage);
  }
  return app;
}
