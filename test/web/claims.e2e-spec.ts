import type { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '@club-ledger/kernel';
import { TEST_JWT_SECRET, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { LAYOUT_PROBLEMS, screenshot, browserAvailable, builtWebApp, launchBrowser } from '../support/browser';

jest.setTimeout(180_000);

/**
 * A claim for credit in Debian's Chromium against a real API on PGlite: a sales engineer the rep forgot asks for
 * credit from the deal's page, the rep approves it under "Waiting for me", and the credit appears on the engineer's
 * recognition page, given by the rep. Screenshots go to test-artifacts/web.
 */
const describeInBrowser = browserAvailable('claims in the browser') ? describe : describe.skip;

describeInBrowser('a claim for credit in the browser', () => {
  let browser: Browser;
  let app: INestApplication;
  let base: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    const webDir = await builtWebApp();
    browser = await launchBrowser();
    const config = loadConfig({ ...pgliteStore('claims-web-data'), AUTH_JWT_SECRET: TEST_JWT_SECRET });
    app = await createApp({ ...config, webDir }, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    for (const [id, name, department] of [['rep-1', 'Riley Rep', 'Sales'], ['se-1', 'Sam Engineer', 'Sales Engineering']]) {
      await gql('hr-1', ['HR'], `mutation { registerEmployee(input: { id: "${id}", name: "${name}", email: "${id}@example.com", department: "${department}" }) { id } }`);
    }
    await gql('rep-1', [], `mutation { openDeal(input: { id: "acme", name: "Acme platform", account: "Acme", ownerId: "rep-1", type: NEW_BUSINESS, amount: "500000", products: [], openedOn: "2026-01-15" }) { id } }`);
    await gql('rep-1', [], `mutation { closeDeal(input: { dealId: "acme", outcome: WON, closedOn: "2026-03-31" }) { id } }`);
    // Building the web app is most of this, and takes long on a busy machine.
  }, 600_000);
  // A test's pages close with it: an open page keeps its subscriptions, and refetches on every later change.
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function gql(sub: string, roles: string[], query: string): Promise<void> {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(sub, roles)}` },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    if (body.errors) throw new Error(`${query}\n${JSON.stringify(body.errors)}`);
  }

  async function signedInAs(who: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(base);
    await page.getByLabel('Find a person').fill(who);
    await page.getByRole('button', { name: new RegExp(who) }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    return page;
  }

  it('walks a claim from asking to the credit on the claimant\'s recognition page', async () => {
    const engineer = await signedInAs('Sam Engineer');
    await engineer.goto(`${base}/deals/acme`);
    await engineer.getByRole('heading', { name: 'Ask for credit' }).waitFor();
    await engineer.getByLabel('What kind of help').selectOption({ label: 'POC support' });
    await engineer.getByLabel('What you did').fill('Ran the proof of concept over a weekend');
    expect(await engineer.evaluate(LAYOUT_PROBLEMS)).toEqual({ overflow: 0, unlabelled: [] });
    await engineer.getByRole('button', { name: 'Ask for credit' }).click();
    await engineer.getByText(/Asked\. Riley Rep decides/).waitFor();
    await screenshot(engineer, 'claims-01-asked');

    const rep = await signedInAs('Riley Rep');
    await rep.getByRole('link', { name: 'Notifications, 1 unread' }).click();
    await rep.getByRole('link', { name: 'Sam Engineer asks for credit for POC support on Acme platform' }).waitFor();
    await rep.getByRole('link', { name: 'Claims' }).click();
    await rep.getByRole('heading', { name: 'Waiting for me (1)' }).waitFor();
    await rep.getByText('Ran the proof of concept over a weekend').waitFor();
    await screenshot(rep, 'claims-02-waiting');
    await rep.getByRole('button', { name: 'Approve' }).click();
    await rep.getByRole('heading', { name: 'Waiting for me (0)' }).waitFor();

    // The engineer's page has stayed open: the decision and the credit reach its bell as they are recorded.
    await engineer.getByRole('link', { name: 'Notifications, 2 unread' }).waitFor();
    await engineer.getByRole('link', { name: 'My recognition' }).click();
    await engineer.getByRole('heading', { name: 'Credits I received' }).waitFor();
    const credit = engineer.getByRole('row').filter({ hasText: 'Ran the proof of concept over a weekend' });
    await credit.waitFor();
    expect(await credit.textContent()).toContain('Riley Rep');
    await screenshot(engineer, 'claims-03-credited');

    await engineer.getByRole('link', { name: 'Notifications, 2 unread' }).click();
    await engineer.getByRole('link', { name: 'Riley Rep approved your claim for POC support on Acme platform' }).waitFor();
    await engineer.getByRole('link', { name: 'Riley Rep credited you for POC support on Acme platform' }).waitFor();
    expect(await engineer.evaluate(LAYOUT_PROBLEMS)).toEqual({ overflow: 0, unlabelled: [] });
    await screenshot(engineer, 'claims-04-notifications');
    await engineer.getByRole('button', { name: 'Mark all read' }).click();
    await engineer.getByText('0 unread of 2.').waitFor();
    await engineer.getByRole('link', { name: 'Notifications', exact: true }).waitFor();
  });

  it('keeps a person\'s choice of how they are told', async () => {
    const engineer = await signedInAs('Sam Engineer');
    await engineer.goto(`${base}/notifications/settings`);
    await engineer.getByLabel('In chat').uncheck();
    await engineer.getByLabel('I am close to qualifying').check();
    expect(await engineer.evaluate(LAYOUT_PROBLEMS)).toEqual({ overflow: 0, unlabelled: [] });
    await engineer.getByRole('button', { name: 'Save' }).click();
    await engineer.getByText('Saved.').waitFor();
    await engineer.reload();
    await engineer.getByLabel('By email').waitFor();
    expect(await engineer.getByLabel('In chat').isChecked()).toBe(false);
    expect(await engineer.getByLabel('By email').isChecked()).toBe(true);
    expect(await engineer.getByLabel('I am close to qualifying').isChecked()).toBe(true);
    await screenshot(engineer, 'claims-05-notification-settings');
  });
});
