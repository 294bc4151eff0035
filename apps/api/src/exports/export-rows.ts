import { Inject, Injectable } from '@nestjs/common';
import { DealQueries, DirectoryQueries, SQL_CLIENT, StandingsService, type Moment, type ProgramRecord } from '@club-ledger/eligibility';
import { formatMoney } from '@club-ledger/domain';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@club-ledger/event-store';
import { ownDealsOf } from '@club-ledger/eligibility';
import type { SqlClient } from '@club-ledger/kernel';
import type { Credit, Deal } from '../deals/deal.types';
import { NameBook } from '../explain/names';
import { sentenceOf } from '../explain/sentences';
import type { Standing } from '../programs/standing.types';

type Cell = string | number | boolean | null;
type Row = Cell[];

/** Standings read a page at a time, so that a large program's export is written as it is read. */
const PAGE = 500;

/** The rows of each CSV export, header first, produced as they are read. */
@Injectable()
export class ExportRows {
  constructor(
    private readonly standings: StandingsService,
    private readonly directory: DirectoryQueries,
    private readonly deals: DealQueries,
    private readonly names: NameBook,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async *standingRows(program: ProgramRecord, moment: Moment): AsyncIterable<Row> {
    let header = false;
    for await (const page of this.pages(program, moment, false)) {
      const people = await this.directory.loader().loadMany(page.map((standing) => standing.employeeId));
      for (const [index, standing] of page.entries()) {
        const metrics = standing.metrics.map((metric) => [metric.kind ? `${metric.metric}:${metric.kind}` : metric.metric, metric.value] as const);
        if (!header) {
          header = true;
          yield ['rank', 'employeeId', 'employee', 'department', 'qualifies', 'score', 'progress', 'cutoffRank', 'cutoffValue', 'behind', 'criteriaVersion', 'asOf', 'knownAt', ...metrics.map(([name]) => name)];
        }
        const person = people[index];
        const known = person && !(person instanceof Error) ? person : null;
        yield [
          standing.rank, standing.employeeId, known?.name ?? null, known?.department ?? null, standing.qualifies, standing.score, standing.progress,
          standing.cutoff?.rank ?? null, standing.cutoff?.value ?? null, standing.cutoff?.behind ?? null, standing.criteriaVersion,
          standing.asOf.toISOString(), standing.knownAt.toISOString(), ...metrics.map(([, value]) => value),
        ];
      }
    }
    if (!header) yield ['rank', 'employeeId', 'employee', 'department', 'qualifies', 'score', 'progress', 'cutoffRank', 'cutoffValue', 'behind', 'criteriaVersion', 'asOf', 'knownAt'];
  }

  /** Everything that counts toward each standing: the credits with their deals, the won deals, the quota. */
  async *evidenceRows(program: ProgramRecord, moment: Moment): AsyncIterable<Row> {
    yield ['employeeId', 'employee', 'evidence', 'dealId', 'deal', 'account', 'dealType', 'amount', 'closedOn', 'creditId', 'kind', 'creditedBy', 'creditedAt', 'flags', 'note'];
    for await (const page of this.pages(program, moment, true)) {
      const dealsById = this.deals.deals();
      const credits = this.deals.creditsById((deal) => dealsById.prime(deal.id, deal));
      const people = this.directory.loader();
      const lazy = page.filter((standing) => standing.own === null);
      const own = lazy.length > 0 ? await ownDealsOf(this.sql, lazy[0].program, lazy[0].rules, lazy.map((standing) => standing.employeeId), lazy[0].ownAt ?? undefined) : new Map();
      for (const standing of page) {
        const name = (await people.load(standing.employeeId))?.name ?? null;
        const theirs = standing.own ? { wonDeals: standing.own.wonDealIds, quotaCents: standing.own.quota } : own.get(standing.employeeId);
        const dealRow = (deal: Deal | null | undefined): Row => [deal?.id ?? null, deal?.name ?? null, deal?.account ?? null, deal?.type ?? null, deal?.amount ?? null, deal?.closedOn ?? null];
        for (const credit of await credits.loadMany(standing.evidenceIds ?? [])) {
          if (!credit || credit instanceof Error) continue;
          const given = credit as Credit;
          const creditor = (await people.load(given.creditedById))?.name ?? given.creditedById;
          yield [standing.employeeId, name, 'CREDIT', ...dealRow(await dealsById.load(given.dealId)), given.id, given.kind, creditor, given.creditedAt.toISOString(), given.flags.join(' '), given.note];
        }
        for (const deal of await dealsById.loadMany(theirs?.wonDeals ?? [])) {
          if (deal && !(deal instanceof Error)) yield [standing.employeeId, name, 'WON_DEAL', ...dealRow(deal), null, null, null, null, deal.flags.join(' '), null];
        }
        if (theirs?.quotaCents !== null && theirs?.quotaCents !== undefined) {
          yield [standing.employeeId, name, 'QUOTA', null, null, null, null, formatMoney(theirs.quotaCents), null, null, null, null, null, null, null];
        }
      }
    }
  }

  /** The audit trail of the whole ledger recorded between `from` and `to`, each event as a sentence and as recorded. */
  async *auditRows(from: Date | undefined, to: Date | undefined): AsyncIterable<Row> {
    yield ['position', 'recordedAt', 'occurredAt', 'stream', 'type', 'actor', 'summary', 'data'];
    let batch: RecordedEvent[] = [];
    const flush = async function* (this: ExportRows) {
      const names = await this.names.namesFor(null, batch.map((event) => ({ data: event.data, actor: event.metadata.actor })));
      for (const event of batch) {
        const summary = sentenceOf({ type: event.type, data: event.data, actor: event.metadata.actor }, names);
        yield [event.position.toString(), event.recordedAt.toISOString(), event.metadata.occurredAt, event.stream, event.type, event.metadata.actor, summary, JSON.stringify(event.data)] as Row;
      }
      batch = [];
    }.bind(this);
    for await (const event of this.store.readAll()) {
      if ((from && event.recordedAt < from) || (to && event.recordedAt > to)) continue;
      batch.push(event);
      if (batch.length >= PAGE) yield* flush();
    }
    yield* flush();
  }

  /** Kept standings a page at a time; a past moment's computed once, then handed out a page at a time. */
  private async *pages(program: ProgramRecord, moment: Moment, withEvidence: boolean): AsyncIterable<Standing[]> {
    if (moment.asOf || moment.knownAt) {
      const all = await this.standings.standings(program, moment, { withEvidence });
      for (let offset = 0; offset < all.length; offset += PAGE) yield all.slice(offset, offset + PAGE);
      return;
    }
    for (let offset = 0; ; offset += PAGE) {
      const { nodes, totalCount } = await this.standings.page(program, moment, { offset, limit: PAGE, onlyQualified: false, withEvidence });
      if (nodes.length > 0) yield nodes;
      if (offset + PAGE >= totalCount) return;
    }
  }
}
