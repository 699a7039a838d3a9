// The rule run: every case through validity, routing, the form's checks, edit rules, grids, completeness and duplicates.
import { assertNever, DomainError } from '../domain/errors';
import { findList, placedVariables, userMissingCodes, type Group, type Questionnaire, type Variable } from '../domain/questionnaire';
import { createChecker, type Checker, type Violation } from '../checks/checker';
import { compile, equalsText, isMissingValue, type EvalEnv, type Evaluator } from '../expr/compile';
import { parse } from '../expr/parser';
import { dateToDays, isEmpty, toBool, toStored, toStr, type RawValue, type Value } from '../expr/values';
import { createRouter, type RouteState, type Router } from '../routing/router';
import { cellKindOf, invalidCell, type CellKind } from '../export/cells';
import { compileDerived, compileEditRule, extendedScope, type CompiledRule, type ExtendedScope } from './rules';
import type {
  CleaningCase, CleaningKind, CleaningSeverity, CleaningViolation, DerivedVariable, EditRule, ItemNonresponse, RuleTestFailure, SlotCase,
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

/** A grid: single-choice items of one group on one rating scale (straightlining candidates; see {@link findGrids}). */
export interface Grid {
  group: string;
  slots: number[];
  missing: ReadonlySet<string>;
  /** Codes whose uniform use on every item is not reported (`veldwerk::straightlining` = `except …`). */
  exempt: ReadonlySet<string>;
}

/** The group column that sets the straightlining check of a grid (see {@link findGrids}). */
export const STRAIGHTLINING_COLUMN = 'veldwerk::straightlining';

/** A group's straightlining setting: checked by the default rule, always checked, never, or checked except some codes. */
export type StraightliningSetting = { check: 'auto' | 'yes' | 'no'; except: readonly string[] };

/**
 * Reads a group's `veldwerk::straightlining` cell: '' = the default rule, `yes` = check this grid even on a scale with
 * fewer substantive codes, `no` = never check it, `except <code> [<code> …]` = check it but do not report a uniform
 * answer of those codes (e.g. `except 1` on "how often did you experience …" lists, where "never" on every item is the
 * common true answer).
 * @param group the group (its `extra` holds the column as read from the XLSForm, header as written)
 * @throws DomainError QUESTIONNAIRE_INVALID when the cell is not one of these forms
 */
export function straightliningSetting(group: Group): StraightliningSetting {
  let raw = '';
  let header = STRAIGHTLINING_COLUMN;
  for (const [h, t] of Object.entries(group.extra ?? {})) {
    if (h.split('::').map((x) => x.trim().toLowerCase()).join('::') === STRAIGHTLINING_COLUMN) {
      raw = t.trim();
      header = h;
    }
  }
  const lower = raw.toLowerCase();
  if (lower === '') return { check: 'auto', except: [] };
  if (lower === 'yes' || lower === 'no') return { check: lower, except: [] };
  const m = /^except\s+(\S+(?:\s+\S+)*)$/i.exec(raw);
  if (m) return { check: 'yes', except: m[1]!.split(/\s+/) };
  const message = `group '${group.name}': ${header} must be yes, no or 'except <code> …' (read '${raw}')`;
  throw new DomainError('QUESTIONNAIRE_INVALID', message, [{ message, sheet: 'survey', column: header, value: raw }]);
}

interface Slot {
  variable: Variable;
  enterable: boolean;
  /** List codes (choice variables). */
  codes?: ReadonlySet<string>;
  /** Lower-case code → code, for reporting letter-case variants. */
  folded?: ReadonlyMap<string, string>;
  missing: ReadonlySet<string>;
  /**
   * What every answer must be (integers, decimals, dates, single choices with number codes; see cellKindOf in
   * shared/export/cells.ts): an answer that is not ({@link invalidCell}) is read as system-missing by derived
   * variables and edit rules, as the export writes it. Undefined for other variables.
   */
  kind: CellKind | undefined;
}

/** A questionnaire, its edit rules and derived variables compiled for rule runs; build once with {@link createCleaner}. */
export interface Cleaner {
  readonly router: Router;
  readonly checker: Checker;
  readonly rules: readonly CompiledRule[];
  readonly grids: readonly Grid[];
  /**
   * Runs every rule over the cases (in input order). Cases come by name ({@link CleaningCase}) or by slot
   * ({@link SlotCase}, faster); the result is the same either way.
   */
  run(cases: readonly (CleaningCase | SlotCase)[], opts?: CleaningOptions): CleaningResult;
  /** A case by slot ({@link SlotCase}) from a case by name: `slots[s]` = `values[router.variables[s].name]`. */
  slotCase(c: CleaningCase): SlotCase;
  /**
   * The same rule run written plainly (fresh arrays per case, answer vectors as string keys): the reference that
   * {@link Cleaner.run} is property-tested against. Same inputs, same result; several times slower.
   */
  runReference(cases: readonly CleaningCase[], opts?: CleaningOptions): CleaningResult;
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

/** Fewest substantive (non-missing) codes of a list for its grids to be checked by default ({@link findGrids}). */
export const GRID_MIN_CODES = 3;

/**
 * Grids of a questionnaire — the item sets checked for straightlining (the same answer on every item).
 *
 * A grid is a group's direct single-choice items on one list, at least `minItems` of them, on a rating scale: a list
 * with at least {@link GRID_MIN_CODES} substantive codes (its codes less the user-missing ones). Straightlining
 * (nondifferentiation) is a satisficing signal only where respondents are expected to differentiate between items,
 * i.e. on rating scales (agree–disagree, satisfaction); on yes/no item lists and on lists of events that most
 * respondents never experienced, one answer on every item is the common true answer and flagging it is noise
 * (Krosnick 1991, "Response strategies for coping with the cognitive demands of attitude measures in surveys",
 * Applied Cognitive Psychology 5; Kim, Dykema, Stevenson, Black & Moberg 2019, "Straightlining: overview of
 * measurement, comparison of indicators, and effects in mail–web mixed-mode surveys", Social Science Computer
 * Review 37(2)). The group column `veldwerk::straightlining` overrides the rule ({@link straightliningSetting}):
 * `yes` checks a grid on any list, `no` never, `except <codes>` checks it but accepts a uniform answer of those codes.
 * @param minItems fewest items of a grid (default 3)
 * @throws DomainError QUESTIONNAIRE_INVALID when a group's `veldwerk::straightlining` cell is malformed
 */
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
    const setting = straightliningSetting(g);
    if (setting.check === 'no') continue;
    for (const [listName, slots] of lists) {
      if (slots.length < minItems) continue;
      const missing = router.missingOf(slots[0]!);
      const substantive = (findList(q, listName)?.choices ?? []).filter((c) => !missing.has(c.code)).length;
      if (setting.check === 'auto' && substantive < GRID_MIN_CODES) continue;
      out.push({ group: g.name, slots, missing, exempt: new Set(setting.except) });
    }
  }
  return out;
}

/**
 * Compiles a questionnaire with its edit rules and derived variables for rule runs.
 * Semantics: user-missing codes never count as values — the form's checks skip them (shared/checks), edit rules and
 * derivations read them as system-missing, grids ignore them, and nonresponse counts them apart. An answer that is not
 * a value of its variable's type ({@link invalidCell}: "7 jaar" in an integer, "morgen" in a date) is reported as a
 * type violation and, like a user-missing code, read as system-missing by edit rules and derivations (the export
 * writes it empty, so a derived category never counts it).
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
    const enterable = v.type !== 'note' && v.type !== 'calculated';
    const slot: Slot = { variable: v, enterable, missing: router.missingOf(s), kind: undefined };
    if (list && (v.type === 'single' || v.type === 'multiple')) {
      const codes = new Set([...list.choices.map((c) => c.code), ...userMissingCodes(q, v).map((m) => m.code)]);
      const folded = new Map<string, string>();
      for (const c of codes) if (!folded.has(c.toLowerCase())) folded.set(c.toLowerCase(), c);
      slot.codes = codes;
      slot.folded = folded;
    }
    if (enterable) slot.kind = cellKindOf(v.type, slot.codes ?? []);
    return slot;
  });
  const derivedFns = compileDerived(router, derived);
  const scope = extendedScope(router, derived);
  const compiled = rules.filter((r) => r.enabled).map((r) => compileEditRule(r, scope));
  const grids = findGrids(q, router, gridMinItems);
  const nameOfSlot = (s: number): string => (s < n ? router.variables[s]!.name : derived[s - n]!.name);
  const names = router.variables.map((v) => v.name);

  /** Values the rules read: routing applied, user-missing codes and invalid values blanked, derived variables appended. */
  const ruleValues = (values: readonly Value[], today: string): Value[] => {
    const out = new Array<Value>(scope.size);
    for (let s = 0; s < n; s++) {
      const v = values[s]!;
      const { missing: m, kind } = slots[s]!;
      out[s] = (m.size > 0 && !isEmpty(v) && m.has(toStr(v).trim())) || (kind !== undefined && typeof v === 'string' && invalidCell(kind, v)) ? '' : v;
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

  const runReference = (cases: readonly CleaningCase[], opts: CleaningOptions = {}): CleaningResult => {
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
        if (same && first !== null && !g.exempt.has(first)) {
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
      reportDuplicateIds(cases, out);
      reportDuplicateAnswers(cases, vectors.values(), out);
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

  const run = fastRun({ q, n, names, slots, router, checker, derivedFns, derivedCount: derived.length, derivedNames: derived.map((d) => d.name), compiled, scope, grids, nameOfSlot, testRules });
  const slotCase = (c: CleaningCase): SlotCase => ({ caseId: c.caseId, slots: names.map((name) => c.values[name]) });
  return { router, checker, rules: compiled, grids, run, runReference, testRules, slotCase };
}

/** What the fast rule run needs of a compiled cleaner. */
interface RunPlan {
  q: Questionnaire;
  n: number;
  names: readonly string[];
  slots: readonly Slot[];
  router: Router;
  checker: Checker;
  derivedFns: readonly Evaluator[];
  derivedCount: number;
  derivedNames: readonly string[];
  compiled: readonly CompiledRule[];
  scope: ExtendedScope;
  grids: readonly Grid[];
  nameOfSlot(s: number): string;
  testRules(today?: string): RuleTestFailure[];
}

/** What the form's checks say about one answer of one variable, apart from its hard and soft checks. */
interface Verdict {
  /** Code, type, length and range violations, in the checker's order. */
  violations: readonly Violation[];
  /** False after a code, type or length violation: the hard and soft checks are then not run. */
  valid: boolean;
  /** A user-missing code: no checks at all. */
  userMissing: boolean;
  /** Nothing to report or run: user-missing, or no violations and the variable has no hard or soft check. */
  quiet: boolean;
}

/** What the rule run derives from one given text of one variable; kept per variable and distinct text. */
interface Entry {
  /** The given text this entry is of. */
  text: string;
  /** The text as routing and the checks see it: the normalised code, else the text itself. */
  answer: string;
  /** The answer differs from the text (a normalisation to report). */
  normalised: boolean;
  /** The text is empty once trimmed (not answered). */
  blank: boolean;
  /** The answer is empty once trimmed (system-missing for nonresponse). */
  answerBlank: boolean;
  /** The trimmed answer is a user-missing code of the variable. */
  answerMissing: boolean;
  /** The answer trimmed. */
  trimmed: string;
  /** The answer is not a value of the variable's type ({@link invalidCell}; a type violation). */
  invalid: boolean;
  /** The value edit rules read on route: '' for a user-missing code or an invalid answer, else the answer. */
  ruleValue: string;
  /** Day number of the trimmed answer as a date, if it is one. */
  days: number | undefined;
  /** Hash of the trimmed text, for the answer vector. */
  h1: number;
  h2: number;
  /** The form's answer-only checks of `answer`, decided on first use. */
  verdict: Verdict | undefined;
  /** The verdict is known and quiet: the form's checks have nothing to do for this answer. */
  quiet: boolean;
}

/** At most this many distinct answers per variable keep their verdict (free text would otherwise grow without bound). */
const VERDICT_CACHE = 2000;

/** What the form's checks need of one variable in the rule run. */
interface CheckPlan {
  v: Variable;
  slot: number;
  /** Violations of an answer off route (value filled in per case). */
  offRoute: readonly Violation[];
  /** Violations of an empty answer on route. */
  required: readonly Violation[];
  /** The checks of a non-empty answer on route that is not user-missing, pushed onto `out` in the checker's order. */
  check(answer: string, entry: Entry, env: { values: readonly Value[]; self: Value; today: string }, out: Violation[]): void;
}

/**
 * The form's checks per variable (together, what {@link Checker.checkState} reports, in the same order), with the
 * checks that depend only on the answer — codes, types, lengths, ranges, user-missing — decided once per variable
 * and distinct answer by a checker of the questionnaire without hard and soft checks; the hard and soft checks run
 * per case. Answers must be strings (as the rule run passes them to the router).
 * @returns one plan per slot
 */
function answerChecks(q: Questionnaire, router: Router): CheckPlan[] {
  const n = router.variables.length;
  // The same routing with the variables' hard and soft checks left out (routing is not compiled again).
  const bare = createChecker(q, { ...router, variables: router.variables.map((v) => ({ ...v, constraint: undefined, softConstraint: undefined })) });
  const probeOn = new Array<boolean>(n).fill(true);
  const probeAnswers = new Array<Value>(n).fill('');
  const probe: RouteState = { onRoute: probeOn, values: probeAnswers, answers: probeAnswers, today: '' };
  return router.variables.map((v, slot): CheckPlan => {
    const missing = router.missingOf(slot);
    const scope = { slotOf: router.slotOf, missingOf: router.missingOf, selfMissing: missing };
    const hard = v.constraint?.trim() ? compile(parse(v.constraint), scope) : undefined;
    const soft = v.softConstraint?.trim() ? compile(parse(v.softConstraint), scope) : undefined;
    const enterable = v.type !== 'note' && v.type !== 'calculated';
    // What routing alone decides: answered off route, empty on route.
    probeAnswers[slot] = 'x';
    probeOn[slot] = false;
    const offRoute = enterable ? bare.checkVariable(probe, v.name) : [];
    probeAnswers[slot] = '';
    probeOn[slot] = true;
    const required = enterable ? bare.checkVariable(probe, v.name) : [];
    const hardMessage = firstText(v.constraintMessage, `${v.name}: the check '${v.constraint}' fails`);
    const softMessage = firstText(v.softConstraintMessage, `${v.name}: the check '${v.softConstraint}' fails (may be confirmed)`);
    const verdicts = new Map<string, Verdict>();
    const verdictOf = (answer: string): Verdict => {
      const known = verdicts.get(answer);
      if (known) return known;
      const userMissing = isMissingValue(answer, missing);
      let violations: Violation[] = [];
      if (!userMissing) {
        probeAnswers[slot] = answer;
        violations = bare.checkVariable(probe, v.name);
        probeAnswers[slot] = '';
      }
      const quiet = userMissing || (violations.length === 0 && hard === undefined && soft === undefined);
      const verdict: Verdict = { violations, userMissing, valid: violations.every((x) => x.kind === 'range'), quiet };
      if (verdicts.size < VERDICT_CACHE) verdicts.set(answer, verdict);
      return verdict;
    };
    return {
      v, slot, required,
      offRoute: offRoute.map((x) => ({ ...x, value: '' })),
      check(answer, entry, env, out) {
        let verdict = entry.verdict;
        if (verdict === undefined) {
          verdict = entry.verdict = verdictOf(answer);
          entry.quiet = verdict.quiet;
        }
        if (verdict.quiet) return;
        if (!verdict.valid) {
          for (const x of verdict.violations) out.push(x);
          return;
        }
        env.self = answer;
        const hardFails = hard !== undefined && !toBool(hard(env));
        // As the checker: a failing hard check replaces the range violation read from it.
        for (const x of verdict.violations) if (!hardFails || x.kind !== 'range') out.push(x);
        if (hardFails) out.push({ variable: v.name, kind: 'hard', severity: 'hard', message: hardMessage, formMessage: v.constraintMessage, value: answer });
        if (!hardFails && soft && !toBool(soft(env))) {
          out.push({ variable: v.name, kind: 'soft', severity: 'soft', message: softMessage, formMessage: v.softConstraintMessage, value: answer });
        }
      },
    };
  });
}

/** The first language's text of a form message, else the fallback (as the checker words hard and soft violations). */
function firstText(t: Readonly<Record<string, string>>, fallback: string): string {
  return Object.values(t)[0] ?? fallback;
}

/** Reads a case's values into `rawText` by slot ('' for absent, null or undefined), walking the case's own keys. */
function readOwnKeys(given: CleaningCase['values'], slotByName: ReadonlyMap<string, number>, rawText: string[]): void {
  rawText.fill('');
  for (const name in given) {
    const s = slotByName.get(name);
    if (s === undefined) continue;
    const v = given[name];
    rawText[s] = v === null || v === undefined ? '' : v;
  }
}

/** Size of the per-variable table of {@link shortKey}. */
const SHORT_KEYS = 228;

/**
 * A perfect index (0 … SHORT_KEYS − 1) of a short text — one character below 128 (0–127) or two digits (128–227) —
 * so a text's entry is found without comparing texts; −1 for any other text. Most answers (codes, small counts) are
 * such texts.
 */
function shortKey(t: string): number {
  const len = t.length;
  if (len === 1) {
    const c = t.charCodeAt(0);
    return c < 128 ? c : -1;
  }
  if (len === 2) {
    const a = t.charCodeAt(0) - 48;
    const b = t.charCodeAt(1) - 48;
    return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? 128 + a * 10 + b : -1;
  }
  return -1;
}

const SHORT_PLAIN = 1;
const SHORT_MISSING = 2;
const SHORT_QUIET = 4;

/** The text of each {@link shortKey}. */
const SHORT_TEXTS = Array.from({ length: SHORT_KEYS }, (_, k) => (k < 128 ? String.fromCharCode(k) : String(k - 128).padStart(2, '0')));

/** Sorts slot numbers in place, ascending (insertion sort: the lists are short and nearly sorted). */
function sortSlots(a: number[]): void {
  for (let i = 1; i < a.length; i++) {
    const x = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > x) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = x;
  }
}

/** log2 of the direct-mapped entry table's size per variable. */
const DIRECT_BITS = 7;

/** A cheap index (0 … 2^DIRECT_BITS − 1) of a text from its length and up to its first eight and last characters. */
function directIndex(t: string): number {
  const len = t.length;
  let h = Math.imul(len, 0x9e3779b1);
  const m = len < 8 ? len : 8;
  for (let i = 0; i < m; i++) h = Math.imul(h ^ t.charCodeAt(i), 0x01000193);
  if (len > 8) h = Math.imul(h ^ t.charCodeAt(len - 1), 0x01000193);
  return Math.imul(h ^ (h >>> 15), 0x85ebca6b) >>> (32 - DIRECT_BITS);
}

/** Two 32-bit hashes (FNV-1a and a murmur-style mix) of `s` followed by the separator, into `h`. */
function hashText(h: Int32Array, s: string): void {
  let a = 0x811c9dc5 | 0;
  let b = 0x12345678;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 13;
  }
  a = Math.imul(a ^ 0x1f, 0x01000193);
  b = Math.imul(b ^ 0x1f, 0x5bd1e995);
  b ^= b >>> 13;
  h[0] = a;
  h[1] = b;
}

/**
 * The rule run as {@link Cleaner.run} does it: a case's values read by slot ({@link SlotCase}) or from its own keys
 * once; per variable and distinct text one cached {@link Entry} (normalisation, user-missing, date, hash, the value
 * rules read, the answer-only check verdict), found by the perfect index of a short text ({@link shortKey}), else
 * through the previous case's text or a direct-mapped table before the cache; one pass over the slots in routing's
 * dependency order ({@link Router.plan}, run inline into reused arrays) that takes each slot's entry, its route,
 * nonresponse and the reused buffer of values the rules read, and notes the slots the form's checks and dates must
 * look at; then those checks in slot order ({@link answerChecks}: answer-only verdicts cached, hard and soft checks
 * per case); an edit rule whose slots are all empty takes its outcome worked out
 * once per run; identical answer vectors found by a 53-bit hash per case in an open-addressing table, confirmed on
 * the exact vectors of colliding cases only. Produces exactly what {@link Cleaner.runReference} produces, in the same
 * order (property-tested in fastRun.test.ts, by name and by slot).
 */
function fastRun(p: RunPlan): (cases: readonly (CleaningCase | SlotCase)[], opts?: CleaningOptions) => CleaningResult {
  const { n, names, slots, router, checker, derivedFns, compiled, scope, grids } = p;
  const enterable = Uint8Array.from(slots, (sl) => (sl.enterable ? 1 : 0));
  const multiple = Uint8Array.from(slots, (sl) => (sl.variable.type === 'multiple' ? 1 : 0));
  const isDate = Uint8Array.from(slots, (sl) => (sl.variable.type === 'date' ? 1 : 0));
  const missing = slots.map((sl) => sl.missing);
  /** Whether '' counts as a user-missing code (never in practice, kept for exactness). */
  const missingEmpty = Uint8Array.from(slots, (sl) => (sl.missing.has('') ? 1 : 0));
  const vectorSlots = slots.flatMap((sl, s) => (sl.enterable && !sl.variable.identifier ? [s] : []));
  const inVector = Uint8Array.from(slots, (sl) => (sl.enterable && !sl.variable.identifier ? 1 : 0));
  const vectorNames = vectorSlots.map((s) => names[s]!);
  const rules = compiled.map((r) => {
    const first = r.variables[0];
    return { r, firstSlot: first !== undefined ? scope.slotOf(first) : undefined, reads: Int32Array.from(r.slots) };
  });
  const ruleFns = compiled.map((r) => r.fn);
  /** The slots rule i reads: readSlots[readFrom[i]] … readSlots[readFrom[i + 1] − 1]. */
  const readFrom = new Int32Array(rules.length + 1);
  rules.forEach(({ reads }, i) => (readFrom[i + 1] = readFrom[i]! + reads.length));
  const readSlots = Int32Array.from(rules.flatMap(({ reads }) => [...reads]));
  const width = scope.size;
  const checks = answerChecks(p.q, router);
  const checkEnv: { values: readonly Value[]; self: Value; today: string } = { values: [], self: '', today: '' };
  const found: Violation[] = [];
  const h = new Int32Array(2);
  hashText(h, '');
  const emptyH1 = h[0]!;
  const emptyH2 = h[1]!;
  const entryCache = slots.map(() => new Map<string, Entry>());
  /** The entry of a non-empty text of an enterable variable (cached up to VERDICT_CACHE distinct texts per variable). */
  const entryOf = (s: number, text: string): Entry => {
    const cache = entryCache[s]!;
    const known = cache.get(text);
    if (known !== undefined) return known;
    const sl = slots[s]!;
    let answer = text;
    if (sl.codes && sl.folded && !isNormalCode(text, sl.codes, multiple[s] === 1)) answer = normaliseCode(text, sl.codes, sl.folded, multiple[s] === 1) ?? text;
    const trimmed = answer.trim();
    hashText(h, text.trim());
    const answerBlank = trimmed === '';
    const answerMissing = !answerBlank && sl.missing.has(trimmed);
    const invalid = sl.kind !== undefined && invalidCell(sl.kind, answer);
    const e: Entry = {
      text, verdict: undefined, quiet: false, answer, trimmed, normalised: answer !== text, blank: text.trim() === '', answerBlank, answerMissing, invalid,
      ruleValue: answerMissing || invalid || (answerBlank && missingEmpty[s] === 1) ? '' : answer,
      days: isDate[s] === 1 ? dateToDays(trimmed) : undefined, h1: h[0]!, h2: h[1]!,
    };
    if (cache.size < VERDICT_CACHE) cache.set(text, e);
    return e;
  };
  /** Entries by slot and {@link directIndex} of their text: most texts are found here without hashing the whole text. */
  const direct = new Array<Entry | undefined>(n << DIRECT_BITS).fill(undefined);
  const directText = new Array<string>(n << DIRECT_BITS).fill('');
  /**
   * Entries by slot and {@link shortKey} of their text, of plain texts only: answered (not blank), not normalised and
   * not invalid, so the answer is the text itself, its trimmed text is the text (a short text with a space is blank)
   * and the rules read it unless it is a user-missing code. An invalid short text ("x" in an integer) is found
   * through the cache, as a long text is.
   */
  const short = new Array<Entry | undefined>(n * SHORT_KEYS).fill(undefined);
  /** The answer-vector hashes of each short text (those of its entries). */
  const shortH1 = new Int32Array(SHORT_KEYS);
  const shortH2 = new Int32Array(SHORT_KEYS);
  SHORT_TEXTS.forEach((t, k) => {
    hashText(h, t.trim());
    shortH1[k] = h[0]!;
    shortH2[k] = h[1]!;
  });
  /**
   * What the run needs of each entry in `short`, by the same index, in a byte (a small table the hot loop reads
   * instead of the entry): {@link SHORT_PLAIN} (an entry is there), {@link SHORT_MISSING} (its answer is a
   * user-missing code), {@link SHORT_QUIET} (the form's checks have nothing to do for it). A plain short text is never
   * a date and its trimmed answer is the text itself.
   */
  const shortFlags = new Uint8Array(n * SHORT_KEYS);
  /** Slot of each variable name; reading a case's own keys beats looking up 200 names in it (megamorphic keyed loads). */
  const slotByName = new Map<string, number>();
  names.forEach((name, s) => slotByName.set(name, slotByName.has(name) ? -1 : s));
  const uniqueNames = [...slotByName.values()].every((s) => s >= 0);
  /** Per grid and short key: 1 when the short text is one of the grid's missing codes. */
  const gridShortMissing = grids.map((g) => Uint8Array.from(SHORT_TEXTS, (t) => (g.missing.has(t) ? 1 : 0)));
  const plan = router.plan();
  const { order, acyclic, groupOfSlot, groupOn, relSlot, relText, relNegated } = plan;
  const relevantFns = plan.relevant;
  const calcFns = plan.calculate;

  return (cases, opts = {}) => {
    const today = opts.today ?? '';
    const todayDays = today ? dateToDays(today) : undefined;
    const share = opts.incompleteShare ?? 0.5;
    const checkOpts = { today };
    const out: CleaningViolation[] = [];
    const onRouteN = new Int32Array(n);
    const sysN = new Int32Array(n);
    const userN = new Int32Array(n);
    const derivedCols: string[][] = p.derivedNames.map(() => new Array<string>(cases.length));
    const minAnswers = opts.duplicateMinAnswers ?? 5;
    const duplicates = opts.duplicates !== false;
    // Open-addressing table of answer-vector hashes (ha, hb >>> 11) → first row with that hash; rows sharing a hash
    // go to sharedHash under the 53-bit key.
    const cap = duplicates ? 1 << Math.max(4, Math.ceil(Math.log2(cases.length * 2 + 1))) : 1;
    const tabA = new Int32Array(cap);
    const tabB = new Int32Array(cap);
    const tabRow = new Int32Array(cap).fill(-1);
    const sharedHash = new Map<number, number[]>();
    /** The answers routing reads, by slot (strings; '' for empty). */
    const raw = new Array<string>(n).fill('');
    const entries = new Array<Entry | undefined>(n).fill(undefined);
    /** Per slot of the current case: the index in `short` of its plain short text (its entry), else −1. */
    const shortAt = new Int32Array(n).fill(-1);
    const lastEntry = new Array<Entry | undefined>(n).fill(undefined);
    const lastText = new Array<string>(n).fill('');
    /** Routing's state of the current case, run inline (see Router.plan). */
    const routed = new Array<Value>(n).fill('');
    const onRoute = new Array<boolean>(n).fill(false);
    const groupState = new Int8Array(plan.groupCount);
    const routeEnv: { values: Value[]; self: Value; today: string } = { values: routed, self: '', today };
    const state: RouteState = { onRoute, values: routed, answers: raw, today };
    /** Slots of the current case with a normalised answer, and slots the form's checks or dates must look at. */
    const normSlots: number[] = [];
    const pendSlots: number[] = [];
    /** The entry of a non-empty text of an enterable variable (a known plain short text is looked up inline). */
    const lookup = (s: number, text: string): Entry => {
      const key = shortKey(text);
      if (key >= 0) {
        const at = s * SHORT_KEYS + key;
        const known = short[at];
        if (known !== undefined) return known;
        const e = entryOf(s, text);
        if (!e.normalised && !e.blank && !e.invalid) {
          short[at] = e;
          shortFlags[at] = SHORT_PLAIN | (e.answerMissing ? SHORT_MISSING : 0) | (e.verdict !== undefined && e.quiet ? SHORT_QUIET : 0);
        }
        return e;
      }
      // The previous case's entry of this variable, else the direct-mapped table, else the cache; the texts are
      // compared in flat arrays of their own ('' never matches: text is not empty here) before an entry is read.
      if (lastText[s] === text) return lastEntry[s]!;
      const at = (s << DIRECT_BITS) + directIndex(text);
      let e: Entry;
      if (directText[at] === text) e = direct[at]!;
      else {
        e = entryOf(s, text);
        direct[at] = e;
        directText[at] = text;
      }
      lastText[s] = text;
      lastEntry[s] = e;
      return e;
    };
    /** Reports a date answer after today (after the case's checks). */
    const later: CleaningViolation[] = [];
    const futureDate = (row: number, caseId: string, s: number, text: string, d: number | undefined): void => {
      if (d === undefined || todayDays === undefined || d <= todayDays) return;
      const name = names[s]!;
      later.push({ row, caseId, ruleId: `date:${name}`, kind: 'date', severity: 'warning', variables: [name], message: `${text} lies after today (${today})`, value: text, fingerprint: text });
    };
    const rawText = new Array<string>(n).fill('');
    const values = new Array<Value>(width).fill('');
    const env: { values: Value[]; self: Value; today: string } = { values, self: '', today };
    const withRules = derivedFns.length > 0 || compiled.length > 0;
    /** Each rule's outcome (1 triggers) when every slot it reads is empty: expressions are pure, so it is fixed per run. */
    const emptyEnv = { values: new Array<Value>(width).fill(''), self: '', today };
    const whenEmpty = Uint8Array.from(rules, ({ r }) => (toBool(r.fn(emptyEnv)) ? 1 : 0));

    for (let row = 0; row < cases.length; row++) {
      const c = cases[row]!;
      const caseId = c.caseId;
      // 1. Raw values, reporting (and using) normalised codes.
      const bySlot = (c as SlotCase).slots;
      /** The case's texts by slot ('' = null, undefined or absent), for the values violations report. */
      const texts: readonly (string | null | undefined)[] = bySlot ?? rawText;
      if (bySlot !== undefined) {
        // read in the pass below
      } else if (uniqueNames) readOwnKeys((c as CleaningCase).values, slotByName, rawText);
      else {
        const given = (c as CleaningCase).values;
        for (let s = 0; s < n; s++) {
          const v = given[names[s]!];
          rawText[s] = v === null || v === undefined ? '' : v;
        }
      }
      // 1–3 in one pass over the slots in routing's dependency order (routing.plan()): per slot its text's entry
      // (normalisation, the answer-vector hash), its route (as Router.evaluator), and what the rules read, item
      // nonresponse and which slots the form's checks and dates must look at once the case is routed. Violations are
      // reported afterwards in slot order, as the separate passes did. An entry's answer is the text routing holds for
      // its slot (raw is routing's answers), so the entry describes it.
      let answered = 0;
      let ha = 0x811c9dc5 | 0;
      let hb = 0x12345678;
      let onRouteCount = 0;
      let empty = 0;
      normSlots.length = 0;
      pendSlots.length = 0;
      found.length = 0;
      later.length = 0;
      groupState.fill(0);
      if (!acyclic) {
        // A cycle: an expression may read a slot visited later, which then holds its answer.
        for (let s = 0; s < n; s++) {
          const v = bySlot !== undefined ? bySlot[s] : rawText[s];
          const text = v === null || v === undefined ? '' : v;
          routed[s] = enterable[s] === 1 && text !== '' ? lookup(s, text).answer : text;
        }
      }
      for (let k = 0; k < n; k++) {
        const s = order[k]!;
        let text: string;
        if (bySlot !== undefined) {
          const v = bySlot[s];
          text = v === null || v === undefined ? '' : v;
        } else text = rawText[s]!;
        // The entry: a plain short text (most answers) is done without reading it (see shortFlags).
        let a: string;
        let e: Entry | undefined;
        let sAt = -1;
        let flags = 0;
        if (enterable[s] === 0 || text === '') {
          a = text;
          e = undefined;
          if (inVector[s] === 1) {
            ha = Math.imul(ha ^ emptyH1, 0x01000193);
            hb = Math.imul(hb ^ emptyH2, 0x5bd1e995);
            hb ^= hb >>> 15;
          }
        } else {
          const key = shortKey(text);
          if (key >= 0) {
            sAt = s * SHORT_KEYS + key;
            flags = shortFlags[sAt]!;
          }
          if (flags !== 0) {
            e = undefined;
            a = text;
            answered++;
            if (inVector[s] === 1) {
              ha = Math.imul(ha ^ shortH1[key]!, 0x01000193);
              hb = Math.imul(hb ^ shortH2[key]!, 0x5bd1e995);
              hb ^= hb >>> 15;
            }
          } else {
            sAt = -1;
            e = lookup(s, text);
            a = e.answer;
            if (inVector[s] === 1) {
              ha = Math.imul(ha ^ e.h1, 0x01000193);
              hb = Math.imul(hb ^ e.h2, 0x5bd1e995);
              hb ^= hb >>> 15;
            }
            if (!e.blank) answered++;
            if (e.normalised) normSlots.push(s);
          }
        }
        shortAt[s] = sAt;
        raw[s] = a;
        entries[s] = e;
        // The route: the slot holds its answer while its own expressions run.
        routed[s] = a;
        routeEnv.self = a;
        const gi = groupOfSlot[s]!;
        const gs = gi < 0 ? 1 : groupState[gi]!;
        let on = gs === 1 || (gs === 0 && groupOn(gi, groupState, routeEnv));
        if (on) {
          const rs = relSlot[s]!;
          if (rs >= 0) on = equalsText(routed[rs] ?? '', relText[s]!) !== (relNegated[s] === 1);
          else {
            const rel = relevantFns[s];
            if (rel) on = toBool(rel(routeEnv));
          }
        }
        onRoute[s] = on;
        if (enterable[s] === 0) {
          let v: Value = '';
          if (on) {
            const calc = calcFns[s];
            v = calc ? toStored(calc(routeEnv)) : a;
          }
          routed[s] = v;
          const m = missing[s]!;
          values[s] = m.size > 0 && !isEmpty(v) && m.has(toStr(v).trim()) ? '' : v;
          continue;
        }
        if (!on) {
          // Off route routing's value is '' (and '' is what the rules read).
          routed[s] = '';
          values[s] = '';
          if (uniqueNames && a !== '') pendSlots.push(s);
          continue;
        }
        onRouteCount++;
        onRouteN[s]!++;
        if (sAt >= 0) {
          // A plain short text: answered, not a date; the rules read it unless it is a user-missing code.
          if ((flags & SHORT_MISSING) !== 0) {
            userN[s]!++;
            values[s] = '';
          } else {
            values[s] = a;
            if (uniqueNames && (flags & SHORT_QUIET) === 0) pendSlots.push(s);
          }
          continue;
        }
        if (e === undefined || e.answerBlank) {
          // Not answered: the answer is '' (or blank).
          sysN[s]!++;
          empty++;
          values[s] = e === undefined ? '' : e.ruleValue;
          if (uniqueNames && checks[s]!.required.length > 0) pendSlots.push(s);
          continue;
        }
        values[s] = e.ruleValue;
        if (e.answerMissing) userN[s]!++;
        else if ((uniqueNames && !e.quiet) || e.days !== undefined) pendSlots.push(s);
      }
      sortSlots(normSlots);
      for (let i = 0; i < normSlots.length; i++) {
        const s = normSlots[i]!;
        const text = texts[s] ?? '';
        const name = names[s]!;
        out.push({ row, caseId, ruleId: `normalise:${name}`, kind: 'normalise', severity: 'warning', variables: [name], message: `"${text}" is code ${entries[s]!.answer} of ${name} once spaces and letter case are normalised`, value: text, fingerprint: text });
      }
      // The form's checks (validity, required, off route, hard, soft) and dates after today, in slot order, over the
      // routed case.
      if (!uniqueNames) found.push(...checker.checkState(state, checkOpts));
      checkEnv.values = routed;
      checkEnv.today = today;
      sortSlots(pendSlots);
      for (let i = 0; i < pendSlots.length; i++) {
        const s = pendSlots[i]!;
        if (onRoute[s] !== true) {
          const a = raw[s]!;
          for (const x of checks[s]!.offRoute) found.push({ ...x, value: a });
          continue;
        }
        const at = shortAt[s]!;
        const e = at >= 0 ? short[at] : entries[s];
        if (e === undefined || e.answerBlank) {
          for (const x of checks[s]!.required) found.push(x);
          continue;
        }
        if (uniqueNames && !e.quiet) checks[s]!.check(e.answer, e, checkEnv, found);
        // Once the checks found an answer quiet, its short text need not come here again.
        if (e.quiet) {
          const k = shortKey(e.text);
          const f = k >= 0 ? shortFlags[s * SHORT_KEYS + k]! : 0;
          if ((f & SHORT_PLAIN) !== 0) shortFlags[s * SHORT_KEYS + k] = f | SHORT_QUIET;
        }
        if (e.days !== undefined) futureDate(row, caseId, s, e.trimmed, e.days);
      }
      for (let i = 0; i < found.length; i++) {
        const v = found[i]!;
        const kind: CleaningKind = v.kind;
        const vs = router.slotOf(v.variable);
        out.push({ row, caseId, ruleId: `${kind}:${v.variable}`, kind, severity: severityOf(v), variables: [v.variable], message: v.message, value: vs === undefined ? v.value : (texts[vs] ?? ''), fingerprint: v.value });
      }
      for (let i = 0; i < later.length; i++) out.push(later[i]!);
      if (empty > 0 && empty >= share * onRouteCount) {
        out.push({ row, caseId, ruleId: 'incomplete', kind: 'incomplete', severity: 'warning', variables: [], message: `${empty} of ${onRouteCount} fields on route are empty`, value: null, fingerprint: `${empty}/${onRouteCount}` });
      }
      // 4. Grids: the same valid answer on every item. An item unlike the first ends the test before its missing
      // codes are looked up; a plain short text is known by its key (its text, and whether it is a missing code).
      for (let gi = 0; gi < grids.length; gi++) {
        const g = grids[gi]!;
        const gSlots = g.slots;
        const gMissing = gridShortMissing[gi]!;
        let first: string | null = null;
        let same = true;
        for (let k = 0; k < gSlots.length; k++) {
          const s = gSlots[k]!;
          if (onRoute[s] !== true) {
            same = false;
            break;
          }
          const at = shortAt[s]!;
          let a: string;
          if (at >= 0) {
            const key = at - s * SHORT_KEYS;
            a = SHORT_TEXTS[key]!;
            if (first !== null ? a !== first : gMissing[key] === 1) {
              same = false;
              break;
            }
          } else {
            const e = entries[s];
            a = e !== undefined ? e.trimmed : '';
            if (first !== null ? a !== first : a === '' || g.missing.has(a)) {
              same = false;
              break;
            }
          }
          first = a;
        }
        if (same && first !== null && !g.exempt.has(first)) {
          const gridNames = g.slots.map(p.nameOfSlot);
          out.push({ row, caseId, ruleId: `straightlining:${g.group}`, kind: 'straightlining', severity: 'warning', variables: gridNames, message: `the same answer (${first}) on all ${gridNames.length} items of ${g.group}`, value: first, fingerprint: first });
        }
      }
      // 5. Derived variables and edit rules, over the reused value buffer.
      if (withRules) {
        for (let i = 0; i < derivedFns.length; i++) {
          const d = toStored(derivedFns[i]!(env));
          values[n + i] = d;
          derivedCols[i]![row] = toStr(d);
        }
        for (let i = 0; i < ruleFns.length; i++) {
          // A rule reads only its slots: when all are empty its outcome is the one worked out for this run.
          let allEmpty = true;
          for (let k = readFrom[i]!, end = readFrom[i + 1]!; k < end; k++) {
            if (values[readSlots[k]!] !== '') {
              allEmpty = false;
              break;
            }
          }
          if (!(allEmpty ? whenEmpty[i] === 1 : toBool(ruleFns[i]!(env)))) continue;
          const { r, firstSlot, reads } = rules[i]!;
          let fingerprint = '';
          for (let k = 0; k < reads.length; k++) {
            const s = reads[k]!;
            if (k > 0) fingerprint += SEP;
            fingerprint += s < n ? (texts[s] ?? '') : toStr(values[s]!);
          }
          const value = firstSlot === undefined ? null : firstSlot < n ? (texts[firstSlot] ?? '') : toStr(values[firstSlot]!);
          out.push({ row, caseId, ruleId: r.id, kind: 'edit', severity: r.rule.severity, variables: r.variables, message: r.rule.message, value, fingerprint });
        }
      }
      // 6. The answer vector's hash, for duplicates.
      if (duplicates && answered >= minAnswers) {
        const hk = hb >>> 11;
        let at = Math.imul(ha ^ Math.imul(hk, 0x9e3779b1), 0x85ebca6b) & (cap - 1);
        while (tabRow[at] !== -1 && (tabA[at] !== ha || tabB[at] !== hk)) at = (at + 1) & (cap - 1);
        const first = tabRow[at]!;
        if (first === -1) {
          tabA[at] = ha;
          tabB[at] = hk;
          tabRow[at] = row;
        } else {
          const key = (ha >>> 0) * 2_097_152 + hk;
          const rows = sharedHash.get(key);
          if (rows) rows.push(row);
          else sharedHash.set(key, [first, row]);
        }
      }
      if ((row + 1) % 1000 === 0) opts.onProgress?.(row + 1, cases.length);
    }

    if (duplicates) {
      reportDuplicateIdsFast(cases, out);
      // Cases sharing a hash: group them by their exact answer vectors; report groups in order of their first case.
      const groups: number[][] = [];
      for (const rows of sharedHash.values()) {
        const exact = new Map<string, number[]>();
        for (const row of rows) {
          const c = cases[row]!;
          const bySlot = (c as SlotCase).slots;
          let key = '';
          for (let k = 0; k < vectorSlots.length; k++) {
            const v = bySlot !== undefined ? bySlot[vectorSlots[k]!] : (c as CleaningCase).values[vectorNames[k]!];
            key += (v === null || v === undefined ? '' : v).trim() + SEP;
          }
          const same = exact.get(key);
          if (same) same.push(row);
          else exact.set(key, [row]);
        }
        for (const g of exact.values()) if (g.length > 1) groups.push(g);
      }
      groups.sort((a, b) => a[0]! - b[0]!);
      reportDuplicateAnswers(cases, groups, out);
    }
    opts.onProgress?.(cases.length, cases.length);
    const nonresponse: ItemNonresponse[] = [];
    for (let s = 0; s < n; s++) {
      if (enterable[s] === 0) continue;
      const on = onRouteN[s]!;
      nonresponse.push({ variable: names[s]!, onRoute: on, systemMissing: sysN[s]!, userMissing: userN[s]!, rate: on === 0 ? 0 : (sysN[s]! + userN[s]!) / on });
    }
    const derivedOut: Record<string, string[]> = {};
    p.derivedNames.forEach((name, i) => (derivedOut[name] = derivedCols[i]!));
    return { cases: cases.length, violations: out, nonresponse, ruleTests: p.testRules(today), derived: derivedOut };
  };
}

/** Reports every case whose ID occurs more than once (IDs compared without spaces, hyphens and letter case). */
function reportDuplicateIds(cases: readonly { caseId: string }[], out: CleaningViolation[]): void {
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
}

/** Whether a case ID is its own comparison key: only printable ASCII without lower-case letters, spaces and hyphens. */
function isPlainId(id: string): boolean {
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c <= 32 || c >= 127 || c === 45 || (c >= 97 && c <= 122)) return false;
  }
  return true;
}

/**
 * {@link reportDuplicateIds} for many cases: plain IDs are their own key, keys are found through an open-addressing
 * table of their FNV-1a hashes (linear probing, keys compared on a hash match), and only IDs seen twice get a list of
 * rows. Same findings in the same order (groups in order of their first case).
 */
function reportDuplicateIdsFast(cases: readonly { caseId: string }[], out: CleaningViolation[]): void {
  const count = cases.length;
  const cap = 1 << Math.max(4, Math.ceil(Math.log2(count * 2 + 1)));
  const mask = cap - 1;
  const rowAt = new Int32Array(cap).fill(-1);
  const hashAt = new Int32Array(cap);
  const keys = new Array<string>(count);
  /** Rows of each key seen more than once, by its first row. */
  const multi = new Map<number, number[]>();
  for (let row = 0; row < count; row++) {
    const id = cases[row]!.caseId;
    const k = isPlainId(id) ? id : id.trim().toUpperCase().replace(/[\s-]/g, '');
    keys[row] = k;
    let h = 0x811c9dc5 | 0;
    for (let i = 0; i < k.length; i++) h = Math.imul(h ^ k.charCodeAt(i), 0x01000193);
    let at = Math.imul(h ^ (h >>> 15), 0x85ebca6b) & mask;
    while (rowAt[at] !== -1 && (hashAt[at] !== h || keys[rowAt[at]!] !== k)) at = (at + 1) & mask;
    const first = rowAt[at]!;
    if (first === -1) {
      rowAt[at] = row;
      hashAt[at] = h;
    } else {
      const rows = multi.get(first);
      if (rows) rows.push(row);
      else multi.set(first, [first, row]);
    }
  }
  const groups = [...multi.values()].sort((a, b) => a[0]! - b[0]!);
  for (const rows of groups) {
    for (const row of rows) {
      const c = cases[row]!;
      const others = rows.filter((r) => r !== row).map((r) => cases[r]!.caseId);
      out.push({ row, caseId: c.caseId, ruleId: 'duplicateId', kind: 'duplicateId', severity: 'error', variables: [], message: `case ID ${c.caseId} occurs ${rows.length} times (also as ${others.join(', ')})`, value: c.caseId, fingerprint: others.join(SEP) });
    }
  }
}

/** Reports the cases of each group of identical answer vectors that also occur under another case ID. */
function reportDuplicateAnswers(cases: readonly { caseId: string }[], groups: Iterable<number[]>, out: CleaningViolation[]): void {
  for (const rows of groups) {
    if (rows.length < 2) continue;
    for (const row of rows) {
      const c = cases[row]!;
      const others = rows.filter((r) => r !== row && cases[r]!.caseId !== c.caseId).map((r) => cases[r]!.caseId);
      if (others.length === 0) continue;
      out.push({ row, caseId: c.caseId, ruleId: 'duplicateAnswers', kind: 'duplicateAnswers', severity: 'warning', variables: [], message: `the same answers as case ${others.join(', ')}`, value: null, fingerprint: others.join(SEP) });
    }
  }
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
