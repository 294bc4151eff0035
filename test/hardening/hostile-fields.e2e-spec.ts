import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { TEST_JWT_SECRET, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';

jest.setTimeout(120_000);

type Body = { data?: Record<string, unknown> | null; errors?: { message: string; extensions: { code?: string; field?: string } }[] };

describe('hostile values for each kind of field, as literals and as variables', () => {
  let app: INestApplication;
  let store: EventStore;
  let admin: string;
  const post = async (query: string, variables: Record<string, unknown> = {}) =>
    (await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${admin}`).send({ query, variables })).body as Body;

  beforeAll(async () => {
    process.stdout.write('hostile fields e2e: running against PGlite\n');
    app = await createApp(loadConfig({ ...pgliteStore('fields'), AUTH_JWT_SECRET: TEST_JWT_SECRET }), { logger: false });
    await app.init();
    store = app.get<EventStore>(EVENT_STORE);
    admin = await tokenFor('admin', ['ADMIN']);
    for (const query of [
      'mutation { registerEmployee(input: { id: "rep-1", name: "Rep", email: "rep-1@example.com", department: "Sales", title: "AE" }) { id } }',
      'mutation { registerEmployee(input: { id: "pm-1", name: "PM", email: "pm-1@example.com", department: "Product" }) { id } }',
      'mutation { openDeal(input: { id: "d-1", name: "Won", account: "Acme", ownerId: "rep-1", type: RENEWAL, amount: "10.00", products: [], openedOn: "2026-01-01" }) { id } }',
    ]) expect((await post(query)).errors).toBeUndefined();
  });
  afterAll(async () => app?.close());

  it.each([
    ['a NUL in an input field', 'mutation($i: ChangeEmployeeInput!) { changeEmployee(input: $i) { id } }', { i: { id: 'rep-1', title: 'A\u0000E' } }, 'title'],
    ['an unpaired surrogate in an input field', 'mutation($i: ChangeEmployeeInput!) { changeEmployee(input: $i) { id } }', { i: { id: 'rep-1', name: 'R\uD800p' } }, 'name'],
    ['a NUL in a query argument', 'query($d: String) { employees(department: $d) { id } }', { d: 'Sales\u0000' }, 'department'],
    ['a NUL in a literal argument', 'mutation { offboardEmployee(id: "rep-1", reason: "gone\\u0000") { id } }', {}, 'reason'],
    ['an unpaired surrogate in a literal input field', 'mutation { changeEmployee(input: { id: "rep-1", department: "S\\ud800" }) { id } }', {}, 'department'],
    ['oversize text', 'mutation($r: String!) { offboardEmployee(id: "rep-1", reason: $r) { id } }', { r: 'x'.repeat(20_000) }, 'reason'],
    ['a null name', 'mutation($i: ChangeEmployeeInput!) { changeEmployee(input: $i) { id } }', { i: { id: 'rep-1', name: null } }, 'name'],
    ['a null email', 'mutation { changeEmployee(input: { id: "rep-1", email: null }) { id } }', {}, 'email'],
    ['a null department', 'mutation($i: ChangeEmployeeInput!) { changeEmployee(input: $i) { id } }', { i: { id: 'rep-1', department: null } }, 'department'],
    ['an empty manager id', 'mutation($i: ChangeEmployeeInput!) { changeEmployee(input: $i) { id } }', { i: { id: 'rep-1', managerId: '' } }, 'managerId'],
    ['a null top-level argument, as a variable', 'mutation($r: String!) { retractCredit(creditId: "c", reason: $r) { id } }', { r: null }, 'reason'],
    ['a null top-level argument, as a literal', 'mutation { retractCredit(creditId: "c", reason: null) { id } }', {}, 'reason'],
    ['a missing top-level argument', 'mutation { retractCredit(creditId: "c") { id } }', {}, 'reason'],
    ['a date that does not exist, as a literal', 'mutation { closeDeal(input: { dealId: "d-1", outcome: WON, closedOn: "2026-02-30" }) { id } }', {}, 'closedOn'],
    ['a date that does not exist, as a variable', 'mutation($i: CloseDealInput!) { closeDeal(input: $i) { id } }', { i: { dealId: 'd-1', outcome: 'WON', closedOn: '2026-02-30' } }, 'closedOn'],
    ['an instant that does not exist', 'query($at: DateTime) { awardPrograms { qualifiers(asOf: $at) { rank } } }', { at: '2026-02-30T00:00:00Z' }, 'asOf'],
    ['an instant without its offset', '{ awardPrograms { qualifiers(knownAt: "2026-02-28T10:00:00") { rank } } }', {}, 'knownAt'],
    ['a list too long', 'mutation($p: [String!]!) { openDeal(input: { id: "d-2", name: "n", account: "a", ownerId: "rep-1", type: RENEWAL, amount: "1", products: $p, openedOn: "2026-01-01" }) { id } }', { p: Array.from({ length: 1_001 }, () => 'x') }, 'products'],
  ])('refuses %s with BAD_USER_INPUT naming the field, appending nothing', async (_, query, variables, field) => {
    const before = await store.headPosition();
    const { errors } = await post(query, variables);
    expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field });
    expect(await store.headPosition()).toBe(before);
  });

  it('closes a deal at its opening amount when the amount is null, and clears a title with null', async () => {
    const closed = await post('mutation { closeDeal(input: { dealId: "d-1", outcome: WON, closedOn: "2026-02-28", amount: null }) { amount } }');
    expect(closed).toEqual({ data: { closeDeal: { amount: '10.00' } } });
    const changed = await post('mutation { changeEmployee(input: { id: "rep-1", title: null, managerId: null }) { title manager { id } } }');
    expect(changed).toEqual({ data: { changeEmployee: { title: null, manager: null } } });
  });
});
