// Migration 80: response.updated_at may be NULL, so an import stores its answers without a per-answer operator and time (issue 9).
import type { Migration } from './types';

/**
 * Rebuilds `response` with `updated_at` nullable (SQLite cannot drop a NOT NULL constraint in place:
 * https://sqlite.org/lang_altertable.html#otheralter). Everything else stays: STRICT, WITHOUT ROWID, the primary key,
 * the CHECK on pass and the foreign key to case_record with ON DELETE CASCADE; every row is copied as it is.
 *
 * The old table is renamed away and a new one made under the old name (not the other way round), so the schema
 * keeps the plain `CREATE TABLE response` text. That order is safe here only because no other schema object names
 * `response`: no index (its only key is the primary key), trigger, view or foreign key of migrations 10–70 does
 * (tests/integration/migration0080.test.ts checks sqlite_schema for it).
 *
 * Cost: one copy of the table in key order: 9.5 million rows (100,000 imported cases × 95 answers) took 12 s on the
 * 2-core development machine; the old table's pages stay in the file as free pages, reused by later writes (a
 * migration cannot VACUUM: it runs inside the runner's transaction). A paper survey of a few thousand forms takes
 * well under a second.
 */
export const migration: Migration = {
  version: 80,
  name: 'lean-import-rows',
  up(db) {
    db.exec(`
      ALTER TABLE response RENAME TO response_before_0080;

      -- Responses are stored long (case x variable x entry pass), so questionnaire versions never force DDL.
      -- pass 1 = first keying or import, 2 = verification re-keying, 3 = adjudicated value.
      -- operator and updated_at: who keyed the answer and when (entry). Both are NULL on the pass-1 rows an import
      -- stores (since migration 80): such an answer is as stored by the import recorded in audit_log (source
      -- 'import': operator, time, batch, file) at case_record.updated_at. No code reads either column per answer.
      CREATE TABLE response (
        case_pk     INTEGER NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
        variable    TEXT NOT NULL,
        pass        INTEGER NOT NULL DEFAULT 1 CHECK (pass IN (1, 2, 3)),
        value       TEXT,
        operator    TEXT,
        updated_at  TEXT,
        PRIMARY KEY (case_pk, variable, pass)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO response (case_pk, variable, pass, value, operator, updated_at)
        SELECT case_pk, variable, pass, value, operator, updated_at FROM response_before_0080 ORDER BY case_pk, variable, pass;
      DROP TABLE response_before_0080;
    `);
  },
};
