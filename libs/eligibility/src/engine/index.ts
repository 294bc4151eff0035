export * from './facts';
export * from './metrics';
export * from './standings';
export * from './fold-facts';
