import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  CommandRejected,
  DisputesCommand,
  DomainError,
  canReadDispute,
  hasRole,
  type Actor,
  type Decision,
  type Dispute as DisputeState,
  type DisputeCommand,
} from '@club-ledger/domain';
import { ClaimQueries, DealQueries, DirectoryQueries, ProgramQueries, Projector } from '@club-ledger/eligibility';
import { Clock } from '@club-ledger/kernel';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Credit, Employee } from '../deals/deal.types';
import { offsetAfter, offsetConnection, pageSize } from '../graphql/paging';
import { readYourWrites } from '../graphql/read-your-writes';
import { commandContext, perRequestOf, type GraphQLContext } from '../graphql/request-context';
import { AwardProgram } from '../programs/program.types';
import { Claim, Dispute, DisputeConnection, DisputeStatus, RaiseDisputeInput, toClaim } from './claim.types';

const iso = (instant: Date | string | null | undefined) => (instant ? new Date(instant).toISOString() : null);

@Resolver(() => Dispute)
export class DisputesResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ClaimQueries,
    private readonly deals: DealQueries,
    private readonly programs: ProgramQueries,
    private readonly directory: DirectoryQueries,
    private readonly projector: Projector,
    private readonly clock: Clock,
  ) {}

  @Query(() => DisputeConnection, { description: 'Mine; HR and ADMIN all (the open ones first, oldest first).' })
  async disputes(
    @CurrentActor() actor: Actor,
    @Args('status', { type: () => DisputeStatus, nullable: true }) status: keyof typeof DisputeStatus | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<DisputeConnection> {
    const limit = pageSize(first);
    const offset = offsetAfter(after);
    const raisedBy = hasRole(actor, 'HR', 'ADMIN') ? undefined : actor.id;
    const { nodes, totalCount } = await this.queries.disputes({ raisedBy, status: status ?? undefined }, { offset, limit });
    return offsetConnection(nodes, totalCount, offset);
  }

  /** A standing disputed is pinned to the moment seen: what is not given is the present. */
  @Mutation(() => Dispute)
  raiseDispute(@CurrentActor() actor: Actor, @Args('input') input: RaiseDisputeInput, @Context() context: GraphQLContext) {
    const { idempotencyKey, subject, reason } = input;
    const now = this.clock.now().toISOString();
    const data = {
      disputeId: '', subject, reason, creditId: input.creditId ?? null, claimId: input.claimId ?? null, programId: input.programId ?? null,
      asOf: iso(input.asOf) ?? now, knownAt: iso(input.knownAt) ?? now,
    };
    return this.send({ type: 'RaiseDispute', data }, actor, commandContext(context, actor, idempotencyKey));
  }

  @Mutation(() => Dispute, { description: 'HR and ADMIN: in favour restores a retracted credit or records a declined claim\'s.' })
  resolveDispute(
    @CurrentActor() actor: Actor,
    @Args('disputeId', { type: () => ID }) disputeId: string,
    @Args('inFavor') inFavor: boolean,
    @Args('resolution') resolution: string,
    @Context() context: GraphQLContext,
  ) {
    return this.send({ type: 'ResolveDispute', data: { disputeId, inFavor, resolution } }, actor, commandContext(context, actor));
  }

  @ResolveField(() => Employee)
  raisedBy(@Parent() dispute: Dispute, @Context() context: GraphQLContext) {
    return this.employee(context, dispute.raisedBy);
  }

  @ResolveField(() => Employee, { nullable: true })
  resolvedBy(@Parent() dispute: Dispute, @Context() context: GraphQLContext) {
    return dispute.resolvedBy ? this.employee(context, dispute.resolvedBy) : null;
  }

  @ResolveField(() => Credit, { nullable: true })
  async credit(@Parent() dispute: Dispute): Promise<Credit | null> {
    return dispute.creditId ? ((await this.deals.credit(dispute.creditId)) ?? null) : null;
  }

  @ResolveField(() => Claim, { nullable: true })
  async claim(@Parent() dispute: Dispute, @Context() context: GraphQLContext): Promise<Claim | null> {
    if (!dispute.claimId) return null;
    const claim = await perRequestOf(context, 'claims', () => this.queries.claimsLoader()).load(dispute.claimId);
    return claim ? toClaim(claim) : null;
  }

  @ResolveField(() => AwardProgram, { nullable: true })
  async program(@Parent() dispute: Dispute) {
    return dispute.programId ? ((await this.programs.program(dispute.programId)) ?? null) : null;
  }

  private employee(context: GraphQLContext, id: string) {
    return perRequestOf(context, 'employees', () => this.directory.loader()).load(id);
  }

  private async send(command: DisputeCommand, actor: Actor, context: ReturnType<typeof commandContext>): Promise<Dispute> {
    const decision: Decision<DisputeState> = await this.commands.execute(new DisputesCommand(command, context));
    await readYourWrites(this.projector, decision);
    if (!decision.state.raised) throw new Error('The command left no dispute');
    const dispute = await this.queries.dispute(decision.state.id);
    if (!dispute) throw new CommandRejected(new DomainError('CONFLICT', 'Recorded; the disputes are still catching up: read them again shortly'));
    if (!canReadDispute(actor, dispute)) throw new CommandRejected(new DomainError('FORBIDDEN', 'Only the person who raised it, HR and admins read a dispute'));
    return dispute;
  }
}
