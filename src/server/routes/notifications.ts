// GET /api/notifications?after=ID: the caller's stored notifications after ID, oldest first, so a
// client that was away (or lost its WebSocket) catches up.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { NOTIFICATION_PAGE_MAX, type NotificationService } from '../../tasks/notifications.js';
import { errorResponses } from './schemas.js';

export interface NotificationRoutesOptions {
  notifications: NotificationService;
}

const StoredNotificationSchema = z.looseObject({
  id: z.number().int(),
  at: z.string(),
  type: z.string(),
});

export const notificationRoutes: FastifyPluginAsyncZod<NotificationRoutesOptions> = async (
  app,
  { notifications },
) => {
  app.addHook('preHandler', app.authenticate);
  app.get(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        security: [{ bearerAuth: [] }],
        summary: 'Stored notifications after an id, oldest first',
        querystring: z.object({
          after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
          limit: z.coerce.number().int().min(1).max(NOTIFICATION_PAGE_MAX).default(100),
        }),
        response: { 200: z.array(StoredNotificationSchema), ...errorResponses(400, 401) },
      },
    },
    async (request) => notifications.listAfter(request.user!.id, request.query.after, request.query.limit),
  );
};
