import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CONTRIBUTION_KINDS, DEAL_TYPES, type ContributionKind as Kind, type DealType as Type } from '@club-ledger/domain';
import { OrderDirection } from '../graphql/ordering';
import { DateScalar, DateTimeScalar, JsonScalar, MoneyScalar } from '../graphql/scalars';
import { Employee } from '../people/employee.types';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((value) => [value, value])) as Record<T, T>;

export const DealType = enumOf(DEAL_TYPES);
export const ContributionKind = enumOf(CONTRIBUTION_KINDS);
export const DealStatus = enumOf(['OPEN', 'CLOSED_WON', 'CLOSED_LOST'] as const);
export const DealOutcome = enumOf(['WON', 'LOST'] as const);
export const CreditStatus = enumOf(['ACTIVE', 'RETRACTED'] as const);
registerEnumType(DealType, { name: 'DealType' });
registerEnumType(ContributionKind, { name: 'ContributionKind' });
registerEnumType(DealStatus, { name: 'DealStatus' });
registerEnumType(DealOutcome, { name: 'DealOutcome' });
registerEnumType(CreditStatus, { name: 'CreditStatus' });

@ObjectType()
export class AuditEntry {
  @Field({ description: 'Global position of the event in the ledger (a decimal string).' })
  position!: string;

  @Field()
  stream!: string;

  @Field()
  type!: string;

  @Field(() => DateTimeScalar)
  occurredAt!: string;

  @Field(() => DateTimeScalar)
  recordedAt!: Date;

  @Field()
  actor!: string;

  @Field(() => JsonScalar)
  data!: unknown;
}

@ObjectType()
export class Deal {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() account!: string;
  @Field(() => DealType) type!: Type;
  @Field(() => MoneyScalar) amount!: string;
  @Field(() => [String]) products!: string[];
  @Field(() => DealStatus) status!: keyof typeof DealStatus;
  @Field(() => DateScalar) openedOn!: string;
  @Field(() => DateScalar, { nullable: true }) closedOn!: string | null;
  @Field(() => [String]) flags!: string[];
  ownerId!: string;
  /** Reached through a claim by one who may not read the deal: what it is, but not its credits or history. */
  restricted?: boolean;
}

@ObjectType()
export class Credit {
  @Field(() => ID) id!: string;
  @Field(() => ContributionKind) kind!: Kind;
  @Field() note!: string;
  @Field(() => DateTimeScalar) creditedAt!: Date;
  @Field(() => CreditStatus) status!: keyof typeof CreditStatus;
  @Field(() => String, { nullable: true }) retractedReason!: string | null;
  @Field(() => [String]) flags!: string[];
  dealId!: string;
  contributorId!: string;
  creditedById!: string;
}

export const CreditOrderField = enumOf(['CREDITED_AT', 'DEAL', 'DEAL_CLOSED_ON', 'KIND'] as const);
registerEnumType(CreditOrderField, { name: 'CreditOrderField' });

@InputType({ description: 'Ties fall back on when the credits were given.' })
export class CreditOrder {
  @Field(() => CreditOrderField) field!: keyof typeof CreditOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC }) direction!: OrderDirection;
}

@ObjectType()
export class PageInfo {
  @Field() hasNextPage!: boolean;
  @Field(() => String, { nullable: true }) endCursor!: string | null;
}

@ObjectType()
export class CreditConnection {
  @Field(() => [Credit]) nodes!: Credit[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@ObjectType()
export class DealConnection {
  @Field(() => [Deal]) nodes!: Deal[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@InputType()
export class OpenDealInput {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field() account!: string;
  @Field(() => ID) ownerId!: string;
  @Field(() => DealType) type!: Type;
  @Field(() => MoneyScalar) amount!: string;
  @Field(() => [String]) products!: string[];
  @Field(() => DateScalar) openedOn!: string;
  @Field(() => String, { nullable: true, description: 'Makes a retry return the first result (CRM feeds).' })
  idempotencyKey?: string;
}

@InputType()
export class CloseDealInput {
  @Field(() => ID) dealId!: string;
  @Field(() => DealOutcome) outcome!: 'WON' | 'LOST';
  @Field(() => MoneyScalar, { nullable: true }) amount?: string;
  @Field(() => DateScalar) closedOn!: string;
  @Field(() => String, { nullable: true }) idempotencyKey?: string;
}

@InputType()
export class CreditContributionInput {
  @Field(() => ID) dealId!: string;
  @Field(() => ID) contributorId!: string;
  @Field(() => ContributionKind) kind!: Kind;
  @Field() note!: string;
  @Field(() => String, { nullable: true }) idempotencyKey?: string;
  @Field(() => DateScalar, { nullable: true, description: 'ADMIN/INTEGRATION only: the original date of a backfilled credit (flag BACKFILLED)' })
  creditedOn?: string | null;
}

@InputType()
export class SetQuotaInput {
  @Field(() => ID) employeeId!: string;
  @Field(() => DateScalar) periodStart!: string;
  @Field(() => DateScalar) periodEnd!: string;
  @Field(() => MoneyScalar) amount!: string;
  @Field(() => String, { nullable: true }) idempotencyKey?: string;
}

export { Employee };
