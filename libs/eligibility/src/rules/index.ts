export * from './same-day';
export * from './late-credit';
export * from './points-weight';
