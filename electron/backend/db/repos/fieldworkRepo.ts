// SQL of the fieldwork area: sample cases, identifying contacts, dispositions and their history, paper batches, audit rows.
import type { Database } from 'better-sqlite3';
import { DEFAULT_CASE_ID_FORMAT, caseIdFormatProblems, type CaseIdFormat } from '../../../../shared/fieldwork/caseId';
import type { FrameCase } from '../../../../shared/fieldwork/frame';
import { INITIAL_DISPOSITION } from '../../../../shared/fieldwork/dispositions';
import type { ExclusionReason } from '../../../../shared/fieldwork/responseDisposition';
import type { BatchRow } from '../../../../shared/contract/fieldwork';

const FORMAT_KEY = 'fieldwork.caseIdFormat';

/** The project's case-ID format (project_meta), or the default when none is set or it is unreadable. */
export function getCaseIdFormat(db: Database): CaseIdFormat {
  const r = db.prepare('SELECT value FROM project_meta WHERE key = ?').get(FORMAT_KEY) as { value: string } | undefined;
  if (!r) return { ...DEFAULT_CASE_ID_FORMAT };
  try {
    const f = JSON.parse(r.value) as CaseIdFormat;
    return caseIdFormatProblems(f).length === 0 ? { prefix: f.prefix, bodyDigits: f.bodyDigits, scheme: f.scheme } : { ...DEFAULT_CASE_ID_FORMAT };
  } catch {
    return { ...DEFAULT_CASE_ID_FORMAT };
  }
}

/** Stores the project's case-ID format in project_meta. */
export function putCaseIdFormat(db: Database, f: CaseIdFormat): void {
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(FORMAT_KEY, JSON.stringify(f));
}

/** Number of sampled cases. */
export function sampleSize(db: Database): number {
  return (db.prepare('SELECT count(*) AS n FROM sample_case').get() as { n: number }).n;
}

/** Every case ID of the sample. */
export function sampleCaseIds(db: Database): Set<string> {
  return new Set((db.prepare('SELECT case_id FROM sample_case').pluck().all() as string[]));
}

/** The newest questionnaire version's definition JSON, or null. */
export function latestQuestionnaireDefinition(db: Database): string | null {
  const r = db.prepare('SELECT definition FROM questionnaire_version ORDER BY id DESC LIMIT 1').get() as { definition: string } | undefined;
  return r?.definition ?? null;
}

/** A row to append to the audit log. */
export interface AuditEntry {
  operator: string;
  source: 'system' | 'keying' | 'verification' | 'adjudication' | 'cleaning' | 'import' | 'weighting' | 'export';
  reason: string;
  details?: unknown;
  casePk?: number;
}

/** Appends one row to the (append-only) audit log. */
export function appendAudit(db: Database, e: AuditEntry, at: string = new Date().toISOString()): void {
  db.prepare('INSERT INTO audit_log (at, operator, source, case_pk, reason, details) VALUES (?, ?, ?, ?, ?, ?)').run(
    at, e.operator, e.source, e.casePk ?? null, e.reason, e.details === undefined ? null : JSON.stringify(e.details),
  );
}

/**
 * Records that identifying details (contacts) left the project in an export: an audit_log row with source
 * 'export'. Every export that includes identifying columns must call this in the same transaction as it reads them.
 * @param what the file written, the identifying columns included and the number of rows
 */
export function logIdentifyingExport(db: Database, operator: string, what: { file: string; columns: readonly string[]; rows: number; channel: string }): void {
  appendAudit(db, { operator, source: 'export', reason: `identifying details exported to ${what.file}`, details: { identifying: true, ...what } });
}

/**
 * Stores a validated frame: one sample_import row, the sample cases (disposition 3.19, set by the operator at
 * `now`), their contacts in the identifying table, and one audit_log row — all in one transaction, so a failure
 * stores nothing.
 * @returns the number of cases stored
 */
export function insertSample(
  db: Database,
  imp: { file: string; sheet: string | null; sha256: string; options: unknown; operator: string },
  cases: readonly FrameCase[],
  now: string,
): number {
  const addImport = db.prepare('INSERT INTO sample_import (file, sheet, rows, sha256, options, operator, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const addCase = db.prepare(
    `INSERT INTO sample_case (case_id, import_id, frame_row, strata, selection_probability, design_weight, weight_source, mode, disposition, disposition_at, disposition_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const addContact = db.prepare('INSERT INTO sample_contact (sample_case_id, details) VALUES (?, ?)');
  return db.transaction(() => {
    const importId = Number(addImport.run(imp.file, imp.sheet, cases.length, imp.sha256, JSON.stringify(imp.options ?? {}), imp.operator, now).lastInsertRowid);
    for (const c of cases) {
      const id = Number(addCase.run(c.caseId, importId, c.row, JSON.stringify(c.strata), c.probability, c.designWeight, c.weightSource, c.mode, INITIAL_DISPOSITION, now, imp.operator).lastInsertRowid);
      if (Object.keys(c.contact).length > 0) addContact.run(id, JSON.stringify(c.contact));
    }
    appendAudit(db, { operator: imp.operator, source: 'import', reason: `sample frame imported: ${imp.file} (${cases.length} cases)`, details: { file: imp.file, sheet: imp.sheet, sha256: imp.sha256, importId, cases: cases.length } }, now);
    return cases.length;
  }).immediate();
}

/** One listed sample case (no contact details). */
export interface SampleRow {
  caseId: string;
  strata: Record<string, string>;
  probability: number | null;
  designWeight: number | null;
  weightSource: 'probability' | 'frame' | 'population' | null;
  mode: 'paper' | 'web' | null;
  disposition: string;
  batch: string | null;
}

const SAMPLE_SELECT = `SELECT s.case_id AS caseId, s.strata AS strata, s.selection_probability AS probability, s.design_weight AS designWeight,
         s.weight_source AS weightSource, s.mode AS mode, s.disposition AS disposition, b.number AS batch
    FROM sample_case s LEFT JOIN batch b ON b.id = s.batch_id`;

function toSampleRow(r: Omit<SampleRow, 'strata'> & { strata: string }): SampleRow {
  return { ...r, strata: JSON.parse(r.strata) as Record<string, string> };
}

/** One page of the sample in case-ID order, without contact details. */
export function listSample(db: Database, offset: number, limit: number): { total: number; rows: SampleRow[] } {
  const rows = db.prepare(`${SAMPLE_SELECT} ORDER BY s.case_id LIMIT ? OFFSET ?`).all(limit, offset) as (Omit<SampleRow, 'strata'> & { strata: string })[];
  return { total: sampleSize(db), rows: rows.map(toSampleRow) };
}

/**
 * The whole sample with contact details, for an export that was explicitly asked to include them.
 * Callers must log the export with {@link logIdentifyingExport}.
 */
export function sampleWithContacts(db: Database): (SampleRow & { contact: Record<string, string> })[] {
  const rows = db.prepare(`${SAMPLE_SELECT.replace('FROM sample_case s', ', c.details AS contact FROM sample_case s LEFT JOIN sample_contact c ON c.sample_case_id = s.id')} ORDER BY s.case_id`).all() as (Omit<SampleRow, 'strata'> & { strata: string; contact: string | null })[];
  return rows.map((r) => ({ ...toSampleRow(r), contact: r.contact ? (JSON.parse(r.contact) as Record<string, string>) : {} }));
}

/** One sampled case for the report: strata, assigned mode, stored disposition, design weight, its form's source and exclusion. */
export interface ReportSampleRow {
  caseId: string;
  strata: Record<string, string>;
  mode: 'paper' | 'web' | null;
  disposition: string;
  designWeight: number | null;
  formSource: string | null;
  /** The form's status (null without a form). */
  formStatus: string | null;
  /** The active exclusion's reason code when the form is excluded ('other' for an excluded form without a register row), else null. */
  exclusion: ExclusionReason | null;
  /** The disposition before the first return (1.x) in the history; '3.19' when there is none. */
  beforeReturn: string;
}

/** The sample for the report: one row per sampled case with its (at most one) form and that form's active exclusion. */
export function sampleForReport(db: Database): ReportSampleRow[] {
  const rows = db
    .prepare(
      `SELECT s.case_id AS caseId, s.strata AS strata, s.mode AS mode, s.disposition AS disposition, s.design_weight AS designWeight,
              c.source AS formSource, c.status AS formStatus,
              CASE WHEN c.status = 'excluded' THEN coalesce(
                (SELECT x.reason_code FROM exclusion x WHERE x.case_pk = c.id AND x.included_at IS NULL ORDER BY x.id DESC LIMIT 1), 'other') END AS exclusion,
              CASE WHEN c.status = 'excluded' THEN
                (SELECT h.old_code FROM disposition_history h WHERE h.sample_case_id = s.id AND h.new_code LIKE '1.%' ORDER BY h.id LIMIT 1) END AS beforeReturn
         FROM sample_case s LEFT JOIN case_record c ON c.case_id = s.case_id ORDER BY s.case_id`,
    )
    .all() as (Omit<ReportSampleRow, 'strata' | 'beforeReturn'> & { strata: string; beforeReturn: string | null })[];
  return rows.map((r) => ({ ...r, strata: JSON.parse(r.strata) as Record<string, string>, beforeReturn: r.beforeReturn ?? INITIAL_DISPOSITION }));
}

/**
 * Design (base) weights of the sampled cases, for the weighting stage.
 * @returns case ID → design weight (null when the frame gave none)
 */
export function designWeights(db: Database): Map<string, number | null> {
  const rows = db.prepare('SELECT case_id AS caseId, design_weight AS w FROM sample_case').all() as { caseId: string; w: number | null }[];
  return new Map(rows.map((r) => [r.caseId, r.w]));
}

/**
 * When each case still a return (1.x) came back, with the source of its form if any. `at` is the received date
 * of the paper batch the case is registered with (sample_case.received_on, else the batch of its keyed form),
 * and only without a batch the first time the case became a return (keying or import time, ISO timestamp).
 */
export function firstReturns(db: Database): { caseId: string; at: string; formSource: string | null; mode: string | null }[] {
  return db
    .prepare(
      `SELECT s.case_id AS caseId, coalesce(s.received_on, b.received_on, min(h.at)) AS at, c.source AS formSource, s.mode AS mode
         FROM disposition_history h JOIN sample_case s ON s.id = h.sample_case_id LEFT JOIN case_record c ON c.case_id = s.case_id
              LEFT JOIN batch b ON b.id = c.batch_id
        WHERE h.new_code IN ('1.1', '1.2') AND s.disposition IN ('1.1', '1.2')
        GROUP BY s.id`,
    )
    .all() as { caseId: string; at: string; formSource: string | null; mode: string | null }[];
}

/** Number of forms (case_record rows) whose case ID is not in the sample — counted only once a sample exists. */
export function formsNotInSample(db: Database): number {
  if (sampleSize(db) === 0) return 0;
  return (db.prepare('SELECT count(*) AS n FROM case_record c WHERE NOT EXISTS (SELECT 1 FROM sample_case s WHERE s.case_id = c.case_id)').get() as { n: number }).n;
}

/**
 * Sets one disposition on many cases in one transaction, writing a history row (who/when/why) per change.
 * Cases already at `code` are left alone.
 * @returns changed and unchanged counts
 */
export function setDispositions(
  db: Database,
  caseIds: readonly string[],
  code: string,
  who: { operator: string; source: 'manual' | 'batch'; reason: string | null },
  now: string,
): { changed: number; unchanged: number } {
  const get = db.prepare('SELECT id, disposition FROM sample_case WHERE case_id = ?');
  const upd = db.prepare('UPDATE sample_case SET disposition = ?, disposition_at = ?, disposition_by = ? WHERE id = ?');
  const hist = db.prepare('INSERT INTO disposition_history (sample_case_id, old_code, new_code, at, operator, source, reason) VALUES (?, ?, ?, ?, ?, ?, ?)');
  return db.transaction(() => {
    let changed = 0;
    let unchanged = 0;
    for (const id of new Set(caseIds)) {
      const r = get.get(id) as { id: number; disposition: string } | undefined;
      if (!r) throw new Error(`case ${id} vanished`);
      if (r.disposition === code) {
        unchanged++;
        continue;
      }
      upd.run(code, now, who.operator, r.id);
      hist.run(r.id, r.disposition, code, now, who.operator, who.source, who.reason);
      changed++;
    }
    return { changed, unchanged };
  }).immediate();
}

/**
 * Sets the disposition a finished form earns (1.1 / 1.2 / 2.12 by its completeness) on its sampled case, with a
 * history row (operator 'system', the given source). Only a disposition that a form set is replaced (1.1, 1.2,
 * 2.12 — the fieldwork trigger has already turned 2.x/3.x into 1.1); hand-set codes such as 4.x stay.
 * @returns the case's disposition afterwards, or null when the case is not in the sample
 */
export function setFormDisposition(db: Database, caseId: string, code: '1.1' | '1.2' | '2.12', source: 'keying' | 'import', reason: string, now: string): string | null {
  const r = db.prepare('SELECT id, disposition FROM sample_case WHERE case_id = ?').get(caseId) as { id: number; disposition: string } | undefined;
  if (!r) return null;
  if (r.disposition === code || !['1.1', '1.2', '2.12'].includes(r.disposition)) return r.disposition;
  db.prepare("UPDATE sample_case SET disposition = ?, disposition_at = ?, disposition_by = 'system' WHERE id = ?").run(code, now, r.id);
  db.prepare("INSERT INTO disposition_history (sample_case_id, old_code, new_code, at, operator, source, reason) VALUES (?, ?, ?, ?, 'system', ?, ?)").run(r.id, r.disposition, code, now, source, reason);
  return code;
}

/**
 * After an excluded form is included again, the fieldwork trigger (excluded → complete) turns a graded break-off
 * 2.12 into 1.1. This puts back the grade the form's last finish or import gave (history rows written by
 * {@link setFormDisposition} with reason "form finished: …", or by the response import with "form imported: …"),
 * when the case is now 1.1 and that grade differs.
 * @returns the disposition afterwards, or null when the case is not in the sample
 */
export function restoreFormDisposition(db: Database, caseId: string, now: string): string | null {
  const r = db.prepare('SELECT id, disposition FROM sample_case WHERE case_id = ?').get(caseId) as { id: number; disposition: string } | undefined;
  if (!r) return null;
  const graded = db
    .prepare("SELECT new_code FROM disposition_history WHERE sample_case_id = ? AND operator = 'system' AND (reason LIKE 'form finished:%' OR reason LIKE 'form imported:%') ORDER BY id DESC LIMIT 1")
    .pluck()
    .get(r.id) as string | undefined;
  if (r.disposition !== '1.1' || graded === undefined || graded === '1.1') return r.disposition;
  return setFormDisposition(db, caseId, graded as '1.2' | '2.12', 'keying', 'form finished: grade restored after the exclusion was reversed', now);
}

/** A case's current disposition and its history, oldest first; null when the case is not in the sample. */
export function dispositionHistory(db: Database, caseId: string): {
  caseId: string; disposition: string; at: string; by: string;
  entries: { oldCode: string | null; newCode: string; at: string; operator: string; source: string; reason: string | null }[];
} | null {
  const c = db.prepare('SELECT id, case_id AS caseId, disposition, disposition_at AS at, disposition_by AS by FROM sample_case WHERE case_id = ?').get(caseId) as
    | { id: number; caseId: string; disposition: string; at: string; by: string }
    | undefined;
  if (!c) return null;
  const entries = db
    .prepare('SELECT old_code AS oldCode, new_code AS newCode, at, operator, source, reason FROM disposition_history WHERE sample_case_id = ? ORDER BY id')
    .all(c.id) as { oldCode: string | null; newCode: string; at: string; operator: string; source: string; reason: string | null }[];
  return { caseId: c.caseId, disposition: c.disposition, at: c.at, by: c.by, entries };
}

const BATCH_SELECT = `SELECT b.id AS id, b.number AS number, b.received_on AS receivedOn, b.expected_forms AS expectedForms, b.origin AS origin,
       b.notes AS notes, b.status AS status, b.registered_by AS registeredBy, b.created_at AS createdAt, b.updated_at AS updatedAt,
       (SELECT count(*) FROM sample_case s WHERE s.batch_id = b.id) AS registeredForms,
       (SELECT count(*) FROM case_record c WHERE c.batch_id = b.id AND c.status <> 'open') AS keyed,
       (SELECT count(*) FROM case_record c WHERE c.batch_id = b.id AND c.status IN ('complete', 'verified')) AS complete,
       (SELECT count(*) FROM case_record c WHERE c.batch_id = b.id AND c.status = 'verified') AS verified,
       (SELECT count(*) FROM case_record c WHERE c.batch_id = b.id AND c.status = 'excluded') AS excluded
  FROM batch b`;

/** A batch with its counts, by number; null when there is none. */
export function getBatch(db: Database, number: string): BatchRow | null {
  return (db.prepare(`${BATCH_SELECT} WHERE b.number = ?`).get(number) as BatchRow | undefined) ?? null;
}

/** Every batch with its counts, by received date then number. */
export function listBatches(db: Database): BatchRow[] {
  return db.prepare(`${BATCH_SELECT} ORDER BY b.received_on, b.number`).all() as BatchRow[];
}

/** Inserts a batch (status 'received'). @returns its id */
export function insertBatch(db: Database, b: { number: string; receivedOn: string; expectedForms: number; origin: string | null; notes: string | null; operator: string }, now: string): number {
  return Number(
    db
      .prepare("INSERT INTO batch (number, received_on, expected_forms, origin, notes, status, created_at, registered_by, updated_at) VALUES (?, ?, ?, ?, ?, 'received', ?, ?, ?)")
      .run(b.number, b.receivedOn, b.expectedForms, b.origin, b.notes, now, b.operator, now).lastInsertRowid,
  );
}

/** Registers sampled cases as received in a batch (sets batch and received date). */
export function assignCasesToBatch(db: Database, batchId: number, receivedOn: string | null, caseIds: readonly string[]): void {
  const upd = db.prepare('UPDATE sample_case SET batch_id = ?, received_on = ? WHERE case_id = ?');
  for (const id of caseIds) upd.run(batchId, receivedOn, id);
}

/** Which of the given case IDs are registered with a batch other than `batchId`: case ID → that batch's number. */
export function casesInOtherBatches(db: Database, batchId: number, caseIds: readonly string[]): Map<string, string> {
  const q = db.prepare('SELECT b.number AS number FROM sample_case s JOIN batch b ON b.id = s.batch_id WHERE s.case_id = ? AND s.batch_id <> ?');
  const out = new Map<string, string>();
  for (const id of caseIds) {
    const r = q.get(id, batchId) as { number: string } | undefined;
    if (r) out.set(id, r.number);
  }
  return out;
}

/** Sets a batch's status and updated_at. */
export function updateBatchStatus(db: Database, batchId: number, status: string, now: string): void {
  db.prepare('UPDATE batch SET status = ?, updated_at = ? WHERE id = ?').run(status, now, batchId);
}

/**
 * The ID lists of a batch's reconciliation (each sorted by case ID):
 * - `notKeyed`: registered with this batch, never keyed (or still open);
 * - `keyedElsewhere`: keyed into this batch but registered with another batch, with that batch's number;
 * - `keyedUnregistered`: keyed into this batch, in the sample, but registered with no batch at all;
 * - `keyedNotRegistered`: the last two together (case IDs only; kept for callers that read one list);
 * - `notInSample`: keyed into this batch but not in the sample (empty when the project has no sample frame);
 * - `inProgress`: forms of this batch still open in keying.
 */
export function batchReconciliationLists(db: Database, batchId: number): {
  notKeyed: string[]; keyedElsewhere: { caseId: string; batch: string }[]; keyedUnregistered: string[]; keyedNotRegistered: string[]; notInSample: string[]; inProgress: number;
} {
  const notKeyed = db
    .prepare("SELECT s.case_id FROM sample_case s WHERE s.batch_id = ? AND NOT EXISTS (SELECT 1 FROM case_record c WHERE c.case_id = s.case_id AND c.status <> 'open') ORDER BY s.case_id")
    .pluck()
    .all(batchId) as string[];
  const keyedElsewhere = db
    .prepare('SELECT c.case_id AS caseId, b.number AS batch FROM case_record c JOIN sample_case s ON s.case_id = c.case_id JOIN batch b ON b.id = s.batch_id WHERE c.batch_id = ? AND s.batch_id <> c.batch_id ORDER BY c.case_id')
    .all(batchId) as { caseId: string; batch: string }[];
  const keyedUnregistered = db
    .prepare('SELECT c.case_id FROM case_record c JOIN sample_case s ON s.case_id = c.case_id WHERE c.batch_id = ? AND s.batch_id IS NULL ORDER BY c.case_id')
    .pluck()
    .all(batchId) as string[];
  const keyedNotRegistered = [...keyedElsewhere.map((k) => k.caseId), ...keyedUnregistered].sort();
  const notInSample = sampleSize(db) === 0
    ? []
    : (db.prepare('SELECT c.case_id FROM case_record c WHERE c.batch_id = ? AND NOT EXISTS (SELECT 1 FROM sample_case s WHERE s.case_id = c.case_id) ORDER BY c.case_id').pluck().all(batchId) as string[]);
  const inProgress = (db.prepare("SELECT count(*) AS n FROM case_record WHERE batch_id = ? AND status = 'open'").get(batchId) as { n: number }).n;
  return { notKeyed, keyedElsewhere, keyedUnregistered, keyedNotRegistered, notInSample, inProgress };
}
