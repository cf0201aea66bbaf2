//! Reviews: what a meeting decides for one student — the situation, the decision, the person
//! in charge, the next review, the actions — and the compte-rendu built from them.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::actions::{self, Action, ActionInput};
use super::agenda::on_frozen_agenda;
use super::followup::{refresh, state_before};
use super::meetings::{bump_minutes, meeting_in, not_in_future, Meeting, MeetingStatus};
use super::{active_staff, fr, staff_name, student_name};
use crate::casefile::{CaseFile, JournalDraft};
use crate::error::{Error, Result};
use crate::registry::{coded_enum, collect, decode, diff, non_empty, Coded, Fields};
use crate::text::tidy;

coded_enum! {
    /// What the GPDS decides for a student.
    Decision {
        /// The student enters individual follow-up.
        Enter = "enter" / "Entrée en suivi",
        /// The follow-up goes on.
        Keep = "keep" / "Suivi maintenu",
        /// The follow-up ends (or is not needed), with a reason.
        Close = "close" / "Fin du suivi",
        /// Not examined at this meeting: stays for the next one.
        NotExamined = "not_examined" / "Non examiné",
    }
}

coded_enum! {
    /// Why a follow-up ends.
    CloseReason {
        /// The situation is back to normal.
        Resolved = "resolved" / "Situation rétablie",
        /// Another mechanism or a partner takes over.
        Relay = "relay" / "Relais par un dispositif ou un partenaire",
        /// The student left the school.
        Left = "left" / "Départ de l'établissement",
        /// The student or the family refuses.
        Refusal = "refusal" / "Refus de l'élève ou de la famille",
        /// Reviewed: no follow-up needed.
        NoNeed = "no_need" / "Pas de suivi nécessaire",
        /// Other.
        Other = "other" / "Autre motif",
    }
}

/// What the meeting decides for one student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ReviewInput {
    /// The situation, in a few lines.
    pub situation: String,
    /// The decision.
    pub decision: Decision,
    /// Why the follow-up ends (decision "close").
    pub close_reason: Option<CloseReason>,
    /// Precision of the reason (required for "autre motif").
    pub close_detail: String,
    /// The person in charge of the follow-up (required to enter or keep it).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub in_charge: Option<i64>,
    /// When to look again (required to enter or keep a follow-up).
    pub next_review: Option<NaiveDate>,
    /// The actions decided; actions of this review left out are removed (if still to do).
    pub actions: Vec<ActionInput>,
    /// The user confirmed due dates before the meeting's date.
    pub confirm_early_due: bool,
}

/// A recorded review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Review {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The meeting.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub meeting_id: i64,
    /// Its date.
    pub meeting_date: NaiveDate,
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// The situation.
    pub situation: String,
    /// The decision.
    pub decision: Decision,
    /// Why the follow-up ends.
    pub close_reason: Option<CloseReason>,
    /// Precision of the reason.
    pub close_detail: String,
    /// The person in charge.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub in_charge: Option<i64>,
    /// Their name.
    pub in_charge_name: Option<String>,
    /// When to look again.
    pub next_review: Option<NaiveDate>,
    /// The actions decided.
    pub actions: Vec<Action>,
    /// When it was recorded (or last edited).
    pub recorded_at: NaiveDateTime,
}

impl Decision {
    fn follows(self) -> bool {
        matches!(self, Decision::Enter | Decision::Keep)
    }
}

/// The decision in words ("Fin du suivi : situation rétablie").
pub(crate) fn decision_text(d: Decision, reason: Option<CloseReason>, detail: &str) -> String {
    match (d, reason) {
        (Decision::Close, Some(r)) => {
            let mut s = format!("{} : {}", d.label(), r.label().to_lowercase());
            if !detail.is_empty() {
                s.push_str(&format!(" ({detail})"));
            }
            s
        }
        _ => d.label().to_owned(),
    }
}

/// Records (or corrects) the decision for a student at an open or held meeting. On a held
/// meeting the change is journaled and the compte-rendu gets a new version.
pub fn record_review(
    cf: &mut CaseFile,
    meeting_id: i64,
    student_id: i64,
    input: &ReviewInput,
) -> Result<Review> {
    let conn = cf.conn();
    let m = meeting_in(conn, meeting_id)?;
    let name = student_name(conn, student_id)?;
    match m.status {
        MeetingStatus::Open | MeetingStatus::Held => {}
        MeetingStatus::Planned => {
            return Err(Error::invalid(
                "decision",
                "Ouvrez d'abord la séance (mode séance) pour y enregistrer les décisions.",
            ))
        }
        MeetingStatus::Cancelled => {
            return Err(Error::invalid("decision", "Cette séance est annulée."))
        }
    }
    not_in_future(m.date, cf.today(), "tenue")?;
    if !on_frozen_agenda(conn, meeting_id, student_id)? {
        return Err(Error::invalid(
            "studentId",
            format!("{name} n'est pas à l'ordre du jour de cette séance : ajoutez l'élève à l'ordre du jour d'abord."),
        ));
    }
    let before = review_in(conn, meeting_id, student_id)?;
    let r = validated(conn, &m, student_id, &name, input, before.as_ref())?;
    let held = m.status == MeetingStatus::Held;
    let old_fields = match &before {
        Some(b) => fields_of_review(conn, b)?,
        None => Vec::new(),
    };
    let new_fields = fields(conn, &r)?;
    let changes = diff(&old_fields, &new_fields);
    if before.is_some() && changes.is_empty() {
        return review_in(conn, meeting_id, student_id)?
            .ok_or_else(|| Error::NotFound("Cette décision est introuvable.".into()));
    }
    cf.write(|tx| {
        let conn = tx.conn();
        let at = tx.at();
        let review_id = match &before {
            None => {
                conn.prepare_cached(
                    "INSERT INTO review (meeting_id, student_id, situation, decision, close_reason,
                                         close_detail, in_charge, next_review, created_at, recorded_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
                )?
                .execute(params![
                    meeting_id,
                    student_id,
                    r.situation,
                    r.decision.code(),
                    r.close_reason.map(Coded::code),
                    r.close_detail,
                    r.in_charge,
                    r.next_review,
                    at
                ])?;
                conn.last_insert_rowid()
            }
            Some(b) => {
                conn.prepare_cached(
                    "UPDATE review SET situation = ?2, decision = ?3, close_reason = ?4, close_detail = ?5,
                                       in_charge = ?6, next_review = ?7, recorded_at = ?8
                      WHERE id = ?1",
                )?
                .execute(params![
                    b.id,
                    r.situation,
                    r.decision.code(),
                    r.close_reason.map(Coded::code),
                    r.close_detail,
                    r.in_charge,
                    r.next_review,
                    at
                ])?;
                b.id
            }
        };
        // Actions: kept ones rewritten, new ones inserted, missing ones removed.
        let old_actions = before.as_ref().map(|b| b.actions.clone()).unwrap_or_default();
        for old in &old_actions {
            if !r.actions.iter().any(|a| a.id == Some(old.id)) {
                actions::delete(conn, old)?;
            }
        }
        for a in &r.actions {
            match a.id.and_then(|id| old_actions.iter().find(|o| o.id == id)) {
                Some(old) => actions::rewrite(conn, old, a, m.date)?,
                None => {
                    actions::insert(conn, student_id, Some(review_id), a, at, m.date)?;
                }
            }
        }
        refresh(conn, student_id)?;
        let mut summary = format!(
            "GPDS du {} — {name} : {}",
            fr(m.date),
            decision_text(r.decision, r.close_reason, &r.close_detail)
        );
        if held {
            let v = bump_minutes(conn, meeting_id)?;
            summary.push_str(&format!(" (décision corrigée après la séance ; compte-rendu version {v})"));
        }
        tx.journal(JournalDraft {
            entity: "review",
            entity_id: Some(review_id),
            student_id: Some(student_id),
            summary,
            changes,
        })
    })?;
    review_in(cf.conn(), meeting_id, student_id)?
        .ok_or_else(|| Error::NotFound("Cette décision est introuvable.".into()))
}

/// The checked input, ready to store.
struct Checked {
    situation: String,
    decision: Decision,
    close_reason: Option<CloseReason>,
    close_detail: String,
    in_charge: Option<i64>,
    next_review: Option<NaiveDate>,
    actions: Vec<ActionInput>,
}

fn validated(
    conn: &Connection,
    m: &Meeting,
    student_id: i64,
    name: &str,
    input: &ReviewInput,
    before: Option<&Review>,
) -> Result<Checked> {
    let state = state_before(conn, student_id, m.id)?;
    let decision = input.decision;
    match decision {
        Decision::Enter if state.open => {
            return Err(Error::invalid(
                "decision",
                format!(
                    "{name} est déjà en suivi depuis le {} : choisissez « Suivi maintenu ».",
                    state.opened_on.map(fr).unwrap_or_default()
                ),
            ))
        }
        Decision::Keep if !state.open => {
            return Err(Error::invalid(
                "decision",
                format!("{name} n'est pas en suivi : choisissez « Entrée en suivi » pour commencer un suivi."),
            ))
        }
        _ => {}
    }
    let (in_charge, next_review) = if decision.follows() {
        let who = input.in_charge.ok_or_else(|| {
            Error::invalid(
                "inCharge",
                "Nommez la personne chargée du suivi de l'élève : c'est obligatoire pour un élève suivi.",
            )
        })?;
        if before.is_some_and(|b| b.in_charge == Some(who)) {
            staff_name(conn, who, "inCharge")?;
        } else {
            active_staff(conn, who, "inCharge")?;
        }
        let next = input.next_review.ok_or_else(|| {
            Error::invalid(
                "nextReview",
                "Indiquez la date du prochain point de suivi, pour que l'élève revienne à l'ordre du jour.",
            )
        })?;
        if next <= m.date {
            return Err(Error::invalid(
                "nextReview",
                format!(
                    "Le prochain point ({}) doit suivre la séance du {}.",
                    fr(next),
                    fr(m.date)
                ),
            ));
        }
        (Some(who), Some(next))
    } else {
        (None, None)
    };
    let close_detail = tidy(&input.close_detail);
    let close_reason = if decision == Decision::Close {
        let reason = input.close_reason.ok_or_else(|| {
            Error::invalid("closeReason", "Indiquez pourquoi le suivi prend fin.")
        })?;
        if reason == CloseReason::Other && close_detail.is_empty() {
            return Err(Error::invalid(
                "closeDetail",
                "Précisez le motif de fin du suivi.",
            ));
        }
        Some(reason)
    } else {
        None
    };
    if decision == Decision::NotExamined && !input.actions.is_empty() {
        return Err(Error::invalid(
            "actions",
            "Un élève non examiné ne reçoit pas d'action : choisissez une décision, ou retirez les actions.",
        ));
    }
    let old = before.map(|b| b.actions.as_slice()).unwrap_or_default();
    let mut actions = Vec::new();
    for (i, a) in input.actions.iter().enumerate() {
        let existing = a.id.map(|id| {
            old.iter().find(|o| o.id == id).ok_or_else(|| {
                Error::Conflict(
                    "Une des actions a été modifiée ailleurs : rechargez la page.".into(),
                )
            })
        });
        let existing = existing.transpose()?;
        // An unchanged due date of an existing action needs no new confirmation.
        let confirmed =
            input.confirm_early_due || existing.is_some_and(|o| Some(o.due_on) == a.due_on);
        actions.push(actions::validated(
            conn,
            &format!("actions[{i}]."),
            a,
            (m.date, "la séance"),
            confirmed,
            existing.map(|o| o.owner),
        )?);
    }
    Ok(Checked {
        situation: input.situation.trim().to_owned(),
        decision,
        close_reason,
        close_detail: if decision == Decision::Close {
            close_detail
        } else {
            String::new()
        },
        in_charge,
        next_review,
        actions,
    })
}

fn fields(conn: &Connection, r: &Checked) -> Result<Fields> {
    let in_charge = r
        .in_charge
        .map(|i| staff_name(conn, i, "inCharge"))
        .transpose()?;
    let actions = r
        .actions
        .iter()
        .map(|a| actions::describe(conn, a))
        .collect::<Result<Vec<_>>>()?;
    Ok(vec![
        ("Situation", non_empty(&r.situation)),
        (
            "Décision",
            Some(decision_text(r.decision, r.close_reason, &r.close_detail)),
        ),
        ("Personne chargée du suivi", in_charge),
        ("Prochain point", r.next_review.map(fr)),
        (
            "Actions",
            (!actions.is_empty()).then(|| actions.join(" ; ")),
        ),
    ])
}

fn fields_of_review(conn: &Connection, r: &Review) -> Result<Fields> {
    fields(
        conn,
        &Checked {
            situation: r.situation.clone(),
            decision: r.decision,
            close_reason: r.close_reason,
            close_detail: r.close_detail.clone(),
            in_charge: r.in_charge,
            next_review: r.next_review,
            actions: r
                .actions
                .iter()
                .map(|a| ActionInput {
                    id: Some(a.id),
                    kind: a.kind,
                    detail: a.detail.clone(),
                    owner: Some(a.owner),
                    due_on: Some(a.due_on),
                })
                .collect(),
        },
    )
}

const SELECT: &str = "SELECT r.id, r.meeting_id, m.date, r.student_id, r.situation, r.decision,
        r.close_reason, r.close_detail, r.in_charge, trim(s.first_name || ' ' || s.last_name),
        r.next_review, r.recorded_at
   FROM review r JOIN meeting m ON m.id = r.meeting_id LEFT JOIN staff s ON s.id = r.in_charge";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Review> {
    let decision: String = r.get(5)?;
    let reason: Option<String> = r.get(6)?;
    Ok(Review {
        id: r.get(0)?,
        meeting_id: r.get(1)?,
        meeting_date: r.get(2)?,
        student_id: r.get(3)?,
        situation: r.get(4)?,
        decision: decode(&decision, 5)?,
        close_reason: reason.map(|c| decode(&c, 6)).transpose()?,
        close_detail: r.get(7)?,
        in_charge: r.get(8)?,
        in_charge_name: r.get(9)?,
        next_review: r.get(10)?,
        recorded_at: r.get(11)?,
        actions: Vec::new(),
    })
}

fn review_in(conn: &Connection, meeting_id: i64, student_id: i64) -> Result<Option<Review>> {
    let found = conn
        .prepare_cached(&format!(
            "{SELECT} WHERE r.meeting_id = ?1 AND r.student_id = ?2"
        ))?
        .query_row(params![meeting_id, student_id], from_row)
        .optional()?;
    match found {
        None => Ok(None),
        Some(mut r) => {
            r.actions = actions::of_review(conn, r.id)?;
            Ok(Some(r))
        }
    }
}

/// The decision recorded for a student at a meeting, if any.
pub fn review(cf: &CaseFile, meeting_id: i64, student_id: i64) -> Result<Option<Review>> {
    review_in(cf.conn(), meeting_id, student_id)
}

/// A student's reviews, newest meeting first.
pub(crate) fn student_reviews(conn: &Connection, student_id: i64) -> Result<Vec<Review>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE r.student_id = ?1 AND m.status <> 'cancelled' ORDER BY m.date DESC, m.time DESC"
    ))?;
    let rows = stmt.query_map([student_id], from_row)?;
    let mut out = collect(rows)?;
    for r in &mut out {
        r.actions = actions::of_review(conn, r.id)?;
    }
    Ok(out)
}

/// One action line of the compte-rendu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MinutesAction {
    /// The action.
    pub what: String,
    /// Who does it.
    pub owner: String,
    /// By when.
    pub due_on: NaiveDate,
}

/// One student in the compte-rendu's recap table: élève — décision — action — responsable —
/// échéance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MinutesRow {
    /// "Prénom NOM".
    pub student: String,
    /// Class.
    pub class_name: String,
    /// The decision in words.
    pub decision: String,
    /// The person in charge of the follow-up.
    pub in_charge: Option<String>,
    /// The next review.
    pub next_review: Option<NaiveDate>,
    /// The actions decided.
    pub actions: Vec<MinutesAction>,
}

/// The compte-rendu of a meeting, as data (the document engine prints it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Minutes {
    /// The meeting.
    pub meeting: Meeting,
    /// The compte-rendu's version (1 at closing, +1 per later edit; 0: not closed yet, a draft).
    pub version: u32,
    /// Who attended ("Prénom NOM, fonction" / "Contact, partenaire").
    pub present: Vec<String>,
    /// Invited and recorded absent.
    pub absent: Vec<String>,
    /// Invited, attendance not recorded.
    pub not_recorded: Vec<String>,
    /// The recap, in agenda order.
    pub rows: Vec<MinutesRow>,
    /// Students on the agenda with no decision.
    pub undecided: Vec<String>,
    /// The confidentiality notice printed on it.
    pub notice: String,
}

/// The compte-rendu of a meeting (a draft while it is open).
pub fn minutes(cf: &CaseFile, meeting_id: i64) -> Result<Minutes> {
    let conn = cf.conn();
    let m = meeting_in(conn, meeting_id)?;
    let (mut present, mut absent, mut not_recorded) = (Vec::new(), Vec::new(), Vec::new());
    let people = m
        .members
        .iter()
        .map(|x| (format!("{}, {}", x.name, x.role.label()), x.attended))
        .chain(m.guests.iter().map(|g| {
            let who = if g.contact.is_empty() {
                g.partner_name.clone()
            } else {
                format!("{}, {}", g.contact, g.partner_name)
            };
            (who, g.attended)
        }));
    for (who, attended) in people {
        match attended {
            Some(true) => present.push(who),
            Some(false) => absent.push(who),
            None => not_recorded.push(who),
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT a.student_id, s.first_name || ' ' || s.last_name, s.class_name
           FROM agenda_item a JOIN student s ON s.id = a.student_id
          WHERE a.meeting_id = ?1 AND a.removed = 0 ORDER BY a.position",
    )?;
    let rows = stmt.query_map([meeting_id], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = Vec::new();
    let mut undecided = Vec::new();
    for (student_id, student, class_name) in collect(rows)? {
        match review_in(conn, meeting_id, student_id)? {
            None => undecided.push(student),
            Some(r) => out.push(MinutesRow {
                student,
                class_name,
                decision: decision_text(r.decision, r.close_reason, &r.close_detail),
                in_charge: r.in_charge_name.clone(),
                next_review: r.next_review,
                actions: r
                    .actions
                    .iter()
                    .filter(|a| a.status != actions::ActionStatus::Cancelled)
                    .map(|a| MinutesAction {
                        what: a.what(),
                        owner: a.owner_name.clone(),
                        due_on: a.due_on,
                    })
                    .collect(),
            }),
        }
    }
    Ok(Minutes {
        version: m.minutes_version,
        meeting: m,
        present,
        absent,
        not_recorded,
        rows: out,
        undecided,
        notice:
            "Document confidentiel : destiné aux seuls participants de la séance. Ne pas diffuser."
                .into(),
    })
}
