// The original service's shell client (curl + sed; empty main_role/scene; execute with no body and
// no Content-Type) must keep working unchanged against a real listening embedded server.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Server, startServer, uniqueName } from './harness.js';

const SCRIPT = fileURLToPath(new URL('../../../shared/checks/legacy-client.sh', import.meta.url));
const present = existsSync(SCRIPT);
if (!present) console.warn(`legacy-client test skipped: ${SCRIPT} is not there`);

describe.skipIf(!present)('legacy shell client', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer('embedded');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('registers, logs in, creates a task and gets 202 with a quoted celery_task_id', async () => {
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(
        'bash',
        [SCRIPT],
        {
          env: {
            PATH: process.env.PATH,
            BASE_URL: `${server.baseUrl}/api`,
            USERNAME: uniqueName('legacy'),
            PASSWORD: 'legacy-password-1',
          },
          timeout: 60_000,
        },
        (err, out, errOut) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: out + errOut }),
      );
    });
    expect(stdout).toMatch(/HTTP 202 task_id=\d+ celery_task_id=task-\d+-seg-1-run-1/);
    expect(stdout.trim().split('\n').pop()).toBe('OK');
    expect(code).toBe(0);
  });
});
