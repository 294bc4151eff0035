export * from './read-model';
export * from './projector';
