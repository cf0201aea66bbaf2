//! What the dashboard recalls about paths: one ending soon, an intermediate bilan due, a
//! validation pending too long, a path past its end without its bilan.

use chrono::{Days, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::fr;
use crate::error::Result;
use crate::registry::coded_enum;

/// How many days ahead (or waiting) a reminder looks.
pub const REMINDER_DAYS: u64 = 14;

coded_enum! {
    /// The kinds of PAFI reminders.
    ReminderKind {
        /// A path under way past its end date, without its final bilan.
        Overdue = "overdue" / "Parcours échu sans bilan",
        /// An intermediate bilan whose date has come.
        CheckpointDue = "checkpoint_due" / "Bilan intermédiaire à faire",
        /// A path ending within 14 days.
        EndingSoon = "ending_soon" / "Fin de parcours proche",
        /// Sent for validation more than 14 days ago.
        ValidationPending = "validation_pending" / "Validation en attente",
    }
}

/// One reminder, for the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    /// Kind.
    pub kind: ReminderKind,
    /// The path.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub pafi_id: i64,
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// "Prénom Nom".
    pub student_name: String,
    /// The date concerned (end, bilan, sending).
    pub date: NaiveDate,
    /// A French sentence.
    pub text: String,
}

/// The reminders as of `today`: overdue first, then by date.
pub fn reminders(conn: &Connection, today: NaiveDate) -> Result<Vec<Reminder>> {
    let soon = today
        .checked_add_days(Days::new(REMINDER_DAYS))
        .unwrap_or(today);
    let long_ago = today
        .checked_sub_days(Days::new(REMINDER_DAYS))
        .unwrap_or(today);
    let mut out = Vec::new();
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.student_id, s.first_name || ' ' || s.last_name, p.state, p.end_on,
                p.validation_requested_on, EXISTS (SELECT 1 FROM pafi_bilan b WHERE b.pafi_id = p.id)
           FROM pafi p JOIN student s ON s.id = p.student_id
          WHERE p.state IN ('running', 'awaiting_validation')",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, Option<NaiveDate>>(4)?,
            r.get::<_, Option<NaiveDate>>(5)?,
            r.get::<_, bool>(6)?,
        ))
    })?;
    for row in rows {
        let (pafi_id, student_id, name, state, end, requested, has_bilan) = row?;
        let mut push = |kind, date, text| {
            out.push(Reminder {
                kind,
                pafi_id,
                student_id,
                student_name: name.clone(),
                date,
                text,
            })
        };
        match (state.as_str(), end, requested) {
            ("running", Some(e), _) if e < today && !has_bilan => push(
                ReminderKind::Overdue,
                e,
                format!(
                    "Le PAFI {} s'est terminé le {} : saisissez son bilan final.",
                    crate::text::de(&name),
                    fr(e)
                ),
            ),
            ("running", Some(e), _) if e >= today && e <= soon => push(
                ReminderKind::EndingSoon,
                e,
                format!(
                    "Le PAFI {} se termine le {} : préparez le bilan et le retour.",
                    crate::text::de(&name),
                    fr(e)
                ),
            ),
            ("awaiting_validation", _, Some(r)) if r < long_ago => push(
                ReminderKind::ValidationPending,
                r,
                format!(
                    "Le PAFI {} attend sa validation depuis le {} : relancez l'autorité.",
                    crate::text::de(&name),
                    fr(r)
                ),
            ),
            _ => {}
        }
    }
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, p.student_id, s.first_name || ' ' || s.last_name, c.due_on, c.subject
           FROM pafi_checkpoint c JOIN pafi p ON p.id = c.pafi_id JOIN student s ON s.id = p.student_id
          WHERE p.state = 'running' AND c.held_on IS NULL AND c.due_on <= ?1",
    )?;
    let rows = stmt.query_map([today], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, NaiveDate>(3)?,
            r.get::<_, String>(4)?,
        ))
    })?;
    for row in rows {
        let (pafi_id, student_id, name, due, subject) = row?;
        out.push(Reminder {
            kind: ReminderKind::CheckpointDue,
            pafi_id,
            student_id,
            student_name: name.clone(),
            date: due,
            text: format!(
                "PAFI {} : bilan intermédiaire prévu le {} ({subject}).",
                crate::text::de(&name),
                fr(due)
            ),
        });
    }
    out.sort_by(|a, b| {
        (a.kind != ReminderKind::Overdue, a.date, a.pafi_id).cmp(&(
            b.kind != ReminderKind::Overdue,
            b.date,
            b.pafi_id,
        ))
    });
    Ok(out)
}
