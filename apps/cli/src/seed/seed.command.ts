import { CommandBus } from '@nestjs/cqrs';
import { Command, CommandRunner as CliCommand, Option } from 'nest-commander';
import { Projector } from '@club-ledger/eligibility';
import { loadConfig } from '@club-ledger/kernel';
import { openLedger } from '../ledger';
import { progressOf, type Progress } from '../progress';
import { DEMO_SIZE, seedDemo } from './seed';

interface SeedOptions {
  demo?: boolean;
  seed: number;
  employees: number;
  deals: number;
}

@Command({ name: 'seed', description: 'Seed a realistic demo organization (deterministic from --seed); seeding twice appends nothing' })
export class SeedCommand extends CliCommand {
  async run(_: string[], options: SeedOptions): Promise<void> {
    if (!options.demo) throw new Error('Say what to seed: --demo');
    const ledger = await openLedger(loadConfig(process.env));
    try {
      const bars = new Map<string, Progress>();
      const summaries = await seedDemo(ledger.get(CommandBus), ledger.get(Projector), { seed: options.seed, size: { employees: options.employees, deals: options.deals } }, (kind, summary, total) => {
        const bar = bars.get(kind) ?? progressOf(`seed ${kind}`, total);
        bars.set(kind, bar);
        bar.update(summary.rows, `${summary.rows}/${total} rows`);
        if (summary.rows === total) bar.stop();
      });
      for (const [kind, summary] of Object.entries(summaries)) {
        process.stdout.write(`${kind}: ${summary.added} new, ${summary.alreadyRecorded} already recorded, ${summary.rejected.length} rejected\n`);
      }
    } finally {
      await ledger.close();
    }
  }

  @Option({ flags: '--demo', description: 'the demo organization: Sales, Sales Engineering, Product Management, Product Marketing, Customer Success' })
  parseDemo(): boolean {
    return true;
  }

  @Option({ flags: '--seed <n>', description: 'the random seed', defaultValue: 2026 })
  parseSeed(value: string): number {
    return positive(value, '--seed');
  }

  @Option({ flags: '--employees <n>', description: 'how many people', defaultValue: DEMO_SIZE.employees })
  parseEmployees(value: string): number {
    return positive(value, '--employees');
  }

  @Option({ flags: '--deals <n>', description: 'how many deals in the year', defaultValue: DEMO_SIZE.deals })
  parseDeals(value: string): number {
    return positive(value, '--deals');
  }
}

function positive(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${flag} must be a whole number of at least 1`);
  return number;
}
