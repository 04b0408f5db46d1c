// A real browser for the web tests: Debian's chromium driven by playwright-core. Never skipped: without
// chromium the tests fail and say how to install it.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from '../../client/bulletin/pdf';

export const CHROMIUM_PATH = chromiumPath();
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../test-results/screenshots');

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `chromium is not installed at ${CHROMIUM_PATH}; the browser tests need it. ` +
        'Install it with `apt-get update && apt-get install -y chromium fonts-noto-cjk` ' +
        '(or set DUBAN_CHROMIUM to a Chromium binary).',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Saves a screenshot (full page unless `fullPage: false`) as test-results/screenshots/<name>.png. */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  // From the top, so that the sticky header is drawn where it belongs in a full-page image.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  return file;
}
