import { offsetAfter, offsetConnection, pageSize } from './paging';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return (error as { extensions?: unknown }).extensions;
  }
  return undefined;
};

describe('paging a list', () => {
  it('takes 50 when no size is asked, and refuses a size outside 1–200 naming first', () => {
    expect(pageSize(null)).toBe(50);
    expect(pageSize(200)).toBe(200);
    for (const first of [0, -1, 201]) expect(refusal(() => pageSize(first))).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('resumes where the previous page ended, through its cursor', () => {
    const first = offsetConnection(['a', 'b'], 5, 0);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(offsetAfter(first.pageInfo.endCursor)).toBe(2);
    const last = offsetConnection(['e'], 5, 4);
    expect(last.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
    expect(offsetConnection([], 5, 5).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
    expect(offsetAfter(undefined)).toBe(0);
  });

  it('refuses a cursor it did not make, naming after', () => {
    for (const after of ['not a cursor', Buffer.from('-3').toString('base64url'), Buffer.from('1.5').toString('base64url')]) {
      expect(refusal(() => offsetAfter(after))).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
    }
  });
});
