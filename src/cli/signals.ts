// Graceful stop for long-running commands: the first SIGTERM/SIGINT closes everything in order
// (HTTP → workers → queues → Redis → database); a second one exits at once.
export function onShutdownSignal(close: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        console.error(`storyagent: ${signal} again, exiting now`);
        process.exit(130);
      }
      stopping = true;
      console.error(`storyagent: ${signal}, shutting down`);
      close().then(
        () => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
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
