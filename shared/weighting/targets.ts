// Targets given as percentages: conversion to counts, with the 99.9–100.1 % rounding rule.
import { DomainError } from '../domain/errors';
import type { CategoryTarget, MarginTarget } from './types';

/**
 * Converts a margin given in percentages to population counts: count_c = total · pct_c / Σ pct. Percentages
 * that sum to within 0.1 of 100 (rounding in published tables, e.g. 99.9 or 100.1) are scaled to 100 % with a
 * note; any other sum is refused.
 *
 * @param variable variable name (messages); @param percentages code and percentage per category (≥ 0)
 * @param total population total (or sample size, for weights normalised to n)
 * @returns the margin in counts and the notes (empty when the percentages summed to exactly 100)
 * @throws DomainError 'WEIGHTING_INPUT' naming the variable and the sum when it is not 100 ± 0.1, or a
 *   percentage is negative or not a number. The message has no final full stop: callers put it into a sentence of
 *   their own (the scheme check `Scheme S: … .`, the targets file `file, row 2, column percentage: …`).
 */
export function marginFromPercentages(variable: string, percentages: readonly CategoryTarget[], total: number): { margin: MarginTarget; notes: string[] } {
  const bad = percentages.find((p) => !(Number.isFinite(p.count) && p.count >= 0));
  if (bad) throw new DomainError('WEIGHTING_INPUT', `The percentage of ${variable} = ${bad.code} is ${bad.count}; percentages must be ≥ 0`);
  if (!(Number.isFinite(total) && total > 0)) throw new DomainError('WEIGHTING_INPUT', `The total for the percentages of ${variable} must be > 0 (got ${total})`);
  const sum = percentages.reduce((s, p) => s + p.count, 0);
  if (Math.abs(sum - 100) > 0.1 + 1e-9) {
    throw new DomainError('WEIGHTING_INPUT', `The percentages of ${variable} sum to ${+sum.toFixed(6)}, not 100 (only 99.9–100.1 is accepted as rounding)`,
      [{ message: `percentages sum to ${sum}`, path: [variable], value: String(sum) }]);
  }
  const notes = sum === 100 ? [] : [`The percentages of ${variable} sum to ${+sum.toFixed(6)}; they were scaled to 100 %.`];
  return { margin: { variable, categories: percentages.map((p) => ({ code: p.code, count: (total * p.count) / sum })) }, notes };
}
