// Migration 40: heads-down entry — operators, per-form keying progress and effort, soft-check confirmations, verification differences.
import type { Migration } from './types';

export const migration: Migration = {
  version: 40,
  name: 'entry',
  up(db) {
    db.exec(`
      -- Operators identify by name (no passwords on a single laptop); every keyed value carries the name.
      CREATE TABLE operator (
        name        TEXT PRIMARY KEY,
        created_at  TEXT NOT NULL,
        last_seen   TEXT NOT NULL
      ) STRICT;

      -- One keying of one form: pass 1 = first keying, 2 = blind re-keying (verification).
      -- last_field lets an interrupted form resume where it stopped; keystrokes/active_ms/fields feed operator statistics.
      CREATE TABLE entry_form (
        case_pk      INTEGER NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
        pass         INTEGER NOT NULL CHECK (pass IN (1, 2)),
        operator     TEXT NOT NULL,
        received_on  TEXT,
        started_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL,
        finished_at  TEXT,
        last_field   TEXT,
        keystrokes   INTEGER NOT NULL DEFAULT 0 CHECK (keystrokes >= 0),
        active_ms    INTEGER NOT NULL DEFAULT 0 CHECK (active_ms >= 0),
        commits      INTEGER NOT NULL DEFAULT 0 CHECK (commits >= 0),
        PRIMARY KEY (case_pk, pass)
      ) STRICT;
      CREATE INDEX entry_form_operator ON entry_form (operator);

      -- Soft checks the operator confirmed, for the value keyed at that moment (a new value needs a new confirmation).
      CREATE TABLE entry_confirmation (
        case_pk   INTEGER NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
        pass      INTEGER NOT NULL CHECK (pass IN (1, 2, 3)),
        variable  TEXT NOT NULL,
        value     TEXT NOT NULL,
        operator  TEXT NOT NULL,
        at        TEXT NOT NULL,
        PRIMARY KEY (case_pk, pass, variable)
      ) STRICT;

      -- Differences between pass 1 and pass 2 of a form, and their adjudication against the paper (pass 3).
      CREATE TABLE verification_difference (
        case_pk      INTEGER NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
        variable     TEXT NOT NULL,
        value_a      TEXT,
        value_b      TEXT,
        open_text    INTEGER NOT NULL DEFAULT 0 CHECK (open_text IN (0, 1)),
        found_at     TEXT NOT NULL,
        resolution   TEXT CHECK (resolution IS NULL OR resolution IN ('A', 'B', 'new')),
        value        TEXT,
        attributed   TEXT CHECK (attributed IS NULL OR attributed IN ('keyer', 'verifier', 'both', 'none')),
        reason       TEXT,
        resolved_by  TEXT,
        resolved_at  TEXT,
        PRIMARY KEY (case_pk, variable)
      ) STRICT;
    `);
  },
};
