import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import fc from 'fast-check';
import {
  getNamedType, getNullableType, isEnumType, isInputObjectType, isLeafType, isListType, isNonNullType, isObjectType,
  type GraphQLArgument, type GraphQLField, type GraphQLInputType, type GraphQLSchema,
} from 'graphql';
import request from 'supertest';
import { EVENT_STORE, type EventStore } from '@club-ledger/event-store';
import { TEST_JWT_SECRET, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';

jest.setTimeout(600_000);

/** The codes SPEC.md lists, besides the limits: every refusal must be one of them. */
const CONTRACT_CODES = new Set([
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'ALREADY_EXISTS', 'CONFLICT', 'INVALID_STATE', 'SELF_CREDIT',
  'DUPLICATE_CREDIT', 'DEAL_NOT_WON', 'CONTRIBUTOR_INACTIVE', 'QUERY_TOO_DEEP', 'QUERY_TOO_COMPLEX', 'RATE_LIMITED', 'UNAVAILABLE',
  // A body over REQUEST_BODY_LIMIT_KB is refused with 413 before GraphQL reads it.
  'PAYLOAD_TOO_LARGE',
]);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const KNOWN_IDS = ['rep-1', 'pm-1', 'hr-1', 'deal-won', 'deal-open', 'program-1', 'nobody'];

/** Text as hostile callers write it: control characters, lone surrogates, NULs, the empty and the oversized. */
const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\uD800', 'x\uDC00', '\uDBFF\uDFFF', '=cmd|"/c calc"!A1', 'x'.repeat(2_001), 'y'.repeat(10_001)),
  fc.constantFrom(...KNOWN_IDS),
);
const dates = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10)),
  fc.constantFrom('2026-02-30', '2026-13-01', '0000-00-00', '2026-2-1', '2026-02-28T00:00:00Z', '99999-01-01'),
);
const instants = fc.oneof(
  fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc.constantFrom('2026-02-30T00:00:00Z', '2026-02-28T24:00:00Z', '2026-02-28T10:00:00', '2026-02-28T10:00:00+15:00', '2026-02-28', 'now'),
);
const money = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 15n }).map((cents) => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`),
  fc.constantFrom('-1', '1e6', '1.234', '01.00', '1,000', '9999999999999999.99', 'NaN', ''),
);
const numbers = fc.oneof(fc.integer(), fc.integer({ min: -3, max: 300 }), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(2 ** 31, -(2 ** 31) - 1));

/** Text a caller could mean, by the field's name: an id that exists (or could), an email, a few words. */
function plausibleText(field: string): fc.Arbitrary<string> {
  if (/(^id|Id|Ids)$/.test(field)) return fc.oneof(fc.constantFrom(...KNOWN_IDS), fc.stringMatching(/^[a-z]{1,6}-[0-9]{1,3}$/));
  if (field === 'email') return fc.stringMatching(/^[a-z]{1,6}@example\.com$/);
  return fc.stringMatching(/^[A-Za-z][A-Za-z ]{0,20}$/);
}

function scalarValue(name: string, field: string): fc.Arbitrary<unknown> {
  const sometimesHostile = (plausible: fc.Arbitrary<unknown>) => fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 1, arbitrary: hostileText });
  switch (name) {
    case 'Date': return sometimesHostile(dates);
    case 'DateTime': return sometimesHostile(instants);
    case 'Money': return sometimesHostile(money);
    case 'Int': case 'Float': return fc.oneof(numbers, fc.constant('1'));
    case 'Boolean': return fc.oneof(fc.boolean(), fc.constant('true'));
    case 'JSON': return fc.jsonValue({ maxDepth: 3 });
    default: return sometimesHostile(plausibleText(field));
  }
}

/** A value for an input type, mostly of its shape and now and then not: nulls, wrong kinds, long lists. */
function valueOf(type: GraphQLInputType, field: string, depth = 0): fc.Arbitrary<unknown> {
  const inner = getNullableType(type) as GraphQLInputType;
  const wrong = fc.oneof(fc.constant(null), fc.constant(''), fc.constant(42), fc.constant({}));
  let shaped: fc.Arbitrary<unknown>;
  if (isListType(inner)) {
    shaped = fc.oneof(
      fc.array(valueOf(inner.ofType, field, depth + 1), { maxLength: 4 }),
      fc.constant(Array.from({ length: 1_001 }, () => 'x')),
    );
  } else if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    shaped = depth > 3 ? fc.constant({}) : fc.record(Object.fromEntries(fields.map((each) => [each.name, valueOf(each.type, each.name, depth + 1)])), { requiredKeys: fields.filter((each) => isNonNullType(each.type)).map((each) => each.name) });
  } else if (isEnumType(inner)) {
    shaped = fc.oneof(fc.constantFrom(...inner.getValues().map((value) => value.name)), hostileText);
  } else {
    shaped = scalarValue(getNamedType(inner).name, field);
  }
  return fc.oneof({ weight: 12, arbitrary: shaped }, { weight: 1, arbitrary: wrong });
}

/** Every field of the root with arguments, and each argument-taking field of what it returns, one level down. */
function operationsOf(schema: GraphQLSchema): { kind: 'query' | 'mutation'; field: GraphQLField<unknown, unknown>; nested?: GraphQLField<unknown, unknown> }[] {
  const found: ReturnType<typeof operationsOf> = [];
  for (const [kind, root] of [['query', schema.getQueryType()], ['mutation', schema.getMutationType()]] as const) {
    for (const field of Object.values(root?.getFields() ?? {})) {
      found.push({ kind, field });
      const returned = getNamedType(field.type);
      if (kind === 'query' && isObjectType(returned)) {
        for (const nested of Object.values(returned.getFields())) if (nested.args.length > 0) found.push({ kind, field, nested });
      }
    }
  }
  return found;
}

const selectionOf = (field: GraphQLField<unknown, unknown>) => (isLeafType(getNamedType(field.type)) ? '' : ' { __typename }');
const argsOf = (args: readonly GraphQLArgument[], prefix: string) => args.map((arg) => `${arg.name}: $${prefix}${arg.name}`).join(', ');
const declared = (args: readonly GraphQLArgument[], prefix: string) => args.map((arg) => `$${prefix}${arg.name}: ${String(arg.type)}`);

/** The failing case's cause, not its whole value: a list of a thousand items would drown the report. */
function reportBriefly<T>(details: fc.RunDetails<T>): void {
  if (details.failed) throw new Error(`Failed after ${details.numRuns} cases (seed ${details.seed}, path ${details.counterexamplePath}): ${String(details.errorInstance).slice(0, 2_000)}`);
}

describe('hostile input, generated for every argument of every operation', () => {
  let app: INestApplication;
  let store: EventStore;
  let schema: GraphQLSchema;
  let admin: string;

  const post = async (token: string, query: string, variables: Record<string, unknown> = {}) =>
    (await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${token}`).send({ query, variables })).body as {
      data?: Record<string, unknown> | null;
      errors?: { message: string; extensions?: { code?: string; field?: string } }[];
    };

  beforeAll(async () => {
    process.stdout.write('hostile input e2e: running against PGlite\n');
    app = await createApp(loadConfig({ ...pgliteStore('fuzz'), AUTH_JWT_SECRET: TEST_JWT_SECRET, RATE_LIMIT_MUTATIONS_PER_MINUTE: '1000000' }), { logger: false });
    await app.init();
    store = app.get<EventStore>(EVENT_STORE);
    schema = app.get(GraphQLSchemaHost).schema;
    admin = await tokenFor('admin', ['ADMIN']);
    const seed = [
      ['mutation { registerEmployee(input: { id: "rep-1", name: "Rep", email: "rep-1@example.com", department: "Sales" }) { id } }'],
      ['mutation { registerEmployee(input: { id: "pm-1", name: "PM", email: "pm-1@example.com", department: "Product" }) { id } }'],
      ['mutation { openDeal(input: { id: "deal-won", name: "Won", account: "Acme", ownerId: "rep-1", type: RENEWAL, amount: "10.00", products: [], openedOn: "2026-01-01" }) { id } }'],
      ['mutation { closeDeal(input: { dealId: "deal-won", outcome: WON, closedOn: "2026-02-01" }) { id } }'],
      ['mutation { openDeal(input: { id: "deal-open", name: "Open", account: "Acme", ownerId: "rep-1", type: RENEWAL, amount: "10.00", products: [], openedOn: "2026-01-01" }) { id } }'],
      ['mutation { creditContribution(input: { dealId: "deal-won", contributorId: "pm-1", kind: POC_SUPPORT, note: "Ran the POC" }) { id } }'],
      ['mutation { draftAwardProgram(input: { id: "program-1", name: "Club", periodStart: "2026-01-01", periodEnd: "2026-12-31", criteria: { thresholds: [{ metric: CREDITS, atLeast: 1 }] } }) { id } }'],
    ];
    for (const [query] of seed) expect((await post(admin, query)).errors).toBeUndefined();
  });
  afterAll(async () => app?.close());

  it('answers with a code of the contract, never an internal error, and appends nothing when it refuses', async () => {
    const operations = operationsOf(schema);
    const tokens = await Promise.all([admin, tokenFor('rep-1'), tokenFor('hr-1', ['HR']), tokenFor('crm', ['INTEGRATION'])]);
    // Each operation's arbitrary is built once: building one (fc.stringMatching above all) costs far more than drawing
    // a value from it.
    const caseOf = operations.map(({ kind, field, nested }, index) => {
      const args = [...field.args.map((arg) => ['a_', arg] as const), ...(nested?.args ?? []).map((arg) => ['n_', arg] as const)];
      return fc.record({
        index: fc.constant(index),
        caller: fc.constantFrom(...tokens),
        variables: fc.record(Object.fromEntries(args.map(([prefix, arg]) => [`${prefix}${arg.name}`, valueOf(arg.type, arg.name)])), { requiredKeys: [] }),
      }).map((generated) => ({ kind, field, nested, ...generated }));
    });
    const cases = fc.integer({ min: 0, max: operations.length - 1 }).chain((index) => caseOf[index]);
    await fc.assert(
      fc.asyncProperty(cases, async ({ kind, field, nested, caller, variables }) => {
        const declarations = [...declared(field.args, 'a_'), ...declared(nested?.args ?? [], 'n_')];
        const inner = nested ? ` { ${nested.name}${nested.args.length ? `(${argsOf(nested.args, 'n_')})` : ''}${selectionOf(nested)} }` : selectionOf(field);
        const query = `${kind}${declarations.length ? `(${declarations.join(', ')})` : ''} { ${field.name}${field.args.length ? `(${argsOf(field.args, 'a_')})` : ''}${inner} }`;
        const before = kind === 'mutation' ? await store.headPosition() : undefined;
        const started = Date.now();
        const body = await post(caller, query, variables);
        if (process.env.FUZZ_TRACE) process.stdout.write(`${Date.now() - started} ms ${field.name}${nested ? `.${nested.name}` : ''} ${body.errors?.[0]?.extensions?.code ?? 'ok'}\n`);
        for (const error of body.errors ?? []) {
          if (!CONTRACT_CODES.has(error.extensions?.code ?? '')) throw new Error(`${query} ${JSON.stringify(variables).slice(0, 500)} answered ${JSON.stringify(error)}`);
          if (error.extensions?.code === 'BAD_USER_INPUT') expect(error.extensions.field).toEqual(expect.any(String));
        }
        const refused = kind === 'mutation' && body.errors !== undefined && !body.data?.[field.name];
        if (refused) expect(await store.headPosition()).toBe(before);
      }),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined, reporter: reportBriefly },
    );
  });
});
