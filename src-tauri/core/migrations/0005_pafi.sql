-- Schema 5: PAFI (parcours aménagé de formation initiale) — the path and its states, activities
-- and hosts, the weekly schedule by period, the tutor's notes, intermediate bilans, amendments,
-- the final bilan and its skills; the case file's validating authority.
-- Forward-only: never edit this file once it has landed.

-- The case file's PAFI settings (one row).
CREATE TABLE pafi_setting (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    authority TEXT NOT NULL DEFAULT 'dasen' CHECK (authority IN ('dasen', 'ien_io', 'csaio', 'foquale'))
) STRICT;
INSERT INTO pafi_setting (id) VALUES (1);

CREATE TABLE pafi (
    id               INTEGER PRIMARY KEY,
    student_id       INTEGER NOT NULL REFERENCES student (id),
    proposal_id      INTEGER REFERENCES proposal (id),
    state            TEXT NOT NULL CHECK (state IN ('proposed', 'preparing', 'awaiting_validation',
                                                    'validated', 'running', 'finished', 'interrupted')),
    state_on         TEXT NOT NULL,        -- the date of the last transition
    proposed_on      TEXT NOT NULL,
    -- The student as they were when the path was proposed (the bilan counts them so).
    class_name       TEXT NOT NULL,
    track            TEXT,
    start_on         TEXT,
    end_on           TEXT,
    tutor_id         INTEGER REFERENCES staff (id),
    mlds_coordinator TEXT NOT NULL DEFAULT '',
    objectives       TEXT NOT NULL DEFAULT '[]',  -- JSON list of objective codes
    objectives_text  TEXT NOT NULL DEFAULT '',
    diagnosis_on     TEXT,
    bilan_due_on     TEXT,
    return_on        TEXT,
    return_terms     TEXT NOT NULL DEFAULT '',
    family_signs     INTEGER NOT NULL DEFAULT 0 CHECK (family_signs IN (0, 1)),
    validation_requested_on TEXT,
    validation_authority    TEXT CHECK (validation_authority IN ('dasen', 'ien_io', 'csaio', 'foquale')),
    validated_on     TEXT,
    validation_ref   TEXT NOT NULL DEFAULT '',
    interrupted_on   TEXT,
    interruption_reason TEXT NOT NULL DEFAULT '',
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
) STRICT;
CREATE INDEX pafi_student ON pafi (student_id);
CREATE INDEX pafi_state ON pafi (state);

-- Every change of state, dated by the user and stamped by the clock.
CREATE TABLE pafi_transition (
    id         INTEGER PRIMARY KEY,
    pafi_id    INTEGER NOT NULL REFERENCES pafi (id) ON DELETE CASCADE,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    on_date    TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    at         TEXT NOT NULL
) STRICT;
CREATE INDEX pafi_transition_pafi ON pafi_transition (pafi_id, id);

CREATE TABLE pafi_activity (
    id             INTEGER PRIMARY KEY,
    pafi_id        INTEGER NOT NULL REFERENCES pafi (id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('stage_entreprise', 'stage_association', 'service_civique',
                                                 'module_mlds', 'module_remobilisation', 'decouverte_cfa',
                                                 'mission_locale', 'autre')),
    title          TEXT NOT NULL,
    partner_id     INTEGER REFERENCES partner (id),
    host_representative      TEXT NOT NULL DEFAULT '',
    host_representative_role TEXT NOT NULL DEFAULT '',
    host_tutor       TEXT NOT NULL DEFAULT '',
    host_tutor_role  TEXT NOT NULL DEFAULT '',
    host_tutor_phone TEXT NOT NULL DEFAULT '',
    start_on       TEXT NOT NULL,
    end_on         TEXT NOT NULL,
    hours_per_week REAL NOT NULL,
    address        TEXT NOT NULL DEFAULT '',
    tasks          TEXT NOT NULL DEFAULT '[]',   -- JSON list of sentences
    realisation    TEXT NOT NULL DEFAULT ''      -- filled at the bilan
) STRICT;
CREATE INDEX pafi_activity_pafi ON pafi_activity (pafi_id);

-- The weekly schedule, by period: which half-days are school time and which activity time.
CREATE TABLE pafi_period (
    id       INTEGER PRIMARY KEY,
    pafi_id  INTEGER NOT NULL REFERENCES pafi (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label    TEXT NOT NULL DEFAULT '',
    start_on TEXT NOT NULL,
    end_on   TEXT NOT NULL
) STRICT;
CREATE INDEX pafi_period_pafi ON pafi_period (pafi_id, position);

CREATE TABLE pafi_slot (
    period_id   INTEGER NOT NULL REFERENCES pafi_period (id) ON DELETE CASCADE,
    day         INTEGER NOT NULL CHECK (day BETWEEN 0 AND 5),     -- 0 = lundi
    half        INTEGER NOT NULL CHECK (half IN (0, 1)),          -- 0 = matin
    kind        TEXT NOT NULL CHECK (kind IN ('school', 'activity', 'free')),
    activity_id INTEGER REFERENCES pafi_activity (id) ON DELETE SET NULL,
    label       TEXT NOT NULL DEFAULT '',                         -- class / subjects
    PRIMARY KEY (period_id, day, half)
) STRICT;

-- The tutor's dated notes.
CREATE TABLE pafi_note (
    id         INTEGER PRIMARY KEY,
    pafi_id    INTEGER NOT NULL REFERENCES pafi (id) ON DELETE CASCADE,
    written_on TEXT NOT NULL,
    author_id  INTEGER NOT NULL REFERENCES staff (id),
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX pafi_note_pafi ON pafi_note (pafi_id);

-- Intermediate bilans, at dates set in the contract; held_on once done.
CREATE TABLE pafi_checkpoint (
    id       INTEGER PRIMARY KEY,
    pafi_id  INTEGER NOT NULL REFERENCES pafi (id) ON DELETE CASCADE,
    due_on   TEXT NOT NULL,
    subject  TEXT NOT NULL,
    held_on  TEXT,
    summary  TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX pafi_checkpoint_pafi ON pafi_checkpoint (pafi_id, due_on);

-- Amendments: each one makes a new version of the contract (the signed one is kept).
CREATE TABLE pafi_amendment (
    id         INTEGER PRIMARY KEY,
    pafi_id    INTEGER NOT NULL REFERENCES pafi (id) ON DELETE CASCADE,
    on_date    TEXT NOT NULL,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- The final bilan (one per path).
CREATE TABLE pafi_bilan (
    pafi_id             INTEGER PRIMARY KEY REFERENCES pafi (id) ON DELETE CASCADE,
    held_on             TEXT NOT NULL,
    participants        TEXT NOT NULL DEFAULT '[]',  -- JSON list of "Nom, qualité"
    planned_half_days   INTEGER,
    absent_half_days    INTEGER NOT NULL DEFAULT 0,
    justified_half_days INTEGER NOT NULL DEFAULT 0,
    lates               INTEGER NOT NULL DEFAULT 0,
    attendance_comment  TEXT NOT NULL DEFAULT '',
    student_view        TEXT NOT NULL DEFAULT '',
    family_view         TEXT NOT NULL DEFAULT '',
    outcome             TEXT NOT NULL CHECK (outcome IN ('retour_classe', 'poursuite_etudes', 'reorientation',
                                                         'apprentissage', 'formation_mlds', 'emploi',
                                                         'sans_solution', 'autre')),
    outcome_on          TEXT,
    outcome_details     TEXT NOT NULL DEFAULT '',
    recommendations     TEXT NOT NULL DEFAULT '[]'   -- JSON list of sentences
) STRICT;

-- Skills acquired, each with its evidence (for a FOLIOS-type booklet), validated by the tutor.
CREATE TABLE pafi_skill (
    id           INTEGER PRIMARY KEY,
    pafi_id      INTEGER NOT NULL REFERENCES pafi (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    skill        TEXT NOT NULL,
    level        TEXT NOT NULL CHECK (level IN ('acquise', 'en_cours', 'non_acquise')),
    evidence     TEXT NOT NULL CHECK (evidence IN ('scolaire', 'hors_scolaire')),
    observations TEXT NOT NULL DEFAULT '',
    validated    INTEGER NOT NULL DEFAULT 0 CHECK (validated IN (0, 1))
) STRICT;
CREATE INDEX pafi_skill_pafi ON pafi_skill (pafi_id, position);
