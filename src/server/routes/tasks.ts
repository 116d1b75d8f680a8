// Storybook task routes of SPEC §4 (`/api/task/…`): schemas in, TaskService call, schemas out.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { StoryScriptSchema } from '../../pipeline/script.js';
import { SEGMENT_STATUSES } from '../../tasks/repository.js';
import type { TaskService } from '../../tasks/service.js';
import { TASKS_PAGE_MAX } from '../../tasks/service.js';
import {
  ExecuteAllViewSchema,
  ExecuteViewSchema,
  NewTaskBodySchema,
  ProgressViewSchema,
  RegeneratePageBodySchema,
  RegenerateViewSchema,
  TaskViewSchema,
} from '../../tasks/views.js';
import { errorResponses, SegmentIdSchema, TaskParamsSchema } from './schemas.js';

export interface TaskRoutesOptions {
  tasks: TaskService;
}

const WorkflowSchema = z.array(
  z.object({
    id: z.number().int(),
    segment_id: z.number().int(),
    name: z.string(),
    description: z.string(),
    depends_on: z.array(z.number().int()),
  }),
);

/** The body is the script itself; `{"script_data": {…}}` is accepted too. */
const ScriptBodySchema = z.preprocess(
  (v) =>
    v && typeof v === 'object' && !Array.isArray(v) && 'script_data' in v && !('title' in v)
      ? (v as { script_data: unknown }).script_data
      : v,
  StoryScriptSchema,
);

export const taskRoutes: FastifyPluginAsyncZod<TaskRoutesOptions> = async (app, { tasks }) => {
  app.addHook('preHandler', app.authenticate);
  const userId = (request: { user?: { id: number } }) => request.user!.id;
  const tags = ['tasks'];
  const security = [{ bearerAuth: [] }];

  app.get(
    '/api/task/workflow',
    {
      schema: {
        tags,
        security,
        summary: 'The five segments',
        response: { 200: WorkflowSchema, ...errorResponses(401) },
      },
    },
    async () => tasks.workflow(),
  );

  app.post(
    '/api/task/new',
    {
      schema: {
        tags,
        security,
        summary: 'Create a storybook task',
        body: NewTaskBodySchema,
        response: { 201: TaskViewSchema, ...errorResponses(400, 401) },
      },
    },
    async (request, reply) => reply.status(201).send(await tasks.create(userId(request), request.body)),
  );

  app.get(
    '/api/task/mytasks',
    {
      schema: {
        tags,
        security,
        summary: "The caller's tasks, newest first",
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(TASKS_PAGE_MAX).default(20),
          cursor: z.string().max(100).optional(),
        }),
        response: {
          200: z.object({
            task_ids: z.array(z.number().int()),
            tasks: z.array(TaskViewSchema),
            next_cursor: z.string().nullable(),
          }),
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) => tasks.list(userId(request), request.query.limit, request.query.cursor),
  );

  app.get(
    '/api/task/:task_id',
    {
      schema: {
        tags,
        security,
        summary: 'One task with its segments',
        params: TaskParamsSchema,
        response: { 200: TaskViewSchema, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => tasks.get(userId(request), request.params.task_id),
  );

  app.get(
    '/api/task/:task_id/progress',
    {
      schema: {
        tags,
        security,
        summary: 'Status and progress of every segment',
        params: TaskParamsSchema,
        response: { 200: ProgressViewSchema, ...errorResponses(400, 401, 404) },
      },
      // The hot polling route: progressView builds exactly the documented shape (typed against
      // the schema), so plain JSON skips a second check of what the type system already proved.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request) => tasks.progress(userId(request), request.params.task_id),
  );

  app.get(
    '/api/task/:task_id/resource',
    {
      schema: {
        tags,
        security,
        summary: 'Files a completed segment wrote',
        params: TaskParamsSchema,
        querystring: z.object({ segmentId: SegmentIdSchema }),
        response: {
          200: z.object({
            task_id: z.number().int(),
            segment_id: z.number().int(),
            status: z.enum(SEGMENT_STATUSES),
            resources: z.array(z.string()),
          }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => tasks.resources(userId(request), request.params.task_id, request.query.segmentId),
  );

  app.post(
    '/api/task/:task_id/execute/:segmentId',
    {
      schema: {
        tags,
        security,
        summary: 'Queue one segment (no body needed)',
        params: TaskParamsSchema.extend({ segmentId: SegmentIdSchema }),
        response: { 202: ExecuteViewSchema, ...errorResponses(400, 401, 404, 409, 503) },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await tasks.execute(userId(request), request.params.task_id, request.params.segmentId, request.id),
        ),
  );

  app.post(
    '/api/task/:task_id/execute',
    {
      schema: {
        tags,
        security,
        summary: 'Queue every segment not yet completed, in order',
        params: TaskParamsSchema,
        response: { 202: ExecuteAllViewSchema, ...errorResponses(400, 401, 404, 409, 503) },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await tasks.executeAll(userId(request), request.params.task_id, request.id)),
  );

  app.post(
    '/api/task/:task_id/pages/:n/regenerate',
    {
      schema: {
        tags,
        security,
        summary: "Redo one page's picture, narration or text; what was built on it becomes stale",
        description:
          'image: a new seed (or `seed`) and optionally a new `prompt`; speech: the page is split and ' +
          'narrated again; text: `text` replaces the page text, or without `text` the story writer ' +
          'tells the page again in other words; either way its narration becomes stale. ' +
          'Segments built on the page read `pending` with `stale_pages` until it is redone; the ' +
          'notification carries `page`.',
        params: TaskParamsSchema.extend({ n: z.string() }),
        body: RegeneratePageBodySchema,
        response: { 202: RegenerateViewSchema, ...errorResponses(400, 401, 404, 409, 429, 503) },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await tasks.regeneratePage(
            userId(request),
            request.params.task_id,
            request.params.n,
            request.body,
            request.id,
          ),
        ),
  );

  app.post(
    '/api/task/:task_id/cancel',
    {
      schema: {
        tags,
        security,
        summary: 'Stop queued and running segments',
        params: TaskParamsSchema,
        response: {
          202: z.object({
            accepted: z.literal(true),
            task_id: z.number().int(),
            cancelled: z.array(z.number().int()),
            message: z.string(),
          }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request, reply) =>
      reply.status(202).send(await tasks.cancel(userId(request), request.params.task_id)),
  );

  app.put(
    '/api/task/:task_id/script',
    {
      schema: {
        tags,
        security,
        summary: 'Replace script_data.json; later segments go back to pending',
        params: TaskParamsSchema,
        body: ScriptBodySchema,
        response: { 200: ProgressViewSchema, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => tasks.updateScript(userId(request), request.params.task_id, request.body),
  );

  app.delete(
    '/api/task/:task_id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a task: cancels its jobs and removes its files',
        params: TaskParamsSchema,
        response: {
          200: z.object({ deleted: z.literal(true), task_id: z.number().int() }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request) => tasks.delete(userId(request), request.params.task_id),
  );
};
