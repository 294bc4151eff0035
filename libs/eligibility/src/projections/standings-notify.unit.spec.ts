import { notificationPayloads } from './standings-notify';

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

  it('fills each payload as far as the limit allows, counting bytes, before starting the next', () => {
    const employeeIds = Array.from({ length: 700 }, (_, n) => `émp-${n}`);
    const payloads = notificationPayloads([{ programId: 'p', employeeIds }], 1_000);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(1_000);
    const parsed = payloads.map((payload) => JSON.parse(payload) as { employeeIds: string[] });
    parsed.slice(0, -1).forEach((change, n) => {
      const withNext = JSON.stringify({ programId: 'p', employeeIds: [...change.employeeIds, parsed[n + 1].employeeIds[0]] });
      expect(Buffer.byteLength(withNext)).toBeGreaterThan(1_000);
    });
    expect(parsed.flatMap((change) => change.employeeIds)).toEqual(employeeIds);
  });

  it('sends one payload for a small change', () => {
    expect(notificationPayloads([{ programId: 'p', employeeIds: ['a', 'b'] }])).toEqual(['{"programId":"p","employeeIds":["a","b"]}']);
  });
});
