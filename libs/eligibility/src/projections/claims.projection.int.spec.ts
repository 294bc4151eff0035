import { randomUUID } from 'node:crypto';
import { ClaimApproved, ClaimEscalated, ContributionCredited, CreditClaimed, CreditRestored, DealOpened, DisputeRaised, DisputeResolved, claimCreditId } from '@club-ledger/domain';
import type { DecodedEvent, DomainEvent } from '@club-ledger/event-store';
import type { SqlClient } from '@club-ledger/kernel';
import { sqlEngines } from '@club-ledger/test-support';
import { migrateReadModels } from '../read-model';
import { claimsById, resolutionsWithoutEffect } from '../queries/claims';
import { disputesById } from '../queries/disputes';
import { claimsProjection } from './claims.projection';
import { dealsProjection } from './deals.projection';

describe.each(sqlEngines('claims projection'))('the claims and disputes read models on $name', ({ name, open }) => {
  jest.setTimeout(60_000);
  let sql: SqlClient;
  let position = 0n;

  beforeAll(async () => {
    sql = await open();
    await migrateReadModels(sql);
    process.stdout.write(`claims projection: running against ${name}\n`);
  });
  afterAll(async () => sql?.close());

  /** Given these events, recorded by `actor` at `at`, applied as one batch. */
  async function given(at: string, actor: string, ...events: DomainEvent[]) {
    await givenTo(claimsProjection, at, actor, ...events);
  }

  async function givenTo(projection: typeof claimsProjection, at: string, actor: string, ...events: DomainEvent[]) {
    const decoded = events.map((event): DecodedEvent => {
      position += 1n;
      return { ...event, id: randomUUID(), stream: 'claim-x', revision: 0n, position, recordedAt: new Date(at), metadata: { actor, correlationId: 'c', causationId: 'c', occurredAt: at } };
    });
    await sql.transaction((tx) => projection.apply(decoded, tx));
  }

  it('holds a claim as claimed, escalated and approved, with who decides at each step and the credit it granted', async () => {
    await given('2026-05-01T09:00:00.000Z', 'pm-1', CreditClaimed({ claimId: 'c-1', dealId: 'd-1', claimantId: 'pm-1', ownerId: 'rep-1', kind: 'POC_SUPPORT', note: 'POC' }));
    expect((await claimsById(sql, ['c-1']))[0]).toMatchObject({ status: 'PENDING', approverId: 'rep-1', escalated: false, claimedAt: new Date('2026-05-01T09:00:00.000Z') });
    await given('2026-05-08T09:00:00.000Z', 'claim-escalation', ClaimEscalated({ claimId: 'c-1', approverId: null }));
    expect((await claimsById(sql, ['c-1']))[0]).toMatchObject({ status: 'PENDING', approverId: null, escalated: true, escalatedAt: new Date('2026-05-08T09:00:00.000Z') });
    await given('2026-05-09T09:00:00.000Z', 'hr-1', ClaimApproved({ claimId: 'c-1', decidedBy: 'hr-1', creditId: claimCreditId('c-1') }));
    expect((await claimsById(sql, ['c-1']))[0]).toMatchObject({ status: 'APPROVED', decidedBy: 'hr-1', creditId: claimCreditId('c-1') });
  });

  it('holds a dispute over a standing with its pinned moment, and its resolution', async () => {
    const moment = { asOf: '2026-06-30T00:00:00.000Z', knownAt: '2026-07-01T00:00:00.000Z' };
    await given('2026-07-02T00:00:00.000Z', 'pm-1', DisputeRaised({
      disputeId: 'x-1', subject: 'STANDING', raisedBy: 'pm-1', reason: 'Missing', creditId: null, claimId: null, programId: 'club', ...moment,
    }), DisputeResolved({ disputeId: 'x-1', inFavor: false, resolvedBy: 'hr-1', resolution: 'Counted right' }));
    expect((await disputesById(sql, ['x-1']))[0]).toMatchObject({
      status: 'RESOLVED_AGAINST', programId: 'club', asOf: new Date(moment.asOf), knownAt: new Date(moment.knownAt), resolvedBy: 'hr-1', resolution: 'Counted right',
    });
  });

  it('lists a dispute resolved in favour until the deal shows its credit restored or granted, and never one resolved against', async () => {
    const raised = (disputeId: string, subject: 'RETRACTED_CREDIT' | 'DECLINED_CLAIM', reference: { creditId: string | null; claimId: string | null }) =>
      DisputeRaised({ disputeId, subject, raisedBy: 'pm-1', reason: 'Mine', programId: null, asOf: null, knownAt: null, ...reference });
    const resolved = (disputeId: string, inFavor: boolean) => DisputeResolved({ disputeId, inFavor, resolvedBy: 'hr-1', resolution: 'Decided' });
    await given('2026-08-01T00:00:00.000Z', 'hr-1',
      raised('r-1', 'RETRACTED_CREDIT', { creditId: 'cr-9', claimId: null }), resolved('r-1', true),
      raised('g-1', 'DECLINED_CLAIM', { creditId: null, claimId: 'c-9' }), resolved('g-1', true),
      raised('a-1', 'DECLINED_CLAIM', { creditId: null, claimId: 'c-8' }), resolved('a-1', false));
    expect(await resolutionsWithoutEffect(sql, 10)).toEqual(['g-1', 'r-1']);
    await given('2026-08-02T00:00:00.000Z', 'claim-escalation', CreditRestored({ creditId: 'cr-9', disputeId: 'r-1' }));
    await givenTo(dealsProjection, '2026-08-02T00:00:00.000Z', 'claim-escalation',
      DealOpened({ dealId: 'd-9', name: 'Acme', account: 'Acme', ownerId: 'rep-1', dealType: 'RENEWAL', amount: '10.00', products: [], openedOn: '2026-01-05' }),
      ContributionCredited({ dealId: 'd-9', creditId: claimCreditId('c-9'), contributorId: 'pm-1', kind: 'POC_SUPPORT', note: 'POC', creditedBy: 'rep-1' }));
    expect(await resolutionsWithoutEffect(sql, 10)).toEqual([]);
  });
});
