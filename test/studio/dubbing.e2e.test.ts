// The studio's dubbing panel in a real browser (Debian's Chromium, headless, playwright-core)
// against a real embedded `storyagent serve`: upload a two-line SRT, write the narration, dub it,
// play a line's WAV (fetched with the token) and see the result JSON offered for download.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../contract/harness.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(REPO_ROOT, 'test-artifacts', 'studio');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.log(`studio dubbing e2e skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

/** What the test reads of an <audio> (the suite's types have no DOM). */
interface AudioElement {
  readyState: number;
  duration: number;
  error: { code: number } | null;
  addEventListener(type: string, fn: () => void): void;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });

const SRT = `1
00:00:01,000 --> 00:00:03,000
The fox found a golden key.

2
00:00:04,000 --> 00:00:06,500
It opened a tiny door in the old oak.
`;

describe.skipIf(!haveChromium)('studio dubbing panel in Chromium', { timeout: 120_000 }, () => {
  let dir: string;
  let serve: ChildProcess;
  let base: string;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    execFileSync(
      join(REPO_ROOT, 'node_modules/.bin/vite'),
      ['build', '--config', 'studio/vite.config.ts', '--logLevel', 'warn'],
      { cwd: REPO_ROOT, stdio: 'inherit' },
    );
    dir = await mkdtemp(join(tmpdir(), 'storyagent-dubbing-'));
    await writeFile(join(dir, 'talk.srt'), SRT);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    serve = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--port', String(port)], {
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
    });
    for (let i = 0; ; i++) {
      const ok = await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (i > 300) throw new Error('serve did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required'],
    });
    // Phone width: the panel must work there.
    page = await (
      await browser.newContext({ locale: 'en-US', viewport: { width: 390, height: 844 } })
    ).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    if (serve && serve.exitCode === null) {
      serve.kill('SIGTERM');
      await new Promise((r) => serve.once('exit', r));
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('uploads an SRT, narrates and dubs it, plays a line and offers the JSON', async () => {
    await page.goto(base);
    await page.getByLabel('Username').fill(`dub${process.pid}`);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('link', { name: 'Dubbing' }).click();
    await page.getByLabel(/Transcript/).setInputFiles(join(dir, 'talk.srt'));
    await page.getByText(/Uploaded: .*talk\.srt/).waitFor();
    await page.getByLabel('Voice template').selectOption('espeak_en');

    await page.getByRole('button', { name: 'Write narration' }).click();
    await page.locator('[data-kind="narration"] [data-status="COMPLETED"]').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Dub' }).click();
    await page.locator('[data-kind="dubbing"] [data-status="COMPLETED"]').waitFor({ timeout: 30_000 });

    const json = page.locator('[data-kind="dubbing"] a[download]');
    expect(await json.getAttribute('href')).toMatch(/^blob:/);
    const download = await json.evaluate(async (a: { href: string }) => (await fetch(a.href)).json());
    expect((download as { dubbing_script: unknown[] }).dubbing_script.length).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'Listen line 1' }).click();
    const duration = await page.getByLabel('line 1', { exact: true }).evaluate(
      (a: AudioElement) =>
        new Promise<number>((resolve, reject) => {
          if (a.readyState >= 1) resolve(a.duration);
          a.addEventListener('loadedmetadata', () => resolve(a.duration));
          a.addEventListener('error', () => reject(new Error(`audio error ${a.error?.code}`)));
        }),
    );
    expect(duration).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'dubbing-panel.png'), fullPage: true });
  });
});
