// SQL for cleaning: final values with corrections, edit rules, derived variables, acceptances, exclusions, stored violations.
import type { Database } from 'better-sqlite3';
import { createCleaner } from '../../../../shared/cleaning/engine';
import { calculatedValues } from '../../../../shared/routing/calculated';
import { createRouter } from '../../../../shared/routing/router';
import { variablesOf } from '../../../../shared/domain/questionnaire';
import type { CleaningCase, CleaningViolation, DerivedValueLabel, DerivedVariable, EditRule, RuleExample, SlotCase } from '../../../../shared/cleaning/types';
import { latestVersion } from './questionnaireRepo';
import { distinctIndexed } from './auditRepo';
import { answerSource, forEachAnswer } from './answerStore';
import { hasTable } from './statements';

/** Case statuses a rule run covers (excluded cases are left out). */
export const CLEANED_STATUSES = ['open', 'complete', 'verified'] as const;

/** A case as the cleaning service loads it: primary key, ID, status, batch number and final values. */
export interface LoadedCase extends CleaningCase {
  pk: number;
  status: string;
  batch: string | null;
}

/** True when the project file has the cleaning tables (migration 60). */
export function hasCleaningTables(db: Database): boolean {
  return hasTable(db, 'correction');
}

/**
 * The newest correction per case and variable, in (case, variable) order: what the final dataset takes over the
 * keyed values. Empty for files without the cleaning tables.
 * @returns rows [case_pk, variable, new value]
 */
export function latestCorrections(db: Database): [number, string, string | null][] {
  if (!hasCleaningTables(db)) return [];
  return db
    .prepare(
      `SELECT c.case_pk, c.variable, c.new_value FROM correction c
        WHERE c.id = (SELECT max(id) FROM correction d WHERE d.case_pk = c.case_pk AND d.variable = c.variable)
        ORDER BY c.case_pk, c.variable`,
    )
    .raw()
    .all() as [number, string, string | null][];
}

/**
 * Loads cases with their current values: the newest cleaning correction, else pass 3 (adjudicated, when not empty),
 * else pass 1 (keyed or imported). This is the one place the final value of a stored variable is decided; rule runs,
 * weighting ({@link currentValues}) and the export (same order of precedence) read it.
 * @param statuses which cases (default all but excluded; null = every status)
 * @param casePk only this case
 * @param variables only these stored variables (default all)
 * @returns the cases in case-ID order with their values by variable name (absent = never stored)
 */
export function loadCases(db: Database, statuses: readonly string[] | null = CLEANED_STATUSES, casePk?: number, variables?: readonly string[]): LoadedCase[] {
  return loadFinalValues(
    db, statuses, casePk, variables,
    (pk, caseId, status, batch) => ({ pk, caseId, status, batch, values: {} as Record<string, string | null> }),
    (c, variable, value) => {
      c.values[variable] = value;
    },
  );
}

/** A case as the rule run loads it: {@link LoadedCase} with its final values by slot instead of by name. */
export interface LoadedSlotCase extends SlotCase {
  pk: number;
  status: string;
  batch: string | null;
}

/**
 * {@link loadCases} with each case's final values by slot (same precedence, same cases, same order): `slots[s]` is
 * the final value of `names[s]` (undefined when never stored). A rule run reads these far faster than records by
 * name, and they take a fraction of the memory.
 * @param names variable names by slot (a cleaner's `router.variables` names; a name may occupy several slots)
 */
export function loadCaseSlots(db: Database, names: readonly string[], statuses: readonly string[] | null = CLEANED_STATUSES, casePk?: number): LoadedSlotCase[] {
  const slotsOf = new Map<string, number[]>();
  names.forEach((name, s) => slotsOf.set(name, [...(slotsOf.get(name) ?? []), s]));
  return loadFinalValues(
    db, statuses, casePk, undefined,
    (pk, caseId, status, batch) => ({ pk, caseId, status, batch, slots: new Array<string | null | undefined>(names.length).fill(undefined) }),
    (c, variable, value) => {
      const at = slotsOf.get(variable);
      if (at !== undefined) for (const s of at) c.slots[s] = value;
    },
  );
}

/** The one reading of final values behind {@link loadCases} and {@link loadCaseSlots}: `set` receives them in precedence order (the last call wins). */
function loadFinalValues<C extends { pk: number }>(
  db: Database, statuses: readonly string[] | null, casePk: number | undefined, variables: readonly string[] | undefined,
  make: (pk: number, caseId: string, status: string, batch: string | null) => C, set: (c: C, variable: string, value: string | null) => void,
): C[] {
  const conds: string[] = [];
  if (statuses !== null) conds.push(`c.status IN (${statuses.map(() => '?').join(', ') || "''"})`);
  if (casePk !== undefined) conds.push('c.id = ?');
  const rows = db
    .prepare(`SELECT c.id, c.case_id, c.status, b.number FROM case_record c LEFT JOIN batch b ON b.id = c.batch_id${conds.length > 0 ? ` WHERE ${conds.join(' AND ')}` : ''} ORDER BY c.case_id`)
    .raw()
    .all(...(statuses ?? []), ...(casePk !== undefined ? [casePk] : [])) as [number, string, string, string | null][];
  const byPk = new Map<number, C>();
  const out = rows.map(([pk, caseId, status, batch]) => {
    const c = make(pk, caseId, status, batch);
    byPk.set(pk, c);
    return c;
  });
  // Pass 3 comes after pass 1 and overwrites it (answerStore.forEachAnswer).
  let last = -1;
  let cur: C | undefined;
  forEachAnswer(db, { passes: [1, 3], casePks: casePk !== undefined ? [casePk] : undefined, variables }, (pk, variable, pass, value) => {
    if (pk !== last) {
      last = pk;
      cur = byPk.get(pk);
    }
    if (!cur || (pass === 3 && value === null)) return;
    set(cur, variable, value);
  });
  const wanted = variables !== undefined ? new Set(variables) : undefined;
  for (const [pk, variable, value] of latestCorrections(db)) {
    const c = byPk.get(pk);
    if (c && (!wanted || wanted.has(variable))) set(c, variable, value);
  }
  return out;
}

/**
 * Values of the project's derived variables for the given cases, computed as a rule run computes them (routing
 * applied, user-missing codes blank, each derivation seeing the earlier ones). Empty when there are none.
 * @param cases cases with all their current values (from {@link loadCases} without a variable filter)
 * @param today "YYYY-MM-DD" for today() in derivations
 * @returns derived variable → one value per case ('' = empty)
 * @throws DomainError EXPRESSION_ERROR when a stored derivation no longer compiles against the questionnaire
 */
export function derivedValues(db: Database, cases: readonly CleaningCase[], today: string): Record<string, string[]> {
  const derived = hasCleaningTables(db) ? listDerived(db) : [];
  const q = latestVersion(db)?.questionnaire;
  if (derived.length === 0 || !q) return {};
  return createCleaner(q, [], derived).run(cases, { today, duplicates: false }).derived;
}

/**
 * Values of the questionnaire's calculated variables (XLSForm `calculate`, never stored with the answers) for the
 * given cases, as routing computes them ({@link calculatedValues}). Empty when there is no questionnaire.
 * @param cases cases with all their current values (from {@link loadCases} without a variable filter)
 * @param today "YYYY-MM-DD" for today() in calculations
 * @returns calculated variable → one value per case ('' = empty)
 */
export function questionnaireCalculations(db: Database, cases: readonly CleaningCase[], today: string): Record<string, string[]> {
  const q = latestVersion(db)?.questionnaire;
  if (!q) return {};
  return calculatedValues(createRouter(q), cases, today);
}

/**
 * The current dataset for weighting and tables: per requested variable, the current value per case — stored
 * variables as {@link loadCases} decides them (corrections over adjudication over keying), the questionnaire's
 * calculated variables as {@link questionnaireCalculations} computes them from those values (a value stored for
 * one, e.g. imported, is kept), derived variables as
 * {@link derivedValues} computes them. Excluded cases are included (callers count and skip them by status).
 * @param variables questionnaire, stored or derived variable names
 * @param today "YYYY-MM-DD" for today() in derivations and calculations (default today, UTC)
 * @returns variable → (case pk → value; absent or null = no value)
 */
export function currentValues(db: Database, variables: readonly string[], today = new Date().toISOString().slice(0, 10)): Map<string, Map<number, string | null>> {
  const out = new Map<string, Map<number, string | null>>(variables.map((v) => [v, new Map()]));
  if (variables.length === 0) return out;
  const derivedNames = new Set((hasCleaningTables(db) ? listDerived(db) : []).map((d) => d.name));
  const q = latestVersion(db)?.questionnaire;
  const calcNames = new Set(q ? variablesOf(q).filter((v) => v.type === 'calculated').map((v) => v.name) : []);
  const needDerived = variables.some((v) => derivedNames.has(v));
  const needCalc = variables.some((v) => calcNames.has(v) && !derivedNames.has(v));
  // Derivations and calculations read any variable, so they need the whole case; otherwise only the requested columns.
  const cases = loadCases(db, null, undefined, needDerived || needCalc ? undefined : variables);
  for (const v of variables) {
    if (derivedNames.has(v)) continue;
    const m = out.get(v)!;
    for (const c of cases) if (c.values[v] !== undefined) m.set(c.pk, c.values[v] ?? null);
  }
  // A value stored for a calculated variable (imported from a tool that computed it, or a correction) is kept; the
  // calculation fills the cases without one. Derived variables are always computed.
  const computed = (cols: Record<string, string[]>, names: ReadonlySet<string>, keepStored: boolean): void => {
    for (const v of variables) {
      const col = cols[v];
      if (!col || !names.has(v)) continue;
      const m = out.get(v)!;
      cases.forEach((c, i) => {
        if (keepStored && (m.get(c.pk) ?? '') !== '') return;
        m.set(c.pk, col[i] === '' ? null : col[i]!);
      });
    }
  };
  if (needCalc && q) computed(calculatedValues(createRouter(q), cases, today), new Set([...calcNames].filter((n) => !derivedNames.has(n))), true);
  if (needDerived) computed(derivedValues(db, cases, today), derivedNames, false);
  return out;
}

/** The case's primary key, status and batch by case ID, or undefined. */
export function findCase(db: Database, caseId: string): { pk: number; status: string } | undefined {
  return db.prepare('SELECT id AS pk, status FROM case_record WHERE case_id = ?').get(caseId) as { pk: number; status: string } | undefined;
}

/** The final value of one case × variable (newest correction, else pass 3, else pass 1), null when empty. */
export function finalValue(db: Database, casePk: number, variable: string): string | null {
  const c = db.prepare('SELECT new_value FROM correction WHERE case_pk = ? AND variable = ? ORDER BY id DESC LIMIT 1').get(casePk, variable) as { new_value: string | null } | undefined;
  if (c) return c.new_value;
  return rawValue(db, casePk, variable);
}

/** The keyed value of one case × variable without corrections (pass 3 over pass 1). */
export function rawValue(db: Database, casePk: number, variable: string): string | null {
  const r = db.prepare(`SELECT value FROM ${answerSource(db)} WHERE case_pk = ? AND variable = ? AND pass IN (1, 3) AND (pass = 1 OR value IS NOT NULL) ORDER BY pass DESC LIMIT 1`).get(casePk, variable) as { value: string | null } | undefined;
  return r?.value ?? null;
}

/** Appends a correction row. @returns its id */
export function insertCorrection(db: Database, c: { casePk: number; variable: string; oldValue: string | null; newValue: string | null; reason: string; operator: string; at: string; auditId: number }): number {
  const r = db
    .prepare('INSERT INTO correction (case_pk, variable, old_value, new_value, reason, operator, at, audit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(c.casePk, c.variable, c.oldValue, c.newValue, c.reason, c.operator, c.at, c.auditId);
  return Number(r.lastInsertRowid);
}

/** A stored correction with its case ID. */
export interface CorrectionRow {
  id: number;
  caseId: string;
  casePk: number;
  variable: string;
  oldValue: string | null;
  newValue: string | null;
  reason: string;
  operator: string;
  at: string;
  auditId: number;
}

/** All corrections, oldest first. */
export function listCorrections(db: Database): CorrectionRow[] {
  return db
    .prepare(
      `SELECT x.id, c.case_id AS caseId, x.case_pk AS casePk, x.variable, x.old_value AS oldValue, x.new_value AS newValue, x.reason, x.operator, x.at, x.audit_id AS auditId
         FROM correction x JOIN case_record c ON c.id = x.case_pk ORDER BY x.id`,
    )
    .all() as CorrectionRow[];
}

interface RuleRow {
  name: string;
  expression: string;
  message: string;
  severity: 'error' | 'warning';
  variables: string;
  examples: string;
  enabled: number;
}

/** Every edit rule, by name. */
export function listRules(db: Database): EditRule[] {
  return (db.prepare('SELECT name, expression, message, severity, variables, examples, enabled FROM edit_rule ORDER BY name').all() as RuleRow[]).map((r) => ({
    name: r.name,
    expression: r.expression,
    message: r.message,
    severity: r.severity,
    variables: JSON.parse(r.variables) as string[],
    examples: JSON.parse(r.examples) as RuleExample[],
    enabled: r.enabled === 1,
  }));
}

/** Inserts or replaces an edit rule by name. @returns true when it replaced one */
export function upsertRule(db: Database, r: EditRule, now: string): boolean {
  const existed = db.prepare('SELECT 1 FROM edit_rule WHERE name = ?').get(r.name) !== undefined;
  db.prepare(
    `INSERT INTO edit_rule (name, expression, message, severity, variables, examples, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET expression = excluded.expression, message = excluded.message, severity = excluded.severity,
       variables = excluded.variables, examples = excluded.examples, enabled = excluded.enabled, updated_at = excluded.updated_at`,
  ).run(r.name, r.expression, r.message, r.severity, JSON.stringify(r.variables), JSON.stringify(r.examples), r.enabled ? 1 : 0, now, now);
  return existed;
}

/** Deletes an edit rule. @returns whether it existed */
export function deleteRule(db: Database, name: string): boolean {
  return db.prepare('DELETE FROM edit_rule WHERE name = ?').run(name).changes > 0;
}

/** Derived variables in definition order, each with its value labels (empty list when none). */
export function listDerived(db: Database): DerivedVariable[] {
  // A file opened read-only is not migrated: before migration 90 there are no value labels.
  const hasLabels = db.prepare("SELECT 1 FROM pragma_table_info('derived_variable') WHERE name = 'value_labels'").get() !== undefined;
  const rows = db.prepare(`SELECT name, expression, label, ${hasLabels ? 'value_labels' : 'NULL'} AS valueLabels FROM derived_variable ORDER BY position, name`).all() as { name: string; expression: string; label: string; valueLabels: string | null }[];
  return rows.map((r) => ({ name: r.name, expression: r.expression, label: r.label, valueLabels: parseValueLabels(r.valueLabels) }));
}

/** The stored JSON of a derived variable's value labels as a list (NULL or anything but an array of {code, label} = none). */
function parseValueLabels(json: string | null): DerivedValueLabel[] {
  if (json === null) return [];
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter((x): x is DerivedValueLabel => typeof x === 'object' && x !== null && typeof (x as DerivedValueLabel).code === 'string' && typeof (x as DerivedValueLabel).label === 'string').map((x) => ({ code: x.code, label: x.label }));
}

/**
 * Inserts or replaces a derived variable (a new one goes last) with its value labels: stored as a JSON array
 * (`[{"code":"1","label":"18-34 jaar"}]`), NULL when it has none.
 */
export function upsertDerived(db: Database, d: DerivedVariable, operator: string, now: string): void {
  const pos = (db.prepare('SELECT coalesce(max(position), 0) + 1 AS p FROM derived_variable').get() as { p: number }).p;
  const labels = d.valueLabels && d.valueLabels.length > 0 ? JSON.stringify(d.valueLabels.map((l) => ({ code: l.code, label: l.label }))) : null;
  db.prepare(
    `INSERT INTO derived_variable (name, expression, label, value_labels, position, operator, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET expression = excluded.expression, label = excluded.label, value_labels = excluded.value_labels, operator = excluded.operator, updated_at = excluded.updated_at`,
  ).run(d.name, d.expression, d.label, labels, pos, operator, now, now);
}

/** Deletes a derived variable. @returns whether it existed */
export function deleteDerived(db: Database, name: string): boolean {
  return db.prepare('DELETE FROM derived_variable WHERE name = ?').run(name).changes > 0;
}

/** Records (or renews) an acceptance of a warning on a case. */
export function upsertAcceptance(db: Database, a: { casePk: number; ruleId: string; fingerprint: string; reason: string; operator: string; at: string }): void {
  db.prepare(
    `INSERT INTO cleaning_acceptance (case_pk, rule_id, fingerprint, reason, operator, at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (case_pk, rule_id) DO UPDATE SET fingerprint = excluded.fingerprint, reason = excluded.reason, operator = excluded.operator, at = excluded.at`,
  ).run(a.casePk, a.ruleId, a.fingerprint, a.reason, a.operator, a.at);
}

/** Starts a stored run: replaces every stored violation. @returns the run id */
export function replaceViolations(db: Database, run: { at: string; operator: string; cases: number; durationMs: number; summary: unknown }, pks: readonly number[], violations: readonly CleaningViolation[]): number {
  db.prepare('DELETE FROM cleaning_violation').run();
  const id = Number(db.prepare('INSERT INTO cleaning_run (at, operator, cases, duration_ms, summary) VALUES (?, ?, ?, ?, ?)').run(run.at, run.operator, run.cases, run.durationMs, JSON.stringify(run.summary)).lastInsertRowid);
  insertViolations(db, pks, violations);
  return id;
}

/** Inserts violations; `pks[row]` is the case of `violation.row`. */
export function insertViolations(db: Database, pks: readonly number[], violations: readonly CleaningViolation[]): void {
  const ins = db.prepare('INSERT INTO cleaning_violation (case_pk, rule_id, kind, severity, variables, variable, message, value, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  for (const v of violations) ins.run(pks[v.row]!, v.ruleId, v.kind, v.severity, JSON.stringify(v.variables), v.variables[0] ?? null, v.message, v.value, v.fingerprint);
}

/** Deletes the stored violations of one case, except (when `keepCrossCase`) the duplicate findings of the last full run. */
export function deleteCaseViolations(db: Database, casePk: number, keepCrossCase: boolean): void {
  db.prepare(`DELETE FROM cleaning_violation WHERE case_pk = ?${keepCrossCase ? " AND kind NOT IN ('duplicateId', 'duplicateAnswers')" : ''}`).run(casePk);
}

/** Filters of the stored violation list. */
export interface ViolationFilter {
  ruleId?: string;
  variable?: string;
  severity?: 'error' | 'warning';
  batch?: string;
  status?: 'open' | 'accepted';
  caseId?: string;
  offset: number;
  limit: number;
}

/** A stored violation with its case, batch and status. */
export interface StoredViolation {
  id: number;
  caseId: string;
  batch: string | null;
  ruleId: string;
  kind: string;
  severity: 'error' | 'warning';
  variables: string[];
  message: string;
  value: string | null;
  status: 'open' | 'accepted';
  acceptedReason: string | null;
}

/**
 * Every rule ID among the stored violations, sorted (binary order): the rule filter's choices, also when the run that
 * stored them was in an earlier session. Read by skipping through the rule index (one seek per rule).
 */
export function storedRuleIds(db: Database): string[] {
  return distinctIndexed(db, 'cleaning_violation', 'rule_id');
}

/** The FROM … WHERE of the violation list under a filter (shared by the page, the count and the bulk actions). */
function violationFrom(f: Omit<ViolationFilter, 'offset' | 'limit'>, extra: readonly string[] = []): { from: string; params: string[] } {
  const where: string[] = [...extra];
  const params: string[] = [];
  const add = (sql: string, value: string): void => {
    where.push(sql);
    params.push(value);
  };
  if (f.ruleId !== undefined) add('v.rule_id = ?', f.ruleId);
  if (f.variable !== undefined) add('EXISTS (SELECT 1 FROM json_each(v.variables) j WHERE j.value = ?)', f.variable);
  if (f.severity !== undefined) add('v.severity = ?', f.severity);
  if (f.batch !== undefined) add('b.number = ?', f.batch);
  if (f.caseId !== undefined) add('c.case_id = ?', f.caseId);
  if (f.status !== undefined) where.push(f.status === 'accepted' ? 'a.case_pk IS NOT NULL' : 'a.case_pk IS NULL');
  const from = `FROM cleaning_violation v JOIN case_record c ON c.id = v.case_pk LEFT JOIN batch b ON b.id = c.batch_id
      LEFT JOIN cleaning_acceptance a ON a.case_pk = v.case_pk AND a.rule_id = v.rule_id AND a.fingerprint = v.fingerprint
      ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
  return { from, params };
}

/** One page of stored violations (case-ID order), the total matching the filter and every stored rule ID ({@link storedRuleIds}). */
export function queryViolations(db: Database, f: ViolationFilter): { total: number; rows: StoredViolation[]; ruleIds: string[] } {
  const { from, params } = violationFrom(f);
  const total = (db.prepare(`SELECT count(*) AS n ${from}`).get(...params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT v.id, c.case_id AS caseId, b.number AS batch, v.rule_id AS ruleId, v.kind, v.severity, v.variables, v.message, v.value,
              CASE WHEN a.case_pk IS NULL THEN 'open' ELSE 'accepted' END AS status, a.reason AS acceptedReason
         ${from} ORDER BY c.case_id, v.id LIMIT ? OFFSET ?`,
    )
    .all(...params, f.limit, f.offset) as (Omit<StoredViolation, 'variables'> & { variables: string })[];
  return { total, rows: rows.map((r) => ({ ...r, variables: JSON.parse(r.variables) as string[] })), ruleIds: storedRuleIds(db) };
}

/** A case × rule of the violation list that a bulk accept or withdrawal acts on (its first stored violation). */
export interface MatchedViolation {
  casePk: number;
  caseId: string;
  ruleId: string;
  severity: 'error' | 'warning';
  fingerprint: string;
  variables: string[];
  /** The reason of its acceptance (status accepted), else null. */
  acceptedReason: string | null;
}

/**
 * Every case × rule with a stored violation under a filter (the list's filter; `status` as the list shows it), once
 * per case × rule with its first violation's fingerprint (as {@link findViolation}), in the list's order.
 * @param db a project connection
 */
export function matchingViolations(db: Database, f: Omit<ViolationFilter, 'offset' | 'limit'>): MatchedViolation[] {
  const { from, params } = violationFrom(f, ['v.id = (SELECT min(w.id) FROM cleaning_violation w WHERE w.case_pk = v.case_pk AND w.rule_id = v.rule_id)']);
  const rows = db
    .prepare(
      `SELECT v.case_pk AS casePk, c.case_id AS caseId, v.rule_id AS ruleId, v.severity, v.fingerprint, v.variables, a.reason AS acceptedReason
         ${from} ORDER BY c.case_id, v.id`,
    )
    .all(...params) as (Omit<MatchedViolation, 'variables'> & { variables: string })[];
  return rows.map((r) => ({ ...r, variables: JSON.parse(r.variables) as string[] }));
}

/** Withdraws the acceptance of a warning on a case. @returns whether there was one */
export function deleteAcceptance(db: Database, casePk: number, ruleId: string): boolean {
  return db.prepare('DELETE FROM cleaning_acceptance WHERE case_pk = ? AND rule_id = ?').run(casePk, ruleId).changes > 0;
}

/** The stored violation of a case × rule (any, the first) with its variables, or undefined. */
export function findViolation(db: Database, casePk: number, ruleId: string): { severity: 'error' | 'warning'; fingerprint: string; variables: string[] } | undefined {
  const r = db.prepare('SELECT severity, fingerprint, variables FROM cleaning_violation WHERE case_pk = ? AND rule_id = ? ORDER BY id LIMIT 1').get(casePk, ruleId) as { severity: 'error' | 'warning'; fingerprint: string; variables: string } | undefined;
  return r ? { ...r, variables: JSON.parse(r.variables) as string[] } : undefined;
}

/** Records an exclusion and sets the case's status to excluded. @returns the exclusion id */
export function insertExclusion(db: Database, e: { casePk: number; reasonCode: string; reason: string; operator: string; at: string; previousStatus: string }): number {
  const id = Number(
    db.prepare('INSERT INTO exclusion (case_pk, reason_code, reason, operator, at, previous_status) VALUES (?, ?, ?, ?, ?, ?)').run(e.casePk, e.reasonCode, e.reason, e.operator, e.at, e.previousStatus).lastInsertRowid,
  );
  db.prepare("UPDATE case_record SET status = 'excluded', updated_at = ? WHERE id = ?").run(e.at, e.casePk);
  return id;
}

/** The open (not reversed) exclusion of a case, or undefined. */
export function openExclusion(db: Database, casePk: number): { id: number; previousStatus: string } | undefined {
  return db.prepare('SELECT id, previous_status AS previousStatus FROM exclusion WHERE case_pk = ? AND included_at IS NULL ORDER BY id DESC LIMIT 1').get(casePk) as { id: number; previousStatus: string } | undefined;
}

/** Reverses an exclusion: the case gets its previous status back. */
export function closeExclusion(db: Database, id: number, casePk: number, status: string, by: string, reason: string, at: string): void {
  db.prepare('UPDATE exclusion SET included_at = ?, included_by = ?, include_reason = ? WHERE id = ?').run(at, by, reason, id);
  db.prepare('UPDATE case_record SET status = ?, updated_at = ? WHERE id = ?').run(status, at, casePk);
}

/** The exclusion register, newest first. */
export function listExclusions(db: Database): { caseId: string; reasonCode: string; reason: string; operator: string; at: string; includedAt: string | null; includedBy: string | null }[] {
  return db
    .prepare(
      `SELECT c.case_id AS caseId, e.reason_code AS reasonCode, e.reason, e.operator, e.at, e.included_at AS includedAt, e.included_by AS includedBy
         FROM exclusion e JOIN case_record c ON c.id = e.case_pk ORDER BY e.id DESC`,
    )
    .all() as { caseId: string; reasonCode: string; reason: string; operator: string; at: string; includedAt: string | null; includedBy: string | null }[];
}
