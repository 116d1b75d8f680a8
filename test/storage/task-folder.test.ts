// The task folder against the real file system: public paths name files one way only, invalidation
// removes exactly what WORKFLOW says a segment owns, and a staged change is all or nothing.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outputsAfter } from '../../src/pipeline/workflow.js';
import { type FolderFaults, TaskFolders } from '../../src/storage/task-folder.js';
import { canonicalId } from '../../src/validation.js';
import { sampleScript } from '../contract/harness.js';
import { fileHashes } from '../helpers/files.js';

let root: string;
beforeAll(async () => {
  root = join(await mkdtemp(join(tmpdir(), 'sa-folder-')), 'generated_stories');
});
afterAll(async () => {
  await rm(join(root, '..'), { recursive: true, force: true });
});

/** A task folder as Speech leaves it: script with segments and audio fields, images, WAVs, a video. */
async function finishedTask(folders: TaskFolders, taskId: number) {
  const folder = folders.of(taskId);
  const script = sampleScript();
  await folder.writeScript({
    ...script,
    pages: script.pages.map((p) => ({
      ...p,
      audio: `speech/p${p.page}.wav`,
      duration: 2,
      segments: [{ text: p.text, audio: `speech/p${p.page}_1.wav`, duration: 2, start: 0, words: [] }],
    })),
  });
  for (const rel of ['image/p1.png', 'image/p2.png', 'speech/p1.wav', 'speech/p1_1.wav', 'video/output.mp4'])
    await folder.writeFile(rel, `old ${rel}`);
  return folder;
}

describe('public paths', () => {
  const folders = new TaskFolders('/srv/x/generated_stories');

  it('name a file by the artifact root’s base name, the task id and the relative path', () => {
    expect(folders.publicPath(12, 'image/p1.png')).toBe('generated_stories/12/image/p1.png');
    expect(folders.parsePublicPath('generated_stories/12/image/p1.png')).toEqual({
      taskId: 12,
      rel: 'image/p1.png',
    });
  });

  it.each([
    'generated_stories/012/image/p1.png',
    'generated_stories/0x10/image/p1.png',
    'generated_stories/1e1/image/p1.png',
    'generated_stories/+1/image/p1.png',
    'generated_stories/2147483648/script_data.json',
    'generated_stories/12/.script_data.json.0123456789ab.tmp',
    'generated_stories/12//script_data.json',
    'generated_stories/12',
    'other/12/script_data.json',
  ])('name nothing for %s', (path) => {
    expect(folders.parsePublicPath(path)).toBeUndefined();
  });

  it('accept only canonical decimal ids within int4', () => {
    expect(['1', '11', '2147483647'].map(canonicalId)).toEqual([1, 11, 2147483647]);
    for (const bad of ['0', '011', '11.0', '11e0', ' 11', '11 ', '0x10', '+11', '-1', '2147483648', '', '１'])
      expect(canonicalId(bad)).toBeUndefined();
  });
});

describe('invalidation', () => {
  it('after Image removes Split’s and Speech’s script fields and the later segments’ files', async () => {
    const folder = await finishedTask(new TaskFolders(root), 1);
    await folder.clear(outputsAfter(2));
    expect(Object.keys(fileHashes(folder.dir)).sort()).toEqual([
      'image/p1.png',
      'image/p2.png',
      'script_data.json',
    ]);
    const script = await folder.readScript();
    expect(script.pages.map((p) => [p.segments, p.audio, p.duration])).toEqual([
      [undefined, undefined, undefined],
      [undefined, undefined, undefined],
    ]);
  });

  it('after Split keeps the segments but removes what Speech added to them', async () => {
    const folder = await finishedTask(new TaskFolders(root), 2);
    await folder.clear(outputsAfter(3));
    const page = (await folder.readScript()).pages[0]!;
    expect(page.segments).toEqual([{ text: page.text }]);
    expect([page.audio, page.duration]).toEqual([undefined, undefined]);
    expect(existsSync(join(folder.dir, 'speech'))).toBe(false);
    expect(existsSync(join(folder.dir, 'image/p1.png'))).toBe(true);
  });

  it('removes temp files and folders an interrupted write or change left, and nothing else', async () => {
    const folder = await finishedTask(new TaskFolders(root), 3);
    await writeFile(join(folder.dir, '.script_data.json.0123456789ab.tmp'), 'half');
    await writeFile(join(folder.dir, 'video', '.output.mp4.0123456789ab.tmp.mp4'), 'half');
    await mkdir(join(folder.dir, '.image.0123456789ab.tmp'));
    await writeFile(join(folder.dir, '.image.0123456789ab.tmp', 'p1.png'), 'aside');
    await writeFile(join(folder.dir, '.notes'), 'mine');
    await folder.removeTempFiles();
    expect(Object.keys(fileHashes(folder.dir)).sort()).toEqual([
      '.notes',
      'image/p1.png',
      'image/p2.png',
      'script_data.json',
      'speech/p1.wav',
      'speech/p1_1.wav',
      'video/output.mp4',
    ]);
  });
});

describe('a staged change', () => {
  const fail = (err: unknown) => {
    throw err;
  };
  const newScript = () => ({ ...sampleScript(), title: 'A new title' });

  it('commits: the new script without later fields is in place, the later files are gone, nothing temp is left', async () => {
    const folder = await finishedTask(new TaskFolders(root), 10);
    const change = await folder.stage({ script: await folder.readScript(), clear: outputsAfter(1) });
    await change.commitWith(async (swap) => swap(), fail);
    expect(Object.keys(fileHashes(folder.dir))).toEqual(['script_data.json']);
    expect((await folder.readScript()).pages[0]!.segments).toBeUndefined();
  });

  it.each(['stage', 'swap', 'finish'] as const)(
    'that fails at %s leaves the folder as it was, or (after the commit) only temp names',
    async (step) => {
      const faults: FolderFaults = {
        beforeStep: (s) => {
          if (s === step) throw new Error(`injected: ${s}`);
        },
      };
      const folders = new TaskFolders(root, faults);
      const folder = await finishedTask(new TaskFolders(root), 20);
      const before = fileHashes(folder.dir);
      if (step === 'stage') {
        await expect(folders.of(20).stage({ script: newScript(), clear: outputsAfter(1) })).rejects.toThrow(
          /injected/,
        );
        expect(fileHashes(folder.dir)).toEqual(before);
        return;
      }
      const change = await folders.of(20).stage({ script: newScript(), clear: outputsAfter(1) });
      if (step === 'swap') {
        await expect(change.commitWith(async (swap) => swap(), fail)).rejects.toThrow(/injected/);
        expect(fileHashes(folder.dir)).toEqual(before);
        return;
      }
      // finish runs after the commit: the new state stands (no error for the caller), the failure is
      // reported, and only temp names are left behind.
      const leftovers: unknown[] = [];
      await change.commitWith(
        async (swap) => swap(),
        (err) => leftovers.push(err),
      );
      expect(String(leftovers[0])).toMatch(/injected: finish/);
      expect((await folder.readScript()).title).toBe('A new title');
      await folder.removeTempFiles();
      expect(Object.keys(fileHashes(folder.dir))).toEqual(['script_data.json']);
    },
  );

  it('whose database transaction fails after the swap puts every file back', async () => {
    const folder = await finishedTask(new TaskFolders(root), 30);
    const before = fileHashes(folder.dir);
    const change = await folder.stage({ script: newScript(), clear: outputsAfter(1) });
    await expect(
      change.commitWith(async (swap) => {
        await swap();
        throw new Error('commit failed');
      }, fail),
    ).rejects.toThrow('commit failed');
    expect(fileHashes(folder.dir)).toEqual(before);
  });

  it('for a task with no folder yet leaves none behind when it fails', async () => {
    const folder = new TaskFolders(root).of(40);
    const change = await folder.stage({ script: newScript(), clear: outputsAfter(1) });
    await expect(change.commitWith(async () => Promise.reject(new Error('409')), fail)).rejects.toThrow(
      '409',
    );
    expect(existsSync(folder.dir)).toBe(false);
  });
});
