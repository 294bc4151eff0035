import { Injectable } from '@nestjs/common';
import { DealQueries, DirectoryQueries } from '@club-ledger/eligibility';
import { perRequestOf, type GraphQLContext } from '../graphql/request-context';
import { namedIn, type Names } from './sentences';

/** Looks up the names a set of events needs, batched per request, for their sentences. */
@Injectable()
export class NameBook {
  constructor(
    private readonly directory: DirectoryQueries,
    private readonly deals: DealQueries,
  ) {}

  async namesFor(context: GraphQLContext | null, events: readonly { data: unknown; actor: string | null }[]): Promise<Names> {
    const wanted = events.map((event) => namedIn((event.data ?? {}) as Record<string, unknown>, event.actor));
    const people = context ? perRequestOf(context, 'employees', () => this.directory.loader()) : this.directory.loader();
    const deals = context ? perRequestOf(context, 'deals', () => this.deals.deals()) : this.deals.deals();
    const [employees, dealRows, credits] = await Promise.all([
      people.loadMany([...new Set(wanted.flatMap((ids) => ids.people))]),
      deals.loadMany([...new Set(wanted.flatMap((ids) => ids.deals))]),
      Promise.all([...new Set(wanted.flatMap((ids) => ids.credits))].map((id) => this.deals.credit(id))),
    ]);
    const byId = <T extends { id: string }>(rows: readonly (T | null | undefined | Error)[]) =>
      new Map(rows.filter((row): row is T => row !== null && row !== undefined && !(row instanceof Error)).map((row) => [row.id, row]));
    const [personById, dealById, creditById] = [byId(employees), byId(dealRows), byId(credits)];
    return {
      person: (id) => personById.get(id)?.name ?? id,
      deal: (id) => dealById.get(id)?.name ?? id,
      credit: (id) => creditById.get(id),
    };
  }
}
