// Migration 60: cleaning — edit rules, derived variables, corrections, accepted warnings, exclusions, the last rule run's violations.
import type { Migration } from './types';

export const migration: Migration = {
  version: 60,
  name: 'cleaning',
  up(db) {
    db.exec(`
      -- Project edit rules: the expression describes the error (the rule triggers when it is true).
      CREATE TABLE edit_rule (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        expression  TEXT NOT NULL,
        message     TEXT NOT NULL,
        severity    TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
        variables   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(variables)),
        examples    TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(examples)),
        enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;

      -- Derived variables (recodes) with their definition, computed in position order.
      CREATE TABLE derived_variable (
        name        TEXT PRIMARY KEY,
        expression  TEXT NOT NULL,
        label       TEXT NOT NULL DEFAULT '',
        position    INTEGER NOT NULL,
        operator    TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;

      -- Cleaning edits: the final value of (case, variable) is the newest correction, else pass 3, else pass 1.
      -- Append-only like the audit log (each row also has its audit entry); an undo is a new correction.
      CREATE TABLE correction (
        id          INTEGER PRIMARY KEY,
        case_pk     INTEGER NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
        variable    TEXT NOT NULL,
        old_value   TEXT,
        new_value   TEXT,
        reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        operator    TEXT NOT NULL,
        at          TEXT NOT NULL,
        audit_id    INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX correction_case_variable ON correction (case_pk, variable, id);
      CREATE TRIGGER correction_no_update BEFORE UPDATE ON correction
        BEGIN SELECT RAISE(ABORT, 'correction is append-only'); END;

      -- Accepted warnings per case x rule; valid while the values the finding depends on (fingerprint) are unchanged.
      CREATE TABLE cleaning_acceptance (
        case_pk      INTEGER NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
        rule_id      TEXT NOT NULL,
        fingerprint  TEXT NOT NULL,
        reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        operator     TEXT NOT NULL,
        at           TEXT NOT NULL,
        PRIMARY KEY (case_pk, rule_id)
      ) STRICT;

      -- Exclusion register: one row per exclusion; included_at set when the exclusion is reversed.
      CREATE TABLE exclusion (
        id               INTEGER PRIMARY KEY,
        case_pk          INTEGER NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
        reason_code      TEXT NOT NULL CHECK (reason_code IN ('duplicate', 'outOfScope', 'refused', 'tooIncomplete', 'testForm', 'other')),
        reason           TEXT NOT NULL,
        operator         TEXT NOT NULL,
        at               TEXT NOT NULL,
        previous_status  TEXT NOT NULL CHECK (previous_status IN ('open', 'complete', 'verified')),
        included_at      TEXT,
        included_by      TEXT,
        include_reason   TEXT
      ) STRICT;
      CREATE INDEX exclusion_case ON exclusion (case_pk);

      -- The violations of the latest rule run (replaced by each run; per case after a correction).
      CREATE TABLE cleaning_run (
        id           INTEGER PRIMARY KEY,
        at           TEXT NOT NULL,
        operator     TEXT NOT NULL,
        cases        INTEGER NOT NULL,
        duration_ms  INTEGER NOT NULL,
        summary      TEXT NOT NULL CHECK (json_valid(summary))
      ) STRICT;
      CREATE TABLE cleaning_violation (
        id           INTEGER PRIMARY KEY,
        case_pk      INTEGER NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
        rule_id      TEXT NOT NULL,
        kind         TEXT NOT NULL,
        severity     TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
        variables    TEXT NOT NULL CHECK (json_valid(variables)),
        variable     TEXT,
        message      TEXT NOT NULL,
        value        TEXT,
        fingerprint  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX cleaning_violation_case ON cleaning_violation (case_pk);
      CREATE INDEX cleaning_violation_rule ON cleaning_violation (rule_id, severity);
    `);
  },
};
