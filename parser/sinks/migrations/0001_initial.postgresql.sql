-- khparse sink schema, version 1 (PostgreSQL).
-- One row per document, keyed by the sha256 of the input bytes; one row per
-- extracted item in the child tables, keyed by (sha256, ordinal) where
-- ordinal is the item's index in its JSON list (citations: per role).
-- Dates are kept as written in the output: the ISO value reduced to what the
-- document states ("2023", "2023-04", "2023-04-30") plus its precision.
-- Lists of short strings (lead_units, units, duties, archive_holders) are
-- JSON arrays (query them with jsonb_array_elements_text). `json` holds the whole output.

CREATE TABLE documents (
    sha256               TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    path                 TEXT,
    format               TEXT,
    pages                INTEGER,
    ocr                  BOOLEAN,
    encoding_fixed       TEXT,
    extractor_version    TEXT,
    type                 TEXT,
    type_name            TEXT,
    number               TEXT,
    symbol               TEXT,
    reference            TEXT,
    place                TEXT,
    issued_value         TEXT,
    issued_precision     TEXT,
    issued_text          TEXT,
    title                TEXT,
    motto                TEXT,
    theme                TEXT,
    issuer_name          TEXT,
    issuer_parent        TEXT,
    issuer_abbreviation  TEXT,
    signer_authority     TEXT,
    signer_on_behalf_of  TEXT,
    signer_title         TEXT,
    signer_name          TEXT,
    period_start         TEXT,
    period_end           TEXT,
    period_text          TEXT,
    archive_holders      JSONB,
    archive_copies       INTEGER,
    warnings_count       INTEGER NOT NULL,
    quality_score        DOUBLE PRECISION,
    quality_level        TEXT,
    json                 JSONB NOT NULL,
    loaded_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX documents_path ON documents (path);
CREATE INDEX documents_reference ON documents (reference);
CREATE INDEX documents_issued ON documents (issued_value);

CREATE TABLE citations (
    sha256          TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    role            TEXT NOT NULL CHECK (role IN ('legal_basis', 'references')),
    ordinal         INTEGER NOT NULL,
    text            TEXT,
    kind            TEXT,
    number          TEXT,
    date_value      TEXT,
    date_precision  TEXT,
    date_text       TEXT,
    issuer          TEXT,
    subject         TEXT,
    span_start      INTEGER,
    span_end        INTEGER,
    page            INTEGER,
    PRIMARY KEY (sha256, role, ordinal)
);
CREATE INDEX citations_number ON citations (number);

CREATE TABLE commemorations (
    sha256           TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    ordinal          INTEGER NOT NULL,
    text             TEXT,
    event            TEXT,
    years            INTEGER,
    start_value      TEXT,
    start_precision  TEXT,
    end_value        TEXT,
    end_precision    TEXT,
    span_start       INTEGER,
    span_end         INTEGER,
    page             INTEGER,
    PRIMARY KEY (sha256, ordinal)
);

CREATE TABLE phases (
    sha256           TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    ordinal          INTEGER NOT NULL,
    name             TEXT,
    start_value      TEXT,
    start_precision  TEXT,
    end_value        TEXT,
    end_precision    TEXT,
    text             TEXT,
    span_start       INTEGER,
    span_end         INTEGER,
    page             INTEGER,
    PRIMARY KEY (sha256, ordinal)
);

CREATE TABLE tasks (
    sha256       TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    title        TEXT,
    lead_units   JSONB NOT NULL DEFAULT '[]'::jsonb,
    units        JSONB NOT NULL DEFAULT '[]'::jsonb,
    organizer    TEXT,
    time_text    TEXT,
    time_start   TEXT,
    time_end     TEXT,
    section      TEXT,
    span_start   INTEGER,
    span_end     INTEGER,
    page         INTEGER,
    PRIMARY KEY (sha256, ordinal)
);

CREATE TABLE assignments (
    sha256       TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    unit         TEXT,
    units        JSONB NOT NULL DEFAULT '[]'::jsonb,
    duties       JSONB NOT NULL DEFAULT '[]'::jsonb,
    section      TEXT,
    span_start   INTEGER,
    span_end     INTEGER,
    page         INTEGER,
    PRIMARY KEY (sha256, ordinal)
);

CREATE TABLE quotas (
    sha256       TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    text         TEXT,
    subject      TEXT,
    operator     TEXT,
    value        DOUBLE PRECISION,
    value_max    DOUBLE PRECISION,
    unit         TEXT,
    section      TEXT,
    span_start   INTEGER,
    span_end     INTEGER,
    page         INTEGER,
    PRIMARY KEY (sha256, ordinal)
);

CREATE TABLE rewards (
    sha256              TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    ordinal             INTEGER NOT NULL,
    form                TEXT,
    granted_by          TEXT,
    recipients_rule     TEXT,
    quota               TEXT,
    deadline_value      TEXT,
    deadline_precision  TEXT,
    deadline_text       TEXT,
    span_start          INTEGER,
    span_end            INTEGER,
    page                INTEGER,
    PRIMARY KEY (sha256, ordinal)
);

CREATE TABLE deadlines (
    sha256          TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    ordinal         INTEGER NOT NULL,
    what            TEXT,
    date_value      TEXT,
    date_precision  TEXT,
    date_text       TEXT,
    text            TEXT,
    span_start      INTEGER,
    span_end        INTEGER,
    page            INTEGER,
    PRIMARY KEY (sha256, ordinal)
);
CREATE INDEX deadlines_date ON deadlines (date_value);

CREATE TABLE recipients (
    sha256      TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    ordinal     INTEGER NOT NULL,
    name        TEXT,
    purpose     TEXT,
    span_start  INTEGER,
    span_end    INTEGER,
    page        INTEGER,
    PRIMARY KEY (sha256, ordinal)
);
