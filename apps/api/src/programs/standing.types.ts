import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import type { Metric as MetricName, ContributionKind as Kind } from '@club-ledger/domain';
import { ContributionKind, Credit, PageInfo } from '../deals/deal.types';
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
  programId!: string;
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

@ObjectType()
export class CriteriaPreview {
  @Field(() => [Standing]) standings!: Standing[];
  @Field(() => [Employee]) gained!: Employee[];
  @Field(() => [Employee]) lost!: Employee[];
}

export { AwardProgram, Credit, Employee };
