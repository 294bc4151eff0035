import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { apiTargets, TEST_JWT_SECRET, tokenFor } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';

jest.setTimeout(180_000);

describe.each(apiTargets('email uniqueness e2e'))('one email, one employee, under concurrency, on $name', (target) => {
  let app: INestApplication;
  let hr: string;
  const register = async (id: string, email: string) => {
    const response = await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${hr}`)
      .send({ query: 'mutation($i: RegisterEmployeeInput!) { registerEmployee(input: $i) { id } }', variables: { i: { id, name: id, email, department: 'Sales' } } });
    return (response.body as { errors?: { extensions: { code: string; field?: string } }[] }).errors?.[0]?.extensions ?? 'OK';
  };
  const changeEmail = async (id: string, email: string) => {
    const response = await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${hr}`)
      .send({ query: 'mutation($i: ChangeEmployeeInput!) { changeEmployee(input: $i) { email } }', variables: { i: { id, email } } });
    return response.body as { data?: { changeEmployee: { email: string } }; errors?: unknown[] };
  };

  beforeAll(async () => {
    process.stdout.write(`email uniqueness e2e: running against ${target.name}\n`);
    app = await createApp(loadConfig({ ...(await target.env()), AUTH_JWT_SECRET: TEST_JWT_SECRET, RATE_LIMIT_MUTATIONS_PER_MINUTE: '100000' }), { logger: false });
    await app.init();
    hr = await tokenFor('hr-1', ['HR']);
  });
  afterAll(async () => app?.close());

  it('registers one of twenty parallel registrations of one email (in any case) and refuses the others ALREADY_EXISTS', async () => {
    const outcomes = await Promise.all(Array.from({ length: 20 }, (_, n) => register(`racer-${n}`, n % 2 ? 'Same@Example.com' : 'same@example.com ')));
    expect(outcomes.filter((outcome) => outcome === 'OK')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome !== 'OK')).toEqual(Array.from({ length: 19 }, () => ({ code: 'ALREADY_EXISTS', field: 'email' })));
  });

  it('frees an email when its holder changes it, and holds the new one', async () => {
    expect(await register('mover', 'old@example.com')).toBe('OK');
    expect(await register('taker', 'new@example.com')).toBe('OK');
    expect((await changeEmail('mover', 'NEW@example.com')).errors).toEqual([expect.objectContaining({ extensions: { code: 'ALREADY_EXISTS', field: 'email' } })]);
    expect((await changeEmail('mover', 'moved@example.com')).data?.changeEmployee).toEqual({ email: 'moved@example.com' });
    expect(await register('follower', 'Old@example.com')).toBe('OK');
    expect(await register('late', 'moved@example.com')).toEqual({ code: 'ALREADY_EXISTS', field: 'email' });
  });
});
