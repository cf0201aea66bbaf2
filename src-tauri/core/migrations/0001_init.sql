-- Schema 1: the establishment, the registry (students, staff, partners) and the journal.
-- Forward-only: never edit this file once it has landed; add 0002_<slug>.sql instead.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE establishment (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    uai               TEXT NOT NULL,
    name              TEXT NOT NULL,
    kind              TEXT NOT NULL,
    academie          TEXT NOT NULL,
    address           TEXT NOT NULL,
    head_name         TEXT NOT NULL,
    referent_name     TEXT NOT NULL,
    school_year_start INTEGER NOT NULL,
    logo              BLOB,
    logo_mime         TEXT
) STRICT;

CREATE TABLE student (
    id          INTEGER PRIMARY KEY,
    ine         TEXT UNIQUE,
    eleve_id    TEXT UNIQUE,
    last_name   TEXT NOT NULL,
    first_name  TEXT NOT NULL,
    -- Folded search keys ("dubois-lefevre lea" and "lea dubois-lefevre").
    key_last_first TEXT NOT NULL,
    key_first_last TEXT NOT NULL,
    birth_date  TEXT NOT NULL,
    sex         TEXT CHECK (sex IN ('M', 'F')),
    class_name  TEXT NOT NULL,
    mef         TEXT,
    track       TEXT,
    entry_date  TEXT,
    exit_date   TEXT,
    status      TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
) STRICT;
CREATE INDEX student_key_last_first ON student (key_last_first);
CREATE INDEX student_key_first_last ON student (key_first_last);

CREATE TABLE legal_rep (
    id           INTEGER PRIMARY KEY,
    student_id   INTEGER NOT NULL REFERENCES student (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    last_name    TEXT NOT NULL,
    first_name   TEXT NOT NULL,
    relationship TEXT NOT NULL,
    address      TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    email        TEXT NOT NULL DEFAULT '',
    UNIQUE (student_id, position)
) STRICT;

CREATE TABLE staff (
    id         INTEGER PRIMARY KEY,
    last_name  TEXT NOT NULL,
    first_name TEXT NOT NULL,
    key_last_first TEXT NOT NULL,
    role       TEXT NOT NULL,
    email      TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    archived   INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
) STRICT;
CREATE INDEX staff_key ON staff (key_last_first);

CREATE TABLE partner (
    id       INTEGER PRIMARY KEY,
    name     TEXT NOT NULL,
    name_key TEXT NOT NULL,
    kind     TEXT NOT NULL,
    address  TEXT NOT NULL DEFAULT '',
    phone    TEXT NOT NULL DEFAULT '',
    email    TEXT NOT NULL DEFAULT '',
    archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1))
) STRICT;
CREATE INDEX partner_key ON partner (name_key);

CREATE TABLE partner_contact (
    id         INTEGER PRIMARY KEY,
    partner_id INTEGER NOT NULL REFERENCES partner (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    last_name  TEXT NOT NULL,
    first_name TEXT NOT NULL,
    function   TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT '',
    UNIQUE (partner_id, position)
) STRICT;

-- Every write appends here, inside the write's own transaction.
CREATE TABLE journal (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    author     TEXT NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    student_id INTEGER,
    summary    TEXT NOT NULL,
    changes    TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX journal_student ON journal (student_id, id);

CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal
BEGIN
    SELECT RAISE(ABORT, 'le journal ne peut pas être modifié');
END;
CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal
BEGIN
    SELECT RAISE(ABORT, 'le journal ne peut pas être effacé');
END;
