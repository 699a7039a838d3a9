// SQL for the append-only audit log.
import type { Database } from 'better-sqlite3';

/** One audit entry to append; `at` defaults to now (ISO 8601 UTC). */
export interface AuditEntry {
  operator: string;
  source: 'system' | 'keying' | 'verification' | 'adjudication' | 'cleaning' | 'import' | 'weighting' | 'export';
  casePk?: number | null;
  variable?: string | null;
  oldValue?: string | null;
  newValue?: string | null;
  reason?: string | null;
  /** Extra structured details, stored as JSON. */
  details?: unknown;
  at?: string;
}

/** Appends one row to audit_log (the table refuses UPDATE and DELETE). @returns the new row id */
export function appendAudit(db: Database, e: AuditEntry): number {
  const r = db
    .prepare('INSERT INTO audit_log (at, operator, source, case_pk, variable, old_value, new_value, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
    .run(e.at ?? new Date().toISOString(), e.operator, e.source, e.casePk ?? null, e.variable ?? null, e.oldValue ?? null, e.newValue ?? null, e.reason ?? null, e.details === undefined ? null : JSON.stringify(e.details));
  return Number(r.lastInsertRowid);
}
