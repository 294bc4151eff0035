export * from './facts';
export * from './metrics';
export * from './standings';
