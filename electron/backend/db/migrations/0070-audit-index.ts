// Migration 70: indexes for the audit-log view (filters on variable, operator, source and time; the correction of an audit entry).
import type { Migration } from './types';

export const migration: Migration = {
  version: 70,
  name: 'audit-index',
  up(db) {
    db.exec(`
      -- The audit view lists newest first (by id) under equality filters; each index ends in the rowid, so a
      -- filtered page is read in id order without sorting.
      CREATE INDEX audit_log_variable ON audit_log (variable);
      CREATE INDEX audit_log_operator ON audit_log (operator);
      CREATE INDEX audit_log_source ON audit_log (source);
      CREATE INDEX audit_log_at ON audit_log (at);
      -- Which correction an audit entry made (the view offers undo on it).
      CREATE INDEX correction_audit ON correction (audit_id);
    `);
  },
};
