import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { type AppConfig, loadConfig, type SqlClient } from '@club-ledger/kernel';
import { SQL_CLIENT } from '@club-ledger/eligibility';
import { pgliteStore } from '@club-ledger/test-support';
import { openLedger } from '../ledger';
import { importFile } from './import-file';

const folder = mkdtempSync(join(tmpdir(), 'club-ledger-import-'));
const file = (name: string, lines: string[]) => {
  const path = join(folder, `${randomUUID()}-${name}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};

const employees = file('employees.csv', [
  'department,email,name,id,title',
  'Sales,rita@example.com,Rita Rep,rep-1,Account Executive',
  'Product Management,priya@example.com,Priya PM,pm-1,',
  'Sales Engineering,,Sam SE,se-1,',
  'Sales Engineering,sam@example.com,Sam SE,se-2,Solutions Engineer',
]);
const deals = file('deals.csv', [
  'id,name,account,ownerId,type,amount,products,openedOn,outcome,closedOn',
  'd-1,Acme platform,Acme,rep-1,NEW_BUSINESS,250000,Platform;Security,2026-02-01,WON,2026-03-15',
  'd-2,Globex pilot,Globex,rep-1,EXPANSION,40000,,2026-02-01,LOST,2026-02-20',
  'd-3,Initech,Initech,rep-1,RENEWAL,90000,,2026-05-01,WON,2026-04-01',
  'd-4,Umbrella,Umbrella,nobody,RENEWAL,90000,,2026-05-01,,',
  'd-5,Hooli,Hooli,rep-1,RENEWAL,90000,,2026-13-01,,',
]);
const credits = file('credits.csv', [
  'dealId,contributorId,kind,note,creditedBy',
  'd-1,pm-1,ROADMAP_BRIEFING,Briefed the CTO,rep-1',
  'd-1,se-2,POC_SUPPORT,Ran the POC,rep-1',
  'd-1,rep-1,DEAL_ASSIST,Me,rep-1',
  'd-2,pm-1,ROADMAP_BRIEFING,Briefed them,rep-1',
  'd-1,ghost,DEAL_ASSIST,Who,rep-1',
  'd-1,pm-1,HIGH_FIVE,Cheered,rep-1',
]);

const targets: { name: string; config: () => AppConfig }[] = [{ name: 'PGlite', config: () => loadConfig(pgliteStore('import-data')) }];
if (process.env.DATABASE_URL) {
  targets.push({ name: 'PostgreSQL', config: () => loadConfig({ DATABASE_URL: process.env.DATABASE_URL as string, DATABASE_SCHEMA: `import_${randomUUID().replace(/-/g, '').slice(0, 12)}` }) });
} else {
  process.stdout.write('import: PostgreSQL skipped for want of DATABASE_URL\n');
}

describe.each(targets)('importing CSV exports on $name', ({ name, config: configOf }) => {
  jest.setTimeout(60_000);
  const config = configOf();
  const quiet = () => new PassThrough();
  beforeAll(() => process.stdout.write(`import: running against ${name}\n`));

  async function inLedger<T>(read: (sql: SqlClient, store: EventStore) => Promise<T>): Promise<T> {
    const ledger = await openLedger(config);
    try {
      return await read(ledger.get(SQL_CLIENT), ledger.get(EVENT_STORE));
    } finally {
      await ledger.close();
    }
  }

  it('imports the good rows, reports each bad one with its line and reason, and writes a file of them to fix', async () => {
    const errors = join(folder, `${randomUUID()}-rejected.csv`);
    const people = await importFile(config, 'employees', employees, { errors }, quiet());
    expect(people).toMatchObject({ rows: 4, added: 3, alreadyRecorded: 0 });
    expect(people.rejected.map(({ line, code }) => ({ line, code }))).toEqual([{ line: 4, code: 'BAD_USER_INPUT' }]);
    expect(parse(readFileSync(errors), { columns: true })).toEqual([
      { line: '4', code: 'BAD_USER_INPUT', reason: 'email is missing', department: 'Sales Engineering', email: '', name: 'Sam SE', id: 'se-1', title: '' },
    ]);

    const dealSummary = await importFile(config, 'deals', deals, {}, quiet());
    expect(dealSummary.rejected.map(({ line, code }) => ({ line, code }))).toEqual([
      { line: 4, code: 'BAD_USER_INPUT' },
      { line: 5, code: 'NOT_FOUND' },
      { line: 6, code: 'BAD_USER_INPUT' },
    ]);
    const creditSummary = await importFile(config, 'credits', credits, {}, quiet());
    expect(creditSummary.rejected.map(({ line, code }) => ({ line, code }))).toEqual([
      { line: 4, code: 'SELF_CREDIT' },
      { line: 5, code: 'DEAL_NOT_WON' },
      { line: 6, code: 'NOT_FOUND' },
      { line: 7, code: 'BAD_USER_INPUT' },
    ]);

    await inLedger(async (sql, store) => {
      expect(await sql.query(`SELECT id, status FROM deals ORDER BY id`)).toEqual([{ id: 'd-1', status: 'CLOSED_WON' }, { id: 'd-2', status: 'CLOSED_LOST' }]);
      expect(await sql.query(`SELECT contributor_id, kind FROM credits ORDER BY contributor_id`)).toEqual([
        { contributor_id: 'pm-1', kind: 'ROADMAP_BRIEFING' },
        { contributor_id: 'se-2', kind: 'POC_SUPPORT' },
      ]);
      const halfWritten: unknown[] = [];
      for await (const event of store.readStream('deal-d-3')) halfWritten.push(event);
      expect(halfWritten).toEqual([]);
    });
  });

  it('neutralises, in the file of rejected rows, every cell a spreadsheet would run as a formula', async () => {
    const errors = join(folder, `${randomUUID()}-rejected.csv`);
    const hostile = file(`${randomUUID()}-hostile.csv`, ['id,name,email,department,title', 'x-1,=HYPERLINK(1),,@Sales,-1+2']);
    await importFile(config, 'employees', hostile, { errors }, quiet());
    expect(parse(readFileSync(errors), { columns: true })).toEqual([
      expect.objectContaining({ name: `'=HYPERLINK(1)`, department: `'@Sales`, title: `'-1+2` }),
    ]);
  });

  it('rejects a row with a cell over the bound, bytes that are not UTF-8 or a NUL, and imports the rows around them', async () => {
    const errors = join(folder, `${randomUUID()}-rejected.csv`);
    const path = join(folder, `${randomUUID()}-hostile-bytes.csv`);
    writeFileSync(path, Buffer.concat([
      Buffer.from('id,name,email,department\n'),
      Buffer.from('b-1,Before,b-1@example.com,Sales\n'),
      Buffer.from(`b-2,"${'x'.repeat(200 * 1024)}",b-2@example.com,Sales\n`),
      Buffer.from('b-3,Caf'), Buffer.from([0xe9]), Buffer.from(',b-3@example.com,Sales\n'),
      Buffer.from('b-4,Nul\u0000Name,b-4@example.com,Sales\n'),
      Buffer.from('b-5,After,b-5@example.com,Sales\n'),
    ]));
    const summary = await importFile(config, 'employees', path, { errors }, quiet());
    expect(summary).toMatchObject({ rows: 5, added: 2 });
    expect(summary.rejected.map(({ line, code, reason }) => ({ line, code, reason }))).toEqual([
      { line: 3, code: 'BAD_USER_INPUT', reason: 'name is over 64 KB (IMPORT_MAX_CELL_KB)' },
      { line: 4, code: 'BAD_USER_INPUT', reason: 'line 4 is not valid UTF-8: save the file as UTF-8' },
      { line: 5, code: 'BAD_USER_INPUT', reason: 'name contains a NUL character' },
    ]);
    const written = readFileSync(errors);
    expect(written.length).toBeLessThan(2_000);
    expect(parse(written, { columns: true })[0]).toMatchObject({ line: '3', name: `${'x'.repeat(80)}…` });
    await inLedger(async (sql) => {
      expect(await sql.query(`SELECT id FROM employees WHERE id LIKE 'b-%' ORDER BY id`)).toEqual([{ id: 'b-1' }, { id: 'b-5' }]);
    });
  });

  it('rejects a row over the row bound, as configured', async () => {
    const bounded = { ...config, importBounds: loadConfig({ IMPORT_MAX_CELL_KB: '1', IMPORT_MAX_ROW_KB: '2', DATA_DIR: folder }).importBounds };
    const cell = 'y'.repeat(900);
    const path = file('wide.csv', ['id,name,email,department,title', `w-1,${cell},w-1@example.com,${cell},${cell}`, 'w-2,Narrow,w-2@example.com,Sales,']);
    const summary = await importFile(bounded, 'employees', path, {}, quiet());
    expect(summary.rejected.map(({ line, reason }) => ({ line, reason }))).toEqual([{ line: 2, reason: 'the row is over 2 KB (IMPORT_MAX_ROW_KB) by title' }]);
    expect(summary.added).toBe(1);
  });

  it('appends nothing when the same files are imported again', async () => {
    const head = () => inLedger((_, store) => store.headPosition());
    const before = await head();
    expect(before).toBeGreaterThan(0n);
    const said: string[] = [];
    for (const [kind, path] of [['employees', employees], ['deals', deals], ['credits', credits]]) {
      const out = new PassThrough();
      out.on('data', (chunk: Buffer) => said.push(...chunk.toString().split('\n').filter((line) => line.includes('rows read'))));
      const again = await importFile(config, kind, path, {}, out);
      expect(again.added).toBe(0);
    }
    expect(said).toEqual([
      '4 rows read: 0 new, 3 already recorded, 1 rejected',
      '5 rows read: 0 new, 2 already recorded, 3 rejected',
      '6 rows read: 0 new, 2 already recorded, 4 rejected',
    ]);
    expect(await head()).toBe(before);
  });

  it('refuses a file whose header lacks a required column before writing anything', async () => {
    const before = await inLedger((_, store) => store.headPosition());
    await expect(importFile(config, 'quotas', file('quotas.csv', ['employeeId,periodStart,amount', 'rep-1,2026-01-01,100000']), {}, quiet())).rejects.toThrow(/has no column periodEnd/);
    expect(await inLedger((_, store) => store.headPosition())).toBe(before);
  });
});
