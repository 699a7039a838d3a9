// The end-of-form summary: required fields left empty, open warnings (unconfirmed soft checks), refused values.
import type { Checker, Violation } from '../checks/checker';
import { fieldsOnRoute, type CaseAnswers } from '../routing/router';

/** A soft-check confirmation: the operator accepted this value of this variable. */
export interface Confirmation {
  variable: string;
  value: string;
}

/** What {@link formSummary} reports for one keyed form. */
export interface FormSummary {
  /** Enterable fields on route. */
  fieldsOnRoute: number;
  /** Of those, fields with a value (user-missing codes count as answered). */
  answered: number;
  /** Required enterable fields on route (the base of the AAPOR completeness share, see shared/fieldwork/responseDisposition). */
  requiredOnRoute: number;
  /** Required fields on route left empty, in paper order. */
  requiredEmpty: string[];
  /** Soft-check violations not confirmed for the value now stored. */
  openWarnings: Violation[];
  /** Hard violations of stored values (possible after an earlier answer changed what a check reads). */
  errors: Violation[];
}

/**
 * Summarises a keyed form for the operator before the next case.
 * @param checker the questionnaire's checker; @param answers stored answers by name
 * @param confirmations soft checks confirmed (a confirmation counts only for the value it was given for)
 * @param today "YYYY-MM-DD" for today()
 */
export function formSummary(checker: Checker, answers: CaseAnswers, confirmations: readonly Confirmation[], today = ''): FormSummary {
  const { state, violations } = checker.check(answers, { today, reportOffRoute: false });
  const onRoute = fieldsOnRoute(checker.router, state);
  const required = new Set(checker.router.variables.filter((v) => v.required).map((v) => v.name));
  const confirmed = new Set(confirmations.map((c) => `${c.variable}\u0000${c.value}`));
  const answered = onRoute.filter((n) => {
    const a = answers[n];
    return a !== undefined && a !== null && String(a).trim() !== '';
  }).length;
  return {
    fieldsOnRoute: onRoute.length,
    answered,
    requiredOnRoute: onRoute.filter((n) => required.has(n)).length,
    requiredEmpty: violations.filter((v) => v.kind === 'required').map((v) => v.variable),
    openWarnings: violations.filter((v) => v.severity === 'soft' && !confirmed.has(`${v.variable}\u0000${v.value}`)),
    errors: violations.filter((v) => v.severity === 'hard' && v.kind !== 'required'),
  };
}
