//! Each student's chronology: one timeline of everything that happened to them, whatever the
//! mechanism — registry changes, flags, GPDS decisions, actions and their outcome, entretiens,
//! mesures, PAFI, alliances éducatives, notes (later documents) — newest first, filterable by
//! kind. A restricted note shows as its stub and résumé utile, whoever reads the chronology: its
//! text is read from the notes alone, and that reading is journaled.
//!
//! Read-only: built from each mechanism's records (with their own dates: the day of the flag,
//! of the meeting…) and from the journal for registry changes.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::casefile::{journal_for_student, CaseFile};
use crate::error::Result;
use crate::gpds::{self, ActionStatus};
use crate::registry::{coded_enum, student, Coded};
use crate::school_year::french_date as fr;

coded_enum! {
    /// The mechanism an event belongs to (the chronology's filters).
    ChronologyKind {
        /// The student's record, roster imports.
        Registre = "registre" / "Fiche élève",
        /// Flags.
        Reperage = "reperage" / "Repérages",
        /// GPDS decisions and follow-up.
        Gpds = "gpds" / "Décisions du GPDS",
        /// Actions and their outcome.
        Action = "action" / "Actions",
        /// Entretiens de situation.
        Entretien = "entretien" / "Entretiens de situation",
        /// Mesures de responsabilisation.
        Mesure = "mesure" / "Mesures de responsabilisation",
        /// PAFI: each change of state, intermediate bilans held, the final bilan.
        Pafi = "pafi" / "PAFI",
        /// Alliance éducative: changes of state, the family's answer, follow-up meetings.
        Alliance = "alliance" / "Alliance éducative",
        /// Notes on the student (a restricted one by its stub and résumé utile, never its text).
        Note = "note" / "Notes",
    }
}

/// One event in a student's chronology.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ChronologyEntry {
    /// The day it happened.
    pub on: NaiveDate,
    /// When it was recorded (orders events of the same day).
    pub at: NaiveDateTime,
    /// Which mechanism.
    pub kind: ChronologyKind,
    /// What, in one French sentence.
    pub summary: String,
    /// More, when there is more to say.
    pub detail: String,
    /// Who (the author of the record, or the person concerned).
    pub author: String,
}

/// Parts of a detail as one line: "Situation : absences en hausse ; suivi confié à …" — a part's
/// own final full stop is dropped so that the separator reads well.
fn sentences(parts: &[String]) -> String {
    parts
        .iter()
        .map(|p| p.trim().trim_end_matches('.').to_owned())
        .collect::<Vec<_>>()
        .join(" ; ")
}

/// Everything that happened to a student, newest first; `kinds` empty means all.
pub fn student_chronology(
    cf: &CaseFile,
    id: i64,
    kinds: &[ChronologyKind],
) -> Result<Vec<ChronologyEntry>> {
    student(cf, id)?;
    let wanted = |k: ChronologyKind| kinds.is_empty() || kinds.contains(&k);
    let mut out = Vec::new();
    let mut push = |on, at, kind, summary: String, detail: String, author: String| {
        if wanted(kind) {
            out.push(ChronologyEntry {
                on,
                at,
                kind,
                summary,
                detail,
                author,
            });
        }
    };
    for e in journal_for_student(cf, id)? {
        let kind = match e.entity.as_str() {
            "student" | "import" | "import_undo" => ChronologyKind::Registre,
            "followup" => ChronologyKind::Gpds,
            _ => continue,
        };
        let detail = e
            .changes
            .iter()
            .map(|c| {
                format!(
                    "{} : {} → {}",
                    c.field,
                    c.before.as_deref().unwrap_or("—"),
                    c.after.as_deref().unwrap_or("—")
                )
            })
            .collect::<Vec<_>>()
            .join(" ; ");
        push(e.at.date(), e.at, kind, e.summary, detail, e.author);
    }
    for f in gpds::student_flags(cf, id)? {
        let mut detail = gpds::signals_text(&f.input.signals);
        if !f.input.note.is_empty() {
            detail.push_str(&format!(" — {}", f.input.note));
        }
        push(
            f.input.flagged_on,
            f.created_at,
            ChronologyKind::Reperage,
            format!("Repéré par {}", f.raised_by_name),
            detail,
            f.raised_by_name.clone(),
        );
    }
    for r in gpds::student_reviews(cf, id)? {
        let mut detail = Vec::new();
        if !r.situation.is_empty() {
            detail.push(format!("Situation : {}", r.situation));
        }
        if let Some(who) = &r.in_charge_name {
            detail.push(format!("Suivi confié à {who}"));
        }
        if let Some(next) = r.next_review {
            detail.push(format!("Prochain point le {}", fr(next)));
        }
        push(
            r.meeting_date,
            r.recorded_at,
            ChronologyKind::Gpds,
            format!(
                "GPDS du {} : {}",
                fr(r.meeting_date),
                gpds::decision_text(r.decision, r.close_reason, &r.close_detail)
            ),
            sentences(&detail),
            "GPDS".into(),
        );
    }
    for a in gpds::student_actions(cf, id)? {
        let decided_on = a.meeting_date.unwrap_or(a.created_at.date());
        push(
            decided_on,
            a.created_at,
            ChronologyKind::Action,
            format!("Action décidée : {}", a.what()),
            format!("Par {}, échéance le {}", a.owner_name, fr(a.due_on)),
            a.owner_name.clone(),
        );
        // The outcome comes after the decision, even on the same day.
        let settled_at = |on: NaiveDate| {
            a.created_at.max(on.and_time(chrono::NaiveTime::MIN)) + chrono::Duration::seconds(1)
        };
        match (a.status, a.done_on) {
            (ActionStatus::Done, Some(on)) => push(
                on,
                settled_at(on),
                ChronologyKind::Action,
                format!("Action faite : {}", a.what()),
                a.result.clone(),
                a.owner_name.clone(),
            ),
            (ActionStatus::Cancelled, Some(on)) => push(
                on,
                settled_at(on),
                ChronologyKind::Action,
                format!("Action annulée : {}", a.what()),
                a.cancel_reason.clone(),
                a.owner_name.clone(),
            ),
            _ => {}
        }
    }
    for e in gpds::student_entretiens(cf, id)? {
        let mut detail = Vec::new();
        if !e.diagnosis.is_empty() {
            detail.push(format!("Diagnostic : {}", e.diagnosis));
        }
        if !e.solution.is_empty() {
            detail.push(format!("Solution : {}", e.solution));
        }
        if !e.next_step.is_empty() {
            detail.push(format!("Suite : {}", e.next_step));
        }
        push(
            e.held_on,
            e.created_at,
            ChronologyKind::Entretien,
            format!(
                "Entretien de situation avec {} : {}",
                e.staff_name,
                e.outcome.label().to_lowercase()
            ),
            sentences(&detail),
            e.staff_name.clone(),
        );
    }
    for m in gpds::student_mesures(cf, id)? {
        // A planned mesure is an event of the day it was decided; a settled one, of its end.
        let on = match m.status {
            gpds::MesureStatus::Planned => m.created_at.date().min(m.start_on),
            _ => m.end_on,
        };
        let host = match m.partner_id {
            None => "dans l'établissement".to_owned(),
            Some(_) => format!("chez {}", m.host_name),
        };
        push(
            on,
            m.created_at,
            ChronologyKind::Mesure,
            format!(
                "Mesure de responsabilisation de {} h {host} : {}",
                m.hours,
                m.status.label().to_lowercase()
            ),
            format!(
                "Du {} au {}{}",
                fr(m.start_on),
                fr(m.end_on),
                if m.host_detail.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", m.host_detail)
                }
            ),
            String::new(),
        );
    }
    for e in crate::pafi::student_events(cf, id)? {
        push(
            e.on,
            e.at,
            ChronologyKind::Pafi,
            e.summary,
            e.detail,
            String::new(),
        );
    }
    for e in crate::alliance::student_events(cf, id)? {
        push(
            e.on,
            e.at,
            ChronologyKind::Alliance,
            e.summary,
            e.detail,
            String::new(),
        );
    }
    for n in crate::notes::student_events(cf, id)? {
        push(
            n.on,
            n.at,
            ChronologyKind::Note,
            n.summary,
            n.detail,
            n.author,
        );
    }
    out.sort_by_key(|e| std::cmp::Reverse((e.on, e.at)));
    Ok(out)
}
