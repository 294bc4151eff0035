import { Readable } from 'node:stream';
import { BoundedRecords } from './bounded-records';

const bounds = { cellBytes: 64 * 1024, rowBytes: 1024 * 1024 };

async function through(chunks: Iterable<Buffer>, limits = bounds) {
  const bounded = new BoundedRecords(limits);
  const passed: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(bounded)) passed.push(chunk as Buffer);
  return { text: Buffer.concat(passed).toString(), bytes: passed.reduce((sum, chunk) => sum + chunk.length, 0), faults: bounded.faults };
}

describe('records bounded before the CSV parser reads them', () => {
  it('passes a file within bounds as it is: quoted cells, doubled quotes, line breaks in quotes, split anywhere', async () => {
    const text = 'id,note\r\n1,"He said ""hi"", twice"\r\n2,  "two\nlines" \r\n3,plain\n';
    const bytes = Buffer.from(text);
    const inPieces = Array.from(bytes, (byte) => Buffer.from([byte]));
    expect(await through([bytes])).toEqual({ text, bytes: bytes.length, faults: new Map() });
    expect((await through(inPieces)).text).toBe(text);
  });

  it('passes no more of a 50 MB cell than the bound, and names the line and column of its row', async () => {
    const chunk = Buffer.alloc(64 * 1024, 'x');
    function* file() {
      yield Buffer.from('id,note\n1,"');
      for (let n = 0; n < 800; n += 1) yield chunk;
      yield Buffer.from('"\n2,next\n');
    }
    const { bytes, faults, text } = await through(file());
    expect(bytes).toBeLessThan(bounds.cellBytes + 100);
    expect(faults).toEqual(new Map([[2, { problem: 'CELL_TOO_LARGE', column: 1 }]]));
    expect(text.endsWith('"\n2,next\n')).toBe(true);
  });

  it('marks a row that is not UTF-8 by the line it ends on, counting the line breaks inside quotes', async () => {
    const { faults } = await through([Buffer.from('id,note\n1,"a\nb"\n2,caf'), Buffer.from([0xe9]), Buffer.from('\n')]);
    expect(faults).toEqual(new Map([[4, { problem: 'NOT_UTF8' }]]));
  });
});
