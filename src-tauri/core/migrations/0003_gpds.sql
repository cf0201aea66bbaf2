-- Schema 3: the GPDS — flags, meetings and their agendas, reviews, follow-up, actions,
-- entretiens de situation, mesures de responsabilisation, PAFI / alliance proposals.
-- Forward-only: never edit this file once it has landed.

-- A student flagged at risk (repérage). Reviewed once a meeting dated on or after the flag
-- records a decision for the student (derived through followup.last_decided_on).
CREATE TABLE flag (
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES student (id),
    flagged_on TEXT NOT NULL,
    raised_by  INTEGER NOT NULL REFERENCES staff (id),
    signals    TEXT NOT NULL,            -- JSON [{kind, amount, unjustified, detail}]
    note       TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX flag_student ON flag (student_id, flagged_on);
CREATE INDEX flag_date ON flag (flagged_on);

CREATE TABLE meeting (
    id       INTEGER PRIMARY KEY,
    date     TEXT NOT NULL,
    time     TEXT NOT NULL,              -- HH:MM
    place    TEXT NOT NULL DEFAULT '',
    status   TEXT NOT NULL CHECK (status IN ('planned', 'open', 'held', 'cancelled')),
    cancel_reason TEXT,
    opened_at TEXT,
    held_at  TEXT,
    -- The compte-rendu's version: 1 when the meeting is closed, +1 at each later edit.
    minutes_version INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX meeting_date ON meeting (status, date, time);

-- Staff invited; attended is NULL until recorded.
CREATE TABLE meeting_member (
    meeting_id INTEGER NOT NULL REFERENCES meeting (id),
    staff_id   INTEGER NOT NULL REFERENCES staff (id),
    attended   INTEGER CHECK (attended IN (0, 1)),
    PRIMARY KEY (meeting_id, staff_id)
) STRICT;

-- External partners, invited for given students only.
CREATE TABLE meeting_guest (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meeting (id),
    partner_id INTEGER NOT NULL REFERENCES partner (id),
    contact    TEXT NOT NULL DEFAULT '',
    students   TEXT NOT NULL,            -- JSON array of student ids
    attended   INTEGER CHECK (attended IN (0, 1))
) STRICT;
CREATE INDEX meeting_guest_meeting ON meeting_guest (meeting_id);

-- A planned meeting's agenda is computed; these rows hold the référent's additions, removals
-- and order. Opening the meeting freezes the agenda into rows (origin, reasons kept).
CREATE TABLE agenda_item (
    meeting_id INTEGER NOT NULL REFERENCES meeting (id),
    student_id INTEGER NOT NULL REFERENCES student (id),
    position   INTEGER,
    origin     TEXT NOT NULL CHECK (origin IN ('auto', 'added')),
    removed    INTEGER NOT NULL DEFAULT 0 CHECK (removed IN (0, 1)),
    reasons    TEXT NOT NULL DEFAULT '[]', -- JSON, frozen when the meeting opens
    PRIMARY KEY (meeting_id, student_id)
) STRICT;

CREATE TABLE review (
    id           INTEGER PRIMARY KEY,
    meeting_id   INTEGER NOT NULL REFERENCES meeting (id),
    student_id   INTEGER NOT NULL REFERENCES student (id),
    situation    TEXT NOT NULL DEFAULT '',
    decision     TEXT NOT NULL CHECK (decision IN ('enter', 'keep', 'close', 'not_examined')),
    close_reason TEXT,
    close_detail TEXT NOT NULL DEFAULT '',
    in_charge    INTEGER REFERENCES staff (id),
    next_review  TEXT,
    created_at   TEXT NOT NULL,            -- when the decision was first recorded
    recorded_at  TEXT NOT NULL,            -- when it was last recorded (edits)
    UNIQUE (meeting_id, student_id)
) STRICT;
CREATE INDEX review_student ON review (student_id);

-- A change of the person in charge outside a meeting.
CREATE TABLE followup_assignment (
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES student (id),
    on_date    TEXT NOT NULL,
    staff_id   INTEGER NOT NULL REFERENCES staff (id),
    recorded_at TEXT NOT NULL
) STRICT;
CREATE INDEX followup_assignment_student ON followup_assignment (student_id);

-- Each student's follow-up as of now, recomputed from the reviews and assignments above
-- whenever one of them changes (never edited by hand).
CREATE TABLE followup (
    student_id   INTEGER PRIMARY KEY REFERENCES student (id),
    open         INTEGER NOT NULL CHECK (open IN (0, 1)),
    opened_on    TEXT NOT NULL,
    in_charge    INTEGER REFERENCES staff (id),
    next_review  TEXT,
    closed_on    TEXT,
    close_reason TEXT,
    -- The latest meeting that decided something for the student, and when that decision was
    -- first recorded: a flag dated up to that day and recorded before that decision is reviewed.
    last_decided_on TEXT,
    last_decided_at TEXT
) STRICT;
CREATE INDEX followup_open ON followup (open, next_review);

CREATE TABLE action (
    id          INTEGER PRIMARY KEY,
    student_id  INTEGER NOT NULL REFERENCES student (id),
    review_id   INTEGER REFERENCES review (id),
    kind        TEXT NOT NULL,
    detail      TEXT NOT NULL DEFAULT '',
    owner       INTEGER NOT NULL REFERENCES staff (id),
    due_on      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('todo', 'done', 'cancelled')),
    done_on     TEXT,
    result      TEXT NOT NULL DEFAULT '',
    cancel_reason TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX action_student ON action (student_id);
CREATE INDEX action_due ON action (status, due_on);
CREATE INDEX action_review ON action (review_id);

-- "Proposer un PAFI / une alliance éducative": picked up by those mechanisms.
CREATE TABLE proposal (
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES student (id),
    kind       TEXT NOT NULL CHECK (kind IN ('pafi', 'alliance')),
    action_id  INTEGER REFERENCES action (id),
    proposed_on TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'taken', 'dropped'))
) STRICT;
CREATE INDEX proposal_status ON proposal (status);

CREATE TABLE entretien (
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES student (id),
    held_on    TEXT NOT NULL,
    staff_id   INTEGER NOT NULL REFERENCES staff (id),
    diagnosis  TEXT NOT NULL DEFAULT '',
    outcome    TEXT NOT NULL CHECK (outcome IN ('solution', 'none')),
    solution   TEXT NOT NULL DEFAULT '',
    next_step  TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX entretien_student ON entretien (student_id);

CREATE TABLE mesure (
    id         INTEGER PRIMARY KEY,
    student_id INTEGER NOT NULL REFERENCES student (id),
    hours      INTEGER NOT NULL CHECK (hours BETWEEN 1 AND 20),
    partner_id INTEGER REFERENCES partner (id),   -- NULL: hosted in the school
    host_detail TEXT NOT NULL DEFAULT '',
    start_on   TEXT NOT NULL,
    end_on     TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('planned', 'done', 'not_done')),
    created_at TEXT NOT NULL
) STRICT;
CREATE INDEX mesure_student ON mesure (student_id);
