// A task's folder, the only code that knows paths inside one: the script read and written atomically
// and checked, files written atomically, a segment's outputs invalidated, temp files cleaned, and
// changes that replace earlier results prepared beside them and swapped in (FolderChange).
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { AppError } from '../errors.js';
import { type StoryScript, StoryScriptSchema } from '../story/script.js';
import { canonicalId } from '../validation.js';
import { produceAtomic, removeTree, tempPathFor, writeFileAtomic } from './atomic.js';
import { type FolderMirror, localFile, type StoredFile, type StoreMirror } from './mirror.js';
import { resolveExistingInside, resolveInside } from './paths.js';

export const SCRIPT_FILE = 'script_data.json';

/**
 * What one segment owns in a task folder, so that invalidating it removes exactly that: files and
 * folders (relative paths), and fields it adds to the script, as dotted paths where `*` stands for
 * every element of an array (`pages.*.segments`).
 */
export interface OwnedOutputs {
  files: readonly string[];
  scriptFields: readonly string[];
}

/** Steps of a staged change, for FolderFaults. */
export type ChangeStep = 'stage' | 'swap' | 'finish';

/**
 * A seam for tests of failure paths: called before each step of a staged change; whatever it
 * throws makes that step fail as a full disk or a failing rename would.
 */
export interface FolderFaults {
  beforeStep?(step: ChangeStep): void | Promise<void>;
}

/** Names of unfinished writes and of staged-aside old state (tempPathFor): `.name.<hex>.tmp[.ext]`. */
const TEMP_NAME = /^\..+\.tmp(\.[^.]+)?$/;

/**
 * The artifact root (`STORAGE_DIR`): one folder per task, named by its id. With an object store, each
 * folder is this process's working copy of the task's objects (`tasks/{id}/…`).
 */
export class TaskFolders {
  constructor(
    readonly root: string,
    private readonly faults: FolderFaults = {},
    private readonly store?: StoreMirror,
  ) {}

  of(taskId: number): TaskFolder {
    const dir = join(this.root, String(taskId));
    return new TaskFolder(dir, this.faults, this.store?.folder(dir, `tasks/${taskId}/`));
  }

  /** `generated_stories/{task_id}/image/p1.png`: how API answers and notifications name a file. */
  publicPath(taskId: number, rel: string): string {
    return `${basename(this.root)}/${taskId}/${rel}`;
  }

  /** The task and relative path a public path names, or undefined when it names none (never a folder or temp file). */
  parsePublicPath(path: string): { taskId: number; rel: string } | undefined {
    const parts = path.split('/');
    if (parts[0] !== basename(this.root) || parts.length < 3) return undefined;
    const taskId = canonicalId(parts[1]!);
    if (taskId === undefined) return undefined;
    if (parts.slice(2).some((p) => p === '' || p.startsWith('.'))) return undefined;
    return { taskId, rel: parts.slice(2).join('/') };
  }

  /** Creates the next numbered folder (1, 2, …) for a CLI run, safe against a concurrent run. */
  async allocate(): Promise<TaskFolder> {
    await mkdir(this.root, { recursive: true });
    const taken = (await readdir(this.root)).filter((n) => /^\d+$/.test(n)).map(Number);
    let n = taken.length ? Math.max(...taken) + 1 : 1;
    for (;;) {
      const dir = join(this.root, String(n));
      try {
        await mkdir(dir);
        return new TaskFolder(dir, this.faults);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        n++;
      }
    }
  }
}

export class TaskFolder {
  constructor(
    /** Absolute path of the folder (ffmpeg and the CLI's messages need it). */
    readonly dir: string,
    private readonly faults: FolderFaults = {},
    /** The task's objects in the store, when the files live there. */
    private readonly mirror?: FolderMirror,
  ) {}

  /**
   * Brings the stored files (all, or the named files and folders) into this working copy; files
   * the store no longer has are removed. Without a store the folder is the files: nothing to do.
   */
  async pull(rels?: readonly string[]): Promise<void> {
    await this.mirror?.pull(rels);
  }

  /**
   * Stores what this working copy holds (all, or the named files and folders): new and changed
   * files uploaded, removed ones deleted from the store. Without a store, nothing to do.
   */
  async push(rels?: readonly string[]): Promise<void> {
    await this.mirror?.push(rels);
  }

  /** Bytes the store holds for the task; undefined without a store (the folder is the files). */
  async storedBytes(): Promise<number | undefined> {
    return this.mirror?.storedBytes();
  }

  /** A file for a reader (the file routes): from the store when there is one, else from the folder. */
  async stored(rel: string): Promise<StoredFile | undefined> {
    if (this.mirror) return this.mirror.stored(rel);
    const file = await this.existingFile(rel);
    return file && localFile(file.path, file.size);
  }

  /** Absolute path of a file in the folder; a path that would leave it is a 400. */
  file(rel: string): string {
    return resolveInside(this.dir, rel);
  }

  async exists(rel: string): Promise<boolean> {
    return stat(this.file(rel)).then(
      () => true,
      () => false,
    );
  }

  /** An existing regular file's absolute path and size, following symlinks only inside the folder. */
  async existingFile(rel: string): Promise<{ path: string; size: number } | undefined> {
    const path = await resolveExistingInside(this.dir, rel);
    if (!path) return undefined;
    const info = await stat(path).catch(() => null);
    return info?.isFile() ? { path, size: info.size } : undefined;
  }

  readFile(rel: string): Promise<Buffer> {
    return readFile(this.file(rel));
  }

  writeFile(rel: string, data: string | Uint8Array): Promise<void> {
    return writeFileAtomic(this.file(rel), data);
  }

  /** `produce(tmpPath)` writes the file (e.g. ffmpeg), which is renamed into place when it is done. */
  produce(rel: string, produce: (tmpPath: string) => Promise<void>): Promise<void> {
    return produceAtomic(this.file(rel), produce);
  }

  /**
   * A temp path beside `rel` with its extension (its folder created), for a tool that needs a file
   * on disk before the result is put in place; the caller removes it.
   */
  async draftPath(rel: string): Promise<string> {
    const target = this.file(rel);
    await mkdir(dirname(target), { recursive: true });
    return `${tempPathFor(target)}${extname(target)}`;
  }

  /** Names of the files in a sub-folder ([] when it does not exist). */
  async list(relDir: string): Promise<string[]> {
    return readdir(this.file(relDir)).catch(() => [] as string[]);
  }

  async removeFile(rel: string): Promise<void> {
    await rm(this.file(rel), { force: true });
  }

  /**
   * Reads and checks the script. A missing file is a 409 (Story has not run); a file that is not
   * JSON or not a valid script is a 422 naming the first bad field; other I/O errors pass through.
   */
  async readScript(): Promise<StoryScript> {
    let raw: string;
    try {
      raw = await readFile(join(this.dir, SCRIPT_FILE), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        throw new AppError(
          'precondition_failed',
          409,
          `${SCRIPT_FILE} is missing: run the Story segment first`,
        );
      throw err;
    }
    return parseScript(raw);
  }

  async writeScript(script: StoryScript): Promise<void> {
    await writeFileAtomic(join(this.dir, SCRIPT_FILE), scriptJson(script));
  }

  /**
   * Removes what the given segments own: their files, and their fields from the script (rewritten
   * only when it had some). A missing or invalid script has no such fields; I/O errors propagate.
   */
  async clear(outputs: readonly OwnedOutputs[]): Promise<void> {
    for (const o of outputs)
      for (const f of o.files) await rm(this.file(f), { recursive: true, force: true });
    const fields = outputs.flatMap((o) => o.scriptFields);
    if (fields.length === 0) return;
    const script = await this.readScript().catch((err: unknown) => {
      if (err instanceof AppError) return null;
      throw err;
    });
    if (script && stripFields(script, fields)) await this.writeScript(script);
  }

  /** Removes what interrupted writes and changes left behind (`.x.<hex>.tmp` files and folders). */
  async removeTempFiles(): Promise<void> {
    await removeTemp(this.dir);
  }

  /** Removes the whole folder, and the task's objects from the store. */
  async remove(): Promise<void> {
    await removeTree(this.dir);
    await this.mirror?.removeStored();
  }

  /**
   * Prepares a change beside the current state, touching nothing a reader sees: the new script (if
   * any) is serialised and written to a temp file now, so any failure to produce it leaves the folder
   * as it was. See FolderChange for the rest.
   */
  async stage(change: { script?: StoryScript; clear: readonly OwnedOutputs[] }): Promise<FolderChange> {
    await this.faults.beforeStep?.('stage');
    let script = change.script;
    if (script) {
      script = structuredClone(script);
      stripFields(
        script,
        change.clear.flatMap((o) => o.scriptFields),
      );
    }
    const staged: Array<{ rel: string; tmp: string }> = [];
    let created = false;
    if (script) {
      const target = join(this.dir, SCRIPT_FILE);
      const tmp = tempPathFor(target);
      const json = scriptJson(script);
      created = (await mkdir(this.dir, { recursive: true })) !== undefined;
      try {
        await writeFile(tmp, json);
      } catch (err) {
        await rm(tmp, { force: true });
        if (created) await rmdir(this.dir).catch(() => {});
        throw err;
      }
      staged.push({ rel: SCRIPT_FILE, tmp });
    }
    const cleared = [...new Set(change.clear.flatMap((o) => o.files))];
    return new FolderChange(this, this.faults, staged, cleared, created);
  }
}

/**
 * A change prepared by TaskFolder.stage(). `commitWith(commitDb)` runs the caller's database
 * transaction, which calls `swap()` as its last step: the old files are moved aside (renames, no
 * copies) and the new ones into place. If the transaction fails, the old state is moved back; once
 * it has committed, what the old state owned is removed (and, with an object store, the change is
 * stored). So files and rows change together: a failure at any point before the commit leaves both
 * exactly as they were.
 */
export class FolderChange {
  private readonly moved: Array<{ from: string; aside: string }> = [];
  /** Staged files renamed into place so far. */
  private readonly placed: string[] = [];
  private done = false;

  constructor(
    private readonly folder: TaskFolder,
    private readonly faults: FolderFaults,
    private readonly staged: Array<{ rel: string; tmp: string }>,
    private readonly cleared: string[],
    /** The folder did not exist before stage(): a change that fails removes it again. */
    private readonly created: boolean,
  ) {}

  /**
   * `onLeftover` hears of a failure to remove the old state after the commit: the change stands
   * (the caller's answer is a success), and what is left carries temp names that the next run of a
   * segment removes.
   */
  async commitWith<T>(
    commitDb: (swap: () => Promise<void>) => Promise<T>,
    onLeftover: (err: unknown) => void,
  ): Promise<T> {
    let result: T;
    try {
      result = await commitDb(() => this.swap());
    } catch (err) {
      await this.undo();
      throw err;
    }
    await this.finish().catch(onLeftover);
    // With an object store, the change reaches other hosts only once stored. A failure here is the
    // caller's error; the rows stand, and repeating the change stores it.
    await this.folder.push([...this.staged.map((s) => s.rel), ...this.cleared]);
    return result;
  }

  private async swap(): Promise<void> {
    await this.faults.beforeStep?.('swap');
    for (const rel of this.cleared) await this.moveAside(rel);
    for (const { rel, tmp } of this.staged) {
      await this.moveAside(rel);
      await rename(tmp, this.folder.file(rel));
      this.placed.push(this.folder.file(rel));
    }
  }

  private async moveAside(rel: string): Promise<void> {
    const from = this.folder.file(rel);
    const aside = tempPathFor(from);
    try {
      await rename(from, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    this.moved.push({ from, aside });
  }

  /** Puts back what swap() moved; removes staged files. */
  private async undo(): Promise<void> {
    if (this.done) return;
    this.done = true;
    for (const { tmp } of this.staged) await rm(tmp, { force: true });
    for (const path of this.placed) await rm(path, { force: true });
    for (const { from, aside } of this.moved.reverse()) {
      await rm(from, { recursive: true, force: true });
      await rename(aside, from);
    }
    if (this.created) await rmdir(this.folder.dir).catch(() => {});
  }

  /** After the commit: what the old state owned goes. A failure leaves only temp names behind. */
  private async finish(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.faults.beforeStep?.('finish');
    for (const { aside } of this.moved) await rm(aside, { recursive: true, force: true });
  }
}

function scriptJson(script: StoryScript): string {
  return `${JSON.stringify(StoryScriptSchema.parse(script), null, 2)}\n`;
}

function parseScript(raw: string): StoryScript {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new AppError(
      'invalid_script',
      422,
      `${SCRIPT_FILE} is not valid JSON (${err instanceof Error ? err.message : String(err)})`,
    );
  }
  const parsed = StoryScriptSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || '(root)';
    throw new AppError('invalid_script', 422, `${SCRIPT_FILE}: ${field}: ${issue?.message ?? 'invalid'}`, {
      field,
    });
  }
  return parsed.data;
}

/** Deletes the dotted fields (`*` = every array element); true when anything was there. */
function stripFields(value: unknown, fields: readonly string[]): boolean {
  let changed = false;
  const strip = (node: unknown, path: string[]): void => {
    if (node === null || typeof node !== 'object') return;
    const [head, ...rest] = path;
    if (head === undefined) return;
    if (head === '*') {
      if (Array.isArray(node)) for (const item of node) strip(item, rest);
      return;
    }
    const obj = node as Record<string, unknown>;
    if (!Object.hasOwn(obj, head)) return;
    if (rest.length === 0) {
      delete obj[head];
      changed = true;
    } else strip(obj[head], rest);
  };
  for (const f of fields) strip(value, f.split('.'));
  return changed;
}

async function removeTemp(dir: string): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (TEMP_NAME.test(e.name)) await rm(path, { recursive: true, force: true });
    else if (e.isDirectory()) await removeTemp(path);
  }
}
