// The admin API under /api/admin (admins' own Bearer token only; 403 for anyone else): users with
// their task counts and last login, disable / enable / delete, every user's tasks, and any user's
// edge instances. No logic here: AdminService decides.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ADMIN_PAGE_MAX, type AdminService, type AdminUser } from '../../admin/service.js';
import type { EdgeInstance, UserRecord } from '../../auth/service.js';
import { AppError } from '../../errors.js';
import { TASK_STATUSES, TaskViewSchema } from '../../tasks/views.js';
import { InstanceView } from './edge-instances.js';
import { errorResponses, IdSchema } from './schemas.js';

export interface AdminRoutesOptions {
  admin: AdminService;
}

const UserView = z.object({
  id: z.number().int(),
  username: z.string(),
  is_admin: z.boolean(),
  is_active: z.boolean().describe('False once disabled: every token, refresh token and edge key is refused'),
  created_at: z.string(),
  disabled_at: z.string().nullable(),
  last_login_at: z.string().nullable(),
});
const UserListView = UserView.extend({
  task_count: z.number().int().describe('Storybook tasks'),
  v1_task_count: z.number().int().describe('Dubbing-cloud (v1) tasks'),
  edge_instance_count: z.number().int().describe('Edge instances not disabled'),
});
const Paging = {
  limit: z.coerce.number().int().min(1).max(ADMIN_PAGE_MAX).default(50),
  cursor: z.string().max(200).optional().describe('next_cursor of the previous page'),
};
const UserParams = z.object({ id: IdSchema });

const iso = (d: Date | null) => d?.toISOString() ?? null;
const userView = (u: UserRecord): z.infer<typeof UserView> => ({
  id: u.id,
  username: u.username,
  is_admin: u.isAdmin,
  is_active: u.disabledAt === null,
  created_at: u.createdAt.toISOString(),
  disabled_at: iso(u.disabledAt),
  last_login_at: iso(u.lastLoginAt),
});
const userListView = (u: AdminUser): z.infer<typeof UserListView> => ({
  ...userView(u),
  task_count: u.taskCount,
  v1_task_count: u.v1TaskCount,
  edge_instance_count: u.edgeInstanceCount,
});
const instanceView = (i: EdgeInstance): z.infer<typeof InstanceView> => ({
  instance_id: i.instanceId,
  name: i.name,
  is_active: i.disabledAt === null,
  created_at: i.createdAt.toISOString(),
  key_rotated_at: iso(i.keyRotatedAt),
  disabled_at: iso(i.disabledAt),
});

export const adminRoutes: FastifyPluginAsyncZod<AdminRoutesOptions> = async (app, { admin }) => {
  app.addHook('preHandler', app.authenticateUser);
  app.addHook('preHandler', async (request) => {
    if (!request.user?.isAdmin) throw new AppError('forbidden', 403, 'Only an administrator may do this');
  });
  const tags = ['admin'];
  const security = [{ bearerAuth: [] }];
  const actor = (request: { user?: { id: number } }) => request.user!.id;

  app.get(
    '/users',
    {
      schema: {
        tags,
        security,
        summary: 'Every account (oldest first) with its task counts and last login',
        querystring: z.object(Paging),
        response: {
          200: z.object({ users: z.array(UserListView), next_cursor: z.string().nullable() }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const page = await admin.listUsers(request.query.limit, request.query.cursor);
      return { users: page.items.map(userListView), next_cursor: page.nextCursor };
    },
  );

  app.get(
    '/users/:id',
    {
      schema: {
        tags,
        security,
        summary: 'One account',
        params: UserParams,
        response: { 200: UserView, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => userView(await admin.getUser(request.params.id)),
  );

  app.post(
    '/users/:id/disable',
    {
      schema: {
        tags,
        security,
        summary: 'Disable an account: its tokens, refresh tokens, edge keys and WebSockets stop at once',
        description: 'Its data stays; enable it again with /enable. 409 for your own account.',
        params: UserParams,
        response: { 200: UserView, ...errorResponses(401, 403, 404, 409, 503) },
      },
    },
    async (request) => userView(await admin.disable(request.params.id, actor(request))),
  );

  app.post(
    '/users/:id/enable',
    {
      schema: {
        tags,
        security,
        summary: 'Enable a disabled account (its user logs in again)',
        params: UserParams,
        response: { 200: UserView, ...errorResponses(401, 403, 404, 503) },
      },
    },
    async (request) => userView(await admin.enable(request.params.id)),
  );

  app.delete(
    '/users/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete an account and everything it owns',
        description:
          'Storybook tasks (rows, running jobs, folders), v1 tasks and files, notifications, edge instances ' +
          'and refresh tokens. Its tokens stop working at once. 409 for your own account.',
        params: UserParams,
        response: {
          200: z.object({ deleted: z.literal(true), user_id: z.number().int(), tasks: z.number().int() }),
          ...errorResponses(401, 403, 404, 409, 503),
        },
      },
    },
    async (request) => {
      const out = await admin.deleteUser(request.params.id, actor(request));
      return { deleted: true as const, user_id: request.params.id, tasks: out.tasks };
    },
  );

  app.get(
    '/users/:id/edge-instances',
    {
      schema: {
        tags,
        security,
        summary: "An account's edge instances (never their keys)",
        params: UserParams,
        response: { 200: z.array(InstanceView), ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => (await admin.listInstances(request.params.id)).map(instanceView),
  );

  app.post(
    '/edge-instances/:instance_id/disable',
    {
      schema: {
        tags,
        security,
        summary: "Disable any user's edge instance: its key stops working at once",
        params: z.object({ instance_id: z.string().max(100) }),
        response: { 200: InstanceView, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => instanceView(await admin.disableInstance(request.params.instance_id)),
  );

  app.get(
    '/tasks',
    {
      schema: {
        tags,
        security,
        summary: "Every user's storybook tasks, newest first, with status; filter by status or user",
        querystring: z.object({
          ...Paging,
          status: z.enum(TASK_STATUSES).optional(),
          user_id: IdSchema.optional(),
        }),
        response: {
          200: z.object({
            tasks: z.array(TaskViewSchema.extend({ user_id: z.number().int(), username: z.string() })),
            next_cursor: z.string().nullable(),
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { status, user_id: userId, limit, cursor } = request.query;
      const page = await admin.listTasks({ status, userId }, limit, cursor);
      return { tasks: page.items, next_cursor: page.nextCursor };
    },
  );
};
