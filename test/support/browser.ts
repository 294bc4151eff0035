import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout } from 'node:timers/promises';
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

/**
 * The web app built with the project's own Vite config, as `npm run build:web` does into dist/web: once per test run,
 * into the run's folder, whichever browser suite asks first; another asking meanwhile waits for that build.
 */
export async function builtWebApp(): Promise<string> {
  const run = process.env.CLUB_LEDGER_TESTS_TMPDIR ?? mkdtempSync(join(tmpdir(), 'club-ledger-web-'));
  const outDir = join(run, 'web');
  const failure = join(run, 'web.failed');
  try {
    mkdirSync(join(run, 'web.lock'));
  } catch {
    return builtElsewhere(outDir, failure);
  }
  const building = join(run, 'web.building');
  const result = await new Promise<{ status: number | null; output: string }>((resolve) => {
    const vite = join(__dirname, '../../node_modules/vite/bin/vite.js');
    const child = spawn(process.execPath, [vite, 'build', '--config', 'apps/web/vite.config.mjs', '--logLevel', 'error'], {
      cwd: join(__dirname, '../..'),
      env: { ...process.env, WEB_OUT_DIR: building },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (status) => resolve({ status, output }));
  });
  const problem = result.status !== 0 ? `The web app did not build:\n${result.output}` : existsSync(join(building, 'index.html')) ? undefined : `The web build wrote no index.html into ${building}`;
  if (problem) {
    writeFileSync(failure, problem);
    throw new Error(problem);
  }
  renameSync(building, outDir);
  return outDir;
}

async function builtElsewhere(outDir: string, failure: string): Promise<string> {
  for (;;) {
    if (existsSync(outDir)) return outDir;
    if (existsSync(failure)) throw new Error(readFileSync(failure, 'utf8'));
    await setTimeout(250);
  }
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
