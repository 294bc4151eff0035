export * from './event-store.port';
export * from './event-store.errors';
export * from './sql';
export * from './envelope';
export * from './eventstoredb';
export * from './buffered-streams';
