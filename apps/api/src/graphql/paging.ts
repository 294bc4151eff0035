import { refusal } from './refusal';

/** A refused argument, named in `extensions.field`: the contract's BAD_USER_INPUT. */
export const badInput = (message: string, field: string) => refusal(message, { code: 'BAD_USER_INPUT', field });

const DEFAULT_PAGE = 50;
const LARGEST_PAGE = 200;

/** The `first` of a list: 50 when not given, refused outside 1–200. */
export function pageSize(first: number | null | undefined): number {
  const size = first ?? DEFAULT_PAGE;
  if (size < 1 || size > LARGEST_PAGE) throw badInput(`first must be between 1 and ${LARGEST_PAGE}`, 'first');
  return size;
}

/**
 * Where a list paged by offset resumes: its cursor is the offset, opaque to clients. For orders that mix several
 * keys (rank, status and dates), where a keyset cursor would be awkward.
 */
export function offsetAfter(after: string | null | undefined): number {
  if (!after) return 0;
  const offset = Number(Buffer.from(after, 'base64url').toString('utf8'));
  if (!Number.isSafeInteger(offset) || offset < 0) throw badInput('after is not a cursor of this list', 'after');
  return offset;
}

/** A connection over the page read at `offset`, whose cursor resumes after its last node. */
export function offsetConnection<Node>(nodes: Node[], totalCount: number, offset: number) {
  const end = offset + nodes.length;
  return { nodes, totalCount, pageInfo: { hasNextPage: end < totalCount, endCursor: nodes.length > 0 ? Buffer.from(String(end)).toString('base64url') : null } };
}
