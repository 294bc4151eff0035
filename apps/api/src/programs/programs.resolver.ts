import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  AwardProgramMessage,
  programStream,
  type Actor,
  type CriteriaRules,
  type Decision,
} from '@club-ledger/domain';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { CurrentActor } from '../auth/current-actor.decorator';
import { auditTrail } from '../graphql/audit-trail';
import { readYourWrites } from '../graphql/read-your-writes';
import { commandContext, type GraphQLContext } from '../graphql/request-context';
import { ProgramQueries, Projector, type ProgramRecord } from '@club-ledger/eligibility';
import { AuditEntry, AwardProgram, Criteria, CriteriaInput, DraftAwardProgramInput, ProgramStatus } from './program.types';
import { refusal } from '../graphql/refusal';

@Resolver(() => AwardProgram)
export class ProgramsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ProgramQueries,
    private readonly projector: Projector,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Query(() => [AwardProgram])
  awardPrograms(@Args('status', { type: () => ProgramStatus, nullable: true }) status: string | null) {
    return this.queries.programs(status ?? undefined);
  }

  @Query(() => AwardProgram, { nullable: true })
  async awardProgram(@Args('id', { type: () => ID }) id: string) {
    return (await this.queries.program(id)) ?? null;
  }

  @ResolveField(() => Criteria, { description: 'The criteria version in force.' })
  async criteria(@Parent() program: ProgramRecord) {
    if (program.proposed) return program.proposed;
    const history = await this.queries.criteriaHistory(program.id);
    return history.find((criteria) => criteria.version === program.criteriaVersion) ?? history[history.length - 1];
  }

  @ResolveField(() => [Criteria])
  async criteriaHistory(@Parent() program: ProgramRecord) {
    const history = await this.queries.criteriaHistory(program.id);
    return program.proposed ? [...history, program.proposed] : history;
  }

  /** The audit trail of the program's stream: drafted, each revision with its reason, opened, finalized. */
  @ResolveField(() => [AuditEntry])
  async history(@Parent() program: AwardProgram): Promise<AuditEntry[]> {
    return auditTrail(this.store, programStream(program.id));
  }

  @Mutation(() => AwardProgram)
  async draftAwardProgram(@CurrentActor() actor: Actor, @Args('input') input: DraftAwardProgramInput, @Context() context: GraphQLContext) {
    const programId = input.id ?? randomUUID();
    const draft = new AwardProgramMessage(
      {
        type: 'DraftAwardProgram',
        programId,
        name: input.name,
        description: input.description ?? null,
        periodStart: input.periodStart,
        periodEnd: input.periodEnd,
        audienceDepartments: input.audienceDepartments ?? [],
        criteria: rulesOf(input.criteria),
      },
      commandContext(context, actor),
    );
    return this.programAfter(await this.commands.execute(draft), programId);
  }

  @Mutation(() => AwardProgram)
  async reviseCriteria(
    @CurrentActor() actor: Actor,
    @Args('programId', { type: () => ID }) programId: string,
    @Args('criteria') criteria: CriteriaInput,
    @Args('reason') reason: string,
    @Context() context: GraphQLContext,
  ) {
    const revise = new AwardProgramMessage({ type: 'ReviseCriteria', programId, criteria: rulesOf(criteria), reason }, commandContext(context, actor));
    return this.programAfter(await this.commands.execute(revise), programId);
  }

  @Mutation(() => AwardProgram)
  async openAwardProgram(@CurrentActor() actor: Actor, @Args('programId', { type: () => ID }) programId: string, @Context() context: GraphQLContext) {
    return this.programAfter(await this.commands.execute(new AwardProgramMessage({ type: 'OpenAwardProgram', programId }, commandContext(context, actor))), programId);
  }

  @Mutation(() => AwardProgram)
  async finalizeAwardProgram(@CurrentActor() actor: Actor, @Args('programId', { type: () => ID }) programId: string, @Context() context: GraphQLContext) {
    return this.programAfter(await this.commands.execute(new AwardProgramMessage({ type: 'FinalizeAwardProgram', programId }, commandContext(context, actor))), programId);
  }

  private async programAfter(decision: Decision<unknown>, programId: string) {
    await readYourWrites(this.projector, decision);
    const program = await this.queries.program(programId);
    if (!program) throw refusal('The program is recorded but not yet readable; query it again shortly', { code: 'CONFLICT' });
    return program;
  }
}

/** The GraphQL input with the contract's defaults filled in, as the domain's criteria rules. */
export function rulesOf(input: CriteriaInput): CriteriaRules {
  return {
    thresholds: input.thresholds.map((threshold) => ({ metric: threshold.metric, atLeast: threshold.atLeast, kind: threshold.kind ?? null })),
    rankBy: input.rankBy ?? 'POINTS',
    maxWinners: input.maxWinners ?? null,
    kindPoints: input.kindPoints ?? [],
    dealTypeMultipliers: input.dealTypeMultipliers ?? [],
    productMultipliers: input.productMultipliers ?? [],
    excludeFlaggedDeals: input.excludeFlaggedDeals ?? false,
    requireActive: input.requireActive ?? true,
  };
}
