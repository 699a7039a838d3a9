// Migration 10: the initial project schema — meta, questionnaire versions, batches, cases, responses, audit log.
import type { Migration } from './types';

export const migration: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE project_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE questionnaire_version (
        id          INTEGER PRIMARY KEY,
        version     TEXT NOT NULL UNIQUE,
        title       TEXT NOT NULL,
        definition  TEXT NOT NULL CHECK (json_valid(definition)),
        created_at  TEXT NOT NULL,
        frozen_at   TEXT
      ) STRICT;

      CREATE TABLE batch (
        id              INTEGER PRIMARY KEY,
        number          TEXT NOT NULL UNIQUE,
        received_on     TEXT,
        expected_forms  INTEGER CHECK (expected_forms IS NULL OR expected_forms >= 0),
        origin          TEXT,
        notes           TEXT,
        status          TEXT NOT NULL DEFAULT 'received'
                        CHECK (status IN ('received', 'keying', 'keyed', 'verified', 'closed')),
        created_at      TEXT NOT NULL
      ) STRICT;

      CREATE TABLE case_record (
        id                        INTEGER PRIMARY KEY,
        case_id                   TEXT NOT NULL UNIQUE,
        questionnaire_version_id  INTEGER REFERENCES questionnaire_version (id),
        batch_id                  INTEGER REFERENCES batch (id),
        source                    TEXT NOT NULL CHECK (source IN ('keying', 'import', 'example')),
        status                    TEXT NOT NULL DEFAULT 'open'
                                  CHECK (status IN ('open', 'complete', 'verified', 'excluded')),
        created_at                TEXT NOT NULL,
        updated_at                TEXT NOT NULL
      ) STRICT;
      CREATE INDEX case_record_batch ON case_record (batch_id);
      CREATE INDEX case_record_status ON case_record (status);

      -- Responses are stored long (case x variable x entry pass), so questionnaire versions never force DDL.
      -- pass 1 = first keying or import, 2 = verification re-keying, 3 = adjudicated value.
      CREATE TABLE response (
        case_pk     INTEGER NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
        variable    TEXT NOT NULL,
        pass        INTEGER NOT NULL DEFAULT 1 CHECK (pass IN (1, 2, 3)),
        value       TEXT,
        operator    TEXT,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (case_pk, variable, pass)
      ) STRICT, WITHOUT ROWID;

      -- Append-only: who, when, case, variable, old, new, reason, source.
      CREATE TABLE audit_log (
        id         INTEGER PRIMARY KEY,
        at         TEXT NOT NULL,
        operator   TEXT NOT NULL,
        source     TEXT NOT NULL CHECK (source IN ('system', 'keying', 'verification', 'adjudication',
                                                   'cleaning', 'import', 'weighting', 'export')),
        case_pk    INTEGER,
        variable   TEXT,
        old_value  TEXT,
        new_value  TEXT,
        reason     TEXT,
        details    TEXT CHECK (details IS NULL OR json_valid(details))
      ) STRICT;
      CREATE INDEX audit_log_case ON audit_log (case_pk);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `);
  },
};
