import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { builtProduct } from './built-product';

/**
 * Debian's Chromium in its headless shell (package chromium-headless-shell), the build Playwright itself runs headless
 * pages in: the same Blink as the full browser without its windowing layers, so the same pages cost less processor
 * time than /usr/bin/chromium in its headless mode. The tests never download a browser of their own.
 */
export const CHROMIUM = '/usr/bin/chromium-headless-shell';
export const ARTIFACTS = join(__dirname, '../../test-artifacts/web');

/**
 * Whether the browser suites can run. Without Chromium they say so and are skipped, unless
 * BROWSER_TESTS=required (CI), where a missing browser is a failure rather than a silent skip.
 */
export function browserAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const why = `${suite}: Chromium not found at ${CHROMIUM} (apt-get install -y chromium-headless-shell)`;
  if (process.env.BROWSER_TESTS === 'required') throw new Error(`${why}, and BROWSER_TESTS=required`);
  process.stdout.write(`${why}: skipped\n`);
  return false;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** The web app as `npm run build` leaves it in dist/web (see `builtProduct`). */
export async function builtWebApp(): Promise<string> {
  return join(await builtProduct(), 'web');
}

function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/**
 * The whole page as it is now, saved under test-artifacts/web for people to look at. JPEG: Chromium compresses a
 * full-page PNG with zlib at a cost of its own for every shot, and the picture is only for reading.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: artifactPath(`${name}.jpg`), type: 'jpeg', quality: 80, fullPage: true });
}

/**
 * Evaluated in the page (a string: the test code has no DOM types): how far the page overflows the window
 * sideways, and the form controls that have no accessible label.
 */
export const LAYOUT_PROBLEMS = `(() => {
  const unlabelled = [...document.querySelectorAll('input, select, textarea')]
    .filter((control) => control.type !== 'hidden' && control.labels.length === 0
      && !control.getAttribute('aria-label') && !control.getAttribute('aria-labelledby'))
    .map((control) => control.outerHTML.slice(0, 120));
  return { overflow: document.documentElement.scrollWidth - window.innerWidth, unlabelled };
})()`;

/**
 * axe-core's serious and critical findings on the page as it is now, each as "rule: target" (empty when clean):
 * what keeps someone on a keyboard or a screen reader from using it.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  // In the page itself (legacy mode): the default runs each frame's part there, then opens a blank page and injects
  // axe again to put the parts together, which our pages without frames do not need. Only violations are gathered in
  // detail, as only they are read.
  const results = await new AxeBuilder({ page }).setLegacyMode().options({ resultTypes: ['violations'] }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} — ${violation.help}`));
}
