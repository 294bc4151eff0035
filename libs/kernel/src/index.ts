export * from './sql';
export * from './csv/neutralise';
