//! The path itself: making it, its frame (dates, tutor, objectives), its states and their rules,
//! and the case file's validating authority.

use chrono::{Months, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{
    fr, frame, of_student, Activity, Frame, NextStep, Objective, Pafi, PafiState,
    ValidationAuthority,
};
use crate::casefile::{CaseFile, JournalDraft};
use crate::error::{Error, Result};
use crate::gpds::{active_staff, staff_name, student_name};
use crate::registry::{diff, non_empty, Coded, Fields};
use crate::school_year::age_on;
use crate::text::lower_first;
use crate::text::tidy;

/// The youngest a student may be on the first day of a path.
pub const MIN_AGE: i32 = 15;
/// Under this age, only the DASEN / DSDEN validates (seed 000).
pub const DSDEN_ONLY_BELOW: i32 = 16;
/// From this age the student signs alone.
pub const ADULT: i32 = 18;
/// Beyond this many months a path asks for a confirmation (the national recommendation).
pub const SHORT_MONTHS: u32 = 2;
/// A path lasts at most one year.
pub const MAX_MONTHS: u32 = 12;

/// What the user types for a path's frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PafiInput {
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// The GPDS proposal it answers, if any (marked "taken").
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub proposal_id: Option<i64>,
    /// First day (may wait while the path is prepared).
    pub start_on: Option<NaiveDate>,
    /// Last day.
    pub end_on: Option<NaiveDate>,
    /// The tutor.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub tutor_id: Option<i64>,
    /// The MLDS coordinator ("Nom, fonction"), if any.
    pub mlds_coordinator: String,
    /// Listed objectives.
    pub objectives: Vec<Objective>,
    /// Objectives in the team's words, one per line.
    pub objectives_text: String,
    /// The GPDS diagnosis.
    pub diagnosis_on: Option<NaiveDate>,
    /// The date set for the final bilan.
    pub bilan_due_on: Option<NaiveDate>,
    /// Planned return to class.
    pub return_on: Option<NaiveDate>,
    /// How the return is prepared.
    pub return_terms: String,
    /// An adult student asks that the family sign too.
    pub family_signs: bool,
    /// The user confirmed a path longer than two months.
    pub confirm_long: bool,
}

/// A change of state asked by the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct StateChange {
    /// The state to go to.
    pub to: PafiState,
    /// The date of the change (not in the future).
    pub on: NaiveDate,
    /// For "validé": who validated (the case file's authority when none).
    pub authority: Option<ValidationAuthority>,
    /// For "validé": the decision's reference. For "interrompu": the reason (required).
    pub note: String,
}

fn dates_checked(
    conn: &Connection,
    student_id: i64,
    birth: NaiveDate,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    confirm_long: bool,
    kept: Option<i64>,
) -> Result<()> {
    if let Some(s) = start {
        let age = age_on(birth, s);
        if age < MIN_AGE {
            return Err(Error::invalid(
                "startOn",
                format!(
                    "L'élève aura {age} ans le {} : un PAFI s'adresse aux élèves d'au moins {MIN_AGE} ans à son premier jour. Choisissez une date de début à partir du {}.",
                    fr(s),
                    fr(birthday(birth, MIN_AGE))
                ),
            ));
        }
    }
    let (Some(s), Some(e)) = (start, end) else {
        return Ok(());
    };
    if e < s {
        return Err(Error::invalid(
            "endOn",
            format!(
                "La date de fin ({}) précède la date de début ({}).",
                fr(e),
                fr(s)
            ),
        ));
    }
    let year_later = s.checked_add_months(Months::new(MAX_MONTHS)).unwrap_or(s);
    if e > year_later {
        return Err(Error::invalid(
            "endOn",
            format!(
                "Un PAFI dure au plus une année scolaire : la date de fin ne peut pas dépasser le {}.",
                fr(year_later)
            ),
        ));
    }
    let mut stmt = conn.prepare_cached(
        "SELECT id, start_on, coalesce(interrupted_on, end_on), state FROM pafi
          WHERE student_id = ?1 AND start_on IS NOT NULL AND end_on IS NOT NULL AND id IS NOT ?2",
    )?;
    let others = stmt.query_map(params![student_id, kept], |r| {
        Ok((
            r.get::<_, NaiveDate>(1)?,
            r.get::<_, NaiveDate>(2)?,
            r.get::<_, String>(3)?,
        ))
    })?;
    for other in others {
        let (os, oe, _) = other?;
        if s <= oe && os <= e {
            return Err(Error::invalid(
                "startOn",
                format!(
                    "Cet élève a déjà un PAFI du {} au {} : deux parcours ne peuvent pas se chevaucher.",
                    fr(os),
                    fr(oe)
                ),
            ));
        }
    }
    let short_end = s.checked_add_months(Months::new(SHORT_MONTHS)).unwrap_or(s);
    if e > short_end && !confirm_long {
        return Err(Error::NeedsConfirmation {
            field: "endOn".into(),
            message: format!(
                "Ce parcours dure plus de deux mois (du {} au {}). La recommandation nationale privilégie les parcours courts (un à deux mois) : le retour en classe est l'étape délicate. Le garder ainsi ?",
                fr(s),
                fr(e)
            ),
        });
    }
    Ok(())
}

/// The day `birth` + `years` (29 February → 1 March in a non-leap year, as [`age_on`] counts).
fn birthday(birth: NaiveDate, years: i32) -> NaiveDate {
    use chrono::Datelike;
    let year = birth.year() + years;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .unwrap_or(birth)
}

struct Checked {
    input: PafiInput,
    student: String,
}

fn checked(conn: &Connection, p: &PafiInput, kept: Option<&Frame>) -> Result<Checked> {
    let student = student_name(conn, p.student_id)?;
    let birth: NaiveDate = conn
        .prepare_cached("SELECT birth_date FROM student WHERE id = ?1")?
        .query_row([p.student_id], |r| r.get(0))?;
    if let Some(t) = p.tutor_id {
        if kept.and_then(|k| k.tutor_id) != Some(t) {
            active_staff(conn, t, "tutorId")?;
        }
    }
    let dates_changed =
        kept.is_none_or(|k| k.start_on != p.start_on || k.end_on != p.end_on || p.confirm_long);
    if dates_changed {
        dates_checked(
            conn,
            p.student_id,
            birth,
            p.start_on,
            p.end_on,
            p.confirm_long,
            kept.map(|k| k.id),
        )?;
    }
    if let (Some(s), Some(b)) = (p.start_on, p.bilan_due_on) {
        if b < s {
            return Err(Error::invalid(
                "bilanDueOn",
                "Le bilan final se tient après le début du parcours.",
            ));
        }
    }
    if let (Some(s), Some(r)) = (p.start_on, p.return_on) {
        if r < s {
            return Err(Error::invalid(
                "returnOn",
                "Le retour en classe se fait après le début du parcours.",
            ));
        }
    }
    let mut objectives = p.objectives.clone();
    objectives.dedup();
    Ok(Checked {
        student,
        input: PafiInput {
            student_id: p.student_id,
            proposal_id: p.proposal_id,
            start_on: p.start_on,
            end_on: p.end_on,
            tutor_id: p.tutor_id,
            mlds_coordinator: tidy(&p.mlds_coordinator),
            objectives,
            objectives_text: p.objectives_text.trim().to_owned(),
            diagnosis_on: p.diagnosis_on,
            bilan_due_on: p.bilan_due_on,
            return_on: p.return_on,
            return_terms: p.return_terms.trim().to_owned(),
            family_signs: p.family_signs,
            confirm_long: p.confirm_long,
        },
    })
}

fn fields(conn: &Connection, p: &PafiInput) -> Result<Fields> {
    let tutor = match p.tutor_id {
        Some(t) => Some(staff_name(conn, t, "tutorId")?),
        None => None,
    };
    Ok(vec![
        ("Début", p.start_on.map(fr)),
        ("Fin", p.end_on.map(fr)),
        ("Tuteur", tutor),
        ("Coordonnateur MLDS", non_empty(&p.mlds_coordinator)),
        (
            "Objectifs",
            Some(
                p.objectives
                    .iter()
                    .map(|o| o.label())
                    .collect::<Vec<_>>()
                    .join(", "),
            )
            .filter(|s| !s.is_empty()),
        ),
        ("Objectifs (texte)", non_empty(&p.objectives_text)),
        ("Diagnostic GPDS", p.diagnosis_on.map(fr)),
        ("Bilan final prévu", p.bilan_due_on.map(fr)),
        ("Retour en classe", p.return_on.map(fr)),
        ("Modalités du retour", non_empty(&p.return_terms)),
        (
            "Famille signataire (élève majeur)",
            p.family_signs.then(|| "oui".to_owned()),
        ),
    ])
}

fn input_of(f: &Frame) -> PafiInput {
    PafiInput {
        student_id: f.student_id,
        proposal_id: f.proposal_id,
        start_on: f.start_on,
        end_on: f.end_on,
        tutor_id: f.tutor_id,
        mlds_coordinator: f.mlds_coordinator.clone(),
        objectives: f.objectives.clone(),
        objectives_text: f.objectives_text.clone(),
        diagnosis_on: f.diagnosis_on,
        bilan_due_on: f.bilan_due_on,
        return_on: f.return_on,
        return_terms: f.return_terms.clone(),
        family_signs: f.family_signs,
        confirm_long: false,
    }
}

fn objectives_json(o: &[Objective]) -> String {
    serde_json::Value::Array(
        o.iter()
            .map(|o| serde_json::Value::String(o.code().to_owned()))
            .collect(),
    )
    .to_string()
}

/// Makes a path, "proposé" as of today; from a GPDS proposal, that proposal becomes "taken".
pub fn create_pafi(cf: &mut CaseFile, input: &PafiInput) -> Result<Pafi> {
    let c = checked(cf.conn(), input, None)?;
    let p = &c.input;
    if let Some(pid) = p.proposal_id {
        let found: Option<(i64, String, String)> = cf
            .conn()
            .query_row(
                "SELECT student_id, kind, status FROM proposal WHERE id = ?1",
                [pid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        match found {
            Some((sid, kind, status))
                if sid == p.student_id && kind == "pafi" && status == "open" => {}
            Some((_, _, status)) if status != "open" => {
                return Err(Error::invalid(
                    "proposalId",
                    "Cette proposition du GPDS a déjà été reprise ou abandonnée.",
                ))
            }
            _ => {
                return Err(Error::invalid(
                    "proposalId",
                    "Cette proposition du GPDS ne concerne pas un PAFI de cet élève.",
                ))
            }
        }
    }
    let changes = diff(&Vec::new(), &fields(cf.conn(), p)?);
    let today = cf.today();
    let student = c.student.clone();
    let id = cf.write(|tx| {
        let conn = tx.conn();
        let (class_name, track): (String, Option<String>) = conn.query_row(
            "SELECT class_name, track FROM student WHERE id = ?1",
            [p.student_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        conn.prepare_cached(
            "INSERT INTO pafi (student_id, proposal_id, state, state_on, proposed_on, class_name, track,
                               start_on, end_on, tutor_id, mlds_coordinator, objectives, objectives_text,
                               diagnosis_on, bilan_due_on, return_on, return_terms, family_signs,
                               created_at, updated_at)
             VALUES (?1, ?2, 'proposed', ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?17)",
        )?
        .execute(params![
            p.student_id, p.proposal_id, today, class_name, track, p.start_on, p.end_on, p.tutor_id,
            p.mlds_coordinator, objectives_json(&p.objectives), p.objectives_text, p.diagnosis_on,
            p.bilan_due_on, p.return_on, p.return_terms, p.family_signs, tx.at(),
        ])?;
        let id = conn.last_insert_rowid();
        conn.prepare_cached(
            "INSERT INTO pafi_transition (pafi_id, from_state, to_state, on_date, note, at)
             VALUES (?1, NULL, 'proposed', ?2, ?3, ?4)",
        )?
        .execute(params![
            id,
            today,
            if p.proposal_id.is_some() { "Proposé par le GPDS" } else { "" },
            tx.at()
        ])?;
        if let Some(pid) = p.proposal_id {
            crate::gpds::take_proposal(conn, pid, today, "PAFI en préparation")?;
        }
        tx.journal(JournalDraft {
            entity: "pafi",
            entity_id: Some(id),
            student_id: Some(p.student_id),
            summary: format!("PAFI proposé pour {student}"),
            changes,
        })?;
        Ok(id)
    })?;
    super::pafi(cf, id)
}

/// Changes a path's frame. A finished or interrupted path is no longer changed.
pub fn update_pafi(cf: &mut CaseFile, id: i64, input: &PafiInput) -> Result<Pafi> {
    let before = frame(cf.conn(), id)?;
    if before.student_id != input.student_id {
        return Err(Error::invalid(
            "studentId",
            "Un PAFI ne change pas d'élève.",
        ));
    }
    if before.state.is_closed() {
        return Err(Error::Conflict(format!(
            "Ce PAFI est {} : il ne se modifie plus.",
            before.state.label().to_lowercase()
        )));
    }
    let c = checked(cf.conn(), input, Some(&before))?;
    let p = &c.input;
    if matches!(before.state, PafiState::Running | PafiState::Validated)
        && (p.start_on.is_none() || p.end_on.is_none())
    {
        return Err(Error::invalid(
            if p.start_on.is_none() {
                "startOn"
            } else {
                "endOn"
            },
            "Un PAFI validé garde ses dates de début et de fin.",
        ));
    }
    let changes = diff(
        &fields(cf.conn(), &input_of(&before))?,
        &fields(cf.conn(), p)?,
    );
    if changes.is_empty() {
        return super::pafi(cf, id);
    }
    let student = c.student.clone();
    cf.write(|tx| {
        tx.conn()
            .prepare_cached(
                "UPDATE pafi SET start_on = ?2, end_on = ?3, tutor_id = ?4, mlds_coordinator = ?5,
                                 objectives = ?6, objectives_text = ?7, diagnosis_on = ?8, bilan_due_on = ?9,
                                 return_on = ?10, return_terms = ?11, family_signs = ?12, updated_at = ?13
                  WHERE id = ?1",
            )?
            .execute(params![
                id, p.start_on, p.end_on, p.tutor_id, p.mlds_coordinator,
                objectives_json(&p.objectives), p.objectives_text, p.diagnosis_on, p.bilan_due_on,
                p.return_on, p.return_terms, p.family_signs, tx.at(),
            ])?;
        tx.journal(JournalDraft {
            entity: "pafi",
            entity_id: Some(id),
            student_id: Some(p.student_id),
            summary: format!("PAFI {} modifié", crate::text::de(&student)),
            changes,
        })
    })?;
    super::pafi(cf, id)
}

/// The states a path may go to from `from`.
fn reachable(from: PafiState) -> &'static [PafiState] {
    use PafiState::*;
    match from {
        Proposed => &[Preparing, Interrupted],
        Preparing => &[AwaitingValidation, Interrupted],
        AwaitingValidation => &[Validated, Preparing, Interrupted],
        Validated => &[Running, Interrupted],
        Running => &[Finished, Interrupted],
        Finished | Interrupted => &[],
    }
}

/// The state of the latest version of a record's document of `kind` ("signed", "sealed"…).
fn latest_document_state(
    conn: &Connection,
    kind: &str,
    entity: &str,
    id: i64,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT state FROM document WHERE kind = ?1 AND record_entity = ?2 AND record_id = ?3
              ORDER BY version DESC LIMIT 1",
        )?
        .query_row(params![kind, entity, id], |r| r.get(0))
        .optional()?)
}

fn is_signed(state: Option<&str>) -> bool {
    matches!(state, Some("signed" | "sealed"))
}

/// What is missing before `f` may go to `to` (French sentences; empty: nothing).
fn missing_for(
    conn: &Connection,
    f: &Frame,
    to: PafiState,
    activities: &[Activity],
    has_bilan: bool,
) -> Result<Vec<String>> {
    let mut missing = Vec::new();
    match to {
        PafiState::AwaitingValidation => {
            if f.start_on.is_none() || f.end_on.is_none() {
                missing.push("Indiquez les dates de début et de fin du parcours.".to_owned());
            }
            if activities.is_empty() {
                missing.push("Ajoutez au moins une activité.".to_owned());
            }
        }
        PafiState::Validated if f.start_on.is_none() || f.end_on.is_none() => {
            missing.push("Indiquez les dates de début et de fin du parcours.".to_owned());
        }
        PafiState::Running => {
            if f.tutor_id.is_none() {
                missing.push("Désignez le tuteur du parcours.".to_owned());
            }
            if activities.is_empty() {
                missing.push("Ajoutez au moins une activité.".to_owned());
            }
            if !is_signed(latest_document_state(conn, "contrat_pafi", "pafi", f.id)?.as_deref()) {
                missing.push(
                    "Faites signer le contrat PAFI (sa dernière version) par toutes les parties."
                        .to_owned(),
                );
            }
            for a in activities.iter().filter(|a| a.needs_convention) {
                if !is_signed(a.convention_state.as_deref()) {
                    missing.push(format!(
                        "Faites signer la convention d'accueil de l'activité « {} »{}.",
                        a.title,
                        if a.host_name.is_empty() {
                            String::new()
                        } else {
                            format!(" ({})", a.host_name)
                        }
                    ));
                }
            }
        }
        PafiState::Finished if !has_bilan => {
            missing.push("Saisissez le bilan final du parcours.".to_owned());
        }
        _ => {}
    }
    Ok(missing)
}

pub(super) fn next_steps(
    conn: &Connection,
    f: &Frame,
    activities: &[Activity],
    has_bilan: bool,
) -> Result<Vec<NextStep>> {
    reachable(f.state)
        .iter()
        .map(|&to| {
            Ok(NextStep {
                to,
                missing: missing_for(conn, f, to, activities, has_bilan)?,
            })
        })
        .collect()
}

/// Moves a path to another state, on a date the user gives (not in the future, not before the
/// previous change). Each change is stored, journaled and shown in the chronology.
pub fn change_state(cf: &mut CaseFile, id: i64, change: &StateChange) -> Result<Pafi> {
    let conn = cf.conn();
    let f = frame(conn, id)?;
    if !reachable(f.state).contains(&change.to) {
        return Err(Error::Conflict(format!(
            "Ce PAFI est « {} » : il ne peut pas passer à « {} ».",
            f.state.label(),
            change.to.label()
        )));
    }
    if change.on > cf.today() {
        return Err(Error::invalid(
            "on",
            format!(
                "La date {} est dans le futur : notez le changement le jour où il a lieu.",
                fr(change.on)
            ),
        ));
    }
    if change.on < f.state_on {
        return Err(Error::invalid(
            "on",
            format!(
                "La date {} précède la dernière étape du parcours ({}).",
                fr(change.on),
                fr(f.state_on)
            ),
        ));
    }
    let activities = super::parts::activities(conn, id)?;
    let has_bilan = super::bilan::bilan(conn, id)?.is_some();
    let missing = missing_for(conn, &f, change.to, &activities, has_bilan)?;
    if let Some(first) = missing.first() {
        return Err(Error::invalid(
            "to",
            if missing.len() == 1 {
                format!(
                    "Le PAFI ne peut pas passer à « {} » : {}",
                    change.to.label(),
                    lower_first(first)
                )
            } else {
                format!(
                    "Le PAFI ne peut pas passer à « {} » : {}",
                    change.to.label(),
                    missing
                        .iter()
                        .map(|m| lower_first(m.trim_end_matches('.')))
                        .collect::<Vec<_>>()
                        .join(" ; ")
                        + "."
                )
            },
        ));
    }
    let note = tidy(&change.note);
    let mut authority_used = None;
    match change.to {
        PafiState::Validated => {
            let age = f.age_at_start().unwrap_or(MIN_AGE);
            // Under 16 only the DASEN validates: that is the default then, whatever the case
            // file's authority; another one named explicitly is refused below.
            let authority = match change.authority {
                Some(a) => a,
                None if age < DSDEN_ONLY_BELOW => ValidationAuthority::Dasen,
                None => authority(cf)?,
            };
            if age < DSDEN_ONLY_BELOW && authority != ValidationAuthority::Dasen {
                return Err(Error::invalid(
                    "authority",
                    format!(
                        "{} aura {age} ans au début du parcours : pour un élève de moins de 16 ans, seule la DSDEN (le DASEN) valide le PAFI.",
                        f.student_name
                    ),
                ));
            }
            authority_used = Some(authority);
        }
        PafiState::Interrupted if note.is_empty() => {
            return Err(Error::invalid(
                "note",
                "Indiquez pourquoi le parcours est interrompu.",
            ));
        }
        _ => {}
    }
    let what = of_student(&f);
    let summary = match change.to {
        PafiState::Preparing if f.state == PafiState::AwaitingValidation => {
            format!(
                "PAFI {} repris en préparation",
                crate::text::de(&f.student_name)
            )
        }
        PafiState::Preparing => format!("PAFI {} en préparation", crate::text::de(&f.student_name)),
        PafiState::AwaitingValidation => format!(
            "PAFI {} transmis pour validation le {}",
            crate::text::de(&f.student_name),
            fr(change.on)
        ),
        PafiState::Validated => format!(
            "PAFI {} validé le {} ({})",
            crate::text::de(&f.student_name),
            fr(change.on),
            authority_used.map(Coded::label).unwrap_or_default()
        ),
        PafiState::Running => format!(
            "Début du PAFI {} le {}",
            crate::text::de(&f.student_name),
            fr(change.on)
        ),
        PafiState::Finished => format!(
            "PAFI {} terminé le {}",
            crate::text::de(&f.student_name),
            fr(change.on)
        ),
        PafiState::Interrupted => format!(
            "PAFI {} interrompu le {} : {note}",
            crate::text::de(&f.student_name),
            fr(change.on)
        ),
        PafiState::Proposed => format!("{what} proposé"),
    };
    cf.write(|tx| {
        let conn = tx.conn();
        conn.prepare_cached("UPDATE pafi SET state = ?2, state_on = ?3, updated_at = ?4 WHERE id = ?1")?
            .execute(params![id, change.to.code(), change.on, tx.at()])?;
        match change.to {
            PafiState::AwaitingValidation => {
                conn.execute(
                    "UPDATE pafi SET validation_requested_on = ?2 WHERE id = ?1",
                    params![id, change.on],
                )?;
            }
            PafiState::Validated => {
                conn.execute(
                    "UPDATE pafi SET validation_authority = ?2, validated_on = ?3, validation_ref = ?4 WHERE id = ?1",
                    params![id, authority_used.map(Coded::code), change.on, note],
                )?;
            }
            PafiState::Interrupted => {
                conn.execute(
                    "UPDATE pafi SET interrupted_on = ?2, interruption_reason = ?3 WHERE id = ?1",
                    params![id, change.on, note],
                )?;
            }
            _ => {}
        }
        conn.prepare_cached(
            "INSERT INTO pafi_transition (pafi_id, from_state, to_state, on_date, note, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![id, f.state.code(), change.to.code(), change.on, note, tx.at()])?;
        tx.journal(JournalDraft {
            entity: "pafi",
            entity_id: Some(id),
            student_id: Some(f.student_id),
            summary,
            changes: vec![crate::casefile::Change {
                field: "État".into(),
                before: Some(f.state.label().into()),
                after: Some(change.to.label().into()),
            }],
        })
    })?;
    super::pafi(cf, id)
}

/// The case file's validating authority (DASEN by default).
pub fn authority(cf: &CaseFile) -> Result<ValidationAuthority> {
    let code: String =
        cf.conn()
            .query_row("SELECT authority FROM pafi_setting WHERE id = 1", [], |r| {
                r.get(0)
            })?;
    ValidationAuthority::from_code(&code)
        .ok_or_else(|| Error::Format(format!("Autorité de validation inconnue : {code}.")))
}

/// Sets who validates PAFI for this case file (an académie's choice). Students under 16 are
/// validated by the DASEN whatever this says.
pub fn set_authority(cf: &mut CaseFile, a: ValidationAuthority) -> Result<ValidationAuthority> {
    let before = authority(cf)?;
    if before == a {
        return Ok(a);
    }
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE pafi_setting SET authority = ?1 WHERE id = 1",
            [a.code()],
        )?;
        tx.journal(JournalDraft {
            entity: "establishment",
            entity_id: Some(1),
            student_id: None,
            summary: format!("Autorité de validation des PAFI : {}", a.label()),
            changes: vec![crate::casefile::Change {
                field: "Autorité de validation des PAFI".into(),
                before: Some(before.label().into()),
                after: Some(a.label().into()),
            }],
        })
    })?;
    Ok(a)
}
