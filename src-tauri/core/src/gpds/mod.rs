//! The GPDS (groupe de prévention du décrochage scolaire): flags (repérage), meetings and
//! their agendas, reviews and decisions, each student's follow-up and the person in charge of
//! it, follow-up actions, entretiens de situation, mesures de responsabilisation, and the
//! dashboard that keeps anything from falling through.
//!
//! Owns the tables of schema 3 (`flag`, `meeting*`, `agenda_item`, `review`, `followup*`,
//! `action`, `proposal`, `entretien`, `mesure`). Refers to students, staff and partners by id
//! and never writes the registry's tables.
//!
//! Rules kept here (each refusal is a French [`Error::Validation`] naming the field, and
//! changes nothing):
//! - entering or keeping a follow-up names a person in charge and the date of the next review;
//! - an action has an owner and a due date; a due date before the meeting needs a confirmation
//!   ([`Error::NeedsConfirmation`]);
//! - only students on a meeting's agenda are reviewed there, and only once the meeting is open,
//!   which cannot happen before its date;
//! - a mesure de responsabilisation lasts at most 20 hours;
//! - a held meeting's decisions may still be edited: each edit is journaled and gives its
//!   compte-rendu a new version.
//!
//! The follow-up of a student (open or not, since when, who is in charge, when to look again)
//! is never edited directly: [`followup`] replays the student's reviews and assignments into
//! the `followup` table after each change, so editing an old review keeps it right.

mod actions;
mod agenda;
mod dashboard;
mod entretiens;
mod export;
mod flags;
mod followup;
mod leavers;
mod meetings;
mod minutes_doc;
mod reviews;

pub use actions::{
    add_action, cancel_action, complete_action, reopen_action, student_actions, Action,
    ActionInput, ActionKind, ActionStatus,
};
pub use agenda::{
    agenda, agenda_add, agenda_remove, agenda_reorder, Agenda, AgendaItem, AgendaReason,
    AgendaReasonKind,
};
pub use dashboard::{
    dashboard, Dashboard, DashboardCounts, NextMeeting, OwnerActions, ProposalRef, StudentLine,
};
pub use entretiens::{
    record_entretien, record_mesure, set_mesure_status, student_entretiens, student_mesures,
    Entretien, EntretienInput, EntretienOutcome, Mesure, MesureInput, MesureStatus,
};
pub use flags::{create_flag, student_flags, update_flag, Flag, FlagInput, Signal, SignalKind};
pub use followup::{followup, set_in_charge, FollowUp};
pub use leavers::{leavers, Leaver};
pub use meetings::{
    cancel_meeting, close_meeting, list_meetings, meeting, next_meeting, open_meeting,
    plan_meeting, set_attendance, suggested_members, update_meeting, Attendance, Guest, GuestInput,
    Meeting, MeetingInput, MeetingRow, MeetingStatus, Member,
};
pub use minutes_doc::minutes_document;
pub use reviews::{
    minutes, record_review, review, CloseReason, Decision, Minutes, MinutesAction, MinutesRow,
    Review, ReviewInput,
};

pub use export::GpdsExport;
pub(crate) use export::{export as export_tables, import as import_tables};
pub(crate) use flags::signals_text;
pub(crate) use reviews::decision_text;

/// Everything the GPDS holds on one student, for their page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StudentGpds {
    /// Their follow-up, if they ever had one.
    pub followup: Option<FollowUp>,
    /// Flags, newest first.
    pub flags: Vec<Flag>,
    /// Reviews, newest meeting first.
    pub reviews: Vec<Review>,
    /// Actions: to do first.
    pub actions: Vec<Action>,
    /// Entretiens de situation.
    pub entretiens: Vec<Entretien>,
    /// Mesures de responsabilisation.
    pub mesures: Vec<Mesure>,
    /// PAFI and alliance proposals.
    pub proposals: Vec<Proposal>,
    /// The next meeting whose agenda holds the student, if any.
    pub next_meeting: Option<NextMeeting>,
}

/// What the GPDS holds on one student.
pub fn student_gpds(cf: &crate::casefile::CaseFile, student_id: i64) -> Result<StudentGpds> {
    student_name(cf.conn(), student_id)?;
    let next = meetings::next_meeting_in(cf.conn())?;
    let next_meeting = match next {
        Some(m) => {
            let items = agenda::compute(cf.conn(), &m)?;
            items
                .iter()
                .any(|i| i.student_id == student_id)
                .then(|| NextMeeting {
                    id: m.id,
                    date: m.date,
                    time: m.time.clone(),
                    place: m.place.clone(),
                    status: m.status,
                    agenda_size: items.len() as u32,
                })
        }
        None => None,
    };
    Ok(StudentGpds {
        followup: followup(cf, student_id)?,
        flags: student_flags(cf, student_id)?,
        reviews: reviews::student_reviews(cf.conn(), student_id)?,
        actions: student_actions(cf, student_id)?,
        entretiens: student_entretiens(cf, student_id)?,
        mesures: student_mesures(cf, student_id)?,
        proposals: student_proposals(cf, student_id)?,
        next_meeting,
    })
}

/// A student's reviews, newest meeting first.
pub fn student_reviews(cf: &crate::casefile::CaseFile, student_id: i64) -> Result<Vec<Review>> {
    reviews::student_reviews(cf.conn(), student_id)
}

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::school_year::french_date;

/// A proposal of PAFI or alliance éducative made by a GPDS action, waiting for that mechanism.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Proposal {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// "pafi" or "alliance".
    pub kind: String,
    /// When it was proposed.
    pub proposed_on: NaiveDate,
    /// "open", "taken" (the mechanism picked it up) or "dropped".
    pub status: String,
}

/// A student's PAFI and alliance proposals, whatever their status, oldest first.
pub fn student_proposals(cf: &crate::casefile::CaseFile, student_id: i64) -> Result<Vec<Proposal>> {
    let mut stmt = cf.conn().prepare_cached(
        "SELECT id, student_id, kind, proposed_on, status FROM proposal
         WHERE student_id = ?1 ORDER BY proposed_on, id",
    )?;
    let rows = stmt.query_map([student_id], |r| {
        Ok(Proposal {
            id: r.get(0)?,
            student_id: r.get(1)?,
            kind: r.get(2)?,
            proposed_on: r.get(3)?,
            status: r.get(4)?,
        })
    })?;
    crate::registry::collect(rows)
}

/// Marks a PAFI or alliance proposal taken by its mechanism, and the GPDS action that made it
/// (« Proposer un PAFI / une alliance éducative ») done on `today` with `result`.
pub(crate) fn take_proposal(
    conn: &Connection,
    proposal_id: i64,
    today: NaiveDate,
    result: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE proposal SET status = 'taken' WHERE id = ?1",
        [proposal_id],
    )?;
    conn.execute(
        "UPDATE action SET status = 'done', done_on = ?2, result = ?3
          WHERE id = (SELECT action_id FROM proposal WHERE id = ?1) AND status = 'todo'",
        rusqlite::params![proposal_id, today, result],
    )?;
    Ok(())
}

/// "Prénom NOM" of a student, or a not-found error.
pub(crate) fn student_name(conn: &Connection, id: i64) -> Result<String> {
    conn.prepare_cached("SELECT first_name || ' ' || last_name FROM student WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound("Cet élève n'existe pas (ou plus) dans le dossier.".into()))
}

/// "Prénom NOM" of a staff member, checking they exist; `field` names the input at fault.
pub(crate) fn staff_name(conn: &Connection, id: i64, field: &str) -> Result<String> {
    conn.prepare_cached("SELECT trim(first_name || ' ' || last_name) FROM staff WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| {
            Error::invalid(
                field,
                "Ce membre du personnel n'existe pas dans le dossier : choisissez-le dans la liste.",
            )
        })
}

/// A staff member who may be given something to do now (exists and is not archived).
pub(crate) fn active_staff(conn: &Connection, id: i64, field: &str) -> Result<String> {
    let archived: Option<bool> = conn
        .prepare_cached("SELECT archived FROM staff WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    match archived {
        None => Err(Error::invalid(
            field,
            "Ce membre du personnel n'existe pas dans le dossier : choisissez-le dans la liste.",
        )),
        Some(true) => Err(Error::invalid(
            field,
            format!(
                "{} a quitté l'établissement (fiche archivée) : choisissez une personne présente.",
                staff_name(conn, id, field)?
            ),
        )),
        Some(false) => staff_name(conn, id, field),
    }
}

/// A date shown in a sentence.
pub(crate) fn fr(date: NaiveDate) -> String {
    french_date(date)
}
