// The studio's end-to-end suites share this: a real embedded `storyagent serve` in a temp folder
// and Debian's Chromium driven headless by playwright-core (never a browser download).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { REPO_ROOT } from '../contract/harness.js';
import { freePort } from './ports.js';

export const CHROMIUM = '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
/** Where the suites' screenshots go (kept as CI artifacts). */
export const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'studio');

const STUDIO_SRC = join(REPO_ROOT, 'studio');
const STUDIO_BUILT = join(REPO_ROOT, 'dist', 'studio', 'index.html');

/** Newest modification time under `dir` (the studio's sources). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * Builds the studio as `npm run build` does, only when dist/studio is missing or older than its
 * sources: `npm test` has just built it, and two suites building at once would race on the folder.
 */
function buildStudioIfStale(): void {
  if (existsSync(STUDIO_BUILT) && statSync(STUDIO_BUILT).mtimeMs >= newest(join(STUDIO_SRC, 'src'))) return;
  execFileSync(
    join(REPO_ROOT, 'node_modules/.bin/vite'),
    ['build', '--config', 'studio/vite.config.ts', '--logLevel', 'warn'],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
}

export interface Studio {
  /** http://127.0.0.1:PORT */
  base: string;
  /** The temp folder the server keeps its data in (free for the test's own files too). */
  dir: string;
  browser: Browser;
  /** A page in a new browser context (its own cookies), English by default. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  stop(): Promise<void>;
}

/** Starts `serve` (embedded, offline providers) and Chromium; `name` prefixes the temp folder. */
export async function startStudio(name: string): Promise<Studio> {
  await mkdir(ARTIFACTS, { recursive: true });
  buildStudioIfStale();
  const dir = await mkdtemp(join(tmpdir(), `storyagent-${name}-`));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const serve: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', String(port)],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATA_DIR: join(dir, 'data'),
        STORAGE_DIR: join(dir, 'generated_stories'),
        SHARED_MEDIA_DIR: join(dir, 'shared_media'),
        DATABASE_URL: '',
        REDIS_URL: '',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 300 || serve.exitCode !== null) throw new Error('serve did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required'],
  });
  return {
    base,
    dir,
    browser,
    newPage: async (options = {}) =>
      (
        await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, ...options })
      ).newPage(),
    stop: async () => {
      await browser.close();
      if (serve.exitCode === null) {
        serve.kill('SIGTERM');
        await new Promise((r) => serve.once('exit', r));
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
