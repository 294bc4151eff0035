import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AuditEntry } from '../deals/deal.types';
import type { GraphQLContext } from '../graphql/request-context';
import { NameBook } from './names';
import { sentenceOf } from './sentences';

@Resolver(() => AuditEntry)
export class AuditEntryResolver {
  constructor(private readonly names: NameBook) {}

  @ResolveField(() => String, { description: 'A sentence with people\'s names: "Dahlia Wolf credited Jaquan Jerde for POC support on Acme renewal".' })
  async summary(@Parent() entry: AuditEntry, @Context() context: GraphQLContext): Promise<string> {
    return sentenceOf(entry, await this.names.namesFor(context, [entry]));
  }
}
