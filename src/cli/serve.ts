// `storyagent serve`: the HTTP API and WebSocket gateway. Embedded (no DATABASE_URL / REDIS_URL) it
// also runs the jobs; scaled, `storyagent worker` processes do.
import type { Command } from 'commander';
import { loadConfig } from '../config.js';
import type { Deployment } from '../deployment.js';
import { startRuntime } from '../runtime.js';
import { wholeNumber } from './options.js';
import { onShutdownSignal } from './signals.js';

const port = wholeNumber('--port', 0, 65535);

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the HTTP API (/api, /docs) and notifications (/ws/notifications)')
    .option('--port <n>', 'port to listen on (default PORT or 8000)', port)
    .option('--host <addr>', 'address to listen on (default HOST or 127.0.0.1)')
    .action(async (flags: { port?: number; host?: string }) => {
      const config = loadConfig(process.env, {
        ...(flags.port !== undefined ? { PORT: flags.port } : {}),
        ...(flags.host !== undefined ? { HOST: flags.host } : {}),
      });
      const runtime = await startRuntime({ config, role: 'serve' });
      // Catch SIGTERM before telling anyone we are up: a supervisor may stop us the moment it reads that line.
      const stopped = onShutdownSignal(() => runtime.close());
      let address: string;
      try {
        address = await runtime.app!.listen({ port: config.PORT, host: config.HOST });
      } catch (err) {
        // Release DATA_DIR, the database and the queue before reporting, so nothing is left held.
        await runtime.close();
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EADDRINUSE') {
          throw new Error(`${config.HOST}:${config.PORT} is already in use; choose another with --port`);
        }
        throw err;
      }
      console.error(
        `storyagent: serving ${address} (${describeDeployment(runtime.deployment)}); API docs at ${address}/docs`,
      );
      await stopped;
    });
}

function describeDeployment(d: Deployment): string {
  return d.mode === 'embedded'
    ? `embedded: PGlite in ${d.database.dataDir}, in-process queue`
    : 'scaled: PostgreSQL, Redis queue';
}
