import { BufferedStreams, type EventStore, type Flushed } from '@club-ledger/event-store';
import { domainEvents } from '../catalog';
import { DealHandler, DealMessage } from '../deals/commands/deal.commands';
import { dealStream } from '../deals/deal.events';
import { EmployeeHandler, EmployeeMessage } from '../people/commands/employee.commands';
import { employeeStream } from '../people/employee.events';
import { QuotaHandler, QuotaMessage } from '../quotas/commands/quota.commands';
import { quotaStream } from '../quotas/quota.events';
import { CommandRejected, CommandRunner, type Decision } from './command-runner';

/** The commands a bulk import sends: the directory, quotas and deals. */
export type BulkCommand = EmployeeMessage | QuotaMessage | DealMessage;

/** The stream a bulk command decides on and writes to. */
export function streamOf(message: BulkCommand): string {
  if (message instanceof EmployeeMessage) return employeeStream(message.command.id);
  if (message instanceof QuotaMessage) return quotaStream(message.command.employeeId);
  return dealStream(message.command.dealId);
}

/**
 * Every stream deciding a bulk command reads: its own, and the employees whose facts its rules need (the owner of a
 * deal, the contributor of a credit, a manager, the holder of a quota), as the handlers read them.
 */
export function streamsReadBy(message: BulkCommand): string[] {
  const own = streamOf(message);
  const { command } = message;
  switch (command.type) {
    case 'RegisterEmployee':
      return command.details.managerId ? [own, employeeStream(command.details.managerId)] : [own];
    case 'ChangeEmployee':
      return command.changes.managerId ? [own, employeeStream(command.changes.managerId)] : [own];
    case 'SetQuota':
      return [own, employeeStream(command.employeeId)];
    case 'OpenDeal':
      return [own, employeeStream(command.ownerId)];
    case 'CreditContribution':
      return [own, employeeStream(command.contributorId)];
    default:
      return [own];
  }
}

interface Handler {
  execute(message: BulkCommand): Promise<Decision<unknown>>;
}

/**
 * Commands decided in memory a batch at a time, by the same handlers and rules as one at a time: each batch reads
 * the streams it touches once, decides its commands in the order they are sent, and writes every stream it
 * changed at once (`CommandBatch.flush`). An email is held by its reservation stream, read like any other, so an email
 * taken in one batch is refused in the next.
 */
export class BulkCommands {
  constructor(
    private readonly store: EventStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /**
   * A new batch; after `earlier` (flushed, its write perhaps still under way), one that goes on from the streams as
   * that batch left them, and whose write lands after it (`BufferedStreams`).
   */
  batch(earlier?: CommandBatch): CommandBatch {
    return new CommandBatch(this.store, this.now, earlier);
  }
}

/** One batch of commands: decided as they are sent, written by `flush`. */
export class CommandBatch {
  private readonly handlers: Map<unknown, Handler>;
  private readonly streams: BufferedStreams;
  private readonly runner: CommandRunner;

  /** After `earlier` (flushed), its streams and its runner's folded states are this batch's to go on from. */
  constructor(store: EventStore, now: () => Date, earlier?: CommandBatch) {
    this.streams = new BufferedStreams(store, now, earlier?.streams.handOver());
    const runner = earlier ? earlier.runner.goingOnWith(this.streams) : new CommandRunner(this.streams, domainEvents, now);
    this.runner = runner;
    this.handlers = new Map<unknown, Handler>([
      [EmployeeMessage, new EmployeeHandler(runner)],
      [QuotaMessage, new QuotaHandler(runner)],
      [DealMessage, new DealHandler(runner)],
    ] as Array<[unknown, Handler]>);
  }

  /** Reads every stream these commands will read, together, rather than each when its command comes. */
  prefetch(commands: readonly BulkCommand[]): Promise<void> {
    return this.streams.prefetch(new Set(commands.flatMap(streamsReadBy)));
  }

  /** Decides a command on the batch's streams as they stand after the commands sent before it; throws CommandRejected. */
  async execute(command: BulkCommand): Promise<Decision<unknown>> {
    const handler = this.handlers.get(command.constructor);
    if (!handler) throw new Error(`No bulk handler for ${command.constructor.name}`);
    return handler.execute(command);
  }

  /**
   * Decides many commands: those on different streams concurrently, so that the streams are read together; those on
   * one stream in the order given. Each answers its decision or its rejection, in the order given.
   */
  async executeAll(commands: readonly BulkCommand[]): Promise<Array<Decision<unknown> | CommandRejected>> {
    await this.prefetch(commands);
    const outcomes: Array<Decision<unknown> | CommandRejected> = new Array(commands.length);
    const byStream = new Map<string, number[]>();
    commands.forEach((command, index) => {
      const stream = streamOf(command);
      const indexes = byStream.get(stream);
      if (indexes) indexes.push(index);
      else byStream.set(stream, [index]);
    });
    await Promise.all(
      [...byStream.values()].map(async (indexes) => {
        for (const index of indexes) {
          outcomes[index] = await this.execute(commands[index]).catch((error: unknown) => {
            if (error instanceof CommandRejected) return error;
            throw error;
          });
        }
      }),
    );
    return outcomes;
  }

  /** Writes the batch; a stream another writer moved since it was read is refused and nothing of it is written. */
  flush(): Promise<Flushed> {
    return this.streams.flush();
  }
}
