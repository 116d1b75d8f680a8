// Working copies of a task folder on two hosts through a real S3-protocol server: what one pushes
// the other pulls, removals travel both ways, named paths limit a sync to themselves, and files of
// unfinished writes never leave the host.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { storageTarget } from '../../src/deployment.js';
import { openStoreMirror, type StoreMirror } from '../../src/storage/mirror.js';
import { TaskFolders } from '../../src/storage/task-folder.js';
import { startTestS3, type TestS3 } from '../helpers/s3-server.js';

describe('task folders mirrored in an object store', () => {
  let s3: TestS3;
  let dir: string;
  const stores: StoreMirror[] = [];
  beforeAll(async () => {
    s3 = await startTestS3();
    dir = await mkdtemp(join(tmpdir(), 'storyagent-mirror-'));
  });
  afterAll(async () => {
    for (const s of stores) await s.store.close();
    await s3?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** A host: its own STORAGE_DIR, the same store. */
  const host = (name: string) => {
    const store = openStoreMirror(storageTarget(loadConfig(s3.env('m'))))!;
    stores.push(store);
    return new TaskFolders(join(dir, name, 'generated_stories'), {}, store).of(7);
  };

  it('what one host pushes another pulls; removals and named paths travel; temp files stay', async () => {
    const a = host('a');
    const b = host('b');
    await a.writeFile('script_data.json', '{"v":1}');
    await a.writeFile('image/p1.png', 'png-1');
    await a.writeFile('image/.p2.png.abc123.tmp', 'half');
    await a.push();
    expect(await s3.keys('m/tasks/7/')).toEqual(['m/tasks/7/image/p1.png', 'm/tasks/7/script_data.json']);

    await b.pull();
    expect(await readFile(b.file('image/p1.png'), 'utf8')).toBe('png-1');
    expect(existsSync(b.file('image/.p2.png.abc123.tmp'))).toBe(false);

    // B changes the script and adds a picture, but stores only the picture.
    await b.writeFile('script_data.json', '{"v":2}');
    await b.writeFile('image/p2.png', 'png-2');
    await b.push(['image']);
    await a.pull();
    expect(await readFile(a.file('image/p2.png'), 'utf8')).toBe('png-2');
    expect(await readFile(a.file('script_data.json'), 'utf8')).toBe('{"v":1}');

    // A removes a picture: gone from the store, then from B's copy.
    await a.removeFile('image/p1.png');
    await a.push();
    expect(await s3.keys('m/tasks/7/image/')).toEqual(['m/tasks/7/image/p2.png']);
    await b.pull();
    expect(existsSync(b.file('image/p1.png'))).toBe(false);
    // A pull replaces B's unstored change with the stored script.
    expect(await readFile(b.file('script_data.json'), 'utf8')).toBe('{"v":1}');

    const stored = await b.stored('image/p2.png');
    expect(stored?.size).toBe(5);
    expect(await b.stored('image/p1.png')).toBeUndefined();
    await b.remove();
    expect(await s3.keys('m/tasks/7/')).toEqual([]);
    expect(existsSync(b.dir)).toBe(false);
  });

  it('a malformed STORAGE_URL or half a key pair is refused naming the setting', () => {
    expect(() => loadConfig({ STORAGE_URL: 'http://bucket/x' })).toThrow(/STORAGE_URL/);
    expect(() => storageTarget(loadConfig({ STORAGE_URL: 's3://bucket', S3_ACCESS_KEY_ID: 'k' }))).toThrow(
      /S3_SECRET_ACCESS_KEY/,
    );
  });
});
