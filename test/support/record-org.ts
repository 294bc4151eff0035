import { randomUUID } from 'node:crypto';
import {
  dealStream, decideDeal, decideEmployee, decideQuota, employeeStream, evolveDeal, evolveEmployee, evolveQuotas,
  noDeal, noEmployee, noQuotas, quotaStream, type Actor, type CommandRunner,
} from '@club-ledger/domain';
import type { GeneratedOrg } from '../../apps/cli/src/seed/org-generator';

// Generated organizations come from here rather than the index: the generator loads faker, which most suites never need.
export * from '../../apps/cli/src/seed/org-generator';

const hr: Actor = { id: 'hr-system', roles: ['HR'] };
const people = { decide: decideEmployee, evolve: evolveEmployee, initial: noEmployee };
const deals = { decide: decideDeal, evolve: evolveDeal, initial: noDeal };
const quotas = { decide: decideQuota, evolve: evolveQuotas, initial: noQuotas };

/**
 * Records a generated organization's year through the domain's deciders (every rule applies), each fact
 * dated when it happened: closings on their close day, credits the day after. Returns the last position.
 */
export async function recordOrg(runner: CommandRunner, org: GeneratedOrg): Promise<bigint> {
  let last = 0n;
  const run = async (...args: Parameters<CommandRunner['run']>) => {
    const decision = await runner.run(...args);
    if (decision.position !== undefined) last = decision.position;
  };
  const context = (actor: Actor, occurredAt?: string) => ({ actor, correlationId: randomUUID(), ...(occurredAt && { occurredAt }) });
  for (const { id, name, email, department, title } of org.employees) {
    await run(employeeStream(id), people, {
      type: 'RegisterEmployee', actor: hr, id, details: { name, email, department, title }, facts: { emailTaken: false, managerExists: true },
    }, context(hr, `${org.year}-01-01T00:00:00.000Z`));
  }
  for (const quota of org.quotas) {
    await run(quotaStream(quota.employeeId), quotas, { type: 'SetQuota', actor: hr, ...quota, employeeRegistered: true }, context(hr, `${org.year}-01-01T00:00:00.000Z`));
  }
  const active = { registered: true, active: true };
  for (const deal of org.deals) {
    const owner: Actor = { id: deal.ownerId, roles: [] };
    await run(dealStream(deal.id), deals, {
      type: 'OpenDeal', actor: owner, dealId: deal.id, name: deal.name, account: deal.account, ownerId: deal.ownerId,
      dealType: deal.type, amount: deal.amount, products: deal.products, openedOn: deal.openedOn, owner: active,
    }, context(owner, `${deal.openedOn}T09:00:00.000Z`));
    if (deal.outcome === 'OPEN' || !deal.closedOn) continue;
    await run(dealStream(deal.id), deals, { type: 'CloseDeal', actor: owner, dealId: deal.id, outcome: deal.outcome, closedOn: deal.closedOn }, context(owner, `${deal.closedOn}T17:00:00.000Z`));
    const creditedAt = new Date(Date.parse(`${deal.closedOn}T10:00:00.000Z`) + 86_400_000).toISOString();
    for (const credit of deal.credits) {
      await run(dealStream(deal.id), deals, {
        type: 'CreditContribution', actor: owner, dealId: deal.id, creditId: credit.creditId, contributorId: credit.contributorId,
        kind: credit.kind, note: credit.note, contributor: active,
      }, context(owner, creditedAt));
      if (credit.retraction) {
        await run(dealStream(deal.id), deals, { type: 'RetractCredit', actor: owner, dealId: deal.id, creditId: credit.creditId, reason: credit.retraction }, context(owner, creditedAt));
      }
    }
  }
  return last;
}
