import { notificationPayloads } from './standings.projection';

describe('standings notifications', () => {
  it('keeps each payload under the limit and loses no employee', () => {
    const employeeIds = Array.from({ length: 1_500 }, (_, n) => `emp-${String(n).padStart(5, '0')}`);
    const payloads = notificationPayloads([{ programId: 'presidents-club', employeeIds }, { programId: 'cross-functional', employeeIds: ['emp-00001'] }], 2_000);
    expect(payloads.length).toBeGreaterThan(5);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(2_000);
    const parsed = payloads.map((payload) => JSON.parse(payload) as { programId: string; employeeIds: string[] });
    expect(parsed.filter((change) => change.programId === 'presidents-club').flatMap((change) => change.employeeIds)).toEqual(employeeIds);
    expect(parsed.at(-1)).toEqual({ programId: 'cross-functional', employeeIds: ['emp-00001'] });
  });

  it('sends one payload for a small change', () => {
    expect(notificationPayloads([{ programId: 'p', employeeIds: ['a', 'b'] }])).toEqual(['{"programId":"p","employeeIds":["a","b"]}']);
  });
});
