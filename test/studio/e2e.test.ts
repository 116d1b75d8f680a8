// The studio in a real browser (Debian's Chromium, headless, driven by playwright-core) against a
// real `storyagent serve` (embedded): sign up, create a two-page story, watch its segments complete
// without a reload, play and seek the video, edit page 2's text, re-voice it, redraw it with a new
// seed, render again; page 1's picture keeps its bytes, page 2's changes; another user gets nothing.
// A screenshot of each step goes to test-artifacts/studio/.
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, haveChromium, type Studio, startStudio } from '../helpers/studio-browser.js';

if (!haveChromium) console.log('studio e2e skipped: /usr/bin/chromium is missing (apt-get install chromium)');

/** What the test reads of the page's <video> (the suite's types have no DOM). */
interface VideoElement {
  readyState: number;
  duration: number;
  currentTime: number;
  error: { code: number } | null;
  load(): void;
  addEventListener(type: string, fn: () => void, opts?: { once: boolean }): void;
}

describe.skipIf(!haveChromium)('studio in Chromium', { timeout: 300_000 }, () => {
  let studio: Studio;
  let base: string;
  let page: Page;
  let taskId = 0;
  let step = 0;
  const password = 'correct horse battery';
  const username = `studio${process.pid}`;

  const shot = async (name: string) => {
    step += 1;
    await page.screenshot({
      path: join(ARTIFACTS, `${String(step).padStart(2, '0')}-${name}.png`),
      fullPage: true,
    });
  };
  const tokenOf = async (user: string) => {
    const res = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user, password }),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const picture = async (n: number) => {
    const res = await fetch(`${base}/api/files/generated_stories/${taskId}/image/p${n}.png`, {
      headers: { authorization: `Bearer ${await tokenOf(username)}` },
    });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  };
  /** A segment's status as the storyboard shows it. */
  const status = (segment: number) => page.locator(`.board li[data-segment="${segment}"]`);
  /** Waits until the storyboard shows segment `segment` with `value` (the page is never reloaded). */
  const shows = (segment: number, value: string, timeout = 60_000) =>
    page.locator(`.board li[data-segment="${segment}"][data-status="${value}"]`).waitFor({ timeout });
  const card = (n: number) => page.getByRole('region', { name: `Page ${n}` });

  beforeAll(async () => {
    studio = await startStudio('studio');
    base = studio.base;
    page = await studio.newPage();
  });

  afterAll(async () => {
    await studio?.stop();
  });

  it('signs up, creates a two-page story and sees every segment complete without a reload', async () => {
    await page.goto(base);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await shot('sign-up');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.getByLabel('Topic').fill('A shy little fox who wants to sing');
    await page.getByLabel('Language').selectOption('en');
    await page.getByLabel('Pages').fill('2');
    // Fast narration makes a short video: the render is what takes time here.
    await page.getByLabel('Speech speed').fill('2');
    await shot('new-story');
    await page.getByRole('button', { name: 'Create and run' }).click();
    await page.waitForURL(/#\/story\/\d+$/);
    taskId = Number(/(\d+)$/.exec(page.url())![1]);
    await page
      .locator('.board li[data-status="running"], .board li[data-status="completed"]')
      .first()
      .waitFor();
    await shot('running');
    await shows(5, 'completed', 180_000);
    expect(await page.locator('.board li[data-status="completed"]').count()).toBe(5);
    await page.locator('video').scrollIntoViewIfNeeded();
    await shot('completed');
  });

  it('plays the video and seeks in it', async () => {
    const duration = await page.locator('video').evaluate(
      (v: VideoElement) =>
        new Promise<number>((resolve, reject) => {
          if (v.readyState >= 1) resolve(v.duration);
          v.addEventListener('loadedmetadata', () => resolve(v.duration));
          v.addEventListener('error', () => reject(new Error(`video error ${v.error?.code}`)));
          v.load();
        }),
    );
    expect(duration).toBeGreaterThan(0);
    const at = await page.locator('video').evaluate(
      (v: VideoElement, to: number) =>
        new Promise<number>((resolve) => {
          v.addEventListener('seeked', () => resolve(v.currentTime), { once: true });
          v.currentTime = to;
        }),
      duration / 2,
    );
    expect(Math.abs(at - duration / 2)).toBeLessThan(0.5);
    await shot('video-seeked');
  });

  it("edits page 2's text, re-voices it, redraws it with a new seed and renders again", async () => {
    const before1 = await picture(1);
    const before2 = await picture(2);
    const text = 'The little fox took a deep breath and sang one clear note to the moon.';
    await card(2).getByLabel('Text').fill(text);
    await card(2).getByRole('button', { name: 'Save text' }).click();
    await shows(4, 'pending');
    expect(await status(4).textContent()).toContain('page 2');
    await shows(5, 'pending');
    await shot('text-saved-speech-stale');

    await card(2).getByRole('button', { name: 'Re-voice' }).click();
    await shows(4, 'completed');
    expect(await card(2).getByLabel('Text').inputValue()).toBe(text);
    await shot('revoiced');

    const oldSrc = await card(2).locator('img').getAttribute('src');
    await card(2).getByLabel(/Seed/).fill('777');
    await card(2).getByRole('button', { name: 'Redraw' }).click();
    await page.waitForFunction(
      `document.querySelector('.card[data-page="2"] img')?.getAttribute('src') !== ${JSON.stringify(oldSrc)}`,
      undefined,
      { timeout: 60_000 },
    );
    await shows(2, 'completed');
    await shot('redrawn');

    // "Rewrite" asks the story writer for page 1 in other words; its narration is stale until re-voiced.
    const text1 = await card(1).getByLabel('Text').inputValue();
    await card(1).getByRole('button', { name: 'Rewrite' }).click();
    await page.waitForFunction(
      `document.querySelector('.card[data-page="1"] textarea')?.value !== ${JSON.stringify(text1)}`,
      undefined,
      { timeout: 60_000 },
    );
    await shows(4, 'pending');
    expect(await status(4).textContent()).toContain('page 1');
    await card(1).getByRole('button', { name: 'Re-voice' }).click();
    await shows(4, 'completed');
    await shot('rewritten');

    await page.getByRole('button', { name: 'Render video' }).click();
    await shows(5, 'completed', 180_000);
    await page.locator('.cards').scrollIntoViewIfNeeded();
    await shot('storyboard');

    expect((await picture(1)).equals(before1)).toBe(true);
    expect((await picture(2)).equals(before2)).toBe(false);
  });

  it('another user cannot open the story', async () => {
    const other = await studio.newPage();
    await other.goto(base);
    await other.getByLabel('Username').fill(`${username}b`);
    await other.getByLabel('Password').fill(password);
    await other.getByRole('button', { name: 'Sign up' }).click();
    await other.getByRole('heading', { name: 'My stories' }).waitFor();
    await other.goto(`${base}/#/story/${taskId}`);
    await other.getByText('Choose a story, or write a new one.').waitFor();
    expect(await other.getByText('A shy little fox').count()).toBe(0);
    const token = await tokenOf(`${username}b`);
    const res = await fetch(`${base}/api/files/generated_stories/${taskId}/image/p1.png?token=${token}`);
    expect(res.status).toBe(404);
    await other.screenshot({ path: join(ARTIFACTS, `${String(++step).padStart(2, '0')}-other-user.png`) });
    await other.context().close();
  });
});
