import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Client-chosen operation names become labels; past this many distinct ones they are counted as "other". */
const MAX_OPERATION_NAMES = 100;

/**
 * The API's Prometheus instruments, in a registry of this app's own: tests run several apps in one process,
 * and the global default registry would mix (and reject) their metrics.
 */
export class Metrics {
  readonly registry = new Registry();

  readonly commands = new Counter({
    name: 'club_ledger_commands_total',
    help: 'Commands run, by command type and outcome (ok, or the code of the rejection)',
    labelNames: ['command', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly commandSeconds = new Histogram({
    name: 'club_ledger_command_duration_seconds',
    help: 'Time to run a command: load its stream, decide, append (with retries on conflict)',
    labelNames: ['command'] as const,
    registers: [this.registry],
  });

  readonly eventsAppended = new Counter({
    name: 'club_ledger_events_appended_total',
    help: 'Events appended to the event store by commands, by event type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });

  readonly operationSeconds = new Histogram({
    name: 'club_ledger_graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL request to sending its response, by operation type and name',
    labelNames: ['operation_type', 'operation_name'] as const,
    registers: [this.registry],
  });

  readonly operations = new Counter({
    name: 'club_ledger_graphql_operations_total',
    help: 'GraphQL operations answered, by operation type, name and outcome (ok, or the code of the first error)',
    labelNames: ['operation_type', 'operation_name', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: 'club_ledger_notification_deliveries_total',
    help: 'Attempts to deliver notifications outside the app, by channel and outcome (DELIVERED, RETRY, FAILED)',
    labelNames: ['channel', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly operationNames = new Set<string>();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** A bounded label for an operation name, so that a client inventing names cannot grow the metrics without end. */
  operationLabel(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }
}
