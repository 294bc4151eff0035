import { Inject, Module, type INestApplication } from '@nestjs/common';
import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { NestFactory } from '@nestjs/core';
import {
  Kind, buildClientSchema, getIntrospectionQuery, getNamedType, isLeafType, isNonNullType, isObjectType, parse, print,
  type GraphQLField, type GraphQLNamedType, type GraphQLSchema, type IntrospectionQuery, type OperationDefinitionNode, type SelectionNode,
} from 'graphql';
import request from 'supertest';
import { SQL_CLIENT } from '@club-ledger/eligibility';
import { loadConfig, type SqlClient } from '@club-ledger/kernel';
import { TEST_JWT_SECRET, tokenFor, pgliteStore } from '@club-ledger/test-support';
import { AppModule } from '../../apps/api/src/app.module';
import { Employee } from '../../apps/api/src/deals/deal.types';

jest.setTimeout(900_000);

/** Text only the entitled may ever see, wherever it would surface. */
const NOTE = 'NOTE-4f1c ran the proof of concept';
const ACCOUNT = 'ACCOUNT-9b2e Initech';
const DEAL_NAME = 'DEAL-77aa Initech renewal';
const SENTINELS = [NOTE, ACCOUNT, DEAL_NAME];

/** Who calls, as SPEC.md names them: the deal's owner, its credited contributor (the program's winner), someone uninvolved, each role. */
const CALLERS = { owner: ['rep-1', []], contributor: ['pm-1', []], uninvolved: ['rep-2', []], hr: ['hr-1', ['HR']], executive: ['ceo', ['EXECUTIVE']], admin: ['admin', ['ADMIN']], integration: ['crm', ['INTEGRATION']] } as const;
type Caller = keyof typeof CALLERS;
const READS_EVERYTHING: Caller[] = ['hr', 'executive', 'admin'];

/** SPEC.md's answer, written out for this ledger: may `caller` read `field` of this object of `type`? */
function entitled(caller: Caller, type: string, field: string, object: Record<string, unknown>, standingOf?: string, leaf = true): boolean {
  const everything = READS_EVERYTHING.includes(caller);
  const service = caller === 'integration';
  const idsAndStatuses = ['id', 'status', 'active', 'totalCount', 'hasNextPage', 'endCursor', '__typename'].includes(field);
  switch (type) {
    case 'Deal':
      return everything || caller === 'owner' || caller === 'contributor' || (service && idsAndStatuses);
    case 'Credit':
      return everything || caller === 'owner' || caller === 'contributor' || (service && idsAndStatuses);
    case 'Standing':
      return everything || standingOf === CALLERS[caller][0] || (!service && ['employee', 'rank', 'program', '__typename'].includes(field) && object.__winner === true);
    case 'AuditEntry':
      if (!['data', 'summary'].includes(field)) return !service || idsAndStatuses;
      return everything || (String(object.stream).startsWith('deal-') && (caller === 'owner' || caller === 'contributor'));
    default:
      return !service || idsAndStatuses || !leaf || ['Health', 'ProjectionHealth'].includes(type);
  }
}

/** Arguments for the fields that need them, by name: a field the walk cannot call makes it fail, so none goes unwalked. */
function argumentsOf(field: GraphQLField<unknown, unknown>): string {
  const values: Record<string, string> = {
    id: ({ Employee: '"pm-1"', Deal: '"d-1"', AwardProgram: '"p-1"' } as Record<string, string>)[getNamedType(field.type).name] ?? '"x"',
    employeeId: '"pm-1"', programId: '"p-1"', dealId: '"d-1"', creditId: '"x"', claimId: '"x"', disputeId: '"x"',
    criteria: '{ thresholds: [{ metric: CREDITS, atLeast: 1 }] }', from: '{}', to: '{}',
    input: '{ name: "Walk", periodStart: "2026-01-01", periodEnd: "2026-12-31", criteria: { thresholds: [{ metric: CREDITS, atLeast: 1 }] } }',
  };
  const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  const missing = required.filter((arg) => values[arg.name] === undefined);
  if (missing.length > 0) throw new Error(`The walk has no value for ${field.name}(${missing.map((arg) => arg.name).join(', ')}): add one`);
  // Small pages: the walk is about which fields answer, and the cost limit counts pages `first` times over.
  const given = [...required.map((arg) => `${arg.name}: ${values[arg.name]}`), ...field.args.filter((arg) => arg.name === 'first').map(() => 'first: 3')];
  return given.length > 0 ? `(${given.join(', ')})` : '';
}

/** The leaves of a type, and for a standing whose it is: what one query per path asks at its end. */
function leavesOf(type: GraphQLNamedType): string {
  if (!isObjectType(type)) return '';
  const leaves = Object.values(type.getFields()).filter((field) => isLeafType(getNamedType(field.type)));
  return `__typename ${leaves.map((field) => `${field.name}${argumentsOf(field)}`).join(' ')}${type.name === 'Standing' ? ' employee { id }' : ''}`;
}

/**
 * Every path from a root field through object fields, to `depth`, each object type once on a path (a type reached
 * again is walked from where it was first reached): one query each, asked so that a refused field never hides another
 * path (see answersOf).
 */
function pathsFrom(root: GraphQLField<unknown, unknown>, depth: number): string[] {
  const queries: string[] = [];
  const visit = (steps: string[], type: GraphQLNamedType, seen: string[]) => {
    // A standing says whose it is on every path through it: the answer it owes depends on that.
    const open = steps.map((step, n) => `${step} { ${seen[n] === 'Standing' && n < steps.length - 1 ? 'employee { id } ' : ''}`).join('');
    queries.push(`{ ${open}${leavesOf(type)}${' }'.repeat(steps.length)} }`);
    if (!isObjectType(type) || steps.length >= depth) return;
    for (const field of Object.values(type.getFields())) {
      const named = getNamedType(field.type);
      if (isLeafType(named) || seen.includes(named.name)) continue;
      visit([...steps, `${field.name}${argumentsOf(field)}`], named, [...seen, named.name]);
    }
  };
  const named = getNamedType(root.type);
  if (isLeafType(named)) return [`{ ${root.name}${argumentsOf(root)} }`];
  visit([`${root.name}${argumentsOf(root)}`], named, [named.name]);
  return queries;
}

/** Selections by their field and arguments: the paths of one root field grown into one tree. */
type Tree = Map<string, Tree>;

/** One query asking every path at once, each field once however many paths pass through it. */
function treeOf(queries: string[]): string {
  const root: Tree = new Map();
  const grow = (tree: Tree, selections: readonly SelectionNode[]) => {
    for (const selection of selections) {
      if (selection.kind !== Kind.FIELD) continue;
      const head = print({ ...selection, selectionSet: undefined });
      const branch = tree.get(head) ?? new Map();
      tree.set(head, branch);
      grow(branch, selection.selectionSet?.selections ?? []);
    }
  };
  for (const query of queries) grow(root, (parse(query).definitions[0] as OperationDefinitionNode).selectionSet.selections);
  const text = (tree: Tree): string => [...tree].map(([head, branch]) => (branch.size > 0 ? `${head} { ${text(branch)} }` : head)).join(' ');
  return `{ ${text(root)} }`;
}

/** How many paths one request asks when each goes under its own alias: well under the body limit. */
const PATHS_PER_REQUEST = 40;

type Answer = { data?: Record<string, unknown> | null; errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string } }[] };

/**
 * Whether an error emptied an object above the field that failed: what else that object held went unseen. A root
 * field refused empties only itself (a request of one root field asks nothing beside it).
 */
function hidesOtherPaths(answer: Answer): boolean {
  return (answer.errors ?? []).some(({ path = [] }) => {
    let value: unknown = answer.data;
    for (const step of path.slice(0, -1)) {
      if (value === null || value === undefined) return true;
      value = (value as Record<string | number, unknown>)[step];
    }
    return path.length > 1 && (value === null || value === undefined);
  });
}

interface Violation { caller: Caller; path: string; type: string; field: string }

/** Walks an answer beside its schema: every field present and not null that the caller is not entitled to is a violation. */
function violations(caller: Caller, schema: GraphQLSchema, value: unknown, type: GraphQLNamedType, path: string, standingOf?: string): Violation[] {
  if (Array.isArray(value)) return value.flatMap((item, n) => violations(caller, schema, item, type, `${path}[${n}]`, standingOf));
  if (value === null || typeof value !== 'object' || !isObjectType(type)) return [];
  const object = value as Record<string, unknown>;
  const typeName = String(object.__typename ?? type.name);
  const concrete = schema.getType(typeName) ?? type;
  const owner = typeName === 'Standing' ? (object.employee as { id?: string } | null)?.id ?? standingOf : standingOf;
  const found: Violation[] = [];
  for (const [field, child] of Object.entries(object)) {
    if (child === null || field === '__typename' || !isObjectType(concrete)) continue;
    const definition = concrete.getFields()[field];
    const marked = { ...object, __winner: path.includes('winners') };
    const leaf = definition === undefined || isLeafType(getNamedType(definition.type));
    if (!entitled(caller, typeName, field, marked, owner, leaf)) found.push({ caller, path: `${path}.${field}`, type: typeName, field });
    else if (definition) found.push(...violations(caller, schema, child, getNamedType(definition.type), `${path}.${field}`, owner));
    if (typeof child === 'string' && SENTINELS.includes(child) && !entitled(caller, typeName, field, marked, owner)) continue;
  }
  return found;
}

/** Where protected text surfaced, whatever the field: a sentinel seen by a caller who may not read its source. */
function sentinelsSeen(caller: Caller, value: unknown, path = ''): string[] {
  if (caller === 'owner' || caller === 'contributor' || READS_EVERYTHING.includes(caller)) return [];
  if (typeof value === 'string') return SENTINELS.includes(value) ? [path] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => sentinelsSeen(caller, child, `${path}.${key}`));
}

@Resolver(() => Employee)
class LeakyResolver {
  constructor(@Inject(SQL_CLIENT) private readonly sql: SqlClient) {}

  /** A field someone might add: the latest note an employee received, read straight from the read model. */
  @ResolveField(() => String, { nullable: true })
  async latestNote(@Parent() employee: Employee): Promise<string | null> {
    const [row] = await this.sql.query<{ note: string }>(`SELECT note FROM credits WHERE contributor_id = $1 LIMIT 1`, [employee.id]);
    return row?.note ?? null;
  }
}

@Module({ providers: [LeakyResolver] })
class LeakyModule {}

async function start(extra: (typeof LeakyModule)[] = []): Promise<INestApplication> {
  const config = loadConfig({ ...pgliteStore('walk'), AUTH_JWT_SECRET: TEST_JWT_SECRET, GRAPHQL_MAX_COST: '1000000000000', GRAPHQL_MAX_WORK: '1000000000000', REQUEST_BODY_LIMIT_KB: '10240', RATE_LIMIT_MUTATIONS_PER_MINUTE: '100000' });
  class WithExtras {}
  const app = await NestFactory.create({ module: WithExtras, imports: [AppModule.forConfig(config, { logs: false }), ...extra] }, { logger: false });
  await app.init();
  return app;
}

describe('the walk asking many paths at once', () => {
  it('grows paths into one tree that asks each field once', () => {
    const paths = ['{ deal(id: "d-1") { __typename id } }', '{ deal(id: "d-1") { owner { __typename id } } }', '{ deal(id: "d-1") { owner { credits(first: 3) { id } } } }'];
    expect(treeOf(paths)).toBe('{ deal(id: "d-1") { __typename id owner { __typename id credits(first: 3) { id } } } }');
  });

  it.each([
    ['a nullable field refused, its object kept', { data: { deal: { id: 'd-1', note: null } }, errors: [{ message: 'no', path: ['deal', 'note'] }] }, false],
    ['a root field refused, nothing beside it asked', { data: null, errors: [{ message: 'no', path: ['deal'] }] }, false],
    ['a non-null field refused, its object emptied', { data: { deal: null }, errors: [{ message: 'no', path: ['deal', 'name'] }] }, true],
    ['a refusal that emptied the whole answer', { data: null, errors: [{ message: 'no', path: ['deal', 'owner', 'name'] }] }, true],
    ['a refusal that emptied an item of a list', { data: { deals: [null] }, errors: [{ message: 'no', path: ['deals', 0, 'name'] }] }, true],
  ])('tells whether a refusal hid other paths: %s', (_, answer: Answer, hidden) => {
    expect(hidesOtherPaths(answer)).toBe(hidden);
  });
});

describe('every path to protected data, walked as every kind of caller', () => {
  const gql = async (app: INestApplication, caller: Caller, query: string) => {
    const [sub, roles] = CALLERS[caller];
    const response = await request(app.getHttpServer()).post('/graphql').set('Authorization', `Bearer ${await tokenFor(sub, [...roles])}`).send({ query });
    return response.body as Answer;
  };

  async function seed(app: INestApplication): Promise<void> {
    const steps = [
      ...['rep-1', 'pm-1', 'rep-2'].map((id) => `mutation { registerEmployee(input: { id: "${id}", name: "${id}", email: "${id}@example.com", department: "Sales" }) { id } }`),
      `mutation { openDeal(input: { id: "d-1", name: "${DEAL_NAME}", account: "${ACCOUNT}", ownerId: "rep-1", type: RENEWAL, amount: "1000.00", products: [], openedOn: "2026-01-01" }) { id } }`,
      'mutation { closeDeal(input: { dealId: "d-1", outcome: WON, closedOn: "2026-02-01" }) { id } }',
      `mutation { creditContribution(input: { dealId: "d-1", contributorId: "pm-1", kind: POC_SUPPORT, note: "${NOTE}" }) { id } }`,
      'mutation { draftAwardProgram(input: { id: "p-1", name: "Club", periodStart: "2026-01-01", periodEnd: "2026-12-31", criteria: { thresholds: [{ metric: CREDITS, atLeast: 1 }] } }) { id } }',
      'mutation { openAwardProgram(programId: "p-1") { id } }',
      'mutation { finalizeAwardProgram(programId: "p-1") { id } }',
    ];
    // The owner credits, as SPEC.md has it.
    for (const step of steps) expect((await gql(app, step.includes('creditContribution') ? 'owner' : 'admin', step)).errors).toBeUndefined();
  }

  /**
   * Answers that together show every path as if asked alone. All paths go first as one tree, each field asked once
   * however many paths pass through it: a tree's answer serves unless a refusal hid more than its own field (a non-null
   * field refused empties the object above it, and the other paths through that object with it). Then the paths of each
   * length go as a tree under an alias of their own; those of a tree that hid go again, many to a request, each under
   * its own alias, whose answer and errors are its own; when a refusal empties the whole answer (a non-null root), each
   * path of that request goes alone.
   */
  async function answersOf(app: INestApplication, caller: Caller, root: string, queries: string[]): Promise<[string, Answer][]> {
    const whole = await gql(app, caller, treeOf(queries));
    if (!hidesOtherPaths(whole)) return [[`${root}, ${queries.length} paths as one`, whole]];
    // By length (in braces opened: any grouping answers alike, and paths of one length rarely hide each other).
    const byLength = new Map<number, string[]>();
    for (const query of queries) {
      const length = (query.match(/\{/g) ?? []).length;
      byLength.set(length, [...(byLength.get(length) ?? []), query]);
    }
    const groups = [...byLength.values()];
    const trees = await aliased(app, caller, root, groups.map(treeOf));
    const answers: [string, Answer][] = [];
    for (const [n, group] of groups.entries()) {
      if (!hidesOtherPaths(trees[n])) answers.push([`${root}, ${group.length} paths as one`, trees[n]]);
      else for (let start = 0; start < group.length; start += PATHS_PER_REQUEST) {
        const chunk = group.slice(start, start + PATHS_PER_REQUEST);
        (await aliased(app, caller, root, chunk)).forEach((answer, k) => answers.push([chunk[k], answer]));
      }
    }
    return answers;
  }

  /** Each query's answer, all asked in one request under aliases; each alone when a refusal empties the whole answer. */
  async function aliased(app: INestApplication, caller: Caller, root: string, queries: string[]): Promise<Answer[]> {
    const body = await gql(app, caller, `{ ${queries.map((query, n) => `p${n}: ${query.slice(2, -2)}`).join(' ')} }`);
    if (body.data == null) {
      const alone: Answer[] = [];
      for (const query of queries) alone.push(await gql(app, caller, query));
      return alone;
    }
    // An error outside every query would be lost below: none is expected.
    expect((body.errors ?? []).filter((error) => !/^p\d+$/.test(String(error.path?.[0])))).toEqual([]);
    return queries.map((_, n) => {
      const errors = (body.errors ?? []).filter((error) => error.path?.[0] === `p${n}`).map((error) => ({ ...error, path: [root, ...(error.path ?? []).slice(1)] }));
      return { data: { [root]: body.data?.[`p${n}`] ?? null }, ...(errors.length > 0 ? { errors } : {}) };
    });
  }

  async function walk(app: INestApplication, callers: Caller[]): Promise<{ violations: Violation[]; seen: string[] }> {
    const introspection = (await gql(app, 'admin', getIntrospectionQuery())).data as unknown as IntrospectionQuery;
    const schema = buildClientSchema(introspection);
    const depth = loadConfig({}).limits.queryDepth;
    const found: Violation[] = [];
    const seen: string[] = [];
    for (const caller of callers) {
      for (const field of Object.values(schema.getQueryType()?.getFields() ?? {})) {
        for (const [query, body] of await answersOf(app, caller, field.name, pathsFrom(field, depth))) {
          expect((body.errors ?? []).filter((error) => !['FORBIDDEN', 'NOT_FOUND'].includes(error.extensions?.code ?? ''))).toEqual([]);
          found.push(...violations(caller, schema, body.data?.[field.name], getNamedType(field.type), `${caller}:${query}`));
          seen.push(...sentinelsSeen(caller, body.data, `${caller}:${query}`));
        }
      }
    }
    return { violations: found, seen };
  }

  it('answers each caller what SPEC.md allows through every query field, nested to the depth limit', async () => {
    process.stdout.write('read paths e2e: running against PGlite\n');
    const app = await start();
    try {
      await seed(app);
      const result = await walk(app, Object.keys(CALLERS) as Caller[]);
      expect(result).toEqual({ violations: [], seen: [] });
      // A mutation's answer is read like the same thing asked directly: the CRM's reopen and close return ids and statuses.
      const schema = buildClientSchema((await gql(app, 'admin', getIntrospectionQuery())).data as unknown as IntrospectionQuery);
      const deal = schema.getType('Deal') as GraphQLNamedType;
      for (const mutation of ['reopenDeal(dealId: "d-1", reason: "clawback")', 'closeDeal(input: { dealId: "d-1", outcome: WON, closedOn: "2026-03-01" })']) {
        const body = await gql(app, 'integration', `mutation { answer: ${mutation} { ${leavesOf(deal)} credits { ${leavesOf(schema.getType('Credit') as GraphQLNamedType)} } } }`);
        expect(violations('integration', schema, body.data?.answer, deal, 'integration:answer')).toEqual([]);
        expect(sentinelsSeen('integration', body.data)).toEqual([]);
        expect(body.errors?.map((error) => error.extensions?.code)).toContain('FORBIDDEN');
      }
    } finally {
      await app.close();
    }
  });

  it('fails when a new field opens an unguarded path to protected data', async () => {
    const app = await start([LeakyModule]);
    try {
      await seed(app);
      const { seen } = await walk(app, ['uninvolved']);
      expect(seen).toEqual(expect.arrayContaining([expect.stringMatching(/latestNote$/)]));
    } finally {
      await app.close();
    }
  });
});
