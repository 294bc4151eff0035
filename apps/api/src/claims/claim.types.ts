import { Field, ID, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DISPUTE_SUBJECTS, type ContributionKind as Kind } from '@club-ledger/domain';
import type { ClaimRecord, DisputeRecord } from '@club-ledger/eligibility';
import { ContributionKind, PageInfo } from '../deals/deal.types';
import { DateTimeScalar } from '../graphql/scalars';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((value) => [value, value])) as Record<T, T>;

export const ClaimStatus = enumOf(['PENDING', 'APPROVED', 'DECLINED', 'WITHDRAWN'] as const);
export const DisputeSubject = enumOf(DISPUTE_SUBJECTS);
export const DisputeStatus = enumOf(['OPEN', 'RESOLVED_IN_FAVOR', 'RESOLVED_AGAINST'] as const);
registerEnumType(ClaimStatus, { name: 'ClaimStatus' });
registerEnumType(DisputeSubject, { name: 'DisputeSubject' });
registerEnumType(DisputeStatus, { name: 'DisputeStatus' });

/** A claim as the read model holds it; `deal`, `claimant`, `approver`, `decidedBy` and `credit` are resolved. */
@ObjectType()
export class Claim implements Omit<ClaimRecord, 'kind'> {
  @Field(() => ID) id!: string;
  @Field(() => ContributionKind) kind!: Kind;
  @Field() note!: string;
  @Field(() => ClaimStatus) status!: ClaimRecord['status'];
  @Field(() => DateTimeScalar) claimedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) escalatedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) decidedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'Why it was declined.' }) reason!: string | null;
  @Field({ description: 'Escalated with no manager above the owner: HR decides (the owner still may).' })
  waitingForHr!: boolean;
  dealId!: string;
  claimantId!: string;
  ownerId!: string;
  approverId!: string | null;
  escalated!: boolean;
  decidedBy!: string | null;
  creditId!: string | null;
}

@ObjectType()
export class ClaimConnection {
  @Field(() => [Claim]) nodes!: Claim[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@InputType()
export class ClaimCreditInput {
  @Field(() => ID) dealId!: string;
  @Field(() => ContributionKind) kind!: Kind;
  @Field() note!: string;
  @Field(() => String, { nullable: true }) idempotencyKey?: string;
}

@ObjectType()
export class Dispute implements Omit<DisputeRecord, 'subject' | 'status'> {
  @Field(() => ID) id!: string;
  @Field(() => DisputeSubject) subject!: DisputeRecord['subject'];
  @Field() reason!: string;
  @Field(() => DateTimeScalar) raisedAt!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) asOf!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) knownAt!: Date | null;
  @Field(() => DisputeStatus) status!: DisputeRecord['status'];
  @Field(() => DateTimeScalar, { nullable: true }) resolvedAt!: Date | null;
  @Field(() => String, { nullable: true }) resolution!: string | null;
  raisedBy!: string;
  creditId!: string | null;
  claimId!: string | null;
  programId!: string | null;
  resolvedBy!: string | null;
}

@ObjectType()
export class DisputeConnection {
  @Field(() => [Dispute]) nodes!: Dispute[];
  @Field(() => PageInfo) pageInfo!: PageInfo;
  @Field(() => Int) totalCount!: number;
}

@InputType()
export class RaiseDisputeInput {
  @Field(() => DisputeSubject) subject!: DisputeRecord['subject'];
  @Field(() => ID, { nullable: true }) creditId?: string | null;
  @Field(() => ID, { nullable: true }) claimId?: string | null;
  @Field(() => ID, { nullable: true }) programId?: string | null;
  @Field(() => DateTimeScalar, { nullable: true }) asOf?: Date | string | null;
  @Field(() => DateTimeScalar, { nullable: true }) knownAt?: Date | string | null;
  @Field() reason!: string;
  @Field(() => String, { nullable: true }) idempotencyKey?: string;
}

export const toClaim = (record: ClaimRecord): Claim => ({ ...record, kind: record.kind as Kind, waitingForHr: record.escalated && record.approverId === null });
