export * from './faulty-sql';
export * from './esdb-test-server';
export * from './tokens';
export * from './sql-engines';
export * from './api-targets';
export * from '../../apps/cli/src/seed/org-generator';
export * from './record-org';
export * from './mail-and-chat';
