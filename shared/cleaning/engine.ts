// The rule run: every case through validity, routing, the form's checks, edit rules, grids, completeness and duplicates.
import { assertNever } from '../domain/errors';
import { findList, placedVariables, userMissingCodes, type Group, type Questionnaire, type Variable } from '../domain/questionnaire';
import { createChecker, type Checker, type Violation } from '../checks/checker';
import type { EvalEnv } from '../expr/compile';
import { dateToDays, isEmpty, toBool, toStored, toStr, type RawValue, type Value } from '../expr/values';
import { createRouter, type Router } from '../routing/router';
import { compileDerived, compileEditRule, extendedScope, type CompiledRule } from './rules';
import type {
  CleaningCase, CleaningKind, CleaningSeverity, CleaningViolation, DerivedVariable, EditRule, ItemNonresponse, RuleTestFailure,
} from './types';

/** Options of a rule run. */
export interface CleaningOptions {
  /** "YYYY-MM-DD" for today() and for dates in the future; without it no date is "in the future". */
  today?: string;
  /** Look for duplicate case IDs and identical answer vectors across cases (default true). */
  duplicates?: boolean;
  /** Identical answer vectors count only with at least this many answered fields (default 5). */
  duplicateMinAnswers?: number;
  /** Grids need at least this many single-choice items on one list (default 3). */
  gridMinItems?: number;
  /** A case is incomplete when at least this share of its on-route fields is empty (default 0.5). */
  incompleteShare?: number;
  /** Called every 1,000 cases and at the end. */
  onProgress?(done: number, total: number): void;
}

/** The result of a rule run. */
export interface CleaningResult {
  cases: number;
  violations: CleaningViolation[];
  nonresponse: ItemNonresponse[];
  /** Example cases of edit rules that did not behave as declared. */
  ruleTests: RuleTestFailure[];
  /** Derived values per derived variable, one per case ('' = empty). */
  derived: Record<string, string[]>;
}

/** A grid: single-choice items of one group on one list (straightlining candidates). */
export interface Grid {
  group: string;
  slots: number[];
  missing: ReadonlySet<string>;
}

interface Slot {
  variable: Variable;
  enterable: boolean;
  /** List codes (choice variables). */
  codes?: ReadonlySet<string>;
  /** Lower-case code → code, for reporting letter-case variants. */
  folded?: ReadonlyMap<string, string>;
  missing: ReadonlySet<string>;
}

/** A questionnaire, its edit rules and derived variables compiled for rule runs; build once with {@link createCleaner}. */
export interface Cleaner {
  readonly router: Router;
  readonly checker: Checker;
  readonly rules: readonly CompiledRule[];
  readonly grids: readonly Grid[];
  /** Runs every rule over the cases (in input order). */
  run(cases: readonly CleaningCase[], opts?: CleaningOptions): CleaningResult;
  /** Runs the example cases of every edit rule. */
  testRules(today?: string): RuleTestFailure[];
}

const SEP = '\u001f';

function severityOf(v: Violation): CleaningSeverity {
  return v.severity === 'hard' ? 'error' : 'warning';
}

/**
 * The normalised form of an imported code: trimmed, inner runs of spaces collapsed, and a letter-case variant of a
 * list code turned into that code. Never invents a code: values that match no code stay as they are.
 * @returns the normalised value, or null when it is already normal or does not match a code once normalised
 */
export function normaliseCode(raw: string, codes: ReadonlySet<string>, folded: ReadonlyMap<string, string>, multiple: boolean): string | null {
  const parts = multiple ? raw.trim().split(/\s+/) : [raw.trim()];
  const out: string[] = [];
  for (const p of parts) {
    if (codes.has(p)) out.push(p);
    else {
      const f = folded.get(p.toLowerCase());
      if (f === undefined) return null;
      out.push(f);
    }
  }
  const joined = out.join(' ');
  return joined === raw ? null : joined;
}

/** Fast path: the value is already a code (or space-separated codes) of the list. */
function isNormalCode(text: string, codes: ReadonlySet<string>, multiple: boolean): boolean {
  if (!multiple) return codes.has(text);
  for (const part of text.split(' ')) if (!codes.has(part)) return false;
  return true;
}

/** Grids of a questionnaire: per group, its direct single-choice items sharing one list (at least `minItems`). */
export function findGrids(q: Questionnaire, router: Router, minItems = 3): Grid[] {
  const byGroup = new Map<Group, Map<string, number[]>>();
  for (const p of placedVariables(q)) {
    const g = p.groups[p.groups.length - 1];
    const v = p.variable;
    if (!g || v.type !== 'single' || v.listName === undefined) continue;
    const lists = byGroup.get(g) ?? new Map<string, number[]>();
    byGroup.set(g, lists);
    const slot = router.slotOf(v.name);
    if (slot !== undefined) lists.set(v.listName, [...(lists.get(v.listName) ?? []), slot]);
  }
  const out: Grid[] = [];
  for (const [g, lists] of byGroup) {
    for (const slots of lists.values()) if (slots.length >= minItems) out.push({ group: g.name, slots, missing: router.missingOf(slots[0]!) });
  }
  return out;
}

/**
 * Compiles a questionnaire with its edit rules and derived variables for rule runs.
 * Semantics: user-missing codes never count as values — the form's checks skip them (shared/checks), edit rules and
 * derivations read them as system-missing, grids ignore them, and nonresponse counts them apart.
 * @param q a questionnaire without errors
 * @param rules edit rules (disabled ones are skipped)
 * @param derived derived variables, in definition order
 * @throws DomainError EXPRESSION_ERROR when a rule or derivation does not compile
 */
export function createCleaner(q: Questionnaire, rules: readonly EditRule[] = [], derived: readonly DerivedVariable[] = [], gridMinItems = 3): Cleaner {
  const router = createRouter(q);
  const checker = createChecker(q, router);
  const n = router.variables.length;
  const slots: Slot[] = router.variables.map((v, s) => {
    const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
    const slot: Slot = { variable: v, enterable: v.type !== 'note' && v.type !== 'calculated', missing: router.missingOf(s) };
    if (list && (v.type === 'single' || v.type === 'multiple')) {
      const codes = new Set([...list.choices.map((c) => c.code), ...userMissingCodes(q, v).map((m) => m.code)]);
      const folded = new Map<string, string>();
      for (const c of codes) if (!folded.has(c.toLowerCase())) folded.set(c.toLowerCase(), c);
      slot.codes = codes;
      slot.folded = folded;
    }
    return slot;
  });
  const derivedFns = compileDerived(router, derived);
  const scope = extendedScope(router, derived);
  const compiled = rules.filter((r) => r.enabled).map((r) => compileEditRule(r, scope));
  const grids = findGrids(q, router, gridMinItems);
  const nameOfSlot = (s: number): string => (s < n ? router.variables[s]!.name : derived[s - n]!.name);

  /** Values the rules read: routing applied, user-missing blanked, derived variables appended. */
  const ruleValues = (values: readonly Value[], today: string): Value[] => {
    const out = new Array<Value>(scope.size);
    for (let s = 0; s < n; s++) {
      const v = values[s]!;
      const m = slots[s]!.missing;
      out[s] = m.size > 0 && !isEmpty(v) && m.has(toStr(v).trim()) ? '' : v;
    }
    const env: EvalEnv = { values: out, self: '', today };
    for (let i = 0; i < derivedFns.length; i++) out[n + i] = toStored(derivedFns[i]!(env));
    return out;
  };

  const testRules = (today = ''): RuleTestFailure[] => {
    const failures: RuleTestFailure[] = [];
    for (const c of compiled) {
      c.rule.examples.forEach((ex, i) => {
        const state = router.evaluate(ex.values, today);
        const values = ruleValues(state.values, today);
        const actual = toBool(c.fn({ values, self: '', today }));
        if (actual !== ex.triggers) failures.push({ rule: c.rule.name, example: i, expected: ex.triggers, actual, ...(ex.note !== undefined ? { note: ex.note } : {}) });
      });
    }
    return failures;
  };

  const run = (cases: readonly CleaningCase[], opts: CleaningOptions = {}): CleaningResult => {
    const today = opts.today ?? '';
    const todayDays = today ? dateToDays(today) : undefined;
    const share = opts.incompleteShare ?? 0.5;
    const out: CleaningViolation[] = [];
    const stats = slots.map(() => ({ onRoute: 0, sys: 0, user: 0 }));
    const derivedCols: string[][] = derived.map(() => new Array<string>(cases.length));
    const vectors = new Map<string, number[]>();
    const minAnswers = opts.duplicateMinAnswers ?? 5;
    const raw = new Array<RawValue>(n);
    const rawText = new Array<string>(n);

    cases.forEach((c, row) => {
      const push = (kind: CleaningKind, ruleId: string, severity: CleaningSeverity, variables: string[], message: string, value: string | null, fingerprint: string): void => {
        out.push({ row, caseId: c.caseId, ruleId, kind, severity, variables, message, value, fingerprint });
      };
      // 1. Raw values, reporting (and using) normalised codes.
      let answered = 0;
      for (let s = 0; s < n; s++) {
        const sl = slots[s]!;
        const v = c.values[sl.variable.name];
        const text = v === null || v === undefined ? '' : v;
        rawText[s] = text;
        raw[s] = text;
        if (!sl.enterable || text === '') continue;
        if (text.trim() !== '') answered++;
        if (sl.codes && sl.folded && !isNormalCode(text, sl.codes, sl.variable.type === 'multiple')) {
          const norm = normaliseCode(text, sl.codes, sl.folded, sl.variable.type === 'multiple');
          if (norm !== null) {
            raw[s] = norm;
            push('normalise', `normalise:${sl.variable.name}`, 'warning', [sl.variable.name], `"${text}" is code ${norm} of ${sl.variable.name} once spaces and letter case are normalised`, text, text);
          }
        }
      }
      // 2. Routing and the form's checks (validity, required, off route, hard, soft).
      const state = router.evaluateSlots(raw, today);
      for (const v of checker.checkState(state, { today })) {
        const kind: CleaningKind = v.kind;
        push(kind, `${kind}:${v.variable}`, severityOf(v), [v.variable], v.message, rawText[router.slotOf(v.variable)!] ?? v.value, v.value);
      }
      // 3. Dates after today, item nonresponse, completeness.
      let onRoute = 0;
      let empty = 0;
      for (let s = 0; s < n; s++) {
        const sl = slots[s]!;
        if (!sl.enterable || state.onRoute[s] !== true) continue;
        onRoute++;
        const st = stats[s]!;
        st.onRoute++;
        const a = state.answers[s]!;
        const text = toStr(a).trim();
        if (isEmpty(a) || text === '') {
          st.sys++;
          empty++;
        } else if (sl.missing.has(text)) st.user++;
        else if (sl.variable.type === 'date' && todayDays !== undefined) {
          const d = dateToDays(text);
          if (d !== undefined && d > todayDays) push('date', `date:${sl.variable.name}`, 'warning', [sl.variable.name], `${text} lies after today (${today})`, text, text);
        }
      }
      if (empty > 0 && empty >= share * onRoute) {
        push('incomplete', 'incomplete', 'warning', [], `${empty} of ${onRoute} fields on route are empty`, null, `${empty}/${onRoute}`);
      }
      // 4. Grids: the same valid answer on every item.
      for (const g of grids) {
        let first: string | null = null;
        let same = true;
        for (const s of g.slots) {
          const a = state.onRoute[s] === true ? toStr(state.answers[s]!).trim() : '';
          if (a === '' || g.missing.has(a) || (first !== null && a !== first)) {
            same = false;
            break;
          }
          first = a;
        }
        if (same && first !== null) {
          const names = g.slots.map(nameOfSlot);
          push('straightlining', `straightlining:${g.group}`, 'warning', names, `the same answer (${first}) on all ${names.length} items of ${g.group}`, first, first);
        }
      }
      // 5. Derived variables and edit rules.
      if (derivedFns.length > 0 || compiled.length > 0) {
        const values = ruleValues(state.values, today);
        for (let i = 0; i < derivedFns.length; i++) derivedCols[i]![row] = toStr(values[n + i]!);
        const env: EvalEnv = { values, self: '', today };
        for (const r of compiled) {
          if (!toBool(r.fn(env))) continue;
          const first = r.variables[0];
          const firstSlot = first !== undefined ? scope.slotOf(first) : undefined;
          const value = firstSlot === undefined ? null : firstSlot < n ? rawText[firstSlot]! : toStr(values[firstSlot]!);
          push('edit', r.id, r.rule.severity, r.variables, r.rule.message, value, r.slots.map((s) => (s < n ? rawText[s]! : toStr(values[s]!))).join(SEP));
        }
      }
      // 6. The answer vector for duplicates.
      if (opts.duplicates !== false && answered >= minAnswers) {
        let key = '';
        for (let s = 0; s < n; s++) if (slots[s]!.enterable && !slots[s]!.variable.identifier) key += rawText[s]!.trim() + SEP;
        const rows = vectors.get(key);
        if (rows) rows.push(row);
        else vectors.set(key, [row]);
      }
      if ((row + 1) % 1000 === 0) opts.onProgress?.(row + 1, cases.length);
    });

    if (opts.duplicates !== false) {
      const ids = new Map<string, number[]>();
      cases.forEach((c, row) => {
        const k = c.caseId.trim().toUpperCase().replace(/[\s-]/g, '');
        const rows = ids.get(k);
        if (rows) rows.push(row);
        else ids.set(k, [row]);
      });
      for (const rows of ids.values()) {
        if (rows.length < 2) continue;
        for (const row of rows) {
          const c = cases[row]!;
          const others = rows.filter((r) => r !== row).map((r) => cases[r]!.caseId);
          out.push({ row, caseId: c.caseId, ruleId: 'duplicateId', kind: 'duplicateId', severity: 'error', variables: [], message: `case ID ${c.caseId} occurs ${rows.length} times (also as ${others.join(', ')})`, value: c.caseId, fingerprint: others.join(SEP) });
        }
      }
      for (const rows of vectors.values()) {
        if (rows.length < 2) continue;
        for (const row of rows) {
          const c = cases[row]!;
          const others = rows.filter((r) => r !== row && cases[r]!.caseId !== c.caseId).map((r) => cases[r]!.caseId);
          if (others.length === 0) continue;
          out.push({ row, caseId: c.caseId, ruleId: 'duplicateAnswers', kind: 'duplicateAnswers', severity: 'warning', variables: [], message: `the same answers as case ${others.join(', ')}`, value: null, fingerprint: others.join(SEP) });
        }
      }
    }
    opts.onProgress?.(cases.length, cases.length);
    const nonresponse: ItemNonresponse[] = [];
    slots.forEach((sl, s) => {
      if (!sl.enterable) return;
      const st = stats[s]!;
      nonresponse.push({ variable: sl.variable.name, onRoute: st.onRoute, systemMissing: st.sys, userMissing: st.user, rate: st.onRoute === 0 ? 0 : (st.sys + st.user) / st.onRoute });
    });
    const derivedOut: Record<string, string[]> = {};
    derived.forEach((d, i) => (derivedOut[d.name] = derivedCols[i]!));
    return { cases: cases.length, violations: out, nonresponse, ruleTests: testRules(today), derived: derivedOut };
  };

  return { router, checker, rules: compiled, grids, run, testRules };
}

/** Counts of a run per rule and severity, sorted by rule ID. */
export function countViolations(violations: readonly CleaningViolation[]): { ruleId: string; kind: CleaningKind; severity: CleaningSeverity; count: number }[] {
  const m = new Map<string, { ruleId: string; kind: CleaningKind; severity: CleaningSeverity; count: number }>();
  for (const v of violations) {
    const k = `${v.ruleId}${SEP}${v.severity}`;
    const e = m.get(k);
    if (e) e.count++;
    else m.set(k, { ruleId: v.ruleId, kind: v.kind, severity: v.severity, count: 1 });
  }
  return [...m.values()].sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : a.severity < b.severity ? -1 : 1));
}

/** Whether a violation kind may be accepted with a reason (warnings only; errors need a correction or exclusion). */
export function isAcceptable(severity: CleaningSeverity): boolean {
  switch (severity) {
    case 'warning':
      return true;
    case 'error':
      return false;
    default:
      return assertNever(severity, 'severity');
  }
}
