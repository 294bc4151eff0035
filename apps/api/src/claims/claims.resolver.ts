import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  ClaimMessage,
  CommandRejected,
  DomainError,
  canReadClaim,
  claimCreditId,
  type Actor,
  type Claim as ClaimState,
  type ClaimCommandSent,
  type Decision,
} from '@club-ledger/domain';
import { ClaimQueries, DealQueries, DirectoryQueries, Projector } from '@club-ledger/eligibility';
import { Clock } from '@club-ledger/kernel';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Credit, Deal, Employee } from '../deals/deal.types';
import { offsetAfter, offsetConnection, pageSize } from '../graphql/paging';
import { readYourWrites } from '../graphql/read-your-writes';
import { ReadPolicy } from '../graphql/read-policy.module';
import { commandContext, perRequestOf, type GraphQLContext } from '../graphql/request-context';
import { Claim, ClaimConnection, ClaimCreditInput, ClaimStatus, toClaim } from './claim.types';

@Resolver(() => Claim)
export class ClaimsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: ClaimQueries,
    private readonly deals: DealQueries,
    private readonly directory: DirectoryQueries,
    private readonly projector: Projector,
    private readonly clock: Clock,
    private readonly readPolicy: ReadPolicy,
  ) {}

  @Query(() => ClaimConnection, { description: 'Mine as claimant, owner or approver, and my team\'s; HR and ADMIN all.' })
  async claims(
    @CurrentActor() actor: Actor,
    @Args('status', { type: () => ClaimStatus, nullable: true }) status: keyof typeof ClaimStatus | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('waitingForMe', { type: () => Boolean, nullable: true, defaultValue: false, description: 'Only those pending on my decision.' })
    waitingForMe: boolean | null,
  ): Promise<ClaimConnection> {
    const limit = pageSize(first);
    const offset = offsetAfter(after);
    const { nodes, totalCount } = await this.queries.claims(actor, { status: status ?? undefined, waitingForMe: waitingForMe ?? false }, { offset, limit });
    return offsetConnection(nodes.map(toClaim), totalCount, offset);
  }

  @Query(() => Claim, { nullable: true })
  async claim(@CurrentActor() actor: Actor, @Args('id', { type: () => ID }) id: string, @Context() context: GraphQLContext): Promise<Claim | null> {
    const claim = await perRequestOf(context, 'claims', () => this.queries.claimsLoader()).load(id);
    if (!claim) return null;
    if (!canReadClaim(actor, claim, { managesOwner: await this.readPolicy.reader(context).manages(claim.ownerId) })) {
      throw new CommandRejected(new DomainError('FORBIDDEN', 'Only the claimant, the deal\'s owner and their managers, HR and admins read this claim'));
    }
    return toClaim(claim);
  }

  @Mutation(() => Claim)
  claimCredit(@CurrentActor() actor: Actor, @Args('input') input: ClaimCreditInput, @Context() context: GraphQLContext) {
    const { idempotencyKey, ...data } = input;
    return this.send({ type: 'ClaimCredit', ...data }, commandContext(context, actor, idempotencyKey));
  }

  @Mutation(() => Claim)
  approveClaim(@CurrentActor() actor: Actor, @Args('claimId', { type: () => ID }) claimId: string, @Context() context: GraphQLContext) {
    return this.send({ type: 'ApproveClaim', claimId }, commandContext(context, actor));
  }

  @Mutation(() => Claim)
  declineClaim(
    @CurrentActor() actor: Actor,
    @Args('claimId', { type: () => ID }) claimId: string,
    @Args('reason') reason: string,
    @Context() context: GraphQLContext,
  ) {
    return this.send({ type: 'DeclineClaim', claimId, reason }, commandContext(context, actor));
  }

  @Mutation(() => Claim)
  withdrawClaim(@CurrentActor() actor: Actor, @Args('claimId', { type: () => ID }) claimId: string, @Context() context: GraphQLContext) {
    return this.send({ type: 'WithdrawClaim', claimId }, commandContext(context, actor));
  }

  /** Through a claim, the claimant reads what the deal is (id, name, account, owner, status), not its other credits. */
  @ResolveField(() => Deal)
  async deal(@Parent() claim: Claim, @Context() context: GraphQLContext): Promise<Deal | null> {
    const deal = await perRequestOf(context, 'deals', () => this.deals.deals()).load(claim.dealId);
    if (!deal) return null;
    return (await this.readPolicy.reader(context).readsDeal(deal)) ? deal : { ...deal, restricted: true };
  }

  @ResolveField(() => Employee)
  claimant(@Parent() claim: Claim, @Context() context: GraphQLContext) {
    return this.employee(context, claim.claimantId);
  }

  @ResolveField(() => Employee, { description: 'Who is to decide now: the owner, or the manager it escalated to (the owner when it went to HR).' })
  approver(@Parent() claim: Claim, @Context() context: GraphQLContext) {
    return this.employee(context, claim.approverId ?? claim.ownerId);
  }

  @ResolveField(() => Employee, { nullable: true })
  decidedBy(@Parent() claim: Claim, @Context() context: GraphQLContext) {
    return claim.decidedBy ? this.employee(context, claim.decidedBy) : null;
  }

  /** The credit granting it recorded: by approval, or by a dispute over its decline (the same credit either way). */
  @ResolveField(() => Credit, { nullable: true })
  async credit(@Parent() claim: Claim): Promise<Credit | null> {
    return (await this.deals.credit(claim.creditId ?? claimCreditId(claim.id))) ?? null;
  }

  private employee(context: GraphQLContext, id: string) {
    return perRequestOf(context, 'employees', () => this.directory.loader()).load(id);
  }

  private async send(command: ClaimCommandSent, context: ReturnType<typeof commandContext>): Promise<Claim> {
    const decision: Decision<ClaimState> = await this.commands.execute(new ClaimMessage(command, context));
    await readYourWrites(this.projector, decision);
    const state = decision.state;
    if (!state.claimed) throw new Error('The command left no claim');
    const claim = await this.queries.claimsLoader().load(state.id);
    return claim ? toClaim(claim) : claimOf(state, this.clock.now());
  }
}

/** A claim as its aggregate knows it: what a mutation answers when the read model is still catching up (its times are the answer's). */
function claimOf(state: Extract<ClaimState, { claimed: true }>, now: Date): Claim {
  const decided = state.status !== 'PENDING';
  return {
    ...state, claimedAt: now, escalatedAt: state.escalated ? now : null, decidedAt: decided ? now : null, decidedBy: null, reason: null,
    creditId: state.status === 'APPROVED' ? claimCreditId(state.id) : null, waitingForHr: state.escalated && state.approverId === null,
  };
}
