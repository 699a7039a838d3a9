// Expression language: public surface (see README.md for syntax and missing-value semantics).
export * from './ast';
export * from './errors';
export * from './messages';
export * from './grammar';
export * from './lexer';
export * from './parser';
export * from './format';
export * from './values';
export * from './compile';
export * from './evaluate';
export * from './check';
