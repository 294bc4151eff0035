import 'reflect-metadata';
import { createApp } from './app';
import { ConfigError, loadConfig } from '@club-ledger/kernel';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  await app.listen(config.port);
  process.stdout.write(`Club Ledger API listening on ${await app.getUrl()}/graphql\n`);
}

main().catch((error: unknown) => {
  // One line, not a stack trace: the operator needs to know which setting to fix.
  const line = error instanceof ConfigError ? `Configuration error: ${error.message}` : `Start-up failed: ${String(error)}`;
  process.stderr.write(`${line}\n`);
  process.exit(1);
});
