import { Field, ID, InputType, Int, ObjectType, PartialType, registerEnumType } from '@nestjs/graphql';
import { OrderDirection } from '../graphql/ordering';

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

export enum EmployeeOrderField {
  ID = 'ID',
  NAME = 'NAME',
  DEPARTMENT = 'DEPARTMENT',
}
registerEnumType(EmployeeOrderField, { name: 'EmployeeOrderField' });

@InputType({ description: 'Ties fall back on the id.' })
export class EmployeeOrder {
  @Field(() => EmployeeOrderField) field!: EmployeeOrderField;
  @Field(() => OrderDirection, { defaultValue: OrderDirection.ASC }) direction!: OrderDirection;
}

@ObjectType({ description: "A department of the directory, as employees' records name it." })
export class Department {
  @Field() name!: string;
  @Field(() => Int, { description: 'Active employees in it.' }) headCount!: number;
}
