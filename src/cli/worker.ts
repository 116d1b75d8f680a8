// `storyagent worker`: runs queued segments (scaled mode: DATABASE_URL and REDIS_URL set). Any number
// of workers share the queue; SIGTERM lets running segments finish, or hands them back to the queue.
import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config.js';
import { startRuntime } from '../runtime.js';
import { onShutdownSignal } from './signals.js';

const concurrency = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('--concurrency must be 1-64');
  return n;
};

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Run queued segments (needs DATABASE_URL and REDIS_URL)')
    .option('--concurrency <n>', 'segments run at once (default QUEUE_CONCURRENCY or 2)', concurrency)
    .action(async (flags: { concurrency?: number }) => {
      const config = loadConfig();
      const runtime = await startRuntime({ config, role: 'worker', concurrency: flags.concurrency });
      console.error(
        `storyagent: worker ready (concurrency ${flags.concurrency ?? config.QUEUE_CONCURRENCY}, queue prefix ${config.QUEUE_PREFIX})`,
      );
      await onShutdownSignal(() => runtime.close());
    });
}
