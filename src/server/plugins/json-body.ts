// The JSON body parser every route uses: an empty body with Content-Type: application/json means
// "no body" (clients post refresh, logout and execute that way); malformed JSON, text no database can
// store (NUL, other control characters, lone surrogates) and absurd nesting are a 400 naming the field.
import type { FastifyInstance } from 'fastify';
import { badInput } from '../../errors.js';
import { jsonProblem } from '../../validation.js';

/** Replaces Fastify's application/json parser in `app` and the scopes registered under it. */
export function acceptEmptyJsonBody(app: FastifyInstance): void {
  const json = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    json(req, text, (err, value) => {
      // Name the culprit: the body as a whole.
      if (err) return done(badInput('body', `not valid JSON (${err.message})`), undefined);
      // Checked once here for every route, so no text field of any route can reach the database unchecked.
      const problem = jsonProblem(value);
      if (problem) return done(badInput(problem.field, problem.message), undefined);
      done(null, value);
    });
  });
}
