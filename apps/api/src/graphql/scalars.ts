import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { isCalendarDate, isInstant } from './calendar';

/**
 * A string scalar checked on the way in. Its refusal is a plain Error: graphql-js then reports it with the value's
 * place in the request, which the error edge turns into the field it names.
 */
function stringScalar(name: string, description: string, valid: (value: string) => boolean, problem: string) {
  const parse = (value: unknown) => {
    if (typeof value !== 'string' || !valid(value)) throw new TypeError(`${name} ${problem}`);
    return value;
  };
  return new GraphQLScalarType({
    name,
    description,
    serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
    parseValue: parse,
    parseLiteral: (ast: ValueNode) => parse(ast.kind === Kind.STRING ? ast.value : undefined),
  });
}

export const DateScalar = stringScalar('Date', 'A calendar date, YYYY-MM-DD', isCalendarDate, 'must be a date YYYY-MM-DD that exists in the calendar');

export const DateTimeScalar = stringScalar(
  'DateTime',
  'An ISO-8601 instant with its offset, e.g. 2026-03-31T23:59:59Z',
  isInstant,
  'must be an ISO-8601 instant that exists, with its offset (e.g. 2026-03-31T23:59:59Z)',
);

// Money is validated as a decimal string here and counted in integer cents by the domain, never as a float.
export const MoneyScalar = stringScalar(
  'Money',
  'A non-negative decimal string in the reporting currency, e.g. "1500000.00"',
  (value) => /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/.test(value),
  'must be a non-negative decimal string like "1500000.00"',
);

export const JsonScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value',
  serialize: (value) => value,
  parseValue: (value) => value,
});
