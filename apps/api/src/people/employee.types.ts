import { Field, ID, InputType, ObjectType, PartialType } from '@nestjs/graphql';

@ObjectType()
export class Employee {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field()
  department!: string;

  @Field(() => String, { nullable: true })
  title!: string | null;

  @Field()
  active!: boolean;

  /** Resolved by `manager`; not a GraphQL field itself. */
  managerId!: string | null;
}

@InputType()
export class RegisterEmployeeInput {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  email!: string;

  @Field()
  department!: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => ID, { nullable: true })
  managerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Makes a retry return the first result (HRIS feeds).' })
  idempotencyKey?: string;
}

/** Every field of a registration may change; the id names whom. */
@InputType()
export class ChangeEmployeeInput extends PartialType(RegisterEmployeeInput) {
  @Field(() => ID)
  declare id: string;
}
