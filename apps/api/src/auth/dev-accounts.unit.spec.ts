import { ROLE_ACCOUNTS, accountOf, roleAccountsMatching, tokenRequestOf } from './dev-accounts';

describe('the development accounts', () => {
  it('match a search on their id, name or description, in any case', () => {
    expect(roleAccountsMatching('')).toEqual(ROLE_ACCOUNTS);
    expect(roleAccountsMatching('CEO').map((account) => account.sub)).toEqual(['ceo-demo']);
    expect(roleAccountsMatching('people team').map((account) => account.sub)).toEqual(['hr-demo']);
    expect(roleAccountsMatching('role').map((account) => account.sub)).toEqual(['hr-demo', 'ceo-demo', 'admin-demo']);
    expect(roleAccountsMatching('priya')).toEqual([]);
  });

  it('describe an employee by title and department, or by department alone', () => {
    const employee = { id: 'pm-1', name: 'Priya', email: 'pm-1@example.com', department: 'Product Management', active: true, managerId: null };
    expect(accountOf({ ...employee, title: 'Product Manager' })).toEqual({ sub: 'pm-1', name: 'Priya', description: 'Product Manager · Product Management', roles: [] });
    expect(accountOf({ ...employee, title: null }).description).toBe('Product Management');
  });
});

describe('a development token request', () => {
  it('takes an employee id and known roles, each once; no roles means an ordinary employee', () => {
    expect(tokenRequestOf({ sub: 'a.b_c-1', roles: ['HR', 'ADMIN', 'HR'] })).toEqual({ sub: 'a.b_c-1', roles: ['HR', 'ADMIN'] });
    expect(tokenRequestOf({ sub: 'pm-1' })).toEqual({ sub: 'pm-1', roles: [] });
  });

  it.each([
    [{ sub: 'has space', roles: [] }, /^sub must be 1-64 characters/],
    [{ sub: 'x'.repeat(65), roles: [] }, /^sub must be 1-64 characters/],
    [{ sub: 42, roles: [] }, /^sub must/],
    [null, /^sub must/],
    [{ sub: 'pm-1', roles: ['hr'] }, /^roles must each be one of HR, EXECUTIVE, ADMIN, INTEGRATION, not "hr"$/],
    [{ sub: 'pm-1', roles: null }, /^roles must be a list/],
  ])('refuses %j', (body, reason) => {
    const result = tokenRequestOf(body);
    expect('refusal' in result && result.refusal).toMatch(reason);
  });
});
