import {
  GraphQLError,
  Kind,
  getVariableValues,
  parse,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { refusal } from './refusal';

/** The longest text any argument may carry; each field's own rule (a note's 2,000 characters) may be stricter. */
export const MAX_TEXT_CHARS = 10_000;
/** The most items any list argument may carry. */
export const MAX_LIST_ITEMS = 1_000;
/** The deepest nesting of lists and objects in variables: the contract's inputs nest a few levels, never dozens. */
const MAX_NESTING = 16;

const badInput = (message: string, field: string | undefined) =>
  refusal(message, { code: 'BAD_USER_INPUT', ...(field && { field }), http: { status: 400 } });

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a text may not enter the ledger: a NUL (PostgreSQL cannot store it), a lone surrogate (not Unicode), or its size. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain a NUL character';
  if (LONE_SURROGATE.test(text)) return 'must not contain an unpaired surrogate';
  if (text.length > MAX_TEXT_CHARS) return `must be at most ${MAX_TEXT_CHARS} characters`;
  return undefined;
}

/**
 * The argument or input field written at a place in a request's text: the innermost one around it, or, for text
 * that does not parse (a bad escape), the last `name:` before it. So that graphql-js's refusals of literals, which
 * point at the value, name the field.
 */
export function fieldAt(body: string, position: number): string | undefined {
  let innermost: string | undefined;
  try {
    visit(parse(body), {
      enter(node) {
        const within = node.loc !== undefined && node.loc.start <= position && position < node.loc.end;
        if (!within) return false;
        if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) innermost = node.name.value;
        return undefined;
      },
    });
    return innermost;
  } catch {
    return [...body.slice(0, position).matchAll(/([_A-Za-z][_0-9A-Za-z]*)\s*:/g)].pop()?.[1];
  }
}

/** Text and lists written into the query itself: each string checked, each list bounded. */
export const HostileLiteralsRule: ValidationRule = (context) => {
  const names: string[] = [];
  return {
    Argument: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
    ObjectField: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
    enter(node) {
      const field = names[names.length - 1];
      if (field === undefined) return;
      if (node.kind === Kind.STRING) {
        const problem = textProblem(node.value);
        if (problem) context.reportError(badInput(`${field} ${problem}`, field));
      }
      if (node.kind === Kind.LIST && node.values.length > MAX_LIST_ITEMS) context.reportError(badInput(`${field} must have at most ${MAX_LIST_ITEMS} items`, field));
    },
  };
};

/**
 * Why the variables of an operation are refused, naming the input field (or, for a whole variable, the argument it is
 * given to): hostile text or an oversized list anywhere, then anything the operation's types refuse (a null for a
 * required value, a date that does not exist).
 */
export function variablesRefusal(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): GraphQLError | undefined {
  // The names are found by walking the whole document: only when there is a variable to name.
  let names: Map<string, string> | undefined;
  const argumentOf = (variable: string) => (names ??= argumentsOfVariables(document)).get(variable) ?? variable;
  for (const [name, value] of Object.entries(variables)) {
    const problem = hostileValue(value, argumentOf(name));
    if (problem) return problem;
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 });
  if (!coerced.errors) return undefined;
  const [error] = coerced.errors;
  const variable = /^Variable "\$([^"]+)"/.exec(error.message)?.[1];
  const path = /at "([^"]+)"/.exec(error.message)?.[1];
  return badInput(error.message, path?.split('.').pop()?.replace(/\[\d+\]$/, '') ?? (variable && argumentOf(variable)));
}

function hostileValue(value: unknown, field: string, depth = 0): GraphQLError | undefined {
  if (depth > MAX_NESTING) return badInput(`${field} nests more than ${MAX_NESTING} levels deep`, field);
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? badInput(`${field} ${problem}`, field) : undefined;
  }
  if (Array.isArray(value)) {
    if (value.length > MAX_LIST_ITEMS) return badInput(`${field} must have at most ${MAX_LIST_ITEMS} items`, field);
    for (const item of value) {
      const problem = hostileValue(item, field, depth + 1);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const problem = textProblem(key) ? badInput(`${field} has a key that ${textProblem(key)}`, field) : hostileValue(item, key, depth + 1);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** The argument (or input field) each variable is given to, to name it when the variable as a whole is refused. */
function argumentsOfVariables(document: DocumentNode): Map<string, string> {
  const names: string[] = [];
  const found = new Map<string, string>();
  visit(document, {
    Argument: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
    ObjectField: { enter: (node) => void names.push(node.name.value), leave: () => void names.pop() },
    Variable: (node) => {
      const field = names[names.length - 1];
      if (field !== undefined && !found.has(node.name.value)) found.set(node.name.value, field);
    },
  });
  return found;
}
