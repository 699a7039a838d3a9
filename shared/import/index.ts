// Public surface of the response-import core: raw tables and header rows, column mapping, value conversion, the dry-run analysis.
export * from './table';
export * from './mapping';
export * from './values';
export * from './analyse';
