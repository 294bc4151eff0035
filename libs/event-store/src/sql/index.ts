export * from './sql-event-store';
export * from './schema';
