import { CommandBus } from '@nestjs/cqrs';
import { Args, Context, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  EmployeeMessage,
  type Actor,
  type Decision,
  type Employee as EmployeeState,
} from '@club-ledger/domain';
import { CurrentActor } from '../auth/current-actor.decorator';
import { OrderDirection } from '../graphql/ordering';
import { offsetAfter, pageSize } from '../graphql/paging';
import { readYourWrites } from '../graphql/read-your-writes';
import { commandContext, perRequestOf, type GraphQLContext } from '../graphql/request-context';
import { DirectoryQueries, Projector } from '@club-ledger/eligibility';
import { ChangeEmployeeInput, Department, Employee, EmployeeOrder, RegisterEmployeeInput } from './employee.types';

@Resolver(() => Employee)
export class PeopleResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly directory: DirectoryQueries,
    private readonly projector: Projector,
  ) {}

  @Query(() => Employee, { nullable: true, description: 'The signed-in employee.' })
  me(@CurrentActor() actor: Actor, @Context() context: GraphQLContext) {
    return this.loader(context).load(actor.id);
  }

  @Query(() => Employee, { nullable: true })
  employee(@Args('id', { type: () => ID }) id: string, @Context() context: GraphQLContext) {
    return this.loader(context).load(id);
  }

  @Query(() => [Employee])
  employees(
    @Args('department', { type: () => String, nullable: true }) department: string | undefined,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) requested: number | null,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
    @Args('search', { type: () => String, nullable: true, description: 'Keeps those whose name, email or id contains this text, in any case.' })
    search?: string | null,
    @Args('orderBy', { type: () => EmployeeOrder, nullable: true, description: 'By id when not given; otherwise paged by offset.' })
    orderBy?: EmployeeOrder | null,
  ) {
    const filter = { department: department ?? undefined, search: search ?? undefined };
    if (!orderBy) return this.directory.list(filter, pageSize(requested), after);
    const order = { field: orderBy.field, descending: orderBy.direction === OrderDirection.DESC };
    return this.directory.ordered(filter, order, offsetAfter(after), pageSize(requested));
  }

  @Query(() => [Department], { description: 'The departments employees are in, with their head counts: the audiences a program may have.' })
  departments() {
    return this.directory.departments();
  }

  @ResolveField(() => Employee, { nullable: true })
  manager(@Parent() employee: Employee, @Context() context: GraphQLContext) {
    return employee.managerId ? this.loader(context).load(employee.managerId) : null;
  }

  @Mutation(() => Employee)
  async registerEmployee(@CurrentActor() actor: Actor, @Args('input') input: RegisterEmployeeInput, @Context() context: GraphQLContext) {
    const { id, idempotencyKey, ...details } = input;
    return this.recorded(await this.commands.execute(new EmployeeMessage({ type: 'RegisterEmployee', id, details }, commandContext(context, actor, idempotencyKey))));
  }

  @Mutation(() => Employee)
  async changeEmployee(@CurrentActor() actor: Actor, @Args('input') input: ChangeEmployeeInput, @Context() context: GraphQLContext) {
    const { id, idempotencyKey, ...changes } = input;
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    return this.recorded(await this.commands.execute(new EmployeeMessage({ type: 'ChangeEmployee', id, changes: defined }, commandContext(context, actor, idempotencyKey))));
  }

  @Mutation(() => Employee)
  async offboardEmployee(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
    @Args('reason') reason: string,
    @Context() context: GraphQLContext,
    @Args('idempotencyKey', { type: () => String, nullable: true }) idempotencyKey: string | null,
  ) {
    return this.recorded(await this.commands.execute(new EmployeeMessage({ type: 'OffboardEmployee', id, reason }, commandContext(context, actor, idempotencyKey))));
  }

  /** Waits (bounded) until the read models include this write, then answers from the aggregate itself. */
  private async recorded(decision: Decision<EmployeeState>): Promise<Employee> {
    await readYourWrites(this.projector, decision);
    const state = decision.state;
    if (!state.registered) throw new Error('The command left no employee');
    const { registered: _registered, ...employee } = state;
    return employee;
  }

  private loader(context: GraphQLContext) {
    return perRequestOf(context, 'employees', () => this.directory.loader());
  }
}

