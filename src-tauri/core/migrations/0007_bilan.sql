-- Schema 7: the yearly bilan — the référent's qualitative part of each school year, and every
-- exported bilan frozen with its figures and its date, so that a later purge of old records does
-- not change what was reported.
-- Forward-only: never edit this file once it has landed.

CREATE TABLE bilan_qualitative (
    school_year  INTEGER PRIMARY KEY,   -- 2026 for 2026-2027
    apports      TEXT NOT NULL DEFAULT '',
    difficultes  TEXT NOT NULL DEFAULT '',
    leviers      TEXT NOT NULL DEFAULT '',
    perspectives TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL
) STRICT;

-- One row per export: the anonymous JSON of the figures as exported (schema of
-- assets/bilan/README.md) and the qualitative part as printed.
CREATE TABLE bilan_freeze (
    id          INTEGER PRIMARY KEY,
    school_year INTEGER NOT NULL,
    exported_on TEXT NOT NULL,
    exported_at TEXT NOT NULL,
    format      TEXT NOT NULL CHECK (format IN ('pdf', 'xlsx', 'csv', 'json')),
    file_name   TEXT NOT NULL DEFAULT '',
    figures     TEXT NOT NULL,
    qualitative TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX bilan_freeze_year ON bilan_freeze (school_year, id);
