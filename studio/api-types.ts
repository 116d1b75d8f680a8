// The studio's API types come from the server's own OpenAPI document (the routes' zod schemas):
// `npm run studio:types` writes studi./src/openapi.d.ts, and a test fails when it is out of date.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { loadConfig } from '../src/config.js';
import { startRuntime } from '../src/runtime.js';

export const API_TYPES_FILE = new URL('./src/openapi.d.ts', import.meta.url);

/** The OpenAPI document `/docs/json` serves, from an embedded server in a throwaway folder. */
async function openApiDocument(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(join(tmpdir(), 'storyagent-openapi-'));
  const config = loadConfig({
    DATA_DIR: join(dir, 'data'),
    STORAGE_DIR: join(dir, 'generated_stories'),
    SHARED_MEDIA_DIR: join(dir, 'shared_media'),
    JWT_SECRET: 'openapi-types-secret-0123456789abcdef0123456789',
    LOG_LEVEL: 'silent',
  });
  const runtime = await startRuntime({ config, role: 'serve' });
  try {
    return (await runtime.app!.inject({ method: 'GET', url: '/docs/json' })).json();
  } finally {
    await runtime.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function generateApiTypes(): Promise<string> {
  const ast = await openapiTS((await openApiDocument()) as unknown as Parameters<typeof openapiTS>[0]);
  return (
    '// Generated from the OpenAPI document by `npm run studio:types`; do not edit.\n' + astToString(ast)
  );
}
