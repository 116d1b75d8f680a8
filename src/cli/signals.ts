// Graceful stop for long-running commands: the first SIGTERM/SIGINT closes everything in order
// (HTTP → workers → queues → Redis → database); a second one exits at once. A stop always ends
// the process: a close that outlives `deadlineMs` exits with 1, and once close is done the process
// exits even if a client left behind keeps reconnecting (Redis restarted while we ran).
/**
 * Ends the process shortly (after stdout has drained) even if a client left behind keeps it
 * alive, e.g. one reconnecting to a Redis that went away; a process with nothing left ends sooner
 * by itself. The exit code is process.exitCode.
 */
export function exitSoonAfterWork(): void {
  setTimeout(() => process.exit(), 2000).unref();
}

export function onShutdownSignal(close: () => Promise<void>, deadlineMs = 30_000): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        console.error(`storyagent: ${signal} again, exiting now`);
        process.exit(130);
      }
      stopping = true;
      console.error(`storyagent: ${signal}, shutting down`);
      setTimeout(() => {
        console.error(`storyagent: shutdown took longer than ${deadlineMs} ms, exiting now`);
        process.exit(1);
      }, deadlineMs).unref();
      close().then(
        () => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          exitSoonAfterWork();
          resolve();
        },
        (err) => {
          console.error(`storyagent: shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
          process.exit(1);
        },
      );
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
