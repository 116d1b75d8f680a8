// Maps every error to the one JSON shape `{"error": {"code", "message"}}`: AppError as it is,
// schema validation as 400 naming the field, anything else as a 500 without internals.
import type { FastifyError, FastifyInstance } from 'fastify';
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
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({
      error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` },
    }),
  );
}
