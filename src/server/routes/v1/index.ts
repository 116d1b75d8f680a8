// Seed 002's v1 API under /api/v1 (SPEC §5): file upload and downloads, tasks, voices. A user's
// Bearer token or an edge instance's X-Instance-ID + X-Api-Key; the trailing slash is optional.
// No logic here: the routes call V1Service.
import fastifyMultipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, badInput } from '../../../errors.js';
import type { StoredFile } from '../../../storage/mirror.js';
import { V1_STATUSES } from '../../../v1/repository.js';
import { PAGE_SIZE_MAX, type V1Service } from '../../../v1/service.js';
import { type RateLimits, tooManyRequests } from '../../rate-limits.js';
import { sendStoredFile } from '../files.js';
import { errorResponses, IdSchema, unknownFields } from '../schemas.js';

export interface V1RoutesOptions {
  v1: V1Service;
  /** PUBLIC_URL: the absolute base of `full_url` and `download_url`; default: the request's own origin. */
  publicUrl?: string;
  uploadMaxBytes: number;
  /** Uploads per address (UPLOAD_RATE_LIMIT_PER_MINUTE). */
  limits: Pick<RateLimits, 'upload'>;
}

const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { instanceId: [], apiKey: [] }];
const Json = z.record(z.string(), z.unknown());

/** Strict decimal id (`0x10`, `+7`, `07`, `7.0` name nothing): the same rule as every other route. */
const IdParams = z.object({ id: IdSchema });

const TaskView = z.object({
  id: z.number(),
  status: z.enum(V1_STATUSES),
  task_type: z.string(),
  result: Json,
  error: z.string().nullable(),
  created: z.string(),
  modified: z.string(),
  download_url: z.string().nullable().describe('Absolute; set only when COMPLETED'),
  progress: z.number().describe('0–100'),
  message: z.string().nullable().describe('What the task is doing now'),
  payload: Json,
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});

const Upload = z.object({
  relative_path: z.string().describe('Use it as a *_path in a task payload'),
  full_url: z.string(),
  file_id: z.string(),
  size: z.number(),
  content_type: z.string(),
});

const Voices = z.object({
  default_templates: z.record(z.string(), z.string()),
  templates: z.array(
    z.object({
      name: z.string(),
      engine: z.string(),
      provider: z.string(),
      language: z.string(),
      voice: z.string().nullable(),
      voices: z.array(z.string()),
      description: z.string(),
      aliases: z.array(z.string()),
    }),
  ),
  reference_voices: z.array(
    z.object({ name: z.string(), audio: z.string(), transcript: z.string(), usable: z.boolean() }),
  ),
});

/** RFC 6266 attachment with an ASCII fallback and the UTF-8 name. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** An attachment, from the folder or the store (Range answered; a presigned redirect when configured). */
async function sendFile(request: FastifyRequest, reply: FastifyReply, file: StoredFile, name: string) {
  reply.header('Cache-Control', 'private, no-cache');
  if (file.redirectUrl) return reply.redirect(await file.redirectUrl(), 302);
  reply.header('Content-Disposition', attachment(name));
  return sendStoredFile(request.headers.range, reply, file);
}

export const v1Routes: FastifyPluginAsyncZod<V1RoutesOptions> = async (app, opts) => {
  const { v1 } = opts;
  const baseOf = (request: FastifyRequest) =>
    (opts.publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/+$/, '');
  const caller = (request: FastifyRequest) => ({
    id: request.user!.id,
    ...(request.user!.instanceId ? { instanceId: request.user!.instanceId } : {}),
  });

  await app.register(fastifyMultipart, {
    limits: { fileSize: opts.uploadMaxBytes, files: 1, fields: 20, parts: 25, fieldSize: 64 * 1024 },
  });
  app.addHook('preHandler', app.authenticate);

  app.post(
    '/files/upload',
    {
      schema: {
        summary: 'Upload a transcript, blueprint or script (multipart field "file") into your space',
        tags: ['v1 files'],
        security,
        consumes: ['multipart/form-data'],
        response: { 201: Upload, ...errorResponses(400, 401, 413, 415, 422, 429) },
      },
    },
    async (request, reply) => {
      const verdict = await opts.limits.upload(request.ip);
      if (!verdict.allowed) return tooManyRequests(reply, verdict, 'uploads from this address');
      if (!request.isMultipart())
        throw new AppError(
          'unsupported_media_type',
          415,
          'body: send multipart/form-data with a "file" field',
        );
      let part: Awaited<ReturnType<typeof request.file>>;
      try {
        part = await request.file();
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT')
          throw new AppError('payload_too_large', 413, `file: ${(err as Error).message}`);
        throw err;
      }
      if (!part) throw badInput('file', 'required (a multipart/form-data field named "file")');
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw badInput('file', `required (got a field named "${part.fieldname.slice(0, 40)}")`);
      }
      const stored = await v1.upload(
        caller(request),
        { stream: part.file, filename: part.filename },
        baseOf(request),
      );
      return reply.status(201).send(stored);
    },
  );

  app.get(
    '/files/download',
    {
      schema: {
        summary: 'Download a file of your own space by its relative path',
        tags: ['v1 files'],
        security,
        querystring: z.object({ path: z.string().max(2000).optional() }),
        response: {
          200: z.unknown().describe('The file, as an attachment'),
          206: z.unknown().describe('The requested byte range'),
          302: z.unknown().describe('STORAGE_DOWNLOADS=redirect: a presigned URL of the object store'),
          ...errorResponses(400, 401, 404, 416),
        },
      },
    },
    async (request, reply) => {
      const rel = request.query.path;
      if (!rel) throw badInput('path', "required: the file's relative path (?path=…)");
      const file = await v1.userFile(caller(request), rel);
      return sendFile(request, reply, file, rel.split('/').pop()!);
    },
  );

  app.get(
    '/files/tasks/:id/download',
    {
      schema: {
        summary: "A task's result JSON as an attachment (425 until the task is COMPLETED)",
        tags: ['v1 files'],
        security,
        params: IdParams,
        response: {
          200: z.unknown().describe('The result JSON'),
          302: z.unknown().describe('STORAGE_DOWNLOADS=redirect: a presigned URL of the object store'),
          ...errorResponses(400, 401, 404, 425),
        },
      },
    },
    async (request, reply) => {
      const file = await v1.resultFile(caller(request), request.params.id);
      return sendFile(request, reply, file, file.filename);
    },
  );

  app.post(
    '/tasks',
    {
      schema: {
        summary: 'Create a task: GENERATE_NARRATION, GENERATE_DUBBING or GENERATE_EDITING_SCRIPT',
        tags: ['v1 tasks'],
        security,
        body: z.strictObject(
          {
            task_type: z.string().min(1).max(100),
            payload: Json.default({}).describe('Keys ending in _path name files in your space'),
          },
          unknownFields,
        ),
        response: {
          202: z.object({
            id: z.number(),
            status: z.literal('PENDING'),
            message: z.string(),
            warnings: z.array(z.string()).optional(),
          }),
          ...errorResponses(400, 401, 503),
        },
      },
    },
    async (request, reply) => {
      const out = await v1.create(
        caller(request),
        request.body.task_type,
        request.body.payload,
        baseOf(request),
        request.id,
      );
      return reply.status(202).send({ ...out, status: 'PENDING' as const });
    },
  );

  app.get(
    '/tasks',
    {
      schema: {
        summary: 'Your tasks, newest first (page, page_size)',
        tags: ['v1 tasks'],
        security,
        querystring: z.object({
          page: z.coerce.number().int().min(1).max(1_000_000).default(1),
          page_size: z.coerce.number().int().min(1).max(PAGE_SIZE_MAX).default(20),
        }),
        response: {
          200: z.object({
            count: z.number(),
            next: z.string().nullable(),
            previous: z.string().nullable(),
            results: z.array(TaskView),
          }),
          ...errorResponses(400, 401),
        },
      },
    },
    async (request) => v1.list(caller(request), request.query.page, request.query.page_size, baseOf(request)),
  );

  app.get(
    '/tasks/:id',
    {
      schema: {
        summary: 'A task: status PENDING, RUNNING, COMPLETED or FAILED; result; download_url when COMPLETED',
        tags: ['v1 tasks'],
        security,
        params: IdParams,
        response: { 200: TaskView, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => v1.get(caller(request), request.params.id, baseOf(request)),
  );

  app.get(
    '/voices',
    {
      schema: {
        summary: 'The speech templates (template_name) and reference voices this server offers',
        tags: ['v1 tasks'],
        security,
        response: { 200: Voices, ...errorResponses(401) },
      },
    },
    async () => v1.voices(),
  );
};
