// GET /api/health: 200 when the database, the queue and the storage folder answer; 503 naming
// the part that does not (for load balancers and `docker compose` health checks).
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorBodySchema } from './schemas.js';

export interface HealthChecks {
  database: () => Promise<void>;
  queue: () => Promise<void>;
  storageRoot: string;
  /** The object store, when the files live in one (STORAGE_URL). */
  store?: () => Promise<void>;
}

const PARTS = ['database', 'queue', 'storage'] as const;
const PartState = z.enum(['ok', 'failing']);
const HealthSchema = z.object({
  status: z.literal('ok'),
  database: PartState,
  queue: PartState,
  storage: PartState,
});
const UnhealthySchema = ErrorBodySchema.extend({
  status: z.literal('unavailable'),
  database: PartState,
  queue: PartState,
  storage: PartState,
});

const CHECK_TIMEOUT_MS = 3000;

async function within(p: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoutes: FastifyPluginAsyncZod<{ checks: HealthChecks }> = async (app, { checks }) => {
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Database, queue and storage answer',
        response: { 200: HealthSchema, 503: UnhealthySchema },
      },
    },
    async (request, reply) => {
      const probes = {
        database: checks.database(),
        queue: checks.queue(),
        storage: (async () => {
          await mkdir(checks.storageRoot, { recursive: true });
          await access(checks.storageRoot, constants.R_OK | constants.W_OK);
          await checks.store?.();
        })(),
      };
      const results = await Promise.allSettled(PARTS.map((p) => within(probes[p], CHECK_TIMEOUT_MS)));
      const state = Object.fromEntries(
        PARTS.map((p, i) => [p, results[i]!.status === 'fulfilled' ? 'ok' : 'failing']),
      ) as Record<(typeof PARTS)[number], 'ok' | 'failing'>;
      const failing = PARTS.filter((p) => state[p] === 'failing');
      if (failing.length === 0) return { status: 'ok' as const, ...state };
      for (const p of failing) {
        // The reason (addresses, driver messages) goes to the log, not to an unauthenticated caller.
        request.log.warn(
          { err: (results[PARTS.indexOf(p)] as PromiseRejectedResult).reason },
          `${p} unhealthy`,
        );
      }
      return reply.status(503).send({
        error: { code: 'unavailable', message: failing.map((p) => `${p} is not answering`).join('; ') },
        status: 'unavailable' as const,
        ...state,
      });
    },
  );
};
