// Task folders under the artifact root: `{root}/{n}/`. The CLI takes the next free number; the
// server uses the task id.
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Creates and returns the next numbered folder under `root` (1, 2, …), safe against a concurrent run. */
export async function allocateNumberedFolder(root: string): Promise<string> {
  await mkdir(root, { recursive: true });
  const taken = (await readdir(root)).filter((n) => /^\d+$/.test(n)).map(Number);
  let n = taken.length ? Math.max(...taken) + 1 : 1;
  for (;;) {
    const dir = join(root, String(n));
    try {
      await mkdir(dir);
      return dir;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      n++;
    }
  }
}

export const taskFolder = (root: string, taskId: number) => join(root, String(taskId));
