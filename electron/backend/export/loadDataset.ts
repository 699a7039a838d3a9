// Loads the export dataset from a project file: the questionnaire, the cases and their final values, in columns.
import type { Database } from 'better-sqlite3';
import { DomainError } from '../../../shared/domain/errors';
import { variablesOf, type Questionnaire } from '../../../shared/domain/questionnaire';
import { DatasetBuilder, type Dataset, type DatasetBuilderOptions, type DatasetSource, type ExcludedCase } from '../../../shared/export';
import type { CleaningCase, DerivedVariable } from '../../../shared/cleaning/types';
import { createCleaner, type Cleaner } from '../../../shared/cleaning/engine';
import { calculatedValues } from '../../../shared/routing/calculated';
import { createRouter, type Router } from '../../../shared/routing/router';
import { hasCleaningTables, listDerived } from '../db/repos/cleaningRepo';
import { latestVersion } from '../db/repos/questionnaireRepo';
import { forEachAnswer, hasPackedAnswers, variableStored } from '../db/repos/answerStore';
import { hasTable } from '../db/repos/statements';

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
  /** Load only these variables' columns (and the weight); default all. */
  only?: readonly string[];
}

/** The choice list name of a derived variable's value labels: `veldwerk_derived_<name>` (then `_2`, `_3`, … if the questionnaire has that list). */
export function derivedListName(q: Questionnaire, name: string): string {
  const base = `veldwerk_derived_${name}`;
  let candidate = base;
  for (let i = 2; q.lists.some((l) => l.name === candidate); i++) candidate = `${base}_${i}`;
  return candidate;
}

/**
 * The questionnaire with the project's derived variables (cleaning) appended as calculated variables: label, the
 * expression as their calculation, marked `veldwerk::derived` in `extra`. A derived variable with value labels gets
 * its own choice list ({@link derivedListName}; labels in the default language) as `listName`, so the Labels sheet,
 * the codebook (Variables and Value labels sheets), the Frequencies sheet and the SPSS VALUE LABELS show them; no
 * user-missing codes are implied (those apply to single/multiple choice questions only). The same questionnaire
 * when there are none.
 * @param q the questionnaire; @param derived derived variables in definition order (names not in `q`)
 */
export function withDerived(q: Questionnaire, derived: readonly DerivedVariable[]): Questionnaire {
  if (derived.length === 0) return q;
  const lang = q.defaultLanguage;
  const lists = [...q.lists];
  const listOf = new Map<string, string>();
  for (const d of derived) {
    if (!d.valueLabels || d.valueLabels.length === 0) continue;
    const name = derivedListName({ ...q, lists }, d.name);
    lists.push({ name, choices: d.valueLabels.map((l) => ({ code: l.code, label: { [lang]: l.label } })) });
    listOf.set(d.name, name);
  }
  return {
    ...q,
    items: [
      ...q.items,
      ...derived.map((d) => {
        const listName = listOf.get(d.name);
        return {
          kind: 'variable' as const,
          variable: {
            name: d.name, type: 'calculated' as const, label: { [lang]: d.label }, hint: {}, required: false, calculate: d.expression,
            constraintMessage: {}, softConstraintMessage: {}, identifier: false, extra: { 'veldwerk::derived': 'yes' },
            ...(listName !== undefined ? { listName } : {}),
          },
        };
      }),
    ],
    lists,
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
  if (!hasTable(db, 'weighting_weight')) return [];
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

/** The dataset opened for reading in chunks, with its questionnaire and version row. */
export interface OpenedDataset {
  questionnaire: Questionnaire;
  questionnaireVersion: string;
  source: DatasetSource;
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

/** Everything a load decides once: the questionnaire with derived columns, which cases, how values are computed. */
interface LoadPlan {
  q: Questionnaire;
  qx: Questionnaire;
  version: string;
  identifiers: string[];
  /** WHERE clause on case_record (statuses and filter) and its parameters. */
  where: string;
  params: (string | number)[];
  cleaning: boolean;
  /** Derived variables of cleaning that become columns. */
  derived: DerivedVariable[];
  fromWeighting: WeightingWeight | undefined;
  builder: DatasetBuilderOptions;
  today: string;
  /** Compiled once, on the first chunk that needs them. */
  router?: Router | null;
  cleaner?: Cleaner | null;
}

/**
 * Checks the options and decides the load (see {@link loadDataset}).
 * @throws DomainError CORRUPT_PROJECT (bad definition), INVALID_INPUT (the weight or filter variable is unknown)
 */
function planLoad(db: Database, opts: LoadOptions): LoadPlan {
  const { questionnaire: q, version } = loadQuestionnaire(db);
  const statuses = opts.statuses ?? EXPORTABLE_STATUSES;
  const identifiers = variablesOf(q).filter((v) => v.identifier).map((v) => v.name);
  const fromWeighting = opts.weight !== undefined && !variablesOf(q).some((v) => v.name === opts.weight) ? weightingWeights(db).find((w) => w.name === opts.weight) : undefined;
  if (opts.weight !== undefined && !fromWeighting) {
    const known = variablesOf(q).some((v) => v.name === opts.weight) || variableStored(db, opts.weight);
    if (!known) throw new DomainError('INVALID_INPUT', `Unknown weight variable: ${opts.weight}`);
  }
  if (opts.filter !== undefined && !variablesOf(q).some((v) => v.name === opts.filter!.variable) && !variableStored(db, opts.filter.variable)) {
    throw new DomainError('INVALID_INPUT', `Unknown filter variable: ${opts.filter.variable}`);
  }
  const marks = statuses.map(() => '?').join(', ');
  // The filter compares the final value: the newest cleaning correction, else pass 3 (adjudicated, when not empty), else
  // pass 1 — of `response`, or for an imported case of `response_import` (a case's pass 1 is in one of them only).
  const packed = hasPackedAnswers(db);
  const stored = `(SELECT r.value FROM response r WHERE r.case_pk = case_record.id AND r.variable = ? AND r.pass IN (1, 3)
               AND (r.pass = 1 OR r.value IS NOT NULL) ORDER BY r.pass DESC LIMIT 1)`;
  const keyed = packed
    ? `coalesce(${stored}, (SELECT json_extract(p.answers, '$.' || json_quote(?)) FROM response_import p WHERE p.case_pk = case_record.id))`
    : stored;
  const cleaning = hasCleaningTables(db);
  const finalSql = cleaning
    ? `(CASE WHEN EXISTS (SELECT 1 FROM correction x WHERE x.case_pk = case_record.id AND x.variable = ?)
             THEN (SELECT x.new_value FROM correction x WHERE x.case_pk = case_record.id AND x.variable = ? ORDER BY x.id DESC LIMIT 1)
             ELSE ${keyed} END)`
    : keyed;
  const filterSql = opts.filter ? ` AND ${finalSql} IN (${opts.filter.codes.map(() => '?').join(', ')})` : '';
  const filterParams = opts.filter ? [...Array<string>((cleaning ? 2 : 0) + (packed ? 2 : 1)).fill(opts.filter.variable), ...opts.filter.codes] : [];
  // Derived variables of cleaning become calculated columns after the questionnaire's (codebook source "derived").
  const derived = cleaning ? listDerived(db).filter((d) => !variablesOf(q).some((v) => v.name === d.name)) : [];
  const only = opts.only ? new Set([...opts.only, ...(opts.weight !== undefined ? [opts.weight] : [])]) : undefined;
  return {
    q,
    qx: withDerived(q, derived),
    version,
    identifiers,
    where: `status IN (${marks || "''"})${filterSql}`,
    params: [...statuses, ...filterParams],
    cleaning,
    derived: only ? derived.filter((d) => only.has(d.name)) : derived,
    fromWeighting,
    builder: { includeIdentifiers: opts.includeIdentifiers ?? false, ...(opts.weight !== undefined ? { weight: opts.weight } : {}), ...(only ? { only } : {}) },
    today: opts.today ?? new Date().toISOString().slice(0, 10),
  };
}

/**
 * Feeds the final values of some cases into a builder: responses (pass 3 over pass 1), the newest cleaning
 * correction, the questionnaire's calculations and the cleaning's derived variables computed from those values per
 * case, and a weighting scheme's weight. Reads only these cases' rows (one query per table).
 * @param cases [primary key, case ID] in row order; @param base the builder row of the first case
 */
function fillRows(db: Database, plan: LoadPlan, builder: DatasetBuilder, cases: readonly (readonly [number, string])[], base: number): void {
  if (cases.length === 0) return;
  // With calculations, every stored value of a case is held while its batch is computed: small batches keep that
  // short-lived (collected young instead of promoted), which keeps the process's peak memory down.
  const calcBatch = plan.derived.length > 0 || variablesOf(plan.q).some((v) => v.type === 'calculated' && builder.wants(v.name)) ? CALC_BATCH : cases.length;
  if (cases.length > calcBatch) {
    for (let k = 0; k < cases.length; k += calcBatch) fillRows(db, plan, builder, cases.slice(k, k + calcBatch), base + k);
    return;
  }
  const pks = JSON.stringify(cases.map((c) => c[0]));
  const rowOf = new Map<number, number>();
  cases.forEach(([pk], i) => rowOf.set(pk, i));
  const calculated = variablesOf(plan.q).filter((v) => v.type === 'calculated' && builder.wants(v.name)).map((v) => v.name);
  const derived = plan.derived;
  // Calculations and derivations read any variable: then every stored value of the case is kept, per case.
  const values = calculated.length > 0 || derived.length > 0 ? cases.map(() => ({}) as Record<string, string | null>) : null;
  // Pass 3 comes after pass 1 and overwrites it (answerStore.forEachAnswer).
  forEachAnswer(db, { passes: [1, 3], casePks: cases.map((c) => c[0]) }, (pk, variable, pass, value) => {
    if (pass === 3 && value === null) return;
    const i = rowOf.get(pk)!;
    if (values) values[i]![variable] = value;
    if (builder.wants(variable)) builder.set(base + i, variable, value);
  });
  // Cleaning corrections (migration 60) come last: the newest per case and variable is the final value.
  if (plan.cleaning) {
    const corr = db
      .prepare(
        `SELECT c.case_pk, c.variable, c.new_value FROM correction c
          WHERE c.case_pk IN (SELECT value FROM json_each(?))
            AND c.id = (SELECT max(id) FROM correction d WHERE d.case_pk = c.case_pk AND d.variable = c.variable)
          ORDER BY c.case_pk, c.variable`,
      )
      .raw()
      .all(pks) as [number, string, string | null][];
    for (const [pk, variable, value] of corr) {
      const i = rowOf.get(pk)!;
      if (values) values[i]![variable] = value;
      // A correction to empty (null) empties the keyed value: the builder ignores null but clears on ''.
      if (builder.wants(variable)) builder.set(base + i, variable, value ?? '');
    }
  }
  if (values) {
    // Computed over the current values of the exported cases, exactly as entry and a rule run compute them: the
    // questionnaire's calculations (never stored with the answers), then the cleaning's derived variables.
    const current: CleaningCase[] = cases.map(([, caseId], i) => ({ caseId, values: values[i]! }));
    // The questionnaire as routing and rule runs read it; compiled once per load, on the first batch that needs it.
    const latest = () => latestVersion(db)?.questionnaire;
    if (calculated.length > 0) {
      if (plan.router === undefined) plan.router = ((x) => (x ? createRouter(x) : null))(latest());
      const calc = plan.router ? calculatedValues(plan.router, current, plan.today) : {};
      for (const name of calculated) {
        const col = calc[name];
        // A value stored for a calculated variable (e.g. imported) is kept; the calculation fills the rest.
        if (col) current.forEach((c, i) => {
          if ((c.values[name] ?? '') === '' && col[i] !== '') builder.set(base + i, name, col[i]!);
        });
      }
    }
    if (derived.length > 0) {
      if (plan.cleaner === undefined) plan.cleaner = ((x) => (x ? createCleaner(x, [], listDerived(db)) : null))(latest());
      const out = plan.cleaner ? plan.cleaner.run(current, { today: plan.today, duplicates: false }).derived : {};
      for (const d of derived) {
        const col = out[d.name];
        if (col) current.forEach((_, i) => builder.set(base + i, d.name, col[i]!));
      }
    }
  }
  const ww = plan.fromWeighting;
  if (ww) {
    const ws = db
      .prepare(`SELECT w.case_pk, w.${ww.column} FROM weighting_weight w JOIN weighting_scheme s ON s.id = w.scheme_id WHERE s.name = ? AND w.case_pk IN (SELECT value FROM json_each(?))`)
      .raw()
      .all(ww.scheme, pks) as [number, number][];
    for (const [pk, w] of ws) builder.set(base + rowOf.get(pk)!, ww.name, String(w));
  }
}

function readExcluded(db: Database): ExcludedCase[] {
  return db
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
}

/** Cases whose full stored values are held at once while calculated and derived variables are computed. */
const CALC_BATCH = 250;

/** Cases read per chunk by {@link openDataset} and per query by {@link loadDataset}. */
export const CHUNK_ROWS = 2000;

/**
 * Loads the dataset for export into memory: the newest questionnaire; the cases with the chosen statuses in case-ID order;
 * per variable the final value (the newest cleaning correction, else pass 3 = adjudicated if present, else pass 1 =
 * keyed or imported); the derived variables of cleaning as calculated columns after the questionnaire's (the returned
 * questionnaire holds them, see {@link withDerived}), computed from those values; the excluded
 * cases with the reason of their latest audit entry. A weight named by a weighting scheme (and not a questionnaire
 * variable) is read from that scheme's latest run. Memory grows with cases × columns: the export itself reads
 * with {@link openDataset}; this serves the Tables sheet (with `only` its few columns) and tests.
 * @param db the project connection (read-only is enough)
 * @throws DomainError CORRUPT_PROJECT (bad definition), INVALID_INPUT (the weight is unknown)
 */
export function loadDataset(db: Database, opts: LoadOptions = {}): LoadedDataset {
  const plan = planLoad(db, opts);
  const cases = db.prepare(`SELECT id, case_id FROM case_record WHERE ${plan.where} ORDER BY case_id`).raw().all(...plan.params) as [number, string][];
  const builder = new DatasetBuilder(plan.qx, cases.map((c) => c[1]), plan.builder);
  for (let k = 0; k < cases.length; k += CHUNK_ROWS) fillRows(db, plan, builder, cases.slice(k, k + CHUNK_ROWS), k);
  return { questionnaire: plan.qx, questionnaireVersion: plan.version, dataset: builder.build(readExcluded(db)), identifiers: plan.identifiers };
}

/**
 * Opens the export dataset for reading in chunks of `chunkRows` cases (a {@link DatasetSource}): the same cases,
 * columns and values as {@link loadDataset}, but only one chunk is built at a time, so the export's memory does not
 * grow with the number of cases. Chunks are read forward by case ID (keyset paging on the unique case_id index);
 * asking for an earlier row starts again from the first case. The cases are counted when opened; if the project
 * changes while the export reads (a write on this connection, or another connection's commit), the next chunk
 * read fails rather than mixing two states of the data in one file.
 * @param db the project connection (read-only is enough)
 * @throws DomainError CORRUPT_PROJECT, INVALID_INPUT as {@link loadDataset}; INVALID_INPUT from a chunk read
 *   when the project changed since it was opened
 */
export function openDataset(db: Database, opts: LoadOptions = {}, chunkRows = CHUNK_ROWS): OpenedDataset {
  const plan = planLoad(db, opts);
  const rowCount = (db.prepare(`SELECT count(*) FROM case_record WHERE ${plan.where}`).pluck().get(...plan.params) as number) ?? 0;
  const page = db.prepare(`SELECT id, case_id FROM case_record WHERE ${plan.where} AND case_id > ? ORDER BY case_id LIMIT ?`).raw();
  const first = db.prepare(`SELECT id, case_id FROM case_record WHERE ${plan.where} ORDER BY case_id LIMIT ?`).raw();
  const changes = db.prepare('SELECT total_changes()').pluck();
  const stamp = (): string => `${String(changes.get())}/${String(db.pragma('data_version', { simple: true }))}`;
  const opened = stamp();
  const shape = new DatasetBuilder(plan.qx, [], plan.builder).build();
  // The next chunk to read: its first row and the case ID before it (null = from the first case).
  let nextRow = 0;
  let after: string | null = null;
  const read = (): { start: number; ds: Dataset } => {
    if (stamp() !== opened) throw new DomainError('INVALID_INPUT', 'The project changed while it was being exported; export again.');
    const limit = Math.min(chunkRows, rowCount - nextRow);
    const cases = (after === null ? first.all(...plan.params, limit) : page.all(...plan.params, after, limit)) as [number, string][];
    if (cases.length === 0) throw new DomainError('INVALID_INPUT', `The project changed while it was being exported (${rowCount} cases counted, row ${nextRow + 1} not found); export again.`);
    const builder = new DatasetBuilder(plan.qx, cases.map((c) => c[1]), plan.builder);
    fillRows(db, plan, builder, cases, 0);
    const start = nextRow;
    nextRow += cases.length;
    after = cases.at(-1)![1];
    return { start, ds: builder.build() };
  };
  let current: { start: number; ds: Dataset } | null = null;
  const source: DatasetSource = {
    kind: 'source',
    columns: shape.columns,
    ...(shape.weight !== undefined ? { weight: shape.weight } : {}),
    rowCount,
    excluded: readExcluded(db),
    chunkAt(row) {
      if (row < 0 || row >= rowCount) throw new RangeError(`Row ${row} is outside the ${rowCount} exported cases`);
      if (current && row >= current.start && row < current.start + current.ds.caseIds.length) return current;
      if (row < nextRow) {
        nextRow = 0;
        after = null;
      }
      current = null;
      do current = read();
      while (row >= current.start + current.ds.caseIds.length);
      return current;
    },
  };
  return { questionnaire: plan.qx, questionnaireVersion: plan.version, source, identifiers: plan.identifiers };
}
