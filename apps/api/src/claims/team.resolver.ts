import { Context, Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { Actor } from '@club-ledger/domain';
import { ClaimQueries, DealQueries, DirectoryQueries } from '@club-ledger/eligibility';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Deal, Employee } from '../deals/deal.types';
import { perRequestOf, type GraphQLContext } from '../graphql/request-context';
import { Claim, toClaim } from './claim.types';

/** How many of the team's pending claims and uncredited deals the page shows. */
const TEAM_LIST = 100;

@ObjectType({ description: "A manager's direct and indirect reports; each report's standings are read through awardProgram.standing." })
export class Team {
  @Field(() => [Employee]) reports!: Employee[];
  @Field(() => [Claim], { description: 'Pending claims made by, or waiting on, someone in the team.' }) pendingClaims!: Claim[];
  @Field(() => [Deal], { description: 'Won deals owned in the team on which nobody holds a credit.' }) uncreditedDeals!: Deal[];
}

@Resolver(() => Team)
export class TeamResolver {
  constructor(
    private readonly claims: ClaimQueries,
    private readonly deals: DealQueries,
    private readonly directory: DirectoryQueries,
  ) {}

  @Query(() => Team, { description: 'The caller\'s team: empty for one without reports.' })
  async myTeam(@CurrentActor() actor: Actor, @Context() context: GraphQLContext): Promise<Team> {
    const ids = await this.claims.reportsOf(actor.id);
    if (ids.length === 0) return { reports: [], pendingClaims: [], uncreditedDeals: [] };
    const team = new Set(ids);
    const employees = perRequestOf(context, 'employees', () => this.directory.loader());
    const [reports, pending, dealIds] = await Promise.all([
      employees.loadMany(ids),
      this.claims.claims({ ...actor, roles: [] }, { status: 'PENDING', waitingForMe: false }, { offset: 0, limit: TEAM_LIST }),
      this.claims.uncreditedTeamDeals(actor.id, TEAM_LIST),
    ]);
    const deals = await perRequestOf(context, 'deals', () => this.deals.deals()).loadMany(dealIds);
    return {
      reports: reports.filter((employee): employee is Employee => employee !== null && !(employee instanceof Error)),
      pendingClaims: pending.nodes.filter((claim) => team.has(claim.claimantId) || team.has(claim.ownerId)).map(toClaim),
      uncreditedDeals: deals.filter((deal): deal is Deal => deal !== null && !(deal instanceof Error)),
    };
  }
}
