// SQL of the response import: existing case IDs, earlier imports of a file, saved mappings (project_meta), storing one import in one transaction.
import type { Database } from 'better-sqlite3';
import { caseValues, type ImportCase } from '../../../shared/import/analyse';
import type { ImportMapping } from '../../../shared/import/mapping';
import { completeFormOverrides } from '../../../shared/fieldwork/dispositions';
import { completenessDisposition } from '../../../shared/fieldwork/responseDisposition';
import { appendAudit } from '../db/repos/auditRepo';
import { dropAnswers, storeImportedAnswers } from '../db/repos/answerStore';

/** Dispositions an imported form grades anew (earlier grades of a form); 2.12 is among the non-returns (2.x). */
const REGRADABLE: ReadonlySet<string> = new Set(['1.1', '1.2']);

/** Saved mappings by name, as stored under project_meta 'import_mappings'. */
export type SavedMappings = Record<string, { savedAt: string; mapping: ImportMapping }>;

/** Case IDs of every case record in the project. */
export function caseIds(db: Database): Set<string> {
  return new Set((db.prepare('SELECT case_id FROM case_record').pluck().all() as string[]));
}

/** Case IDs of the sample (empty when the project has none). */
export function sampleIds(db: Database): Set<string> {
  return new Set((db.prepare('SELECT case_id FROM sample_case').pluck().all() as string[]));
}

/** The latest earlier response import of a file with this SHA-256, or null. */
export function previousImport(db: Database, sha256: string): { batchId: string; at: string } | null {
  const r = db
    .prepare("SELECT at, json_extract(details, '$.batchId') AS batchId FROM audit_log WHERE source = 'import' AND json_extract(details, '$.kind') = 'responses' AND json_extract(details, '$.sha256') = ? ORDER BY id DESC LIMIT 1")
    .get(sha256) as { at: string; batchId: string } | undefined;
  return r ? { batchId: String(r.batchId), at: r.at } : null;
}

/** The saved mappings (an unreadable value counts as none). */
export function readMappings(db: Database): SavedMappings {
  const v = db.prepare("SELECT value FROM project_meta WHERE key = 'import_mappings'").pluck().get() as string | undefined;
  if (!v) return {};
  try {
    const parsed = JSON.parse(v) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as SavedMappings) : {};
  } catch {
    return {};
  }
}

/** Saves one mapping under its name (replacing an earlier one of that name). */
export function saveMapping(db: Database, name: string, mapping: ImportMapping, at: string): void {
  const all = readMappings(db);
  all[name] = { savedAt: at, mapping };
  db.prepare("INSERT INTO project_meta (key, value) VALUES ('import_mappings', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(JSON.stringify(all));
}

/** What one import stores besides its cases. */
export interface ImportBatch {
  batchId: string;
  file: string;
  sheet: string | null;
  sha256: string;
  operator: string;
  versionId: number;
  rows: number;
  skipped: number;
  mappingName: string | null;
  mapping: ImportMapping;
}

/**
 * Stores the cases of one import in one transaction: new cases (source 'import', status complete or open) with
 * their answers as pass 1, one `response_import` row per case (answerStore; the import's audit rows say who and
 * when); a case to replace loses its answers of every pass (the old values go to an audit row of its own, and each
 * answer the replacement changes to a row with variable, old and new value) and takes the imported ones; every stored case gets an audit row of its own (source 'import', kind responseCase: mode, file,
 * SHA-256, batch id) and the import one more with the batch id, file, SHA-256, mode 'import' and the case IDs.
 * The mapping is saved under its name when it has one.
 * A case of the sample gets the AAPOR disposition its answers earn, as a keyed form does when it is finished:
 * `completenessDisposition` of its required on-route questions (1.1 complete, 1.2 partial, 2.12 break-off), with
 * a disposition_history row (source 'import', reason "form imported: n of m required questions answered"). It is
 * set where a returned form may set one (shared/fieldwork/dispositions.ts completeFormOverrides): over a non-return
 * (2.x, 3.x) or an earlier grade (1.1, 1.2); a not-eligible (4.x) or other return code is left as it is.
 * Foreign keys are switched off for the transaction (they hold by construction) and on again afterwards, also
 * after an error.
 * @returns the number of new and of replaced cases
 * @throws the SQLite error, after rolling everything back
 */
export function storeImport(db: Database, b: ImportBatch, cases: readonly ImportCase[]): { imported: number; replaced: number } {
  const now = new Date().toISOString();
  const insertCase = db.prepare("INSERT INTO case_record (case_id, questionnaire_version_id, source, status, created_at, updated_at) VALUES (?, ?, 'import', ?, ?, ?)");
  // Answers go in as one row per case (migration 100): its values as the JSON object the analysis made. Storing
  // 9.5 million (case, variable, pass) rows instead took three times as long (issue 9). Who imported and when is in
  // the import's audit rows and in case_record.updated_at.
  const findCase = db.prepare('SELECT id FROM case_record WHERE case_id = ?').pluck();
  const oldValues = db.prepare('SELECT variable, pass, value FROM answer WHERE case_pk = ? ORDER BY pass, variable');
  const updateCase = db.prepare("UPDATE case_record SET questionnaire_version_id = ?, source = 'import', status = ?, updated_at = ? WHERE id = ?");
  const sampled = db.prepare('SELECT id, disposition FROM sample_case WHERE case_id = ?');
  const setDisposition = db.prepare("UPDATE sample_case SET disposition = ?, disposition_at = ?, disposition_by = 'system' WHERE id = ?");
  const addHistory = db.prepare("INSERT INTO disposition_history (sample_case_id, old_code, new_code, at, operator, source, reason) VALUES (?, ?, ?, ?, 'system', 'import', ?)");
  // Each case's own audit row (mode, file, SHA-256, batch): the audit view filtered on a case ID shows where it came from.
  const auditCase = db.prepare("INSERT INTO audit_log (at, operator, source, case_pk, reason, details) VALUES (?, ?, 'import', ?, ?, ?)");
  const auditChange = db.prepare("INSERT INTO audit_log (at, operator, source, case_pk, variable, old_value, new_value, reason) VALUES (?, ?, 'import', ?, ?, ?, ?, ?)");
  const caseReason = `imported from ${b.file}`;
  const caseDetails = JSON.stringify({ kind: 'responseCase', mode: 'import', batchId: b.batchId, file: b.file, sheet: b.sheet, sha256: b.sha256 });
  let imported = 0;
  let replaced = 0;
  const store = db.transaction(() => {
    const hasSample = db.prepare('SELECT 1 FROM sample_case LIMIT 1').get() !== undefined;
    // Table by table, not case by case: the case rows, then the answers, then the audit rows and dispositions. Each
    // B-tree then grows in one run of appends; writing the three (and their indexes) in turn for every case made
    // SQLite about ten times slower on 100,000 cases (issue 9).
    const pks = new Array<number>(cases.length);
    cases.forEach((c, i) => {
      const status = c.complete ? 'complete' : 'open';
      if (c.replace) {
        const pk = Number(findCase.get(c.caseId));
        const old = oldValues.all(pk) as { variable: string; pass: number; value: string | null }[];
        appendAudit(db, { operator: b.operator, source: 'import', casePk: pk, reason: `replaced by import ${b.batchId}`, details: { kind: 'responsesReplaced', batchId: b.batchId, caseId: c.caseId, old }, at: now });
        // Each answer the replacement changes gets its own row (variable, old → new), as a keyed change does, so the
        // audit view and export show what was overwritten; the row above keeps the whole old case.
        const before = new Map(old.filter((o) => o.pass === 1).map((o) => [o.variable, o.value]));
        const after = caseValues(c);
        for (const variable of new Set([...before.keys(), ...Object.keys(after)])) {
          const was = before.get(variable) ?? null;
          const incoming = after[variable] ?? null;
          if (was !== incoming) auditChange.run(now, b.operator, pk, variable, was, incoming, `replaced by import ${b.batchId}`);
        }
        dropAnswers(db, pk);
        updateCase.run(b.versionId, status, now, pk);
        pks[i] = pk;
        replaced++;
      } else {
        pks[i] = Number(insertCase.run(c.caseId, b.versionId, status, now, now).lastInsertRowid);
        imported++;
      }
    });
    cases.forEach((c, i) => storeImportedAnswers(db, pks[i]!, c.valuesJson));
    cases.forEach((c, i) => {
      auditCase.run(now, b.operator, pks[i]!, caseReason, caseDetails);
      if (hasSample) {
        // Read after the case row is written: for a complete form the fieldwork trigger has set 1.1 by now.
        const unit = sampled.get(c.caseId) as { id: number; disposition: string } | undefined;
        const graded = completenessDisposition(c.requiredOnRoute, c.requiredAnswered);
        if (unit && unit.disposition !== graded && (REGRADABLE.has(unit.disposition) || completeFormOverrides(unit.disposition))) {
          setDisposition.run(graded, now, unit.id);
          addHistory.run(unit.id, unit.disposition, graded, now, `form imported: ${c.requiredAnswered} of ${c.requiredOnRoute} required questions answered`);
        }
      }
    });
    appendAudit(db, {
      operator: b.operator,
      source: 'import',
      reason: `responses imported from ${b.file}`,
      details: { kind: 'responses', mode: 'import', batchId: b.batchId, file: b.file, sheet: b.sheet, sha256: b.sha256, rows: b.rows, imported, replaced, skipped: b.skipped, mappingName: b.mappingName, caseIds: cases.map((c) => c.caseId) },
      at: now,
    });
    if (b.mappingName !== null) saveMapping(db, b.mappingName, b.mapping, now);
  });
  // Foreign keys are not checked while the import stores: checking case_pk for each of millions of answers costs
  // about a third of the time (issue 9). They hold by construction: every case_pk written is the id of a case_record
  // row inserted or looked up in this same transaction, the version id is the current questionnaire's, the sample
  // rows the triggers touch are selected by case ID, and nothing is deleted from a parent table. The pragma cannot
  // change inside a transaction (then it stays as it is and is checked as usual); this function is synchronous,
  // so nothing else runs on the connection before it is switched on again, also after an error.
  const checking = db.pragma('foreign_keys', { simple: true }) === 1;
  if (checking) db.pragma('foreign_keys = OFF');
  try {
    store();
  } finally {
    if (checking) db.pragma('foreign_keys = ON');
  }
  return { imported, replaced };
}
