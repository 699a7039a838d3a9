// Loads the export dataset from a project file: the questionnaire, the cases and their final values, in columns.
import type { Database } from 'better-sqlite3';
import { DomainError } from '../../../shared/domain/errors';
import { variablesOf, type Questionnaire } from '../../../shared/domain/questionnaire';
import { DatasetBuilder, type Dataset, type ExcludedCase } from '../../../shared/export';
import { latestCorrections } from '../db/repos/cleaningRepo';

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
 * keyed or imported); the excluded
 * cases with the reason of their latest audit entry.
 * @param db the project connection (read-only is enough)
 * @throws DomainError CORRUPT_PROJECT (bad definition), INVALID_INPUT (the weight is unknown)
 */
export function loadDataset(db: Database, opts: LoadOptions = {}): LoadedDataset {
  const { questionnaire: q, version } = loadQuestionnaire(db);
  const statuses = opts.statuses ?? EXPORTABLE_STATUSES;
  const identifiers = variablesOf(q).filter((v) => v.identifier).map((v) => v.name);
  if (opts.weight !== undefined) {
    const known = variablesOf(q).some((v) => v.name === opts.weight) || db.prepare('SELECT 1 FROM response WHERE variable = ? LIMIT 1').get(opts.weight) !== undefined;
    if (!known) throw new DomainError('INVALID_INPUT', `Unknown weight variable: ${opts.weight}`);
  }
  const marks = statuses.map(() => '?').join(', ');
  const cases = db
    .prepare(`SELECT id, case_id FROM case_record WHERE status IN (${marks || "''"}) ORDER BY case_id`)
    .raw()
    .all(...statuses) as [number, string][];
  const rowOf = new Map<number, number>();
  cases.forEach(([pk], i) => rowOf.set(pk, i));
  const builder = new DatasetBuilder(q, cases.map((c) => c[1]), {
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
  return { questionnaire: q, questionnaireVersion: version, dataset: builder.build(excluded), identifiers };
}
