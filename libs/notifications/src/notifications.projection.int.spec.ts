import { randomUUID } from 'node:crypto';
import { sqlEngines } from '@club-ledger/test-support';
import type { SqlClient } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';
import {
  AwardProgramDrafted,
  ClaimDeclined,
  ClaimEscalated,
  CreditClaimed,
  DisputeRaised,
  DisputeResolved,
  AwardProgramFinalized,
  AwardProgramOpened,
  ContributionCredited,
  CreditRetracted,
  DealOpened,
  EmployeeOffboarded,
  EmployeeRegistered,
  NotificationSettingsChanged,
} from '@club-ledger/domain';
import { notificationsProjection } from './notifications.projection';
import { migrateNotifications } from './schema';
import type { DeliveryChannels } from './record-notices';

type Built = { type: string; data: unknown };
const now = new Date('2026-06-01T09:00:00.000Z');
const everyChannel: DeliveryChannels = { email: true, chat: true, hrEmail: 'hr@example.com' };

const person = (employeeId: string, department = 'Product Management') =>
  EmployeeRegistered({ employeeId, name: `Person ${employeeId}`, email: `${employeeId}@example.com`, department, title: null, managerId: null });
const dealOpened = DealOpened({
  dealId: 'd-1', name: 'Acme renewal', account: 'Acme', ownerId: 'rep-1', dealType: 'RENEWAL', amount: '1000.00', products: [], openedOn: '2026-01-05',
});
const credited = (creditId = 'c-1', contributorId = 'pm-1') =>
  ContributionCredited({ dealId: 'd-1', creditId, contributorId, kind: 'POC_SUPPORT', note: 'Ran the POC', creditedBy: 'rep-1' });
const drafted = (audienceDepartments: string[]) =>
  AwardProgramDrafted({
    programId: 'p-1', name: 'Club 2026', description: null, periodStart: '2026-01-01', periodEnd: '2026-12-31', audienceDepartments,
    criteria: { thresholds: [], rankBy: 'POINTS', maxWinners: null, kindPoints: [], dealTypeMultipliers: [], productMultipliers: [], excludeFlaggedDeals: false, requireActive: true },
  } as Parameters<typeof AwardProgramDrafted>[0]);

describe.each(sqlEngines('notifications projection'))('the notifications projection on $name', ({ name, open }) => {
  jest.setTimeout(60_000);
  let sql: SqlClient;
  let position = 0n;

  beforeAll(async () => {
    sql = await open();
    await migrateNotifications(sql);
    process.stdout.write(`notifications projection: running against ${name}\n`);
  });
  afterAll(() => sql.close());
  beforeEach(() =>
    sql.query(`TRUNCATE notification_people, notification_deals, notification_credits, notification_programs, notification_claims, notification_disputes, notifications, notification_reads, deliveries CASCADE`),
  );

  const decoded = (event: Built, id = randomUUID()): DecodedEvent => {
    position += 1n;
    return {
      id, stream: 's', revision: 0n, position, type: event.type, data: event.data, recordedAt: now,
      metadata: { actor: 'rep-1', correlationId: randomUUID(), causationId: null, occurredAt: now.toISOString() },
    } as unknown as DecodedEvent;
  };

  /** Given events already projected, when these are projected: the notifications and deliveries then kept. */
  function given(...history: Built[]) {
    const apply = (events: DecodedEvent[], channels = everyChannel) =>
      sql.transaction((tx) => notificationsProjection({ channels, clock: { now: () => now } }).apply(events, tx));
    return {
      async when(events: DecodedEvent[], channels?: DeliveryChannels) {
        if (history.length > 0) await apply(history.map((event) => decoded(event)));
        await apply(events, channels);
        return {
          notifications: await sql.query<{ recipient: string; kind: string; text: string; link: string }>(
            `SELECT recipient, kind, text, link FROM notifications ORDER BY seq`,
          ),
          deliveries: await sql.query<{ recipient: string; channel: string; address: string; status: string }>(
            `SELECT n.recipient, d.channel, d.address, d.status FROM deliveries d JOIN notifications n ON n.id = d.notification_id
              ORDER BY n.seq, d.channel`,
          ),
        };
      },
    };
  }

  it('tells a contributor who credited them for what, on which deal, by email and chat', async () => {
    const then = await given(person('rep-1', 'Sales'), person('pm-1'), dealOpened).when([decoded(credited())]);
    expect(then.notifications).toEqual([
      { recipient: 'pm-1', kind: 'CREDITED', text: 'Person rep-1 credited you for POC support on Acme renewal', link: '/deals/d-1' },
    ]);
    expect(then.deliveries).toEqual([
      { recipient: 'pm-1', channel: 'CHAT', address: 'pm-1@example.com', status: 'PENDING' },
      { recipient: 'pm-1', channel: 'EMAIL', address: 'pm-1@example.com', status: 'PENDING' },
    ]);
  });

  it('tells the contributor of a retracted credit, with the reason', async () => {
    const then = await given(person('rep-1', 'Sales'), person('pm-1'), dealOpened, credited()).when([
      decoded(CreditRetracted({ dealId: 'd-1', creditId: 'c-1', reason: 'Logged twice', retractedBy: 'rep-1' })),
    ]);
    expect(then.notifications.at(-1)).toEqual({
      recipient: 'pm-1', kind: 'CREDIT_RETRACTED', text: 'Person rep-1 retracted your credit for POC support on Acme renewal: Logged twice', link: '/recognition',
    });
  });

  it('notifies once per event and person: the same event projected again adds nothing', async () => {
    const event = decoded(credited());
    const history = [person('rep-1', 'Sales'), person('pm-1'), dealOpened];
    await given(...history).when([event]);
    const then = await given().when([event]);
    expect(then.notifications).toHaveLength(1);
    expect(then.deliveries).toHaveLength(2);
  });

  it('records a batch of people, deals and credits, worded together, as it records them one event at a time', async () => {
    const secondDeal = DealOpened({ ...(dealOpened.data as object), dealId: 'd-2', name: 'Globex expansion', ownerId: 'rep-2' } as Parameters<typeof DealOpened>[0]);
    const feed = [
      person('rep-1', 'Sales'), person('pm-1'), dealOpened,
      // A credit by someone registered later in the same batch is worded with their id, as the ledger stood then.
      ContributionCredited({ dealId: 'd-2', creditId: 'c-0', contributorId: 'pm-1', kind: 'ESCALATION', note: 'Early', creditedBy: 'rep-2' }),
      person('rep-2', 'Sales'), secondDeal, credited('c-1'), credited('c-2', 'se-1'),
      ContributionCredited({ dealId: 'd-2', creditId: 'c-3', contributorId: 'pm-1', kind: 'ROADMAP_BRIEFING', note: 'Roadmap', creditedBy: 'rep-2' }),
      CreditRetracted({ dealId: 'd-1', creditId: 'c-1', reason: 'Logged twice', retractedBy: 'rep-1' }),
      person('se-1', 'Sales Engineering'), credited('c-4', 'se-1'),
    ].map((event) => decoded(event));
    const kept = async () => ({
      notifications: await sql.query(`SELECT id, recipient, kind, text, link, past FROM notifications ORDER BY seq`),
      deliveries: await sql.query(`SELECT id, channel, address FROM deliveries ORDER BY id`),
      people: await sql.query(`SELECT * FROM notification_people ORDER BY employee_id`),
      deals: await sql.query(`SELECT * FROM notification_deals ORDER BY deal_id`),
      credits: await sql.query(`SELECT * FROM notification_credits ORDER BY credit_id`),
    });
    for (const event of feed) await given().when([event]);
    const oneByOne = await kept();
    await sql.query(`TRUNCATE notification_people, notification_deals, notification_credits, notifications, deliveries CASCADE`);
    await given().when(feed);
    expect(await kept()).toEqual(oneByOne);
    expect(oneByOne.notifications.map((row) => (row as { text: string }).text)).toEqual([
      'rep-2 credited you for an escalation on d-2',
      'Person rep-1 credited you for POC support on Acme renewal',
      'Person rep-1 credited you for POC support on Acme renewal',
      'Person rep-2 credited you for a roadmap briefing on Globex expansion',
      'Person rep-1 retracted your credit for POC support on Acme renewal: Logged twice',
      'Person rep-1 credited you for POC support on Acme renewal',
    ]);
  });

  it('keeps a muted kind in the app only, and sends by the channels the person left on', async () => {
    const settings = NotificationSettingsChanged({ employeeId: 'pm-1', email: false, chat: true, muted: ['CREDITED'] });
    const muted = await given(person('rep-1', 'Sales'), person('pm-1'), dealOpened, settings).when([decoded(credited())]);
    expect(muted.notifications.map((n) => n.kind)).toEqual(['CREDITED']);
    expect(muted.deliveries).toEqual([]);
    const retracted = await given().when([decoded(CreditRetracted({ dealId: 'd-1', creditId: 'c-1', reason: 'Logged twice', retractedBy: 'rep-1' }))]);
    expect(retracted.deliveries).toEqual([{ recipient: 'pm-1', channel: 'CHAT', address: 'pm-1@example.com', status: 'PENDING' }]);
  });

  it('queues nothing outside the app for a channel the deployment has not configured, nor for someone offboarded', async () => {
    const emailOnly = await given(person('rep-1', 'Sales'), person('pm-1'), person('se-1'), dealOpened).when([decoded(credited())], {
      email: true, chat: false, hrEmail: null,
    });
    expect(emailOnly.deliveries.map((d) => d.channel)).toEqual(['EMAIL']);
    const offboarded = await given(EmployeeOffboarded({ employeeId: 'se-1', reason: 'Moved on' })).when([decoded(credited('c-2', 'se-1'))]);
    expect(offboarded.notifications.map((n) => n.recipient)).toEqual(['pm-1', 'se-1']);
    expect(offboarded.deliveries.map((d) => d.recipient)).toEqual(['pm-1']);
  });

  it('tells a program’s audience it opened, and who won when it is final', async () => {
    const history = [person('pm-1'), person('pm-2'), person('rep-1', 'Sales'), drafted(['Product Management'])];
    const opened = await given(...history).when([decoded(AwardProgramOpened({ programId: 'p-1' }))]);
    expect(opened.notifications).toEqual([
      { recipient: 'pm-1', kind: 'PROGRAM_OPENED', text: 'Club 2026 is open: see where you stand', link: '/programs/p-1/people/pm-1' },
      { recipient: 'pm-2', kind: 'PROGRAM_OPENED', text: 'Club 2026 is open: see where you stand', link: '/programs/p-1/people/pm-2' },
    ]);
    const finalized = await given().when([
      decoded(AwardProgramFinalized({ programId: 'p-1', criteriaVersion: 1, winners: [{ employeeId: 'pm-2', rank: 1, score: 3 }] })),
    ]);
    expect(finalized.notifications.slice(2).map(({ recipient, text }) => ({ recipient, text }))).toEqual([
      { recipient: 'pm-1', text: 'Club 2026 is final: see its winners' },
      { recipient: 'pm-2', text: 'Club 2026 is final: you won, in place 1' },
    ]);
  });

  const claimed = CreditClaimed({ claimId: 'k-1', dealId: 'd-1', claimantId: 'pm-1', ownerId: 'rep-1', kind: 'POC_SUPPORT', note: 'Ran the POC' });

  it('asks the deal’s owner to decide a claim, then its escalation’s approver, and tells the claimant the decision', async () => {
    const then = await given(person('rep-1', 'Sales'), person('pm-1'), person('vp-1', 'Sales'), dealOpened).when([
      decoded(claimed),
      decoded(ClaimEscalated({ claimId: 'k-1', approverId: 'vp-1' })),
      decoded(ClaimDeclined({ claimId: 'k-1', decidedBy: 'vp-1', reason: 'Not on this deal' })),
    ]);
    expect(then.notifications).toEqual([
      { recipient: 'rep-1', kind: 'CLAIM_WAITING', text: 'Person pm-1 asks for credit for POC support on Acme renewal', link: '/claims' },
      { recipient: 'vp-1', kind: 'CLAIM_ESCALATED', text: "Person pm-1's claim for POC support on Acme renewal waited too long: it is yours to decide", link: '/claims' },
      { recipient: 'pm-1', kind: 'CLAIM_DECIDED', text: 'Person vp-1 declined your claim for POC support on Acme renewal: Not on this deal', link: '/claims' },
    ]);
  });

  it('tells HR, by HR_EMAIL, of a claim with nobody above its owner and of a dispute, and the person of its resolution', async () => {
    const then = await given(person('rep-1', 'Sales'), person('pm-1'), dealOpened, claimed).when([
      decoded(ClaimEscalated({ claimId: 'k-1', approverId: null })),
      decoded(DisputeRaised({
        disputeId: 'x-1', subject: 'STANDING', raisedBy: 'pm-1', reason: 'My POC credit is missing', creditId: null, claimId: null,
        programId: 'p-1', asOf: null, knownAt: null,
      })),
      decoded(DisputeResolved({ disputeId: 'x-1', inFavor: true, resolvedBy: 'hr-1', resolution: 'Credit restored' })),
    ]);
    expect(then.notifications.slice(1).map(({ recipient, kind, text }) => ({ recipient, kind, text }))).toEqual([
      { recipient: 'role:HR', kind: 'CLAIM_ESCALATED', text: "Person pm-1's claim for POC support on Acme renewal waited too long and its deal's owner has no manager: HR decides" },
      { recipient: 'role:HR', kind: 'DISPUTE_RAISED', text: 'Person pm-1 disputes their standing: My POC credit is missing' },
      { recipient: 'pm-1', kind: 'DISPUTE_RESOLVED', text: 'hr-1 resolved your dispute in your favour: Credit restored' },
    ]);
    expect(then.deliveries.filter((delivery) => delivery.recipient === 'role:HR')).toEqual([
      { recipient: 'role:HR', channel: 'EMAIL', address: 'hr@example.com', status: 'PENDING' },
      { recipient: 'role:HR', channel: 'EMAIL', address: 'hr@example.com', status: 'PENDING' },
    ]);
  });
});
