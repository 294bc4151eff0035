import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TEST_JWT_SECRET, tokenFor } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';
import { LAYOUT_PROBLEMS, artifactPath, browserAvailable, buildWebApp, launchBrowser } from '../support/browser';
import { startFakeIdentityProvider, type FakeIdentityProvider } from '../support/fake-identity-provider';

jest.setTimeout(120_000);

/**
 * The web app in Debian's Chromium against a real API on PGlite: people sign in through the development
 * list, a rep credits a product manager, the PM sees it, an executive watches the qualifiers change live,
 * and HR previews and saves a revision. Screenshots of each page go to test-artifacts/web.
 */
const describeInBrowser = browserAvailable('web app e2e') ? describe : describe.skip;

describeInBrowser('the web app in a browser', () => {
  let webDir: string;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'club-ledger-web-'));
    buildWebApp(webDir);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await browser?.close();
  });

  /** The API on a fresh PGlite folder, serving the web app built above, on a loopback port. */
  async function startApi(env: Record<string, string>): Promise<{ app: INestApplication; base: string }> {
    const dataDir = mkdtempSync(join(tmpdir(), 'club-ledger-web-data-'));
    const app = await createApp({ ...loadConfig({ DATA_DIR: dataDir, ...env }), webDir }, { logger: false });
    await app.listen(0, '127.0.0.1');
    return { app, base: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
  }

  async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport });
    contexts.push(context);
    return context.newPage();
  }

  describe('signed in through the identity provider', () => {
    let idp: FakeIdentityProvider;
    let app: INestApplication;
    let base: string;
    beforeAll(async () => {
      idp = await startFakeIdentityProvider('pm-1');
      ({ app, base } = await startApi({
        AUTH_JWKS_URL: idp.jwksUrl,
        AUTH_ISSUER: idp.issuer,
        AUTH_AUDIENCE: idp.audience,
        OIDC_AUTHORITY: idp.issuer,
        OIDC_CLIENT_ID: 'club-ledger-web',
      }));
      const hr = await idp.accessToken('hr-1', ['HR']);
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${hr}` },
        body: JSON.stringify({ query: 'mutation { registerEmployee(input: { id: "pm-1", name: "Priya PM", email: "priya@example.com", department: "Product Management" }) { id } }' }),
      });
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    });
    afterAll(async () => {
      await app?.close();
      await idp?.stop();
    });

    it('signs a person in with the authorization code and PKCE, and offers no development list', async () => {
      const page = await newPage();
      await page.goto(base);
      const company = page.getByRole('button', { name: 'Sign in with your company account' });
      await company.waitFor();
      expect(await page.getByRole('heading', { name: /Sign in as/ }).count()).toBe(0);
      await company.click();
      await page.getByRole('heading', { name: 'My recognition' }).waitFor();
      await page.getByRole('banner').getByText('Priya PM').waitFor();
      expect(idp.exchanges()).toBe(1);
      expect(new URL(page.url()).pathname).toBe('/recognition');
    });
  });

  describe('signed in from the development list', () => {
    let app: INestApplication;
    let base: string;

    beforeAll(async () => {
      ({ app, base } = await startApi({ AUTH_JWT_SECRET: TEST_JWT_SECRET }));
      await givenAYearSoFar();
      process.stdout.write(`web app e2e: Chromium against the API on PGlite at ${base}\n`);
    });
    afterAll(async () => app?.close());

    async function gql(sub: string, roles: string[], query: string): Promise<unknown> {
      const response = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenFor(sub, roles)}` },
        body: JSON.stringify({ query }),
      });
      const body = (await response.json()) as { data?: unknown; errors?: unknown[] };
      if (body.errors) throw new Error(`${query}\n${JSON.stringify(body.errors)}`);
      return body.data;
    }
    const hr = (query: string) => gql('hr-1', ['HR'], query);

    /** Three people, three won deals, one credit already given, and an open cross-functional program. */
    async function givenAYearSoFar() {
      const people = [
        ['rep-1', 'Riley Rep', 'Sales'],
        ['rep-2', 'Robin Rep', 'Sales'],
        ['pm-1', 'Priya PM', 'Product Management'],
        ['se-1', 'Sam Engineer', 'Sales Engineering'],
      ];
      for (const [id, name, department] of people) {
        await hr(`mutation { registerEmployee(input: { id: "${id}", name: "${name}", email: "${id}@example.com", department: "${department}" }) { id } }`);
      }
      const deals = [
        ['acme', 'Acme platform', 'rep-1', '500000'],
        ['globex', 'Globex renewal', 'rep-1', '300000'],
        ['initech', 'Initech expansion', 'rep-2', '200000'],
      ];
      for (const [id, name, owner, amount] of deals) {
        await gql(owner, [], `mutation { openDeal(input: { id: "${id}", name: "${name}", account: "${name.split(' ')[0]}", ownerId: "${owner}", type: NEW_BUSINESS, amount: "${amount}", products: ["Analytics"], openedOn: "2026-01-15" }) { id } }`);
        await gql(owner, [], `mutation { closeDeal(input: { dealId: "${id}", outcome: WON, closedOn: "2026-03-31" }) { id } }`);
      }
      await gql('rep-2', [], `mutation { creditContribution(input: { dealId: "initech", contributorId: "pm-1", kind: POC_SUPPORT, note: "Ran the proof of concept" }) { id } }`);
      await hr(`mutation { draftAwardProgram(input: { id: "xf-2026", name: "Cross-functional award", periodStart: "2026-01-01", periodEnd: "2026-12-31",
        audienceDepartments: ["Product Management", "Sales Engineering"],
        criteria: { thresholds: [{ metric: CREDITED_DEALS, atLeast: 2 }], rankBy: INFLUENCED_AMOUNT } }) { id } }`);
      await hr(`mutation { openAwardProgram(programId: "xf-2026") { id } }`);
    }

    /** A fresh browser session signed in by picking `who` from the development sign-in list. */
    async function signedInAs(who: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
      const page = await newPage(viewport);
      await page.goto(base);
      await page.getByLabel('Find a person').fill(who);
      await page.getByRole('button', { name: new RegExp(who) }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      return page;
    }

    const shot = (page: Page, name: string) => page.screenshot({ path: artifactPath(`${name}.png`), fullPage: true });

    it('shows the development sign-in list, marked as development only', async () => {
      const page = await newPage();
      await page.goto(`${base}/programs/xf-2026`);
      await page.getByRole('heading', { name: /Sign in as/ }).waitFor();
      await page.getByText('Development only').waitFor();
      await page.getByRole('button', { name: /Priya PM/ }).waitFor();
      await shot(page, '01-sign-in');
      expect(new URL(page.url()).pathname).toBe('/sign-in');
    });

    it('lets a rep credit a product manager, who then sees the credit and their progress change', async () => {
      const pm = await signedInAs('Priya PM');
      await pm.getByRole('heading', { name: 'My recognition' }).waitFor();
      const overall = pm.getByRole('progressbar', { name: 'Overall progress' }).first();
      await expect(overall.getAttribute('aria-valuenow')).resolves.toBe('50');
      await shot(pm, '02-recognition-before');

      const rep = await signedInAs('Riley Rep');
      await rep.getByRole('link', { name: 'My deals' }).click();
      await rep.getByRole('link', { name: 'Acme platform' }).click();
      await rep.getByRole('heading', { name: 'Acme platform', level: 1 }).waitFor();
      await rep.getByRole('combobox', { name: 'Contributor' }).fill('Priya');
      await rep.getByRole('option', { name: /Priya PM/ }).click();
      await rep.getByLabel('Kind').selectOption({ label: 'Roadmap briefing' });
      await rep.getByLabel('Note').fill('Briefed their CTO on the roadmap');
      await rep.getByRole('button', { name: 'Credit', exact: true }).click();
      await rep.getByText('Credited Priya PM for Roadmap briefing').waitFor();
      await shot(rep, '03-deal-credited');

      await pm.reload();
      await pm.getByText('Briefed their CTO on the roadmap').filter({ visible: true }).first().waitFor();
      await expect(pm.getByRole('progressbar', { name: 'Overall progress' }).first().getAttribute('aria-valuenow')).resolves.toBe('100');
      await pm.getByText(/Qualifies/).first().waitFor();
      await shot(pm, '04-recognition-after');
    });

    it('shows a rule refused by the ledger beside the field it concerns', async () => {
      const rep = await signedInAs('Riley Rep');
      await rep.goto(`${base}/deals/acme`);
      await rep.getByRole('combobox', { name: 'Contributor' }).fill('Priya');
      await rep.getByRole('option', { name: /Priya PM/ }).click();
      await rep.getByLabel('Kind').selectOption({ label: 'Roadmap briefing' });
      await rep.getByLabel('Note').fill('The same briefing again');
      await rep.getByRole('button', { name: 'Credit', exact: true }).click();
      const kindError = rep.locator('#credit-kind-error');
      await kindError.waitFor();
      expect(await kindError.textContent()).toMatch(/already/i);
      await expect(rep.getByLabel('Kind').getAttribute('aria-invalid')).resolves.toBe('true');
    });

    it('updates the qualifier list of an executive live when a contributor crosses the line', async () => {
      const ceo = await signedInAs('Executive');
      await ceo.goto(`${base}/programs/xf-2026`);
      const qualifiers = ceo.getByRole('table', { name: 'Qualifiers' });
      await qualifiers.getByRole('link', { name: 'Priya PM' }).waitFor();
      expect(await qualifiers.getByRole('link', { name: 'Sam Engineer' }).count()).toBe(0);
      await ceo.getByText('Live', { exact: true }).waitFor();

      for (const deal of ['acme', 'globex']) {
        await gql('rep-1', [], `mutation { creditContribution(input: { dealId: "${deal}", contributorId: "se-1", kind: POC_SUPPORT, note: "Ran the proof of concept" }) { id } }`);
      }
      await qualifiers.getByRole('link', { name: 'Sam Engineer' }).waitFor({ timeout: 15_000 });
      await ceo.getByText(/Sam Engineer now qualifies/).waitFor();
      await shot(ceo, '05-dashboard-live');

      await qualifiers.getByRole('link', { name: 'Sam Engineer' }).click();
      await ceo.getByRole('heading', { name: /Sam Engineer/ }).first().waitFor();
      await ceo.getByRole('link', { name: 'Globex renewal' }).first().waitFor();
      await shot(ceo, '06-standing-evidence');
    });

    it('lets HR preview a criteria change, then save it with a reason', async () => {
      const people = await signedInAs('HR');
      await people.getByRole('link', { name: /Edit.*Cross-functional award/ }).click();
      const threshold = people.getByRole('group', { name: 'Threshold 1' });
      await threshold.getByLabel('At least').fill('3');
      await people.getByRole('button', { name: 'Preview' }).click();
      const preview = people.getByRole('region', { name: 'Preview' });
      const lost = preview.getByRole('list', { name: 'Lost' });
      await lost.getByText('Priya PM').waitFor();
      await lost.getByText('Sam Engineer').waitFor();
      expect(await preview.textContent()).toMatch(/0 gained, 2 lost/);
      await shot(people, '07-editor-preview');

      await people.getByLabel('Reason for this revision').fill('Three deals make a pattern');
      await people.getByRole('button', { name: 'Save revision' }).click();
      await people.getByText('Three deals make a pattern').first().waitFor();
      const criteria = (await hr(`{ awardProgram(id: "xf-2026") { criteria { version reason thresholds { atLeast } } } }`)) as {
        awardProgram: { criteria: { version: number; reason: string; thresholds: { atLeast: number }[] } };
      };
      expect(criteria.awardProgram.criteria).toEqual({ version: 2, reason: 'Three deals make a pattern', thresholds: [{ atLeast: 3 }] });
      await shot(people, '08-editor-saved');
    });

    it.each([
      ['Riley Rep', '/deals', 'my-deals'],
      ['Riley Rep', '/deals/acme', 'deal'],
      ['Priya PM', '/recognition', 'recognition'],
      ['HR', '/programs', 'programs'],
      ['HR', '/programs/xf-2026/edit', 'editor'],
      ['Executive', '/programs/xf-2026', 'dashboard'],
      ['Executive', '/programs/xf-2026/people/pm-1', 'standing'],
    ])('fits a phone and labels every control for %s at %s', async (who, path, name) => {
      const page = await signedInAs(who, { width: 390, height: 844 });
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle');
      await shot(page, `phone-${name}`);
      const layout = await page.evaluate(LAYOUT_PROBLEMS);
      expect(layout).toEqual({ overflow: 0, unlabelled: [] });
    });
  });
});
