// `storyagent doctor`: the operator's checks (the seed's RedisTest.sh and ThirdTest.sh, and more) as
// one table with a line of advice per failure; exit 0 only when every check passes.
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import { runClientFlow } from '../ops/client-flow.js';
import { formatResults, runDoctor } from '../ops/doctor.js';
import { wholeNumber } from './options.js';
import { exitSoonAfterWork } from './signals.js';
import { readPasswordFromStdin } from './user.js';

export function registerDoctor(program: Command): void {
  program
    .command('doctor')
    .description('Check ffmpeg, fonts, folders, database, Redis, queue, workers and provider keys')
    .option(
      '--server <url>',
      "also run a client's flow against a running server: login, create, execute, a notification",
    )
    .option(
      '--username <name>',
      'with --server: an existing user (password on stdin); default a new throwaway user',
    )
    .option('--only <names>', 'comma-separated checks to run, e.g. Redis,workers (a container health check)')
    .option(
      '--timeout <s>',
      'with --server: seconds to wait for the notification (default 60)',
      wholeNumber('--timeout', 1, 3600),
      60,
    )
    .addHelpText(
      'after',
      `
Reads the same settings as serve and worker (DATA_DIR, STORAGE_DIR, DATABASE_URL, REDIS_URL, …);
keys are checked for presence only and never printed. Exit code 0 only when every check passes.`,
    )
    .action(async (flags: { server?: string; username?: string; timeout: number; only?: string }) => {
      const config = loadConfig();
      const results = await runDoctor({ config, only: flags.only?.split(',') });
      if (flags.server) {
        const password = flags.username ? await readPasswordFromStdin() : undefined;
        results.push(
          ...(await runClientFlow({
            server: flags.server,
            username: flags.username,
            password,
            timeoutMs: flags.timeout * 1000,
          })),
        );
      }
      console.log(formatResults(results));
      process.exitCode = results.some((r) => r.status === 'fail') ? 1 : 0;
      // A check cut off by its time limit (Redis gone mid-check) can leave a client reconnecting.
      exitSoonAfterWork();
    });
}
