-- Schema 4: documents — every PDF Accroche made, its versions, signatories, signatures, paper
-- scans; the establishment's adapted clauses; the seal authority.
-- Forward-only: never edit this file once it has landed.

-- One row per version of a document; the versions of one document share its reference.
-- A document past "draft" is never edited: a change makes a new version.
CREATE TABLE document (
    id              INTEGER PRIMARY KEY,
    reference       TEXT NOT NULL,
    version         INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    record_entity   TEXT NOT NULL,         -- 'meeting', 'partner', 'pafi', 'alliance'…
    record_id       INTEGER NOT NULL,
    student_id      INTEGER REFERENCES student (id),
    template_version TEXT NOT NULL,
    data            TEXT NOT NULL,         -- JSON the template was filled with
    state           TEXT NOT NULL CHECK (state IN ('draft', 'to_sign', 'signed', 'sealed', 'cancelled')),
    missing         TEXT NOT NULL DEFAULT '[]', -- JSON: what to fill in before it can be signed
    content_sha256  TEXT NOT NULL,         -- the fingerprint printed in the footer
    file_sha256     TEXT NOT NULL,         -- of `pdf`, the current file of this version
    pdf             BLOB NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    cancel_reason   TEXT,
    UNIQUE (reference, version)
) STRICT;
CREATE INDEX document_record ON document (record_entity, record_id);
CREATE INDEX document_student ON document (student_id);
CREATE INDEX document_by_file ON document (file_sha256);

-- Earlier files of a version (the "à signer" file once the signed one replaced it…), so that
-- any file Accroche ever gave out can be recognised.
CREATE TABLE document_file (
    document_id INTEGER NOT NULL REFERENCES document (id),
    sha256      TEXT NOT NULL,
    stage       TEXT NOT NULL,             -- the state the file was made in
    made_at     TEXT NOT NULL,
    PRIMARY KEY (document_id, sha256)
) STRICT;
CREATE INDEX document_file_sha ON document_file (sha256);

CREATE TABLE document_signatory (
    document_id   INTEGER NOT NULL REFERENCES document (id),
    position      INTEGER NOT NULL,        -- its signature box
    role          TEXT NOT NULL,           -- "Le chef d'établissement"
    name          TEXT NOT NULL,
    relationship  TEXT NOT NULL DEFAULT '', -- to the student ("mère", "l'élève")
    required      INTEGER NOT NULL CHECK (required IN (0, 1)),
    method        TEXT CHECK (method IN ('screen', 'paper')),
    signed_at     TEXT,
    identity_check TEXT NOT NULL DEFAULT '',
    witness       TEXT NOT NULL DEFAULT '',
    consent_text  TEXT NOT NULL DEFAULT '',
    consent_version INTEGER,
    signature_png BLOB,                    -- the shape only: no timing, no pressure
    signature_sha256 TEXT,
    PRIMARY KEY (document_id, position)
) STRICT;

-- A scan of the paper signed version.
CREATE TABLE document_scan (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES document (id),
    file_name   TEXT NOT NULL,
    mime        TEXT NOT NULL,
    bytes       BLOB NOT NULL,
    sha256      TEXT NOT NULL,
    signed_on   TEXT NOT NULL,
    attached_at TEXT NOT NULL
) STRICT;

-- Articles the establishment adapted, per document type; revision counts the edits.
CREATE TABLE template_clause (
    kind       TEXT NOT NULL,
    block      TEXT NOT NULL,
    text       TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (kind, block)
) STRICT;
CREATE TABLE template_revision (
    kind     TEXT PRIMARY KEY,
    revision INTEGER NOT NULL
) STRICT;

-- The establishment's certificate authority and seal key (DER; the file itself is encrypted).
CREATE TABLE seal_authority (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    ca_cert     BLOB NOT NULL,
    seal_cert   BLOB NOT NULL,
    seal_key    BLOB NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;
