-- Schema 6: alliances éducatives — the team around one student (school staff and partners'
-- contacts, one school member as the student's référent), each member's charte, each partner's
-- formalisation, the family's contract, the shared diagnosis, the responses, the follow-up
-- meetings, the sharing log and the shared evaluation.
-- Forward-only: never edit this file once it has landed.

CREATE TABLE alliance (
    id              INTEGER PRIMARY KEY,
    student_id      INTEGER NOT NULL REFERENCES student (id),
    proposal_id     INTEGER REFERENCES proposal (id),
    kind            TEXT NOT NULL CHECK (kind IN ('interne', 'externe')),
    state           TEXT NOT NULL CHECK (state IN ('proposed', 'diagnosis', 'proposal', 'running',
                                                   'closed', 'abandoned')),
    state_on        TEXT NOT NULL,
    proposed_on     TEXT NOT NULL,
    class_name      TEXT NOT NULL,
    start_on        TEXT,
    end_on          TEXT,
    rhythm          TEXT NOT NULL DEFAULT '',   -- « toutes les six semaines »
    family          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (family IN ('pending', 'proposed', 'signed', 'refused', 'not_proposed')),
    family_on       TEXT,
    family_reason   TEXT NOT NULL DEFAULT '',
    family_at       TEXT,                      -- when the answer was recorded
    abandon_reason  TEXT NOT NULL DEFAULT '',
    evaluation_on   TEXT,
    situation       TEXT CHECK (situation IN ('in_school', 'in_training', 'reoriented', 'pafi',
                                              'no_solution', 'other')),
    situation_details TEXT NOT NULL DEFAULT '',
    what_worked     TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX alliance_student ON alliance (student_id);

CREATE TABLE alliance_transition (
    id          INTEGER PRIMARY KEY,
    alliance_id INTEGER NOT NULL REFERENCES alliance (id) ON DELETE CASCADE,
    from_state  TEXT,
    to_state    TEXT NOT NULL,
    on_date     TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    at          TEXT NOT NULL
) STRICT;
CREATE INDEX alliance_transition_alliance ON alliance_transition (alliance_id, id);

-- A member: a staff member, or a contact of a partner (named, since a partner's contacts may
-- change in the directory).
CREATE TABLE alliance_member (
    id           INTEGER PRIMARY KEY,
    alliance_id  INTEGER NOT NULL REFERENCES alliance (id) ON DELETE CASCADE,
    staff_id     INTEGER REFERENCES staff (id),
    partner_id   INTEGER REFERENCES partner (id),
    contact_name TEXT NOT NULL DEFAULT '',
    contact_function TEXT NOT NULL DEFAULT '',
    role         TEXT NOT NULL DEFAULT '',
    is_referent  INTEGER NOT NULL DEFAULT 0 CHECK (is_referent IN (0, 1)),
    charte_on    TEXT,
    charte_method TEXT CHECK (charte_method IN ('screen', 'paper')),
    left_on      TEXT,
    CHECK ((staff_id IS NULL) != (partner_id IS NULL)),
    CHECK (is_referent = 0 OR staff_id IS NOT NULL)
) STRICT;
CREATE INDEX alliance_member_alliance ON alliance_member (alliance_id);

-- How each partner of an externe alliance works with the school.
CREATE TABLE alliance_partner (
    alliance_id  INTEGER NOT NULL REFERENCES alliance (id) ON DELETE CASCADE,
    partner_id   INTEGER NOT NULL REFERENCES partner (id),
    formalisation TEXT NOT NULL DEFAULT 'pending'
                  CHECK (formalisation IN ('pending', 'convention', 'informal', 'refused')),
    on_date      TEXT,
    reason       TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (alliance_id, partner_id)
) STRICT;

-- The shared diagnosis: potentialities and difficulties by domain, dated and attributed.
CREATE TABLE alliance_diagnosis (
    id          INTEGER PRIMARY KEY,
    alliance_id INTEGER NOT NULL REFERENCES alliance (id) ON DELETE CASCADE,
    domain      TEXT NOT NULL CHECK (domain IN ('scolarite', 'vie_scolaire', 'sante', 'famille_social',
                                                'justice', 'orientation')),
    polarity    TEXT NOT NULL CHECK (polarity IN ('strength', 'difficulty')),
    text        TEXT NOT NULL,
    noted_on    TEXT NOT NULL,
    member_id   INTEGER NOT NULL REFERENCES alliance_member (id),
    restricted  INTEGER NOT NULL DEFAULT 0 CHECK (restricted IN (0, 1)),
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX alliance_diagnosis_alliance ON alliance_diagnosis (alliance_id);

-- The formal proposal: the responses.
CREATE TABLE alliance_response (
    id          INTEGER PRIMARY KEY,
    alliance_id INTEGER NOT NULL REFERENCES alliance (id) ON DELETE CASCADE,
    theme       TEXT NOT NULL CHECK (theme IN ('sante', 'justice', 'social', 'coeducation', 'harcelement',
                                               'remediation', 'temps_scolaire', 'internat', 'pafi',
                                               'cas_particulier', 'autre')),
    action      TEXT NOT NULL,
    member_id   INTEGER NOT NULL REFERENCES alliance_member (id),
    start_on    TEXT,
    end_on      TEXT,
    rhythm      TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'planned'
                CHECK (status IN ('planned', 'running', 'done', 'adjust', 'abandoned')),
    pafi_id     INTEGER REFERENCES pafi (id),
    result      TEXT NOT NULL DEFAULT ''       -- at the shared evaluation
) STRICT;
CREATE INDEX alliance_response_alliance ON alliance_response (alliance_id);

CREATE TABLE alliance_meeting (
    id          INTEGER PRIMARY KEY,
    alliance_id INTEGER NOT NULL REFERENCES alliance (id) ON DELETE CASCADE,
    held_on     TEXT NOT NULL,
    time        TEXT NOT NULL DEFAULT '',
    place       TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    decisions   TEXT NOT NULL DEFAULT '[]',    -- JSON list of sentences
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX alliance_meeting_alliance ON alliance_meeting (alliance_id, held_on);

CREATE TABLE alliance_meeting_member (
    meeting_id INTEGER NOT NULL REFERENCES alliance_meeting (id) ON DELETE CASCADE,
    member_id  INTEGER NOT NULL REFERENCES alliance_member (id),
    present    INTEGER NOT NULL CHECK (present IN (0, 1)),
    PRIMARY KEY (meeting_id, member_id)
) STRICT;

-- The sharing log: what was shared with whom, when, why, and whether the family knew first.
CREATE TABLE alliance_share (
    id              INTEGER PRIMARY KEY,
    alliance_id     INTEGER NOT NULL REFERENCES alliance (id) ON DELETE CASCADE,
    shared_on       TEXT NOT NULL,
    member_id       INTEGER NOT NULL REFERENCES alliance_member (id),
    information     TEXT NOT NULL,
    purpose         TEXT NOT NULL,
    family_informed INTEGER NOT NULL CHECK (family_informed IN (0, 1)),
    charte_unsigned INTEGER NOT NULL DEFAULT 0 CHECK (charte_unsigned IN (0, 1)),
    created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX alliance_share_alliance ON alliance_share (alliance_id);
