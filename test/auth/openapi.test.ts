// The auth, edge-instance and admin routes document themselves: their zod schemas become the OpenAPI
// document the app serves at /docs (request bodies and answers, with security requirements).
import fastifySwagger from '@fastify/swagger';
import Fastify from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { AdminService } from '../../src/admin/service.js';
import { AuthService } from '../../src/auth/service.js';
import { registerErrorHandling } from '../../src/server/errors.js';
import { authPlugin } from '../../src/server/plugins/auth.js';
import { RateLimits } from '../../src/server/rate-limits.js';
import { adminRoutes } from '../../src/server/routes/admin.js';
import { authRoutes } from '../../src/server/routes/auth.js';
import { edgeInstanceRoutes } from '../../src/server/routes/edge-instances.js';
import { TaskFolders } from '../../src/storage/task-folder.js';
import { TaskRepository } from '../../src/tasks/repository.js';
import { createPgliteTestDb, type TestDatabase } from '../helpers/db.js';
import { TEST_SECRET } from './app.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createPgliteTestDb();
});
afterAll(async () => {
  await tdb?.drop();
});

test('every auth, edge-instance and admin route is in the OpenAPI 3 document with its body and answers', async () => {
  const config = {
    ACCESS_TOKEN_TTL_SECONDS: 900,
    REFRESH_TOKEN_TTL_SECONDS: 3600,
    LOGIN_RATE_LIMIT_PER_MINUTE: 10,
    LOGIN_ACCOUNT_RATE_LIMIT_PER_MINUTE: 50,
    LOGIN_ADDRESS_RATE_LIMIT_PER_MINUTE: 50,
    REGISTER_RATE_LIMIT_PER_MINUTE: 10,
    UPLOAD_RATE_LIMIT_PER_MINUTE: 60,
    COOKIE_SECURE: false,
  };
  const auth = new AuthService({ db: tdb.db, config, secret: TEST_SECRET });
  const app = Fastify({ ignoreTrailingSlash: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandling(app);
  // The same security schemes as the app factory declares.
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 't', version: '1' },
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
  await app.register(authPlugin, { auth });
  const limits = await RateLimits.open({ kind: 'memory' }, config);
  await app.register(authRoutes, { prefix: '/api', auth, config, limits });
  await app.register(edgeInstanceRoutes, { prefix: '/api/v1', auth });
  const admin = new AdminService({
    db: tdb.db,
    auth,
    tasks: new TaskRepository(tdb.db),
    folders: new TaskFolders('/nonexistent/storage'),
    sharedMediaRoot: '/nonexistent/shared',
  });
  await app.register(adminRoutes, { prefix: '/api/admin', admin });
  await app.ready();
  try {
    const doc = app.swagger() as unknown as {
      openapi: string;
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    const register = doc.paths['/api/register']!.post!;
    expect(JSON.stringify(register.requestBody)).toContain('username');
    expect(Object.keys(register.responses)).toEqual(expect.arrayContaining(['201', '400', '409']));
    expect(JSON.stringify(doc.paths['/api/login']!.post!.responses['200'])).toContain('access_token');
    expect(doc.paths['/api/refresh']!.post).toBeDefined();
    expect(doc.paths['/api/logout']!.post!.responses['204']).toBeDefined();
    expect(doc.paths['/api/me']!.get).toBeDefined();
    expect(JSON.stringify(doc.paths['/api/v1/edge-instances']!.post!.responses['201'])).toContain('api_key');
    expect(JSON.stringify(doc.paths['/api/v1/edge-instances']!.get!.responses['200'])).not.toContain(
      'api_key"',
    );
    expect(doc.paths['/api/v1/edge-instances/{instance_id}']!.delete).toBeDefined();
    expect(doc.paths['/api/v1/edge-instances/{instance_id}/rotate-key']!.post).toBeDefined();
    expect(Object.keys(doc.paths['/api/login']!.post!.responses)).toEqual(
      expect.arrayContaining(['200', '401', '403', '429']),
    );
    expect(Object.keys(doc.paths['/api/register']!.post!.responses)).toContain('429');
    // The admin API, each route answering 403 to non-admins.
    for (const [path, method] of [
      ['/api/admin/users', 'get'],
      ['/api/admin/users/{id}', 'get'],
      ['/api/admin/users/{id}', 'delete'],
      ['/api/admin/users/{id}/disable', 'post'],
      ['/api/admin/users/{id}/enable', 'post'],
      ['/api/admin/users/{id}/edge-instances', 'get'],
      ['/api/admin/edge-instances/{instance_id}/disable', 'post'],
      ['/api/admin/tasks', 'get'],
    ] as const) {
      expect(Object.keys(doc.paths[path]![method]!.responses), `${method} ${path}`).toContain('403');
    }
    expect(JSON.stringify(doc.paths['/api/admin/users']!.get!.responses['200'])).toContain('last_login_at');
  } finally {
    await app.close();
  }
});
