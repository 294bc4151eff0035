import { Server, ServerCredentials, status } from '@grpc/grpc-js';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { handleAppend } from './append';
import { EventLog } from './event-log';
import { handleRead } from './read';

export interface EsdbTestServer {
  connectionString: string;
  /** Ends every open subscription call cleanly (status OK), as a server that drops its subscribers does. */
  dropSubscriptions(): void;
  stop(): Promise<void>;
}

type Unimplemented = (call: unknown, callback: (error: { code: status; details: string }) => void) => void;
const unimplemented: Unimplemented = (_call, callback) =>
  callback({ code: status.UNIMPLEMENTED, details: 'not served by the EventStoreDB test server' });

/**
 * An in-process gRPC server speaking EventStoreDB's Streams protocol (append, read, subscribe to $all),
 * built on the service definitions `@eventstore/db-client` ships, so the adapter is tested over the
 * wire where no EventStoreDB can run. ServerFeatures answers UNIMPLEMENTED, as older servers do, so the
 * client assumes no BatchAppend and uses the plain Append call.
 */
export async function startEsdbTestServer(): Promise<EsdbTestServer> {
  const log = new EventLog();
  const subscriptions = new Set<() => void>();
  const server = new Server();
  server.addService(ServerFeaturesService, { getSupportedMethods: unimplemented });
  server.addService(StreamsService, {
    append: handleAppend(log),
    read: handleRead(log, subscriptions),
    // Delete, Tombstone and BatchAppend are left out: grpc-js answers them UNIMPLEMENTED.
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    dropSubscriptions() {
      for (const end of [...subscriptions]) {
        subscriptions.delete(end);
        end();
      }
    },
    // Open subscriptions would hold a graceful shutdown forever: stop like a crashed server.
    stop: async () => server.forceShutdown(),
  };
}
