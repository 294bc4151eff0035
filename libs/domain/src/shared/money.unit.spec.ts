import { DomainError } from './domain-error';
import { checkDate, checkId } from './ids';
import { formatMoney, parseMoney } from './money';

describe('money', () => {
  it.each([
    ['1500000.00', 150000000n],
    ['0', 0n],
    ['12.5', 1250n],
    ['99.99', 9999n],
  ])('parses %s into integer cents', (text, cents) => {
    expect(parseMoney(text, 'amount')).toBe(cents);
  });

  it.each(['-1', '1.234', 'ten', '', '1e6', '01.00', '1,000'])('refuses %p, naming the field', (text) => {
    expect(parseMoney(text, 'amount')).toEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'amount' }));
  });

  it('formats cents back to a decimal string without floating point', () => {
    expect(formatMoney(900719925474099312n)).toBe('9007199254740993.12');
    expect(formatMoney(5n)).toBe('0.05');
  });
});

describe('ids and dates', () => {
  it('accepts HRIS and CRM ids and refuses malformed ones', () => {
    expect(checkId('emp-00042_x.y', 'id')).toBeUndefined();
    expect(checkId('', 'id')).toBeInstanceOf(DomainError);
    expect(checkId('a b', 'id')).toBeInstanceOf(DomainError);
    expect(checkId('x'.repeat(65), 'id')).toBeInstanceOf(DomainError);
  });

  it('accepts real calendar dates only', () => {
    expect(checkDate('2026-02-28', 'openedOn')).toBeUndefined();
    expect(checkDate('2026-02-30', 'openedOn')).toMatchObject({ field: 'openedOn' });
    expect(checkDate('26-2-1', 'openedOn')).toBeInstanceOf(DomainError);
    expect(checkDate('2026-13-01', 'openedOn')).toBeInstanceOf(DomainError);
  });
});
