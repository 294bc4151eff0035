import { Field, Float, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { Metric as MetricName, ContributionKind as Kind, CriteriaRules } from '@club-ledger/domain';
import type { FactMoment } from '@club-ledger/eligibility';
import { ContributionKind, Credit, PageInfo } from '../deals/deal.types';
import { OrderDirection } from '../graphql/ordering';
import { DateTimeScalar } from '../graphql/scalars';
import { Employee } from '../people/employee.types';
import { AwardProgram, Metric, Threshold } from './program.types';

@ObjectType()
export class MetricValue {
  @Field(() => Metric) metric!: MetricName;
  @Field(() => ContributionKind, { nullable: true }) kind!: Kind | null;
  @Field(() => Float) value!: number;
}

@ObjectType()
export class ThresholdResult {
  @Field(() => Threshold) threshold!: Threshold;
  @Field(() => Float) actual!: number;
  @Field() met!: boolean;
  @Field(() => Float) progress!: number;
}

@ObjectType({ description: 'The last winning place of a capped program, its rank-metric value, and how far this standing is behind it.' })
export class Cutoff {
  @Field(() => Int) rank!: number;
  @Field(() => Float) value!: number;
  @Field(() => Float, { description: '0 when within the cap' }) behind!: number;
}

@ObjectType()
export class Standing {
  @Field(() => Int) criteriaVersion!: number;
  @Field() qualifies!: boolean;
  @Field(() => Int, { nullable: true }) rank!: number | null;
  @Field(() => Float) progress!: number;
  @Field(() => Float) score!: number;
  @Field(() => [MetricValue]) metrics!: MetricValue[];
  @Field(() => [ThresholdResult]) thresholds!: ThresholdResult[];
  @Field(() => DateTimeScalar) asOf!: Date;
  @Field(() => DateTimeScalar) knownAt!: Date;
  @Field(() => Cutoff, { nullable: true, description: 'null without a cap, or when the cap admits everyone ranked' }) cutoff!: Cutoff | null;
  /** Read with the standing: a list of thousands names its people without a resolver call each. */
  @Field(() => Employee) employee!: Employee;
  programId!: string;
  /** The program's period and audience, and the criteria this standing was judged by (for its won deals and quota). */
  program!: { periodStart: string; periodEnd: string; audienceDepartments: readonly string[] };
  rules!: CriteriaRules;
  /** The won deals and quota, when they were computed with the standing; null to read them from the read model. */
  own!: { wonDealIds: string[]; quota: bigint | null } | null;
  /** Where `own` is null, the moment to read them at: null for the read models as they are. */
  ownAt!: FactMoment | null;
  employeeId!: string;
  /** Ids of the credits that count, resolved to credits by `evidence`; null when the query did not ask for them. */
  evidenceIds!: string[] | null;
  /** A finalized program's winner: anyone reads who and at which rank (see the read policy). */
  winner?: boolean;
}

@ObjectType()
export class StandingConnection {
  @Field(() => [Standing]) nodes!: Standing[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

export enum StandingOrderField {
  RANK = 'RANK',
  NAME = 'NAME',
  PROGRESS = 'PROGRESS',
  SCORE = 'SCORE',
}
registerEnumType(StandingOrderField, { name: 'StandingOrderField' });

@InputType({ description: 'Ties fall back on rank, then progress, then id.' })
export class StandingOrder {
  @Field(() => StandingOrderField) field!: StandingOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC }) direction!: OrderDirection;
}

@ObjectType({ description: 'Someone a proposal gains or loses, with their standing now and under the proposal.' })
export class PreviewChange {
  @Field(() => Employee) employee!: Employee;
  @Field(() => Standing, { nullable: true, description: 'Now, under the criteria in force; null for a program not yet drafted.' })
  before!: Standing | null;
  @Field(() => Standing, { nullable: true }) after!: Standing | null;
}

@ObjectType()
export class CriteriaPreview {
  @Field(() => [Standing]) standings!: Standing[];
  @Field(() => [Employee]) gained!: Employee[];
  @Field(() => [Employee]) lost!: Employee[];
  @Field(() => [PreviewChange], { description: 'The gained, then the lost, each with their standing before and after.' })
  changes!: PreviewChange[];
}

export { AwardProgram, Credit, Employee };
