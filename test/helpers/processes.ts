// Processes on this machine whose command line mentions a text (Linux /proc), for tests that check
// no child process outlives the one that started it.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export function processesMentioning(text: string): Array<{ pid: number; cmdline: string }> {
  const found: Array<{ pid: number; cmdline: string }> = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      continue; // gone meanwhile
    }
    if (cmdline.includes(text)) found.push({ pid: Number(name), cmdline });
  }
  return found;
}

/** Waits until no process mentions `text`, or `ms` have passed; resolves with what is left. */
export async function afterProcessesGone(text: string, ms: number) {
  const until = Date.now() + ms;
  for (;;) {
    const left = processesMentioning(text);
    if (left.length === 0 || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until some process mentions `text` (e.g. a task's ffmpeg has started); false after `ms`. */
export async function untilProcessMentions(text: string, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (processesMentioning(text).length === 0) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

/** Processes whose working directory is `dir` (a chunk's ffmpeg runs in its task folder). */
export function processesIn(dir: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`) === dir) found.push(Number(name));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}
