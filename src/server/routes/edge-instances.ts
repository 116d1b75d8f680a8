// Seed 002's edge instances under /api/v1: a user registers their editing machines, each gets an
// API key (shown once) for X-Instance-ID + X-Api-Key calls; list, disable and rotate the key.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AuthService, type EdgeInstance, InstanceNameSchema } from '../../auth/service.js';
import { errorResponses, unknownFields } from './schemas.js';

export interface EdgeInstanceRoutesOptions {
  auth: AuthService;
}

const InstanceParams = z.object({ instance_id: z.string().max(100) });
/** An edge instance as its owner and the admin API show it (never its key). */
export const InstanceView = z.object({
  instance_id: z.string(),
  name: z.string(),
  is_active: z.boolean(),
  created_at: z.string(),
  key_rotated_at: z.string().nullable(),
  disabled_at: z.string().nullable(),
});
const NewKey = z.object({
  instance_id: z.string(),
  api_key: z.string().describe('Shown only in this answer; store it on the edge machine'),
});

const view = (i: EdgeInstance): z.infer<typeof InstanceView> => ({
  instance_id: i.instanceId,
  name: i.name,
  is_active: i.disabledAt === null,
  created_at: i.createdAt.toISOString(),
  key_rotated_at: i.keyRotatedAt?.toISOString() ?? null,
  disabled_at: i.disabledAt?.toISOString() ?? null,
});

const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { instanceId: [], apiKey: [] }];

/** Register with `{ prefix: '/api/v1' }`; the app's `ignoreTrailingSlash` makes the trailing slash optional. */
export const edgeInstanceRoutes: FastifyPluginAsyncZod<EdgeInstanceRoutesOptions> = async (app, opts) => {
  const { auth } = opts;

  app.post(
    '/edge-instances',
    {
      preHandler: app.authenticateUser,
      schema: {
        summary: 'Register an edge machine; its API key is shown only here',
        tags: ['edge instances'],
        security: [{ bearerAuth: [] }],
        body: z.strictObject(
          { name: InstanceNameSchema.describe('A name for the machine, e.g. "studio-pc"') },
          unknownFields,
        ),
        response: {
          201: NewKey.extend({ name: z.string() }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const created = await auth.createInstance(request.user!.id, request.body.name);
      reply.header('Cache-Control', 'no-store');
      return reply
        .status(201)
        .send({ instance_id: created.instanceId, api_key: created.apiKey, name: created.name });
    },
  );

  app.get(
    '/edge-instances',
    {
      preHandler: app.authenticate,
      schema: {
        summary: "The caller's edge instances, newest first (never their keys)",
        tags: ['edge instances'],
        security,
        response: { 200: z.array(InstanceView), ...errorResponses(401) },
      },
    },
    async (request) => (await auth.listInstances(request.user!.id)).map(view),
  );

  app.delete(
    '/edge-instances/:instance_id',
    {
      preHandler: app.authenticate,
      schema: {
        summary: 'Disable an edge instance: its key stops working at once',
        tags: ['edge instances'],
        security,
        params: InstanceParams,
        response: { 200: InstanceView, ...errorResponses(401, 404) },
      },
    },
    async (request) => view(await auth.disableInstance(request.user!.id, request.params.instance_id)),
  );

  app.post(
    '/edge-instances/:instance_id/rotate-key',
    {
      preHandler: app.authenticate,
      schema: {
        summary: 'Issue a new API key; the old one stops working at once',
        tags: ['edge instances'],
        security,
        params: InstanceParams,
        response: { 200: NewKey, ...errorResponses(401, 404, 409) },
      },
    },
    async (request, reply) => {
      const rotated = await auth.rotateInstanceKey(request.user!.id, request.params.instance_id);
      reply.header('Cache-Control', 'no-store');
      return { instance_id: rotated.instanceId, api_key: rotated.apiKey };
    },
  );
};
