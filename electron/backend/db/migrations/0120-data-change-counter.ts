// Migration 120: a change counter that every write to the data a weighting run reads moves, so "is this scheme out of date?" is answered without rereading every case.
import type { Migration } from './types';

/**
 * The tables whose rows a weighting run's inputs are computed from (electron/backend/services/weighting.ts
 * `readSchemeInputs`, through cleaningRepo `currentValues`), with the writes that can change them:
 * answers (`response`, `response_import`), corrections, the case list and statuses (`case_record`: exclusions,
 * additions, deletions, completion), derived variables, the questionnaire (calculated variables, user-missing codes),
 * design weights and case IDs of the sample frame (`sample_case`), batch numbers (a case's batch is part of what
 * derivations see). Only the columns named are watched where a table is updated often for other reasons.
 */
const WATCHED: readonly { table: string; update: string }[] = [
  { table: 'response', update: 'UPDATE' },
  { table: 'response_import', update: 'UPDATE' },
  { table: 'correction', update: 'UPDATE' },
  { table: 'case_record', update: 'UPDATE' },
  { table: 'derived_variable', update: 'UPDATE' },
  { table: 'questionnaire_version', update: 'UPDATE' },
  { table: 'sample_case', update: 'UPDATE OF id, case_id, design_weight' },
  { table: 'batch', update: 'UPDATE OF id, number' },
];

/**
 * Adds
 * - `data_change`: one row whose `n` counts the row writes (insert, update, delete) to the tables in WATCHED, moved
 *   by an AFTER trigger per table and operation (`data_change_<table>_<insert|update|delete>`). Triggers see every
 *   write — the services', a cascade from a deleted case, an ad-hoc SQL statement — and roll back with it. SQLite has
 *   no statement-level triggers, so the count is per row: one extra single-row update per answer row written
 *   (measured in the commit that added it; an import of 100,000 cases writes about 200,000 rows);
 * - `weighting_result.input_stamp`: what the counter (with the app and schema versions, the scheme's definition and,
 *   for derived or calculated variables, the date) was when the run read its inputs. When it is unchanged, nothing the
 *   run read can have changed and the scheme is up to date without a comparison (`schemeStaleness`); NULL for runs
 *   stored before this migration (compared in full, as before).
 * The nullable column is added in place (https://sqlite.org/lang_altertable.html#altertabaddcol): no row is rewritten.
 */
export const migration: Migration = {
  version: 120,
  name: 'data-change-counter',
  up(db) {
    db.exec(`
      CREATE TABLE data_change (
        id  INTEGER PRIMARY KEY CHECK (id = 1),
        n   INTEGER NOT NULL CHECK (n >= 0)
      ) STRICT;
      INSERT INTO data_change (id, n) VALUES (1, 0);
      ALTER TABLE weighting_result ADD COLUMN input_stamp TEXT;
    `);
    for (const { table, update } of WATCHED) {
      for (const [op, event] of [['insert', 'INSERT'], ['update', update], ['delete', 'DELETE']] as const) {
        db.exec(`CREATE TRIGGER data_change_${table}_${op} AFTER ${event} ON ${table} BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;`);
      }
    }
  },
};
