// Maps every error to the one JSON shape `{"error": {"code", "message"}}`: AppError as it is,
// schema validation as 400 naming the field, a path that names nothing as 404, Fastify's and Node's
// own refusals (bad URL encoding, oversized headers, malformed requests) too, anything else as a
// 500 without internals.
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../errors.js';

export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof AppError) {
      const field = typeof err.details?.field === 'string' ? err.details.field : undefined;
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, field } });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      // A path that does not name a resource in its one canonical form names none (`/api/task/0x10`).
      if (err.validationContext === 'params') return reply.status(404).send(noRoute(request));
      const issue = err.validation[0];
      const zodPath = (issue?.params as { issue?: { path?: PropertyKey[] } } | undefined)?.issue?.path;
      const path =
        zodPath?.map(String).join('.') || issue?.instancePath?.replace(/^\//, '').replace(/\//g, '.') || '';
      const where =
        err.validationContext === 'body'
          ? path || 'body'
          : `${err.validationContext}${path ? `.${path}` : ''}`;
      return reply.status(400).send({
        error: { code: 'bad_request', message: `${where}: ${issue?.message ?? 'invalid'}`, field: where },
      });
    }
    const status = err.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err }, 'request failed');
      return reply
        .status(status)
        .send({ error: { code: 'internal_error', message: 'Internal server error' } });
    }
    // Fastify's own 4xx (bad JSON, body too large, unsupported media type, rate limit…).
    const code =
      status === 413
        ? 'payload_too_large'
        : status === 415
          ? 'unsupported_media_type'
          : status === 429
            ? 'rate_limited'
            : 'bad_request';
    const message = err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'body: must not be empty' : err.message;
    return reply.status(status).send({ error: { code, message } });
  });
  app.setNotFoundHandler((request, reply) => reply.status(404).send(noRoute(request)));
}

function noRoute(request: { method: string; url: string }): ErrorBody {
  const path = request.url.split('?')[0]!;
  const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  return { error: { code: 'not_found', message: `Nothing at ${request.method} ${shown}` } };
}

/**
 * For Fastify's `frameworkErrors` option: what the router refuses before any route runs. An id too
 * long to be one (FST_ERR_MAX_PARAM_LENGTH) names nothing; bad percent-encoding is a bad request.
 */
export function frameworkError(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    reply.status(404).send(noRoute(request));
    return;
  }
  const message =
    err.code === 'FST_ERR_BAD_URL'
      ? 'path: not a valid URL (bad percent-encoding)'
      : 'request: not understood';
  reply.status(400).send({ error: { code: 'bad_request', message } } satisfies ErrorBody);
}

/**
 * For Fastify's `clientErrorHandler` option: Node refuses a request it cannot parse (oversized
 * headers, a malformed request line, control characters in a header) before Fastify sees it; the
 * answer still has the error shape.
 */
export function clientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  const [status, reason, error] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', { code: 'headers_too_large', message: 'headers: too large' }]
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', { code: 'timeout', message: 'request: not received in time' }]
        : [400, 'Bad Request', { code: 'bad_request', message: 'request: not a valid HTTP request' }];
  const body = JSON.stringify({ error } satisfies ErrorBody);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
