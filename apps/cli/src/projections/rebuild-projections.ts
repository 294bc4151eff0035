import { domainEvents } from '@club-ledger/domain';
import type { AppConfig } from '@club-ledger/kernel';
import { migrateReadModels, openEventStore, openReadModels, readModelProjections, type RebuildProgress, rebuildProjection, type RebuildSummary } from '@club-ledger/eligibility';
import { progressOf, type Progress } from '../progress';

/** The names `projections rebuild` takes: the API's read-model projections. */
export const projectionNames = (): string[] => readModelProjections().map((projection) => projection.name);

/**
 * Rebuilds the named projection (every one, without a name) from the event store, one after the other,
 * with a progress bar on stderr and a summary line per projection on `out`. Opens the stores itself
 * rather than the ledger, so no projector of this process runs beside the rebuild.
 */
export async function rebuildProjections(
  config: AppConfig,
  name: string | undefined,
  out: NodeJS.WritableStream = process.stdout,
): Promise<RebuildSummary[]> {
  const all = readModelProjections();
  const chosen = name === undefined ? all : all.filter((projection) => projection.name === name);
  if (chosen.length === 0) throw new Error(`Unknown projection ${name}: one of ${projectionNames().join(', ')}`);
  const sql = await openReadModels(config);
  try {
    const store = await openEventStore(config, sql);
    try {
      await migrateReadModels(sql);
      const summaries: RebuildSummary[] = [];
      for (const projection of chosen) {
        let bar: Progress | undefined;
        const started = Date.now();
        const summary = await rebuildProjection({
          store,
          sql,
          catalog: domainEvents,
          projection,
          onProgress: (progress) => {
            bar ??= progressOf(`rebuild ${projection.name}`, Number(progress.head));
            bar.update(Math.min(Number(progress.position), Number(progress.head)), describe(progress, started));
          },
        });
        bar?.stop();
        const rate = Math.round(summary.events / (summary.seconds || 1));
        out.write(`${summary.projection}: ${summary.events} events replayed in ${summary.seconds.toFixed(1)} s (${rate} events/s), checkpoint at ${summary.position}\n`);
        summaries.push(summary);
      }
      return summaries;
    } finally {
      await store.close();
    }
  } finally {
    await sql.close();
  }
}

function describe(progress: RebuildProgress, started: number): string {
  const seconds = (Date.now() - started) / 1000 || 1;
  return `${progress.phase}: ${progress.events} events, ${Math.round(progress.events / seconds)} events/s`;
}
