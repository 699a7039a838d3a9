// Public surface of the entry core: fast dates, typed codes, the keyboard contract, the form summary.
export * from './fastDate';
export * from './codes';
export * from './keying';
export * from './summary';
