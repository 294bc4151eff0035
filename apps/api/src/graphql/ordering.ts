import { registerEnumType } from '@nestjs/graphql';

/** Which way a list's `orderBy` runs. */
export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, { name: 'OrderDirection' });
