// Migration 100: an imported case's answers stored as one row per case (issue 9: a 100,000 × 100 import in under 10 s).
import type { Migration } from './types';

/**
 * Adds `response_import`: the pass-1 answers of a case stored by a response import, as one JSON object per case
 * (variable name → value text; empty answers are left out, as the import never stores them). Storing 100,000 cases
 * of 100 answers as 100,000 rows instead of 9.5 million `response` rows cuts the commit by about two thirds.
 *
 * The invariant every reader and writer keeps (electron/backend/db/repos/answerStore.ts): a case's pass-1 answers
 * are either in `response_import` or in `response`, never in both. Pass 2 (verification) and pass 3 (adjudication)
 * are always in `response`. A write of a pass-1 answer to a case held here first moves its answers to `response`
 * rows (`unpackCase`). Cases imported before this migration keep their `response` rows; nothing is moved.
 *
 * The view `answer` shows every stored answer as `response` rows (case_pk, variable, pass, value): the readers of
 * one case, ad-hoc queries and tests read it. Bulk readers read both tables themselves (answerStore.forEachAnswer).
 * The CHECK keeps the text a JSON object; the foreign key deletes the row with its case, as `response` does.
 */
export const migration: Migration = {
  version: 100,
  name: 'packed-import-answers',
  up(db) {
    db.exec(`
      CREATE TABLE response_import (
        case_pk  INTEGER PRIMARY KEY REFERENCES case_record (id) ON DELETE CASCADE,
        answers  TEXT NOT NULL CHECK (json_type(answers) = 'object')
      ) STRICT;

      CREATE VIEW answer (case_pk, variable, pass, value) AS
        SELECT case_pk, variable, pass, value FROM response
        UNION ALL
        SELECT p.case_pk, j.key, 1, j.value FROM response_import p, json_each(p.answers) j;
    `);
  },
};
