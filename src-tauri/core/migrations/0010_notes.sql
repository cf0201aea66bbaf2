-- Schema 10: the sensitivity of what professionals write about a student.
--
-- `student_note`: the free notes on a student's page, each with its sensitivity — `equipe` (every
-- user of the case file), `restreint` (the médico-social roles, the référent, its author),
-- `auteur` (its author only) — and its « résumé utile », the part that may be shared with the team
-- whoever reads the note (the law allows sharing only what is needed). The author is the account
-- that wrote it (`author_user_id`: no foreign key, an account may go and its notes stay
-- attributed; 0: written before accounts, or with the recovery key), with its name and role as
-- they were. Who reads what is decided in Rust (`access::may_read`), never here.
--
-- `alliance_diagnosis` gets the same sensitivity (the old `restricted` flag becomes `restreint`),
-- a résumé utile and the account that typed the entry. `restricted` stays, kept equal to
-- (sensitivity <> 'equipe') by the app; a row inserted with only `restricted` = 1 (an export made
-- before this schema) takes `restreint` through the trigger below.
-- Forward-only: never edit this file once it has landed.

CREATE TABLE student_note (
    id             INTEGER PRIMARY KEY,
    student_id     INTEGER NOT NULL REFERENCES student (id) ON DELETE CASCADE,
    written_on     TEXT NOT NULL,
    author_user_id INTEGER,
    author_name    TEXT NOT NULL,
    author_role    TEXT NOT NULL CHECK (author_role IN ('referent', 'direction', 'cpe', 'psy_en',
                                                        'medico_social', 'enseignant', 'lecture_seule')),
    sensitivity    TEXT NOT NULL CHECK (sensitivity IN ('equipe', 'restreint', 'auteur')),
    text           TEXT NOT NULL CHECK (text <> ''),
    summary        TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX student_note_student ON student_note (student_id, written_on);

ALTER TABLE alliance_diagnosis ADD COLUMN sensitivity TEXT NOT NULL DEFAULT 'equipe'
    CHECK (sensitivity IN ('equipe', 'restreint', 'auteur'));
ALTER TABLE alliance_diagnosis ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE alliance_diagnosis ADD COLUMN author_user_id INTEGER;

UPDATE alliance_diagnosis SET sensitivity = 'restreint' WHERE restricted = 1;

CREATE TRIGGER alliance_diagnosis_legacy_restricted AFTER INSERT ON alliance_diagnosis
WHEN NEW.restricted = 1 AND NEW.sensitivity = 'equipe'
BEGIN
    UPDATE alliance_diagnosis SET sensitivity = 'restreint' WHERE id = NEW.id;
END;
