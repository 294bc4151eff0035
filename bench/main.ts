import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, mintDevToken, PostgresClient } from '@club-ledger/kernel';
import { generateOrg, type GeneratedOrg } from '../apps/cli/src/seed/org-generator';
import { ApiProcess, ProjectorProcess } from './api-process';
import { commandPath, pastMoment, queries, revision, type CommandFigures } from './api-phases';
import { ingest, rebuild, type IngestFigures } from './ingest';
import { firstVisit } from './web-first-visit';
import { Report, machine, writeResults } from './report';
import { SCALES, isScale, targetsOf, type Scale, type ScaleSettings } from './scales';

const SECRET = 'club-ledger-bench-secret-not-for-production-use';
const SEED = 2026;

function argument(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : args.find((arg) => arg.startsWith(`${name}=`))?.slice(name.length + 1);
}

function scaleFromArguments(args: readonly string[]): Scale {
  const at = args.indexOf('--scale');
  const value = at >= 0 ? args[at + 1] : (args.find((arg) => arg.startsWith('--scale='))?.slice('--scale='.length) ?? 'small');
  if (!isScale(value)) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  return value;
}

/**
 * `npm run bench -- --scale small|medium|large`: ingest, command path, rebuild, queries and a criteria
 * revision on the embedded default, or on PostgreSQL when DATABASE_URL is set, in a store of its own.
 */
async function main(): Promise<void> {
  const scale = scaleFromArguments(process.argv.slice(2));
  const settings = SCALES[scale];
  const report = new Report();
  const databaseUrl = process.env.DATABASE_URL;
  // `--reuse DIR`: an embedded store a previous run of the same scale ingested (and kept, see below): skips phase 1.
  const reuse = argument(process.argv.slice(2), '--reuse');
  if (reuse && (databaseUrl || !existsSync(join(reuse, 'bench-ingest.json')))) throw new Error('--reuse takes a PGlite folder this benchmark ingested (with its bench-ingest.json)');
  const dataDir = databaseUrl ? undefined : (reuse ?? mkdtempSync(join(tmpdir(), 'club-ledger-bench-')));
  const schema = `bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const environment: Record<string, string> = {
    AUTH_JWT_SECRET: SECRET, LOG_LEVEL: 'error', NODE_ENV: 'production',
    RATE_LIMIT_MUTATIONS_PER_MINUTE: '100000000', GRAPHQL_MAX_COST: '100000000',
    // The bench times past moments and previews at every scale, from concurrent clients under one caller.
    GRAPHQL_MAX_WORK: '1000000000', HEAVY_OPERATIONS_PER_CALLER: '100',
    // Measured from the moment every read model has caught up with the store.
    READY_MAX_LAG: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema } : { DATA_DIR: dataDir as string }),
  };
  const config = loadConfig(environment);
  const store = databaseUrl ? 'PostgreSQL' : 'PGlite';
  report.phase(`bench ${scale} on ${store}: generating ${settings.size.employees.toLocaleString('en-US')} employees, ${settings.size.deals.toLocaleString('en-US')} deals`);
  const org = generateOrg(SEED, settings.size);
  const programId = `cross-functional-${org.year}`;
  try {
    report.phase('1/5 ingest through the importer');
    const ingested: IngestFigures = reuse ? JSON.parse(readFileSync(join(reuse, 'bench-ingest.json'), 'utf8')) : await ingest(config, org, report);
    // Kept with the store, so that a later `--reuse` reports the ingest that built it.
    if (dataDir && !reuse) writeFileSync(join(dataDir, 'bench-ingest.json'), JSON.stringify(ingested));
    if (dataDir && !reuse && process.env.BENCH_KEEP_STORE) report.phase(`    the store stays in ${dataDir}: --reuse it`);
    report.phase(`    ${ingested.events.toLocaleString('en-US')} events in ${ingested.seconds.toFixed(1)} s: ${Math.round(ingested.eventsPerSecond)} events/s`);

    const answered = await apiPhases(environment, { dataDir, org, programId, settings, report });
    // On PostgreSQL the read models can be kept by a process of their own: the API then only decides and appends.
    const standalone = databaseUrl ? { commandsStandaloneProjector: await standaloneCommandPath(environment, org, settings, answered.commands, report) } : {};

    // After the API's phases, which this process drives as their client (bench/README.md says what it cost before).
    report.phase('3/5 rebuild every read model from position zero, and the bulk-insert limit');
    const rebuilt = await rebuild(config, report);
    report.phase(`    ${Math.round(rebuilt.eventsPerSecond)} events/s; bulk insert ${rebuilt.bulkSeconds.toFixed(2)} s; ratio ${rebuilt.ratioToBulk.toFixed(1)}x`);

    const figures = { scale, store, date: new Date().toISOString(), machine: machine(), size: settings.size, ingest: ingested, rebuild: rebuilt, ...answered, ...standalone };
    const name = `${new Date().toISOString().slice(0, 10)}-${scale}${databaseUrl ? '-postgres' : ''}`;
    const files = writeResults(name, figures, targetsOf(store, figures));
    report.phase(`results: ${files.join(', ')}`);
  } finally {
    if (dataDir && !reuse && !process.env.BENCH_KEEP_STORE) rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await dropBenchSchemas(databaseUrl, schema);
  }
}

interface ApiPhaseInputs { dataDir: string | undefined; org: GeneratedOrg; programId: string; settings: ScaleSettings; report: Report }

/** Phases 2, 4 and 5 and the past moment, against the built API started for them, with its memory during each. */
async function apiPhases(
  environment: Record<string, string>,
  options: ApiPhaseInputs,
) {
  const api = await ApiProcess.start(environment, 4000 + Math.floor(Math.random() * 2000));
  try {
    return await measuredAgainst(api, options);
  } finally {
    await api.stop();
  }
}

async function measuredAgainst(
  api: ApiProcess,
  { dataDir, org, programId, settings, report }: ApiPhaseInputs,
) {
  const started = api.takePeak();
  const executive = await mintDevToken(SECRET, 'bench-executive', ['EXECUTIVE']);
  const hr = await mintDevToken(SECRET, 'bench-hr', ['HR']);
  report.phase(`2/5 command path: ${settings.commandCalls} creditContribution calls, 8 clients`);
  // A store kept from earlier runs already holds their credits: this run gives the next ones.
  const givenBefore = dataDir ? creditsMadeIn(dataDir) : 0;
  const commands = await commandPath(api.url, SECRET, org, { calls: settings.commandCalls, clients: 8, givenBefore }, report);
  if (dataDir) writeFileSync(join(dataDir, CREDITS_MADE), JSON.stringify({ made: givenBefore + commands.calls + commands.rejected }));
  const commandMemory = api.takePeak();
  report.phase(`    ${Math.round(commands.creditsPerSecond)} credits/s, p95 ${commands.p95Ms.toFixed(1)} ms`);

  report.phase(`4/5 queries, ${settings.queryCalls} calls each`);
  const answered = await queries(api.url, executive, programId, settings.queryCalls, report);
  const queryMemory = api.takePeak();
  report.phase(`    qualifiers p95 ${answered.qualifiers.p95Ms.toFixed(1)} ms, standings p95 ${answered.standingsPage.p95Ms.toFixed(1)} ms, previewCriteria p50 ${answered.previewCriteria.p50Ms.toFixed(0)} ms (credits weighed anew ${answered.previewReweighed.p50Ms.toFixed(0)} ms, counted anew ${answered.previewRecounted.p50Ms.toFixed(0)} ms)`);

  report.phase('5/5 a criteria revision, until every standing reflects it');
  const revised = await revision(api.url, hr, programId);
  const revisionMemory = api.takePeak();
  report.phase(`    reflected ${revised.reflectedMs.toFixed(0)} ms after reviseCriteria returned`);

  // A helper of the year (credited, in a program's audience): the page a contributor opens first.
  const contributor = org.deals.flatMap((deal) => deal.credits)[0]?.contributorId ?? org.employees[0].id;
  report.phase(`web: a first visit to My recognition as ${contributor} at 1.6 Mbit/s and 150 ms latency (Chromium's emulation)`);
  const web = await firstVisit(api.url, await mintDevToken(SECRET, contributor, []));
  report.phase(`    ${web.recognitionMs} ms, ${Math.round(web.transferredKb)} kB in ${web.requests} requests`);

  // Last: what it takes stays with the process (PGlite's memory, the heap it grew), and would count in every later phase.
  const asOf = `${org.year}-06-30T23:59:59.999Z`;
  report.phase(`then qualifiers, a standings page, a standing and near misses as of ${asOf}, 3 calls each`);
  const past = await pastMoment(api.url, executive, programId, contributor, asOf, 3);
  const pastMemory = api.takePeak();
  report.phase(`    slowest ${Math.max(past.qualifiers.maxMs, past.standingsPage.maxMs, past.standingWithEvidence.maxMs, past.nearMisses.maxMs).toFixed(0)} ms`);

  const apiMemory = { startMb: started, commandsMb: commandMemory, queriesMb: queryMemory, revisionMb: revisionMemory, pastMomentMb: pastMemory };
  return { commands, queries: answered, pastMoment: past, revision: revised, web, apiMemory };
}

/**
 * Phase 2 again with the projector in its own process (PROJECTOR=off in the API): the next `commandCalls` credits,
 * past those the first command path gave.
 */
async function standaloneCommandPath(environment: Record<string, string>, org: GeneratedOrg, settings: ScaleSettings, first: CommandFigures, report: Report): Promise<CommandFigures> {
  report.phase(`2/5 again: ${settings.commandCalls} creditContribution calls, 8 clients, the projector in its own process`);
  const projector = ProjectorProcess.start(environment);
  try {
    const api = await ApiProcess.start({ ...environment, PROJECTOR: 'off' }, 4000 + Math.floor(Math.random() * 2000), projector);
    try {
      const commands = await commandPath(api.url, SECRET, org, { calls: settings.commandCalls, clients: 8, givenBefore: first.calls + first.rejected }, report);
      report.phase(`    ${Math.round(commands.creditsPerSecond)} credits/s, p95 ${commands.p95Ms.toFixed(1)} ms`);
      return commands;
    } finally {
      await api.stop();
    }
  } finally {
    await projector.stop();
  }
}

const CREDITS_MADE = 'bench-credits-made.json';

/** How many of the acceptable credits the command path of earlier runs gave on this store. */
function creditsMadeIn(dataDir: string): number {
  const file = join(dataDir, CREDITS_MADE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { made: number }).made : 0;
}

/** The schemas this run made: the ledger's and the rebuild's. */
async function dropBenchSchemas(url: string, schema: string): Promise<void> {
  const sql = await PostgresClient.open(url);
  try {
    for (const name of [schema, `${schema}_rebuild`]) await sql.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
  } finally {
    await sql.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`Benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
