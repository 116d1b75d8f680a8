// Backups of the embedded mode: one .tar.gz of DATA_DIR (the PGlite files, the JWT secret),
// STORAGE_DIR (task folders) and SHARED_MEDIA_DIR (v1 user spaces, reference voices), taken under
// the DATA_DIR lock, so never of a running server; restored only into empty folders.
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar';
import { z } from 'zod';
import type { Config } from '../config.js';
import { type DirLock, lockDataDir } from '../db/lock.js';
import { deploymentOf } from '../deployment.js';
import { tempPathFor } from '../storage/atomic.js';

const MANIFEST = 'storyagent-backup.json';
const ManifestSchema = z.object({
  format: z.literal(1),
  created_at: z.string(),
  parts: z.array(z.enum(['data', 'generated_stories', 'shared_media'])),
});
type Part = z.infer<typeof ManifestSchema>['parts'][number];

/** DATA_DIR files that belong to the running process, not to the data. */
const PROCESS_FILES = /^(storyagent\.lock.*|heartbeat\.json|\.doctor-.*)$/;

export class BackupRefused extends Error {
  override name = 'BackupRefused';
}

function rootsOf(config: Config): Record<Part, string> {
  return {
    data: config.dataRoot,
    generated_stories: config.storageRoot,
    shared_media: config.sharedMediaRoot,
  };
}

function embeddedOnly(config: Config, what: string): void {
  if (deploymentOf(config).mode !== 'embedded') {
    throw new BackupRefused(
      `${what} is for the embedded mode; in the scaled mode use pg_dump for DATABASE_URL and copy STORAGE_DIR and SHARED_MEDIA_DIR (see README, Operations)`,
    );
  }
}

async function lockFor(config: Config, what: string): Promise<DirLock> {
  try {
    return await lockDataDir(config.dataRoot);
  } catch (err) {
    throw new BackupRefused(`${what} needs the data folder to itself: ${(err as Error).message}`);
  }
}

/**
 * Writes the archive to `out` (atomically: a half-written backup never has the final name). Refused
 * while a server holds DATA_DIR: its PGlite files are consistent only when no process has them open.
 */
export async function backup(config: Config, out: string): Promise<{ bytes: number }> {
  embeddedOnly(config, 'backup');
  const lock = await lockFor(config, 'backup');
  const stage = await mkdtemp(join(dirname(out), '.storyagent-backup-'));
  const tmp = tempPathFor(out);
  try {
    const roots = rootsOf(config);
    const parts: Part[] = [];
    for (const [part, root] of Object.entries(roots) as Array<[Part, string]>) {
      if (!(await stat(root).catch(() => null))?.isDirectory()) continue;
      await symlink(root, join(stage, part));
      parts.push(part);
    }
    await writeFile(
      join(stage, MANIFEST),
      JSON.stringify({ format: 1, created_at: new Date().toISOString(), parts } satisfies z.infer<
        typeof ManifestSchema
      >),
    );
    await tar.c(
      {
        gzip: true,
        file: tmp,
        cwd: stage,
        portable: true,
        // The three roots are symlinks in the staging folder; the files under them are archived.
        follow: true,
        filter: (path) => !(path.startsWith('data/') && PROCESS_FILES.test(path.slice(5))),
      },
      [MANIFEST, ...parts],
    );
    await rename(tmp, out);
    return { bytes: (await stat(out)).size };
  } finally {
    await rm(tmp, { force: true });
    await rm(stage, { recursive: true, force: true });
    await lock.release();
  }
}

async function readManifest(file: string): Promise<z.infer<typeof ManifestSchema>> {
  let text = '';
  try {
    await tar.t({
      file,
      filter: (p) => p === MANIFEST,
      onReadEntry: (entry) => {
        entry.on('data', (d: Buffer) => {
          text += d.toString('utf8');
        });
      },
    });
  } catch (err) {
    throw new BackupRefused(`${file} is not a storyagent backup (${(err as Error).message})`);
  }
  const parsed = ManifestSchema.safeParse(
    (() => {
      try {
        return JSON.parse(text);
      } catch {
        return undefined;
      }
    })(),
  );
  if (!parsed.success) throw new BackupRefused(`${file} is not a storyagent backup (no ${MANIFEST})`);
  return parsed.data;
}

/** True when `dir` is missing or holds nothing but `ignore`d names. */
async function isEmpty(dir: string, ignore: RegExp = /^$/): Promise<boolean> {
  const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw err;
  });
  return names.every((n) => ignore.test(n));
}

/**
 * Restores an archive into the configured folders, which must be empty (nothing is overwritten).
 * The DATA_DIR lock is held throughout, so no server starts on a half-restored folder.
 */
export async function restore(config: Config, file: string): Promise<{ parts: Part[] }> {
  embeddedOnly(config, 'restore');
  if (!(await stat(file).catch(() => null))?.isFile()) throw new BackupRefused(`${file}: no such file`);
  const manifest = await readManifest(file);
  const lock = await lockFor(config, 'restore');
  const roots = rootsOf(config);
  const created: string[] = [];
  try {
    for (const part of manifest.parts) {
      const ignore = part === 'data' ? PROCESS_FILES : undefined;
      if (!(await isEmpty(roots[part], ignore))) {
        throw new BackupRefused(
          `${roots[part]} is not empty: restore into empty folders (move the current one aside first); nothing was changed`,
        );
      }
    }
    for (const part of manifest.parts) {
      await mkdir(roots[part], { recursive: true });
      created.push(roots[part]);
      await new Promise<void>((resolve, reject) => {
        const x = tar.x({
          cwd: roots[part],
          strip: 1,
          filter: (p) => p.startsWith(`${part}/`),
        });
        x.on('error', reject);
        x.on('close', () => resolve());
        createReadStream(file).on('error', reject).pipe(createGunzip()).on('error', reject).pipe(x);
      });
    }
    return { parts: manifest.parts };
  } catch (err) {
    // A failed restore leaves the folders as empty as it found them.
    if (!(err instanceof BackupRefused)) {
      for (const dir of created) {
        for (const name of await readdir(dir).catch(() => [])) {
          if (!PROCESS_FILES.test(name)) await rm(join(dir, name), { recursive: true, force: true });
        }
      }
    }
    throw err;
  } finally {
    await lock.release();
  }
}
