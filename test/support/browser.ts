// Debian's chromium, driven by playwright-core, with the network cut off: every request to an origin not allowed is
// aborted and recorded, so a test can assert that none was even attempted. Unavailable: skip loudly, or fail under CI.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { isCI } from '../../src/config.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of browser tests: inside test-results/, which git ignores. */
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (isCI()) throw new Error(`${CHROMIUM} is missing, and CI requires it (.ci/run installs it with apt-get)`);
  console.warn(`\n!!!!! SKIPPING BROWSER TESTS: no ${CHROMIUM} (apt-get install chromium; set CI=true to fail instead) !!!!!\n`);
  return false;
}

export interface OfflineBrowser {
  context: BrowserContext;
  /** Every request the pages tried to send elsewhere than the allowed origins (all of them aborted). */
  blocked: string[];
  screenshot(page: import('playwright-core').Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function offlineBrowser(allowedOrigins: string[]): Promise<OfflineBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'forum-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
  });
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || url.startsWith('blob:') || allowedOrigins.includes(new URL(url).origin)) return route.continue();
    blocked.push(url);
    return route.abort('internetdisconnected');
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context, blocked,
    screenshot: async (page, name) => { await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) }); },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
