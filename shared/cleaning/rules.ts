// Edit rules and derived variables: validation against a questionnaire, compilation over the extended slot table.
import { DomainError, type ErrorIssue } from '../domain/errors';
import { dataColumns, findList, findVariable, userMissingCodes, variablesOf, type Questionnaire, type Variable } from '../domain/questionnaire';
import { refsOf } from '../expr/ast';
import { checkExpr, type VarInfo } from '../expr/check';
import { compile, type CompileScope, type Evaluator } from '../expr/compile';
import { tryParse } from '../expr/parser';
import type { Router } from '../routing/router';
import type { DerivedVariable, EditRule } from './types';

/** Rule names: letters, digits, `_`, `-` and `.`, starting with a letter (they become rule IDs `edit:<name>`). */
export const RULE_NAME_RE = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;
/** Derived variable names: as questionnaire variable names (letter first, then letters, digits, `_`). */
export const DERIVED_NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/** The rule ID under which an edit rule's violations are stored and accepted. */
export function editRuleId(name: string): string {
  return `edit:${name}`;
}

/** Slots of the rule run: the router's variables, then the derived variables in definition order. */
export interface ExtendedScope extends CompileScope {
  /** Number of slots (router variables + derived). */
  size: number;
}

/**
 * The compile scope of edit rules and derivations: questionnaire variables by router slot, derived variables after
 * them (a derived variable sees only the derived variables defined before it when `upTo` is given).
 */
export function extendedScope(router: Router, derived: readonly DerivedVariable[], upTo = derived.length): ExtendedScope {
  const n = router.variables.length;
  const extra = new Map<string, number>();
  derived.slice(0, upTo).forEach((d, i) => extra.set(d.name, n + i));
  const none: ReadonlySet<string> = new Set();
  return {
    size: n + derived.length,
    slotOf: (name) => router.slotOf(name) ?? extra.get(name),
    missingOf: (slot) => (slot < n ? router.missingOf(slot) : none),
  };
}

function varInfo(q: Questionnaire, v: Variable, index: number): VarInfo {
  const list = v.listName !== undefined ? findList(q, v.listName) : undefined;
  const info: VarInfo = { type: v.type, index };
  if (list) return { ...info, codes: new Set([...list.choices.map((c) => c.code), ...userMissingCodes(q, v).map((m) => m.code)]) };
  return info;
}

/**
 * Statically checks an expression of an edit rule or derived variable against the questionnaire (plus the derived
 * variables it may read).
 * @returns located problems as issues (empty when fine); warnings are included with "warning:" in front. Each issue's
 *   `reason` is `expr.<key>` (shared/expr/messages.ts; the renderer's i18n key) and its `params` the problem's values
 *   plus `at`, the 0-based position also named by the English message's "(at N)"
 */
export function checkRuleExpression(q: Questionnaire, expression: string, derivedNames: readonly string[] = []): ErrorIssue[] {
  const parsed = tryParse(expression);
  if (!parsed.ok) return [{ message: `${parsed.error.message} (at ${parsed.error.span.start})`, value: expression, reason: `expr.${parsed.error.key}`, params: { ...parsed.error.params, at: parsed.error.span.start } }];
  const vars = new Map<string, VarInfo>();
  let i = 0;
  const walk = (name: string): VarInfo | undefined => {
    const v = findVariable(q, name);
    if (v && v.name === name) return vars.get(name) ?? (vars.set(name, varInfo(q, v, i++)), vars.get(name));
    if (derivedNames.includes(name)) return { type: 'calculated', index: 100_000 };
    return undefined;
  };
  return checkExpr(parsed.expr, { lookup: walk }).map((p) => ({
    message: `${p.severity === 'warning' ? 'warning: ' : ''}${p.message} (at ${p.span.start})`,
    value: expression.slice(p.span.start, p.span.end),
    reason: `expr.${p.key}`,
    params: { ...p.params, at: p.span.start },
  }));
}

/**
 * Validates an edit rule: its name, expression (errors only; warnings pass), severity, and that its variables exist.
 * @throws DomainError EXPRESSION_ERROR (the expression) or INVALID_INPUT (name, variables) with every problem
 */
/**
 * Every problem of an edit rule at once (unlike {@link validateEditRule}, which stops after name and variables): the
 * name (skipped when empty), each declared variable, and the expression (skipped when empty), for sheet imports.
 * @returns issues with `path[0]` the field (`name`, `variables`, `expression`); warnings left out
 */
export function editRuleProblems(q: Questionnaire, rule: EditRule, derivedNames: readonly string[] = []): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  if (rule.name !== '' && !RULE_NAME_RE.test(rule.name)) issues.push({ message: `rule name "${rule.name}" must start with a letter and hold only letters, digits, _ - .`, path: ['name'], value: rule.name });
  for (const v of rule.variables) if (!findVariable(q, v) && !derivedNames.includes(v)) issues.push({ message: `unknown variable ${v}`, path: ['variables'], value: v });
  if (rule.expression !== '') for (const p of checkRuleExpression(q, rule.expression, derivedNames)) if (!p.message.startsWith('warning: ')) issues.push({ ...p, path: ['expression'] });
  return issues;
}

export function validateEditRule(q: Questionnaire, rule: EditRule, derivedNames: readonly string[] = []): void {
  const issues: ErrorIssue[] = [];
  if (!RULE_NAME_RE.test(rule.name)) issues.push({ message: `rule name "${rule.name}" must start with a letter and hold only letters, digits, _ - .`, path: ['name'] });
  for (const v of rule.variables) if (!findVariable(q, v) && !derivedNames.includes(v)) issues.push({ message: `unknown variable ${v}`, path: ['variables'], value: v });
  if (issues.length > 0) throw new DomainError('INVALID_INPUT', `Rule ${rule.name}: ${issues.map((x) => x.message).join('; ')}`, issues);
  const problems = checkRuleExpression(q, rule.expression, derivedNames).filter((p) => !p.message.startsWith('warning: '));
  if (problems.length > 0) throw new DomainError('EXPRESSION_ERROR', `Rule ${rule.name}: ${problems.map((p) => p.message).join('; ')}`, problems.map((p) => ({ ...p, path: ['expression'] })));
}

/** The longest code (characters) of a derived variable's value label. */
export const DERIVED_CODE_MAX_LENGTH = 64;
/** The longest label (characters) of a derived variable's value label. */
export const DERIVED_VALUE_LABEL_MAX_LENGTH = 500;
/** The most value labels one derived variable may have. */
export const DERIVED_VALUE_LABELS_MAX = 1000;

/**
 * Problems of one derived variable's value labels: each code non-empty (after trimming), at most
 * {@link DERIVED_CODE_MAX_LENGTH} characters and unique within the variable; each label non-empty, at most
 * {@link DERIVED_VALUE_LABEL_MAX_LENGTH} characters; at most {@link DERIVED_VALUE_LABELS_MAX} labels. Rows are
 * numbered from 1 in the messages (as the editor shows them, one per line).
 * @param d the derived variable
 * @param index its position in the list (issue paths are `[index, 'valueLabels', row index, 'code' | 'label']`)
 * @returns the problems, empty when the labels are fine or absent
 */
export function valueLabelProblems(d: DerivedVariable, index = 0): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  const labels = d.valueLabels ?? [];
  if (labels.length > DERIVED_VALUE_LABELS_MAX) issues.push({ message: `${d.name}: at most ${DERIVED_VALUE_LABELS_MAX} value labels (got ${labels.length})`, path: [index, 'valueLabels'] });
  const seen = new Map<string, number>();
  labels.forEach((l, r) => {
    const row = r + 1;
    const code = l.code.trim();
    if (code === '') issues.push({ message: `${d.name}: value label ${row} has no code`, path: [index, 'valueLabels', r, 'code'] });
    else if (code.length > DERIVED_CODE_MAX_LENGTH) issues.push({ message: `${d.name}: value label ${row}: code longer than ${DERIVED_CODE_MAX_LENGTH} characters`, path: [index, 'valueLabels', r, 'code'], value: code });
    else if (seen.has(code)) issues.push({ message: `${d.name}: value label ${row}: code ${code} is also value label ${seen.get(code)!}`, path: [index, 'valueLabels', r, 'code'], value: code });
    else seen.set(code, row);
    if (l.label.trim() === '') issues.push({ message: `${d.name}: value label ${row} (code ${code || '?'}) has no label`, path: [index, 'valueLabels', r, 'label'] });
    else if (l.label.trim().length > DERIVED_VALUE_LABEL_MAX_LENGTH) issues.push({ message: `${d.name}: value label ${row} (code ${code}): label longer than ${DERIVED_VALUE_LABEL_MAX_LENGTH} characters`, path: [index, 'valueLabels', r, 'label'] });
  });
  return issues;
}

/** Columns every data export writes besides the variables: the case ID (CSV, Excel Data sheet, SPSS syntax). */
export const RESERVED_EXPORT_COLUMNS: readonly string[] = ['case_id'];

/** A weight variable a weighting scheme writes into the export (name as the scheme gives it). */
export interface TakenWeightName {
  name: string;
  scheme: string;
}

/** What a derived variable's name clashes with: the kind and the taken column name as spelled there. */
export type DerivedNameClash =
  | { kind: 'reserved'; column: string }
  | { kind: 'variable'; column: string }
  | { kind: 'option'; column: string; variable: string }
  | { kind: 'weight'; column: string; scheme: string }
  | { kind: 'derived'; column: string };

/**
 * Export column names a derived variable may not take, keyed by lower case (SPSS/PSPP variable names are
 * case-insensitive, so `Slachtoffer_D` clashes with `slachtoffer_d`): the reserved columns
 * ({@link RESERVED_EXPORT_COLUMNS}), every questionnaire variable and each of its data columns (multiple-choice option
 * columns `var_code`, see dataColumns), the weight variables of weighting schemes and the given derived names.
 * @param q the questionnaire (undefined: none loaded yet); @param weights weight variables of the project's weighting schemes;
 * @param derived names of other derived variables
 * @returns lower-cased name → the clash (first one registered wins: reserved, variable, option, weight, derived)
 */
export function takenExportNames(q: Questionnaire | undefined, weights: readonly TakenWeightName[] = [], derived: readonly string[] = []): Map<string, DerivedNameClash> {
  const taken = new Map<string, DerivedNameClash>();
  const add = (name: string, c: DerivedNameClash) => {
    const k = name.toLowerCase();
    if (!taken.has(k)) taken.set(k, c);
  };
  for (const r of RESERVED_EXPORT_COLUMNS) add(r, { kind: 'reserved', column: r });
  const vars = q ? variablesOf(q) : [];
  for (const v of vars) add(v.name, { kind: 'variable', column: v.name });
  for (const v of vars) for (const col of dataColumns(q!, v)) if (col !== v.name) add(col, { kind: 'option', column: col, variable: v.name });
  for (const w of weights) add(w.name, { kind: 'weight', column: w.name, scheme: w.scheme });
  for (const d of derived) add(d, { kind: 'derived', column: d });
  return taken;
}

/** The English message for a name clash (the renderer words it itself), e.g. `Slachtoffer_D clashes with questionnaire variable slachtoffer_d …`. */
export function derivedNameClashMessage(name: string, c: DerivedNameClash): string {
  const tail = ' (export column names are compared without regard to letter case)';
  switch (c.kind) {
    case 'reserved':
      return `${name} clashes with the export column ${c.column}${tail}`;
    case 'variable':
      return `${name} clashes with questionnaire variable ${c.column}${tail}`;
    case 'option':
      return `${name} clashes with ${c.column}, an option column of multiple-choice variable ${c.variable}${tail}`;
    case 'weight':
      return `${name} clashes with weight variable ${c.column} of weighting scheme ${c.scheme}${tail}`;
    case 'derived':
      return `${name} clashes with derived variable ${c.column}${tail}`;
  }
}

/**
 * The stable reason and parameters of a name clash, for a message in the UI language (renderer/api/errorText.ts):
 * `<prefix>.<kind>` with `{ name, column }` plus `variable` (option column) or `scheme` (weight variable).
 * @param prefix e.g. `cleaning.derived.nameClash` (a derived variable) or `weighting.weightName` (a weight variable)
 * @param name the name as given; @param c what it clashes with
 */
export function nameClashReason(prefix: string, name: string, c: DerivedNameClash): { reason: string; params: Record<string, string> } {
  const params: Record<string, string> = { name, column: c.column };
  if (c.kind === 'option') params.variable = c.variable;
  if (c.kind === 'weight') params.scheme = c.scheme;
  return { reason: `${prefix}.${c.kind}`, params };
}

/**
 * Validates derived variables in order: names valid and unique among the export's columns (compared case-insensitively,
 * see {@link takenExportNames}: case_id, questionnaire variables and their option columns, weight variables, the
 * other derived variables), expressions reading only the questionnaire and earlier derived variables, value labels as
 * {@link valueLabelProblems} checks them.
 * @param q the questionnaire; @param derived all derived variables in definition order;
 * @param weights the weight variables of the project's weighting schemes (default none)
 * @throws DomainError INVALID_INPUT (names, value labels) or EXPRESSION_ERROR (expressions) with every problem; a name
 *   clash carries reason `cleaning.derived.nameClash.<kind>` and params ({@link nameClashReason})
 */
export function validateDerived(q: Questionnaire, derived: readonly DerivedVariable[], weights: readonly TakenWeightName[] = []): void {
  const issues: ErrorIssue[] = [];
  const seen: string[] = [];
  const taken = takenExportNames(q, weights);
  derived.forEach((d, i) => {
    if (!DERIVED_NAME_RE.test(d.name)) issues.push({ message: `derived variable name "${d.name}" must start with a letter and hold only letters, digits and _`, path: [i, 'name'] });
    const clash = taken.get(d.name.toLowerCase());
    if (clash?.kind === 'derived' && clash.column === d.name) issues.push({ message: `${d.name} is defined twice`, path: [i, 'name'], value: d.name });
    else if (clash) issues.push({ message: derivedNameClashMessage(d.name, clash), path: [i, 'name'], value: d.name, ...nameClashReason('cleaning.derived.nameClash', d.name, clash) });
    for (const p of checkRuleExpression(q, d.expression, seen)) if (!p.message.startsWith('warning: ')) issues.push({ ...p, path: [i, 'expression'], message: `${d.name}: ${p.message}` });
    issues.push(...valueLabelProblems(d, i));
    seen.push(d.name);
    if (!taken.has(d.name.toLowerCase())) taken.set(d.name.toLowerCase(), { kind: 'derived', column: d.name });
  });
  if (issues.length > 0) throw new DomainError(issues.some((x) => x.path?.[1] === 'expression') ? 'EXPRESSION_ERROR' : 'INVALID_INPUT', issues.map((x) => x.message).join('; '), issues);
}

/** A compiled edit rule: the evaluator and the slots whose values make up its fingerprint. */
export interface CompiledRule {
  rule: EditRule;
  id: string;
  fn: Evaluator;
  /** Variables shown with the violation (declared, else read by the expression). */
  variables: string[];
  /** Slots of every variable the rule reads or declares. */
  slots: number[];
}

/**
 * Compiles an edit rule over the extended scope.
 * @throws DomainError EXPRESSION_ERROR when it does not parse or reads an unknown name
 */
export function compileEditRule(rule: EditRule, scope: ExtendedScope): CompiledRule {
  const parsed = tryParse(rule.expression);
  if (!parsed.ok) throw new DomainError('EXPRESSION_ERROR', `Rule ${rule.name}: ${parsed.error.message}`, [{ message: parsed.error.message, value: rule.expression }]);
  let fn: Evaluator;
  try {
    fn = compile(parsed.expr, scope);
  } catch (e) {
    if (e instanceof DomainError) throw new DomainError('EXPRESSION_ERROR', `Rule ${rule.name}: ${e.message}`, e.issues);
    throw e;
  }
  const read = [...new Set(refsOf(parsed.expr).map((r) => r.name))];
  const variables = rule.variables.length > 0 ? [...rule.variables] : read;
  const slots = [...new Set([...read, ...rule.variables])].map((n) => scope.slotOf(n)).filter((s): s is number => s !== undefined);
  return { rule, id: editRuleId(rule.name), fn, variables, slots };
}

/**
 * Compiles derived variables in order (each sees the earlier ones).
 * @throws DomainError EXPRESSION_ERROR naming the derived variable
 */
export function compileDerived(router: Router, derived: readonly DerivedVariable[]): Evaluator[] {
  return derived.map((d, i) => {
    const parsed = tryParse(d.expression);
    if (!parsed.ok) throw new DomainError('EXPRESSION_ERROR', `Derived variable ${d.name}: ${parsed.error.message}`, [{ message: parsed.error.message, value: d.expression }]);
    try {
      return compile(parsed.expr, extendedScope(router, derived, i));
    } catch (e) {
      if (e instanceof DomainError) throw new DomainError('EXPRESSION_ERROR', `Derived variable ${d.name}: ${e.message}`, e.issues);
      throw e;
    }
  });
}
