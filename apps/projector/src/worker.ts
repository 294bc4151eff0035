import type { Logger } from 'pino';
import { PostgresClient } from '@club-ledger/kernel';
import { ClaimEscalation, ClaimsCommandHandler, CommandRunner, domainEvents, scheduleEscalation } from '@club-ledger/domain';
import {
  advisoryLocks,
  claimsDueForEscalation,
  describeStorage,
  type LeaseChange,
  migrateReadModels,
  openEventStore,
  Projector,
  readModelProjections,
} from '@club-ledger/eligibility';
import type { ProjectorConfig } from './projector-config';

const leaseMessages: Record<LeaseChange, string> = {
  held: 'holding projection',
  waiting: 'waiting: another projector holds this projection',
  released: 'released projection',
};

/** How often the escalation pass looks for claims unanswered too long, and how many it escalates at most in one. */
const ESCALATION_INTERVAL_MS = 60_000;
const ESCALATIONS_PER_PASS = 100;

export interface ProjectorWorker {
  /** Stops every runner and closes the databases; the server drops this process's locks with its sessions. */
  stop(): Promise<void>;
}

/**
 * Runs the API's read-model projections in a process of their own, for deployments where the API runs with
 * PROJECTOR=off. Any number may run: each projection is applied by the one holding its advisory lock.
 */
export async function startProjectorWorker(config: ProjectorConfig, log: Logger): Promise<ProjectorWorker> {
  const sql = await PostgresClient.open(config.readModels.url, { schema: config.readModels.schema });
  try {
    const store = await openEventStore(config, sql);
    await migrateReadModels(sql);
    const projector: Projector = new Projector({
      store,
      sql,
      catalog: domainEvents,
      projections: readModelProjections(),
      locks: advisoryLocks(sql),
      onLease: (projection, change) => log.info({ projection, lease: change, holding: projector.active() }, leaseMessages[change]),
      onError: (projection, error) => log.warn({ projection, err: error }, 'projection interrupted; resuming from its checkpoint'),
    });
    projector.start();
    // Escalations run beside the projections; each is keyed by its claim, so replicas running them together append each once.
    const claims = new ClaimsCommandHandler(new CommandRunner(store, domainEvents));
    const due = (before: Date) => claimsDueForEscalation(sql, before, ESCALATIONS_PER_PASS);
    const escalation = scheduleEscalation(
      new ClaimEscalation(claims, due, () => new Date(), config.claimEscalationDays),
      ESCALATION_INTERVAL_MS,
      (error) => log.warn({ err: error }, 'claim escalation pass failed; tried again at the next'),
    );
    log.info({ ...describeStorage(config), schema: sql.schema, projections: projector.status().map(({ name }) => name) }, 'projector started');
    return {
      stop: async () => {
        await escalation.stop();
        await projector.stop();
        await store.close();
        await sql.close();
      },
    };
  } catch (error) {
    await sql.close();
    throw error;
  }
}
