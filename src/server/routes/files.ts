// GET /api/files/generated_stories/{task_id}/…: a task file for its owner, with the right
// Content-Type and byte ranges (video seeking). Everything else is 404; nothing is listed.
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TaskService } from '../../tasks/service.js';
import { errorResponses } from './schemas.js';

export interface FileRoutesOptions {
  tasks: TaskService;
}

const CONTENT_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.wav': 'audio/wav',
  '.gif': 'image/gif',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.ogg': 'audio/ogg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.srt': 'application/x-subrip; charset=utf-8',
  '.vtt': 'text/vtt; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export const contentTypeOf = (path: string) =>
  CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';

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
          ...errorResponses(400, 401, 404, 416),
        },
      },
    },
    async (request, reply) => {
      const { path, size } = await tasks.ownedFile(request.user!.id, request.params['*']);
      reply.header('Accept-Ranges', 'bytes');
      reply.header('Cache-Control', 'private, no-cache');
      // A story text saved as .json or .txt must never be sniffed into HTML and run in our origin.
      reply.header('X-Content-Type-Options', 'nosniff');
      const rangeHeader = request.headers.range;
      const range = rangeHeader ? parseRange(rangeHeader, size) : undefined;
      if (range === null) {
        reply.header('Content-Range', `bytes */${size}`);
        return reply.status(416).send({
          error: { code: 'range_not_satisfiable', message: `Range ${rangeHeader} is outside 0-${size - 1}` },
        });
      }
      reply.header('Content-Type', contentTypeOf(path));
      if (range) {
        reply.status(206);
        reply.header('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
        reply.header('Content-Length', range.end - range.start + 1);
        return reply.send(createReadStream(path, { start: range.start, end: range.end }));
      }
      reply.header('Content-Length', size);
      return reply.send(createReadStream(path));
    },
  );
};
