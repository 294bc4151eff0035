export * from './facts';
export * from './metrics';
export * from './standings';
export * from './fold-facts';
export * from './cutoff';
export * from './changes';
