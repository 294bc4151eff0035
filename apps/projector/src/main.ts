import 'reflect-metadata';
import { pino } from 'pino';
import { ConfigError } from '@club-ledger/kernel';
import { loadProjectorConfig } from './projector-config';
import { startProjectorWorker } from './worker';

async function main(): Promise<void> {
  const config = loadProjectorConfig(process.env);
  const log = pino({ level: config.logLevel, base: { service: 'projector', pid: process.pid } });
  const worker = await startProjectorWorker(config, log);
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // A second signal means the operator will not wait: the server still drops the locks with the connections.
    if (stopping) process.exit(1);
    stopping = true;
    log.info({ signal }, 'stopping');
    worker.stop().then(
      () => {
        log.info('stopped; every projection released');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'stopped uncleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  // One line, not a stack trace: the operator needs to know which setting to fix.
  const line = error instanceof ConfigError ? `Configuration error: ${error.message}` : `Start-up failed: ${String(error)}`;
  process.stderr.write(`${line.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(1);
});
