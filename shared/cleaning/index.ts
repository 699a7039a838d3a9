// Cleaning: public surface (rule runs, edit rules, derived variables, rule sheets).
export * from './types';
export * from './rules';
export * from './engine';
export * from './synthetic';
export * from './ruleSheet';
