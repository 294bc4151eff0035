import { Command, CommandRunner as CliCommand, Option } from 'nest-commander';
import { loadConfig } from '@club-ledger/kernel';
import { importFile } from './import-file';
import { IMPORT_KINDS } from './rows';

@Command({
  name: 'import',
  arguments: '<kind> <file>',
  description: `Import a CSV export (${IMPORT_KINDS.join(', ')}) through the same rules as the API; re-importing appends nothing new`,
})
export class ImportCommand extends CliCommand {
  /** Exit code 1 says some rows were rejected (they are listed); 2 that the import could not run. */
  async run([kind, file]: string[], options: { errors?: string }): Promise<void> {
    const summary = await importFile(loadConfig(process.env), kind, file, options);
    if (summary.rejected.length > 0) process.exitCode = 1;
  }

  @Option({ flags: '--errors <file>', description: 'write the rejected rows, with their line and reason, to this CSV' })
  parseErrors(file: string): string {
    return file;
  }
}
