export * from './read-model';
export * from './projector';
export * from './projections';
export * from './criteria';
export * from './queries/program-facts';
export * from './queries/facts-at';
