// Checks of one case: required, valid codes, types, ranges, lengths, hard and soft checks → Violation[] as data.

import { assertNever } from '../domain/errors';
import { findList, type LangText, type Questionnaire, type Variable } from '../domain/questionnaire';
import { compile, isMissingValue, type Evaluator } from '../expr/compile';
import { parse } from '../expr/parser';
import { codesOf, dateToDays, isEmpty, toBool, toNumber, toStr, type Value } from '../expr/values';
import { createRouter, type CaseAnswers, type RouteState, type Router } from '../routing/router';

/** What a violation is about. */
export type ViolationKind =
  | 'required' // on route and not answered
  | 'type' // not a whole number, not a number, not a date
  | 'code' // not a code of the list nor a user-missing code
  | 'range' // outside the valid range
  | 'length' // text longer than its maximum
  | 'hard' // XLSForm constraint false
  | 'soft' // veldwerk::soft_constraint false (may be confirmed)
  | 'offRoute'; // answered although routing skips it

/** One violated check. `severity` hard = the value is refused; soft = a warning the operator may confirm. */
export interface Violation {
  variable: string;
  kind: ViolationKind;
  severity: 'hard' | 'soft';
  /** English default message; the UI may render its own from `kind` and `params`. */
  message: string;
  /** The form's own message per language (constraint_message / soft constraint message), if any. */
  formMessage?: LangText;
  /** The value as keyed. */
  value: string;
  /** Numbers or codes the message refers to (e.g. min, max, allowed codes). */
  params?: Readonly<Record<string, string | number>>;
}

/** Options of one check run. */
export interface CheckOptions {
  /** "YYYY-MM-DD" for today() (the caller's clock). */
  today?: string;
  /** Report unanswered required fields (false while a form is still being keyed). Default true. */
  requireAnswers?: boolean;
  /** Report answers to fields routing skips. Default true. */
  reportOffRoute?: boolean;
}

interface Plan {
  slot: number;
  variable: Variable;
  codes?: ReadonlySet<string>;
  missing: ReadonlySet<string>;
  hard?: Evaluator;
  soft?: Evaluator;
}

/** A questionnaire compiled for checking; create once per version with {@link createChecker}. */
export interface Checker {
  readonly router: Router;
  /** Routes the case and checks every variable. */
  check(answers: CaseAnswers, opts?: CheckOptions): { state: RouteState; violations: Violation[] };
  /** Checks every variable against an already computed route. */
  checkState(state: RouteState, opts?: CheckOptions): Violation[];
  /** Checks one variable against an already computed route (for the field being keyed). */
  checkVariable(state: RouteState, name: string, opts?: CheckOptions): Violation[];
}

/**
 * Compiles the checks of a questionnaire.
 * Rules (documented in shared/expr/README.md): checks run only for enterable variables; system-missing values
 * are only `required` violations (when on route); user-missing codes pass type, range and the form's checks;
 * constraints see the value as `.` (XLSForm) and the other variables with routing applied.
 * @param q a questionnaire without errors
 * @param router optional router already compiled for `q`
 * @throws DomainError EXPRESSION_ERROR if an expression does not compile
 */
export function createChecker(q: Questionnaire, router: Router = createRouter(q)): Checker {
  const plans: Plan[] = router.variables.map((v, slot) => {
    const missing = router.missingOf(slot);
    const scope = { slotOf: router.slotOf, missingOf: router.missingOf, selfMissing: missing };
    const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
    const plan: Plan = { slot, variable: v, missing };
    if (list) plan.codes = new Set(list.choices.map((c) => c.code));
    if (v.constraint?.trim()) plan.hard = compile(parse(v.constraint), scope);
    if (v.softConstraint?.trim()) plan.soft = compile(parse(v.softConstraint), scope);
    return plan;
  });

  const checkPlan = (p: Plan, state: RouteState, opts: CheckOptions, out: Violation[]): void => {
    const v = p.variable;
    if (v.type === 'note' || v.type === 'calculated') return;
    const answer = state.answers[p.slot] ?? '';
    const on = state.onRoute[p.slot] === true;
    const shown = toStr(answer);
    if (!on) {
      if (!isEmpty(answer) && opts.reportOffRoute !== false) {
        out.push({ variable: v.name, kind: 'offRoute', severity: 'soft', message: `${v.name} is answered but routing skips it`, value: shown });
      }
      return;
    }
    if (isEmpty(answer) || shown.trim() === '') {
      if (v.required && opts.requireAnswers !== false) out.push({ variable: v.name, kind: 'required', severity: 'hard', message: `${v.name} needs an answer`, value: '' });
      return;
    }
    const userMissing = isMissingValue(answer, p.missing);
    if (!userMissing && !valueIsValid(p, answer, shown, out)) return;
    if (userMissing) return;
    const env = { values: state.values, self: answer, today: state.today };
    const hardFails = p.hard !== undefined && !toBool(p.hard(env));
    if (hardFails) {
      // A range read from this very constraint would say the same thing twice: keep the form's message.
      const dup = out.findIndex((x) => x.variable === v.name && x.kind === 'range');
      if (dup >= 0) out.splice(dup, 1);
      out.push({ variable: v.name, kind: 'hard', severity: 'hard', message: textOr(v.constraintMessage, `${v.name}: the check '${v.constraint}' fails`), formMessage: v.constraintMessage, value: shown });
    }
    // A refused value needs no confirmation: soft checks run only when the hard check passes.
    if (!hardFails && p.soft && !toBool(p.soft(env))) {
      out.push({ variable: v.name, kind: 'soft', severity: 'soft', message: textOr(v.softConstraintMessage, `${v.name}: the check '${v.softConstraint}' fails (may be confirmed)`), formMessage: v.softConstraintMessage, value: shown });
    }
  };

  const checkState = (state: RouteState, opts: CheckOptions = {}): Violation[] => {
    const out: Violation[] = [];
    for (const p of plans) checkPlan(p, state, opts, out);
    return out;
  };
  return {
    router,
    checkState,
    check(answers, opts = {}) {
      const state = router.evaluate(answers, opts.today ?? '');
      return { state, violations: checkState(state, opts) };
    },
    checkVariable(state, name, opts = {}) {
      const s = router.slotOf(name);
      const out: Violation[] = [];
      const p = s !== undefined ? plans[s] : undefined;
      if (p) checkPlan(p, state, opts, out);
      return out;
    },
  };
}

function textOr(t: LangText, fallback: string): string {
  return Object.values(t)[0] ?? fallback;
}

/** Appends one hard value violation (type, code, length or range) to `out`. @returns false, so a check can `return pushInvalid(...)` */
function pushInvalid(out: Violation[], variable: string, shown: string, kind: ViolationKind, message: string, params?: Record<string, string | number>): false {
  out.push({ variable, kind, severity: 'hard', message, value: shown, ...(params ? { params } : {}) });
  return false;
}

/** Type, code, length and range of a non-missing answer; pushes violations and returns false on a type/code error. */
function valueIsValid(p: Plan, answer: Value, shown: string, out: Violation[]): boolean {
  const v = p.variable;
  // No closure here: this runs once per value in cleaning and import runs (millions of calls).
  switch (v.type) {
    case 'single': {
      const code = shown.trim();
      if (p.codes && !p.codes.has(code)) return pushInvalid(out, v.name, shown, 'code', `${code} is not a code of ${v.name}`, { codes: [...p.codes, ...p.missing].join(' ') });
      return true;
    }
    case 'multiple': {
      const codes = codesOf(answer);
      const seen = new Set<string>();
      for (const c of codes) {
        if (p.codes && !p.codes.has(c)) return pushInvalid(out, v.name, shown, 'code', `${c} is not a code of ${v.name}`, { codes: [...p.codes].join(' ') });
        if (seen.has(c)) return pushInvalid(out, v.name, shown, 'code', `${c} is chosen twice for ${v.name}`);
        seen.add(c);
      }
      return true;
    }
    case 'integer':
    case 'decimal': {
      const x = toNumber(answer);
      if (typeof answer === 'string' && !/^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/.test(answer)) return pushInvalid(out, v.name, shown, 'type', `${shown} is not a number`);
      if (Number.isNaN(x)) return pushInvalid(out, v.name, shown, 'type', `${shown} is not a number`);
      if (v.type === 'integer' && !Number.isInteger(x)) return pushInvalid(out, v.name, shown, 'type', `${shown} is not a whole number`);
      if (v.type === 'decimal') {
        const dec = v.decimals ?? 2;
        // The digits after the point (as split('.')[1], without building the parts: this runs for every decimal value).
        const t = String(shown).trim();
        const dot = t.indexOf('.');
        const next = dot < 0 ? -1 : t.indexOf('.', dot + 1);
        const fracLength = dot < 0 ? 0 : (next < 0 ? t.length : next) - dot - 1;
        if (fracLength > dec) return pushInvalid(out, v.name, shown, 'type', `${shown} has more than ${dec} decimals`, { decimals: dec });
      }
      const r = v.range;
      if (r && ((r.min !== undefined && x < r.min) || (r.max !== undefined && x > r.max))) {
        pushInvalid(out, v.name, shown, 'range', `${shown} is outside ${r.min ?? '…'}–${r.max ?? '…'}`, { ...(r.min !== undefined ? { min: r.min } : {}), ...(r.max !== undefined ? { max: r.max } : {}) });
      }
      return true;
    }
    case 'date':
      if (dateToDays(shown.trim()) === undefined) return pushInvalid(out, v.name, shown, 'type', `${shown} is not a date (YYYY-MM-DD)`);
      return true;
    case 'text':
      if (v.maxLength !== undefined && [...shown].length > v.maxLength) return pushInvalid(out, v.name, shown, 'length', `text of ${[...shown].length} characters is longer than ${v.maxLength}`, { max: v.maxLength });
      return true;
    case 'note':
    case 'calculated':
      return true;
    default:
      return assertNever(v.type, 'variable type');
  }
}
