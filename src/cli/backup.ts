// `storyagent backup --out FILE` and `storyagent restore FILE`: the embedded mode's data (PGlite,
// task folders, v1 user spaces) in one archive; refused while a server runs on DATA_DIR.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { backup, restore } from '../ops/backup.js';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description(
      'Write DATA_DIR, STORAGE_DIR and SHARED_MEDIA_DIR to one .tar.gz (embedded mode, server stopped)',
    )
    .requiredOption('--out <file>', 'the archive to write, e.g. storyagent-2026-01-31.tar.gz')
    .action(async (flags: { out: string }) => {
      const out = resolve(flags.out);
      const { bytes } = await backup(loadConfig(), out);
      console.log(`Backup written: ${out} (${(bytes / 1024 / 1024).toFixed(1)} MiB)`);
    });
  program
    .command('restore')
    .description('Restore a backup into empty DATA_DIR, STORAGE_DIR and SHARED_MEDIA_DIR (embedded mode)')
    .argument('<file>', 'an archive written by storyagent backup')
    .action(async (file: string) => {
      const config = loadConfig();
      const { parts } = await restore(config, resolve(file));
      console.log(
        `Restored ${parts.join(', ')} into ${config.dataRoot}, ${config.storageRoot}, ${config.sharedMediaRoot}`,
      );
    });
}
