import type { OrgSize } from '../apps/cli/src/seed/org-generator';
import type { CommandFigures, PastMomentFigures, QueryFigures, RevisionFigures } from './api-phases';
import type { MemoryPeak } from './api-process';
import type { IngestFigures, RebuildFigures } from './ingest';
import type { FirstVisitFigures } from './web-first-visit';
import type { Target } from './report';

export interface ScaleSettings { size: OrgSize; commandCalls: number; queryCalls: number }

/** About 60% of deals are won, so credits ≈ deals × 0.6 × creditsPerWonDeal ÷ 2. */
export const SCALES = {
  small: { size: { employees: 300, deals: 1_500, creditsPerWonDeal: 6 }, commandCalls: 400, queryCalls: 200 },
  medium: { size: { employees: 2_000, deals: 20_000, creditsPerWonDeal: 16 }, commandCalls: 2_000, queryCalls: 200 },
  large: { size: { employees: 10_000, deals: 100_000, creditsPerWonDeal: 34 }, commandCalls: 5_000, queryCalls: 200 },
} satisfies Record<string, ScaleSettings>;

export type Scale = keyof typeof SCALES;

export const isScale = (value: string | undefined): value is Scale => value !== undefined && value in SCALES;

interface Figures {
  ingest: IngestFigures; rebuild: RebuildFigures; commands: CommandFigures; commandsStandaloneProjector?: CommandFigures;
  queries: QueryFigures; pastMoment: PastMomentFigures; revision: RevisionFigures; web: FirstVisitFigures;
  apiMemory: { startMb: MemoryPeak; commandsMb: MemoryPeak; queriesMb: MemoryPeak; revisionMb: MemoryPeak; pastMomentMb: MemoryPeak };
}

/** The large scale's targets, judged on whatever scale ran. */
export function targetsOf(store: string, figures: Figures): Target[] {
  const { ingest, rebuild, commands, commandsStandaloneProjector: standalone, queries, pastMoment, revision, web, apiMemory } = figures;
  const rebuildTarget = store === 'PostgreSQL' ? 50_000 : 25_000;
  const embedded = store === 'PGlite';
  const peakMb = Math.max(...Object.values(apiMemory).map((memory) => Math.max(memory.peakRssMb, memory.hwmMb)));
  const { pastMomentMb: _pastMoment, ...before } = apiMemory;
  const peakAsideMb = Math.max(...Object.values(before).map((memory) => Math.max(memory.peakRssMb, memory.hwmMb)));
  return [
    { phase: 'ingest', figure: 'events/s until the read models include everything', value: ingest.eventsPerSecond, unit: 'events/s', target: '—', met: null },
    ...(ingest.importEventsPerSecond === undefined ? [] : [{ phase: 'ingest', figure: 'events/s through the bulk importer (appended)', value: ingest.importEventsPerSecond, unit: 'events/s', target: embedded ? '≥ 10,000' : '≥ 20,000', met: ingest.importEventsPerSecond >= (embedded ? 10_000 : 20_000) }]),
    { phase: 'ingest', figure: 'events appended', value: ingest.events, unit: 'events', target: '—', met: null },
    { phase: 'command path', figure: 'creditContribution throughput (8 clients)', value: commands.creditsPerSecond, unit: 'credits/s', target: embedded ? '≥ 150' : '—', met: embedded ? commands.creditsPerSecond >= 150 : null },
    { phase: 'command path', figure: 'creditContribution p50', value: commands.p50Ms, unit: 'ms', target: '—', met: null },
    { phase: 'command path', figure: 'creditContribution p95', value: commands.p95Ms, unit: 'ms', target: embedded ? '< 100 ms' : '—', met: embedded ? commands.p95Ms < 100 : null },
    { phase: 'command path', figure: 'creditContribution p99', value: commands.p99Ms, unit: 'ms', target: '—', met: null },
    ...(standalone === undefined ? [] : [
      { phase: 'command path', figure: 'creditContribution throughput, projector in its own process', value: standalone.creditsPerSecond, unit: 'credits/s', target: '≥ 500', met: standalone.creditsPerSecond >= 500 },
      { phase: 'command path', figure: 'creditContribution p95, projector in its own process', value: standalone.p95Ms, unit: 'ms', target: '< 50 ms', met: standalone.p95Ms < 50 },
    ]),
    { phase: 'rebuild', figure: 'every read model from zero', value: rebuild.eventsPerSecond, unit: 'events/s', target: `≥ ${rebuildTarget.toLocaleString('en-US')}`, met: rebuild.eventsPerSecond >= rebuildTarget },
    { phase: 'rebuild', figure: 'rebuild time ÷ bulk insert time', value: rebuild.ratioToBulk, unit: '×', target: '≤ 3×', met: rebuild.ratioToBulk <= 3 },
    { phase: 'queries', figure: 'qualifiers p95', value: queries.qualifiers.p95Ms, unit: 'ms', target: '< 20 ms', met: queries.qualifiers.p95Ms < 20 },
    { phase: 'queries', figure: 'standings page (50) p95', value: queries.standingsPage.p95Ms, unit: 'ms', target: '< 20 ms', met: queries.standingsPage.p95Ms < 20 },
    { phase: 'queries', figure: 'standing with evidence p95', value: queries.standingWithEvidence.p95Ms, unit: 'ms', target: '< 30 ms', met: queries.standingWithEvidence.p95Ms < 30 },
    { phase: 'queries', figure: 'nearMisses p95', value: queries.nearMisses.p95Ms, unit: 'ms', target: '≤ 100 ms', met: queries.nearMisses.p95Ms <= 100 },
    { phase: 'queries', figure: 'previewCriteria (whole year), a threshold moved, slowest', value: queries.previewCriteria.maxMs, unit: 'ms', target: '< 2,000 ms', met: queries.previewCriteria.maxMs < 2_000 },
    { phase: 'queries', figure: 'previewCriteria (whole year), credits weighed anew, slowest', value: queries.previewReweighed.maxMs, unit: 'ms', target: '< 2,000 ms', met: queries.previewReweighed.maxMs < 2_000 },
    { phase: 'queries', figure: 'previewCriteria (whole year), credits counted anew, slowest', value: queries.previewRecounted.maxMs, unit: 'ms', target: '< 2,000 ms', met: queries.previewRecounted.maxMs < 2_000 },
    ...([['qualifiers', pastMoment.qualifiers], ['standings page (50)', pastMoment.standingsPage], ['standing with evidence', pastMoment.standingWithEvidence], ['nearMisses', pastMoment.nearMisses]] as const).map(
      ([question, latencies]) => ({ phase: 'queries', figure: `${question} as of mid-year, slowest`, value: latencies.maxMs, unit: 'ms', target: embedded ? '≤ 2,000 ms' : '≤ 1,000 ms', met: latencies.maxMs <= (embedded ? 2_000 : 1_000) }),
    ),
    { phase: 'revision', figure: 'reviseCriteria itself (it answers once its projection is in)', value: revision.reviseMs, unit: 'ms', target: '—', met: null },
    { phase: 'revision', figure: 'reviseCriteria returned → every standing reflects it', value: revision.reflectedMs, unit: 'ms', target: '< 2,000 ms', met: revision.reflectedMs < 2_000 },
    { phase: 'web', figure: 'first visit to My recognition at 1.6 Mbit/s, 150 ms', value: web.recognitionMs, unit: 'ms', target: '< 2,500 ms', met: web.recognitionMs < 2_500 },
    { phase: 'web', figure: 'bytes of that first visit, as sent', value: web.transferredKb, unit: 'kB', target: '—', met: null },
    { phase: 'memory', figure: 'API peak RSS (all phases)', value: peakMb, unit: 'MB', target: '< 500 MB', met: peakMb < 500 },
    { phase: 'memory', figure: 'API peak RSS before the past moment (measured last)', value: peakAsideMb, unit: 'MB', target: '—', met: null },
  ];
}
