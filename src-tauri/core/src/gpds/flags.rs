//! Repérage: a student flagged at risk, by whom, when, on which signals.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::{active_staff, fr, staff_name, student_name};
use crate::casefile::{CaseFile, JournalDraft};
use crate::error::{Error, Result};
use crate::registry::{coded_enum, collect, diff, Coded, Fields};
use crate::text::tidy;

coded_enum! {
    /// What made someone worry about a student.
    SignalKind {
        /// Absences: half-days missed this term, of which unjustified.
        Absences = "absences" / "Absences",
        /// A sudden drop in results.
        Resultats = "resultats" / "Baisse des résultats",
        /// A change of behaviour.
        Comportement = "comportement" / "Comportement",
        /// Withdrawal: the "décrocheur silencieux".
        Retrait = "retrait" / "Retrait, décrochage silencieux",
        /// Repeated exclusions (from class or school).
        Exclusions = "exclusions" / "Exclusions répétées",
        /// Health.
        Sante = "sante" / "Santé",
        /// Family situation.
        Famille = "famille" / "Situation familiale",
        /// A LYCAM-type screening questionnaire.
        Questionnaire = "questionnaire" / "Questionnaire de repérage (type LYCAM)",
        /// Anything else.
        Autre = "autre" / "Autre",
    }
}

/// One signal of a flag, with its value where it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Signal {
    /// Which signal.
    pub kind: SignalKind,
    /// Absences: half-days missed this term; exclusions: how many. Otherwise none.
    pub amount: Option<u32>,
    /// Absences: of which unjustified half-days.
    pub unjustified: Option<u32>,
    /// Questionnaire: its result; other: what it is; optional precision otherwise.
    pub detail: String,
}

impl Signal {
    /// The signal in a few French words ("Absences : 12 demi-journées dont 6 non justifiées").
    pub fn describe(&self) -> String {
        let label = self.kind.label();
        let core = match (self.kind, self.amount, self.unjustified) {
            (SignalKind::Absences, Some(n), Some(u)) => {
                format!(
                    "{label} : {n} demi-journée{} dont {u} non justifiée{}",
                    s(n),
                    s(u)
                )
            }
            (SignalKind::Absences, Some(n), None) => format!("{label} : {n} demi-journée{}", s(n)),
            (SignalKind::Exclusions, Some(n), _) => format!("{label} ({n})"),
            _ => label.to_owned(),
        };
        if self.detail.is_empty() {
            core
        } else {
            format!("{core} — {}", self.detail)
        }
    }
}

fn s(n: u32) -> &'static str {
    if n > 1 {
        "s"
    } else {
        ""
    }
}

/// What the user types to flag a student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct FlagInput {
    /// The student flagged.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// When the worry was raised.
    pub flagged_on: NaiveDate,
    /// Who raised it (a staff member).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub raised_by: Option<i64>,
    /// At least one signal.
    pub signals: Vec<Signal>,
    /// Free text.
    pub note: String,
}

/// A flag as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Flag {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Its fields.
    #[serde(flatten)]
    pub input: FlagInput,
    /// "Prénom NOM" of who raised it.
    pub raised_by_name: String,
    /// Whether a GPDS meeting has decided on the student since (a decision other than "non
    /// examiné", at a meeting dated on or after the flag).
    pub reviewed: bool,
    /// When it was recorded.
    pub created_at: NaiveDateTime,
}

/// `kept_author`: the flag's current author, who may have left the school since.
fn validated(
    conn: &Connection,
    input: &FlagInput,
    today: NaiveDate,
    kept_author: Option<i64>,
) -> Result<FlagInput> {
    student_name(conn, input.student_id)?;
    let raised_by = input.raised_by.ok_or_else(|| {
        Error::invalid(
            "raisedBy",
            "Indiquez qui a repéré l'élève (un membre du personnel).",
        )
    })?;
    if kept_author == Some(raised_by) {
        staff_name(conn, raised_by, "raisedBy")?;
    } else {
        active_staff(conn, raised_by, "raisedBy")?;
    }
    if input.flagged_on > today {
        return Err(Error::invalid(
            "flaggedOn",
            format!(
                "La date du repérage ({}) est dans le futur : indiquez une date passée ou celle d'aujourd'hui.",
                fr(input.flagged_on)
            ),
        ));
    }
    if input.signals.is_empty() {
        return Err(Error::invalid(
            "signals",
            "Cochez au moins un signal (absences, baisse des résultats, comportement…).",
        ));
    }
    let mut signals: Vec<Signal> = Vec::new();
    for (i, sig) in input.signals.iter().enumerate() {
        let field = |f: &str| format!("signals[{i}].{f}");
        if signals.iter().any(|s| s.kind == sig.kind) {
            return Err(Error::invalid(
                field("kind"),
                format!("Le signal « {} » figure deux fois.", sig.kind.label()),
            ));
        }
        let detail = tidy(&sig.detail);
        let mut out = Signal {
            kind: sig.kind,
            amount: None,
            unjustified: None,
            detail,
        };
        match sig.kind {
            SignalKind::Absences => {
                let n = sig.amount.ok_or_else(|| {
                    Error::invalid(
                        field("amount"),
                        "Indiquez le nombre de demi-journées d'absence ce trimestre.",
                    )
                })?;
                if n == 0 || n > 400 {
                    return Err(Error::invalid(
                        field("amount"),
                        "Le nombre de demi-journées d'absence doit être compris entre 1 et 400.",
                    ));
                }
                if let Some(u) = sig.unjustified {
                    if u > n {
                        return Err(Error::invalid(
                            field("unjustified"),
                            format!("Les demi-journées non justifiées ({u}) ne peuvent pas dépasser les absences ({n})."),
                        ));
                    }
                }
                out.amount = Some(n);
                out.unjustified = sig.unjustified;
            }
            SignalKind::Exclusions => {
                if let Some(n) = sig.amount {
                    if n == 0 || n > 100 {
                        return Err(Error::invalid(
                            field("amount"),
                            "Le nombre d'exclusions doit être compris entre 1 et 100.",
                        ));
                    }
                }
                out.amount = sig.amount;
            }
            SignalKind::Questionnaire | SignalKind::Autre if out.detail.is_empty() => {
                let what = if sig.kind == SignalKind::Questionnaire {
                    "Indiquez le résultat du questionnaire."
                } else {
                    "Précisez le signal « Autre »."
                };
                return Err(Error::invalid(field("detail"), what));
            }
            _ => {}
        }
        signals.push(out);
    }
    Ok(FlagInput {
        student_id: input.student_id,
        flagged_on: input.flagged_on,
        raised_by: Some(raised_by),
        signals,
        note: input.note.trim().to_owned(),
    })
}

fn fields(conn: &Connection, f: &FlagInput) -> Result<Fields> {
    let who = match f.raised_by {
        Some(id) => Some(staff_name(conn, id, "raisedBy")?),
        None => None,
    };
    Ok(vec![
        ("Date du repérage", Some(fr(f.flagged_on))),
        ("Repéré par", who),
        (
            "Signaux",
            Some(
                f.signals
                    .iter()
                    .map(Signal::describe)
                    .collect::<Vec<_>>()
                    .join(" ; "),
            ),
        ),
        ("Commentaire", crate::registry::non_empty(&f.note)),
    ])
}

/// Flags a student: the flag puts them on the next meeting's agenda. A student already in
/// follow-up gets a new flag in their chronology, not a second case.
pub fn create_flag(cf: &mut CaseFile, input: &FlagInput) -> Result<Flag> {
    let f = validated(cf.conn(), input, cf.today(), None)?;
    let id = cf.write(|tx| {
        let conn = tx.conn();
        conn.prepare_cached(
            "INSERT INTO flag (student_id, flagged_on, raised_by, signals, note, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            f.student_id,
            f.flagged_on,
            f.raised_by,
            serde_json::to_string(&f.signals)?,
            f.note,
            tx.at()
        ])?;
        let id = conn.last_insert_rowid();
        let name = student_name(conn, f.student_id)?;
        let changes = diff(&Vec::new(), &fields(conn, &f)?);
        tx.journal(JournalDraft {
            entity: "flag",
            entity_id: Some(id),
            student_id: Some(f.student_id),
            summary: format!("Repérage de {name} le {}", fr(f.flagged_on)),
            changes,
        })?;
        Ok(id)
    })?;
    flag(cf.conn(), id)
}

/// Corrects a flag (its student cannot change).
pub fn update_flag(cf: &mut CaseFile, id: i64, input: &FlagInput) -> Result<Flag> {
    let before = flag(cf.conn(), id)?;
    if before.input.student_id != input.student_id {
        return Err(Error::invalid(
            "studentId",
            "Un repérage ne change pas d'élève : créez-en un nouveau pour l'autre élève.",
        ));
    }
    let f = validated(cf.conn(), input, cf.today(), before.input.raised_by)?;
    let changes = diff(&fields(cf.conn(), &before.input)?, &fields(cf.conn(), &f)?);
    if changes.is_empty() {
        return Ok(before);
    }
    cf.write(|tx| {
        tx.conn()
            .prepare_cached(
                "UPDATE flag SET flagged_on = ?2, raised_by = ?3, signals = ?4, note = ?5
                 WHERE id = ?1",
            )?
            .execute(params![
                id,
                f.flagged_on,
                f.raised_by,
                serde_json::to_string(&f.signals)?,
                f.note
            ])?;
        let name = student_name(tx.conn(), f.student_id)?;
        tx.journal(JournalDraft {
            entity: "flag",
            entity_id: Some(id),
            student_id: Some(f.student_id),
            summary: format!("Repérage de {name} modifié"),
            changes,
        })
    })?;
    flag(cf.conn(), id)
}

const SELECT: &str = "SELECT f.id, f.student_id, f.flagged_on, f.raised_by, f.signals, f.note,
        trim(s.first_name || ' ' || s.last_name), f.created_at,
        coalesce((SELECT fu.last_decided_on >= f.flagged_on AND fu.last_decided_at >= f.created_at
                   FROM followup fu WHERE fu.student_id = f.student_id), 0)
    FROM flag f JOIN staff s ON s.id = f.raised_by";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Flag> {
    let signals: String = r.get(4)?;
    Ok(Flag {
        id: r.get(0)?,
        input: FlagInput {
            student_id: r.get(1)?,
            flagged_on: r.get(2)?,
            raised_by: r.get(3)?,
            signals: serde_json::from_str(&signals).map_err(|e| {
                rusqlite::Error::FromSqlConversionFailure(4, rusqlite::types::Type::Text, e.into())
            })?,
            note: r.get(5)?,
        },
        raised_by_name: r.get(6)?,
        created_at: r.get(7)?,
        reviewed: r.get(8)?,
    })
}

pub(crate) fn flag(conn: &Connection, id: i64) -> Result<Flag> {
    conn.prepare_cached(&format!("{SELECT} WHERE f.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound("Ce repérage n'existe pas (ou plus).".into()))
}

/// A student's flags, newest first.
pub fn student_flags(cf: &CaseFile, student_id: i64) -> Result<Vec<Flag>> {
    let mut stmt = cf.conn().prepare_cached(&format!(
        "{SELECT} WHERE f.student_id = ?1 ORDER BY f.flagged_on DESC, f.id DESC"
    ))?;
    let rows = stmt.query_map([student_id], from_row)?;
    collect(rows)
}

/// The journal line of a flag's signals (chronology detail).
pub(crate) fn signals_text(signals: &[Signal]) -> String {
    signals
        .iter()
        .map(Signal::describe)
        .collect::<Vec<_>>()
        .join(" ; ")
}
