//! Entretiens de situation (Psy-EN, students of 16 and over leaving without a solution or at
//! risk) and mesures de responsabilisation (at most 20 hours, outside teaching hours).

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::{active_staff, fr, staff_name, student_name};
use crate::casefile::{CaseFile, JournalDraft};
use crate::error::{Error, Result};
use crate::registry::{coded_enum, collect, decode, diff, non_empty, Coded, Fields};
use crate::school_year::age_on;
use crate::text::tidy;

coded_enum! {
    /// What an entretien de situation led to.
    EntretienOutcome {
        /// A solution was found.
        Solution = "solution" / "Solution trouvée",
        /// None yet.
        None = "none" / "Pas de solution à ce jour",
    }
}

coded_enum! {
    /// Where a mesure de responsabilisation stands.
    MesureStatus {
        /// Planned.
        Planned = "planned" / "Prévue",
        /// Done.
        Done = "done" / "Effectuée",
        /// Not done.
        NotDone = "not_done" / "Non effectuée",
    }
}

/// What the user types for an entretien de situation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EntretienInput {
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// When.
    pub held_on: NaiveDate,
    /// Who led it (usually the Psy-EN).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub staff_id: Option<i64>,
    /// The diagnosis of the situation.
    pub diagnosis: String,
    /// Solution found or not.
    pub outcome: Option<EntretienOutcome>,
    /// The solution (required when one was found).
    pub solution: String,
    /// The next step.
    pub next_step: String,
    /// The user confirmed an entretien for a student under 16.
    pub confirm_age: bool,
}

/// An entretien de situation as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Entretien {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// When.
    pub held_on: NaiveDate,
    /// Who led it.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub staff_id: i64,
    /// Their name.
    pub staff_name: String,
    /// Diagnosis.
    pub diagnosis: String,
    /// Outcome.
    pub outcome: EntretienOutcome,
    /// The solution.
    pub solution: String,
    /// Next step.
    pub next_step: String,
    /// When it was recorded.
    pub created_at: NaiveDateTime,
}

/// What the user types for a mesure de responsabilisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MesureInput {
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// Hours (1 to 20, outside teaching hours).
    pub hours: Option<u32>,
    /// The partner hosting it; none: hosted in the school.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub partner_id: Option<i64>,
    /// Where and with whom ("CDI, avec la documentaliste").
    pub host_detail: String,
    /// First day.
    pub start_on: Option<NaiveDate>,
    /// Last day.
    pub end_on: Option<NaiveDate>,
    /// Where it stands.
    pub status: MesureStatus,
}

/// A mesure de responsabilisation as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Mesure {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// Hours.
    pub hours: u32,
    /// The host partner, if any.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub partner_id: Option<i64>,
    /// "Dans l'établissement" or the partner's name.
    pub host_name: String,
    /// Where and with whom.
    pub host_detail: String,
    /// First day.
    pub start_on: NaiveDate,
    /// Last day.
    pub end_on: NaiveDate,
    /// Where it stands.
    pub status: MesureStatus,
    /// When it was recorded.
    pub created_at: NaiveDateTime,
}

/// The most hours a mesure de responsabilisation may last (Code de l'éducation, R. 511-13).
pub const MESURE_MAX_HOURS: u32 = 20;

fn entretien_checked(
    conn: &Connection,
    e: &EntretienInput,
    today: NaiveDate,
    kept: Option<i64>,
) -> Result<EntretienInput> {
    let name = student_name(conn, e.student_id)?;
    if e.held_on > today {
        return Err(Error::invalid(
            "heldOn",
            format!(
                "La date {} est dans le futur : un entretien se note une fois tenu.",
                fr(e.held_on)
            ),
        ));
    }
    let who = e.staff_id.ok_or_else(|| {
        Error::invalid(
            "staffId",
            "Indiquez qui a mené l'entretien (en général le Psy-EN).",
        )
    })?;
    if kept == Some(who) {
        staff_name(conn, who, "staffId")?;
    } else {
        active_staff(conn, who, "staffId")?;
    }
    let outcome = e
        .outcome
        .ok_or_else(|| Error::invalid("outcome", "Indiquez si une solution a été trouvée."))?;
    let solution = tidy(&e.solution);
    if outcome == EntretienOutcome::Solution && solution.is_empty() {
        return Err(Error::invalid("solution", "Décrivez la solution trouvée."));
    }
    let birth: NaiveDate = conn
        .prepare_cached("SELECT birth_date FROM student WHERE id = ?1")?
        .query_row([e.student_id], |r| r.get(0))?;
    let age = age_on(birth, e.held_on);
    if age < 16 && !e.confirm_age {
        return Err(Error::NeedsConfirmation {
            field: "heldOn".into(),
            message: format!(
                "{name} avait {age} ans le {} : l'entretien de situation concerne les jeunes de 16 ans et plus. L'enregistrer quand même ?",
                fr(e.held_on)
            ),
        });
    }
    Ok(EntretienInput {
        student_id: e.student_id,
        held_on: e.held_on,
        staff_id: Some(who),
        diagnosis: e.diagnosis.trim().to_owned(),
        outcome: Some(outcome),
        solution: if outcome == EntretienOutcome::Solution {
            solution
        } else {
            String::new()
        },
        next_step: e.next_step.trim().to_owned(),
        confirm_age: e.confirm_age,
    })
}

fn entretien_fields(conn: &Connection, e: &EntretienInput) -> Result<Fields> {
    Ok(vec![
        ("Date", Some(fr(e.held_on))),
        (
            "Mené par",
            e.staff_id
                .map(|s| staff_name(conn, s, "staffId"))
                .transpose()?,
        ),
        ("Diagnostic", non_empty(&e.diagnosis)),
        ("Issue", e.outcome.map(|o| o.label().to_owned())),
        ("Solution", non_empty(&e.solution)),
        ("Suite", non_empty(&e.next_step)),
    ])
}

/// Records an entretien de situation (`id` set: corrects one).
pub fn record_entretien(
    cf: &mut CaseFile,
    id: Option<i64>,
    input: &EntretienInput,
) -> Result<Entretien> {
    let before = id.map(|i| entretien(cf.conn(), i)).transpose()?;
    if let Some(b) = &before {
        if b.student_id != input.student_id {
            return Err(Error::invalid(
                "studentId",
                "Un entretien ne change pas d'élève.",
            ));
        }
    }
    let e = entretien_checked(
        cf.conn(),
        input,
        cf.today(),
        before.as_ref().map(|b| b.staff_id),
    )?;
    let old = match &before {
        Some(b) => entretien_fields(
            cf.conn(),
            &EntretienInput {
                student_id: b.student_id,
                held_on: b.held_on,
                staff_id: Some(b.staff_id),
                diagnosis: b.diagnosis.clone(),
                outcome: Some(b.outcome),
                solution: b.solution.clone(),
                next_step: b.next_step.clone(),
                confirm_age: true,
            },
        )?,
        None => Vec::new(),
    };
    let changes = diff(&old, &entretien_fields(cf.conn(), &e)?);
    if let (Some(b), true) = (&before, changes.is_empty()) {
        return Ok(b.clone());
    }
    let name = student_name(cf.conn(), e.student_id)?;
    let outcome = e.outcome.map(Coded::code).unwrap_or("none");
    let id = cf.write(|tx| {
        let conn = tx.conn();
        let id = match id {
            None => {
                conn.prepare_cached(
                    "INSERT INTO entretien (student_id, held_on, staff_id, diagnosis, outcome, solution, next_step, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![e.student_id, e.held_on, e.staff_id, e.diagnosis, outcome, e.solution, e.next_step, tx.at()])?;
                conn.last_insert_rowid()
            }
            Some(id) => {
                conn.prepare_cached(
                    "UPDATE entretien SET held_on = ?2, staff_id = ?3, diagnosis = ?4, outcome = ?5, solution = ?6, next_step = ?7
                      WHERE id = ?1",
                )?
                .execute(params![id, e.held_on, e.staff_id, e.diagnosis, outcome, e.solution, e.next_step])?;
                id
            }
        };
        let verb = if before.is_some() { "corrigé" } else { "tenu" };
        tx.journal(JournalDraft {
            entity: "entretien",
            entity_id: Some(id),
            student_id: Some(e.student_id),
            summary: format!("Entretien de situation de {name} {verb} le {}", fr(e.held_on)),
            changes,
        })?;
        Ok(id)
    })?;
    entretien(cf.conn(), id)
}

const ENTRETIEN: &str =
    "SELECT e.id, e.student_id, e.held_on, e.staff_id, trim(s.first_name || ' ' || s.last_name),
        e.diagnosis, e.outcome, e.solution, e.next_step, e.created_at
   FROM entretien e JOIN staff s ON s.id = e.staff_id";

fn entretien_row(r: &Row<'_>) -> rusqlite::Result<Entretien> {
    let outcome: String = r.get(6)?;
    Ok(Entretien {
        id: r.get(0)?,
        student_id: r.get(1)?,
        held_on: r.get(2)?,
        staff_id: r.get(3)?,
        staff_name: r.get(4)?,
        diagnosis: r.get(5)?,
        outcome: decode(&outcome, 6)?,
        solution: r.get(7)?,
        next_step: r.get(8)?,
        created_at: r.get(9)?,
    })
}

fn entretien(conn: &Connection, id: i64) -> Result<Entretien> {
    conn.prepare_cached(&format!("{ENTRETIEN} WHERE e.id = ?1"))?
        .query_row([id], entretien_row)
        .optional()?
        .ok_or_else(|| Error::NotFound("Cet entretien n'existe pas (ou plus).".into()))
}

/// A student's entretiens de situation, newest first.
pub fn student_entretiens(cf: &CaseFile, student_id: i64) -> Result<Vec<Entretien>> {
    let mut stmt = cf.conn().prepare_cached(&format!(
        "{ENTRETIEN} WHERE e.student_id = ?1 ORDER BY e.held_on DESC, e.id DESC"
    ))?;
    let rows = stmt.query_map([student_id], entretien_row)?;
    collect(rows)
}

fn mesure_checked(conn: &Connection, m: &MesureInput) -> Result<(MesureInput, String)> {
    student_name(conn, m.student_id)?;
    let hours = m
        .hours
        .ok_or_else(|| Error::invalid("hours", "Indiquez la durée de la mesure, en heures."))?;
    if hours == 0 {
        return Err(Error::invalid(
            "hours",
            "La durée d'une mesure de responsabilisation est d'au moins 1 heure.",
        ));
    }
    if hours > MESURE_MAX_HOURS {
        return Err(Error::invalid(
            "hours",
            format!("Une mesure de responsabilisation dure au plus {MESURE_MAX_HOURS} heures, hors temps d'enseignement ({hours} h indiquées)."),
        ));
    }
    let host_detail = tidy(&m.host_detail);
    let host = match m.partner_id {
        None => {
            if host_detail.is_empty() {
                return Err(Error::invalid(
                    "hostDetail",
                    "Précisez où la mesure se déroule dans l'établissement (par exemple : CDI, service de restauration).",
                ));
            }
            "Dans l'établissement".to_owned()
        }
        Some(p) => conn
            .prepare_cached("SELECT name FROM partner WHERE id = ?1")?
            .query_row([p], |r| r.get(0))
            .optional()?
            .ok_or_else(|| {
                Error::invalid("partnerId", "Ce partenaire n'existe pas dans l'annuaire.")
            })?,
    };
    let start = m
        .start_on
        .ok_or_else(|| Error::invalid("startOn", "Indiquez le premier jour de la mesure."))?;
    let end = m
        .end_on
        .ok_or_else(|| Error::invalid("endOn", "Indiquez le dernier jour de la mesure."))?;
    if end < start {
        return Err(Error::invalid(
            "endOn",
            format!(
                "La date de fin ({}) précède la date de début ({}).",
                fr(end),
                fr(start)
            ),
        ));
    }
    Ok((
        MesureInput {
            student_id: m.student_id,
            hours: Some(hours),
            partner_id: m.partner_id,
            host_detail,
            start_on: Some(start),
            end_on: Some(end),
            status: m.status,
        },
        host,
    ))
}

fn mesure_fields(m: &MesureInput, host: &str) -> Fields {
    vec![
        ("Durée", m.hours.map(|h| format!("{h} h"))),
        ("Accueil", Some(host.to_owned())),
        ("Précision", non_empty(&m.host_detail)),
        ("Début", m.start_on.map(fr)),
        ("Fin", m.end_on.map(fr)),
        ("Statut", Some(m.status.label().to_owned())),
    ]
}

/// Records a mesure de responsabilisation (`id` set: corrects one, e.g. marks it done).
pub fn record_mesure(cf: &mut CaseFile, id: Option<i64>, input: &MesureInput) -> Result<Mesure> {
    let before = id.map(|i| mesure(cf.conn(), i)).transpose()?;
    if let Some(b) = &before {
        if b.student_id != input.student_id {
            return Err(Error::invalid(
                "studentId",
                "Une mesure ne change pas d'élève.",
            ));
        }
    }
    let (m, host) = mesure_checked(cf.conn(), input)?;
    let old = before
        .as_ref()
        .map(|b| {
            mesure_fields(
                &MesureInput {
                    student_id: b.student_id,
                    hours: Some(b.hours),
                    partner_id: b.partner_id,
                    host_detail: b.host_detail.clone(),
                    start_on: Some(b.start_on),
                    end_on: Some(b.end_on),
                    status: b.status,
                },
                &b.host_name,
            )
        })
        .unwrap_or_default();
    let changes = diff(&old, &mesure_fields(&m, &host));
    if let (Some(b), true) = (&before, changes.is_empty()) {
        return Ok(b.clone());
    }
    let name = student_name(cf.conn(), m.student_id)?;
    let id = cf.write(|tx| {
        let conn = tx.conn();
        let id = match id {
            None => {
                conn.prepare_cached(
                    "INSERT INTO mesure (student_id, hours, partner_id, host_detail, start_on, end_on, status, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )?
                .execute(params![m.student_id, m.hours, m.partner_id, m.host_detail, m.start_on, m.end_on, m.status.code(), tx.at()])?;
                conn.last_insert_rowid()
            }
            Some(id) => {
                conn.prepare_cached(
                    "UPDATE mesure SET hours = ?2, partner_id = ?3, host_detail = ?4, start_on = ?5, end_on = ?6, status = ?7
                      WHERE id = ?1",
                )?
                .execute(params![id, m.hours, m.partner_id, m.host_detail, m.start_on, m.end_on, m.status.code()])?;
                id
            }
        };
        let summary = match &before {
            None => format!(
                "Mesure de responsabilisation de {} h pour {name} ({})",
                m.hours.unwrap_or_default(),
                host
            ),
            Some(_) => format!("Mesure de responsabilisation de {name} : {}", m.status.label().to_lowercase()),
        };
        tx.journal(JournalDraft {
            entity: "mesure",
            entity_id: Some(id),
            student_id: Some(m.student_id),
            summary,
            changes,
        })?;
        Ok(id)
    })?;
    mesure(cf.conn(), id)
}

/// Marks a mesure done or not done.
pub fn set_mesure_status(cf: &mut CaseFile, id: i64, status: MesureStatus) -> Result<Mesure> {
    let b = mesure(cf.conn(), id)?;
    record_mesure(
        cf,
        Some(id),
        &MesureInput {
            student_id: b.student_id,
            hours: Some(b.hours),
            partner_id: b.partner_id,
            host_detail: b.host_detail.clone(),
            start_on: Some(b.start_on),
            end_on: Some(b.end_on),
            status,
        },
    )
}

const MESURE: &str =
    "SELECT m.id, m.student_id, m.hours, m.partner_id, coalesce(p.name, 'Dans l''établissement'),
        m.host_detail, m.start_on, m.end_on, m.status, m.created_at
   FROM mesure m LEFT JOIN partner p ON p.id = m.partner_id";

fn mesure_row(r: &Row<'_>) -> rusqlite::Result<Mesure> {
    let status: String = r.get(8)?;
    Ok(Mesure {
        id: r.get(0)?,
        student_id: r.get(1)?,
        hours: r.get(2)?,
        partner_id: r.get(3)?,
        host_name: r.get(4)?,
        host_detail: r.get(5)?,
        start_on: r.get(6)?,
        end_on: r.get(7)?,
        status: decode(&status, 8)?,
        created_at: r.get(9)?,
    })
}

fn mesure(conn: &Connection, id: i64) -> Result<Mesure> {
    conn.prepare_cached(&format!("{MESURE} WHERE m.id = ?1"))?
        .query_row([id], mesure_row)
        .optional()?
        .ok_or_else(|| Error::NotFound("Cette mesure n'existe pas (ou plus).".into()))
}

/// A student's mesures de responsabilisation, newest first.
pub fn student_mesures(cf: &CaseFile, student_id: i64) -> Result<Vec<Mesure>> {
    let mut stmt = cf.conn().prepare_cached(&format!(
        "{MESURE} WHERE m.student_id = ?1 ORDER BY m.start_on DESC, m.id DESC"
    ))?;
    let rows = stmt.query_map([student_id], mesure_row)?;
    collect(rows)
}
