import { chromium } from 'playwright-core';

/** Chromium's network emulation for a phone on a slow connection: 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency. */
const SLOW_PHONE = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
/** The headless shell the browser tests drive (package chromium-headless-shell), which CI installs. */
const CHROMIUM = '/usr/bin/chromium-headless-shell';

export interface FirstVisitFigures {
  /** From navigation start until the person's standings and credits are on screen. */
  recognitionMs: number;
  /** Bytes on the wire, compressed as served. */
  transferredKb: number;
  requests: number;
}

/**
 * A first visit (nothing cached) to My recognition over an emulated slow phone connection, signed in with `token`:
 * how long until the page answers, and what it cost in bytes and requests.
 */
export async function firstVisit(apiUrl: string, token: string): Promise<FirstVisitFigures> {
  const base = apiUrl.replace(/\/graphql$/, '');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    // A string, evaluated in the page: the bench is compiled without the DOM's types.
    await context.addInitScript(`sessionStorage.setItem('club-ledger.token', ${JSON.stringify(token)})`);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', SLOW_PHONE);
    let bytes = 0;
    let requests = 0;
    cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
      bytes += event.encodedDataLength;
      requests += 1;
    });
    const started = Date.now();
    await page.goto(`${base}/recognition`);
    await page.getByRole('heading', { name: 'My recognition', level: 1 }).waitFor({ timeout: 60_000 });
    // Answered: the standings' cards and the credits received have replaced their loading lines.
    await page.getByRole('heading', { name: 'Credits I received' }).waitFor({ timeout: 60_000 });
    await page.waitForFunction(`document.querySelectorAll('main .loading').length === 0`, undefined, { timeout: 60_000 });
    const recognitionMs = Date.now() - started;
    return { recognitionMs, transferredKb: bytes / 1024, requests };
  } finally {
    await browser.close();
  }
}
