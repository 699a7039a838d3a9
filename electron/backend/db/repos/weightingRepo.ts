// SQL for weighting: schemes, the latest run per scheme, weights per case, and the columnar load of weighting variables.
import type { Database } from 'better-sqlite3';
import type { Questionnaire } from '../../../../shared/domain/questionnaire';
import { currentValues } from './cleaningRepo';
import { hasTable } from './statements';

/** A stored scheme row (definition still as JSON text). */
export interface SchemeRow {
  id: number;
  name: string;
  definition: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

/** A stored run row (diagnostics still as JSON text). */
export interface ResultRow {
  schemeId: number;
  inputHash: string;
  weightsHash: string;
  ranAt: string;
  ranBy: string;
  diagnostics: string;
}

const SCHEME_COLS = 'id, name, definition, created_at AS createdAt, updated_at AS updatedAt, updated_by AS updatedBy';

/** Every scheme in name order. */
export function listSchemeRows(db: Database): SchemeRow[] {
  return db.prepare(`SELECT ${SCHEME_COLS} FROM weighting_scheme ORDER BY name`).all() as SchemeRow[];
}

/** The scheme named `name`, or undefined. */
export function getSchemeRow(db: Database, name: string): SchemeRow | undefined {
  return db.prepare(`SELECT ${SCHEME_COLS} FROM weighting_scheme WHERE name = ?`).get(name) as SchemeRow | undefined;
}

/**
 * Inserts or replaces a scheme's definition. The stored run and weights are kept when the definition changes (the
 * weighting service marks them out of date until a new run succeeds; a refused run leaves them as they are).
 * @param same whether the stored definition text and the new one mean the same scheme (default: equal texts); when
 *   they do nothing is written
 * @returns whether the scheme was new, and whether its definition changed (was written)
 */
export function upsertScheme(
  db: Database, name: string, definitionJson: string, operator: string, now: string,
  same: (storedJson: string, newJson: string) => boolean = (a, b) => a === b,
): { created: boolean; changed: boolean } {
  const old = getSchemeRow(db, name);
  if (!old) {
    db.prepare('INSERT INTO weighting_scheme (name, definition, created_at, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)').run(name, definitionJson, now, now, operator);
    return { created: true, changed: true };
  }
  if (old.definition === definitionJson || same(old.definition, definitionJson)) return { created: false, changed: false };
  db.prepare('UPDATE weighting_scheme SET definition = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(definitionJson, now, operator, old.id);
  return { created: false, changed: true };
}

/** Replaces the diagnostics JSON of a scheme's stored run (nothing happens when it has none). */
export function setRunDiagnostics(db: Database, schemeId: number, diagnostics: string): void {
  db.prepare('UPDATE weighting_result SET diagnostics = ? WHERE scheme_id = ?').run(diagnostics, schemeId);
}

/** Deletes a scheme with its run and weights. @returns true when it existed */
export function deleteScheme(db: Database, name: string): boolean {
  return db.prepare('DELETE FROM weighting_scheme WHERE name = ?').run(name).changes > 0;
}

/** The latest run of a scheme, or undefined. */
export function getResultRow(db: Database, schemeId: number): ResultRow | undefined {
  return db
    .prepare('SELECT scheme_id AS schemeId, input_hash AS inputHash, weights_hash AS weightsHash, ran_at AS ranAt, ran_by AS ranBy, diagnostics FROM weighting_result WHERE scheme_id = ?')
    .get(schemeId) as ResultRow | undefined;
}

/** What a run was computed from (migration 110): the fingerprint of its inputs and how many cases it weighted. */
export interface RunInputs {
  inputFingerprint: string;
  weightedCases: number;
}

/**
 * Replaces a scheme's run: its result row and one weight row per case (call inside a transaction), with the inputs
 * the run was computed from (fingerprint, case count, per case the inputs as JSON; see migration 110) and, when
 * given, the stamp of the data it read (migration 120; see weighting service `inputStamp`).
 * @param weights case_pk, weight grossed up to the population, weight normalised to n, the case's inputs (JSON array)
 */
export function replaceResult(db: Database, r: ResultRow & RunInputs & { inputStamp?: string | null }, weights: { casePk: number; weight: number; weightN: number; inputs: string }[]): void {
  db.prepare('DELETE FROM weighting_result WHERE scheme_id = ?').run(r.schemeId);
  db.prepare('INSERT INTO weighting_result (scheme_id, input_hash, weights_hash, ran_at, ran_by, diagnostics, input_fingerprint, weighted_cases) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    .run(r.schemeId, r.inputHash, r.weightsHash, r.ranAt, r.ranBy, r.diagnostics, r.inputFingerprint, r.weightedCases);
  // A stamp exists only where migration 120 (data_change and this column) has run.
  if (r.inputStamp != null) db.prepare('UPDATE weighting_result SET input_stamp = ? WHERE scheme_id = ?').run(r.inputStamp, r.schemeId);
  const ins = db.prepare('INSERT INTO weighting_weight (scheme_id, case_pk, weight, weight_n, inputs) VALUES (?, ?, ?, ?, ?)');
  for (const w of weights) ins.run(r.schemeId, w.casePk, w.weight, w.weightN, w.inputs);
}

/** The case pks a scheme's latest run weighted (its weight rows; a deleted case's row is gone with it). */
export function runCasePks(db: Database, schemeId: number): Set<number> {
  return new Set(db.prepare('SELECT case_pk FROM weighting_weight WHERE scheme_id = ?').pluck().all(schemeId) as number[]);
}

/** Whether this file stores a run's inputs (migration 110; a file opened read-only may be older). */
export function hasRunInputs(db: Database): boolean {
  return db.prepare("SELECT 1 FROM pragma_table_info('weighting_result') WHERE name = 'input_fingerprint'").get() !== undefined;
}

/**
 * What the latest run of a scheme was computed from: the fingerprint, the number of weighted cases and, per weighted
 * case still in the project, its inputs (JSON array text). Null when the scheme has no run, or its run was stored
 * before migration 110 (no inputs kept), or the file is older than migration 110.
 */
export function runInputs(db: Database, schemeId: number): (RunInputs & { cases: Map<number, string> }) | null {
  if (!hasRunInputs(db)) return null;
  const r = db.prepare('SELECT input_fingerprint AS inputFingerprint, weighted_cases AS weightedCases FROM weighting_result WHERE scheme_id = ?')
    .get(schemeId) as { inputFingerprint: string | null; weightedCases: number | null } | undefined;
  if (!r || r.inputFingerprint === null || r.weightedCases === null) return null;
  const cases = new Map<number, string>();
  for (const w of db.prepare('SELECT case_pk AS pk, inputs FROM weighting_weight WHERE scheme_id = ?').iterate(schemeId) as IterableIterator<{ pk: number; inputs: string | null }>) {
    cases.set(w.pk, w.inputs ?? '');
  }
  return { inputFingerprint: r.inputFingerprint, weightedCases: r.weightedCases, cases };
}

/** The tables migration 120 watches: each has the triggers data_change_<table>_insert, _update and _delete. */
const DATA_CHANGE_TABLES = ['response', 'response_import', 'correction', 'case_record', 'derived_variable', 'questionnaire_version', 'sample_case', 'batch'] as const;

/**
 * The project's data change counter (migration 120: moved by a trigger on every row written to the tables a weighting
 * run reads). Two equal readings mean none of those rows was inserted, updated or deleted in between.
 * @returns the count, or null when it cannot be trusted: the file predates migration 120 (opened read-only) or one
 *   of the counter's triggers is missing (a later schema change dropped it with its table)
 */
export function dataChanges(db: Database): number | null {
  if (!hasTable(db, 'data_change')) return null;
  const present = new Set((db.prepare("SELECT tbl_name || ' ' || name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'data_change%'").pluck().all() as string[]));
  for (const t of DATA_CHANGE_TABLES) {
    for (const op of ['insert', 'update', 'delete']) if (!present.has(`${t} data_change_${t}_${op}`)) return null;
  }
  const n = db.prepare('SELECT n FROM data_change WHERE id = 1').pluck().get() as number | undefined;
  return n ?? null;
}

/**
 * The stamp stored with a scheme's latest run (migration 120) and the number of cases it weighted. Call only where
 * {@link dataChanges} is not null (the column exists). @returns undefined when the scheme has no run
 */
export function runStamp(db: Database, schemeId: number): { inputStamp: string | null; weightedCases: number | null } | undefined {
  return db.prepare('SELECT input_stamp AS inputStamp, weighted_cases AS weightedCases FROM weighting_result WHERE scheme_id = ?')
    .get(schemeId) as { inputStamp: string | null; weightedCases: number | null } | undefined;
}

/**
 * The questionnaire of the latest version (questionnaireRepo latestVersion without its count of cases, which reads
 * every case). @returns null when none is stored
 */
export function latestQuestionnaire(db: Database): Questionnaire | null {
  const definition = db.prepare('SELECT definition FROM questionnaire_version ORDER BY id DESC LIMIT 1').pluck().get() as string | undefined;
  return definition === undefined ? null : (JSON.parse(definition) as Questionnaire);
}

/** Weights of a scheme's latest run, case ID → weight and normalised weight, in case-ID order. */
export function schemeWeights(db: Database, schemeId: number): { caseId: string; weight: number; weightN: number }[] {
  return db
    .prepare(
      `SELECT c.case_id AS caseId, w.weight AS weight, w.weight_n AS weightN
         FROM weighting_weight w JOIN case_record c ON c.id = w.case_pk WHERE w.scheme_id = ? ORDER BY c.case_id`,
    )
    .all(schemeId) as { caseId: string; weight: number; weightN: number }[];
}

/** Cases by status for the weighting stage: every case with its pk, ID and status, in case-ID order. */
export function casesForWeighting(db: Database): { pk: number; caseId: string; status: string }[] {
  return db.prepare('SELECT id AS pk, case_id AS caseId, status FROM case_record ORDER BY case_id').all() as { pk: number; caseId: string; status: string }[];
}

/**
 * The final value of each of `variables` per case, from the project's current dataset (cleaningRepo
 * `currentValues`): the newest cleaning correction, else the adjudicated value (pass 3, when not empty), else the
 * first keying / import (pass 1); derived variables of cleaning computed from those. Verification re-keying
 * (pass 2) is never a final value. Every case is included, excluded ones too (the caller skips them by status).
 * @returns variable → (case pk → value text; absent or null = no value)
 */
export function finalValues(db: Database, variables: readonly string[]): Map<string, Map<number, string | null>> {
  return currentValues(db, variables);
}

/** Whether the sample-frame table of fieldwork exists in this project (migration 20). */
export function hasSampleFrame(db: Database): boolean {
  return hasTable(db, 'sample_case');
}
