// The DATA_DIR lock: of several processes starting together exactly one gets the folder, and the
// others are refused with the owner's pid; a lock left by a dead process is taken over.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../src/db/lock.js';

const LOCK_MODULE = fileURLToPath(new URL('../../src/db/lock.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../node_modules/tsx/dist/esm/index.mjs', import.meta.url));

/** A process that takes the lock, prints `got` or the refusal, holds it 1.5 s and exits. */
function contender(dir: string): Promise<string> {
  const script = `
    const { lockDataDir } = await import(${JSON.stringify(LOCK_MODULE)});
    try { const l = await lockDataDir(${JSON.stringify(dir)}); console.log('got');
      await new Promise((r) => setTimeout(r, 1500)); await l.release(); }
    catch (e) { console.log('refused: ' + e.message); }`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, '--input-type=module', '-e', script]);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('exit', () => resolve(out.trim()));
  });
}

describe('lockDataDir', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'storyagent-lock-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lets exactly one of three processes starting together have the folder', async () => {
    const data = join(dir, 'race');
    const outcomes = await Promise.all([contender(data), contender(data), contender(data)]);
    expect(outcomes.filter((o) => o === 'got')).toHaveLength(1);
    for (const o of outcomes.filter((o) => o !== 'got')) {
      expect(o).toMatch(/^refused: The data folder .* is in use by another storyagent process \(pid \d+\)/);
    }
  });

  it("takes over a dead process's lock, writes its own pid, and releases idempotently", async () => {
    const data = join(dir, 'stale');
    await lockDataDir(data).then((l) => l.release());
    // A pid that is not running (pids are far below 2^22 on Linux).
    await writeFile(join(data, 'storyagent.lock'), '4194303');
    const lock = await lockDataDir(data);
    expect(await readFile(join(data, 'storyagent.lock'), 'utf8')).toBe(String(process.pid));
    await lock.release();
    await lock.release();
    await expect(readFile(join(data, 'storyagent.lock'), 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
