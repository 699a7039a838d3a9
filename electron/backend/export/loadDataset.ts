// Loads the export dataset from a project file: the questionnaire, the cases and their final values, in columns.
import type { Database } from 'better-sqlite3';
import { DomainError } from '../../../shared/domain/errors';
import { variablesOf, type Questionnaire } from '../../../shared/domain/questionnaire';
import { DatasetBuilder, type Dataset, type ExcludedCase } from '../../../shared/export';
import type { DerivedVariable } from '../../../shared/cleaning/types';
import { derivedValues, hasCleaningTables, latestCorrections, listDerived, loadCases, questionnaireCalculations } from '../db/repos/cleaningRepo';

/** Case statuses that can be exported (excluded cases go to the Exclusions sheet only). */
export const EXPORTABLE_STATUSES = ['open', 'complete', 'verified'] as const;
/** One of {@link EXPORTABLE_STATUSES}. */
export type ExportableStatus = (typeof EXPORTABLE_STATUSES)[number];

/** Options of {@link loadDataset}. */
export interface LoadOptions {
  /** Statuses to export (default all but excluded). */
  statuses?: readonly ExportableStatus[];
  includeIdentifiers?: boolean;
  weight?: string;
  /** Only cases whose final value of `variable` is one of `codes` (exact text of the stored value). */
  filter?: { variable: string; codes: readonly string[] };
  /** "YYYY-MM-DD" for today() in derived variables (default today, UTC). */
  today?: string;
}

/**
 * The questionnaire with the project's derived variables (cleaning) appended as calculated variables: label, the
 * expression as their calculation, marked `veldwerk::derived` in `extra`. The same questionnaire when there are none.
 * @param q the questionnaire; @param derived derived variables in definition order (names not in `q`)
 */
export function withDerived(q: Questionnaire, derived: readonly DerivedVariable[]): Questionnaire {
  if (derived.length === 0) return q;
  const lang = q.defaultLanguage;
  return {
    ...q,
    items: [
      ...q.items,
      ...derived.map((d) => ({
        kind: 'variable' as const,
        variable: {
          name: d.name, type: 'calculated' as const, label: { [lang]: d.label }, hint: {}, required: false, calculate: d.expression,
          constraintMessage: {}, softConstraintMessage: {}, identifier: false, extra: { 'veldwerk::derived': 'yes' },
        },
      })),
    ],
  };
}

/** A weight variable produced by a weighting scheme's latest run (table weighting_weight). */
export interface WeightingWeight {
  name: string;
  scheme: string;
  /** Which stored weight: grossed up to the population, or normalised to n. */
  column: 'weight' | 'weight_n';
}

/**
 * The weight variables of the project's weighting runs (schemes with a result), by the names their schemes give
 * them. Empty when the project has no weighting tables (older file) or no run yet.
 */
export function weightingWeights(db: Database): WeightingWeight[] {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'weighting_weight'").get();
  if (!has) return [];
  const rows = db.prepare('SELECT s.name, s.definition FROM weighting_scheme s JOIN weighting_result r ON r.scheme_id = s.id ORDER BY s.name').all() as { name: string; definition: string }[];
  const out: WeightingWeight[] = [];
  for (const r of rows) {
    let def: { weightVariable?: unknown; weightVariableN?: unknown };
    try {
      def = JSON.parse(r.definition) as typeof def;
    } catch {
      continue;
    }
    if (typeof def.weightVariable === 'string' && def.weightVariable !== '') out.push({ name: def.weightVariable, scheme: r.name, column: 'weight' });
    if (typeof def.weightVariableN === 'string' && def.weightVariableN !== '') out.push({ name: def.weightVariableN, scheme: r.name, column: 'weight_n' });
  }
  return out;
}

/** The loaded dataset with its questionnaire and version row. */
export interface LoadedDataset {
  questionnaire: Questionnaire;
  questionnaireVersion: string;
  dataset: Dataset;
  /** Identifying variables of the questionnaire (left out unless asked for). */
  identifiers: string[];
}

/**
 * Reads the newest questionnaire version of a project; a project without one gets an empty questionnaire
 * (the export then holds the case IDs only).
 * @throws DomainError CORRUPT_PROJECT when the stored definition is not a questionnaire
 */
export function loadQuestionnaire(db: Database): { questionnaire: Questionnaire; version: string } {
  const row = db.prepare('SELECT version, definition FROM questionnaire_version ORDER BY id DESC LIMIT 1').get() as { version: string; definition: string } | undefined;
  if (!row) {
    const empty: Questionnaire = { id: '', title: '', version: '', languages: ['nl'], defaultLanguage: 'nl', items: [], lists: [], missingDefaults: { oneDigit: [], twoDigit: [] } };
    return { questionnaire: empty, version: '(no questionnaire)' };
  }
  const q = JSON.parse(row.definition) as Partial<Questionnaire>;
  if (!q || !Array.isArray(q.items) || !Array.isArray(q.lists) || typeof q.defaultLanguage !== 'string' || !q.missingDefaults) {
    throw new DomainError('CORRUPT_PROJECT', `Questionnaire version ${row.version} is not a valid questionnaire definition.`);
  }
  return { questionnaire: q as Questionnaire, version: row.version };
}

/**
 * Loads the dataset for export: the newest questionnaire; the cases with the chosen statuses in case-ID order;
 * per variable the final value (the newest cleaning correction, else pass 3 = adjudicated if present, else pass 1 =
 * keyed or imported); the derived variables of cleaning as calculated columns after the questionnaire's (the returned
 * questionnaire holds them, see {@link withDerived}), computed from those values; the excluded
 * cases with the reason of their latest audit entry. A weight named by a weighting scheme (and not a questionnaire
 * variable) is read from that scheme's latest run.
 * @param db the project connection (read-only is enough)
 * @throws DomainError CORRUPT_PROJECT (bad definition), INVALID_INPUT (the weight is unknown)
 */
export function loadDataset(db: Database, opts: LoadOptions = {}): LoadedDataset {
  const { questionnaire: q, version } = loadQuestionnaire(db);
  const statuses = opts.statuses ?? EXPORTABLE_STATUSES;
  const identifiers = variablesOf(q).filter((v) => v.identifier).map((v) => v.name);
  const fromWeighting = opts.weight !== undefined && !variablesOf(q).some((v) => v.name === opts.weight) ? weightingWeights(db).find((w) => w.name === opts.weight) : undefined;
  if (opts.weight !== undefined && !fromWeighting) {
    const known = variablesOf(q).some((v) => v.name === opts.weight) || db.prepare('SELECT 1 FROM response WHERE variable = ? LIMIT 1').get(opts.weight) !== undefined;
    if (!known) throw new DomainError('INVALID_INPUT', `Unknown weight variable: ${opts.weight}`);
  }
  if (opts.filter !== undefined && !variablesOf(q).some((v) => v.name === opts.filter!.variable) && db.prepare('SELECT 1 FROM response WHERE variable = ? LIMIT 1').get(opts.filter.variable) === undefined) {
    throw new DomainError('INVALID_INPUT', `Unknown filter variable: ${opts.filter.variable}`);
  }
  const marks = statuses.map(() => '?').join(', ');
  // The filter compares the final value: the newest cleaning correction, else pass 3 (adjudicated, when not empty), else pass 1.
  const keyed = `(SELECT r.value FROM response r WHERE r.case_pk = case_record.id AND r.variable = ? AND r.pass IN (1, 3)
               AND (r.pass = 1 OR r.value IS NOT NULL) ORDER BY r.pass DESC LIMIT 1)`;
  const cleaning = hasCleaningTables(db);
  const finalSql = cleaning
    ? `(CASE WHEN EXISTS (SELECT 1 FROM correction x WHERE x.case_pk = case_record.id AND x.variable = ?)
             THEN (SELECT x.new_value FROM correction x WHERE x.case_pk = case_record.id AND x.variable = ? ORDER BY x.id DESC LIMIT 1)
             ELSE ${keyed} END)`
    : keyed;
  const filterSql = opts.filter ? ` AND ${finalSql} IN (${opts.filter.codes.map(() => '?').join(', ')})` : '';
  const filterParams = opts.filter ? [...Array<string>(cleaning ? 3 : 1).fill(opts.filter.variable), ...opts.filter.codes] : [];
  const cases = db
    .prepare(`SELECT id, case_id FROM case_record WHERE status IN (${marks || "''"})${filterSql} ORDER BY case_id`)
    .raw()
    .all(...statuses, ...filterParams) as [number, string][];
  const rowOf = new Map<number, number>();
  cases.forEach(([pk], i) => rowOf.set(pk, i));
  // Derived variables of cleaning become calculated columns after the questionnaire's (codebook source "derived").
  const derived = cleaning ? listDerived(db).filter((d) => !variablesOf(q).some((v) => v.name === d.name)) : [];
  const qx = withDerived(q, derived);
  const builder = new DatasetBuilder(qx, cases.map((c) => c[1]), {
    includeIdentifiers: opts.includeIdentifiers ?? false,
    ...(opts.weight !== undefined ? { weight: opts.weight } : {}),
  });
  // Primary-key order (case_pk, variable, pass): pass 3 comes after pass 1 and overwrites it.
  const it = db.prepare('SELECT case_pk, variable, pass, value FROM response WHERE pass IN (1, 3) ORDER BY case_pk, variable, pass').raw().iterate() as IterableIterator<[number, string, number, string | null]>;
  for (const [pk, variable, pass, value] of it) {
    const row = rowOf.get(pk);
    if (row === undefined || !builder.wants(variable)) continue;
    if (pass === 3 && value === null) continue;
    builder.set(row, variable, value);
  }
  // Cleaning corrections (migration 60) come last: the newest per case and variable is the final value.
  for (const [pk, variable, value] of latestCorrections(db)) {
    const row = rowOf.get(pk);
    if (row !== undefined && builder.wants(variable)) builder.set(row, variable, value);
  }
  const calculated = variablesOf(q).filter((v) => v.type === 'calculated' && builder.wants(v.name)).map((v) => v.name);
  if (derived.length > 0 || calculated.length > 0) {
    // Computed over the current values of the exported cases, exactly as entry and a rule run compute them: the
    // questionnaire's calculations (never stored with the answers), then the cleaning's derived variables.
    const today = opts.today ?? new Date().toISOString().slice(0, 10);
    const current = loadCases(db, statuses).filter((c) => rowOf.has(c.pk));
    const calc = calculated.length > 0 ? questionnaireCalculations(db, current, today) : {};
    for (const name of calculated) {
      const col = calc[name];
      // A value stored for a calculated variable (e.g. imported) is kept; the calculation fills the rest.
      if (col) current.forEach((c, i) => {
        if ((c.values[name] ?? '') === '' && col[i] !== '') builder.set(rowOf.get(c.pk)!, name, col[i]!);
      });
    }
    const values = derived.length > 0 ? derivedValues(db, current, today) : {};
    for (const d of derived) {
      const col = values[d.name];
      if (col) current.forEach((c, i) => builder.set(rowOf.get(c.pk)!, d.name, col[i]!));
    }
  }
  if (fromWeighting) {
    const ws = db
      .prepare(`SELECT w.case_pk, w.${fromWeighting.column} FROM weighting_weight w JOIN weighting_scheme s ON s.id = w.scheme_id WHERE s.name = ?`)
      .raw()
      .iterate(fromWeighting.scheme) as IterableIterator<[number, number]>;
    for (const [pk, w] of ws) {
      const row = rowOf.get(pk);
      if (row !== undefined) builder.set(row, fromWeighting.name, String(w));
    }
  }
  const excluded = db
    .prepare(
      `SELECT c.case_id AS caseId, b.number AS batch,
              (SELECT a.reason FROM audit_log a WHERE a.case_pk = c.id AND a.reason IS NOT NULL
                ORDER BY (a.new_value = 'excluded') DESC, a.id DESC LIMIT 1) AS reason,
              (SELECT a.at FROM audit_log a WHERE a.case_pk = c.id AND a.reason IS NOT NULL
                ORDER BY (a.new_value = 'excluded') DESC, a.id DESC LIMIT 1) AS at
         FROM case_record c LEFT JOIN batch b ON b.id = c.batch_id
        WHERE c.status = 'excluded' ORDER BY c.case_id`,
    )
    .all() as ExcludedCase[];
  return { questionnaire: qx, questionnaireVersion: version, dataset: builder.build(excluded), identifiers };
}
