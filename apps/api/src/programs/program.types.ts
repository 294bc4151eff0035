import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { METRICS, type ContributionKind as Kind, type DealType as Type, type Metric as MetricName } from '@club-ledger/domain';
import { AuditEntry, ContributionKind, DealType } from '../deals/deal.types';
import { DateScalar, DateTimeScalar } from '../graphql/scalars';

export const Metric = Object.fromEntries(METRICS.map((metric) => [metric, metric])) as Record<MetricName, MetricName>;
export const ProgramStatus = { DRAFT: 'DRAFT', OPEN: 'OPEN', FINALIZED: 'FINALIZED' } as const;
registerEnumType(Metric, { name: 'Metric' });
registerEnumType(ProgramStatus, { name: 'ProgramStatus' });

@ObjectType()
export class Threshold {
  @Field(() => Metric) metric!: MetricName;
  @Field(() => Float) atLeast!: number;
  @Field(() => ContributionKind, { nullable: true }) kind!: Kind | null;
}

@ObjectType()
export class KindPoints {
  @Field(() => ContributionKind) kind!: Kind;
  @Field(() => Float) points!: number;
}

@ObjectType()
export class DealTypeMultiplier {
  @Field(() => DealType) type!: Type;
  @Field(() => Float) multiplier!: number;
}

@ObjectType()
export class ProductMultiplier {
  @Field() product!: string;
  @Field(() => Float) multiplier!: number;
}

@ObjectType()
export class Criteria {
  @Field(() => Int) version!: number;
  @Field(() => String, { nullable: true }) reason!: string | null;
  @Field(() => [Threshold]) thresholds!: Threshold[];
  @Field(() => Metric) rankBy!: MetricName;
  @Field(() => Int, { nullable: true }) maxWinners!: number | null;
  @Field(() => [KindPoints]) kindPoints!: KindPoints[];
  @Field(() => [DealTypeMultiplier]) dealTypeMultipliers!: DealTypeMultiplier[];
  @Field(() => [ProductMultiplier]) productMultipliers!: ProductMultiplier[];
  @Field() excludeFlaggedDeals!: boolean;
  @Field() requireActive!: boolean;
  @Field(() => DateTimeScalar) revisedAt!: Date;
}

@ObjectType()
export class AwardProgram {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => ProgramStatus) status!: keyof typeof ProgramStatus;
  @Field(() => DateScalar) periodStart!: string;
  @Field(() => DateScalar) periodEnd!: string;
  @Field(() => [String]) audienceDepartments!: string[];
}

@InputType()
export class ThresholdInput {
  @Field(() => Metric) metric!: MetricName;
  @Field(() => Float) atLeast!: number;
  @Field(() => ContributionKind, { nullable: true }) kind?: Kind | null;
}

@InputType()
export class KindPointsInput {
  @Field(() => ContributionKind) kind!: Kind;
  @Field(() => Float) points!: number;
}

@InputType()
export class DealTypeMultiplierInput {
  @Field(() => DealType) type!: Type;
  @Field(() => Float) multiplier!: number;
}

@InputType()
export class ProductMultiplierInput {
  @Field() product!: string;
  @Field(() => Float) multiplier!: number;
}

@InputType()
export class CriteriaInput {
  @Field(() => [ThresholdInput]) thresholds!: ThresholdInput[];
  @Field(() => Metric, { nullable: true, defaultValue: 'POINTS' }) rankBy!: MetricName | null;
  @Field(() => Int, { nullable: true }) maxWinners?: number | null;
  @Field(() => [KindPointsInput], { nullable: true }) kindPoints?: KindPointsInput[] | null;
  @Field(() => [DealTypeMultiplierInput], { nullable: true }) dealTypeMultipliers?: DealTypeMultiplierInput[] | null;
  @Field(() => [ProductMultiplierInput], { nullable: true }) productMultipliers?: ProductMultiplierInput[] | null;
  @Field(() => Boolean, { nullable: true, defaultValue: false }) excludeFlaggedDeals!: boolean | null;
  @Field(() => Boolean, { nullable: true, defaultValue: true }) requireActive!: boolean | null;
}

@InputType()
export class DraftAwardProgramInput {
  @Field(() => ID, { nullable: true }) id?: string | null;
  @Field() name!: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @Field(() => DateScalar) periodStart!: string;
  @Field(() => DateScalar) periodEnd!: string;
  @Field(() => [String], { nullable: true, defaultValue: [] }) audienceDepartments!: string[] | null;
  @Field(() => CriteriaInput) criteria!: CriteriaInput;
}

export { AuditEntry };
