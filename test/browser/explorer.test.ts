// The explorer in a real browser (Debian's chromium) with the network cut off: only the forum server's origin, and
// for the cross-origin test one other local origin, can be reached.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForum, type TestForum } from '../support/forum.js';
import { chromiumAvailable, offlineBrowser, type OfflineBrowser } from '../support/browser.js';

const available = chromiumAvailable();

/** Runs the Home operation of the first tab through GraphiQL's run button, and waits for its result. */
async function runHome(page: Page): Promise<string> {
  await page.locator('.graphiql-execute-button').click();
  // Several operations in the tab: GraphiQL asks which one.
  await page.getByRole('menuitem', { name: 'Home' }).click();
  // The result editor renders only the lines in view: its first lines are the categories.
  const result = page.locator('.result-window');
  await expect.poll(async () => result.innerText(), { timeout: 15_000 }).toContain('"categories"');
  return result.innerText();
}

describe.skipIf(!available)('the explorer in headless chromium without internet', () => {
  let forum: TestForum;
  let origin: string;
  let browser: OfflineBrowser;
  let otherSite: Server;
  let otherOrigin: string;

  beforeAll(async () => {
    forum = await startForum({ db: 'pglite', cache: 'memory', config: { seedDemo: true } });
    origin = new URL(forum.url).origin;
    // A page of another origin that calls the API from the browser, as a forum's own front end would.
    otherSite = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><title>another site</title><p>another site</p>');
    });
    await new Promise<void>((resolve) => otherSite.listen(0, '127.0.0.1', resolve));
    otherOrigin = `http://127.0.0.1:${(otherSite.address() as AddressInfo).port}`;
    browser = await offlineBrowser([origin, otherOrigin]);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    otherSite?.close();
    await forum?.close();
  });

  it('/explorer runs the README\'s Home query and shows its result, asking nothing of any other origin', async () => {
    const page = await browser.context.newPage();
    const before = browser.blocked.length;
    await page.goto(`${origin}/explorer`);
    await expect.poll(() => page.locator('.graphiql-container').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.locator('#about').innerText()).toContain('works without internet');
    const result = await runHome(page);
    expect(result).toContain('"data"');
    expect(result).toContain('"threadCount"');
    expect(result).not.toContain('"errors"');
    await browser.screenshot(page, 'explorer-home');
    expect(browser.blocked.slice(before)).toEqual([]);
    await page.close();
  });

  it('GET /graphql in a browser falls back to the explorer when Apollo Sandbox cannot be loaded', async () => {
    const page = await browser.context.newPage();
    const before = browser.blocked.length;
    await page.goto(`${origin}/graphql`);
    await page.waitForURL(`${origin}/explorer`, { timeout: 15_000 });
    const tried = browser.blocked.slice(before);
    // Only Apollo's own page asked for its CDN (and was refused); the explorer asked nothing of anyone.
    expect(tried.length).toBeGreaterThan(0);
    expect(tried.every((url) => /^https:\/\/[a-z-]+\.cdn\.apollographql\.com\/|^https:\/\/fonts\.googleapis\.com\//.test(url))).toBe(true);
    const afterRedirect = browser.blocked.length;
    expect(await runHome(page)).toContain('"categories"');
    await browser.screenshot(page, 'graphql-fallback-home');
    expect(browser.blocked.length).toBe(afterRedirect);
    await page.close();
  });

  it('a page of another origin runs the Home query and reads refusals (405, 413, bad JSON, 404) through CORS', async () => {
    const page = await browser.context.newPage();
    await page.goto(otherOrigin);
    const answers = await page.evaluate(async (api) => {
      const post = (body: string, init: RequestInit = {}) =>
        fetch(`${api}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, ...init })
          .then(async (r) => ({ status: r.status, body: await r.json() }), (e) => ({ status: 0, body: String(e) }));
      const home = '{ categories { slug } threads(first: 5, sort: LAST_ACTIVITY) { totalCount } }';
      return {
        home: await post(JSON.stringify({ query: home })),
        put: await post('{}', { method: 'PUT' }),
        large: await post('x'.repeat(1024 * 1024 + 1)),
        badJson: await post('{"query":'),
        missing: await fetch(`${api}/nowhere`).then(async (r) => ({ status: r.status, body: await r.json() }), (e) => ({ status: 0, body: String(e) })),
      };
    }, origin);
    expect(answers.home.status).toBe(200);
    expect(answers.home.body.data.threads.totalCount).toBeGreaterThan(0);
    expect([answers.put.status, answers.put.body.errors[0].extensions.code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
    expect([answers.large.status, answers.large.body.errors[0].extensions.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    expect([answers.badJson.status, answers.badJson.body.errors[0].extensions.code]).toEqual([400, 'BAD_REQUEST']);
    expect([answers.missing.status, answers.missing.body.errors[0].extensions.code]).toEqual([404, 'NOT_FOUND']);
    await page.close();
  });
});
