// An exclusive lock on DATA_DIR: PGlite takes none, and a second process opening the same folder
// would silently lose its writes. The lock file holds the owner's pid; a dead owner's lock is taken over.
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface DirLock {
  release(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function lockDataDir(dataDir: string): Promise<DirLock> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, 'storyagent.lock');
  // The lock appears with its pid already in it (link of a written file is atomic and fails if the
  // lock exists): a process starting at the same moment must never read an empty lock and call it stale.
  const mine = `${file}.${process.pid}`;
  await writeFile(mine, String(process.pid));
  try {
    return await takeLock(file, mine, dataDir);
  } finally {
    await rm(mine, { force: true });
  }
}

async function takeLock(file: string, mine: string, dataDir: string): Promise<DirLock> {
  for (let tries = 0; tries < 2; tries++) {
    try {
      await link(mine, file);
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          await rm(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new Error(
          `The data folder ${dataDir} is in use by another storyagent process (pid ${pid}). ` +
            'Stop it first, or set DATA_DIR to another folder, or use DATABASE_URL for several processes.',
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new Error(`Could not lock the data folder ${dataDir}`);
}
