export * from './event-type';
export * from './event-id';
export * from './event-catalog';
