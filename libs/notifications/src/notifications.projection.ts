import { v5 as uuidv5 } from 'uuid';
import type { Clock, SqlExecutor } from '@club-ledger/kernel';
import type { DecodedEvent } from '@club-ledger/event-store';
import type { AwardProgramEvent, ClaimEvent, DealEvent, DisputeEvent, EmployeeEvent, NotificationKind } from '@club-ledger/domain';
import { claimNotices, disputeNotices } from './claim-notices';
import { contributionWords, links, type Notice } from './messages';
import { historyHorizon, NOTIFICATIONS_PROJECTION } from './history';
import { dealName, dealNames, peopleNames, personName } from './notified-facts';
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
      const notify = noticeOf(horizon);
      for (const run of runsOf(events as unknown as readonly Handled[])) {
        // Recorded in the order of the feed: a batch may register someone and credit them.
        if (notices.length > 0 && !isNotifying(run[0])) await flush();
        notices.push(...(await noticesOf(run, tx, notify)));
        for (const event of run) if (event.type === 'AwardProgramOpened') opened.push(event.data.programId);
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

/**
 * Events of these types one after another are recorded and worded together, a few statements for the run: a year's
 * history is mostly people, deals and credits, and at a statement or three each its catch-up took longer than the
 * ledger's. None of them reads what another of its type writes.
 */
const TOGETHER: ReadonlySet<Handled['type']> = new Set(['EmployeeRegistered', 'DealOpened', 'ContributionCredited']);

/** The feed in runs: consecutive events of one type worded together (`TOGETHER`), every other event on its own. */
function runsOf(events: readonly Handled[]): Handled[][] {
  const runs: Handled[][] = [];
  for (const event of events) {
    const last = runs[runs.length - 1];
    if (last && TOGETHER.has(event.type) && last[0].type === event.type) last.push(event);
    else runs.push([event]);
  }
  return runs;
}

/** The events of a run (all of one type) as that type. */
const ofType = <Type extends Handled['type']>(run: readonly Handled[], type: Type) =>
  run.filter((event): event is Extract<Handled, { type: Type }> => event.type === type);

type Notify = (event: Handled) => (recipient: string, kind: NotificationKind, text: string, link: string | null) => Notice;

/** A notice of an event for one recipient; of history when the event is (`holdBackHistory`). */
const noticeOf = (horizon: bigint): Notify => (event) => (recipient, kind, text, link) => ({
  id: notificationId(event.id, recipient),
  recipient,
  kind,
  at: event.recordedAt.toISOString(),
  text,
  link,
  past: event.position <= horizon,
});

/** The notices of a run of events (see `runsOf`): all of one type. */
async function noticesOf(run: readonly Handled[], tx: SqlExecutor, notify: Notify): Promise<Notice[]> {
  const [event] = run;
  const notice = notify(event);
  switch (event.type) {
    case 'EmployeeRegistered': {
      // The last registration of an id wins, as one at a time would leave it.
      const people = [...new Map(ofType(run, event.type).map(({ data }) => [data.employeeId, data])).values()];
      await tx.query(
        `INSERT INTO notification_people (employee_id, name, email, department)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
         ON CONFLICT (employee_id) DO UPDATE SET name = excluded.name, email = excluded.email, department = excluded.department`,
        [people.map((p) => p.employeeId), people.map((p) => p.name), people.map((p) => p.email), people.map((p) => p.department)],
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
    case 'DealOpened': {
      const deals = ofType(run, event.type).map(({ data }) => data);
      await tx.query(
        `INSERT INTO notification_deals (deal_id, name, owner_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (deal_id) DO NOTHING`,
        [deals.map((d) => d.dealId), deals.map((d) => d.name), deals.map((d) => d.ownerId)],
      );
      return [];
    }
    case 'ContributionCredited': {
      const credits = ofType(run, event.type);
      const data = credits.map((credit) => credit.data);
      await tx.query(
        `INSERT INTO notification_credits (credit_id, deal_id, contributor_id, kind)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT (credit_id) DO NOTHING`,
        [data.map((d) => d.creditId), data.map((d) => d.dealId), data.map((d) => d.contributorId), data.map((d) => d.kind)],
      );
      const [deal, person] = [await dealNames(tx, data.map((d) => d.dealId)), await peopleNames(tx, data.map((d) => d.creditedBy))];
      return credits.map((credit) => {
        const { dealId, contributorId, kind, creditedBy } = credit.data;
        return notify(credit)(contributorId, 'CREDITED', `${person(creditedBy)} credited you for ${contributionWords(kind)} on ${deal(dealId)}`, links.deal(dealId));
      });
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
