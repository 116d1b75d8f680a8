// Schemas several route plugins share: the error body (SPEC §7), strict-object messages and path
// parameters.
import { z } from 'zod';

export { unknownFields } from '../../validation.js';

export const ErrorBodySchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
  })
  .describe('Every error: {"error": {"code", "message"}}');

/** Response schemas for the usual error statuses, for the OpenAPI document. */
export const errorResponses = <S extends number>(...statuses: S[]) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorBodySchema])) as { [K in S]: typeof ErrorBodySchema };

export const TaskIdSchema = z.coerce
  .number()
  .int('must be a whole number')
  .positive()
  .max(2 ** 31 - 1);

export const TaskParamsSchema = z.object({ task_id: TaskIdSchema });
