import { neutraliseCell } from './neutralise';

describe('a cell written to a CSV', () => {
  it.each(['=1+1', '+cmd', '-2+3', '@SUM(A1)', '\tx', '\rx'])('neutralises %p, which a spreadsheet would run', (cell) => {
    expect(neutraliseCell(cell)).toBe(`'${cell}`);
  });

  it.each(['Acme', '1500.00', '', 'a=b', ' =1'])('keeps %p as it is', (cell) => {
    expect(neutraliseCell(cell)).toBe(cell);
  });
});
