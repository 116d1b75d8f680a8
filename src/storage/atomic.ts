// Atomic file writes: data goes to a temp file beside the target and is renamed over it, so a
// reader (or a crash) never sees half a file.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** A temp path in the same folder as `target` (same file system, so rename is atomic). */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = tempPathFor(target);
  try {
    await writeFile(tmp, data);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Writes `value` as indented JSON, atomically. */
export async function writeJsonAtomic(target: string, value: unknown): Promise<void> {
  await writeFileAtomic(target, `${JSON.stringify(value, null, 2)}\n`);
}

/** Runs `produce(tmpPath)` (e.g. ffmpeg writing to it), then renames the result into place. */
export async function produceAtomic(
  target: string,
  produce: (tmpPath: string) => Promise<void>,
): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const ext = basename(target).includes('.') ? basename(target).slice(basename(target).lastIndexOf('.')) : '';
  // Keep the extension last: ffmpeg picks the container from it.
  const tmp = `${tempPathFor(target)}${ext}`;
  try {
    await produce(tmp);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Removes a folder and everything in it, also while a run that is being stopped still writes into
 * it: a file created during the walk makes a plain recursive rm fail with ENOTEMPTY, so it tries
 * again a few times (Node's own retry, 50 ms apart and growing).
 */
export async function removeTree(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 8, retryDelay: 50 });
}
