export * from './sql-client';
export * from './pglite-client';
export * from './postgres-client';
