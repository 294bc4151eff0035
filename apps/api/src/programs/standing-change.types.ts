import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { ChangeCauseKind as KindName } from '@club-ledger/eligibility';
import { Credit, Deal } from '../deals/deal.types';
import { DateTimeScalar } from '../graphql/scalars';
import { Employee } from '../people/employee.types';
import { Standing } from './standing.types';

const KINDS: readonly KindName[] = [
  'CREDITED', 'RETRACTED', 'DEAL_WON', 'DEAL_LOST', 'DEAL_REOPENED', 'QUOTA_SET', 'OFFBOARDED', 'CRITERIA_REVISED', 'OVERTAKEN',
  'REGISTERED', 'DEPARTMENT_CHANGED',
];
export const ChangeCauseKind = Object.fromEntries(KINDS.map((kind) => [kind, kind])) as Record<KindName, KindName>;
registerEnumType(ChangeCauseKind, { name: 'ChangeCauseKind' });

@InputType({ description: 'A moment of the ledger: asOf (business time) and knownAt (record time), each now when left out.' })
export class MomentInput {
  @Field(() => DateTimeScalar, { nullable: true }) asOf?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) knownAt?: string | null;
}

@ObjectType()
export class ChangeCause {
  @Field(() => ChangeCauseKind) kind!: KindName;
  @Field(() => DateTimeScalar) occurredAt!: string;
  @Field(() => DateTimeScalar) recordedAt!: string;
  @Field() description!: string;
  @Field(() => Int, { nullable: true }) criteriaVersion!: number | null;
  @Field(() => String, { nullable: true, description: "The event's position in the ledger." }) position!: string | null;
  @Field(() => Credit, { nullable: true }) credit?: Credit | null;
  @Field(() => Deal, { nullable: true }) deal?: Deal | null;
  @Field(() => Employee, { nullable: true }) other?: Employee | null;
  creditId!: string | null;
  dealId!: string | null;
  otherId!: string | null;
}

@ObjectType()
export class StandingChange {
  @Field(() => Employee) employee?: Employee;
  @Field(() => Standing, { nullable: true }) before!: Standing | null;
  @Field(() => Standing, { nullable: true }) after!: Standing | null;
  @Field(() => [ChangeCause]) causes!: ChangeCause[];
  employeeId!: string;
}
