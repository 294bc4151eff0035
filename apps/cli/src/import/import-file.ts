import { statSync } from 'node:fs';
import { BulkCommands } from '@club-ledger/domain';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { Projector } from '@club-ledger/eligibility';
import { Clock, type AppConfig } from '@club-ledger/kernel';
import { openLedger } from '../ledger';
import { progressOf } from '../progress';
import { readRows, writeRejections } from './csv';
import { Importer, type ImportSummary } from './importer';
import { COLUMNS, IMPORT_KINDS, type ImportKind } from './rows';

/** Imports one CSV export, reporting progress on stderr and each rejected row (and the totals) on `out`. */
export async function importFile(
  config: AppConfig,
  kind: string,
  file: string,
  options: { errors?: string },
  out: NodeJS.WritableStream = process.stdout,
): Promise<ImportSummary> {
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw new Error(`Unknown kind ${kind}: one of ${IMPORT_KINDS.join(', ')}`);
  const size = statSync(file).size;
  const ledger = await openLedger(config);
  try {
    let bytes = 0;
    const progress = progressOf(`import ${kind}`, size);
    const started = Date.now();
    const importer = new Importer({ bulk: new BulkCommands(ledger.get<EventStore>(EVENT_STORE), () => ledger.get(Clock).now()) }, ledger.get(Projector));
    const rows = readRows(file, COLUMNS[kind as ImportKind].required, config.importBounds, (read) => (bytes = read));
    const summary = await importer.run(kind as ImportKind, rows, (sofar) =>
      progress.update(bytes, `${sofar.rows} rows, ${sofar.rejected.length} rejected, ${Math.round(sofar.rows / ((Date.now() - started) / 1000 || 1))} rows/s`),
    );
    progress.stop();
    for (const rejection of summary.rejected) out.write(`line ${rejection.line}: ${rejection.code} ${rejection.reason}\n`);
    out.write(`${summary.rows} rows read: ${summary.added} new, ${summary.alreadyRecorded} already recorded, ${summary.rejected.length} rejected\n`);
    if (options.errors && summary.rejected.length > 0) {
      await writeRejections(options.errors, summary.rejected);
      out.write(`rejected rows written to ${options.errors}\n`);
    }
    return summary;
  } finally {
    await ledger.close();
  }
}
