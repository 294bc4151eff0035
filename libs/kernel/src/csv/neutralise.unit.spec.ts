import { neutraliseCell } from './neutralise';

describe('a CSV cell', () => {
  it.each(['=SUM(A1)', '+1', '-2+3', '@cmd', '\tx', '\rx'])('is neutralised when it starts like a formula: %j', (value) => {
    expect(neutraliseCell(value)).toBe(`'${value}`);
  });

  it.each(['Acme renewal', '1500000.00', '', "'quoted", 'a=b'])('is kept as it is otherwise: %j', (value) => {
    expect(neutraliseCell(value)).toBe(value);
  });
});
