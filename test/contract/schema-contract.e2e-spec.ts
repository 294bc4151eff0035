import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { buildSchema } from 'graphql';
import { createApp } from '../../apps/api/src/app';
import { loadConfig } from '@club-ledger/kernel';
import { contractGaps } from './schema-contract';
import { pgliteStore } from '@club-ledger/test-support';

describe('the served schema', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createApp(loadConfig(pgliteStore('schema')), { logger: false });
    await app.init();
  }, 60_000);
  afterAll(async () => app?.close());

  it('contains every type, field, argument and enum value of the crediting contract', () => {
    const served = app.get(GraphQLSchemaHost).schema;
    expect(contractGaps(join(__dirname, 'crediting.contract.graphql'), served)).toEqual([]);
  });

  it('contains every type, field, argument and enum value of the award programs contract', () => {
    const served = app.get(GraphQLSchemaHost).schema;
    expect(contractGaps(join(__dirname, 'awards.contract.graphql'), served)).toEqual([]);
  });

  it('contains every type, field, argument and enum value of the explanations contract', () => {
    const served = app.get(GraphQLSchemaHost).schema;
    expect(contractGaps(join(__dirname, 'explanations.contract.graphql'), served)).toEqual([]);
  });

  it('contains every type, field, argument and enum value of the claims and disputes contract', () => {
    const served = app.get(GraphQLSchemaHost).schema;
    expect(contractGaps(join(__dirname, 'claims.contract.graphql'), served)).toEqual([]);
  });

  it('contains every type, field, argument and enum value of the notifications contract', () => {
    const served = app.get(GraphQLSchemaHost).schema;
    expect(contractGaps(join(__dirname, 'notifications.contract.graphql'), served)).toEqual([]);
  });

  it('notices what drifts from the contract', () => {
    const drifted = buildSchema(`scalar Money type Query { deal(id: ID!): Deal } type Deal { id: ID! amount: String! }`);
    const gaps = contractGaps(join(__dirname, 'crediting.contract.graphql'), drifted);
    expect(gaps).toEqual(expect.arrayContaining(['Deal.amount is String!, not Money!', 'Deal.credits is missing', 'type Credit is missing']));
  });
});
