export * from './sql';
export * from './clock';
