import { createReadStream, createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { neutraliseCell } from '@club-ledger/kernel';
import type { NumberedRow, Rejection } from './importer';

/**
 * The rows of a CSV export, streamed (a file of any size is never held whole): a header row in any column
 * order, each later row keyed by it. A header without a required column stops before anything is written.
 */
export async function* readRows(file: string, required: readonly string[], onBytes: (bytes: number) => void): AsyncGenerator<NumberedRow> {
  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
      columns: (header: string[]) => {
        const missing = required.filter((column) => !header.includes(column));
        if (missing.length > 0) throw new Error(`${file} has no column ${missing.join(', ')} (its header: ${header.join(', ')})`);
        return header;
      },
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; bytes: number } }>) {
    onBytes(info.bytes);
    yield { line: info.lines, row: record };
  }
}

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
