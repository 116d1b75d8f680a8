// `storyagent serve` and the other service commands as a user meets them: help that names every
// flag, and one-line failures with exit code 1 that leave the data folder free.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('storyagent service commands', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storyagent-serve-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists every flag SPEC §2 names in the help of each command', async () => {
    const expected: Array<[string[], RegExp[]]> = [
      [[], [/serve/, /worker/, /migrate/, /user/, /DATABASE_URL/, /REDIS_URL/, /DATA_DIR/]],
      [['serve'], [/--port/, /--host/]],
      [['worker'], [/--concurrency/]],
      [
        ['user', 'create'],
        [/--username/, /--admin/, /--password-stdin/],
      ],
    ];
    for (const [args, patterns] of expected) {
      const res = await runCli([...args, '--help']);
      expect([args, res.code]).toEqual([args, 0]);
      for (const p of patterns) expect(res.stdout).toMatch(p);
    }
  });

  it('serve on a busy port says so in one line, exits 1 and releases DATA_DIR', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const data = join(dir, 'data');
      const res = await runCli(['serve', '--port', String(port)], {
        env: { DATA_DIR: data, STORAGE_DIR: join(dir, 'stories'), DATABASE_URL: '', REDIS_URL: '' },
      });
      expect(res.code).toBe(1);
      expect(res.stderr.trim().split('\n').at(-1)).toBe(
        `storyagent: 127.0.0.1:${port} is already in use; choose another with --port`,
      );
      expect(existsSync(join(data, 'storyagent.lock'))).toBe(false);
    } finally {
      busy.close();
    }
  });
});
