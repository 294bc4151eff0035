import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium; the tests never download a browser of their own. */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '../../test-artifacts/web');

/**
 * Whether the browser suites can run. Without Chromium they say so and are skipped, unless
 * BROWSER_TESTS=required (CI), where a missing browser is a failure rather than a silent skip.
 */
export function browserAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM)) return true;
  const why = `${suite}: Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`;
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

/** Builds the web app with the project's own Vite config into `outDir`, as `npm run build:web` does into dist/web. */
export function buildWebApp(outDir: string): void {
  const vite = join(__dirname, '../../node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'apps/web/vite.config.mjs', '--logLevel', 'error'], {
    cwd: join(__dirname, '../..'),
    env: { ...process.env, WEB_OUT_DIR: outDir },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`The web app did not build:\n${result.stdout}\n${result.stderr}`);
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`The web build wrote no index.html into ${outDir}`);
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
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
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} — ${violation.help}`));
}
