// A user's file space for the v1 API (seed 002): `SHARED_MEDIA_DIR/users/{user_id}/` (with an object
// store, this process's working copy of `users/{user_id}/…`). Every path a client sends or receives is
// relative to it; nothing resolves outside it (no `..`, absolute, encoded or symlinked escapes).
import { rmdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { AppError, badInput, notFound } from '../errors.js';
import { removeTree } from './atomic.js';
import { type FolderMirror, localFile, type StoredFile, type StoreMirror } from './mirror.js';
import { resolveExistingInside, resolveInside } from './paths.js';

export const UPLOADS_DIR = 'uploads';
export const taskDirOf = (id: number) => `tasks/${id}`;

export class UserSpace {
  readonly root: string;
  private readonly mirror?: FolderMirror;

  constructor(
    sharedMediaRoot: string,
    readonly userId: number,
    /** The object store, when the files live there (STORAGE_URL). */
    store?: StoreMirror,
  ) {
    this.root = join(sharedMediaRoot, 'users', String(userId));
    this.mirror = store?.folder(this.root, `users/${userId}/`);
  }

  /** Brings the named stored files (or folders) into this working copy; nothing to do without a store. */
  async pull(rels: readonly string[]): Promise<void> {
    await this.mirror?.pull(rels);
  }

  /** Stores the named files (or folders) of this working copy; nothing to do without a store. */
  async push(rels: readonly string[]): Promise<void> {
    await this.mirror?.push(rels);
  }

  /** A file of this space for a reader: from the store when there is one. Errors as file(). */
  async stored(rel: string, field = 'path'): Promise<StoredFile> {
    if (!this.mirror) {
      const { path, size } = await this.file(rel, field);
      return localFile(path, size);
    }
    if (typeof rel !== 'string' || rel.trim() === '') throw badInput(field, 'required');
    if (rel.split('/').some((p) => p.startsWith('.') && p !== '.')) throw notFound('File not found');
    this.resolve(rel, field);
    const found = await this.mirror.stored(rel.replace(/^(\.\/)+/, ''));
    if (!found) throw notFound('File not found');
    return found;
  }

  /** Bytes the store holds for the space; undefined without a store (the folder is the files). */
  async storedBytes(): Promise<number | undefined> {
    return this.mirror?.storedBytes();
  }

  /**
   * Removes one v1 task's outputs here and in the store; folders it leaves empty go too, so a run
   * that ends after its owner was deleted does not bring the owner's space back.
   */
  async removeTask(id: number): Promise<void> {
    const dir = taskDirOf(id);
    await removeTree(join(this.root, dir));
    await this.mirror?.push([dir]);
    for (const empty of [join(this.root, 'tasks'), this.root]) await rmdir(empty).catch(() => {});
  }

  /** Removes the whole space, and its objects from the store. */
  async remove(): Promise<void> {
    await removeTree(this.root);
    await this.mirror?.removeStored();
  }

  /** Absolute path for a relative one (may not exist yet); 400 naming `field` for an escape. */
  resolve(rel: string, field = 'path'): string {
    try {
      return resolveInside(this.root, rel);
    } catch (err) {
      if (err instanceof AppError) throw badInput(field, err.message.replace(/^path: /, ''));
      throw err;
    }
  }

  /**
   * An existing regular file of this space: 400 for a malformed path (`..`, absolute, backslash),
   * 404 for anything missing, outside (symlinks followed) or not a file. Hidden names (temp files) are never served.
   */
  async file(rel: string, field = 'path'): Promise<{ path: string; size: number }> {
    if (typeof rel !== 'string' || rel.trim() === '') throw badInput(field, 'required');
    if (rel.split('/').some((p) => p.startsWith('.') && p !== '.')) throw notFound('File not found');
    this.resolve(rel, field);
    const path = await resolveExistingInside(this.root, rel).catch(() => null);
    if (!path) throw notFound('File not found');
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw notFound('File not found');
    return { path, size: info.size };
  }

  /** The relative form of an absolute path inside the space. */
  rel(abs: string): string {
    return relative(this.root, abs).split(sep).join('/');
  }
}
