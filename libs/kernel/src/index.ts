export * from './sql';
export * from './config/config';
export * from './config/config.provider';
export * from './auth/dev-token';
export * from './clock';
export * from './csv/neutralise';
