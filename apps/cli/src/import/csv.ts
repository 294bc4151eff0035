import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { DomainError } from '@club-ledger/domain';
import { neutraliseCell } from '@club-ledger/kernel';
import { BoundedRecords, type RecordBounds, type RecordFault } from './bounded-records';
import type { NumberedRow, Rejection } from './importer';
import type { Row } from './rows';

/** How much of a cell a refused row shows in the rejections: enough to find it, never a whole oversized cell. */
const SHOWN_CHARACTERS = 80;

/**
 * The rows of a CSV export, streamed (a file of any size is never held whole, nor a cell over `bounds`): a header
 * row in any column order, each later row keyed by it. A header without a required column stops before anything
 * is written. A row with a cell or a length over the bounds, bytes that are not UTF-8 or a NUL character comes
 * refused, its cells cut short.
 */
export async function* readRows(file: string, required: readonly string[], bounds: RecordBounds, onBytes: (bytes: number) => void): AsyncGenerator<NumberedRow> {
  const bounded = new BoundedRecords(bounds);
  let header: string[] = [];
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    info: true,
    columns: (names: string[]) => {
      const missing = required.filter((column) => !names.includes(column));
      if (missing.length > 0) throw new Error(`${file} has no column ${missing.join(', ')} (its header: ${names.join(', ')})`);
      header = names;
      return names;
    },
  });
  // A failure anywhere ends the parser with it, and so the loop below.
  pipeline(createReadStream(file), bounded, parser, () => undefined);
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    onBytes(bounded.bytesRead);
    const fault = bounded.faults.get(info.lines);
    bounded.faults.delete(info.lines);
    const columnOf = (index: number) => header[index] ?? `column ${index + 1}`;
    const refused = fault ? refusalOf(fault, columnOf, info.lines, bounds) : nulCell(record);
    yield refused ? { line: info.lines, row: cutShort(record), refused } : { line: info.lines, row: record };
  }
}

function refusalOf(fault: RecordFault, columnOf: (index: number) => string, line: number, bounds: RecordBounds): DomainError {
  switch (fault.problem) {
    case 'CELL_TOO_LARGE':
      return new DomainError('BAD_USER_INPUT', `${columnOf(fault.column)} is over ${bounds.cellBytes / 1024} KB (IMPORT_MAX_CELL_KB)`, columnOf(fault.column));
    case 'ROW_TOO_LARGE':
      return new DomainError('BAD_USER_INPUT', `the row is over ${bounds.rowBytes / 1024} KB (IMPORT_MAX_ROW_KB) by ${columnOf(fault.column)}`, columnOf(fault.column));
    case 'NOT_UTF8':
      return new DomainError('BAD_USER_INPUT', `line ${line} is not valid UTF-8: save the file as UTF-8`);
    default: {
      const unknown: never = fault;
      throw new Error(`Unknown record fault ${JSON.stringify(unknown)}`);
    }
  }
}

/** PostgreSQL stores no NUL in text: a row with one is refused here, naming its column, rather than failing the file. */
function nulCell(record: Row): DomainError | undefined {
  const column = Object.keys(record).find((name) => record[name]?.includes('\u0000'));
  return column === undefined ? undefined : new DomainError('BAD_USER_INPUT', `${column} contains a NUL character`, column);
}

const cutShort = (record: Row): Row =>
  Object.fromEntries(Object.entries(record).map(([column, cell]) => [column, cell && cell.length > SHOWN_CHARACTERS ? `${cell.slice(0, SHOWN_CHARACTERS)}…` : cell]));

/**
 * The rejected rows as a CSV to fix and import again: line, code and reason first, then the row as it was, each cell a
 * spreadsheet would run as a formula neutralised.
 */
export async function writeRejections(file: string, rejected: readonly Rejection[]): Promise<void> {
  const columns = [...new Set(rejected.flatMap((rejection) => Object.keys(rejection.row)))];
  const output = createWriteStream(file);
  const csv = stringify({ header: true, columns: ['line', 'code', 'reason', ...columns], cast: { string: neutraliseCell } });
  csv.pipe(output);
  for (const { line, code, reason, row } of rejected) csv.write({ line, code, reason, ...row });
  csv.end();
  await finished(output);
}
