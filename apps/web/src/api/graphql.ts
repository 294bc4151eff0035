import { createClient, type Client } from 'graphql-ws';
import { currentToken, signOut } from '../auth/session';
import { mergeOperations, splitAnswer, type Answer, type Operation } from './coalesce';

/** A refused request: the rule's `extensions.code` and, for bad input, the offending field. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface GraphQLResponse<T> {
  status?: number;
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

/**
 * Sends an operation to /graphql with the signed-in user's token; the first error becomes an ApiError. Queries started
 * together (the sections of a page, in one render) go out as one request (see coalesce.ts); mutations go alone.
 */
export async function request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = (await (/^\s*query\b/.test(query) ? together({ query, variables }) : send(query, variables))) as GraphQLResponse<T>;
  const [error] = body.errors ?? [];
  if (error) {
    const code = error.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    if (code === 'UNAUTHENTICATED') signOut();
    throw new ApiError(error.message, code, error.extensions?.field);
  }
  if (body.status !== undefined || !body.data) throw new ApiError(`The server answered ${body.status ?? 'without data'}`, `HTTP_${body.status ?? 200}`);
  return body.data;
}

interface Waiting extends Operation {
  answer: (body: GraphQLResponse<unknown>) => void;
  fail: (error: unknown) => void;
}

let waiting: Waiting[] = [];

/** Queues a query until the current task ends, then sends every query queued, merged where they can be. */
function together(operation: Operation): Promise<GraphQLResponse<unknown>> {
  return new Promise((answer, fail) => {
    if (waiting.length === 0) setTimeout(() => void sendWaiting(), 0);
    waiting.push({ ...operation, answer, fail });
  });
}

async function sendWaiting(): Promise<void> {
  const sent = waiting;
  waiting = [];
  const alone = (each: Waiting) => send(each.query, each.variables).then(each.answer, each.fail);
  const merged = sent.length > 1 ? mergeOperations(sent) : undefined;
  if (!merged) {
    await Promise.all(sent.map(alone));
    return;
  }
  try {
    const body = await send(merged.query, merged.variables);
    const parts = body.status === undefined ? splitAnswer(merged, body as Answer) : undefined;
    if (parts) {
      parts.forEach((part, n) => sent[n].answer(part as GraphQLResponse<unknown>));
      return;
    }
    // Not answered per query (refused whole, such as work over the request's budget): each goes again on its own, one
    // after another, so that heavy queries do not run more at once than a caller may.
    for (const each of sent) await alone(each);
  } catch (error) {
    sent.forEach((each) => each.fail(error));
  }
}

async function send(query: string, variables: Record<string, unknown>): Promise<GraphQLResponse<unknown>> {
  const token = currentToken();
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('The server cannot be reached. Check your connection and try again.', 'NETWORK');
  }
  const answer = (await response.json().catch(() => ({}))) as GraphQLResponse<unknown>;
  return { ...answer, ...(!response.ok && { status: response.status }) };
}

let socket: Client | undefined;
let connected = false;

/** One graphql-ws connection per page load, authenticated with the token as a connection parameter. */
export function subscriptions(): Client {
  if (!socket) {
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
    socket = createClient({
      url,
      connectionParams: () => ({ Authorization: `Bearer ${currentToken() ?? ''}` }),
      retryAttempts: Infinity,
      shouldRetry: () => true,
    });
    socket.on('connected', () => (connected = true));
    socket.on('closed', () => (connected = false));
  }
  return socket;
}

/**
 * Follows the shared connection: `onConnected` runs now when it is already up (another subscription, such as the
 * header's bell, opened it first; its 'connected' event is then past), and again on each reconnection after.
 */
export function watchConnection(onConnected: (wasRetry: boolean) => void, onClosed: () => void): () => void {
  const client = subscriptions();
  const stop = [client.on('connected', (_socket, _payload, wasRetry) => onConnected(wasRetry)), client.on('closed', onClosed)];
  if (connected) onConnected(false);
  return () => stop.forEach((unlisten) => unlisten());
}

export function closeSubscriptions(): void {
  void socket?.dispose();
  socket = undefined;
  connected = false;
}
