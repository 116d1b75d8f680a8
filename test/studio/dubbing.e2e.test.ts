// The studio's dubbing panel in a real browser (Debian's Chromium, headless, playwright-core)
// against a real embedded `storyagent serve`: upload a two-line SRT, write the narration, dub it,
// play a line's WAV (fetched with the token) and see the result JSON offered for download.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, haveChromium, type Studio, startStudio } from '../helpers/studio-browser.js';

if (!haveChromium)
  console.log('studio dubbing e2e skipped: /usr/bin/chromium is missing (apt-get install chromium)');

/** What the test reads of an <audio> (the suite's types have no DOM). */
interface AudioElement {
  readyState: number;
  duration: number;
  error: { code: number } | null;
  addEventListener(type: string, fn: () => void): void;
}

const SRT = `1
00:00:01,000 --> 00:00:03,000
The fox found a golden key.

2
00:00:04,000 --> 00:00:06,500
It opened a tiny door in the old oak.
`;

describe.skipIf(!haveChromium)('studio dubbing panel in Chromium', { timeout: 120_000 }, () => {
  let studio: Studio;
  let page: Page;

  beforeAll(async () => {
    studio = await startStudio('dubbing');
    await writeFile(join(studio.dir, 'talk.srt'), SRT);
    // Phone width: the panel must work there.
    page = await studio.newPage({ viewport: { width: 390, height: 844 } });
  });

  afterAll(async () => {
    await studio?.stop();
  });

  it('uploads an SRT, narrates and dubs it, plays a line and offers the JSON', async () => {
    await page.goto(studio.base);
    await page.getByLabel('Username').fill(`dub${process.pid}`);
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('link', { name: 'Dubbing' }).click();
    await page.getByLabel(/Transcript/).setInputFiles(join(studio.dir, 'talk.srt'));
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

  it('keeps the upload, the tasks and their results when the user goes to the stories and back', async () => {
    await page.getByRole('link', { name: 'Back to my stories' }).click();
    await page.getByRole('heading', { name: 'My stories' }).waitFor();
    await page.getByRole('link', { name: 'Dubbing' }).click();
    await page.getByText(/Uploaded: .*talk\.srt/).waitFor();
    await page.locator('[data-kind="dubbing"] [data-status="COMPLETED"]').waitFor();
    expect(await page.getByLabel('Voice template').inputValue()).toBe('espeak_en');
    expect(await page.locator('[data-kind="dubbing"] a[download]').getAttribute('href')).toMatch(/^blob:/);
    await page.getByRole('button', { name: 'Listen line 1' }).waitFor();
  });

  it('speaks Chinese to a Chinese browser, and new stories default to Chinese', async () => {
    const zh = await studio.newPage({ locale: 'zh-CN' });
    await zh.goto(studio.base);
    await zh.getByLabel('用户名').fill(`zh${process.pid}`);
    await zh.getByLabel('密码').fill('correct horse battery');
    await zh.getByRole('button', { name: '注册' }).click();
    expect(await zh.getByLabel('语言').inputValue()).toBe('zh');
    await zh.screenshot({ path: join(ARTIFACTS, 'studio-zh.png'), fullPage: true });
    await zh.context().close();
  });
});
