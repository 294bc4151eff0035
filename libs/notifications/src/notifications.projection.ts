import { v5 as uuidv5 } from 'uuid';
import type { Clock, SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';
import type { AwardProgramEvent, ClaimEvent, DealEvent, DisputeEvent, EmployeeEvent, NotificationKind } from '@club-ledger/domain';
import { claimNotices, disputeNotices } from './claim-notices';
import { contributionWords, links, type Notice } from './messages';
import { historyHorizon, NOTIFICATIONS_PROJECTION } from './history';
import { dealName, personName } from './notified-facts';
import { recordNotices, type DeliveryChannels, type NotificationRecord } from './record-notices';

/** Namespace of notification ids (a fixed random UUID, never to change): the same event and recipient, the same id. */
const NOTIFICATION_NAMESPACE = 'c3a1f0d2-7e4b-4f6a-9c85-2b1d0e9f7a64';

export const notificationId = (source: string, recipient: string): string => uuidv5(`${source}/${recipient}`, NOTIFICATION_NAMESPACE);

export interface NotificationsProjectionOptions {
  channels: DeliveryChannels;
  clock: Clock;
  /** Told, once committed, of the notifications added (the `notificationAdded` subscription listens here). */
  onAdded?(added: readonly NotificationRecord[]): void;
  /** Told, once committed, of programs opened: whoever already qualifies in one is told so (`QualificationWatch`). */
  onProgramOpened?(programIds: readonly string[]): void;
}

type Handled = (AwardProgramEvent | DealEvent | EmployeeEvent | ClaimEvent | DisputeEvent) & Omit<DecodedEvent, 'type' | 'data'>;

/**
 * Who is told what, from the feed: each event becomes a notification for each person it concerns. It keeps its own
 * copy of the people, deals, credits and programs it words them with, at exactly the event's position. Not rebuilt
 * with the other read models: what people were told stays told, and a replay from the start adds nothing (ids). What
 * was recorded before notifications first ran is history (`holdBackHistory`): in the app, read, and sent nowhere.
 */
export function notificationsProjection(options: NotificationsProjectionOptions) {
  return {
    name: NOTIFICATIONS_PROJECTION,
    handles: [
      'EmployeeRegistered', 'EmployeeChanged', 'EmployeeOffboarded', 'NotificationSettingsChanged',
      'DealOpened', 'ContributionCredited', 'CreditRetracted',
      'AwardProgramDrafted', 'AwardProgramOpened', 'AwardProgramFinalized',
      'CreditClaimed', 'ClaimEscalated', 'ClaimApproved', 'ClaimDeclined', 'DisputeRaised', 'DisputeResolved',
    ],
    tables: [] as string[],
    async apply(events: readonly DecodedEvent[], tx: SqlExecutor) {
      const notices: Notice[] = [];
      const added: NotificationRecord[] = [];
      const opened: string[] = [];
      const horizon = await historyHorizon(tx);
      for (const event of events as unknown as readonly Handled[]) {
        // Recorded in the order of the feed: a batch may register someone and credit them.
        if (notices.length > 0 && !isNotifying(event)) await flush();
        const past = event.position <= horizon;
        notices.push(...(await noticesOf(event, tx)).map((notice) => ({ ...notice, past })));
        if (event.type === 'AwardProgramOpened') opened.push(event.data.programId);
      }
      await flush();
      return () => {
        if (added.length > 0) options.onAdded?.(added);
        if (opened.length > 0) options.onProgramOpened?.(opened);
      };

      async function flush() {
        added.push(...(await recordNotices(tx, notices.splice(0), options.channels, options.clock.now())));
      }
    },
  };
}

/** Events that only keep what notifications are worded with: a notice pending before one is recorded first. */
const isNotifying = (event: Handled) =>
  !['EmployeeRegistered', 'EmployeeChanged', 'EmployeeOffboarded', 'NotificationSettingsChanged', 'DealOpened', 'AwardProgramDrafted'].includes(event.type);

async function noticesOf(event: Handled, tx: SqlExecutor): Promise<Notice[]> {
  const notice = (recipient: string, kind: NotificationKind, text: string, link: string | null): Notice => ({
    id: notificationId(event.id, recipient),
    recipient,
    kind,
    at: event.recordedAt.toISOString(),
    text,
    link,
  });
  switch (event.type) {
    case 'EmployeeRegistered': {
      const { employeeId, name, email, department } = event.data;
      await tx.query(
        `INSERT INTO notification_people (employee_id, name, email, department) VALUES ($1, $2, $3, $4)
         ON CONFLICT (employee_id) DO UPDATE SET name = excluded.name, email = excluded.email, department = excluded.department`,
        [employeeId, name, email, department],
      );
      return [];
    }
    case 'EmployeeChanged': {
      const { employeeId, name, email, department } = event.data;
      await tx.query(
        `UPDATE notification_people SET name = coalesce($2, name), email = coalesce($3, email), department = coalesce($4, department)
          WHERE employee_id = $1`,
        [employeeId, name ?? null, email ?? null, department ?? null],
      );
      return [];
    }
    case 'EmployeeOffboarded':
      await tx.query(`UPDATE notification_people SET active = false WHERE employee_id = $1`, [event.data.employeeId]);
      return [];
    case 'NotificationSettingsChanged': {
      const { employeeId, email, chat, muted } = event.data;
      await tx.query(`UPDATE notification_people SET by_email = $2, by_chat = $3, muted = $4::text[] WHERE employee_id = $1`, [employeeId, email, chat, muted]);
      return [];
    }
    case 'DealOpened':
      await tx.query(
        `INSERT INTO notification_deals (deal_id, name, owner_id) VALUES ($1, $2, $3) ON CONFLICT (deal_id) DO NOTHING`,
        [event.data.dealId, event.data.name, event.data.ownerId],
      );
      return [];
    case 'ContributionCredited': {
      const { creditId, dealId, contributorId, kind, creditedBy } = event.data;
      await tx.query(
        `INSERT INTO notification_credits (credit_id, deal_id, contributor_id, kind) VALUES ($1, $2, $3, $4) ON CONFLICT (credit_id) DO NOTHING`,
        [creditId, dealId, contributorId, kind],
      );
      const deal = await dealName(tx, dealId);
      return [notice(contributorId, 'CREDITED', `${await personName(tx, creditedBy)} credited you for ${contributionWords(kind)} on ${deal}`, links.deal(dealId))];
    }
    case 'CreditRetracted': {
      const { creditId, dealId, reason, retractedBy } = event.data;
      const [credit] = await tx.query<{ contributor_id: string; kind: string }>(
        `SELECT contributor_id, kind FROM notification_credits WHERE credit_id = $1`,
        [creditId],
      );
      if (!credit) return [];
      const text = `${await personName(tx, retractedBy)} retracted your credit for ${contributionWords(credit.kind)} on ${await dealName(tx, dealId)}: ${reason}`;
      return [notice(credit.contributor_id, 'CREDIT_RETRACTED', text, links.recognition())];
    }
    case 'AwardProgramDrafted': {
      const { programId, name, audienceDepartments } = event.data;
      await tx.query(
        `INSERT INTO notification_programs (program_id, name, audience, status) VALUES ($1, $2, $3::text[], 'DRAFT') ON CONFLICT (program_id) DO NOTHING`,
        [programId, name, audienceDepartments],
      );
      return [];
    }
    case 'CriteriaRevised':
      return [];
    case 'AwardProgramOpened': {
      const { programId } = event.data;
      const program = await moveProgram(tx, programId, 'OPEN');
      if (!program) return [];
      const audience = await audienceOf(tx, program.audience);
      return audience.map((employeeId) => notice(employeeId, 'PROGRAM_OPENED', `${program.name} is open: see where you stand`, links.standing(programId, employeeId)));
    }
    case 'AwardProgramFinalized': {
      const { programId, winners } = event.data;
      const program = await moveProgram(tx, programId, 'FINALIZED');
      if (!program) return [];
      const places = new Map(winners.map((winner) => [winner.employeeId, winner.rank]));
      const audience = new Set([...(await audienceOf(tx, program.audience)), ...places.keys()]);
      return [...audience].map((employeeId) => {
        const rank = places.get(employeeId);
        const text = rank === undefined ? `${program.name} is final: see its winners` : `${program.name} is final: you won, in place ${rank}`;
        return notice(employeeId, 'PROGRAM_FINALIZED', text, links.program(programId));
      });
    }
    case 'CreditClaimed':
    case 'ClaimEscalated':
    case 'ClaimApproved':
    case 'ClaimDeclined':
    case 'ClaimWithdrawn':
      return claimNotices(event, tx, notice);
    case 'DisputeRaised':
    case 'DisputeResolved':
      return disputeNotices(event, tx, notice);
    // A restored credit is told by the dispute's resolution; the credit itself is already known here.
    case 'CreditRestored':
    case 'DealClosedWon':
    case 'DealClosedLost':
    case 'DealReopened':
      return [];
    default: {
      const unknown: never = event;
      throw new Error(`Unhandled event ${JSON.stringify(unknown)}`);
    }
  }
}

async function moveProgram(tx: SqlExecutor, programId: string, status: 'OPEN' | 'FINALIZED') {
  const [program] = await tx.query<{ name: string; audience: string[] }>(
    `UPDATE notification_programs SET status = $2 WHERE program_id = $1 RETURNING name, audience`,
    [programId, status],
  );
  return program;
}

/** The active people in a program's departments (everyone when it names none). */
async function audienceOf(tx: SqlExecutor, departments: readonly string[]): Promise<string[]> {
  const rows = await tx.query<{ employee_id: string }>(
    `SELECT employee_id FROM notification_people WHERE active AND (cardinality($1::text[]) = 0 OR department = ANY ($1::text[])) ORDER BY employee_id`,
    [departments],
  );
  return rows.map((row) => row.employee_id);
}
