// Migration 50: weighting — named schemes (spec + targets), the latest run's diagnostics and the weight per case.
import type { Migration } from './types';

export const migration: Migration = {
  version: 50,
  name: 'weighting',
  up(db) {
    db.exec(`
      -- One row per named scheme (e.g. office holders, employees); definition = the scheme JSON incl. its targets.
      CREATE TABLE weighting_scheme (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        definition  TEXT NOT NULL CHECK (json_valid(definition)),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        updated_by  TEXT NOT NULL
      ) STRICT;

      -- The latest run of a scheme: hash of its inputs and of its weights, and the diagnostics as JSON.
      -- A new run replaces the old one (every run is also in audit_log with source 'weighting').
      CREATE TABLE weighting_result (
        scheme_id     INTEGER PRIMARY KEY REFERENCES weighting_scheme (id) ON DELETE CASCADE,
        input_hash    TEXT NOT NULL,
        weights_hash  TEXT NOT NULL,
        ran_at        TEXT NOT NULL,
        ran_by        TEXT NOT NULL,
        diagnostics   TEXT NOT NULL CHECK (json_valid(diagnostics))
      ) STRICT;

      -- Final weight per case of a scheme's latest run: grossed up to the population and normalised to n.
      CREATE TABLE weighting_weight (
        scheme_id  INTEGER NOT NULL REFERENCES weighting_result (scheme_id) ON DELETE CASCADE,
        case_pk    INTEGER NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
        weight     REAL NOT NULL,
        weight_n   REAL NOT NULL,
        PRIMARY KEY (scheme_id, case_pk)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX weighting_weight_case ON weighting_weight (case_pk);
    `);
  },
};
