//! The tableau de bord: what needs doing, so nothing falls through. Archived students are left
//! out (they are no longer in the establishment's lists).

use chrono::{Datelike, Duration, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::actions::{from_row, Action, SELECT as ACTIONS};
use super::agenda::compute;
use super::flags::{signals_text, Signal};
use super::fr;
use super::meetings::{next_meeting_in, MeetingStatus};
use crate::casefile::CaseFile;
use crate::error::Result;
use crate::registry::collect;

/// The actions of one owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OwnerActions {
    /// The owner.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub owner_id: i64,
    /// Their name.
    pub owner_name: String,
    /// Their actions, by due date.
    pub actions: Vec<Action>,
}

/// A line about one student; it opens the student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StudentLine {
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// "Prénom NOM".
    pub name: String,
    /// Class.
    pub class_name: String,
    /// What the line is about, in French.
    pub detail: String,
    /// The date that matters (flag, review due, proposal).
    pub date: Option<NaiveDate>,
    /// For an open proposal: its id and mechanism ("pafi" or "alliance"), to take it up.
    pub proposal: Option<ProposalRef>,
}

/// An open proposal a dashboard line is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ProposalRef {
    /// The proposal.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// "pafi" or "alliance".
    pub kind: String,
}

/// The next meeting, in brief.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct NextMeeting {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The day.
    pub date: NaiveDate,
    /// "HH:MM".
    pub time: String,
    /// Where.
    pub place: String,
    /// Planned or open.
    pub status: MeetingStatus,
    /// Students on its agenda.
    pub agenda_size: u32,
}

/// The counts of the dashboard (the CLI prints the same).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DashboardCounts {
    /// Actions past their due date.
    pub late_actions: u32,
    /// Actions due from today to Sunday.
    pub due_this_week: u32,
    /// Students in follow-up with nobody in charge (should be 0).
    pub without_in_charge: u32,
    /// Students flagged and not yet reviewed.
    pub flagged_not_reviewed: u32,
    /// Students whose review date has come.
    pub review_due: u32,
    /// Students in follow-up.
    pub in_followup: u32,
    /// PAFI and alliance proposals waiting.
    pub open_proposals: u32,
}

/// The tableau de bord.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    /// The day it was computed for.
    pub today: NaiveDate,
    /// The last day of "this week" (Sunday).
    pub week_end: NaiveDate,
    /// Counts.
    pub counts: DashboardCounts,
    /// Late actions, by owner.
    pub late_actions: Vec<OwnerActions>,
    /// Actions due this week, by owner.
    pub due_this_week: Vec<OwnerActions>,
    /// Students in follow-up with nobody in charge.
    pub without_in_charge: Vec<StudentLine>,
    /// Students flagged and not yet reviewed.
    pub flagged_not_reviewed: Vec<StudentLine>,
    /// Students whose review date has come (today or before).
    pub review_due: Vec<StudentLine>,
    /// PAFI and alliance proposals waiting to be taken up.
    pub open_proposals: Vec<StudentLine>,
    /// The next meeting.
    pub next_meeting: Option<NextMeeting>,
    /// PAFI reminders: paths past their end without a bilan, intermediate bilans due, paths
    /// ending within 14 days, validations pending for more than 14 days.
    pub pafi: Vec<crate::pafi::Reminder>,
}

fn by_owner(actions: Vec<Action>) -> Vec<OwnerActions> {
    let mut out: Vec<OwnerActions> = Vec::new();
    for a in actions {
        match out.iter_mut().find(|o| o.owner_id == a.owner) {
            Some(o) => o.actions.push(a),
            None => out.push(OwnerActions {
                owner_id: a.owner,
                owner_name: a.owner_name.clone(),
                actions: vec![a],
            }),
        }
    }
    out.sort_by(|a, b| a.owner_name.cmp(&b.owner_name));
    out
}

fn lines(
    conn: &Connection,
    sql: &str,
    params: impl rusqlite::Params,
    detail: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<String>,
) -> Result<Vec<StudentLine>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, |r| {
        Ok(StudentLine {
            student_id: r.get(0)?,
            name: r.get(1)?,
            class_name: r.get(2)?,
            date: r.get(3)?,
            detail: detail(r)?,
            proposal: None,
        })
    })?;
    collect(rows)
}

/// The tableau de bord as of the case file's today.
pub fn dashboard(cf: &CaseFile) -> Result<Dashboard> {
    let conn = cf.conn();
    let today = cf.today();
    let week_end = today + Duration::days(i64::from(6 - today.weekday().num_days_from_monday()));
    let actions = |sql: &str, from: NaiveDate, to: NaiveDate| -> Result<Vec<Action>> {
        let mut stmt = conn.prepare_cached(&format!(
            "{ACTIONS} WHERE a.status = 'todo' AND st.archived = 0 AND {sql} ORDER BY a.due_on, a.id"
        ))?;
        let rows = stmt.query_map(rusqlite::params![from, to], from_row)?;
        collect(rows)
    };
    let late = actions("a.due_on < ?1 AND ?2 = ?2", today, today)?;
    let week = actions("a.due_on >= ?1 AND a.due_on <= ?2", today, week_end)?;
    const STUDENT: &str = "s.id, s.first_name || ' ' || s.last_name, s.class_name";
    let without_in_charge = lines(
        conn,
        &format!(
            "SELECT {STUDENT}, f.opened_on, trim(o.first_name || ' ' || o.last_name)
               FROM followup f JOIN student s ON s.id = f.student_id LEFT JOIN staff o ON o.id = f.in_charge
              WHERE f.open = 1 AND s.archived = 0 AND (f.in_charge IS NULL OR o.archived = 1)
              ORDER BY s.key_last_first"
        ),
        [],
        |r| {
            let left: Option<String> = r.get(4)?;
            let since: NaiveDate = r.get(3)?;
            Ok(match left {
                Some(name) => format!("En suivi depuis le {} ; {name} a quitté l'établissement", fr(since)),
                None => format!("En suivi depuis le {} sans personne chargée du suivi", fr(since)),
            })
        },
    )?;
    let flagged_not_reviewed = lines(
        conn,
        &format!(
            "SELECT {STUDENT}, max(f.flagged_on), f.signals, trim(o.first_name || ' ' || o.last_name), count(*)
               FROM flag f JOIN student s ON s.id = f.student_id JOIN staff o ON o.id = f.raised_by
               LEFT JOIN followup fu ON fu.student_id = f.student_id
              WHERE s.archived = 0 AND f.flagged_on <= ?1
                AND (fu.last_decided_on IS NULL OR fu.last_decided_on < f.flagged_on
                 OR fu.last_decided_at < f.created_at)
              GROUP BY f.student_id ORDER BY max(f.flagged_on), s.key_last_first"
        ),
        [today],
        |r| {
            let on: NaiveDate = r.get(3)?;
            let signals: String = r.get(4)?;
            let who: String = r.get(5)?;
            let signals: Vec<Signal> = serde_json::from_str(&signals).unwrap_or_default();
            Ok(format!("Repéré le {} par {who} : {}", fr(on), signals_text(&signals)))
        },
    )?;
    let review_due = lines(
        conn,
        &format!(
            "SELECT {STUDENT}, f.next_review, trim(o.first_name || ' ' || o.last_name)
               FROM followup f JOIN student s ON s.id = f.student_id LEFT JOIN staff o ON o.id = f.in_charge
              WHERE f.open = 1 AND s.archived = 0 AND f.next_review <= ?1
              ORDER BY f.next_review, s.key_last_first"
        ),
        [today],
        |r| {
            let on: NaiveDate = r.get(3)?;
            let who: Option<String> = r.get(4)?;
            Ok(match who {
                Some(w) => format!("Point prévu le {} (suivi : {w})", fr(on)),
                None => format!("Point prévu le {}", fr(on)),
            })
        },
    )?;
    let open_proposals = collect(
        conn.prepare_cached(&format!(
            "SELECT {STUDENT}, p.proposed_on, p.kind, p.id
               FROM proposal p JOIN student s ON s.id = p.student_id
              WHERE p.status = 'open' AND s.archived = 0
              ORDER BY p.proposed_on, s.key_last_first, p.id"
        ))?
        .query_map([], |r| {
            let on: NaiveDate = r.get(3)?;
            let kind: String = r.get(4)?;
            let what = if kind == "pafi" {
                "PAFI proposé"
            } else {
                "Alliance éducative proposée"
            };
            Ok(StudentLine {
                student_id: r.get(0)?,
                name: r.get(1)?,
                class_name: r.get(2)?,
                date: Some(on),
                detail: format!("{what} le {}", fr(on)),
                proposal: Some(ProposalRef {
                    id: r.get(5)?,
                    kind,
                }),
            })
        })?,
    )?;
    let in_followup: u32 = conn
        .prepare_cached(
            "SELECT count(*) FROM followup f JOIN student s ON s.id = f.student_id
              WHERE f.open = 1 AND s.archived = 0",
        )?
        .query_row([], |r| r.get(0))?;
    let next_meeting = match next_meeting_in(conn)? {
        None => None,
        Some(m) => Some(NextMeeting {
            agenda_size: compute(conn, &m)?.len() as u32,
            id: m.id,
            date: m.date,
            time: m.time,
            place: m.place,
            status: m.status,
        }),
    };
    let n = |v: usize| v as u32;
    Ok(Dashboard {
        today,
        week_end,
        counts: DashboardCounts {
            late_actions: n(late.len()),
            due_this_week: n(week.len()),
            without_in_charge: n(without_in_charge.len()),
            flagged_not_reviewed: n(flagged_not_reviewed.len()),
            review_due: n(review_due.len()),
            in_followup,
            open_proposals: n(open_proposals.len()),
        },
        late_actions: by_owner(late),
        due_this_week: by_owner(week),
        without_in_charge,
        flagged_not_reviewed,
        review_due,
        open_proposals,
        next_meeting,
        pafi: crate::pafi::reminders(conn, today)?,
    })
}
