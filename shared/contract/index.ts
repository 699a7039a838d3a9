// Public surface of the contract: channel table, schemas, result envelope.
export * from './api';
export * from './schemas';
export * from './result';
