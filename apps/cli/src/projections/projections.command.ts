import { Command, CommandRunner as CliCommand, SubCommand } from 'nest-commander';
import { loadConfig } from '@club-ledger/kernel';
import { projectionNames, rebuildProjections } from './rebuild-projections';

@SubCommand({
  name: 'rebuild',
  arguments: '[name]',
  description: `Rebuild a read model (${projectionNames().join(', ')}; all without a name) from the event store; on PostgreSQL the API keeps serving and the result is swapped in`,
})
export class RebuildProjectionsCommand extends CliCommand {
  async run([name]: string[]): Promise<void> {
    await rebuildProjections(loadConfig(process.env), name);
  }
}

@Command({ name: 'projections', description: 'Operate the read models', subCommands: [RebuildProjectionsCommand] })
export class ProjectionsCommand extends CliCommand {
  async run(): Promise<void> {
    throw new Error('Say what to do: projections rebuild [NAME]');
  }
}
