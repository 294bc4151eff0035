import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { QuotaMessage, canReadCreditsOf, canReadDealsOf, type Actor, type Decision } from '@club-ledger/domain';
import { CurrentActor } from '../auth/current-actor.decorator';
import { readYourWrites } from '../graphql/read-your-writes';
import { offsetAfter, offsetConnection, pageSize } from '../graphql/paging';
import { commandContext, perRequestOf, type GraphQLContext } from '../graphql/request-context';
import { DealQueries, DirectoryQueries, Projector } from '@club-ledger/eligibility';
import { OrderDirection } from '../graphql/ordering';
import { ReadPolicy } from '../graphql/read-policy.module';
import { Credit, CreditConnection, CreditOrder, Deal, DealConnection, DealStatus, Employee, SetQuotaInput } from './deal.types';
import { refusal } from '../graphql/refusal';

@Resolver(() => Credit)
export class CreditsResolver {
  constructor(
    private readonly queries: DealQueries,
    private readonly directory: DirectoryQueries,
  ) {}

  @ResolveField(() => Deal)
  deal(@Parent() credit: Credit, @Context() context: GraphQLContext) {
    return perRequestOf(context, 'deals', () => this.queries.deals()).load(credit.dealId);
  }

  @ResolveField(() => Employee)
  contributor(@Parent() credit: Credit, @Context() context: GraphQLContext) {
    return perRequestOf(context, 'employees', () => this.directory.loader()).load(credit.contributorId);
  }

  @ResolveField(() => Employee)
  creditedBy(@Parent() credit: Credit, @Context() context: GraphQLContext) {
    return perRequestOf(context, 'employees', () => this.directory.loader()).load(credit.creditedById);
  }
}

/** An employee's deals and credits, received and given, and the quota mutation that answers with the employee. */
@Resolver(() => Employee)
export class EmployeeCreditsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: DealQueries,
    private readonly directory: DirectoryQueries,
    private readonly projector: Projector,
    private readonly readPolicy: ReadPolicy,
  ) {}

  @ResolveField(() => CreditConnection)
  creditsReceived(
    @Context() context: GraphQLContext,
    @Parent() employee: Employee,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('search', { type: () => String, nullable: true, description: "Keeps credits whose deal's name or account, or the creditor's name, contains this text." })
    search?: string | null,
    @Args('orderBy', { type: () => CreditOrder, nullable: true, description: 'Oldest first when not given.' }) orderBy?: CreditOrder | null,
  ) {
    return this.page(context, employee, 'contributor_id', first, after, { search, orderBy });
  }

  @ResolveField(() => CreditConnection)
  creditsGiven(
    @Context() context: GraphQLContext,
    @Parent() employee: Employee,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ) {
    return this.page(context, employee, 'credited_by', first, after);
  }

  @ResolveField(() => DealConnection, { description: 'The deals this employee owns: won first, then open, then lost; the latest first within each.' })
  async deals(
    @CurrentActor() actor: Actor,
    @Parent() employee: Employee,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) requested: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('status', { type: () => DealStatus, nullable: true }) status: keyof typeof DealStatus | null,
    @Args('uncredited', { type: () => Boolean, nullable: true, defaultValue: false, description: 'Only deals nobody is credited on (no active credit).' })
    uncredited: boolean | null,
  ): Promise<DealConnection> {
    if (!canReadDealsOf(actor, employee.id)) {
      throw refusal(`Only ${employee.id}, HR, executives and admins read these deals`, { code: 'FORBIDDEN' });
    }
    const first = pageSize(requested);
    const offset = offsetAfter(after);
    const { nodes, totalCount } = await this.queries.dealsOwnedBy(employee.id, status ?? undefined, { offset, limit: first }, uncredited ?? false);
    return offsetConnection(nodes, totalCount, offset);
  }

  @Mutation(() => Employee)
  async setQuota(@CurrentActor() actor: Actor, @Args('input') input: SetQuotaInput, @Context() context: GraphQLContext) {
    const { idempotencyKey, ...rest } = input;
    const decision: Decision<unknown> = await this.commands.execute(new QuotaMessage({ type: 'SetQuota', ...rest }, commandContext(context, actor, idempotencyKey)));
    await readYourWrites(this.projector, decision);
    return this.directory.loader().load(input.employeeId);
  }

  private async page(
    context: GraphQLContext,
    employee: Employee,
    side: 'contributor_id' | 'credited_by',
    requested: number | null,
    after: string | null,
    { search, orderBy }: { search?: string | null; orderBy?: CreditOrder | null } = {},
  ) {
    const reader = this.readPolicy.reader(context);
    if (!canReadCreditsOf(reader.actor, employee.id, { managesThem: await reader.manages(employee.id) })) {
      throw refusal(`Only ${employee.id}, their managers, HR, executives and admins read these credits`, { code: 'FORBIDDEN' });
    }
    const size = pageSize(requested);
    if (!search?.trim() && !orderBy) return this.queries.creditsOf(side, employee.id, size, after);
    // Found or reordered: paged by offset, its cursors not those of the plain list.
    const offset = offsetAfter(after);
    const order = orderBy ? { field: orderBy.field, descending: orderBy.direction === OrderDirection.DESC } : undefined;
    const { nodes, totalCount } = await this.queries.creditsFound(side, employee.id, { search: search?.trim() || undefined, order }, offset, size);
    return offsetConnection(nodes, totalCount, offset);
  }
}

