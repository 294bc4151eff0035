export * from './read-model';
export * from './projector';
export * from './projections';
export * from './criteria';
export * from './queries/facts-at';
export * from './queries/criteria-at';
export * from './queries/current-standings';
export * from './queries/counted-standings';
