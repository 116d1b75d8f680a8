// Request-level types shared by the route plugins: who the caller is, as the auth plugin sets it
// on `request.user` for every authenticated route.

/** The caller, set by the auth plugin's `app.authenticate` preHandler (a user, or an edge instance acting for its owner). */
export interface AuthUser {
  id: number;
  username: string;
  isAdmin: boolean;
  /** Set when the call came from an edge instance (X-Instance-ID + X-Api-Key). */
  instanceId?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: AuthUser;
  }
}
