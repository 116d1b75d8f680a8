// Request-level types shared by the route plugins: who the caller is, as the auth plugin sets it
// on `request.user` for every authenticated route.
import type { AuthUser } from '../auth/service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth plugin's `app.authenticate` preHandler. */
    user?: AuthUser;
  }
}
