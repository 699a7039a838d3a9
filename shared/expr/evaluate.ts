// One-shot evaluation of an expression against named values (tests, edit rules, filters).

import { compile } from './compile';
import { parse } from './parser';
import { toValue, type RawValue, type Value } from './values';

/** Options for {@link evaluate}. */
export interface EvaluateOptions {
  /** Value of `.`. */
  self?: RawValue;
  /** today() as "YYYY-MM-DD"; default '' (unknown). */
  today?: string;
  /** User-missing codes per variable name, for `missing()`. */
  missing?: Readonly<Record<string, readonly string[]>>;
  /** User-missing codes of `.`. */
  selfMissing?: readonly string[];
}

/**
 * Parses, compiles and evaluates an expression once. For repeated evaluation compile once with compile().
 * @param src expression source
 * @param values values by variable name; null/undefined = system-missing
 * @param opts `.`, today(), user-missing codes
 * @returns the value (`''` = system-missing)
 * @throws ExprSyntaxError for bad syntax; DomainError EXPRESSION_ERROR for names not in `values`
 */
export function evaluate(src: string, values: Readonly<Record<string, RawValue>>, opts: EvaluateOptions = {}): Value {
  const names = Object.keys(values);
  const slots = new Map(names.map((n, i) => [n, i]));
  const missing = opts.missing ?? {};
  const fn = compile(parse(src), {
    slotOf: (n) => slots.get(n),
    missingOf: (slot) => new Set(missing[names[slot] ?? ''] ?? []),
    selfMissing: new Set(opts.selfMissing ?? []),
  });
  return fn({ values: names.map((n) => toValue(values[n])), self: toValue(opts.self), today: opts.today ?? '' });
}
