//! Each student's follow-up: open or not, since when, the person in charge, the next review.
//!
//! Derived, never typed: [`refresh`] replays the student's reviews (in meeting order) and the
//! changes of person in charge made between meetings, and stores the result in `followup`.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::reviews::{CloseReason, Decision};
use super::{active_staff, fr, student_name};
use crate::casefile::{CaseFile, Change, JournalDraft};
use crate::error::{Error, Result};
use crate::registry::{decode, Coded};

/// A student's follow-up, as of now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FollowUp {
    /// Whether the student is followed now.
    pub open: bool,
    /// When the follow-up (the current or last one) began.
    pub opened_on: NaiveDate,
    /// The person in charge of the individual follow-up.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub in_charge: Option<i64>,
    /// Their name.
    pub in_charge_name: Option<String>,
    /// Whether they have left the establishment (the follow-up then has nobody in charge).
    pub in_charge_archived: bool,
    /// When the GPDS looks again.
    pub next_review: Option<NaiveDate>,
    /// When it ended, if it did.
    pub closed_on: Option<NaiveDate>,
    /// Why it ended.
    pub close_reason: Option<CloseReason>,
}

/// The state the replay carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct State {
    pub open: bool,
    pub opened_on: Option<NaiveDate>,
    pub in_charge: Option<i64>,
    pub next_review: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub close_reason: Option<CloseReason>,
    pub last_decided_on: Option<NaiveDate>,
    pub last_decided_at: Option<NaiveDateTime>,
}

/// One event of the replay.
enum Event {
    Review {
        on: NaiveDate,
        created_at: NaiveDateTime,
        decision: Decision,
        in_charge: Option<i64>,
        next_review: Option<NaiveDate>,
        close_reason: Option<CloseReason>,
    },
    Assign {
        staff: i64,
    },
}

impl State {
    fn apply(&mut self, event: &Event) {
        match *event {
            Event::Review {
                on,
                created_at,
                decision,
                in_charge,
                next_review,
                close_reason,
            } => {
                if decision != Decision::NotExamined && self.last_decided_on <= Some(on) {
                    self.last_decided_on = Some(on);
                    self.last_decided_at = Some(created_at);
                }
                self.apply_decision(on, decision, in_charge, next_review, close_reason);
            }
            Event::Assign { staff } => {
                if self.open {
                    self.in_charge = Some(staff);
                }
            }
        }
    }

    fn apply_decision(
        &mut self,
        on: NaiveDate,
        decision: Decision,
        in_charge: Option<i64>,
        next_review: Option<NaiveDate>,
        close_reason: Option<CloseReason>,
    ) {
        match decision {
            Decision::Enter | Decision::Keep => {
                if !self.open {
                    self.open = true;
                    self.opened_on = Some(on);
                    self.closed_on = None;
                    self.close_reason = None;
                }
                if in_charge.is_some() {
                    self.in_charge = in_charge;
                }
                self.next_review = next_review;
            }
            Decision::Close => {
                if self.opened_on.is_none() {
                    // Reviewed and closed without ever being followed: "pas de suivi".
                    self.opened_on = Some(on);
                }
                self.open = false;
                self.closed_on = Some(on);
                self.close_reason = close_reason;
                self.next_review = None;
            }
            Decision::NotExamined => {}
        }
    }
}

/// The student's events, in order; `before` stops just before the review of that meeting
/// (and everything dated after it), to validate a decision against the state it changes.
fn events(conn: &Connection, student_id: i64, before: Option<i64>) -> Result<Vec<Event>> {
    let cutoff: Option<(NaiveDate, String)> = match before {
        None => None,
        Some(m) => conn
            .prepare_cached("SELECT date, time FROM meeting WHERE id = ?1")?
            .query_row([m], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?,
    };
    // Reviews sort by meeting date and time; an assignment sorts after the reviews of its day.
    let mut stmt = conn.prepare_cached(
        "SELECT m.date, m.time, m.id, 0, r.decision, r.in_charge, r.next_review, r.close_reason,
                r.created_at
           FROM review r JOIN meeting m ON m.id = r.meeting_id
          WHERE r.student_id = ?1 AND m.status <> 'cancelled'
         UNION ALL
         SELECT a.on_date, '99:99', a.id, 1, NULL, a.staff_id, NULL, NULL, a.recorded_at
           FROM followup_assignment a WHERE a.student_id = ?1
         ORDER BY 1, 2, 4, 3",
    )?;
    let rows = stmt.query_map([student_id], |r| {
        let on: NaiveDate = r.get(0)?;
        let time: String = r.get(1)?;
        let id: i64 = r.get(2)?;
        let is_assign: i64 = r.get(3)?;
        let event = if is_assign == 1 {
            Event::Assign { staff: r.get(5)? }
        } else {
            let decision: String = r.get(4)?;
            let reason: Option<String> = r.get(7)?;
            Event::Review {
                on,
                created_at: r.get(8)?,
                decision: decode(&decision, 4)?,
                in_charge: r.get(5)?,
                next_review: r.get(6)?,
                close_reason: reason.map(|c| decode(&c, 7)).transpose()?,
            }
        };
        Ok(((on, time, is_assign, id), event))
    })?;
    let limit = cutoff
        .zip(before)
        .map(|((date, time), id)| (date, time, 0i64, id));
    let mut out = Vec::new();
    for row in rows {
        let (key, event) = row?;
        if limit.as_ref().is_some_and(|l| key >= *l) {
            continue;
        }
        out.push(event);
    }
    Ok(out)
}

/// The student's follow-up just before the given meeting (to validate its decision).
pub(crate) fn state_before(conn: &Connection, student_id: i64, meeting_id: i64) -> Result<State> {
    let mut state = State::default();
    for e in events(conn, student_id, Some(meeting_id))? {
        state.apply(&e);
    }
    Ok(state)
}

/// Replays the student's events into the `followup` table.
pub(crate) fn refresh(conn: &Connection, student_id: i64) -> Result<()> {
    let mut state = State::default();
    for e in events(conn, student_id, None)? {
        state.apply(&e);
    }
    conn.prepare_cached("DELETE FROM followup WHERE student_id = ?1")?
        .execute([student_id])?;
    if let Some(opened_on) = state.opened_on {
        conn.prepare_cached(
            "INSERT INTO followup (student_id, open, opened_on, in_charge, next_review, closed_on,
                                   close_reason, last_decided_on, last_decided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            student_id,
            state.open,
            opened_on,
            state.in_charge,
            state.next_review,
            state.closed_on,
            state.close_reason.map(Coded::code),
            state.last_decided_on,
            state.last_decided_at
        ])?;
    }
    Ok(())
}

/// Replays every student (after loading an export).
pub(crate) fn refresh_all(conn: &Connection) -> Result<()> {
    let ids: Vec<i64> = {
        let mut stmt = conn.prepare(
            "SELECT student_id FROM review UNION SELECT student_id FROM followup_assignment",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for id in ids {
        refresh(conn, id)?;
    }
    Ok(())
}

/// A student's follow-up, if they ever had one.
pub fn followup(cf: &CaseFile, student_id: i64) -> Result<Option<FollowUp>> {
    followup_in(cf.conn(), student_id)
}

pub(crate) fn followup_in(conn: &Connection, student_id: i64) -> Result<Option<FollowUp>> {
    let row = conn
        .prepare_cached(
            "SELECT f.open, f.opened_on, f.in_charge, trim(s.first_name || ' ' || s.last_name),
                    coalesce(s.archived, 0), f.next_review, f.closed_on, f.close_reason
               FROM followup f LEFT JOIN staff s ON s.id = f.in_charge
              WHERE f.student_id = ?1",
        )?
        .query_row([student_id], |r| {
            let reason: Option<String> = r.get(7)?;
            Ok(FollowUp {
                open: r.get(0)?,
                opened_on: r.get(1)?,
                in_charge: r.get(2)?,
                in_charge_name: r.get(3)?,
                in_charge_archived: r.get(4)?,
                next_review: r.get(5)?,
                closed_on: r.get(6)?,
                close_reason: reason.map(|c| decode(&c, 7)).transpose()?,
            })
        })
        .optional()?;
    Ok(row)
}

/// Names a new person in charge of a followed student between two meetings.
pub fn set_in_charge(cf: &mut CaseFile, student_id: i64, staff_id: i64) -> Result<FollowUp> {
    let conn = cf.conn();
    let name = student_name(conn, student_id)?;
    let current = followup_in(conn, student_id)?.filter(|f| f.open).ok_or_else(|| {
        Error::invalid(
            "inCharge",
            format!("{name} n'est pas suivi par le GPDS : la personne chargée du suivi se nomme en séance, en décidant l'entrée en suivi."),
        )
    })?;
    let who = active_staff(conn, staff_id, "inCharge")?;
    if current.in_charge == Some(staff_id) && !current.in_charge_archived {
        return Ok(current);
    }
    let today = cf.today();
    cf.write(|tx| {
        tx.conn()
            .prepare_cached(
                "INSERT INTO followup_assignment (student_id, on_date, staff_id, recorded_at)
                 VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![student_id, today, staff_id, tx.at()])?;
        let id = tx.conn().last_insert_rowid();
        refresh(tx.conn(), student_id)?;
        tx.journal(JournalDraft {
            entity: "followup",
            entity_id: Some(id),
            student_id: Some(student_id),
            summary: format!("Suivi de {name} confié à {who} le {}", fr(today)),
            changes: vec![Change {
                field: "Personne chargée du suivi".into(),
                before: current.in_charge_name.clone(),
                after: Some(who.clone()),
            }],
        })
    })?;
    followup_in(cf.conn(), student_id)?
        .ok_or_else(|| Error::NotFound("Le suivi de cet élève est introuvable.".into()))
}
