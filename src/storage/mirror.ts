// A local working folder kept in step with the objects under one key prefix of the store: pulled
// before work reads it, pushed after work wrote it (files removed locally are deleted in the store).
// Hidden names (temp files of unfinished writes) never travel.
import { createReadStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import type { StorageTarget } from '../deployment.js';
import { contentTypeOf } from './content-types.js';
import { type ByteRange, type ObjectStore, S3ObjectStore, type StoredObject } from './object-store.js';
import { resolveInside } from './paths.js';

/** A file as the routes send it: from the local folder or from the store. */
export interface StoredFile {
  size: number;
  contentType: string;
  open(range?: ByteRange): Promise<Readable>;
  /** A presigned URL the client may fetch it from instead (store only, when configured). */
  redirectUrl?(): Promise<string>;
}

export function localFile(path: string, size: number): StoredFile {
  return {
    size,
    contentType: contentTypeOf(path),
    open: async (range) => createReadStream(path, range ? { start: range.start, end: range.end } : {}),
  };
}

/** What a local file was when it last matched its object: unchanged since = no transfer. */
interface Synced {
  etag: string;
  size: number;
  mtimeMs: number;
}

interface LocalEntry {
  size: number;
  mtimeMs: number;
}

/** Files moved at once in one pull or push. */
const TRANSFERS = 4;
/** Sync records kept per process (a few hundred bytes each); past this they are forgotten. */
const MAX_SYNCED = 100_000;

/** The store plus what this process knows it already holds; one per process. */
export class StoreMirror {
  private readonly synced = new Map<string, Synced>();

  constructor(
    readonly store: ObjectStore,
    private readonly downloads: { mode: 'stream' | 'redirect'; presignSeconds: number },
    /** Of every key of this installation (STORAGE_URL's path): empty or ending in `/`. */
    private readonly rootPrefix = '',
  ) {}

  /** The folder `localDir` as the objects under `area` (e.g. `tasks/7/`) of this installation's prefix. */
  folder(localDir: string, area: string): FolderMirror {
    return new FolderMirror(this, localDir, `${this.rootPrefix}${area}`);
  }

  /** @internal */
  remember(path: string, s: Synced | undefined) {
    if (!s) {
      this.synced.delete(path);
      return;
    }
    if (this.synced.size >= MAX_SYNCED) this.synced.clear();
    this.synced.set(path, s);
  }

  /** @internal */
  recall(path: string): Synced | undefined {
    return this.synced.get(path);
  }

  /** @internal */
  redirects(): { presignSeconds: number } | undefined {
    return this.downloads.mode === 'redirect' ? { presignSeconds: this.downloads.presignSeconds } : undefined;
  }
}

export class FolderMirror {
  constructor(
    private readonly mirror: StoreMirror,
    readonly localDir: string,
    readonly keyPrefix: string,
  ) {}

  private get store() {
    return this.mirror.store;
  }

  /**
   * Makes the local folder (or the named files and folders in it) what the store holds: missing or
   * changed files are downloaded, files the store no longer has are removed.
   */
  async pull(rels?: readonly string[]): Promise<void> {
    const { remote, local } = await this.scope(rels);
    const fetches: Array<() => Promise<void>> = [];
    for (const [rel, object] of remote) {
      const path = resolveInside(this.localDir, rel);
      const here = local.get(rel);
      if (here && sameAsSynced(this.mirror.recall(path), here, object.etag)) continue;
      fetches.push(async () => {
        const got = await this.store.download(object.key, path);
        const now = await stat(path);
        this.mirror.remember(path, { etag: got.etag || object.etag, size: now.size, mtimeMs: now.mtimeMs });
      });
    }
    await inParallel(fetches, TRANSFERS);
    for (const rel of local.keys()) {
      if (remote.has(rel)) continue;
      const path = resolveInside(this.localDir, rel);
      await rm(path, { force: true });
      this.mirror.remember(path, undefined);
    }
  }

  /**
   * Makes the store hold what the local folder (or the named files and folders in it) holds: new or
   * changed files are uploaded, objects of files that are gone are deleted.
   */
  async push(rels?: readonly string[]): Promise<void> {
    const { remote, local } = await this.scope(rels);
    const uploads: Array<() => Promise<void>> = [];
    for (const [rel, here] of local) {
      const path = resolveInside(this.localDir, rel);
      const there = remote.get(rel);
      if (there && sameAsSynced(this.mirror.recall(path), here, there.etag)) continue;
      uploads.push(async () => {
        const put = await this.store.upload(this.keyOf(rel), path, contentTypeOf(rel));
        this.mirror.remember(path, { etag: put.etag, size: here.size, mtimeMs: here.mtimeMs });
      });
    }
    await inParallel(uploads, TRANSFERS);
    const gone = [...remote.entries()].filter(([rel]) => !local.has(rel));
    await this.store.remove(gone.map(([, o]) => o.key));
  }

  /** Bytes stored under the folder's prefix. */
  async storedBytes(): Promise<number> {
    return (await this.store.list(this.keyPrefix)).reduce((sum, o) => sum + o.size, 0);
  }

  /** Deletes every object of the folder from the store. */
  async removeStored(): Promise<void> {
    const objects = await this.store.list(this.keyPrefix);
    await this.store.remove(objects.map((o) => o.key));
  }

  /** A stored file of the folder, read from the store; undefined when there is none. */
  async stored(rel: string): Promise<StoredFile | undefined> {
    if (!isPlainRel(rel)) return undefined;
    const key = this.keyOf(rel);
    const object = await this.store.head(key);
    if (!object) return undefined;
    const contentType = contentTypeOf(rel);
    const redirect = this.mirror.redirects();
    return {
      size: object.size,
      contentType,
      open: (range) => this.store.read(key, range),
      redirectUrl: redirect
        ? () => this.store.signedUrl(key, redirect.presignSeconds, contentType)
        : undefined,
    };
  }

  private keyOf(rel: string): string {
    resolveInside(this.localDir, rel);
    return `${this.keyPrefix}${rel}`;
  }

  /** The objects and local files in scope, both by relative path (hidden names left out). */
  private async scope(rels?: readonly string[]) {
    const remote = new Map<string, StoredObject>();
    const local = new Map<string, LocalEntry>();
    const scopes = rels ? [...new Set(rels)] : [undefined];
    for (const scope of scopes) {
      if (scope !== undefined) resolveInside(this.localDir, scope);
      const listed = await this.store.list(this.keyPrefix + (scope ?? ''));
      for (const o of listed) {
        const rel = o.key.slice(this.keyPrefix.length);
        if (scope !== undefined && rel !== scope && !rel.startsWith(`${scope}/`)) continue;
        if (!isPlainRel(rel)) continue;
        remote.set(rel, o);
      }
      const root = scope === undefined ? this.localDir : resolveInside(this.localDir, scope);
      for (const [rel, entry] of await walk(root)) {
        const full = scope === undefined ? rel : rel === '' ? scope : `${scope}/${rel}`;
        local.set(full, entry);
      }
    }
    return { remote, local };
  }
}

function sameAsSynced(synced: Synced | undefined, here: LocalEntry, etag: string): boolean {
  return (
    synced !== undefined &&
    synced.etag === etag &&
    synced.size === here.size &&
    synced.mtimeMs === here.mtimeMs
  );
}

/** A relative path of plain names: no empty, hidden (temp) or `..` segment. */
function isPlainRel(rel: string): boolean {
  return rel !== '' && rel.split('/').every((p) => p !== '' && !p.startsWith('.'));
}

/** Regular files under `root` (itself, when it is one, as ''), hidden names skipped. */
async function walk(root: string): Promise<Map<string, LocalEntry>> {
  const found = new Map<string, LocalEntry>();
  const info = await stat(root).catch(() => null);
  if (!info) return found;
  if (info.isFile()) {
    found.set('', { size: info.size, mtimeMs: info.mtimeMs });
    return found;
  }
  const visit = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) await visit(path);
      else if (e.isFile()) {
        const s = await stat(path).catch(() => null);
        if (s) found.set(relative(root, path).split(sep).join('/'), { size: s.size, mtimeMs: s.mtimeMs });
      }
    }
  };
  await visit(root);
  return found;
}

async function inParallel(jobs: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) await jobs[next++]!();
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, lane));
}

/** The store the deployment names, or undefined for local folders (they are the files). */
export function openStoreMirror(target: StorageTarget): StoreMirror | undefined {
  if (target.kind === 'local') return undefined;
  return new StoreMirror(
    new S3ObjectStore(target),
    { mode: target.downloads, presignSeconds: target.presignSeconds },
    target.prefix,
  );
}
