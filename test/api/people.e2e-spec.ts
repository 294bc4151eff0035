import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { TEST_JWT_SECRET, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';

jest.setTimeout(60_000);

describe('the directory over GraphQL (PGlite)', () => {
  let app: INestApplication;
  let hr: string;
  let rep: string;

  beforeAll(async () => {
    const config = loadConfig({ ...pgliteStore('people'), AUTH_JWT_SECRET: TEST_JWT_SECRET });
    app = await createApp(config, { logger: false });
    await app.init();
    hr = await tokenFor('hr-1', ['HR']);
    rep = await tokenFor('rep-1');
  });
  afterAll(async () => app?.close());

  async function graphql(token: string | undefined, query: string, variables: Record<string, unknown> = {}) {
    const call = request(app.getHttpServer()).post('/graphql');
    if (token) call.set('Authorization', `Bearer ${token}`);
    return (await call.send({ query, variables })).body as { data?: Record<string, unknown>; errors?: { extensions: Record<string, unknown> }[] };
  }

  const register = `mutation($input: RegisterEmployeeInput!) { registerEmployee(input: $input) { id email active manager { id } } }`;
  const person = (id: string, extra: Record<string, unknown> = {}) => ({
    input: { id, name: `Person ${id}`, email: `${id}@example.com`, department: 'Product Management', ...extra },
  });
  const codes = (body: { errors?: { extensions: Record<string, unknown> }[] }) => body.errors?.map((error) => error.extensions.code);

  it('refuses a request without a token, or with a forged one, as UNAUTHENTICATED', async () => {
    expect(codes(await graphql(undefined, `{ me { id } }`))).toEqual(['UNAUTHENTICATED']);
    const forged = await tokenFor('hr-1', ['HR'], 'a-different-secret-that-is-long-enough!');
    expect(codes(await graphql(forged, register, person('pm-x')))).toEqual(['UNAUTHENTICATED']);
  });

  it('lets HR register people, and reads them back at once', async () => {
    const registered = await graphql(hr, register, person('pm-1'));
    expect(registered).toEqual({ data: { registerEmployee: { id: 'pm-1', email: 'pm-1@example.com', active: true, manager: null } } });
    const withManager = await graphql(hr, register, person('pm-2', { managerId: 'pm-1' }));
    expect(withManager.data?.registerEmployee).toMatchObject({ manager: { id: 'pm-1' } });
    const read = await graphql(rep, `{ employees(department: "Product Management") { id manager { id name } } }`);
    expect(read.data?.employees).toEqual([
      { id: 'pm-1', manager: null },
      { id: 'pm-2', manager: { id: 'pm-1', name: 'Person pm-1' } },
    ]);
  });

  it('refuses a rep registering anyone, and records nothing', async () => {
    expect(codes(await graphql(rep, register, person('pm-9')))).toEqual(['FORBIDDEN']);
    expect((await graphql(hr, `{ employee(id: "pm-9") { id } }`)).data).toEqual({ employee: null });
  });

  it('names the field of bad input, and refuses an email someone else has', async () => {
    const bad = await graphql(hr, register, person('pm-3', { email: 'not-an-email' }));
    expect(bad.errors?.[0].extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });
    const taken = await graphql(hr, register, person('pm-4', { email: 'pm-1@example.com' }));
    expect(taken.errors?.[0].extensions).toEqual({ code: 'ALREADY_EXISTS', field: 'email' });
    const missing = await graphql(hr, `mutation { registerEmployee(input: { id: "x" }) { id } }`);
    expect(new Set(codes(missing))).toEqual(new Set(['BAD_USER_INPUT']));
  });

  it('offboards once; a second offboarding is INVALID_STATE', async () => {
    await graphql(hr, register, person('se-1', { department: 'Sales Engineering' }));
    const offboard = `mutation { offboardEmployee(id: "se-1", reason: "left") { id active } }`;
    const first = await graphql(hr, offboard);
    expect(first).toEqual({ data: { offboardEmployee: { id: 'se-1', active: false } } });
    expect(codes(await graphql(hr, offboard))).toEqual(['INVALID_STATE']);
    expect((await graphql(rep, `{ employee(id: "se-1") { active } }`)).data).toEqual({ employee: { active: false } });
  });

  it('finds people whose name, email or id contains the search, in any case, the search being text and not a pattern', async () => {
    await graphql(hr, register, person('rd_1', { name: 'Rui Díaz', email: 'rui.diaz@example.com', department: 'Research' }));
    await graphql(hr, register, person('rd-2', { name: 'Ruth 100% Stone', email: 'ruth@example.org', department: 'Research' }));
    const search = async (variables: Record<string, unknown>) => {
      const body = await graphql(rep, `query($search: String, $department: String) { employees(search: $search, department: $department) { id } }`, variables);
      expect(body.errors).toBeUndefined();
      return (body.data?.employees as { id: string }[]).map((employee) => employee.id).sort();
    };
    expect(await search({ search: 'RUI' })).toEqual(['rd_1']);
    expect(await search({ search: 'díaz' })).toEqual(['rd_1']);
    expect(await search({ search: 'EXAMPLE.ORG' })).toEqual(['rd-2']);
    expect(await search({ search: 'rd', department: 'Research' })).toEqual(['rd-2', 'rd_1']);
    expect(await search({ search: 'pm-', department: 'Research' })).toEqual([]);
    expect(await search({ search: '%' })).toEqual(['rd-2']);
    expect(await search({ search: '_' })).toEqual(['rd_1']);
    expect(await search({ search: 'nobody' })).toEqual([]);
    expect(await search({ search: null, department: 'Research' })).toEqual(['rd-2', 'rd_1']);
  });

  it('answers me for the signed-in employee', async () => {
    const pm = await tokenFor('pm-1');
    expect((await graphql(pm, `{ me { id name } }`)).data).toEqual({ me: { id: 'pm-1', name: 'Person pm-1' } });
  });
});
