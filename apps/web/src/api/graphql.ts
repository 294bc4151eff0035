import { createClient, type Client } from 'graphql-ws';
import { currentToken, signOut } from '../auth/session';

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

interface Pending {
  query: string;
  variables: Record<string, unknown>;
  resolve: (body: GraphQLResponse<unknown>) => void;
  reject: (error: ApiError) => void;
}

/** The operations asked for in the same turn of the event loop, sent together when it ends. */
let queued: Pending[] = [];

/**
 * Sends an operation to /graphql with the signed-in user's token; the first error becomes an ApiError. Operations a
 * page asks for at once (its sections mounting together) travel as one batch, one round trip instead of several.
 */
export async function request<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const body = (await new Promise<GraphQLResponse<unknown>>((resolve, reject) => {
    queued.push({ query, variables, resolve, reject });
    if (queued.length === 1) setTimeout(sendQueued, 0);
  })) as GraphQLResponse<T> & { status?: number };
  const [error] = body.errors ?? [];
  if (error) {
    const code = error.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    if (code === 'UNAUTHENTICATED') signOut();
    throw new ApiError(error.message, code, error.extensions?.field);
  }
  if (body.status !== undefined || !body.data) throw new ApiError(`The server answered ${body.status ?? 'without data'}`, `HTTP_${body.status ?? 200}`);
  return body.data;
}

async function sendQueued(): Promise<void> {
  const batch = queued;
  queued = [];
  const token = currentToken();
  const single = batch.length === 1;
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
      body: JSON.stringify(single ? { query: batch[0].query, variables: batch[0].variables } : batch.map(({ query, variables }) => ({ query, variables }))),
    });
  } catch {
    batch.forEach((pending) => pending.reject(new ApiError('The server cannot be reached. Check your connection and try again.', 'NETWORK')));
    return;
  }
  const answer = (await response.json().catch(() => ({}))) as GraphQLResponse<unknown> | GraphQLResponse<unknown>[];
  // A refusal of the whole request (401, 413) answers every operation in it alike.
  const bodies = Array.isArray(answer) ? answer : batch.map(() => answer);
  batch.forEach((pending, index) => pending.resolve({ ...(bodies[index] ?? {}), ...(!response.ok && { status: response.status }) }));
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
