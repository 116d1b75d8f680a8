// The JSON body parser every route uses: an empty body with Content-Type: application/json means
// "no body" (clients post refresh, logout and execute that way); malformed JSON is a 400 naming `body`.
import type { FastifyInstance } from 'fastify';

/** Replaces Fastify's application/json parser in `app` and the scopes registered under it. */
export function acceptEmptyJsonBody(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    json(req, text, (err, value) => {
      if (!err) return done(null, value);
      // Name the culprit: the body as a whole.
      done(Object.assign(new Error(`body: not valid JSON (${err.message})`), { statusCode: 400 }), undefined);
    });
  });
}
