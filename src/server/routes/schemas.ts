// Schemas several route plugins share: the error body (SPEC §7), strict-object messages and ids in
// paths and query strings.
import { z } from 'zod';
import { canonicalId, MAX_ID } from '../../validation.js';

export { unknownFields } from '../../validation.js';

export const ErrorBodySchema = z
  .object({
    error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
  })
  .describe('Every error: {"error": {"code", "message"}}');

/** Response schemas for the usual error statuses, for the OpenAPI document. */
export const errorResponses = <S extends number>(...statuses: S[]) =>
  Object.fromEntries(statuses.map((s) => [s, ErrorBodySchema])) as { [K in S]: typeof ErrorBodySchema };

/**
 * A row id as text: canonical decimal from 1 to 2147483647 (`11`, never `011`, `0x0b`, `11.0`,
 * `+11` or `11 `), so one resource has one name. In a path, anything else names nothing: 404 (see
 * errors.ts); in a query string it is a 400 naming the parameter.
 */
export const IdSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, `must be a whole number from 1 to ${MAX_ID}, in plain decimal`)
  .refine((s) => canonicalId(s) !== undefined, `must be at most ${MAX_ID}`)
  .transform(Number);

/** A segment id as text: canonical decimal 1 to 5. */
export const SegmentIdSchema = z
  .string()
  .regex(/^[1-5]$/, 'must be one of 1, 2, 3, 4, 5')
  .transform(Number);

export const TaskParamsSchema = z.object({ task_id: IdSchema });
