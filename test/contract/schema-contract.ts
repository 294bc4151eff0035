import { readFileSync } from 'node:fs';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLSchema,
} from 'graphql';

/**
 * Everything the contract names that the served schema lacks or types differently: a missing type,
 * field, argument or enum value, or a different type (`Money!` is not `String!`). Extra is fine.
 */
export function contractGaps(contractFile: string, served: GraphQLSchema): string[] {
  const contract = buildSchema(readFileSync(contractFile, 'utf8'));
  const gaps: string[] = [];
  for (const expected of Object.values(contract.getTypeMap())) {
    if (expected.name.startsWith('__')) continue;
    const actual = served.getType(expected.name);
    if (!actual) {
      gaps.push(`type ${expected.name} is missing`);
    } else if (isEnumType(expected)) {
      const values = isEnumType(actual) ? actual.getValues().map((value) => value.name) : [];
      for (const value of expected.getValues()) if (!values.includes(value.name)) gaps.push(`enum value ${expected.name}.${value.name} is missing`);
    } else if (isObjectType(expected) || isInputObjectType(expected)) {
      const fields = isObjectType(actual) || isInputObjectType(actual) ? actual.getFields() : {};
      for (const field of Object.values(expected.getFields())) {
        gaps.push(...fieldGaps(`${expected.name}.${field.name}`, field, fields[field.name]));
      }
    }
  }
  return gaps;
}

function fieldGaps(
  path: string,
  expected: GraphQLField<unknown, unknown> | GraphQLInputField,
  actual: GraphQLField<unknown, unknown> | GraphQLInputField | undefined,
): string[] {
  if (!actual) return [`${path} is missing`];
  const gaps = String(actual.type) === String(expected.type) ? [] : [`${path} is ${String(actual.type)}, not ${String(expected.type)}`];
  if ('args' in expected) {
    const args = 'args' in actual ? actual.args : [];
    for (const arg of expected.args) {
      const served = args.find((candidate) => candidate.name === arg.name);
      if (!served) gaps.push(`${path}(${arg.name}) is missing`);
      else if (String(served.type) !== String(arg.type)) gaps.push(`${path}(${arg.name}) is ${String(served.type)}, not ${String(arg.type)}`);
    }
  }
  return gaps;
}
