import { Args, Context, Float, ID, Info, Int, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { type GraphQLResolveInfo } from 'graphql';
import DataLoader from 'dataloader';
import { CommandRejected, canReadPerson, checkCriteria, checkProgramDraft, formatMoney, readsEverything, type Actor, type Criteria } from '@club-ledger/domain';
import { NEAR_MISS_WITHIN, ownDealsOf, type OwnDeals } from '@club-ledger/eligibility';
import { Clock, type SqlClient } from '@club-ledger/kernel';
import { Inject } from '@nestjs/common';
import { CurrentActor } from '../auth/current-actor.decorator';
import { DealQueries, type Moment, ProgramQueries, type ProgramRecord, type Reading, SQL_CLIENT, StandingChanges, StandingsService } from '@club-ledger/eligibility';
import { badInput, offsetAfter, offsetConnection, pageSize } from '../graphql/paging';
import { ReadPolicy } from '../graphql/read-policy.module';
import { perRequestOf, type GraphQLContext } from '../graphql/request-context';
import { asksFor } from '../graphql/selection';
import { DateTimeScalar, MoneyScalar } from '../graphql/scalars';
import { OrderDirection } from '../graphql/ordering';
import { Deal } from '../deals/deal.types';
import { AwardProgram, CriteriaInput, DraftAwardProgramInput } from './program.types';
import { rulesOf } from './programs.resolver';
import { Credit, CriteriaPreview, Standing, StandingConnection, StandingOrder } from './standing.types';
import { refusal } from '../graphql/refusal';

/** What the query asks of the standings at `path`: their evidence, their metrics and thresholds. */
const reading = (info: GraphQLResolveInfo, path: readonly string[]): Reading => ({
  withEvidence: asksFor(info, path, 'evidence'),
  withDetail: asksFor(info, path, 'metrics') || asksFor(info, path, 'thresholds'),
});

const forbidden = () => refusal('Only HR, executives and admins read every standing', { code: 'FORBIDDEN' });
const moment = (asOf?: Date | string | null, knownAt?: Date | string | null): Moment => ({
  ...(asOf && { asOf: new Date(asOf) }),
  ...(knownAt && { knownAt: new Date(knownAt) }),
});

@Resolver(() => AwardProgram)
export class ProgramStandingsResolver {
  constructor(
    private readonly standings: StandingsService,
    private readonly programs: ProgramQueries,
    private readonly clock: Clock,
    private readonly readPolicy: ReadPolicy,
  ) {}

  @ResolveField(() => StandingConnection, { name: 'standings' })
  async standingsPage(
    @CurrentActor() actor: Actor,
    @Parent() program: ProgramRecord,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('onlyQualified', { type: () => Boolean, nullable: true, defaultValue: false }) onlyQualified: boolean | null,
    @Args('asOf', { type: () => DateTimeScalar, nullable: true }) asOf: string | null,
    @Args('knownAt', { type: () => DateTimeScalar, nullable: true }) knownAt: string | null,
    @Info() info: GraphQLResolveInfo,
    @Args('search', { type: () => String, nullable: true, description: "Keeps those whose name or id contains this text, in any case." }) search: string | null,
    @Args('department', { type: () => String, nullable: true }) department: string | null,
    @Args('orderBy', { type: () => StandingOrder, nullable: true, description: 'By rank when not given.' }) orderBy: StandingOrder | null,
  ): Promise<StandingConnection> {
    if (!readsEverything(actor)) throw forbidden();
    const size = pageSize(first);
    const offset = offsetAfter(after);
    const { nodes, totalCount } = await this.standings.page(program, moment(asOf, knownAt), {
      offset, limit: size, onlyQualified: onlyQualified ?? false, ...reading(info, ['nodes']),
      search: search?.trim() || undefined, department: department ?? undefined,
      order: orderBy ? { field: orderBy.field, descending: orderBy.direction === OrderDirection.DESC } : undefined,
    });
    return offsetConnection(nodes, totalCount, offset);
  }

  @ResolveField(() => [Standing])
  async qualifiers(
    @CurrentActor() actor: Actor,
    @Parent() program: ProgramRecord,
    @Args('asOf', { type: () => DateTimeScalar, nullable: true }) asOf: string | null,
    @Args('knownAt', { type: () => DateTimeScalar, nullable: true }) knownAt: string | null,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (!readsEverything(actor)) throw forbidden();
    return this.standings.qualifiers(program, moment(asOf, knownAt), reading(info, []));
  }

  @ResolveField(() => [Standing])
  async nearMisses(
    @CurrentActor() actor: Actor,
    @Parent() program: ProgramRecord,
    @Args('within', { type: () => Float, nullable: true, defaultValue: NEAR_MISS_WITHIN }) within: number | null,
    @Args('asOf', { type: () => DateTimeScalar, nullable: true }) asOf: string | null,
    @Args('knownAt', { type: () => DateTimeScalar, nullable: true }) knownAt: string | null,
    @Info() info: GraphQLResolveInfo,
  ) {
    if (!readsEverything(actor)) throw forbidden();
    const margin = within ?? NEAR_MISS_WITHIN;
    if (margin < 0 || margin > 1) throw badInput('within must be between 0 and 1', 'within');
    return this.standings.nearMisses(program, moment(asOf, knownAt), margin, reading(info, []));
  }

  @ResolveField(() => Standing, { nullable: true })
  async standing(
    @CurrentActor() actor: Actor,
    @Parent() program: ProgramRecord,
    @Args('employeeId', { type: () => ID }) employeeId: string,
    @Args('asOf', { type: () => DateTimeScalar, nullable: true }) asOf: string | null,
    @Args('knownAt', { type: () => DateTimeScalar, nullable: true }) knownAt: string | null,
    @Info() info: GraphQLResolveInfo,
    @Context() context: GraphQLContext,
  ) {
    if (!canReadPerson(actor, employeeId, { managesThem: await this.readPolicy.reader(context).manages(employeeId) })) {
      throw refusal('You read your own standing and your reports\' only', { code: 'FORBIDDEN' });
    }
    return this.standings.standing(program, moment(asOf, knownAt), employeeId, asksFor(info, [], 'evidence'));
  }

  /** The ranked winners recorded at finalization: the standings as the ledger knew them then. */
  @ResolveField(() => [Standing], { nullable: true })
  async winners(@Parent() program: ProgramRecord) {
    if (program.status !== 'FINALIZED' || !program.finalizedAt || !program.winnerIds) return null;
    const then = await this.standings.standings(program, { knownAt: program.finalizedAt });
    // Marked as winners: their names and ranks are public, their figures follow the rule for standings.
    return program.winnerIds.flatMap((id) => then.filter((standing) => standing.employeeId === id)).map((standing) => ({ ...standing, winner: true }));
  }

  @Query(() => CriteriaPreview, { description: "What would this criteria change do? Replays the program's real history; records nothing." })
  async previewCriteria(
    @CurrentActor() actor: Actor,
    @Args('programId', { type: () => ID }) programId: string,
    @Args('criteria') criteria: CriteriaInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CriteriaPreview> {
    if (!readsEverything(actor)) throw forbidden();
    const program = await this.programs.program(programId);
    if (!program) throw refusal(`No award program ${programId}`, { code: 'NOT_FOUND', field: 'programId' });
    const rules = rulesOf(criteria);
    // The same checks as a revision: a preview of criteria that could never be saved would only mislead.
    const invalid = checkCriteria(rules);
    if (invalid) throw new CommandRejected(invalid);
    const proposed = { ...rules, version: program.criteriaVersion + 1, reason: null, revisedAt: this.clock.now().toISOString() };
    const before = await this.standings.qualifiers(program, {}, reading(info, ['changes', 'before']));
    return this.previewOf(program, proposed, before, info);
  }

  @Query(() => CriteriaPreview, { description: 'What would a program not yet drafted do? Its criteria over the real history; records nothing.' })
  async previewProgram(
    @CurrentActor() actor: Actor,
    @Args('input') input: DraftAwardProgramInput,
    @Info() info: GraphQLResolveInfo,
  ): Promise<CriteriaPreview> {
    if (!readsEverything(actor)) throw forbidden();
    const rules = rulesOf(input.criteria);
    const audienceDepartments = input.audienceDepartments ?? [];
    const invalid = checkProgramDraft({ ...input, audienceDepartments, criteria: rules });
    if (invalid) throw new CommandRejected(invalid);
    const program: ProgramRecord = {
      // No program id has a space: the preview never reads a drafted program's kept standings as its own.
      id: ' preview', name: input.name, description: input.description ?? null, status: 'DRAFT',
      periodStart: input.periodStart, periodEnd: input.periodEnd, audienceDepartments, criteriaVersion: 0, winnerIds: null, finalizedAt: null,
    };
    const proposed = { ...rules, version: 1, reason: null, revisedAt: this.clock.now().toISOString() };
    return this.previewOf(program, proposed, [], info);
  }

  /** The proposal's standings, and who it gains or loses against `before`, each with their standing before and after. */
  private async previewOf(program: ProgramRecord, proposed: Criteria, before: Standing[], info: GraphQLResolveInfo): Promise<CriteriaPreview> {
    // The evidence is read when the query names it under the standings or a change's standing after.
    const preview = await this.standings.preview(program, proposed, asksFor(info, ['standings'], 'evidence') || asksFor(info, ['changes', 'after'], 'evidence'));
    const qualifiedBefore = new Map(before.map((standing) => [standing.employeeId, standing]));
    const after = new Map(preview.filter((standing) => standing.qualifies).map((standing) => [standing.employeeId, standing]));
    // Each standing carries its employee: those it gains and loses are named without another read.
    const gained = [...after.values()].filter((standing) => !qualifiedBefore.has(standing.employeeId)).map((standing) => standing.employee);
    const lost = [...qualifiedBefore.values()].filter((standing) => !after.has(standing.employeeId)).map((standing) => standing.employee);
    const inPreview = new Map(preview.map((standing) => [standing.employeeId, standing]));
    const standingNow = async (employeeId: string) =>
      qualifiedBefore.get(employeeId) ?? (program.criteriaVersion > 0 ? await this.standings.standing(program, {}, employeeId, false) : null);
    const changes = await Promise.all(
      [...gained, ...lost].map(async (employee) => ({ employee, before: await standingNow(employee.id), after: inPreview.get(employee.id) ?? null })),
    );
    return { standings: preview, gained, lost, changes };
  }
}

@Resolver(() => Standing)
export class StandingResolver {
  constructor(
    private readonly programs: ProgramQueries,
    private readonly deals: DealQueries,
    @Inject(SQL_CLIENT) private readonly sql: SqlClient,
  ) {}

  @ResolveField(() => [Deal], { description: 'The won deals they own that count (WON_AMOUNT, QUOTA_ATTAINMENT); [] otherwise.' })
  async wonDeals(@Parent() standing: Standing, @Context() context: GraphQLContext) {
    const { wonDeals } = await this.own(standing, context);
    const deals = await perRequestOf(context, 'deals', () => this.deals.deals()).loadMany(wonDeals);
    return deals.filter((deal): deal is Deal => deal !== null && !(deal instanceof Error));
  }

  @ResolveField(() => MoneyScalar, { nullable: true, description: 'The quota the attainment is measured against, when the criteria use it.' })
  async quota(@Parent() standing: Standing, @Context() context: GraphQLContext) {
    const { quotaCents } = await this.own(standing, context);
    return quotaCents === null ? null : formatMoney(quotaCents);
  }

  /** Computed with the standing, or read from the read models, as they stood at its moment if it was counted then (batched per request and moment). */
  private async own(standing: Standing, context: GraphQLContext): Promise<OwnDeals> {
    if (standing.own) return { wonDeals: standing.own.wonDealIds, quotaCents: standing.own.quota };
    const key = `own:${standing.programId}:${JSON.stringify(standing.rules)}:${JSON.stringify(standing.ownAt)}`;
    const loader = perRequestOf(context, key, () => new DataLoader(async (ids: readonly string[]) => {
      const own = await ownDealsOf(this.sql, standing.program, standing.rules, ids, standing.ownAt ?? undefined);
      return ids.map((id) => own.get(id) ?? { wonDeals: [], quotaCents: null });
    }));
    return loader.load(standing.employeeId);
  }

  @ResolveField(() => AwardProgram, { name: 'program' })
  programOf(@Parent() standing: Standing) {
    // Every standing carries the program it was computed for, a preview's unsaved one included: no read by id.
    return standing.program;
  }

  @ResolveField(() => [Credit])
  async evidence(@Parent() standing: Standing, @Context() context: GraphQLContext) {
    // Read with the standing whenever the query names `evidence` (see `asksFor`): null here would be a defect.
    if (standing.evidenceIds === null) throw new Error(`The evidence of ${standing.employeeId} in ${standing.programId} was not read`);
    const deals = perRequestOf(context, 'deals', () => this.deals.deals());
    const credits = await perRequestOf(context, 'creditsById', () => this.deals.creditsById((deal) => deals.prime(deal.id, deal))).loadMany(standing.evidenceIds);
    return credits.filter((credit): credit is Credit => credit !== null && !(credit instanceof Error));
  }
}

/** Standings pushed as the projector commits them: every one to HR, executives and admins, one's own to anyone else. */
@Resolver(() => Standing)
export class StandingChangedResolver {
  constructor(
    private readonly standings: StandingsService,
    private readonly programs: ProgramQueries,
    private readonly changes: StandingChanges,
  ) {}

  @Subscription(() => Standing, { resolve: (standing: Standing) => standing })
  async standingChanged(@CurrentActor() actor: Actor, @Args('programId', { type: () => ID }) programId: string): Promise<AsyncIterator<Standing>> {
    const batches = this.changes.watch(programId);
    const program = await this.programs.program(programId);
    if (!program) {
      await batches.return?.();
      throw refusal(`No award program ${programId}`, { code: 'NOT_FOUND', field: 'programId' });
    }
    const visible = readsEverything(actor) ? () => true : (employeeId: string) => employeeId === actor.id;
    return this.pushed(program, batches, visible);
  }

  private async *pushed(program: ProgramRecord, batches: AsyncIterableIterator<[string[]]>, visible: (employeeId: string) => boolean) {
    try {
      for await (const [employeeIds] of batches) {
        for (const employeeId of employeeIds.filter(visible)) {
          const standing = await this.standings.standing(program, {}, employeeId);
          if (standing) yield standing;
        }
      }
    } finally {
      await batches.return?.();
    }
  }
}
