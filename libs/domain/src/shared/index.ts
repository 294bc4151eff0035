export * from './domain-error';
export * from './actor';
export * from './money';
export * from './ids';
export * from './read-policy';
