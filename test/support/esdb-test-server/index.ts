import { Server, ServerCredentials, status, type ServerWritableStream } from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { handleAppend } from './append';
import { EventLog } from './event-log';
import { handleRead } from './read';

export interface EsdbTestServer {
  connectionString: string;
  /** Ends every open subscription call cleanly, as a server that drops its subscribers does. */
  dropSubscriptions(): void;
  stop(): Promise<void>;
}

/**
 * An in-process gRPC server speaking EventStoreDB's Streams protocol (append, read, subscribe to $all),
 * built on the service definitions `@eventstore/db-client` ships, so the adapter is tested over the
 * wire where no EventStoreDB can run. ServerFeatures is left unimplemented, as on older servers, so the
 * client uses the plain Append call.
 */
export async function startEsdbTestServer(): Promise<EsdbTestServer> {
  const log = new EventLog();
  const subscriptions = new Map<ServerWritableStream<ReadReq, ReadResp>, () => void>();
  const server = new Server();
  const unimplemented = (_call: unknown, callback: (error: { code: status; details: string }) => void) =>
    callback({ code: status.UNIMPLEMENTED, details: 'not served by the test server' });
  server.addService(StreamsService, {
    append: handleAppend(log),
    read: handleRead(log, subscriptions),
    delete: unimplemented,
    tombstone: unimplemented,
    batchAppend: (call: { end(): void }) => call.end(),
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    dropSubscriptions() {
      for (const [call, stop] of [...subscriptions]) {
        stop();
        call.end();
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.forceShutdown();
        resolve();
      }),
  };
}
