// GET /api/files/generated_stories/{task_id}/…: a task file for its owner, with the right
// Content-Type and byte ranges (video seeking). Everything else is 404; nothing is listed.
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZipFile } from 'yazl';
import { z } from 'zod';
import type { StoredFile } from '../../storage/mirror.js';
import type { TaskService } from '../../tasks/service.js';
import { errorResponses, TaskParamsSchema } from './schemas.js';

export interface FileRoutesOptions {
  tasks: TaskService;
}

/**
 * One `bytes=a-b` range of a file of `size` bytes; null = unsatisfiable (416); undefined = ignore the
 * header and send the whole file, which RFC 9110 allows for several ranges, other units and an
 * invalid range (`bytes=9-3`, `bytes=-`): players only ever ask for one range.
 */
export function parseRange(header: string, size: number): { start: number; end: number } | null | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return undefined;
  const [, a, b] = m;
  if (a === '' && b === '') return undefined;
  if (a !== '' && b !== '' && Number(b) < Number(a)) return undefined;
  let start: number;
  let end: number;
  if (a === '') {
    const suffix = Number(b);
    if (suffix === 0) return null;
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(a);
    end = b === '' ? size - 1 : Math.min(Number(b), size - 1);
  }
  if (start >= size || start > end) return null;
  return { start, end };
}

/** A stored file, whole (200) or one byte range of it (206); 416 for a range outside it. */
export async function sendStoredFile(rangeHeader: string | undefined, reply: FastifyReply, file: StoredFile) {
  const { size } = file;
  reply.header('Accept-Ranges', 'bytes');
  // A story text saved as .json or .txt must never be sniffed into HTML and run in our origin.
  reply.header('X-Content-Type-Options', 'nosniff');
  const range = rangeHeader ? parseRange(rangeHeader, size) : undefined;
  if (range === null) {
    reply.header('Content-Range', `bytes */${size}`);
    return reply.status(416).send({
      error: { code: 'range_not_satisfiable', message: `Range ${rangeHeader} is outside 0-${size - 1}` },
    });
  }
  reply.header('Content-Type', file.contentType);
  if (range) {
    reply.status(206);
    reply.header('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
    reply.header('Content-Length', range.end - range.start + 1);
    return reply.send(await file.open(range));
  }
  reply.header('Content-Length', size);
  return reply.send(await file.open());
}

export const fileRoutes: FastifyPluginAsyncZod<FileRoutesOptions> = async (app, { tasks }) => {
  // <video src> and <img src> cannot send headers: `?token=` stands in for the Bearer header here.
  app.addHook('onRequest', async (request) => {
    const token = (request.query as { token?: unknown }).token;
    if (!request.headers.authorization && typeof token === 'string' && token !== '') {
      request.headers.authorization = `Bearer ${token}`;
    }
  });
  app.addHook('preHandler', app.authenticate);

  app.get(
    '/api/files/*',
    {
      schema: {
        tags: ['files'],
        security: [{ bearerAuth: [] }],
        summary: 'A file of one of your tasks (Range supported)',
        params: z.object({ '*': z.string() }),
        querystring: z.object({ token: z.string().optional() }),
        response: {
          200: z.unknown().describe('The file bytes'),
          206: z.unknown().describe('The requested byte range'),
          302: z.unknown().describe('STORAGE_DOWNLOADS=redirect: a presigned URL of the object store'),
          ...errorResponses(400, 401, 404, 416),
        },
      },
    },
    async (request, reply) => {
      const file = await tasks.ownedFile(request.user!.id, request.params['*']);
      reply.header('Cache-Control', 'private, no-cache');
      // STORAGE_DOWNLOADS=redirect: the store sends the bytes (and answers Range) itself.
      if (file.redirectUrl) return reply.redirect(await file.redirectUrl(), 302);
      return sendStoredFile(request.headers.range, reply, file);
    },
  );

  app.get(
    '/api/task/:task_id/archive',
    {
      schema: {
        tags: ['files'],
        security: [{ bearerAuth: [] }],
        summary: 'Every file of one of your tasks as one zip (streamed): script, pictures, WAVs, MP4, SRT',
        params: TaskParamsSchema,
        querystring: z.object({ token: z.string().optional() }),
        response: { 200: z.unknown().describe('application/zip'), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const taskId = request.params.task_id;
      const files = await tasks.ownedFiles(request.user!.id, taskId);
      const zip = new ZipFile();
      // PNG, WAV and MP4 gain nothing from deflate; the script and subtitles do.
      for (const f of files)
        zip.addFile(f.path, `story-${taskId}/${f.name}`, { compress: /\.(json|srt)$/.test(f.name) });
      zip.end();
      reply.header('Content-Type', 'application/zip');
      reply.header('Content-Disposition', `attachment; filename="story-${taskId}.zip"`);
      reply.header('Cache-Control', 'private, no-cache');
      return reply.send(zip.outputStream);
    },
  );
};
