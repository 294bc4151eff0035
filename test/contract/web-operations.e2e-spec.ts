import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';
import { mergeOperations } from '../../apps/web/src/api/coalesce';
import { pgliteStore } from '@club-ledger/test-support';

const WEB_SOURCES = join(__dirname, '../../apps/web/src');
/**
 * The web app writes each operation and fragment as `const NAME = /* GraphQL *\/ \`…\``, so it can be found and
 * checked here; an operation appends the fragments it spreads as `${FRAGMENT_NAME}`.
 */
const MARKED = /(?:const (\w+) = )?\/\* GraphQL \*\/\s*`([^`]*)`/g;
const ANY_OPERATION = /`\s*(query|mutation|subscription)\b[^`]*`/g;
const INTERPOLATION = /\$\{(\w+)\}/g;

interface Operation {
  file: string;
  text: string;
}

function sourcesOf(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourcesOf(path);
    // The app's own sources: a test's strings are not operations it sends.
    return /\.tsx?$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

function webOperations(): { operations: Operation[]; unmarked: string[] } {
  const documents: Operation[] = [];
  const named = new Map<string, string>();
  const unmarked: string[] = [];
  for (const path of sourcesOf(WEB_SOURCES)) {
    const source = readFileSync(path, 'utf8');
    const file = relative(WEB_SOURCES, path);
    const marked = [...source.matchAll(MARKED)];
    for (const [, name, text] of marked) {
      documents.push({ file, text });
      if (name) named.set(name, text);
    }
    if ([...source.matchAll(ANY_OPERATION)].length > marked.length) unmarked.push(file);
  }
  const resolve = (text: string): string => text.replace(INTERPOLATION, (_, name: string) => resolve(named.get(name) ?? `\${${name}}`));
  // A fragment is checked inside every operation that spreads it (alone, it would be an unused fragment).
  const operations = documents.map(({ file, text }) => ({ file, text: resolve(text) })).filter(({ text }) => !/^\s*fragment\b/.test(text));
  return { operations, unmarked };
}

const problemsOf = (schema: GraphQLSchema, { file, text }: Operation): string[] => {
  try {
    return validate(schema, parse(text)).map((error) => `${file}: ${error.message}`);
  } catch (error) {
    return [`${file}: ${String(error)}`];
  }
};

/** Every query, mutation and subscription the web app sends is valid against the schema the API serves. */
describe('the web app’s GraphQL operations', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createApp(loadConfig(pgliteStore('web-ops')), { logger: false });
    await app.init();
  }, 60_000);
  afterAll(async () => app?.close());

  it('are all marked, so none escapes this check', () => {
    const { operations, unmarked } = webOperations();
    expect(unmarked).toEqual([]);
    expect(operations.length).toBeGreaterThan(20);
  });

  it('validate against the served schema', () => {
    const schema = app.get(GraphQLSchemaHost).schema;
    expect(webOperations().operations.flatMap((operation) => problemsOf(schema, operation))).toEqual([]);
  });

  it('notices an operation that asks for what the schema lacks', () => {
    const schema = app.get(GraphQLSchemaHost).schema;
    const drifted = { file: 'drifted.tsx', text: 'query { me { name salary } }' };
    expect(problemsOf(schema, drifted)).toEqual(['drifted.tsx: Cannot query field "salary" on type "Employee".']);
  });

  it('stay valid when the queries a page starts together are merged into one request', () => {
    const schema = app.get(GraphQLSchemaHost).schema;
    const queries = webOperations().operations.filter(({ text }) => /^\s*query\b/.test(text));
    // Every query merged with every other (fragments shared between them included), and all of them at once.
    const merged = [...queries.map((query, n) => [query, queries[(n + 1) % queries.length]]), queries].map((group) => {
      const operation = mergeOperations(group.map(({ text }) => ({ query: text, variables: {} })));
      return { file: group.map(({ file }) => file).join(' + '), text: operation?.query ?? 'not merged' };
    });
    expect(merged.filter(({ text }) => text === 'not merged').map(({ file }) => file)).toEqual([]);
    expect(merged.flatMap((operation) => problemsOf(schema, operation))).toEqual([]);
  });
});
