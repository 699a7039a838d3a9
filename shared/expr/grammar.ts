// The grammar as data: binary operator precedence and the function table (names, arity, argument and result types).

import type { BinaryOp } from './ast';

/**
 * Binary operators from loosest to tightest binding; all left-associative (XPath 1.0 §3.4–3.5, as used by
 * XLSForm/ODK). Unary minus binds tighter than all of them.
 */
export const PRECEDENCE: readonly (readonly BinaryOp[])[] = [
  ['or'],
  ['and'],
  ['=', '!='],
  ['<', '<=', '>', '>='],
  ['+', '-'],
  ['*', 'div', 'mod'],
];

/** Binding level of each binary operator (0 = loosest). */
export const LEVEL_OF: Readonly<Record<BinaryOp, number>> = Object.fromEntries(
  PRECEDENCE.flatMap((ops, level) => ops.map((op) => [op, level])),
) as Record<BinaryOp, number>;

/** Operators written as words; elsewhere these words are not names. */
export const WORD_OPERATORS: ReadonlySet<string> = new Set(['and', 'or', 'div', 'mod']);

/** Static value types used by the checker. `code` is a choice code (compares with numbers and strings). */
export type ValueType = 'number' | 'string' | 'boolean' | 'code' | 'codes' | 'date' | 'any';

/** One function of the language: arity and types for the static check. `max` undefined = variadic. */
export interface FunctionSpec {
  min: number;
  max?: number;
  /** Type each argument should have; the last entry repeats for variadic functions. */
  args: readonly ValueType[];
  result: ValueType;
  doc: string;
}

/** The functions of the expression language (XLSForm/ODK XPath names, plus Veldwerk's `missing` and `any`). */
export const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = {
  not: { min: 1, max: 1, args: ['boolean'], result: 'boolean', doc: 'not(x): true if x is false' },
  true: { min: 0, max: 0, args: [], result: 'boolean', doc: 'true()' },
  false: { min: 0, max: 0, args: [], result: 'boolean', doc: 'false()' },
  selected: { min: 2, max: 2, args: ['codes', 'string'], result: 'boolean', doc: "selected(${m}, 'code'): the code is among the answers" },
  'count-selected': { min: 1, max: 1, args: ['codes'], result: 'number', doc: 'count-selected(${m}): number of codes chosen' },
  if: { min: 3, max: 3, args: ['boolean', 'any', 'any'], result: 'any', doc: 'if(condition, then, else)' },
  coalesce: { min: 2, max: 2, args: ['any', 'any'], result: 'any', doc: 'coalesce(a, b): a unless empty, else b' },
  'string-length': { min: 1, max: 1, args: ['string'], result: 'number', doc: 'string-length(s)' },
  regex: { min: 2, max: 2, args: ['string', 'string'], result: 'boolean', doc: "regex(s, 'pattern'): s matches the regular expression" },
  number: { min: 1, max: 1, args: ['any'], result: 'number', doc: 'number(x): x as a number (NaN = empty)' },
  int: { min: 1, max: 1, args: ['number'], result: 'number', doc: 'int(x): x truncated towards zero' },
  round: { min: 1, max: 2, args: ['number', 'number'], result: 'number', doc: 'round(x, digits = 0): half away from zero' },
  today: { min: 0, max: 0, args: [], result: 'date', doc: "today(): the evaluation date (from the caller's clock)" },
  sum: { min: 1, args: ['number'], result: 'number', doc: 'sum(a, b, …): total of the non-empty arguments' },
  min: { min: 1, args: ['number'], result: 'number', doc: 'min(a, b, …): smallest non-empty argument' },
  max: { min: 1, args: ['number'], result: 'number', doc: 'max(a, b, …): largest non-empty argument' },
  missing: { min: 1, max: 1, args: ['any'], result: 'boolean', doc: 'missing(${x}): x is system-missing or a user-missing code' },
  any: { min: 2, args: ['any', 'any'], result: 'boolean', doc: 'any(value, ${a}, ${b}, …): one of a, b, … equals value' },
};
