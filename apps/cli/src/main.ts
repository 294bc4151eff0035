import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
import { ImportCommand } from './import/import.command';
import { ProjectionsCommand, RebuildProjectionsCommand } from './projections/projections.command';
import { SeedCommand } from './seed/seed.command';

@Module({ providers: [ImportCommand, SeedCommand, ProjectionsCommand, RebuildProjectionsCommand] })
class CliModule {}

/** `club <command>`: each command opens the ledger itself, so `--help` needs no database. */
CommandFactory.run(CliModule, {
  logger: ['fatal', 'error'],
  errorHandler: (error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  },
  serviceErrorHandler: (error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  },
}).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(2);
});
