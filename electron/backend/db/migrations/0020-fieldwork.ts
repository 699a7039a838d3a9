// Migration 20: fieldwork — sample cases (strata, probability, design weight, mode, disposition), identifying contacts, disposition history, batch additions.
import type { Migration } from './types';

export const migration: Migration = {
  version: 20,
  name: 'fieldwork',
  up(db) {
    db.exec(`
      -- One row per imported frame file (the import itself is also in audit_log).
      CREATE TABLE sample_import (
        id           INTEGER PRIMARY KEY,
        file         TEXT NOT NULL,
        sheet        TEXT,
        rows         INTEGER NOT NULL CHECK (rows >= 0),
        sha256       TEXT NOT NULL,
        options      TEXT NOT NULL CHECK (json_valid(options)),
        operator     TEXT NOT NULL,
        imported_at  TEXT NOT NULL
      ) STRICT;

      -- The sample: one row per sampled case, joined to case_record on case_id (a form keyed or imported later).
      -- disposition is an AAPOR code (shared/fieldwork/dispositions.ts); every change is in disposition_history.
      CREATE TABLE sample_case (
        id                     INTEGER PRIMARY KEY,
        case_id                TEXT NOT NULL UNIQUE,
        import_id              INTEGER NOT NULL REFERENCES sample_import (id),
        frame_row              INTEGER NOT NULL,
        strata                 TEXT NOT NULL CHECK (json_valid(strata)),
        selection_probability  REAL CHECK (selection_probability IS NULL OR (selection_probability > 0 AND selection_probability <= 1)),
        design_weight          REAL CHECK (design_weight IS NULL OR design_weight > 0),
        weight_source          TEXT CHECK (weight_source IS NULL OR weight_source IN ('probability', 'frame', 'population')),
        mode                   TEXT CHECK (mode IS NULL OR mode IN ('paper', 'web')),
        disposition            TEXT NOT NULL DEFAULT '3.19',
        disposition_at         TEXT NOT NULL,
        disposition_by         TEXT NOT NULL,
        batch_id               INTEGER REFERENCES batch (id),
        received_on            TEXT
      ) STRICT;
      CREATE INDEX sample_case_disposition ON sample_case (disposition);
      CREATE INDEX sample_case_batch ON sample_case (batch_id);

      -- IDENTIFYING: names, addresses, e-mail, phone of sampled persons. Kept apart from answers; never returned by
      -- report channels; an export that includes them writes an audit_log row with source 'export'.
      CREATE TABLE sample_contact (
        sample_case_id  INTEGER PRIMARY KEY REFERENCES sample_case (id) ON DELETE CASCADE,
        details         TEXT NOT NULL CHECK (json_valid(details))
      ) STRICT;

      -- Which tables/columns hold identifying data (read by export and by tests).
      CREATE TABLE data_classification (
        table_name      TEXT NOT NULL,
        column_name     TEXT NOT NULL,
        classification  TEXT NOT NULL CHECK (classification IN ('identifying')),
        PRIMARY KEY (table_name, column_name)
      ) STRICT;
      INSERT INTO data_classification VALUES ('sample_contact', 'details', 'identifying');

      -- Append-only: who changed which case's disposition, when, from what to what, and why.
      CREATE TABLE disposition_history (
        id              INTEGER PRIMARY KEY,
        sample_case_id  INTEGER NOT NULL REFERENCES sample_case (id),
        old_code        TEXT,
        new_code        TEXT NOT NULL,
        at              TEXT NOT NULL,
        operator        TEXT NOT NULL,
        source          TEXT NOT NULL CHECK (source IN ('manual', 'keying', 'import', 'example', 'batch')),
        reason          TEXT
      ) STRICT;
      CREATE INDEX disposition_history_case ON disposition_history (sample_case_id);
      CREATE INDEX disposition_history_at ON disposition_history (at);
      CREATE TRIGGER disposition_history_no_update BEFORE UPDATE ON disposition_history
        BEGIN SELECT RAISE(ABORT, 'disposition_history is append-only'); END;
      CREATE TRIGGER disposition_history_no_delete BEFORE DELETE ON disposition_history
        BEGIN SELECT RAISE(ABORT, 'disposition_history is append-only'); END;

      -- A complete (or verified) form, keyed or imported, sets AAPOR 1.1 on its sampled case unless the case is already
      -- a return (1.x) or judged not eligible (4.x) — shared/fieldwork/dispositions.ts completeFormOverrides.
      CREATE TRIGGER case_record_complete_insert AFTER INSERT ON case_record
        WHEN NEW.status IN ('complete', 'verified')
      BEGIN
        INSERT INTO disposition_history (sample_case_id, old_code, new_code, at, operator, source, reason)
          SELECT id, disposition, '1.1', NEW.updated_at, 'system', NEW.source, 'form ' || NEW.status
            FROM sample_case WHERE case_id = NEW.case_id AND substr(disposition, 1, 2) IN ('2.', '3.');
        UPDATE sample_case SET disposition = '1.1', disposition_at = NEW.updated_at, disposition_by = 'system'
         WHERE case_id = NEW.case_id AND substr(disposition, 1, 2) IN ('2.', '3.');
      END;
      CREATE TRIGGER case_record_complete_update AFTER UPDATE OF status ON case_record
        WHEN NEW.status IN ('complete', 'verified') AND OLD.status NOT IN ('complete', 'verified')
      BEGIN
        INSERT INTO disposition_history (sample_case_id, old_code, new_code, at, operator, source, reason)
          SELECT id, disposition, '1.1', NEW.updated_at, 'system', NEW.source, 'form ' || NEW.status
            FROM sample_case WHERE case_id = NEW.case_id AND substr(disposition, 1, 2) IN ('2.', '3.');
        UPDATE sample_case SET disposition = '1.1', disposition_at = NEW.updated_at, disposition_by = 'system'
         WHERE case_id = NEW.case_id AND substr(disposition, 1, 2) IN ('2.', '3.');
      END;

      -- Paper batches: who registered it and when it last changed (status changes are in audit_log).
      ALTER TABLE batch ADD COLUMN registered_by TEXT;
      ALTER TABLE batch ADD COLUMN updated_at TEXT;
    `);
  },
};
