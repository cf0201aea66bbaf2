//! PAFI — parcours aménagé de formation initiale: a student of 15 or more steps out of part of
//! the ordinary timetable (internship, service civique, MLDS module, CFA discovery…) for a few
//! weeks to one school year, keeping school status, under a contract signed by the student, the
//! family, the school and the hosts, validated by the académie, followed by a tutor and closed
//! by a bilan of the skills gained.
//!
//! Owns the tables of schema 5 (`pafi*`). Refers to students, staff, partners, GPDS proposals
//! and documents by id; never writes the registry's or the GPDS's tables, except marking a
//! proposal "taken" when a path is made from it.
//!
//! The path, as states: proposé → en préparation → en attente de validation → validé → en cours
//! → terminé (final bilan done) / interrompu (with a reason). Each transition is dated by the
//! user (never in the future), stored in `pafi_transition`, journaled and shown in the student's
//! chronology. Rules (each refusal a French [`Error::Validation`] that changes nothing):
//! - under 15 on the start date: refused; under 16: only the DASEN / DSDEN validates;
//!   18 or more: the student signs alone, the family only if the student asks;
//! - the end is after the start and at most one year later; more than two months asks for a
//!   confirmation ([`Error::NeedsConfirmation`]) recalling the national recommendation;
//! - two paths of one student never overlap;
//! - "en cours" needs a tutor, an activity, a signed contract and, for each activity at a host,
//!   its signed convention; "terminé" needs the final bilan.
//!
//! A person born on 29 February turns a year older on 1 March in non-leap years
//! ([`crate::school_year::age_on`]).

mod bilan;
mod documents;
mod parts;
mod path;
mod reminders;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::registry::{coded_enum, collect, decode, Coded, Sex, Track};
use crate::school_year::{age_on, french_date};

pub use bilan::{save_bilan, Bilan, BilanInput, Skill, SkillInput};
pub use documents::{bilan_document, contract_document, convention_document};
pub use parts::{
    add_note, record_amendment, remove_activity, save_activity, save_checkpoint, set_schedule,
    Activity, ActivityInput, Amendment, Checkpoint, CheckpointInput, Note, NoteInput, Period,
    PeriodInput, Slot, SlotInput,
};
pub use path::{
    authority, change_state, create_pafi, set_authority, update_pafi, PafiInput, StateChange,
    ADULT, DSDEN_ONLY_BELOW, MAX_MONTHS, MIN_AGE, SHORT_MONTHS,
};
pub use reminders::{reminders, Reminder, ReminderKind};

coded_enum! {
    /// Where a path stands.
    PafiState {
        /// Proposed (by the GPDS, or directly).
        Proposed = "proposed" / "Proposé",
        /// The team designs it.
        Preparing = "preparing" / "En préparation",
        /// Sent to the validating authority.
        AwaitingValidation = "awaiting_validation" / "En attente de validation",
        /// Validated by the authority.
        Validated = "validated" / "Validé",
        /// Running.
        Running = "running" / "En cours",
        /// Finished, its bilan done.
        Finished = "finished" / "Terminé",
        /// Stopped before its end.
        Interrupted = "interrupted" / "Interrompu",
    }
}

impl PafiState {
    /// Whether the path is over (no more changes of state).
    pub fn is_closed(self) -> bool {
        matches!(self, PafiState::Finished | PafiState::Interrupted)
    }
}

coded_enum! {
    /// Who validates PAFI in this académie (seeds and académies differ).
    ValidationAuthority {
        /// The DASEN (directeur académique), through the DSDEN: always for students under 16.
        Dasen = "dasen" / "DASEN (DSDEN)",
        /// The IEN chargé de l'information et de l'orientation.
        IenIo = "ien_io" / "IEN-IO",
        /// The CSAIO (chef du service académique d'information et d'orientation).
        Csaio = "csaio" / "CSAIO",
        /// The head of the FOQUALE network.
        Foquale = "foquale" / "Responsable du réseau FOQUALE",
    }
}

impl ValidationAuthority {
    /// How the contract names the authority (« la directrice académique… »).
    pub fn in_contract(self) -> &'static str {
        match self {
            ValidationAuthority::Dasen => {
                "le directeur académique des services de l'Éducation nationale (DASEN)"
            }
            ValidationAuthority::IenIo => {
                "l'inspecteur de l'Éducation nationale chargé de l'information et de l'orientation (IEN-IO)"
            }
            ValidationAuthority::Csaio => {
                "le chef du service académique d'information et d'orientation (CSAIO)"
            }
            ValidationAuthority::Foquale => "le responsable du réseau FOQUALE",
        }
    }
}

coded_enum! {
    /// What a path aims at (the listed objectives; free text completes them).
    Objective {
        /// Se remobiliser.
        Remobilisation = "remobilisation" / "Se remobiliser",
        /// Retrouver une assiduité.
        Attendance = "assiduite" / "Retrouver une assiduité régulière",
        /// Construire un projet.
        Project = "projet" / "Construire un projet personnel et professionnel",
        /// Découvrir des métiers.
        Trades = "decouverte_metiers" / "Découvrir des métiers",
        /// Préparer une réorientation.
        Reorientation = "reorientation" / "Préparer une réorientation",
        /// Reprendre confiance.
        Confidence = "confiance" / "Reprendre confiance en ses capacités",
        /// Préparer le retour en classe.
        Return = "retour" / "Préparer le retour en classe",
    }
}

coded_enum! {
    /// The kinds of activities of a path.
    ActivityKind {
        /// Internship in a company.
        CompanyInternship = "stage_entreprise" / "Stage en entreprise",
        /// Internship in an association.
        AssociationInternship = "stage_association" / "Stage en association",
        /// Service civique.
        CivicService = "service_civique" / "Service civique",
        /// A module of the MLDS.
        MldsModule = "module_mlds" / "Module MLDS",
        /// A remobilisation module.
        Remobilisation = "module_remobilisation" / "Module de remobilisation",
        /// Discovering a CFA.
        CfaDiscovery = "decouverte_cfa" / "Découverte en CFA",
        /// With the mission locale.
        MissionLocale = "mission_locale" / "Mission locale",
        /// Something else.
        Other = "autre" / "Autre",
    }
}

impl ActivityKind {
    /// Whether an activity of this kind takes place at a host, which then needs a convention
    /// de stage / d'accueil (minors have a legal frame). MLDS modules and the mission locale are
    /// public services of the académie and the State: no convention.
    pub fn at_host(self) -> bool {
        !matches!(self, ActivityKind::MldsModule | ActivityKind::MissionLocale)
    }
}

coded_enum! {
    /// A half-day of the weekly schedule.
    SlotKind {
        /// In class.
        School = "school" / "Classe",
        /// An activity of the path.
        Activity = "activity" / "Activité",
        /// Nothing planned.
        Free = "free" / "Libre",
    }
}

coded_enum! {
    /// How far a skill was acquired.
    SkillLevel {
        /// Acquired.
        Acquired = "acquise" / "Acquise",
        /// On the way.
        InProgress = "en_cours" / "En cours d'acquisition",
        /// Not acquired.
        NotAcquired = "non_acquise" / "Non acquise",
    }
}

coded_enum! {
    /// Where a skill was shown (for a FOLIOS-type booklet).
    SkillEvidence {
        /// At school.
        School = "scolaire" / "Scolaire",
        /// Outside school (host, association…).
        Outside = "hors_scolaire" / "Hors de l'école",
    }
}

coded_enum! {
    /// The student's situation at the end of the path (the bilan counts them).
    Outcome {
        /// Back in the ordinary class.
        ReturnToClass = "retour_classe" / "Retour en classe ordinaire",
        /// Continued studies.
        ContinuedStudies = "poursuite_etudes" / "Poursuite d'études",
        /// Reorientation.
        Reorientation = "reorientation" / "Réorientation",
        /// Apprenticeship contract.
        Apprenticeship = "apprentissage" / "Contrat d'apprentissage",
        /// MLDS training.
        MldsTraining = "formation_mlds" / "Formation MLDS",
        /// Employment.
        Employment = "emploi" / "Emploi",
        /// No solution.
        NoSolution = "sans_solution" / "Sans solution",
        /// Something else.
        Other = "autre" / "Autre",
    }
}

/// The validation of a path by the authority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Validation {
    /// Who validated.
    pub authority: ValidationAuthority,
    /// When.
    pub on: NaiveDate,
    /// The reference of the decision (may be empty).
    pub reference: String,
}

/// One change of state of a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Transition {
    /// From (none: the path was made).
    pub from: Option<PafiState>,
    /// To.
    pub to: PafiState,
    /// The date the user gave.
    pub on: NaiveDate,
    /// A note (the interruption's reason, the validation's reference…).
    pub note: String,
    /// When it was recorded.
    pub at: NaiveDateTime,
}

/// What stands between a path and a next state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NextStep {
    /// The state.
    pub to: PafiState,
    /// What is missing, in French sentences; empty: the step can be taken.
    pub missing: Vec<String>,
}

/// A path as the list shows it (and the CLI prints it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PafiRow {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// "Prénom Nom".
    pub student_name: String,
    /// The class when the path was proposed.
    pub class_name: String,
    /// State.
    pub state: PafiState,
    /// Since when.
    pub state_on: NaiveDate,
    /// First day.
    pub start_on: Option<NaiveDate>,
    /// Last day.
    pub end_on: Option<NaiveDate>,
    /// The tutor's name ("" when none yet).
    pub tutor_name: String,
    /// The situation at the end, once the bilan is done.
    pub outcome: Option<Outcome>,
}

/// A path in full, for its page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Pafi {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// "Prénom Nom".
    pub student_name: String,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Sex, as recorded.
    pub sex: Option<Sex>,
    /// The class when the path was proposed.
    pub class_name: String,
    /// The track then.
    pub track: Option<Track>,
    /// Age on the start date (once there is one).
    pub age_at_start: Option<i32>,
    /// The GPDS proposal it came from.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub proposal_id: Option<i64>,
    /// State.
    pub state: PafiState,
    /// Date of the last change of state.
    pub state_on: NaiveDate,
    /// When proposed.
    pub proposed_on: NaiveDate,
    /// First day.
    pub start_on: Option<NaiveDate>,
    /// Last day.
    pub end_on: Option<NaiveDate>,
    /// The tutor (a staff member).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub tutor_id: Option<i64>,
    /// Their name ("" when none).
    pub tutor_name: String,
    /// The MLDS coordinator, if any ("Nom, fonction").
    pub mlds_coordinator: String,
    /// Listed objectives.
    pub objectives: Vec<Objective>,
    /// Objectives in the team's words.
    pub objectives_text: String,
    /// The GPDS diagnosis.
    pub diagnosis_on: Option<NaiveDate>,
    /// The date set for the final bilan.
    pub bilan_due_on: Option<NaiveDate>,
    /// Planned return to class.
    pub return_on: Option<NaiveDate>,
    /// How the return is prepared.
    pub return_terms: String,
    /// An adult student asked that the family sign too.
    pub family_signs: bool,
    /// When it was sent for validation.
    pub validation_requested_on: Option<NaiveDate>,
    /// The validation, once recorded.
    pub validation: Option<Validation>,
    /// When it was interrupted.
    pub interrupted_on: Option<NaiveDate>,
    /// Why.
    pub interruption_reason: String,
    /// Activities, by start date.
    pub activities: Vec<Activity>,
    /// The weekly schedule, by period.
    pub periods: Vec<Period>,
    /// The tutor's notes, newest first.
    pub notes: Vec<Note>,
    /// Intermediate bilans, by date.
    pub checkpoints: Vec<Checkpoint>,
    /// Amendments, oldest first.
    pub amendments: Vec<Amendment>,
    /// The final bilan.
    pub bilan: Option<Bilan>,
    /// Changes of state, oldest first.
    pub transitions: Vec<Transition>,
    /// The states it may go to now, with what is missing for each.
    pub next_steps: Vec<NextStep>,
    /// When it was made.
    pub created_at: NaiveDateTime,
}

/// The frame of a path as stored (the `pafi` row).
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    pub id: i64,
    pub student_id: i64,
    pub student_name: String,
    pub birth_date: NaiveDate,
    pub sex: Option<Sex>,
    pub class_name: String,
    pub track: Option<Track>,
    pub proposal_id: Option<i64>,
    pub state: PafiState,
    pub state_on: NaiveDate,
    pub proposed_on: NaiveDate,
    pub start_on: Option<NaiveDate>,
    pub end_on: Option<NaiveDate>,
    pub tutor_id: Option<i64>,
    pub tutor_name: String,
    pub mlds_coordinator: String,
    pub objectives: Vec<Objective>,
    pub objectives_text: String,
    pub diagnosis_on: Option<NaiveDate>,
    pub bilan_due_on: Option<NaiveDate>,
    pub return_on: Option<NaiveDate>,
    pub return_terms: String,
    pub family_signs: bool,
    pub validation_requested_on: Option<NaiveDate>,
    pub validation: Option<Validation>,
    pub interrupted_on: Option<NaiveDate>,
    pub interruption_reason: String,
    pub created_at: NaiveDateTime,
}

const FRAME: &str = "SELECT p.id, p.student_id, s.first_name || ' ' || s.last_name, s.birth_date, s.sex,
        p.class_name, p.track, p.proposal_id, p.state, p.state_on, p.proposed_on, p.start_on, p.end_on,
        p.tutor_id, coalesce(trim(t.first_name || ' ' || t.last_name), ''), p.mlds_coordinator,
        p.objectives, p.objectives_text, p.diagnosis_on, p.bilan_due_on, p.return_on, p.return_terms,
        p.family_signs, p.validation_requested_on, p.validation_authority, p.validated_on,
        p.validation_ref, p.interrupted_on, p.interruption_reason, p.created_at
   FROM pafi p JOIN student s ON s.id = p.student_id LEFT JOIN staff t ON t.id = p.tutor_id";

fn frame_row(r: &Row<'_>) -> rusqlite::Result<Frame> {
    let sex: Option<String> = r.get(4)?;
    let track: Option<String> = r.get(6)?;
    let state: String = r.get(8)?;
    let objectives: String = r.get(16)?;
    let authority: Option<String> = r.get(24)?;
    let validated_on: Option<NaiveDate> = r.get(25)?;
    let validation = match (authority, validated_on) {
        (Some(a), Some(on)) => Some(Validation {
            authority: decode(&a, 24)?,
            on,
            reference: r.get(26)?,
        }),
        _ => None,
    };
    let codes: Vec<String> = serde_json::from_str(&objectives).unwrap_or_default();
    Ok(Frame {
        id: r.get(0)?,
        student_id: r.get(1)?,
        student_name: r.get(2)?,
        birth_date: r.get(3)?,
        sex: sex.as_deref().and_then(Sex::from_code),
        class_name: r.get(5)?,
        track: track.as_deref().and_then(Track::from_code),
        proposal_id: r.get(7)?,
        state: decode(&state, 8)?,
        state_on: r.get(9)?,
        proposed_on: r.get(10)?,
        start_on: r.get(11)?,
        end_on: r.get(12)?,
        tutor_id: r.get(13)?,
        tutor_name: r.get(14)?,
        mlds_coordinator: r.get(15)?,
        objectives: codes
            .iter()
            .filter_map(|c| Objective::from_code(c))
            .collect(),
        objectives_text: r.get(17)?,
        diagnosis_on: r.get(18)?,
        bilan_due_on: r.get(19)?,
        return_on: r.get(20)?,
        return_terms: r.get(21)?,
        family_signs: r.get(22)?,
        validation_requested_on: r.get(23)?,
        validation,
        interrupted_on: r.get(27)?,
        interruption_reason: r.get(28)?,
        created_at: r.get(29)?,
    })
}

pub(crate) fn frame(conn: &Connection, id: i64) -> Result<Frame> {
    conn.prepare_cached(&format!("{FRAME} WHERE p.id = ?1"))?
        .query_row([id], frame_row)
        .optional()?
        .ok_or_else(|| Error::NotFound("Ce PAFI n'existe pas (ou plus) dans le dossier.".into()))
}

impl Frame {
    /// Age on the start date.
    pub(crate) fn age_at_start(&self) -> Option<i32> {
        self.start_on.map(|s| age_on(self.birth_date, s))
    }
}

/// A path in full.
pub fn pafi(cf: &crate::casefile::CaseFile, id: i64) -> Result<Pafi> {
    let conn = cf.conn();
    let f = frame(conn, id)?;
    let activities = parts::activities(conn, id)?;
    let bilan = bilan::bilan(conn, id)?;
    let next_steps = path::next_steps(conn, &f, &activities, bilan.is_some())?;
    Ok(Pafi {
        age_at_start: f.age_at_start(),
        periods: parts::periods(conn, id)?,
        notes: parts::notes(conn, id)?,
        checkpoints: parts::checkpoints(conn, id)?,
        amendments: parts::amendments(conn, id)?,
        transitions: transitions(conn, id)?,
        activities,
        bilan,
        next_steps,
        id: f.id,
        student_id: f.student_id,
        student_name: f.student_name,
        birth_date: f.birth_date,
        sex: f.sex,
        class_name: f.class_name,
        track: f.track,
        proposal_id: f.proposal_id,
        state: f.state,
        state_on: f.state_on,
        proposed_on: f.proposed_on,
        start_on: f.start_on,
        end_on: f.end_on,
        tutor_id: f.tutor_id,
        tutor_name: f.tutor_name,
        mlds_coordinator: f.mlds_coordinator,
        objectives: f.objectives,
        objectives_text: f.objectives_text,
        diagnosis_on: f.diagnosis_on,
        bilan_due_on: f.bilan_due_on,
        return_on: f.return_on,
        return_terms: f.return_terms,
        family_signs: f.family_signs,
        validation_requested_on: f.validation_requested_on,
        validation: f.validation,
        interrupted_on: f.interrupted_on,
        interruption_reason: f.interruption_reason,
        created_at: f.created_at,
    })
}

fn transitions(conn: &Connection, id: i64) -> Result<Vec<Transition>> {
    let mut stmt = conn.prepare_cached(
        "SELECT from_state, to_state, on_date, note, at FROM pafi_transition WHERE pafi_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        let from: Option<String> = r.get(0)?;
        let to: String = r.get(1)?;
        Ok(Transition {
            from: from.map(|f| decode(&f, 0)).transpose()?,
            to: decode(&to, 1)?,
            on: r.get(2)?,
            note: r.get(3)?,
            at: r.get(4)?,
        })
    })?;
    collect(rows)
}

fn rows_where(conn: &Connection, filter: &str, param: Option<i64>) -> Result<Vec<PafiRow>> {
    let sql = format!(
        "SELECT p.id, p.student_id, s.first_name || ' ' || s.last_name, p.class_name, p.state, p.state_on,
                p.start_on, p.end_on, coalesce(trim(t.first_name || ' ' || t.last_name), ''), b.outcome
           FROM pafi p JOIN student s ON s.id = p.student_id LEFT JOIN staff t ON t.id = p.tutor_id
           LEFT JOIN pafi_bilan b ON b.pafi_id = p.id
          {filter}
          ORDER BY coalesce(p.start_on, p.proposed_on) DESC, p.id DESC"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let map = |r: &Row<'_>| {
        let state: String = r.get(4)?;
        let outcome: Option<String> = r.get(9)?;
        Ok(PafiRow {
            id: r.get(0)?,
            student_id: r.get(1)?,
            student_name: r.get(2)?,
            class_name: r.get(3)?,
            state: decode(&state, 4)?,
            state_on: r.get(5)?,
            start_on: r.get(6)?,
            end_on: r.get(7)?,
            tutor_name: r.get(8)?,
            outcome: outcome.map(|o| decode(&o, 9)).transpose()?,
        })
    };
    match param {
        Some(p) => collect(stmt.query_map([p], map)?),
        None => collect(stmt.query_map([], map)?),
    }
}

/// Every path of the case file, the latest first.
pub fn list_pafi(cf: &crate::casefile::CaseFile) -> Result<Vec<PafiRow>> {
    rows_where(cf.conn(), "", None)
}

/// A student's paths, the latest first.
pub fn student_pafi(cf: &crate::casefile::CaseFile, student_id: i64) -> Result<Vec<PafiRow>> {
    rows_where(cf.conn(), "WHERE p.student_id = ?1", Some(student_id))
}

/// A date in a sentence.
pub(crate) fn fr(date: NaiveDate) -> String {
    french_date(date)
}

/// A path's label in sentences and the journal: "le PAFI de Léa Dubois".
pub(crate) fn of_student(f: &Frame) -> String {
    format!("le PAFI {}", crate::text::de(&f.student_name))
}

/// An event of a student's paths, for the chronology.
pub(crate) struct Event {
    pub on: NaiveDate,
    pub at: NaiveDateTime,
    pub summary: String,
    pub detail: String,
}

/// Every change of state of a student's paths, intermediate bilans held and final bilans.
pub(crate) fn student_events(
    cf: &crate::casefile::CaseFile,
    student_id: i64,
) -> Result<Vec<Event>> {
    let conn = cf.conn();
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT t.from_state, t.to_state, t.on_date, t.note, t.at, p.start_on, p.end_on, t.id
           FROM pafi_transition t JOIN pafi p ON p.id = t.pafi_id
          WHERE p.student_id = ?1 ORDER BY t.id",
    )?;
    let rows = stmt.query_map([student_id], |r| {
        let from: Option<String> = r.get(0)?;
        let to: String = r.get(1)?;
        Ok((
            from.map(|f| decode::<PafiState>(&f, 0)).transpose()?,
            decode::<PafiState>(&to, 1)?,
            r.get::<_, NaiveDate>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, NaiveDateTime>(4)?,
            r.get::<_, Option<NaiveDate>>(5)?,
            r.get::<_, Option<NaiveDate>>(6)?,
            r.get::<_, i64>(7)?,
        ))
    })?;
    for row in rows {
        let (from, to, on, note, at, start, end, seq) = row?;
        // Two changes recorded within the same second keep their order in the timeline.
        let at = at + chrono::Duration::microseconds(seq % 1_000_000);
        let summary = match (from, to) {
            (None, _) => "PAFI proposé".to_owned(),
            (Some(PafiState::AwaitingValidation), PafiState::Preparing) => {
                "PAFI repris en préparation".to_owned()
            }
            (_, PafiState::AwaitingValidation) => "PAFI transmis pour validation".to_owned(),
            (_, PafiState::Running) => "Début du PAFI".to_owned(),
            (_, to) => format!("PAFI : {}", to.label().to_lowercase()),
        };
        let mut detail = Vec::new();
        if let (PafiState::Running, Some(s), Some(e)) = (to, start, end) {
            detail.push(format!("Du {} au {}", fr(s), fr(e)));
        }
        if !note.is_empty() {
            detail.push(note);
        }
        out.push(Event {
            on,
            at,
            summary,
            detail: detail.join(" — "),
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT c.held_on, c.subject, c.summary, p.updated_at FROM pafi_checkpoint c JOIN pafi p ON p.id = c.pafi_id
          WHERE p.student_id = ?1 AND c.held_on IS NOT NULL",
    )?;
    let rows = stmt.query_map([student_id], |r| {
        Ok((
            r.get::<_, NaiveDate>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, NaiveDateTime>(3)?,
        ))
    })?;
    for row in rows {
        let (on, subject, summary, at) = row?;
        out.push(Event {
            on,
            at: at.min(on.and_time(chrono::NaiveTime::MIN)),
            summary: format!("PAFI : bilan intermédiaire — {subject}"),
            detail: summary,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT b.held_on, b.outcome, b.outcome_details,
                (SELECT min(t.at) FROM pafi_transition t WHERE t.pafi_id = p.id AND t.to_state = 'finished')
           FROM pafi_bilan b JOIN pafi p ON p.id = b.pafi_id
          WHERE p.student_id = ?1",
    )?;
    let rows = stmt.query_map([student_id], |r| {
        let outcome: String = r.get(1)?;
        Ok((
            r.get::<_, NaiveDate>(0)?,
            decode::<Outcome>(&outcome, 1)?,
            r.get::<_, String>(2)?,
            r.get::<_, Option<NaiveDateTime>>(3)?,
        ))
    })?;
    for row in rows {
        let (on, outcome, details, finished_at) = row?;
        // The bilan comes before "terminé" and after the day's earlier steps.
        let at = match finished_at {
            Some(f) if f.date() == on => f,
            _ => on
                .and_hms_opt(23, 59, 59)
                .unwrap_or(on.and_time(chrono::NaiveTime::MIN)),
        };
        out.push(Event {
            on,
            at,
            summary: format!("PAFI : bilan final — {}", outcome.label().to_lowercase()),
            detail: details,
        });
    }
    Ok(out)
}
