// `storyagent worker`: runs queued segments (scaled mode: DATABASE_URL and REDIS_URL set). Any number
// of workers share the queue; SIGTERM lets running segments finish, or hands them back to the queue.
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { startRuntime } from '../runtime.js';
import { wholeNumber } from './options.js';
import { onShutdownSignal } from './signals.js';

const concurrency = wholeNumber('--concurrency', 1, 64);
const milliseconds = (flag: string) => wholeNumber(flag, 100, undefined, ' of milliseconds');

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('Run queued segments (needs DATABASE_URL and REDIS_URL)')
    .option('--concurrency <n>', 'segments run at once (default QUEUE_CONCURRENCY or 2)', concurrency)
    .option(
      '--lock-duration <ms>',
      "a killed worker's job is taken over after about this long plus 2 × --stalled-interval (default 30000)",
      milliseconds('--lock-duration'),
    )
    .option(
      '--stalled-interval <ms>',
      'how often to look for jobs of dead workers (default 15000)',
      milliseconds('--stalled-interval'),
    )
    .option(
      '--grace <ms>',
      'on SIGTERM, how long running segments may finish before they go back to the queue',
      milliseconds('--grace'),
      10_000,
    )
    .action(
      async (flags: {
        concurrency?: number;
        lockDuration?: number;
        stalledInterval?: number;
        grace: number;
      }) => {
        const config = loadConfig();
        const runtime = await startRuntime({
          config,
          role: 'worker',
          concurrency: flags.concurrency,
          lockDurationMs: flags.lockDuration,
          stalledIntervalMs: flags.stalledInterval,
          graceMs: flags.grace,
        });
        // Catch SIGTERM before announcing readiness: whoever reads that line may stop us at once.
        // Running segments get their grace; the rest of the close has 20 s more.
        const stopped = onShutdownSignal(() => runtime.close(), flags.grace + 20_000);
        await runtime.workerReady();
        console.error(
          `storyagent: worker ready (concurrency ${flags.concurrency ?? config.QUEUE_CONCURRENCY}, queue prefix ${config.QUEUE_PREFIX})`,
        );
        await stopped;
      },
    );
}
