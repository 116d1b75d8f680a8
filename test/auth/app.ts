// A minimal Fastify app with only the auth plugin and routes, as the real app factory wires them,
// over a real test database (PGlite or PostgreSQL).
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { AuthService } from '../../src/auth/service.js';
import type { Database } from '../../src/db/database.js';
import { registerErrorHandling } from '../../src/server/errors.js';
import { authPlugin } from '../../src/server/plugins/auth.js';
import { acceptEmptyJsonBody } from '../../src/server/plugins/json-body.js';
import { RateLimits } from '../../src/server/rate-limits.js';
import { authRoutes } from '../../src/server/routes/auth.js';
import { edgeInstanceRoutes } from '../../src/server/routes/edge-instances.js';

export const TEST_SECRET = new TextEncoder().encode('test-secret-test-secret-test-secret-0123');

export interface AuthTestSettings {
  ACCESS_TOKEN_TTL_SECONDS: number;
  REFRESH_TOKEN_TTL_SECONDS: number;
  LOGIN_RATE_LIMIT_PER_MINUTE: number;
  LOGIN_ACCOUNT_RATE_LIMIT_PER_MINUTE: number;
  LOGIN_ADDRESS_RATE_LIMIT_PER_MINUTE: number;
  REGISTER_RATE_LIMIT_PER_MINUTE: number;
  UPLOAD_RATE_LIMIT_PER_MINUTE: number;
  COOKIE_SECURE: boolean;
}

export async function buildAuthApp(
  db: Database,
  settings: Partial<AuthTestSettings> = {},
): Promise<{ app: FastifyInstance; auth: AuthService }> {
  const config: AuthTestSettings = {
    ACCESS_TOKEN_TTL_SECONDS: 900,
    REFRESH_TOKEN_TTL_SECONDS: 3600,
    LOGIN_RATE_LIMIT_PER_MINUTE: 1000,
    LOGIN_ACCOUNT_RATE_LIMIT_PER_MINUTE: 1000,
    LOGIN_ADDRESS_RATE_LIMIT_PER_MINUTE: 1000,
    REGISTER_RATE_LIMIT_PER_MINUTE: 1000,
    UPLOAD_RATE_LIMIT_PER_MINUTE: 1000,
    COOKIE_SECURE: false,
    ...settings,
  };
  const auth = new AuthService({ db, config, secret: TEST_SECRET });
  const app = Fastify({ ignoreTrailingSlash: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  acceptEmptyJsonBody(app);
  await app.register(authPlugin, { auth });
  const limits = await RateLimits.open({ kind: 'memory' }, config);
  await app.register(authRoutes, { prefix: '/api', auth, config, limits });
  await app.register(edgeInstanceRoutes, { prefix: '/api/v1', auth });
  await app.ready();
  return { app, auth };
}
