-- user_version 10
-- index audit_log_case
CREATE INDEX audit_log_case ON audit_log (case_pk);

-- index case_record_batch
CREATE INDEX case_record_batch ON case_record (batch_id);

-- index case_record_status
CREATE INDEX case_record_status ON case_record (status);

-- table audit_log
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

-- table batch
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

-- table case_record
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

-- table project_meta
CREATE TABLE project_meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

-- table questionnaire_version
CREATE TABLE questionnaire_version (
        id          INTEGER PRIMARY KEY,
        version     TEXT NOT NULL UNIQUE,
        title       TEXT NOT NULL,
        definition  TEXT NOT NULL CHECK (json_valid(definition)),
        created_at  TEXT NOT NULL,
        frozen_at   TEXT
      ) STRICT;

-- table response
CREATE TABLE response (
        case_pk     INTEGER NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
        variable    TEXT NOT NULL,
        pass        INTEGER NOT NULL DEFAULT 1 CHECK (pass IN (1, 2, 3)),
        value       TEXT,
        operator    TEXT,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (case_pk, variable, pass)
      ) STRICT, WITHOUT ROWID;

-- trigger audit_log_no_delete
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- trigger audit_log_no_update
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
