// SQL of heads-down entry: case records for keying, responses per pass, entry progress and effort, soft-check confirmations.
import type { Database } from 'better-sqlite3';
import { answerSource, hasPackedAnswers, unpackCase } from './answerStore';
import { cachedStatement } from './statements';

/** A case record as entry needs it. */
export interface CaseRecordRow {
  id: number;
  caseId: string;
  versionId: number | null;
  batch: string | null;
  source: 'keying' | 'import' | 'example';
  status: 'open' | 'complete' | 'verified' | 'excluded';
}

/** The keying of one form in one pass. */
export interface EntryFormRow {
  operator: string;
  receivedOn: string | null;
  finishedAt: string | null;
  lastField: string | null;
}

/** Prepares a statement once per connection (commits are the hot path: under 2 ms each). */
const stmt = cachedStatement;

/** The case record with this (normalised) case ID, or undefined. */
export function findCase(db: Database, caseId: string): CaseRecordRow | undefined {
  return stmt(
    db,
    `SELECT c.id, c.case_id AS caseId, c.questionnaire_version_id AS versionId, b.number AS batch, c.source, c.status
       FROM case_record c LEFT JOIN batch b ON b.id = c.batch_id WHERE c.case_id = ?`,
  ).get(caseId) as CaseRecordRow | undefined;
}

/** The open exclusion of a case (reason code and text), or undefined when it is not excluded through the register. */
export function openExclusionOf(db: Database, casePk: number): { reasonCode: string; reason: string } | undefined {
  return stmt(db, 'SELECT reason_code AS reasonCode, reason FROM exclusion WHERE case_pk = ? AND included_at IS NULL ORDER BY id DESC LIMIT 1').get(casePk) as { reasonCode: string; reason: string } | undefined;
}

/** Inserts a case record for keying (status open). @returns its primary key */
export function insertCase(db: Database, caseId: string, versionId: number, batchId: number | null, now: string): number {
  return Number(stmt(db, `INSERT INTO case_record (case_id, questionnaire_version_id, batch_id, source, status, created_at, updated_at) VALUES (?, ?, ?, 'keying', 'open', ?, ?)`).run(caseId, versionId, batchId, now, now).lastInsertRowid);
}

/** Sets a case's status and updated_at (the fieldwork triggers set the disposition of a completed form). */
export function setCaseStatus(db: Database, casePk: number, status: CaseRecordRow['status'], now: string): void {
  stmt(db, 'UPDATE case_record SET status = ?, updated_at = ? WHERE id = ?').run(status, now, casePk);
}

/** Touches a case's updated_at. */
export function touchCase(db: Database, casePk: number, now: string): void {
  stmt(db, 'UPDATE case_record SET updated_at = ? WHERE id = ?').run(now, casePk);
}

/** A batch's primary key by number, or undefined. */
export function batchId(db: Database, number: string): number | undefined {
  return (stmt(db, 'SELECT id FROM batch WHERE number = ?').get(number) as { id: number } | undefined)?.id;
}

/** The sample row of a case ID: whether it is sampled and the batch it was registered with. */
export function sampleEntry(db: Database, caseId: string): { batch: string | null; receivedOn: string | null } | undefined {
  return stmt(db, 'SELECT b.number AS batch, s.received_on AS receivedOn FROM sample_case s LEFT JOIN batch b ON b.id = s.batch_id WHERE s.case_id = ?').get(caseId) as
    | { batch: string | null; receivedOn: string | null }
    | undefined;
}

/** Number of sampled cases (0 = the project has no sample frame). */
export function sampleCount(db: Database): number {
  return (stmt(db, 'SELECT count(*) AS n FROM sample_case').get() as { n: number }).n;
}

/** A questionnaire version's definition JSON by id, or the newest when `id` is null. */
export function questionnaireDefinition(db: Database, id: number | null): { id: number; definition: string } | undefined {
  return (id === null
    ? stmt(db, 'SELECT id, definition FROM questionnaire_version ORDER BY id DESC LIMIT 1').get()
    : stmt(db, 'SELECT id, definition FROM questionnaire_version WHERE id = ?').get(id)) as { id: number; definition: string } | undefined;
}

/** Stored non-empty answers of one pass, by variable (keyed or imported: answerStore). */
export function answersOf(db: Database, casePk: number, pass: number): Record<string, string> {
  const rows = stmt(db, `SELECT variable, value FROM ${answerSource(db)} WHERE case_pk = ? AND pass = ? AND value IS NOT NULL`).all(casePk, pass) as { variable: string; value: string }[];
  const out: Record<string, string> = {};
  for (const r of rows) out[r.variable] = r.value;
  return out;
}

/**
 * Writes one answer (NULL = system-missing). A pass-1 answer of an imported case first moves the case's imported
 * answers to `response` rows (answerStore.unpackCase), so a case's pass 1 stays in one table.
 */
export function putAnswer(db: Database, casePk: number, pass: number, variable: string, value: string | null, operator: string, now: string): void {
  if (pass === 1) unpackCase(db, casePk);
  stmt(
    db,
    `INSERT INTO response (case_pk, variable, pass, value, operator, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (case_pk, variable, pass) DO UPDATE SET value = excluded.value, operator = excluded.operator, updated_at = excluded.updated_at`,
  ).run(casePk, variable, pass, value, operator, now);
}

/** The keying of a form in a pass, or undefined when that pass was never started. */
export function entryForm(db: Database, casePk: number, pass: number): EntryFormRow | undefined {
  return stmt(db, 'SELECT operator, received_on AS receivedOn, finished_at AS finishedAt, last_field AS lastField FROM entry_form WHERE case_pk = ? AND pass = ?').get(casePk, pass) as EntryFormRow | undefined;
}

/** Starts the keying of a form in a pass. */
export function insertEntryForm(db: Database, casePk: number, pass: number, operator: string, receivedOn: string | null, now: string): void {
  stmt(db, 'INSERT INTO entry_form (case_pk, pass, operator, received_on, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)').run(casePk, pass, operator, receivedOn, now, now);
}

/** Records a commit in a pass: the field, and the effort since the previous commit. */
export function recordCommit(db: Database, casePk: number, pass: number, field: string | null, keystrokes: number, activeMs: number, now: string): void {
  stmt(db, 'UPDATE entry_form SET last_field = coalesce(?, last_field), keystrokes = keystrokes + ?, active_ms = active_ms + ?, commits = commits + 1, updated_at = ? WHERE case_pk = ? AND pass = ?').run(field, keystrokes, activeMs, now, casePk, pass);
}

/** Marks a pass finished (or re-finished after a modification). */
export function finishEntryForm(db: Database, casePk: number, pass: number, keystrokes: number, activeMs: number, now: string): void {
  stmt(db, 'UPDATE entry_form SET finished_at = ?, keystrokes = keystrokes + ?, active_ms = active_ms + ?, updated_at = ? WHERE case_pk = ? AND pass = ?').run(now, keystrokes, activeMs, now, casePk, pass);
}

/** Soft-check confirmations of a pass. */
export function confirmationsOf(db: Database, casePk: number, pass: number): { variable: string; value: string }[] {
  return stmt(db, 'SELECT variable, value FROM entry_confirmation WHERE case_pk = ? AND pass = ? ORDER BY variable').all(casePk, pass) as { variable: string; value: string }[];
}

/** Stores (or replaces) the confirmation of a soft check for a value. */
export function putConfirmation(db: Database, casePk: number, pass: number, variable: string, value: string, operator: string, now: string): void {
  stmt(
    db,
    `INSERT INTO entry_confirmation (case_pk, pass, variable, value, operator, at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (case_pk, pass, variable) DO UPDATE SET value = excluded.value, operator = excluded.operator, at = excluded.at`,
  ).run(casePk, pass, variable, value, operator, now);
}

/** Registers an operator by name, or notes when they were last seen. */
export function touchOperator(db: Database, name: string, now: string): void {
  stmt(db, 'INSERT INTO operator (name, created_at, last_seen) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET last_seen = excluded.last_seen').run(name, now, now);
}

/** Appends an audit row (prepared once; same columns as auditRepo.appendAudit). */
export function audit(
  db: Database,
  e: { at: string; operator: string; source: 'keying' | 'verification' | 'adjudication'; casePk: number | null; variable: string | null; oldValue: string | null; newValue: string | null; reason: string | null; details?: unknown },
): void {
  stmt(db, 'INSERT INTO audit_log (at, operator, source, case_pk, variable, old_value, new_value, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    e.at, e.operator, e.source, e.casePk, e.variable, e.oldValue, e.newValue, e.reason, e.details === undefined ? null : JSON.stringify(e.details),
  );
}

/** A stored verification difference (column names as in the contract's Difference). */
export interface DifferenceRow {
  caseId: string;
  variable: string;
  valueA: string | null;
  valueB: string | null;
  keyer: string;
  verifier: string;
  openText: number;
  resolution: 'A' | 'B' | 'new' | null;
  value: string | null;
  attributed: 'keyer' | 'verifier' | 'both' | 'none' | null;
  reason: string | null;
  resolvedBy: string | null;
}

const DIFF_SELECT = `SELECT c.case_id AS caseId, d.variable, d.value_a AS valueA, d.value_b AS valueB, f1.operator AS keyer, f2.operator AS verifier,
       d.open_text AS openText, d.resolution, d.value, d.attributed, d.reason, d.resolved_by AS resolvedBy
  FROM verification_difference d JOIN case_record c ON c.id = d.case_pk
  JOIN entry_form f1 ON f1.case_pk = d.case_pk AND f1.pass = 1 JOIN entry_form f2 ON f2.case_pk = d.case_pk AND f2.pass = 2`;

/** Differences, optionally of one case and/or only the unresolved ones, in case and paper-insertion order. */
export function differences(db: Database, casePk: number | null, openOnly: boolean): DifferenceRow[] {
  return db.prepare(`${DIFF_SELECT} WHERE (? IS NULL OR d.case_pk = ?) AND (? = 0 OR d.resolution IS NULL) ORDER BY c.case_id, d.rowid`).all(casePk, casePk, openOnly ? 1 : 0) as DifferenceRow[];
}

/** The newest cleaning correction of a case × variable (as shown beside a verification difference). */
export interface LatestCorrectionRow {
  caseId: string;
  variable: string;
  id: number;
  oldValue: string | null;
  newValue: string | null;
  operator: string;
  reason: string;
  at: string;
}

/**
 * The newest cleaning correction of every case × variable that has a verification difference (optionally of one case):
 * the value that stays final whatever the adjudication decides.
 */
export function correctionsOfDifferences(db: Database, casePk: number | null): LatestCorrectionRow[] {
  return db.prepare(`SELECT c.case_id AS caseId, co.variable, co.id, co.old_value AS oldValue, co.new_value AS newValue, co.operator, co.reason, co.at
  FROM verification_difference d JOIN case_record c ON c.id = d.case_pk
  JOIN correction co ON co.id = (SELECT max(id) FROM correction WHERE case_pk = d.case_pk AND variable = d.variable)
  WHERE (? IS NULL OR d.case_pk = ?)`).all(casePk, casePk) as LatestCorrectionRow[];
}

/** Replaces the unresolved differences of a case (resolved ones are kept as they were decided). */
export function replaceOpenDifferences(db: Database, casePk: number, rows: readonly { variable: string; a: string | null; b: string | null; openText: boolean }[], now: string): void {
  db.prepare('DELETE FROM verification_difference WHERE case_pk = ? AND resolution IS NULL').run(casePk);
  const resolved = new Set(db.prepare('SELECT variable FROM verification_difference WHERE case_pk = ?').pluck().all(casePk) as string[]);
  const ins = db.prepare('INSERT INTO verification_difference (case_pk, variable, value_a, value_b, open_text, found_at) VALUES (?, ?, ?, ?, ?, ?)');
  for (const r of rows) if (!resolved.has(r.variable)) ins.run(casePk, r.variable, r.a, r.b, r.openText ? 1 : 0, now);
}

/** Records the adjudication of one difference. */
export function resolveDifference(db: Database, casePk: number, variable: string, d: { resolution: 'A' | 'B' | 'new'; value: string | null; attributed: 'keyer' | 'verifier' | 'both' | 'none'; reason: string; operator: string }, now: string): void {
  db.prepare('UPDATE verification_difference SET resolution = ?, value = ?, attributed = ?, reason = ?, resolved_by = ?, resolved_at = ? WHERE case_pk = ? AND variable = ?').run(
    d.resolution, d.value, d.attributed, d.reason, d.operator, now, casePk, variable,
  );
}

/** Unresolved differences that block a form (open text never blocks). */
export function blockingDifferences(db: Database, casePk: number): number {
  return (db.prepare('SELECT count(*) AS n FROM verification_difference WHERE case_pk = ? AND resolution IS NULL AND open_text = 0').get(casePk) as { n: number }).n;
}

/** Key/value settings in project_meta (JSON), or undefined. */
export function getMeta(db: Database, key: string): string | undefined {
  return (db.prepare('SELECT value FROM project_meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
}

/** Stores a project_meta value. */
export function putMeta(db: Database, key: string, value: string): void {
  db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** Forms keyed (pass 1 finished) with their keyer, batch, finish time and whether pass 2 is finished. */
export function keyedForms(db: Database): { casePk: number; caseId: string; batch: string | null; keyer: string; finishedAt: string; verifiedAt: string | null; status: string }[] {
  return db
    .prepare(
      `SELECT c.id AS casePk, c.case_id AS caseId, b.number AS batch, f1.operator AS keyer, f1.finished_at AS finishedAt, f2.finished_at AS verifiedAt, c.status
         FROM entry_form f1 JOIN case_record c ON c.id = f1.case_pk LEFT JOIN batch b ON b.id = c.batch_id
         LEFT JOIN entry_form f2 ON f2.case_pk = f1.case_pk AND f2.pass = 2
        WHERE f1.pass = 1 AND f1.finished_at IS NOT NULL ORDER BY f1.finished_at, c.id`,
    )
    .all() as { casePk: number; caseId: string; batch: string | null; keyer: string; finishedAt: string; verifiedAt: string | null; status: string }[];
}

/** Per form and pass: operator, effort and the number of non-empty stored fields. */
export function formEffort(db: Database): { casePk: number; pass: number; operator: string; batch: string | null; finished: number; keystrokes: number; activeMs: number; fields: number }[] {
  // Not through the view `answer`: in a correlated subquery SQLite materialises the whole view (every imported
  // answer) instead of looking up one case; the imported row of the case is looked up by its key instead.
  const imported = hasPackedAnswers(db)
    ? ` + (CASE WHEN f.pass = 1 THEN (SELECT count(*) FROM response_import p, json_each(p.answers) j WHERE p.case_pk = f.case_pk AND j.value IS NOT NULL) ELSE 0 END)`
    : '';
  return db
    .prepare(
      `SELECT f.case_pk AS casePk, f.pass, f.operator, b.number AS batch, f.finished_at IS NOT NULL AS finished, f.keystrokes, f.active_ms AS activeMs,
              (SELECT count(*) FROM response r WHERE r.case_pk = f.case_pk AND r.pass = f.pass AND r.value IS NOT NULL)${imported} AS fields
         FROM entry_form f JOIN case_record c ON c.id = f.case_pk LEFT JOIN batch b ON b.id = c.batch_id`,
    )
    .all() as { casePk: number; pass: number; operator: string; batch: string | null; finished: number; keystrokes: number; activeMs: number; fields: number }[];
}

/** Every resolved difference with its keyer, verifier and batch. */
export function resolvedDifferences(db: Database): { casePk: number; keyer: string; verifier: string; batch: string | null; attributed: string }[] {
  return db
    .prepare(
      `SELECT d.case_pk AS casePk, f1.operator AS keyer, f2.operator AS verifier, b.number AS batch, d.attributed
         FROM verification_difference d JOIN case_record c ON c.id = d.case_pk LEFT JOIN batch b ON b.id = c.batch_id
         JOIN entry_form f1 ON f1.case_pk = d.case_pk AND f1.pass = 1 JOIN entry_form f2 ON f2.case_pk = d.case_pk AND f2.pass = 2
        WHERE d.attributed IS NOT NULL`,
    )
    .all() as { casePk: number; keyer: string; verifier: string; batch: string | null; attributed: string }[];
}
