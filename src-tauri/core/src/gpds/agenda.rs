//! A meeting's agenda (ordre du jour).
//!
//! While a meeting is planned its agenda builds itself from the case file, as of the meeting's
//! date: students flagged and not yet reviewed, students whose next review has come, students
//! with late actions. The référent's additions, removals and order are kept in `agenda_item`.
//! Opening the meeting freezes the agenda into rows, reasons included.

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::flags::{signals_text, Signal};
use super::meetings::{meeting, meeting_in, Meeting, MeetingRow, MeetingStatus};
use super::reviews::Decision;
use super::{fr, student_name};
use crate::casefile::{CaseFile, JournalDraft};
use crate::error::{Error, Result};
use crate::registry::{coded_enum, collect, decode, Coded};

coded_enum! {
    /// Why a student is on an agenda.
    AgendaReasonKind {
        /// Flagged and not reviewed since.
        Flagged = "flagged" / "Repéré",
        /// Their follow-up's next review date has come.
        ReviewDue = "review_due" / "Point de suivi prévu",
        /// Actions past their due date.
        LateActions = "late_actions" / "Actions en retard",
        /// Added by the référent.
        Added = "added" / "Ajouté à l'ordre du jour",
    }
}

/// A reason, with its detail in French ("Repéré le 12/11/2026 : Absences…").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AgendaReason {
    /// Which reason.
    pub kind: AgendaReasonKind,
    /// Its detail.
    pub text: String,
}

/// A student on an agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AgendaItem {
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// Last name.
    pub last_name: String,
    /// First name.
    pub first_name: String,
    /// Class.
    pub class_name: String,
    /// Why they are here.
    pub reasons: Vec<AgendaReason>,
    /// Whether they are followed now.
    pub in_followup: bool,
    /// Who is in charge of their follow-up.
    pub in_charge_name: Option<String>,
    /// The decision recorded at this meeting, if any.
    pub decision: Option<Decision>,
    /// Partners invited for this student ("Mission locale (M. Duval)").
    pub guests: Vec<String>,
}

/// A meeting's agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Agenda {
    /// The meeting.
    pub meeting: MeetingRow,
    /// Whether the agenda is frozen (the meeting is open or held).
    pub frozen: bool,
    /// The students, in order.
    pub items: Vec<AgendaItem>,
    /// Students the agenda would hold but the référent removed (they can be put back).
    pub removed: Vec<AgendaItem>,
}

struct Stored {
    position: Option<i64>,
    origin: String,
    removed: bool,
    reasons: Vec<AgendaReason>,
}

fn stored(conn: &Connection, meeting_id: i64) -> Result<HashMap<i64, Stored>> {
    let mut stmt = conn.prepare_cached(
        "SELECT student_id, position, origin, removed, reasons FROM agenda_item WHERE meeting_id = ?1",
    )?;
    let rows = stmt.query_map([meeting_id], |r| {
        let reasons: String = r.get(4)?;
        Ok((
            r.get::<_, i64>(0)?,
            Stored {
                position: r.get(1)?,
                origin: r.get(2)?,
                removed: r.get(3)?,
                reasons: serde_json::from_str(&reasons).unwrap_or_default(),
            },
        ))
    })?;
    Ok(collect(rows)?.into_iter().collect())
}

/// The automatic reasons, by student, as of `date` (a planned meeting's day).
fn candidates(conn: &Connection, date: NaiveDate) -> Result<HashMap<i64, Vec<AgendaReason>>> {
    let mut out: HashMap<i64, Vec<AgendaReason>> = HashMap::new();
    // SQLite gives the other columns of the row holding max(): the latest flag's signals.
    let mut stmt = conn.prepare_cached(
        "SELECT f.student_id, max(f.flagged_on), f.signals, count(*)
           FROM flag f JOIN student s ON s.id = f.student_id
           LEFT JOIN followup fu ON fu.student_id = f.student_id
          WHERE s.archived = 0 AND f.flagged_on <= ?1
            AND (fu.last_decided_on IS NULL OR fu.last_decided_on < f.flagged_on
                 OR fu.last_decided_at < f.created_at)
          GROUP BY f.student_id",
    )?;
    let rows = stmt.query_map([date], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, NaiveDate>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, i64>(3)?,
        ))
    })?;
    for (student, on, signals, count) in collect(rows)? {
        let signals: Vec<Signal> = serde_json::from_str(&signals)?;
        let mut text = format!("Repéré le {} : {}", fr(on), signals_text(&signals));
        if count > 1 {
            text.push_str(&format!(
                " (et {} repérage{} antérieur{})",
                count - 1,
                pl(count - 1),
                pl(count - 1)
            ));
        }
        out.entry(student).or_default().push(AgendaReason {
            kind: AgendaReasonKind::Flagged,
            text,
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT f.student_id, f.next_review FROM followup f JOIN student s ON s.id = f.student_id
          WHERE f.open = 1 AND f.next_review <= ?1 AND s.archived = 0",
    )?;
    let rows = stmt.query_map([date], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, NaiveDate>(1)?))
    })?;
    for (student, on) in collect(rows)? {
        out.entry(student).or_default().push(AgendaReason {
            kind: AgendaReasonKind::ReviewDue,
            text: format!("Point de suivi prévu le {}", fr(on)),
        });
    }
    let mut stmt = conn.prepare_cached(
        "SELECT a.student_id, count(*), min(a.due_on) FROM action a JOIN student s ON s.id = a.student_id
          WHERE a.status = 'todo' AND a.due_on < ?1 AND s.archived = 0
          GROUP BY a.student_id",
    )?;
    let rows = stmt.query_map([date], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, NaiveDate>(2)?,
        ))
    })?;
    for (student, count, oldest) in collect(rows)? {
        let text = if count == 1 {
            format!(
                "1 action en retard au jour de la séance (échéance du {})",
                fr(oldest)
            )
        } else {
            format!(
                "{count} actions en retard au jour de la séance (la plus ancienne au {})",
                fr(oldest)
            )
        };
        out.entry(student).or_default().push(AgendaReason {
            kind: AgendaReasonKind::LateActions,
            text,
        });
    }
    Ok(out)
}

fn pl(n: i64) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

fn added() -> AgendaReason {
    AgendaReason {
        kind: AgendaReasonKind::Added,
        text: "Ajouté par le référent".into(),
    }
}

/// Fills in names, follow-up, decision and guests, in one query for all the students.
fn items(
    conn: &Connection,
    m: &Meeting,
    wanted: Vec<(i64, Vec<AgendaReason>)>,
) -> Result<Vec<AgendaItem>> {
    let ids: Vec<i64> = wanted.iter().map(|(id, _)| *id).collect();
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.last_name, s.first_name, s.class_name, coalesce(f.open, 0),
                trim(o.first_name || ' ' || o.last_name), r.decision
           FROM json_each(?1) j
           JOIN student s ON s.id = j.value
           LEFT JOIN followup f ON f.student_id = s.id
           LEFT JOIN staff o ON o.id = f.in_charge
           LEFT JOIN review r ON r.meeting_id = ?2 AND r.student_id = s.id",
    )?;
    let rows = stmt.query_map(params![serde_json::to_string(&ids)?, m.id], |r| {
        let open: bool = r.get(4)?;
        let decision: Option<String> = r.get(6)?;
        Ok((
            r.get::<_, i64>(0)?,
            (
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                open,
                if open {
                    r.get::<_, Option<String>>(5)?
                } else {
                    None
                },
                decision.map(|d| decode(&d, 6)).transpose()?,
            ),
        ))
    })?;
    let mut found: HashMap<i64, _> = collect(rows)?.into_iter().collect();
    let mut out = Vec::with_capacity(wanted.len());
    for (student_id, reasons) in wanted {
        let Some((last_name, first_name, class_name, in_followup, in_charge_name, decision)) =
            found.remove(&student_id)
        else {
            continue;
        };
        out.push(AgendaItem {
            student_id,
            last_name,
            first_name,
            class_name,
            reasons,
            in_followup,
            in_charge_name,
            decision,
            guests: m
                .guests
                .iter()
                .filter(|g| g.students.contains(&student_id))
                .map(|g| {
                    if g.contact.is_empty() {
                        g.partner_name.clone()
                    } else {
                        format!("{} ({})", g.partner_name, g.contact)
                    }
                })
                .collect(),
        });
    }
    Ok(out)
}

/// The agenda's items and the removed ones.
fn build(conn: &Connection, m: &Meeting) -> Result<(Vec<AgendaItem>, Vec<AgendaItem>)> {
    let rows = stored(conn, m.id)?;
    // (student, reasons, removed, position)
    let mut wanted: Vec<(i64, Vec<AgendaReason>)> = Vec::new();
    if m.status == MeetingStatus::Planned {
        let mut auto = candidates(conn, m.date)?;
        for (&student, row) in &rows {
            if row.origin == "added" && !row.removed {
                auto.entry(student).or_default().push(added());
            }
        }
        wanted.extend(auto);
    } else {
        wanted.extend(rows.iter().map(|(&s, row)| (s, row.reasons.clone())));
    }
    let mut kept: Vec<(Option<i64>, AgendaItem)> = Vec::new();
    let mut removed = Vec::new();
    for it in items(conn, m, wanted)? {
        let row = rows.get(&it.student_id);
        if row.is_some_and(|r| r.removed) {
            removed.push(it);
        } else {
            kept.push((row.and_then(|r| r.position), it));
        }
    }
    // The référent's order first; then new flags, reviews due, late actions; then by name.
    let rank = |it: &AgendaItem| {
        it.reasons
            .iter()
            .map(|r| {
                AgendaReasonKind::ALL
                    .iter()
                    .position(|k| *k == r.kind)
                    .unwrap_or(9)
            })
            .min()
            .unwrap_or(9)
    };
    kept.sort_by(|(pa, a), (pb, b)| {
        (
            pa.is_none(),
            pa,
            rank(a),
            &a.last_name,
            &a.first_name,
            a.student_id,
        )
            .cmp(&(
                pb.is_none(),
                pb,
                rank(b),
                &b.last_name,
                &b.first_name,
                b.student_id,
            ))
    });
    removed.sort_by(|a, b| (&a.last_name, &a.first_name).cmp(&(&b.last_name, &b.first_name)));
    Ok((kept.into_iter().map(|(_, it)| it).collect(), removed))
}

/// The current items of a meeting's agenda, in order.
pub(crate) fn compute(conn: &Connection, m: &Meeting) -> Result<Vec<AgendaItem>> {
    Ok(build(conn, m)?.0)
}

/// Writes the agenda as it stands into rows (opening a meeting).
pub(crate) fn freeze(conn: &Connection, meeting_id: i64, items: &[AgendaItem]) -> Result<()> {
    let rows = stored(conn, meeting_id)?;
    conn.prepare_cached("DELETE FROM agenda_item WHERE meeting_id = ?1 AND removed = 0")?
        .execute([meeting_id])?;
    for (i, it) in items.iter().enumerate() {
        let origin = rows
            .get(&it.student_id)
            .map_or("auto", |r| r.origin.as_str())
            .to_owned();
        conn.prepare_cached(
            "INSERT OR REPLACE INTO agenda_item (meeting_id, student_id, position, origin, removed, reasons)
             VALUES (?1, ?2, ?3, ?4, 0, ?5)",
        )?
        .execute(params![
            meeting_id,
            it.student_id,
            i as i64 + 1,
            origin,
            serde_json::to_string(&it.reasons)?
        ])?;
    }
    Ok(())
}

/// Names of the students on an open meeting's agenda with no decision yet.
pub(crate) fn undecided(conn: &Connection, meeting_id: i64) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.first_name || ' ' || s.last_name FROM agenda_item a JOIN student s ON s.id = a.student_id
          WHERE a.meeting_id = ?1 AND a.removed = 0
            AND NOT EXISTS (SELECT 1 FROM review r WHERE r.meeting_id = a.meeting_id AND r.student_id = a.student_id)
          ORDER BY a.position",
    )?;
    let rows = stmt.query_map([meeting_id], |r| r.get(0))?;
    collect(rows)
}

/// Whether a student is on the agenda of an open or held meeting.
pub(crate) fn on_frozen_agenda(
    conn: &Connection,
    meeting_id: i64,
    student_id: i64,
) -> Result<bool> {
    Ok(conn
        .prepare_cached(
            "SELECT 1 FROM agenda_item WHERE meeting_id = ?1 AND student_id = ?2 AND removed = 0",
        )?
        .query_row(params![meeting_id, student_id], |_| Ok(()))
        .optional()?
        .is_some())
}

fn row_of(conn: &Connection, m: &Meeting, items: &[AgendaItem]) -> Result<MeetingRow> {
    let decided: u32 = conn
        .prepare_cached(
            "SELECT count(*) FROM review WHERE meeting_id = ?1 AND decision <> 'not_examined'",
        )?
        .query_row([m.id], |r| r.get(0))?;
    Ok(MeetingRow {
        id: m.id,
        date: m.date,
        time: m.time.clone(),
        place: m.place.clone(),
        status: m.status,
        agenda_size: items.len() as u32,
        decided,
        minutes_version: m.minutes_version,
    })
}

/// A meeting's agenda.
pub fn agenda(cf: &CaseFile, meeting_id: i64) -> Result<Agenda> {
    let conn = cf.conn();
    let m = meeting_in(conn, meeting_id)?;
    let (items, removed) = build(conn, &m)?;
    Ok(Agenda {
        meeting: row_of(conn, &m, &items)?,
        frozen: m.status != MeetingStatus::Planned,
        items,
        removed,
    })
}

fn editable(m: &Meeting) -> Result<()> {
    match m.status {
        MeetingStatus::Planned | MeetingStatus::Open => Ok(()),
        MeetingStatus::Held => Err(Error::invalid(
            "agenda",
            "La séance est close : son ordre du jour ne change plus. Ajoutez l'élève à la prochaine séance.",
        )),
        MeetingStatus::Cancelled => Err(Error::invalid("agenda", "Cette séance est annulée.")),
    }
}

/// Puts a student on a meeting's agenda (or back on it).
pub fn agenda_add(cf: &mut CaseFile, meeting_id: i64, student_id: i64) -> Result<Agenda> {
    let m = meeting(cf, meeting_id)?;
    editable(&m)?;
    let name = student_name(cf.conn(), student_id)?;
    let items = compute(cf.conn(), &m)?;
    if items.iter().any(|i| i.student_id == student_id) {
        return agenda(cf, meeting_id);
    }
    let frozen = m.status != MeetingStatus::Planned;
    let position = items.len() as i64 + 1;
    cf.write(|tx| {
        let conn = tx.conn();
        let existing: Option<String> = conn
            .prepare_cached("SELECT origin FROM agenda_item WHERE meeting_id = ?1 AND student_id = ?2")?
            .query_row(params![meeting_id, student_id], |r| r.get(0))
            .optional()?;
        match existing {
            Some(_) if !frozen => {
                conn.prepare_cached(
                    "UPDATE agenda_item SET removed = 0, position = NULL WHERE meeting_id = ?1 AND student_id = ?2",
                )?
                .execute(params![meeting_id, student_id])?;
            }
            Some(_) => {
                conn.prepare_cached(
                    "UPDATE agenda_item SET removed = 0, position = ?3 WHERE meeting_id = ?1 AND student_id = ?2",
                )?
                .execute(params![meeting_id, student_id, position])?;
            }
            None => {
                let reasons = if frozen { serde_json::to_string(&[added()])? } else { "[]".into() };
                conn.prepare_cached(
                    "INSERT INTO agenda_item (meeting_id, student_id, position, origin, removed, reasons)
                     VALUES (?1, ?2, ?3, 'added', 0, ?4)",
                )?
                .execute(params![meeting_id, student_id, frozen.then_some(position), reasons])?;
            }
        }
        tx.journal(JournalDraft {
            entity: "agenda",
            entity_id: Some(meeting_id),
            student_id: Some(student_id),
            summary: format!("{name} ajouté à l'ordre du jour de la séance GPDS du {}", fr(m.date)),
            changes: Vec::new(),
        })
    })?;
    agenda(cf, meeting_id)
}

/// Takes a student off a meeting's agenda (not once a decision is recorded for them).
pub fn agenda_remove(cf: &mut CaseFile, meeting_id: i64, student_id: i64) -> Result<Agenda> {
    let m = meeting(cf, meeting_id)?;
    editable(&m)?;
    let name = student_name(cf.conn(), student_id)?;
    let items = compute(cf.conn(), &m)?;
    let Some(it) = items.iter().find(|i| i.student_id == student_id) else {
        return agenda(cf, meeting_id);
    };
    if it.decision.is_some() {
        return Err(Error::invalid(
            "agenda",
            format!(
                "Une décision est déjà enregistrée pour {name} : l'élève reste à l'ordre du jour."
            ),
        ));
    }
    let only_added = it.reasons.iter().all(|r| r.kind == AgendaReasonKind::Added);
    cf.write(|tx| {
        let conn = tx.conn();
        if only_added && m.status == MeetingStatus::Planned {
            conn.prepare_cached("DELETE FROM agenda_item WHERE meeting_id = ?1 AND student_id = ?2")?
                .execute(params![meeting_id, student_id])?;
        } else {
            conn.prepare_cached(
                "INSERT INTO agenda_item (meeting_id, student_id, position, origin, removed, reasons)
                 VALUES (?1, ?2, NULL, 'auto', 1, ?3)
                 ON CONFLICT (meeting_id, student_id) DO UPDATE SET removed = 1, position = NULL",
            )?
            .execute(params![meeting_id, student_id, serde_json::to_string(&it.reasons)?])?;
        }
        tx.journal(JournalDraft {
            entity: "agenda",
            entity_id: Some(meeting_id),
            student_id: Some(student_id),
            summary: format!("{name} retiré de l'ordre du jour de la séance GPDS du {}", fr(m.date)),
            changes: Vec::new(),
        })
    })?;
    agenda(cf, meeting_id)
}

/// Sets the order of a meeting's agenda; `student_ids` lists exactly the students on it.
pub fn agenda_reorder(cf: &mut CaseFile, meeting_id: i64, student_ids: &[i64]) -> Result<Agenda> {
    let m = meeting(cf, meeting_id)?;
    editable(&m)?;
    let items = compute(cf.conn(), &m)?;
    let mut current: Vec<i64> = items.iter().map(|i| i.student_id).collect();
    let mut asked = student_ids.to_vec();
    current.sort_unstable();
    asked.sort_unstable();
    if current != asked {
        return Err(Error::Conflict(
            "L'ordre du jour a changé entre-temps : rechargez-le puis recommencez.".into(),
        ));
    }
    if items
        .iter()
        .map(|i| i.student_id)
        .eq(student_ids.iter().copied())
    {
        return agenda(cf, meeting_id);
    }
    cf.write(|tx| {
        let conn = tx.conn();
        for (i, &s) in student_ids.iter().enumerate() {
            conn.prepare_cached(
                "INSERT INTO agenda_item (meeting_id, student_id, position, origin, removed)
                 VALUES (?1, ?2, ?3, 'auto', 0)
                 ON CONFLICT (meeting_id, student_id) DO UPDATE SET position = excluded.position",
            )?
            .execute(params![meeting_id, s, i as i64 + 1])?;
        }
        tx.journal(JournalDraft {
            entity: "agenda",
            entity_id: Some(meeting_id),
            student_id: None,
            summary: format!(
                "Ordre du jour de la séance GPDS du {} réordonné",
                fr(m.date)
            ),
            changes: Vec::new(),
        })
    })?;
    agenda(cf, meeting_id)
}
