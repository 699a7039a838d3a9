-- user_version 120
-- index audit_log_at
CREATE INDEX audit_log_at ON audit_log (at);

-- index audit_log_case
CREATE INDEX audit_log_case ON audit_log (case_pk);

-- index audit_log_operator
CREATE INDEX audit_log_operator ON audit_log (operator);

-- index audit_log_source
CREATE INDEX audit_log_source ON audit_log (source);

-- index audit_log_variable
CREATE INDEX audit_log_variable ON audit_log (variable);

-- index case_record_batch
CREATE INDEX case_record_batch ON case_record (batch_id);

-- index case_record_status
CREATE INDEX case_record_status ON case_record (status);

-- index cleaning_violation_case
CREATE INDEX cleaning_violation_case ON cleaning_violation (case_pk);

-- index cleaning_violation_rule
CREATE INDEX cleaning_violation_rule ON cleaning_violation (rule_id, severity);

-- index correction_audit
CREATE INDEX correction_audit ON correction (audit_id);

-- index correction_case_variable
CREATE INDEX correction_case_variable ON correction (case_pk, variable, id);

-- index disposition_history_at
CREATE INDEX disposition_history_at ON disposition_history (at);

-- index disposition_history_case
CREATE INDEX disposition_history_case ON disposition_history (sample_case_id);

-- index entry_form_operator
CREATE INDEX entry_form_operator ON entry_form (operator);

-- index exclusion_case
CREATE INDEX exclusion_case ON exclusion (case_pk);

-- index sample_case_batch
CREATE INDEX sample_case_batch ON sample_case (batch_id);

-- index sample_case_disposition
CREATE INDEX sample_case_disposition ON sample_case (disposition);

-- index weighting_weight_case
CREATE INDEX weighting_weight_case ON weighting_weight (case_pk);

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
      , registered_by TEXT, updated_at TEXT) STRICT;

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

-- table cleaning_acceptance
CREATE TABLE cleaning_acceptance (
        case_pk      INTEGER NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
        rule_id      TEXT NOT NULL,
        fingerprint  TEXT NOT NULL,
        reason       TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        operator     TEXT NOT NULL,
        at           TEXT NOT NULL,
        PRIMARY KEY (case_pk, rule_id)
      ) STRICT;

-- table cleaning_run
CREATE TABLE cleaning_run (
        id           INTEGER PRIMARY KEY,
        at           TEXT NOT NULL,
        operator     TEXT NOT NULL,
        cases        INTEGER NOT NULL,
        duration_ms  INTEGER NOT NULL,
        summary      TEXT NOT NULL CHECK (json_valid(summary))
      ) STRICT;

-- table cleaning_violation
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

-- table correction
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

-- table data_change
CREATE TABLE data_change (
        id  INTEGER PRIMARY KEY CHECK (id = 1),
        n   INTEGER NOT NULL CHECK (n >= 0)
      ) STRICT;

-- table data_classification
CREATE TABLE data_classification (
        table_name      TEXT NOT NULL,
        column_name     TEXT NOT NULL,
        classification  TEXT NOT NULL CHECK (classification IN ('identifying')),
        PRIMARY KEY (table_name, column_name)
      ) STRICT;

-- table derived_variable
CREATE TABLE derived_variable (
        name        TEXT PRIMARY KEY,
        expression  TEXT NOT NULL,
        label       TEXT NOT NULL DEFAULT '',
        position    INTEGER NOT NULL,
        operator    TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
      , value_labels TEXT CHECK (value_labels IS NULL OR json_valid(value_labels))) STRICT;

-- table disposition_history
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

-- table edit_rule
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

-- table entry_confirmation
CREATE TABLE entry_confirmation (
        case_pk   INTEGER NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
        pass      INTEGER NOT NULL CHECK (pass IN (1, 2, 3)),
        variable  TEXT NOT NULL,
        value     TEXT NOT NULL,
        operator  TEXT NOT NULL,
        at        TEXT NOT NULL,
        PRIMARY KEY (case_pk, pass, variable)
      ) STRICT;

-- table entry_form
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

-- table exclusion
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

-- table operator
CREATE TABLE operator (
        name        TEXT PRIMARY KEY,
        created_at  TEXT NOT NULL,
        last_seen   TEXT NOT NULL
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
        updated_at  TEXT,
        PRIMARY KEY (case_pk, variable, pass)
      ) STRICT, WITHOUT ROWID;

-- table response_import
CREATE TABLE response_import (
        case_pk  INTEGER PRIMARY KEY REFERENCES case_record (id) ON DELETE CASCADE,
        answers  TEXT NOT NULL CHECK (json_type(answers) = 'object')
      ) STRICT;

-- table sample_case
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

-- table sample_contact
CREATE TABLE sample_contact (
        sample_case_id  INTEGER PRIMARY KEY REFERENCES sample_case (id) ON DELETE CASCADE,
        details         TEXT NOT NULL CHECK (json_valid(details))
      ) STRICT;

-- table sample_import
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

-- table verification_difference
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

-- table weighting_result
CREATE TABLE weighting_result (
        scheme_id     INTEGER PRIMARY KEY REFERENCES weighting_scheme (id) ON DELETE CASCADE,
        input_hash    TEXT NOT NULL,
        weights_hash  TEXT NOT NULL,
        ran_at        TEXT NOT NULL,
        ran_by        TEXT NOT NULL,
        diagnostics   TEXT NOT NULL CHECK (json_valid(diagnostics))
      , input_fingerprint TEXT, weighted_cases INTEGER, input_stamp TEXT) STRICT;

-- table weighting_scheme
CREATE TABLE weighting_scheme (
        id          INTEGER PRIMARY KEY,
        name        TEXT NOT NULL UNIQUE,
        definition  TEXT NOT NULL CHECK (json_valid(definition)),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        updated_by  TEXT NOT NULL
      ) STRICT;

-- table weighting_weight
CREATE TABLE weighting_weight (
        scheme_id  INTEGER NOT NULL REFERENCES weighting_result (scheme_id) ON DELETE CASCADE,
        case_pk    INTEGER NOT NULL REFERENCES case_record (id) ON DELETE CASCADE,
        weight     REAL NOT NULL,
        weight_n   REAL NOT NULL, inputs TEXT CHECK (inputs IS NULL OR json_type(inputs) = 'array'),
        PRIMARY KEY (scheme_id, case_pk)
      ) STRICT, WITHOUT ROWID;

-- trigger audit_log_no_delete
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- trigger audit_log_no_update
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- trigger case_record_complete_insert
CREATE TRIGGER case_record_complete_insert AFTER INSERT ON case_record
        WHEN NEW.status IN ('complete', 'verified')
      BEGIN
        INSERT INTO disposition_history (sample_case_id, old_code, new_code, at, operator, source, reason)
          SELECT id, disposition, '1.1', NEW.updated_at, 'system', NEW.source, 'form ' || NEW.status
            FROM sample_case WHERE case_id = NEW.case_id AND substr(disposition, 1, 2) IN ('2.', '3.');
        UPDATE sample_case SET disposition = '1.1', disposition_at = NEW.updated_at, disposition_by = 'system'
         WHERE case_id = NEW.case_id AND substr(disposition, 1, 2) IN ('2.', '3.');
      END;

-- trigger case_record_complete_update
CREATE TRIGGER case_record_complete_update AFTER UPDATE OF status ON case_record
        WHEN NEW.status IN ('complete', 'verified') AND OLD.status NOT IN ('complete', 'verified')
      BEGIN
        INSERT INTO disposition_history (sample_case_id, old_code, new_code, at, operator, source, reason)
          SELECT id, disposition, '1.1', NEW.updated_at, 'system', NEW.source, 'form ' || NEW.status
            FROM sample_case WHERE case_id = NEW.case_id AND substr(disposition, 1, 2) IN ('2.', '3.');
        UPDATE sample_case SET disposition = '1.1', disposition_at = NEW.updated_at, disposition_by = 'system'
         WHERE case_id = NEW.case_id AND substr(disposition, 1, 2) IN ('2.', '3.');
      END;

-- trigger correction_no_update
CREATE TRIGGER correction_no_update BEFORE UPDATE ON correction
        BEGIN SELECT RAISE(ABORT, 'correction is append-only'); END;

-- trigger data_change_batch_delete
CREATE TRIGGER data_change_batch_delete AFTER DELETE ON batch BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_batch_insert
CREATE TRIGGER data_change_batch_insert AFTER INSERT ON batch BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_batch_update
CREATE TRIGGER data_change_batch_update AFTER UPDATE OF id, number ON batch BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_case_record_delete
CREATE TRIGGER data_change_case_record_delete AFTER DELETE ON case_record BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_case_record_insert
CREATE TRIGGER data_change_case_record_insert AFTER INSERT ON case_record BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_case_record_update
CREATE TRIGGER data_change_case_record_update AFTER UPDATE ON case_record BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_correction_delete
CREATE TRIGGER data_change_correction_delete AFTER DELETE ON correction BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_correction_insert
CREATE TRIGGER data_change_correction_insert AFTER INSERT ON correction BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_correction_update
CREATE TRIGGER data_change_correction_update AFTER UPDATE ON correction BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_derived_variable_delete
CREATE TRIGGER data_change_derived_variable_delete AFTER DELETE ON derived_variable BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_derived_variable_insert
CREATE TRIGGER data_change_derived_variable_insert AFTER INSERT ON derived_variable BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_derived_variable_update
CREATE TRIGGER data_change_derived_variable_update AFTER UPDATE ON derived_variable BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_questionnaire_version_delete
CREATE TRIGGER data_change_questionnaire_version_delete AFTER DELETE ON questionnaire_version BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_questionnaire_version_insert
CREATE TRIGGER data_change_questionnaire_version_insert AFTER INSERT ON questionnaire_version BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_questionnaire_version_update
CREATE TRIGGER data_change_questionnaire_version_update AFTER UPDATE ON questionnaire_version BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_response_delete
CREATE TRIGGER data_change_response_delete AFTER DELETE ON response BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_response_import_delete
CREATE TRIGGER data_change_response_import_delete AFTER DELETE ON response_import BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_response_import_insert
CREATE TRIGGER data_change_response_import_insert AFTER INSERT ON response_import BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_response_import_update
CREATE TRIGGER data_change_response_import_update AFTER UPDATE ON response_import BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_response_insert
CREATE TRIGGER data_change_response_insert AFTER INSERT ON response BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_response_update
CREATE TRIGGER data_change_response_update AFTER UPDATE ON response BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_sample_case_delete
CREATE TRIGGER data_change_sample_case_delete AFTER DELETE ON sample_case BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_sample_case_insert
CREATE TRIGGER data_change_sample_case_insert AFTER INSERT ON sample_case BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger data_change_sample_case_update
CREATE TRIGGER data_change_sample_case_update AFTER UPDATE OF id, case_id, design_weight ON sample_case BEGIN UPDATE data_change SET n = n + 1 WHERE id = 1; END;

-- trigger disposition_history_no_delete
CREATE TRIGGER disposition_history_no_delete BEFORE DELETE ON disposition_history
        BEGIN SELECT RAISE(ABORT, 'disposition_history is append-only'); END;

-- trigger disposition_history_no_update
CREATE TRIGGER disposition_history_no_update BEFORE UPDATE ON disposition_history
        BEGIN SELECT RAISE(ABORT, 'disposition_history is append-only'); END;

-- view answer
CREATE VIEW answer (case_pk, variable, pass, value) AS
        SELECT case_pk, variable, pass, value FROM response
        UNION ALL
        SELECT p.case_pk, j.key, 1, j.value FROM response_import p, json_each(p.answers) j;
