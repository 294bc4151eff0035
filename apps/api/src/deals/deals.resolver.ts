import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  DealMessage,
  dealStream,
  type Actor,
  type Deal as DealState,
  type DealDecision,
  type Decision,
} from '@club-ledger/domain';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { Clock } from '@club-ledger/kernel';
import { CurrentActor } from '../auth/current-actor.decorator';
import { auditTrail } from '../graphql/audit-trail';
import { readYourWrites } from '../graphql/read-your-writes';
import { ReadPolicy } from '../graphql/read-policy.module';
import { commandContext, perRequestOf, type GraphQLContext } from '../graphql/request-context';
import { creditOf, dealOf, DealQueries, DirectoryQueries, Projector } from '@club-ledger/eligibility';
import { AuditEntry, CloseDealInput, Credit, CreditContributionInput, Deal, Employee, OpenDealInput } from './deal.types';
import { refusal } from '../graphql/refusal';

@Resolver(() => Deal)
export class DealsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: DealQueries,
    private readonly directory: DirectoryQueries,
    private readonly projector: Projector,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly clock: Clock,
    private readonly readPolicy: ReadPolicy,
  ) {}

  @Query(() => Deal, { nullable: true })
  async deal(@Args('id', { type: () => ID }) id: string, @Context() context: GraphQLContext) {
    const deal = await perRequestOf(context, 'deals', () => this.queries.deals()).load(id);
    if (deal && !(await this.readPolicy.reader(context).readsDeal(deal))) {
      throw forbidden('Only the owner and their managers, its credited contributors, HR, executives and admins read this deal');
    }
    return deal;
  }

  @ResolveField(() => Employee)
  owner(@Parent() deal: Deal, @Context() context: GraphQLContext) {
    return perRequestOf(context, 'employees', () => this.directory.loader()).load(deal.ownerId);
  }

  @ResolveField(() => [Credit])
  credits(@Parent() deal: Deal, @Context() context: GraphQLContext) {
    return perRequestOf(context, 'creditsOfDeals', () => this.queries.creditsOfDeals()).load(deal.id);
  }

  /** The audit trail: every event of the deal's stream, as recorded. */
  @ResolveField(() => [AuditEntry])
  async history(@Parent() deal: Deal): Promise<AuditEntry[]> {
    return auditTrail(this.store, dealStream(deal.id));
  }

  @Mutation(() => Deal)
  async openDeal(@CurrentActor() actor: Actor, @Args('input') input: OpenDealInput, @Context() context: GraphQLContext) {
    const { id, type, idempotencyKey, ...rest } = input;
    const decision = await this.commands.execute(new DealMessage({ type: 'OpenDeal', dealId: id, dealType: type, ...rest }, commandContext(context, actor, idempotencyKey)));
    return this.dealAfter(decision, id);
  }

  @Mutation(() => Deal)
  async closeDeal(@CurrentActor() actor: Actor, @Args('input') input: CloseDealInput, @Context() context: GraphQLContext) {
    const { idempotencyKey, ...rest } = input;
    const occurredAt = `${input.closedOn}T00:00:00.000Z`;
    const decision = await this.commands.execute(new DealMessage({ type: 'CloseDeal', ...rest }, { ...commandContext(context, actor, idempotencyKey), occurredAt }));
    return this.dealAfter(decision, input.dealId);
  }

  @Mutation(() => Deal)
  async reopenDeal(
    @CurrentActor() actor: Actor,
    @Args('dealId', { type: () => ID }) dealId: string,
    @Args('reason') reason: string,
    @Context() context: GraphQLContext,
    @Args('idempotencyKey', { type: () => String, nullable: true }) idempotencyKey: string | null,
  ) {
    const decision = await this.commands.execute(new DealMessage({ type: 'ReopenDeal', dealId, reason }, commandContext(context, actor, idempotencyKey)));
    return this.dealAfter(decision, dealId);
  }

  @Mutation(() => Credit)
  async creditContribution(@CurrentActor() actor: Actor, @Args('input') input: CreditContributionInput, @Context() context: GraphQLContext) {
    const { idempotencyKey, creditedOn, ...rest } = input;
    // A backfilled credit happened on its original date: its creditedAt, and what lateness is judged by.
    const backfill = creditedOn ? { creditedOn } : {};
    const occurred = creditedOn ? { occurredAt: `${creditedOn}T00:00:00.000Z` } : {};
    const decision: DealDecision = await this.commands.execute(
      new DealMessage({ type: 'CreditContribution', ...rest, ...backfill }, { ...commandContext(context, actor, idempotencyKey), ...occurred }),
    );
    if (decision.creditId === undefined) throw new Error('A credit was given without an id');
    return this.creditAfter(decision, decision.creditId);
  }

  @Mutation(() => Credit)
  async retractCredit(
    @CurrentActor() actor: Actor,
    @Args('creditId', { type: () => ID }) creditId: string,
    @Args('reason') reason: string,
    @Context() context: GraphQLContext,
  ) {
    const credit = await this.queries.credit(creditId);
    if (!credit) throw refusal(`No credit ${creditId}`, { code: 'NOT_FOUND', field: 'creditId' });
    const decision = await this.commands.execute(new DealMessage({ type: 'RetractCredit', dealId: credit.dealId, creditId, reason }, commandContext(context, actor)));
    return this.creditAfter(decision, creditId);
  }

  /**
   * Read-your-writes: wait (bounded) for the read models to pass the write, then read it back; if they
   * are still behind, answer from the deal aggregate itself, the write being done either way.
   */
  private async dealAfter(decision: Decision<DealState>, dealId: string): Promise<Deal> {
    await readYourWrites(this.projector, decision);
    return (await this.queries.deals().load(dealId)) ?? dealOf(decision.state);
  }

  private async creditAfter(decision: Decision<DealState>, creditId: string): Promise<Credit> {
    await readYourWrites(this.projector, decision);
    return (await this.queries.credit(creditId)) ?? creditOf(decision.state, creditId, this.clock.now());
  }
}

const forbidden = (message: string) => refusal(message, { code: 'FORBIDDEN' });
