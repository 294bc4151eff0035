import { Global, Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import type { Actor } from '@club-ledger/domain';
import { ClaimQueries, DealQueries } from '@club-ledger/eligibility';
import { guardReads } from './read-guard';
import { Reader } from './reader';
import { perRequestOf, type GraphQLContext } from './request-context';

/**
 * The read policy of SPEC.md, applied to the served schema: every field of a deal, a credit, a standing or an audit
 * entry is checked for its caller wherever the object came from, and resolvers that refuse a whole request up front
 * (`deal(id:)`, someone's credits) ask the same reader.
 */
@Injectable()
export class ReadPolicy implements OnApplicationBootstrap {
  constructor(
    private readonly deals: DealQueries,
    private readonly claims: ClaimQueries,
    private readonly modules: ModuleRef,
  ) {}

  /** The caller of this request as the read policy sees them; undefined before sign-in (the public health query). */
  readerIn(context: GraphQLContext): Reader | undefined {
    const actor: Actor | undefined = context.req.actor;
    if (!actor) return undefined;
    return perRequestOf(context, 'reader', () => new Reader(actor, this.deals, this.claims, perRequestOf(context, 'deals', () => this.deals.deals())));
  }

  reader(context: GraphQLContext): Reader {
    const reader = this.readerIn(context);
    if (!reader) throw new Error('The read policy was asked about a request the AuthGuard did not check');
    return reader;
  }

  onApplicationBootstrap(): void {
    // The GraphQL module builds the schema while it starts; it is complete, and served, by now.
    guardReads(this.modules.get(GraphQLSchemaHost, { strict: false }).schema, (context) => this.readerIn(context as GraphQLContext));
  }
}

@Global()
@Module({ providers: [DealQueries, ClaimQueries, ReadPolicy], exports: [ReadPolicy] })
export class ReadPolicyModule {}
