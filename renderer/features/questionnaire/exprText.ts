// Expression problems in the UI language: the stable key of a problem (shared/expr/messages.ts) → i18n `expr.<key>`.
import type { TFunction } from 'i18next';
import { EXPR_MESSAGES, type ExprMessageKey } from '../../../shared/expr/messages';

/** Prefix of an issue `reason` that names an expression problem (shared/cleaning/rules.ts checkRuleExpression). */
export const EXPR_REASON_PREFIX = 'expr.';

/** True for a key of shared/expr/messages.ts. */
export function isExprMessageKey(key: string | undefined): key is ExprMessageKey {
  return key !== undefined && Object.prototype.hasOwnProperty.call(EXPR_MESSAGES, key);
}

/**
 * The text of an expression problem in the UI language.
 * @param key the problem (shared/expr/messages.ts)
 * @param params its values; `name` is also given to the texts as `ref` (`${name}`), `count` picks the plural form
 * @param t the i18n translate function
 */
export function exprProblemText(key: ExprMessageKey, params: Readonly<Record<string, string | number>>, t: TFunction): string {
  // The key is one of EXPR_MESSAGES (each has nl/en texts: tests/unit/exprMessages.test.ts); the values differ per key.
  const translate = t as unknown as (key: string, values: Record<string, string | number>) => string;
  const values: Record<string, string | number> = { ...params };
  if (params.name !== undefined) values.ref = `\${${params.name}}`;
  return translate(`${EXPR_REASON_PREFIX}${key}`, values);
}

/**
 * The text of a problem that may carry an expression key (a questionnaire problem, a builder finding): translated
 * when it does, else its own message.
 */
export function problemText(p: { message: string; key?: string | undefined; params?: Readonly<Record<string, string | number>> | undefined }, t: TFunction): string {
  return isExprMessageKey(p.key) ? exprProblemText(p.key, p.params ?? {}, t) : p.message;
}

/**
 * The text of a located issue of an expression problem (reason `expr.<key>`; params with `at` = 0-based position and
 * `subject` = the item it is about, both optional: shared/cleaning/rules.ts checkRuleExpression, shared/xlsform/read.ts,
 * the questionnaire service's problemIssue), with its position; null when the issue is no expression problem.
 */
export function exprIssueText(issue: { reason?: string | undefined; params?: Readonly<Record<string, string | number>> | undefined }, t: TFunction): string | null {
  const reason = issue.reason;
  if (reason === undefined || !reason.startsWith(EXPR_REASON_PREFIX)) return null;
  const key = reason.slice(EXPR_REASON_PREFIX.length);
  if (!isExprMessageKey(key)) return null;
  const { at, subject, ...params } = issue.params ?? {};
  const text = exprProblemText(key, params, t);
  const message = subject !== undefined ? `${subject}: ${text}` : text;
  return typeof at === 'number' ? t('expr.at', { message, position: at + 1 }) : message;
}
