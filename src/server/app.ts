// buildApp(deps): the Fastify application — schemas, error shape, OpenAPI at /docs, auth, the task,
// file, notification and health routes, the WebSocket gateway and the example page at /. No listening here.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import fastifyWebsocket from '@fastify/websocket';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { AuthService } from '../auth/service.js';
import type { Config } from '../config.js';
import type { EventBus } from '../events/types.js';
import type { NotificationService } from '../tasks/notifications.js';
import type { TaskService } from '../tasks/service.js';
import { clientError, frameworkError, registerErrorHandling } from './errors.js';
import { authPlugin } from './plugins/auth.js';
import { acceptEmptyJsonBody } from './plugins/json-body.js';
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
    | 'LOG_LEVEL'
    | 'COOKIE_SECURE'
    | 'LOGIN_RATE_LIMIT_PER_MINUTE'
    | 'REFRESH_TOKEN_TTL_SECONDS'
    | 'storageRoot'
  >;
  /** The process's logger; requests log through a child that never records query strings. */
  log: Logger;
  auth: AuthService;
  tasks: TaskService;
  notifications: NotificationService;
  bus: EventBus;
  health: HealthChecks;
  /** Largest JSON body accepted (default 1 MiB); uploads set their own limit. */
  bodyLimit?: number;
  /** WebSocket keepalive ping interval (default 30 s). */
  wsPingIntervalMs?: number;
  /** More route plugins (the seed 002 `/api/v1` routes), registered after the built-in ones. */
  extend?: (app: FastifyInstance) => Promise<void>;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
const EXAMPLE_PAGE = fileURLToPath(new URL('../../web/index.html', import.meta.url));

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: deps.bodyLimit ?? DEFAULT_BODY_LIMIT,
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

  // The original shell client posts `execute` with no body; others send Content-Type: application/json
  // with an empty one. Both mean "no body"; malformed JSON stays a 400.
  acceptEmptyJsonBody(app);

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

  await app.register(authRoutes, { prefix: '/api', auth: deps.auth, config: deps.config });
  await app.register(edgeInstanceRoutes, { prefix: '/api/v1', auth: deps.auth });
  await app.register(taskRoutes, { tasks: deps.tasks });
  await app.register(fileRoutes, { tasks: deps.tasks });
  await app.register(notificationRoutes, { notifications: deps.notifications });
  await app.register(healthRoutes, { checks: deps.health });
  if (deps.extend) await deps.extend(app);

  // The example page is optional (a trimmed install may lack web/); any other read error is real.
  const page = await readFile(EXAMPLE_PAGE, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (page) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(page),
    );
  }
  return app;
}
