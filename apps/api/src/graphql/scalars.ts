import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

function stringScalar(name: string, description: string, valid: (value: string) => boolean, problem: string) {
  const parse = (value: unknown) => {
    if (typeof value !== 'string' || !valid(value)) {
      throw new GraphQLError(`${name} ${problem}`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
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

const isCalendarDate = (value: string) => {
  const instant = new Date(`${value}T00:00:00.000Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(instant.getTime()) && instant.toISOString().startsWith(value);
};

export const DateScalar = stringScalar('Date', 'A calendar date, YYYY-MM-DD', isCalendarDate, 'must be a date YYYY-MM-DD');

export const DateTimeScalar = stringScalar(
  'DateTime',
  'An ISO-8601 instant',
  (value) => value.includes('T') && !Number.isNaN(Date.parse(value)),
  'must be an ISO-8601 instant',
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
