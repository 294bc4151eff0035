export * from './faulty-sql';
