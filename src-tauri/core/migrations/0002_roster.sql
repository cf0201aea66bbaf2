-- Schema 2: what roster imports (SIECLE, Pronote, ONDE) bring, and their undo history.
-- Forward-only: never edit this file once it has landed.

ALTER TABLE student ADD COLUMN groups TEXT NOT NULL DEFAULT '[]';      -- JSON array of group codes
ALTER TABLE student ADD COLUMN mef_label TEXT;                         -- the school's label of the MEF
ALTER TABLE student ADD COLUMN exit_reason TEXT;                       -- SIECLE CODE_MOTIF_SORTIE
-- Labels of the fields the référent changed by hand: an import shows a conflict for them
-- instead of overwriting (JSON array of French labels, e.g. ["Classe"]).
ALTER TABLE student ADD COLUMN manual_fields TEXT NOT NULL DEFAULT '[]';

CREATE TABLE import_batch (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    author    TEXT NOT NULL,
    file_name TEXT NOT NULL,
    source    TEXT NOT NULL,
    counts    TEXT NOT NULL,         -- JSON {new, updated, left, unchanged, skipped}
    journal_from INTEGER NOT NULL,   -- the first journal entry the import wrote
    journal_id INTEGER NOT NULL,     -- its last one (the import's own summary entry)
    undone_at TEXT
) STRICT;

-- The state of each student an import touched, as it was before (NULL: the import created it).
CREATE TABLE import_change (
    batch_id   INTEGER NOT NULL REFERENCES import_batch (id),
    student_id INTEGER NOT NULL,
    before     TEXT,
    PRIMARY KEY (batch_id, student_id)
) STRICT;
