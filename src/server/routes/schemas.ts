// Schemas several route plugins share: the error body (SPEC §7), strict-object messages and path
// parameters.
import { z } from 'zod';

export const ErrorBodySchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
  })
  .describe('Every error: {"error": {"code", "message"}}');

/** Response schemas for the usual error statuses, for the OpenAPI document. */
export const errorResponses = <S extends number>(...statuses: S[]) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorBodySchema])) as { [K in S]: typeof ErrorBodySchema };

/** For z.strictObject: unknown fields are a 400 that names them (a typo must not be silently ignored). */
export const unknownFields = {
  error: (issue: { code?: string; keys?: string[] }) =>
    issue.code === 'unrecognized_keys' && issue.keys
      ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : undefined,
};

export const TaskIdSchema = z.coerce
  .number()
  .int('must be a whole number')
  .positive()
  .max(2 ** 31 - 1);

export const TaskParamsSchema = z.object({ task_id: TaskIdSchema });
