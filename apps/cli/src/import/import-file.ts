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
  // The rows go in first and the read models follow them once: the import decides on the streams alone, and on the
  // embedded store a projector running beside it would take turns with it on the one database.
  const ledger = await openLedger({ ...config, projector: false });
  try {
    let bytes = 0;
    const progress = progressOf(`import ${kind}`, size);
    const started = Date.now();
    const store = ledger.get<EventStore>(EVENT_STORE);
    const importer = new Importer({ bulk: new BulkCommands(store, () => ledger.get(Clock).now()) });
    const rows = readRows(file, COLUMNS[kind as ImportKind].required, config.importBounds, (read) => (bytes = read));
    const summary = await importer.run(kind as ImportKind, rows, (sofar) =>
      progress.update(bytes, `${sofar.rows} rows, ${sofar.rejected.length} rejected, ${Math.round(sofar.rows / ((Date.now() - started) / 1000 || 1))} rows/s`),
    );
    progress.stop();
    if (!(await readModelsInclude(config, ledger.get(Projector), await store.headPosition()))) {
      out.write(`the read models are still catching up with the import (${SETTLE_MS / 60_000} minutes passed); the rows are in, and the app shows them once the projector has caught up\n`);
    }
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

/** How long an import waits, once its rows are in, for the read models to include them. */
const SETTLE_MS = 30 * 60_000;

/**
 * Projects what the import appended (here, or in the standalone projector when PROJECTOR=off) and waits until the
 * read models include `head`, at most `timeoutMs`: the import is done when the app shows it. False when time ran out.
 */
export async function readModelsInclude(config: AppConfig, projector: Projector, head: bigint, timeoutMs = SETTLE_MS): Promise<boolean> {
  if (config.projector) projector.start();
  return projector.waitUntilPassed(head, timeoutMs);
}
