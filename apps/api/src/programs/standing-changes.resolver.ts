import { Args, Context, ID, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { DealQueries, DirectoryQueries, StandingsService, type Moment, type ProgramRecord } from '@club-ledger/eligibility';
import { hasRole, type Actor } from '@club-ledger/domain';
import type { ChangeCause as Cause } from '@club-ledger/eligibility';
import { CurrentActor } from '../auth/current-actor.decorator';
import { NameBook } from '../explain/names';
import { sentenceOf, type Names } from '../explain/sentences';
import { perRequestOf, type GraphQLContext } from '../graphql/request-context';
import { AwardProgram } from './program.types';
import { ChangeCause, MomentInput, StandingChange } from './standing-change.types';
import { refusal } from '../graphql/refusal';

const momentOf = (input: MomentInput): Moment => ({
  ...(input.asOf && { asOf: new Date(input.asOf) }),
  ...(input.knownAt && { knownAt: new Date(input.knownAt) }),
});

/** Who changed between two moments, and why: HR, EXECUTIVE and ADMIN for anyone, anyone else for themselves. */
@Resolver(() => AwardProgram)
export class StandingChangesResolver {
  constructor(
    private readonly standings: StandingsService,
    private readonly names: NameBook,
  ) {}

  @ResolveField(() => [StandingChange], {
    description: 'Who changed between two moments, and why. Without employeeId: everyone whose qualification changed (onlyQualificationChanges) or whose standing changed at all.',
  })
  async standingChanges(
    @CurrentActor() actor: Actor,
    @Parent() program: ProgramRecord,
    @Args('from', { type: () => MomentInput }) from: MomentInput,
    @Args('to', { type: () => MomentInput }) to: MomentInput,
    @Args('employeeId', { type: () => ID, nullable: true }) employeeId: string | null,
    @Args('onlyQualificationChanges', { type: () => Boolean, nullable: true, defaultValue: true }) onlyQualificationChanges: boolean | null,
    @Context() context: GraphQLContext,
  ): Promise<StandingChange[]> {
    const everyone = hasRole(actor, 'HR', 'EXECUTIVE', 'ADMIN');
    if (!everyone && employeeId !== actor.id) {
      throw refusal('Only HR, executives and admins read every change of standing; ask for your own', { code: 'FORBIDDEN', field: 'employeeId' });
    }
    const changes = await this.standings.changes(program, momentOf(from), momentOf(to), {
      ...(employeeId !== null && { employeeId }), onlyQualificationChanges: onlyQualificationChanges ?? true,
    });
    const causes = changes.flatMap((change) => change.causes);
    const names = await this.names.namesFor(context, [
      ...causes.flatMap((cause) => (cause.fact ? [{ data: cause.fact.data, actor: null }] : [])),
      ...changes.map((change) => ({ data: { employeeId: change.employeeId }, actor: null })),
      ...causes.map((cause) => ({ data: { employeeId: cause.otherId }, actor: null })),
    ]);
    return changes.map((change) => ({
      ...change,
      causes: change.causes.map((cause) => toCause(cause, change.employeeId, names, everyone, change.after?.cutoff != null)),
    }));
  }
}

/**
 * A cause as the API shows it. Someone reading their own change sees who overtook them, not the other person's
 * credits and deals, which they could not read directly.
 */
function toCause(cause: Cause, employeeId: string, names: Names, everyone: boolean, capped: boolean): ChangeCause {
  const data = (cause.fact?.data ?? {}) as { creditId?: string; dealId?: string };
  const hidden = cause.otherId !== null && !everyone;
  const event = cause.fact ? sentenceOf({ type: cause.fact.type, data: cause.fact.data, actor: null }, names) : '';
  return {
    kind: cause.kind,
    occurredAt: cause.fact?.occurredAt ?? cause.criteria?.occurredAt ?? '',
    recordedAt: cause.fact?.recordedAt ?? cause.criteria?.recordedAt ?? '',
    description: describe(cause, employeeId, names, hidden ? '' : event, capped),
    criteriaVersion: cause.criteria?.criteria.version ?? null,
    position: cause.fact?.position ?? cause.criteria?.position ?? null,
    creditId: hidden ? null : (data.creditId ?? null),
    dealId: hidden ? null : (data.dealId ?? null),
    otherId: cause.otherId,
  };
}

function describe(cause: Cause, employeeId: string, names: Names, event: string, capped: boolean): string {
  if (cause.kind === 'CRITERIA_REVISED' && cause.criteria) {
    const { version, reason } = cause.criteria.criteria;
    return version === 1 ? 'The program was drafted (criteria version 1)' : `The criteria were revised to version ${version}${reason ? `: ${reason}` : ''}`;
  }
  if (cause.otherId !== null) {
    const [other, person] = [names.person(cause.otherId), names.person(employeeId)];
    const moved = cause.otherAhead ? `${other} overtook ${person}${capped ? ' past the cutoff' : ''}` : `${other} fell behind ${person}`;
    return event ? `${moved}: ${event}` : moved;
  }
  return event;
}

/** A cause's credit, deal and other person, each read as the same thing asked directly would be. */
@Resolver(() => ChangeCause)
export class ChangeCauseResolver {
  constructor(
    private readonly deals: DealQueries,
    private readonly directory: DirectoryQueries,
  ) {}

  @ResolveField()
  async credit(@Parent() cause: ChangeCause) {
    return cause.creditId ? ((await this.deals.credit(cause.creditId)) ?? null) : null;
  }

  @ResolveField()
  async deal(@Parent() cause: ChangeCause, @Context() context: GraphQLContext) {
    return cause.dealId ? perRequestOf(context, 'deals', () => this.deals.deals()).load(cause.dealId) : null;
  }

  @ResolveField()
  async other(@Parent() cause: ChangeCause, @Context() context: GraphQLContext) {
    return cause.otherId ? perRequestOf(context, 'employees', () => this.directory.loader()).load(cause.otherId) : null;
  }
}

@Resolver(() => StandingChange)
export class StandingChangeResolver {
  constructor(private readonly directory: DirectoryQueries) {}

  @ResolveField()
  employee(@Parent() change: StandingChange, @Context() context: GraphQLContext) {
    return perRequestOf(context, 'employees', () => this.directory.loader()).load(change.employeeId);
  }
}
