import { advisoryLockKey, type Clock, type SqlClient, type SqlExecutor } from '@club-ledger/kernel';
import type { NotificationKind } from '@club-ledger/domain';
import { links, type Notice } from './messages';
import { LEDGER_PROJECTION, standingsAreHistory } from './history';
import { notificationId } from './notifications.projection';
import { recordNotices, type DeliveryChannels, type NotificationRecord } from './record-notices';

type Place = 'QUALIFIED' | 'NEAR_MISS' | 'NONE';

/**
 * The places of these people in a program (everyone's when null), and of any others whose place may have moved with
 * them, unless the program's cutoff is still the one they were all placed at (`placedAt`); someone absent has none.
 * Also the cutoff now: the program's last winning value, null when no cap bites. The read side judges them, by the
 * near-miss rule it keeps (`standingPlaces`): this library holds no rule of eligibility of its own.
 */
export type StandingPlaces = (
  tx: SqlExecutor,
  programId: string,
  employeeIds: readonly string[] | null,
  placedAt?: number | null,
) => Promise<{ places: ReadonlyMap<string, Place>; cutoff: number | null }>;

/** What a move from one place to another tells the person, if anything (leaving a near miss is not news). */
function newsOf(was: Place, now: Place): NotificationKind | null {
  if (now === 'QUALIFIED') return 'QUALIFIED';
  if (was === 'QUALIFIED') return 'NO_LONGER_QUALIFIED';
  return now === 'NEAR_MISS' ? 'NEAR_MISS' : null;
}

const TEXT: Record<NotificationKind, (program: string) => string> = {
  QUALIFIED: (program) => `You qualify for ${program}`,
  NO_LONGER_QUALIFIED: (program) => `You no longer qualify for ${program}`,
  NEAR_MISS: (program) => `You are close to qualifying for ${program}`,
} as Record<NotificationKind, (program: string) => string>;

export interface QualificationWatchOptions {
  sql: SqlClient;
  places: StandingPlaces;
  channels: DeliveryChannels;
  clock: Clock;
  onAdded?(added: readonly NotificationRecord[]): void;
  onError?(error: unknown): void;
}

/**
 * Tells people when their place in an open program changes: they start or stop qualifying, or come close. It compares
 * the kept standings with what each person was last told (`qualification_notices`), so a change is told once however
 * many events made it, and a revision that moves 500 people tells each of them once, in one transaction. Fed by the
 * standings projection's commits in this process, and by programs opening; `reviewAll` catches up at start. A change
 * seen while the standings still stand within history (`holdBackHistory`) is history too: kept, read, sent nowhere.
 */
export class QualificationWatch {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: QualificationWatchOptions) {}

  /** Reviews these people (all of the program's when not named); reviews run one after another. */
  review(programId: string, employeeIds?: readonly string[]): Promise<void> {
    this.queue = this.queue.then(
      () => this.reviewNow(programId, employeeIds ?? null),
    ).catch((error: unknown) => this.options.onError?.(error));
    return this.queue;
  }

  /** Resolves once every review asked for so far is done. */
  settled(): Promise<void> {
    return this.queue;
  }

  /** Every open program, once the standings are settled (a read model rebuilt halfway would tell people wrong news). */
  async reviewAll(): Promise<void> {
    const [settled] = await this.options.sql.query<{ settled: boolean }>(
      `SELECT bool_and(settled) AS settled FROM projection_checkpoints WHERE name = $1`,
      [LEDGER_PROJECTION],
    );
    if (!settled?.settled) return;
    const programs = await this.options.sql.query<{ program_id: string }>(`SELECT program_id FROM notification_programs WHERE status = 'OPEN'`);
    for (const { program_id } of programs) await this.review(program_id);
  }

  private async reviewNow(programId: string, employeeIds: readonly string[] | null): Promise<void> {
    const added = await this.options.sql.transaction(async (tx) => {
      // Two processes reviewing the same program would both see the same change: one waits for the other.
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [advisoryLockKey(`club-ledger:qualification:${programId}`)]);
      const [program] = await tx.query<{ name: string }>(`SELECT name FROM notification_programs WHERE program_id = $1 AND status = 'OPEN'`, [programId]);
      if (!program) return [];
      const was = await placedAt(tx, programId);
      const { places, cutoff } = await this.options.places(tx, programId, employeeIds, was);
      if (cutoff !== was) await placedEveryoneAt(tx, programId, cutoff);
      const moves = await movesIn(tx, places, programId, employeeIds);
      if (moves.length === 0) return [];
      const at = this.options.clock.now();
      const past = await standingsAreHistory(tx);
      const notices: Notice[] = [];
      for (const move of moves) {
        const kind = newsOf(move.was, move.now);
        if (kind === null) continue;
        notices.push({
          id: notificationId(`qualification/${programId}/${move.changes}`, move.employee_id),
          recipient: move.employee_id,
          kind,
          at: at.toISOString(),
          text: TEXT[kind](program.name),
          link: links.standing(programId, move.employee_id),
          past,
        });
      }
      await tx.query(
        `INSERT INTO qualification_notices (program_id, employee_id, state, changes)
         SELECT $1, m.employee_id, m.now, m.changes FROM jsonb_to_recordset($2::jsonb) AS m(employee_id text, now text, changes int)
         ON CONFLICT (program_id, employee_id) DO UPDATE SET state = excluded.state, changes = excluded.changes`,
        [programId, JSON.stringify(moves)],
      );
      return recordNotices(tx, notices, this.options.channels, at);
    });
    if (added.length > 0) this.options.onAdded?.(added);
  }
}

/** The cutoff at which this program's near misses were last all placed; undefined before the first review. */
async function placedAt(tx: SqlExecutor, programId: string): Promise<number | null | undefined> {
  const [row] = await tx.query<{ value: number | null }>(`SELECT value FROM qualification_cutoffs WHERE program_id = $1`, [programId]);
  return row?.value;
}

/** After a review whose cutoff moved (or the first): everyone whose place the cutoff decides was placed at this one. */
async function placedEveryoneAt(tx: SqlExecutor, programId: string, cutoff: number | null): Promise<void> {
  await tx.query(
    `INSERT INTO qualification_cutoffs (program_id, value) VALUES ($1, $2) ON CONFLICT (program_id) DO UPDATE SET value = excluded.value`,
    [programId, cutoff],
  );
}

interface Move {
  employee_id: string;
  was: Place;
  now: Place;
  /** How many changes of place this person has had in the program, this one included: part of its notification's id. */
  changes: number;
}

/** Whose place differs from what they were last told, the people who left the program's standings included. */
async function movesIn(tx: SqlExecutor, places: ReadonlyMap<string, Place>, programId: string, employeeIds: readonly string[] | null): Promise<Move[]> {
  const reviewed = employeeIds === null ? null : [...new Set([...employeeIds, ...places.keys()])];
  const told = await tx.query<{ employee_id: string; state: Place; changes: number }>(
    `SELECT employee_id, state, changes FROM qualification_notices WHERE program_id = $1 AND ($2::text[] IS NULL OR employee_id = ANY ($2::text[]))`,
    [programId, reviewed],
  );
  const last = new Map(told.map((row) => [row.employee_id, row]));
  const everyone = [...new Set([...(reviewed ?? places.keys()), ...last.keys()])].sort();
  return everyone.flatMap((employeeId) => {
    const was = last.get(employeeId)?.state ?? 'NONE';
    const now = places.get(employeeId) ?? 'NONE';
    return was === now ? [] : [{ employee_id: employeeId, was, now, changes: (last.get(employeeId)?.changes ?? 0) + 1 }];
  });
}
