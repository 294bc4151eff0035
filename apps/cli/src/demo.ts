import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CommandBus } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { Projector } from '@club-ledger/eligibility';
import { ConfigError, loadConfig, mintDevToken } from '@club-ledger/kernel';
import { openLedger } from './ledger';
import { progressOf, type Progress } from './progress';
import { DEMO_SIZE, seedDemo } from './seed/seed';
import { generateOrg } from './seed/org-generator';

/** Development only: the demo signs its own tokens when no secret is set. */
const DEMO_SECRET = 'club-ledger-demo-secret-do-not-use-in-production';
const DEMO_SEED = 2026;
/** The API as `npm start` runs it, built beside this file: the demo starts it once the ledger is seeded. */
const API_ENTRY = join(__dirname, '..', '..', 'api', 'src', 'main.js');

/** Starts the API in its own process and resolves with its address once it listens; the demo ends with it. */
function startApi(env: NodeJS.ProcessEnv): Promise<string> {
  const api = spawn(process.execPath, ['-r', 'tsconfig-paths/register', API_ENTRY], { env, stdio: ['inherit', 'pipe', 'inherit'] });
  api.on('exit', (code) => process.exit(code ?? 1));
  return new Promise((resolve) => {
    createInterface({ input: api.stdout }).on('line', (line) => {
      const address = /listening on (\S+)\/graphql$/.exec(line)?.[1];
      if (address) resolve(address);
      else process.stdout.write(`${line}\n`);
    });
  });
}

/**
 * `npm run demo`: the API on the embedded default, seeded with the demo organization when the ledger is
 * empty, and ready-made tokens for a rep, a product manager, HR and an executive.
 */
async function main(): Promise<void> {
  const env = { AUTH_JWT_SECRET: DEMO_SECRET, LOG_LEVEL: 'warn', ...process.env };
  const config = loadConfig(env);
  if (config.auth.kind !== 'secret') throw new Error('the demo signs its own development tokens: leave AUTH_JWKS_URL unset');
  const secret = config.auth.secret;
  const ledger = await openLedger(config);
  try {
    if ((await ledger.get<EventStore>(EVENT_STORE).headPosition()) === 0n) {
      process.stdout.write('Empty ledger: seeding the demo organization…\n');
      const bars = new Map<string, Progress>();
      await seedDemo(ledger.get(CommandBus), ledger.get(Projector), { seed: DEMO_SEED }, (kind, summary, total) => {
        const bar = bars.get(kind) ?? progressOf(`seed ${kind}`, total);
        bars.set(kind, bar);
        bar.update(summary.rows, `${summary.rows}/${total} rows`);
        if (summary.rows === total) bar.stop();
      });
    }
  } finally {
    await ledger.close();
  }
  const origin = (await startApi(env)).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  const org = generateOrg(DEMO_SEED, DEMO_SIZE);
  const rep = org.employees.find((employee) => employee.department === 'Sales');
  const pm = org.employees.find((employee) => employee.department === 'Product Management');
  const people = [
    { who: `a rep (${rep?.name})`, sub: rep?.id ?? 'rep', roles: [] },
    { who: `a product manager (${pm?.name})`, sub: pm?.id ?? 'pm', roles: [] },
    { who: 'HR', sub: 'hr-demo', roles: ['HR'] },
    { who: 'an executive', sub: 'ceo-demo', roles: ['EXECUTIVE'] },
  ];
  process.stdout.write(
    `\nClub Ledger demo at ${origin}/ (sign in as anyone from the development list)\nGraphQL at ${origin}/graphql\n\n` +
      'Tokens (development only; send as Authorization: Bearer <token>):\n',
  );
  for (const person of people) process.stdout.write(`\n${person.who}:\n${await mintDevToken(secret, person.sub, person.roles)}\n`);
}

main().catch((error: unknown) => {
  const line = error instanceof ConfigError ? `Configuration error: ${error.message}` : `Demo failed: ${String(error)}`;
  process.stderr.write(`${line}\n`);
  process.exit(1);
});
