import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'How far one projection has read the event feed.' })
export class ProjectionHealth {
  @Field()
  name!: string;

  @Field({ description: 'Global position of the last event the projection has passed (a decimal string).' })
  position!: string;
}

@ObjectType({ description: 'Whether the API is up and what it stores its data in.' })
export class Health {
  @Field()
  status!: string;

  @Field({ description: '"pglite", "postgres" or "eventstoredb"' })
  eventStore!: string;

  @Field({ description: '"pglite" or "postgres"' })
  readModels!: string;

  @Field(() => [ProjectionHealth])
  projections!: ProjectionHealth[];
}
