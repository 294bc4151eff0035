import { type AppConfig, ConfigError, type Environment, loadConfig, type ReadModelStorage } from '@club-ledger/kernel';

export type ProjectorConfig = AppConfig & { readModels: Extract<ReadModelStorage, { engine: 'postgres' }> };

/**
 * The API's configuration, read the same way, plus one rule: the read models live in PostgreSQL, because
 * PGlite admits one process and the API must read what this worker writes. Checked first, so that a missing
 * DATABASE_URL is not reported as a problem with the embedded default's data folder.
 */
export function loadProjectorConfig(env: Environment): ProjectorConfig {
  const required = new ConfigError('DATABASE_URL', 'must be set: the standalone projector keeps the read models in PostgreSQL');
  if (!env.DATABASE_URL) throw required;
  const config = loadConfig(env);
  if (config.readModels.engine !== 'postgres') throw required;
  return { ...config, readModels: config.readModels };
}
