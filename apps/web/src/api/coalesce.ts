/**
 * Queries a page starts together travel as one request: each query's top-level fields and variables are prefixed with
 * its place (`q0_`, `q1_` …) and the answer is split back. The API takes one operation a request (an array of them is
 * malformed), so this is one operation whose fields are the queries'. What cannot be merged faithfully (a mutation, a
 * fragment spread at the top, a fragment that reads a variable, two fragments of one name) is not, and an answer that
 * cannot be split per query (no data at all, an error outside every query) tells the caller to send them one by one.
 */

export interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

export interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; field?: string } }[];
}

/** The operations merged, and each one's top-level response keys, in the order given. */
export interface Merged extends Operation {
  keys: string[][];
}

const prefixOf = (n: number) => `q${n}_`;

/** GraphQL's tokens, with what carries no meaning (white space, commas, comments) left out. */
const TOKEN = /\s+|,|#[^\n\r]*|"""[\s\S]*?"""|"(?:[^"\\\n\r]|\\.)*"|\.\.\.|\$?[_A-Za-z][_0-9A-Za-z]*|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|[!&()[\]{}:=@|]/y;

function tokens(source: string): string[] | undefined {
  const found: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match || TOKEN.lastIndex === at) return undefined;
    const token = match[0];
    if (!/^(\s|,|#)/.test(token)) found.push(token);
  }
  return found;
}

/** The index just past the bracket that closes the one at `open`. */
function closing(list: string[], open: number): number {
  const pair: Record<string, string> = { '(': ')', '{': '}', '[': ']' };
  const close = pair[list[open]];
  let depth = 0;
  for (let at = open; at < list.length; at++) {
    if (list[at] === list[open]) depth++;
    else if (list[at] === close && --depth === 0) return at + 1;
  }
  return list.length;
}

interface Parsed {
  name: string;
  variables: string[];
  selections: string[];
  fragments: Map<string, string>;
}

function parse(query: string): Parsed | undefined {
  const list = tokens(query);
  if (!list || list[0] !== 'query') return undefined;
  let at = 1;
  const name = /^[_A-Za-z]/.test(list[at] ?? '') ? list[at++] : 'Query';
  let variables: string[] = [];
  if (list[at] === '(') {
    const end = closing(list, at);
    variables = list.slice(at + 1, end - 1);
    at = end;
  }
  if (list[at] !== '{') return undefined;
  const end = closing(list, at);
  const selections = list.slice(at + 1, end - 1);
  const fragments = new Map<string, string>();
  for (at = end; at < list.length; ) {
    if (list[at] !== 'fragment') return undefined;
    const open = list.indexOf('{', at);
    if (open < 0) return undefined;
    const stop = closing(list, open);
    const fragment = list.slice(at, stop);
    if (fragment.some((token) => token.startsWith('$'))) return undefined;
    fragments.set(list[at + 1], fragment.join(' '));
    at = stop;
  }
  return { name, variables, selections, fragments };
}

/** The query's top-level fields under keys prefixed with `prefix`; undefined for a spread or inline fragment there. */
function prefixed(selections: string[], prefix: string): { text: string[]; keys: string[] } | undefined {
  const text: string[] = [];
  const keys: string[] = [];
  for (let at = 0; at < selections.length; ) {
    if (!/^[_A-Za-z]/.test(selections[at])) return undefined;
    const aliased = selections[at + 1] === ':';
    const key = selections[at];
    const field = aliased ? selections[at + 2] : key;
    at += aliased ? 3 : 1;
    const start = at;
    if (selections[at] === '(') at = closing(selections, at);
    while (selections[at] === '@') at = selections[at + 2] === '(' ? closing(selections, at + 2) : at + 2;
    if (selections[at] === '{') at = closing(selections, at);
    keys.push(`${prefix}${key}`);
    text.push(`${prefix}${key}:`, field, ...selections.slice(start, at));
  }
  return { text, keys };
}

const renamed = (list: string[], prefix: string) => list.map((token) => (token.startsWith('$') ? `$${prefix}${token.slice(1)}` : token));

/** One operation asking what every query asks; undefined when they cannot be merged faithfully. */
export function mergeOperations(operations: readonly Operation[]): Merged | undefined {
  const names: string[] = [];
  const variableDefinitions: string[] = [];
  const selections: string[] = [];
  const fragments = new Map<string, string>();
  const variables: Record<string, unknown> = {};
  const keys: string[][] = [];
  for (const [n, operation] of operations.entries()) {
    const parsed = parse(operation.query);
    if (!parsed) return undefined;
    const prefix = prefixOf(n);
    const fields = prefixed(renamed(parsed.selections, prefix), prefix);
    if (!fields) return undefined;
    for (const [name, text] of parsed.fragments) {
      if (fragments.has(name) && fragments.get(name) !== text) return undefined;
      fragments.set(name, text);
    }
    names.push(parsed.name);
    variableDefinitions.push(...renamed(parsed.variables, prefix));
    selections.push(...fields.text);
    keys.push(fields.keys);
    for (const [name, value] of Object.entries(operation.variables)) variables[`${prefix}${name}`] = value;
  }
  const definitions = variableDefinitions.length > 0 ? `(${variableDefinitions.join(' ')})` : '';
  const query = ['query', `${names.join('_')}${definitions}`, '{', ...selections, '}', ...fragments.values()].join(' ');
  return { query, variables, keys };
}

/** Each query's own answer, as if sent alone; undefined when the answer cannot be told apart per query. */
export function splitAnswer(merged: Merged, answer: Answer): Answer[] | undefined {
  if (!answer.data) return undefined;
  const data = answer.data;
  const errors = answer.errors ?? [];
  const ownerOf = (key: unknown) => merged.keys.findIndex((keys) => keys.includes(String(key)));
  if (errors.some((error) => ownerOf(error.path?.[0]) < 0)) return undefined;
  return merged.keys.map((keys, n) => {
    const prefix = prefixOf(n);
    const own = errors
      .filter((error) => ownerOf(error.path?.[0]) === n)
      .map((error) => ({ ...error, path: [String(error.path?.[0]).slice(prefix.length), ...(error.path?.slice(1) ?? [])] }));
    const part = Object.fromEntries(keys.map((key) => [key.slice(prefix.length), data[key]]));
    return { data: part, ...(own.length > 0 && { errors: own }) };
  });
}
