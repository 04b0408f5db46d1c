// The bulletin's PDF, printed by the chromium the host already has (the same one the browser tests drive): the
// HTML document sizes its own A4 pages (@page), so what prints is what the office saw on screen. Chromium is a
// system package, not an npm one; without it this fails saying where it looked and how to install it.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Where chromium is looked for unless DUBAN_CHROMIUM names another binary. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/** The chromium binary the PDF is printed with. */
export const chromiumPath = (): string => process.env.DUBAN_CHROMIUM ?? DEFAULT_CHROMIUM_PATH;

// Headless and quiet, without a sandbox (it runs as a service's user, often root in containers). Playwright gives
// every launch a fresh temporary profile and removes it on close. The browser tests launch with the same.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** No chromium where it is looked for: the message says where and how to install it. */
export class ChromiumMissingError extends Error {
  override name = 'ChromiumMissingError';
  constructor(readonly path: string) {
    super(
      `chromium is not installed at ${path}; printing a bulletin to PDF needs it. ` +
        'Install it with `apt-get update && apt-get install -y chromium fonts-noto-cjk` ' +
        '(or set DUBAN_CHROMIUM to a Chromium binary).',
    );
  }
}

/** The HTML document (bulletinDocumentHtml) printed to an A4 PDF with its fonts embedded. */
export async function renderBulletinPdf(html: string): Promise<Buffer> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) throw new ChromiumMissingError(executablePath);
  const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.setContent(html, { waitUntil: 'load' });
    // Local fonts load lazily: print only once every face the text uses is ready.
    await page.evaluate('document.fonts.ready.then(() => undefined)');
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    return Buffer.from(pdf);
  } finally {
    await browser.close();
  }
}
