export * from './projection';
export * from './projector';
export * from './checkpoints';
export { advisoryLocks, projectionLockKey, type ProjectionLock, type ProjectionLocks, type SessionDatabase } from './projection-lock';
export type { LeaseChange } from './projection-runner';
export { SubscriptionStalledError } from './stall-watchdog';
export { rebuildProjection, type RebuildOptions, type RebuildPhase, type RebuildProgress, type RebuildSummary } from './rebuild';
