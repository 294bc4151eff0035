import type { Logger } from 'pino';
import { holdBackHistory, migrateNotifications, Notifications } from '@club-ledger/notifications';
import { PostgresClient, systemClock } from '@club-ledger/kernel';
import { ClaimEscalation, ClaimHandler, CommandRunner, DisputeHandler, domainEvents, scheduleEscalation } from '@club-ledger/domain';
import {
  advisoryLocks,
  ClaimQueries,
  claimsDue,
  describeStorage,
  type LeaseChange,
  migrateReadModels,
  openEventStore,
  Projector,
  readModelProjections,
  standingPlaces,
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
    await migrateNotifications(sql);
    await holdBackHistory(sql, store);
    const notifications = new Notifications({
      sql,
      config: config.notifications,
      clock: systemClock,
      places: standingPlaces,
      onError: (error) => log.warn({ err: error }, 'notifications interrupted; they resume where they were'),
    });
    const projector: Projector = new Projector({
      store,
      sql,
      catalog: domainEvents,
      projections: [...readModelProjections({ onStandingsChanged: notifications.standingsChanged }), notifications.projection],
      locks: advisoryLocks(sql),
      onLease: (projection, change) => log.info({ projection, lease: change, holding: projector.active() }, leaseMessages[change]),
      onError: (projection, error) => log.warn({ projection, err: error }, 'projection interrupted; resuming from its checkpoint'),
    });
    projector.start();
    // The deliveries go out beside the projections; any number of workers share the outbox, each delivery taken by one.
    notifications.start();
    // Escalations run beside the projections; each is keyed by its claim, so replicas running them together append each once.
    const runner = new CommandRunner(store, domainEvents);
    const claims = new ClaimHandler(runner);
    const disputes = new DisputeHandler(runner, new ClaimQueries(sql));
    const due = claimsDue(sql, ESCALATIONS_PER_PASS);
    const escalation = scheduleEscalation(
      new ClaimEscalation(claims, disputes, due, () => new Date(), config.claimEscalationDays),
      ESCALATION_INTERVAL_MS,
      (error) => log.warn({ err: error }, 'claim escalation pass failed; tried again at the next'),
    );
    log.info({ ...describeStorage(config), schema: sql.schema, projections: projector.status().map(({ name }) => name) }, 'projector started');
    return {
      stop: async () => {
        await escalation.stop();
        await notifications.stop();
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
