// The studio's API types are the server's: studio/src/openapi.d.ts is what the OpenAPI document
// generates today (`npm run studio:types` rewrites it after a route or schema changes).
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../../studio/api-types.js';

it('studio/src/openapi.d.ts matches the OpenAPI document (run `npm run studio:types` when not)', async () => {
  const committed = await readFile(API_TYPES_FILE, 'utf8');
  const fresh = await generateApiTypes();
  expect(fresh === committed, 'studio/src/openapi.d.ts is out of date: run `npm run studio:types`').toBe(
    true,
  );
  // The studio's own calls are in it, with their request bodies.
  expect(committed).toContain('"/api/task/{task_id}/pages/{n}/regenerate"');
  expect(committed).toContain('"/api/task/{task_id}/archive"');
});
