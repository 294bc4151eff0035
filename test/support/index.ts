export * from './faulty-sql';
export * from './esdb-test-server';
export * from './tokens';
export * from './sql-engines';
export * from './api-targets';
export * from './mail-and-chat';
export * from './pglite-folder';
export * from './built-product';
