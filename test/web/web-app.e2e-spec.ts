import { readFile } from 'node:fs/promises';
import type { INestApplication } from '@nestjs/common';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { TEST_JWT_SECRET, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';
import { LAYOUT_PROBLEMS, accessibilityProblems, screenshot, browserAvailable, builtWebApp, launchBrowser } from '../support/browser';
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
    webDir = await builtWebApp();
    browser = await launchBrowser();
    // Vite's build alone may take minutes on a loaded machine.
  }, 600_000);
  // A test's pages close with it: an open page keeps its subscriptions, and refetches on every later change.
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** The API on a fresh PGlite folder, serving the web app built above, on a loopback port. */
  async function startApi(env: Record<string, string>): Promise<{ app: INestApplication; base: string }> {
    const app = await createApp({ ...loadConfig({ ...pgliteStore('web-data'), ...env }), webDir }, { logger: false });
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
    function signedInAs(who: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
      return signedInAt(who, '/', viewport);
    }

    /** A fresh browser session that opens `path`, signing in on the way: the sign-in returns to the page asked for. */
    async function signedInAt(who: string, path: string, viewport: { width: number; height: number }): Promise<Page> {
      const page = await newPage(viewport);
      await page.goto(`${base}${path}`);
      await page.getByLabel('Find a person').fill(who);
      await page.getByRole('button', { name: new RegExp(who) }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
      return page;
    }

    it('shows the development sign-in list, marked as development only', async () => {
      const page = await newPage();
      await page.goto(`${base}/programs/xf-2026`);
      await page.getByRole('heading', { name: /Sign in as/ }).waitFor();
      await page.getByText('Development only').waitFor();
      await page.getByRole('button', { name: /Priya PM/ }).waitFor();
      await screenshot(page, '01-sign-in');
      expect(new URL(page.url()).pathname).toBe('/sign-in');
    });

    const FOCUS_ON_HEADING = `document.activeElement !== null && document.activeElement.tagName === 'H1'`;

    it('lands each person where their work is, names them, and offers only the pages that serve them', async () => {
      const rep = await signedInAs('Riley Rep');
      await rep.getByRole('heading', { name: 'My deals', level: 1 }).waitFor();
      expect(new URL(rep.url()).pathname).toBe('/deals');
      await rep.getByText('2 won deals have no credits yet').waitFor();
      await rep.getByRole('link', { name: 'Credit a contributor on Acme platform' }).waitFor();
      await rep.getByRole('banner').getByText('Riley Rep').waitFor();
      await rep.waitForFunction(`document.title === 'My deals · Club Ledger'`);
      expect(await rep.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Programs' }).count()).toBe(0);
      expect(await accessibilityProblems(rep)).toEqual([]);
      await screenshot(rep, '02-rep-lands-on-deals');
      await rep.getByRole('button', { name: 'Show them' }).click();
      await rep.waitForURL(/uncredited=1/);
      await rep.getByRole('link', { name: 'Acme platform', exact: true }).click();
      await rep.getByRole('heading', { name: 'Acme platform', level: 1 }).waitFor();
      await rep.waitForFunction(FOCUS_ON_HEADING);
      await rep.waitForFunction(`document.title === 'Acme platform · Club Ledger'`);

      const pm = await signedInAs('Priya PM');
      await pm.getByRole('heading', { name: 'My recognition', level: 1 }).waitFor();
      expect(await pm.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['My recognition', 'Claims', 'My team', 'Disputes']);
      expect(await accessibilityProblems(pm)).toEqual([]);

      for (const lead of ['HR', 'Executive']) {
        const page = await signedInAs(lead);
        await page.getByRole('heading', { name: 'Award programs', level: 1 }).waitFor();
        expect(new URL(page.url()).pathname).toBe('/programs');
        expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(lead === 'HR' ? ['Disputes', 'Programs'] : ['Programs']);
        await page.getByRole('banner').getByText(lead === 'HR' ? 'HR team' : 'Executive').waitFor();
        expect(await page.getByRole('banner').textContent()).not.toMatch(/-demo/);
        expect(await accessibilityProblems(page)).toEqual([]);
      }
    });

    it('lets a rep credit a product manager, who then sees the credit and their progress change', async () => {
      const pm = await signedInAs('Priya PM');
      await pm.getByRole('heading', { name: 'My recognition' }).waitFor();
      const overall = pm.getByRole('progressbar', { name: 'Overall progress' }).first();
      await expect(overall.getAttribute('aria-valuenow')).resolves.toBe('50');
      await screenshot(pm, '02-recognition-before');

      const rep = await signedInAs('Riley Rep');
      await rep.getByRole('link', { name: 'Acme platform', exact: true }).click();
      await rep.getByRole('heading', { name: 'Acme platform', level: 1 }).waitFor();
      await rep.getByRole('combobox', { name: 'Contributor' }).fill('Priya');
      await rep.getByRole('option', { name: /Priya PM/ }).click();
      await rep.getByLabel('Kind').selectOption({ label: 'Roadmap briefing' });
      await rep.getByLabel('Note').fill('Briefed their CTO on the roadmap');
      await rep.getByRole('button', { name: 'Credit', exact: true }).click();
      await rep.getByText('Credited Priya PM for Roadmap briefing.').waitFor();
      await rep.locator('li.just-added').getByText('Priya PM').waitFor();
      expect(await accessibilityProblems(rep)).toEqual([]);
      await screenshot(rep, '03-deal-credited');

      await pm.reload();
      await pm.getByText('Briefed their CTO on the roadmap').filter({ visible: true }).first().waitFor();
      await expect(pm.getByRole('progressbar', { name: 'Overall progress' }).first().getAttribute('aria-valuenow')).resolves.toBe('100');
      await pm.getByText(/Qualifies/).first().waitFor();
      await screenshot(pm, '04-recognition-after');
    });

    it('prevents a credit the ledger would refuse: the owner is not offered, a kind already given is disabled with the reason', async () => {
      const rep = await signedInAs('Riley Rep');
      await rep.goto(`${base}/deals/acme`);
      const contributor = rep.getByRole('combobox', { name: 'Contributor' });
      await contributor.fill('Riley');
      await rep.getByText(/No one matches “Riley”/).waitFor();
      await contributor.fill('Priya');
      await rep.getByRole('option', { name: /Priya PM/ }).click();
      const given = rep.getByLabel('Kind').getByRole('option', { name: /Roadmap briefing/ });
      await expect(given.isDisabled()).resolves.toBe(true);
      expect(await given.textContent()).toMatch(/Priya PM already has it/);
      expect(await rep.getByLabel('Kind').inputValue()).toBe('DEAL_ASSIST');
      await rep.getByText(/Priya PM already has Roadmap briefing on this deal/).waitFor();
      await rep.getByText(/Helped move the deal forward/).first().waitFor();
      expect(await accessibilityProblems(rep)).toEqual([]);
      await screenshot(rep, '03-deal-prevented');

      // A product manager on someone else's deal is not offered a form that would refuse them.
      const pm = await signedInAs('Priya PM');
      await pm.goto(`${base}/deals/acme`);
      await pm.getByRole('heading', { name: 'Acme platform', level: 1 }).waitFor();
      expect(await pm.getByRole('heading', { name: 'Credit a contributor' }).count()).toBe(0);
    });

    it('undoes a credit from its confirmation, as a retraction with the reason "Undone"', async () => {
      const rep = await signedInAs('Riley Rep');
      await rep.goto(`${base}/deals/globex`);
      await rep.getByRole('combobox', { name: 'Contributor' }).fill('Priya');
      await rep.getByRole('option', { name: /Priya PM/ }).click();
      await rep.getByLabel('Kind').selectOption({ label: 'Escalation' });
      await rep.getByLabel('Note').fill('Took the escalation call');
      await rep.getByRole('button', { name: 'Credit', exact: true }).click();
      await rep.getByText('Credited Priya PM for Escalation.').waitFor();
      await rep.getByRole('button', { name: 'Undo' }).click();
      await rep.getByText(/^Undone:/).waitFor();
      await rep.getByText('Retracted: Undone').waitFor();
      const credits = (await hr(`{ deal(id: "globex") { credits { kind status retractedReason } } }`)) as { deal: { credits: unknown[] } };
      expect(credits.deal.credits).toEqual([{ kind: 'ESCALATION', status: 'RETRACTED', retractedReason: 'Undone' }]);
    });

    it('updates the qualifier list of an executive live when a contributor crosses the line', async () => {
      const ceo = await signedInAs('Executive');
      // The dashboard sends one operation a request (the API refuses arrays of them): the queries it starts together
      // are one operation, and it loads in at most three.
      await ceo.getByRole('link', { name: /Cross-functional award/ }).first().waitFor();
      const operations: string[] = [];
      ceo.on('request', (sent) => {
        if (sent.method() !== 'POST' || new URL(sent.url()).pathname !== '/graphql') return;
        const body = sent.postDataJSON() as { query?: string } | unknown[];
        expect(Array.isArray(body)).toBe(false);
        operations.push(/^\s*(?:query|mutation)\s+(\w+)/.exec((body as { query?: string }).query ?? '')?.[1] ?? '(anonymous)');
      });
      await ceo.goto(`${base}/programs/xf-2026`);
      const qualifiers = ceo.getByRole('table', { name: 'Qualifiers' });
      await qualifiers.getByRole('link', { name: 'Priya PM' }).waitFor();
      await ceo.waitForLoadState('networkidle');
      expect(operations.flatMap((name) => name.split('_'))).toContain('DashboardStandings');
      expect(operations.length).toBeLessThanOrEqual(3);
      expect(await qualifiers.getByRole('link', { name: 'Sam Engineer' }).count()).toBe(0);
      await ceo.getByText('Live', { exact: true }).waitFor();

      for (const deal of ['acme', 'globex']) {
        await gql('rep-1', [], `mutation { creditContribution(input: { dealId: "${deal}", contributorId: "se-1", kind: POC_SUPPORT, note: "Ran the proof of concept" }) { id } }`);
      }
      await qualifiers.getByRole('link', { name: 'Sam Engineer' }).waitFor({ timeout: 15_000 });
      await ceo.getByText(/Sam Engineer now qualifies/).waitFor();
      await screenshot(ceo, '05-dashboard-live');

      // Found by name, then narrowed to a department and ordered by name both ways, the view kept in the address.
      const standings = ceo.getByRole('table', { name: 'Standings' });
      await ceo.getByRole('search').getByLabel('Find a person').fill('sam');
      await ceo.waitForURL(/q=sam/);
      // The address changes before the list it names is drawn: the old list goes, then the one found comes.
      await standings.getByRole('link', { name: 'Priya PM' }).waitFor({ state: 'detached' });
      await standings.getByRole('link', { name: 'Sam Engineer' }).waitFor();
      await expect(standings.getByRole('link', { name: 'Priya PM' }).count()).resolves.toBe(0);
      await ceo.getByRole('search').getByLabel('Find a person').fill('');
      await ceo.waitForURL((url) => !url.searchParams.has('q'));
      await standings.getByRole('link', { name: 'Priya PM' }).waitFor();
      await ceo.getByLabel('Department').selectOption('Sales Engineering');
      await ceo.waitForURL((url) => url.searchParams.get('department') === 'Sales Engineering');
      // As with the search: the old list goes before the filtered one comes.
      await standings.getByRole('link', { name: 'Priya PM' }).waitFor({ state: 'detached' });
      await standings.getByRole('link', { name: 'Sam Engineer' }).waitFor();
      await expect(standings.getByRole('row').count()).resolves.toBe(2);
      await ceo.getByLabel('Department').selectOption('');
      await standings.getByRole('button', { name: /^Name/ }).click();
      await ceo.waitForURL(/sort=NAME\.ASC/);
      await standings.getByRole('button', { name: /^Name/ }).click();
      await ceo.waitForURL(/sort=NAME\.DESC/);
      await ceo.reload();
      await expect(standings.getByRole('columnheader', { name: /^Name/ }).getAttribute('aria-sort')).resolves.toBe('descending');
      // The header's order comes from the address at once; the rows with the answer, on a busy machine a moment later.
      await standings.getByRole('link', { name: 'Priya PM' }).waitFor();
      expect(await standings.getByRole('rowheader').allTextContents()).toEqual(['Sam Engineer', 'Priya PM']);
      expect(await accessibilityProblems(ceo)).toEqual([]);

      await qualifiers.getByRole('link', { name: 'Sam Engineer' }).click();
      await ceo.getByRole('heading', { name: /Sam Engineer/ }).first().waitFor();
      await ceo.getByRole('link', { name: 'Globex renewal' }).first().waitFor();
      await screenshot(ceo, '06-standing-evidence');
    });

    it("explains a seller's standing with their won deals and quota, a rank row against the cutoff, and a comparison of two moments", async () => {
      for (const [id, quota] of [['rep-1', '400000'], ['rep-2', '150000']]) {
        await hr(`mutation { setQuota(input: { employeeId: "${id}", periodStart: "2026-01-01", periodEnd: "2026-12-31", amount: "${quota}" }) { id } }`);
      }
      await hr(`mutation { draftAwardProgram(input: { id: "pc-2026", name: "President's Club", periodStart: "2026-01-01", periodEnd: "2026-12-31",
        audienceDepartments: ["Sales"], criteria: { thresholds: [{ metric: QUOTA_ATTAINMENT, atLeast: 1 }], rankBy: QUOTA_ATTAINMENT, maxWinners: 1 } }) { id } }`);
      for (const deal of ['acme', 'globex']) {
        await gql('rep-1', [], `mutation { creditContribution(input: { dealId: "${deal}", contributorId: "se-1", kind: ESCALATION, note: "Calmed the escalation" }) { id } }`);
      }
      const ceo = await signedInAs('Executive');

      await ceo.goto(`${base}/programs/pc-2026/people/rep-1`);
      const won = ceo.getByRole('region', { name: 'Won deals: 2 deals count' });
      await won.getByRole('link', { name: 'Acme platform' }).waitFor();
      await won.getByRole('link', { name: 'Globex renewal' }).waitFor();
      await won.getByRole('cell', { name: 'Mar 31, 2026' }).first().waitFor();
      await won.getByText(/quota of \$400,000/).waitFor();
      await ceo.getByText('#1 — within the top 1').waitFor();
      await screenshot(ceo, 'explain-seller-evidence');

      await ceo.goto(`${base}/programs/pc-2026/people/rep-2`);
      await ceo.getByText(/^#2 — 66\.7 points of quota behind #1$/).waitFor();
      await ceo.getByText('Not yet').first().waitFor();
      // Every threshold met, and still not green: the cutoff decides.
      expect(await ceo.locator('.progress-fill.complete').count()).toBe(0);
      await screenshot(ceo, 'explain-rank-row');

      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      await ceo.goto(`${base}/programs/xf-2026?knownAt=${yesterday}`);
      await ceo.getByText(/The ledger had no record of this program on .+ \(first recorded .+\)/).waitFor();
      await ceo.goto(`${base}/programs/xf-2026`);
      const compare = ceo.getByRole('region', { name: 'Compare two moments' });
      await compare.getByText('Compare two moments').click();
      await compare.getByRole('group', { name: 'From' }).getByLabel('Known at').fill(yesterday);
      await compare.getByRole('button', { name: 'Compare' }).click();
      const gained = compare.getByRole('region', { name: 'Gained' });
      await gained.getByRole('link', { name: 'Sam Engineer', exact: true }).waitFor();
      await gained.getByRole('link', { name: 'Riley Rep credited Sam Engineer for handling an escalation on Acme platform', exact: true }).waitFor();
      await gained.getByText('The program was drafted (criteria version 1)').first().waitFor();
      await screenshot(ceo, 'explain-compare-moments');
    });

    it('lets HR preview a criteria change, then save it with a reason', async () => {
      const people = await signedInAs('HR');
      await people.getByRole('link', { name: /Edit.*Cross-functional award/ }).click();
      const threshold = people.getByRole('group', { name: 'Threshold 1' });
      await threshold.getByLabel('At least').fill('3');
      await people.getByRole('button', { name: 'Preview' }).click();
      const preview = people.getByRole('region', { name: 'Preview' });
      const lost = preview.getByRole('table', { name: /Lost/ });
      await lost.getByRole('row', { name: /Priya PM.*Rank \d.*Unranked/ }).waitFor();
      await lost.getByRole('row', { name: /Sam Engineer.*Rank \d.*Unranked/ }).waitFor();
      expect(await preview.textContent()).toMatch(/0 gained, 2 lost/);
      expect(await accessibilityProblems(people)).toEqual([]);
      await screenshot(people, '07-editor-preview');

      await people.getByLabel('Reason for this revision').fill('Three deals make a pattern');
      await people.getByRole('button', { name: 'Save revision' }).click();
      // Not the reason's own text: the textarea holds it as soon as it is typed, before anything is saved.
      await people.getByRole('status').getByText('Saved criteria version 2').waitFor();
      await people.getByRole('listitem').getByText('Three deals make a pattern').first().waitFor();
      const criteria = (await hr(`{ awardProgram(id: "xf-2026") { criteria { version reason thresholds { atLeast } } } }`)) as {
        awardProgram: { criteria: { version: number; reason: string; thresholds: { atLeast: number }[] } };
      };
      expect(criteria.awardProgram.criteria).toEqual({ version: 2, reason: 'Three deals make a pattern', thresholds: [{ atLeast: 3 }] });
      await screenshot(people, '08-editor-saved');
    });

    it('exports the standings a dashboard shows as CSV, with the signed-in reader\'s token', async () => {
      const ceo = await signedInAs('Executive');
      await ceo.goto(`${base}/programs/xf-2026`);
      await ceo.getByRole('table', { name: 'Standings' }).getByRole('link', { name: 'Priya PM' }).waitFor();
      const [download] = await Promise.all([ceo.waitForEvent('download'), ceo.getByRole('button', { name: 'Export standings CSV' }).click()]);
      expect(download.suggestedFilename()).toBe('xf-2026-standings.csv');
      const [heading, ...rows] = (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/);
      expect(heading.toLowerCase()).toContain('rank');
      expect(rows.some((row) => row.includes('Priya PM'))).toBe(true);
    });

    it("shows the dashboard's headline numbers on a phone's first screen", async () => {
      const phone = { width: 390, height: 844 };
      const page = await signedInAs('Executive', phone);
      await page.goto(`${base}/programs/xf-2026`);
      const headline = page.locator('.dashboard-headline');
      await headline.getByText(/qualif/).waitFor();
      const box = await headline.boundingBox();
      expect(box).not.toBeNull();
      expect((box?.y ?? phone.height) + (box?.height ?? 0)).toBeLessThanOrEqual(phone.height);
    });

    it.each([
      ['Riley Rep', '/deals', 'my-deals'],
      ['Riley Rep', '/deals/acme', 'deal'],
      ['Priya PM', '/recognition', 'recognition'],
      ['HR', '/programs', 'programs'],
      ['HR', '/programs/xf-2026/edit', 'editor'],
      ['Executive', '/programs/xf-2026', 'dashboard'],
      ['Executive', '/programs/xf-2026/people/pm-1', 'standing'],
      ['HR', '/programs/new', 'new-program'],
      ['Executive', '/programs', 'programs-executive'],
      ['Robin Rep', '/deals/initech', 'deal-credited'],
      ['Priya PM', '/programs/xf-2026/people/pm-1', 'standing-own'],
      ['Priya PM', '/claims', 'claims'],
      ['HR', '/disputes', 'disputes'],
      ['Riley Rep', '/team', 'team'],
      ['Priya PM', '/notifications', 'notifications'],
    ])('fits a phone, labels every control and passes axe for %s at %s', async (who, path, name) => {
      const page = await signedInAt(who, path, { width: 390, height: 844 });
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      expect(new URL(page.url()).pathname).toBe(path);
      await page.waitForLoadState('networkidle');
      await screenshot(page, `phone-${name}`);
      const layout = await page.evaluate(LAYOUT_PROBLEMS);
      expect(layout).toEqual({ overflow: 0, unlabelled: [] });
      expect(await accessibilityProblems(page)).toEqual([]);
    });
  });
});
