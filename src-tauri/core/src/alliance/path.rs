//! The alliance itself: making it (one open alliance per student), its frame, its states and
//! their rules, the shared evaluation, reopening.

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{
    fr, frame, AllianceKind, AllianceState, DiagnosisEntry, Frame, Member, NextStep, Response,
    ResponseStatus, Situation,
};
use crate::casefile::{CaseFile, Change, JournalDraft};
use crate::error::{Error, Result};
use crate::gpds::student_name;
use crate::registry::{diff, non_empty, Coded, Fields};
use crate::text::lower_first;
use crate::text::tidy;

/// What the user types for an alliance's frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AllianceInput {
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// The GPDS proposal it answers, if any (marked "taken").
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub proposal_id: Option<i64>,
    /// Interne or externe.
    pub kind: Option<AllianceKind>,
    /// First day of the support.
    pub start_on: Option<NaiveDate>,
    /// Last day planned (none: the end of the school year).
    pub end_on: Option<NaiveDate>,
    /// Rhythm of the follow-up.
    pub rhythm: String,
}

/// A change of state asked by the user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "ts", ts(rename = "AllianceStateChange"))]
pub struct StateChange {
    /// The state to go to.
    pub to: AllianceState,
    /// When (not in the future).
    pub on: NaiveDate,
    /// For "abandonnée": the reason (required).
    pub note: String,
}

/// A response's result at the evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ResponseResult {
    /// The response.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub response_id: i64,
    /// Where it ended.
    pub status: ResponseStatus,
    /// What it gave.
    pub result: String,
}

/// The shared evaluation, as the user types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EvaluationInput {
    /// When it was made.
    pub on: Option<NaiveDate>,
    /// The student's situation.
    pub situation: Option<Situation>,
    /// Details.
    pub situation_details: String,
    /// What worked (and what did not).
    pub what_worked: String,
    /// Each response's result.
    pub results: Vec<ResponseResult>,
}

fn checked(f: &AllianceInput) -> Result<(AllianceKind, AllianceInput)> {
    let kind = f.kind.ok_or_else(|| {
        Error::invalid(
            "kind",
            "Choisissez le type d'alliance : interne (personnels de l'établissement) ou externe (avec des partenaires).",
        )
    })?;
    if let (Some(s), Some(e)) = (f.start_on, f.end_on) {
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
    }
    Ok((
        kind,
        AllianceInput {
            student_id: f.student_id,
            proposal_id: f.proposal_id,
            kind: Some(kind),
            start_on: f.start_on,
            end_on: f.end_on,
            rhythm: tidy(&f.rhythm),
        },
    ))
}

fn fields(f: &AllianceInput) -> Fields {
    vec![
        ("Type", f.kind.map(|k| k.label().to_owned())),
        ("Début", f.start_on.map(fr)),
        ("Fin", f.end_on.map(fr)),
        ("Rythme du suivi", non_empty(&f.rhythm)),
    ]
}

/// Makes an alliance, "proposée" as of today. A student has one open alliance at a time: when
/// one is open the message names it (open it instead); a closed one can be reopened
/// ([`reopen_alliance`]).
pub fn create_alliance(cf: &mut CaseFile, input: &AllianceInput) -> Result<super::Alliance> {
    let student = student_name(cf.conn(), input.student_id)?;
    let (kind, f) = checked(input)?;
    let open: Option<(i64, NaiveDate)> = cf
        .conn()
        .query_row(
            "SELECT id, proposed_on FROM alliance WHERE student_id = ?1 AND state NOT IN ('closed', 'abandoned')",
            [f.student_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let (Some((existing, _)), Some(pid)) = (open, f.proposal_id) {
        // A GPDS proposal for a student whose alliance is already open: it joins that one.
        return take_proposal_into(cf, existing, pid, &student);
    }
    if let Some((_, on)) = open {
        return Err(Error::invalid(
            "studentId",
            format!(
                "{student} a déjà une alliance éducative ouverte (proposée le {}) : complétez-la plutôt que d'en ouvrir une seconde.",
                fr(on)
            ),
        ));
    }
    if let Some(pid) = f.proposal_id {
        let found: Option<(i64, String, String)> = cf
            .conn()
            .query_row(
                "SELECT student_id, kind, status FROM proposal WHERE id = ?1",
                [pid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        match found {
            Some((sid, k, status))
                if sid == f.student_id && k == "alliance" && status == "open" => {}
            _ => {
                return Err(Error::invalid(
                    "proposalId",
                    "Cette proposition du GPDS n'est pas une alliance à reprendre pour cet élève.",
                ))
            }
        }
    }
    let today = cf.today();
    let changes = diff(&Vec::new(), &fields(&f));
    let id = cf.write(|tx| {
        let conn = tx.conn();
        let class_name: String = conn.query_row(
            "SELECT class_name FROM student WHERE id = ?1",
            [f.student_id],
            |r| r.get(0),
        )?;
        conn.prepare_cached(
            "INSERT INTO alliance (student_id, proposal_id, kind, state, state_on, proposed_on, class_name,
                                   start_on, end_on, rhythm, created_at, updated_at)
             VALUES (?1, ?2, ?3, 'proposed', ?4, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        )?
        .execute(params![
            f.student_id, f.proposal_id, kind.code(), today, class_name, f.start_on, f.end_on,
            f.rhythm, tx.at()
        ])?;
        let id = conn.last_insert_rowid();
        conn.prepare_cached(
            "INSERT INTO alliance_transition (alliance_id, from_state, to_state, on_date, note, at)
             VALUES (?1, NULL, 'proposed', ?2, ?3, ?4)",
        )?
        .execute(params![
            id,
            today,
            if f.proposal_id.is_some() { "Proposée par le GPDS" } else { "" },
            tx.at()
        ])?;
        if let Some(pid) = f.proposal_id {
            crate::gpds::take_proposal(conn, pid, today, "Alliance éducative proposée")?;
        }
        tx.journal(JournalDraft {
            entity: "alliance",
            entity_id: Some(id),
            student_id: Some(f.student_id),
            summary: format!("{} proposée pour {student}", kind.label()),
            changes,
        })?;
        Ok(id)
    })?;
    super::alliance(cf, id)
}

/// Marks a GPDS alliance proposal taken by an alliance already open for the student (and its
/// GPDS action done), so that it does not wait on the dashboard for ever.
fn take_proposal_into(
    cf: &mut CaseFile,
    alliance_id: i64,
    proposal_id: i64,
    student: &str,
) -> Result<super::Alliance> {
    let found: Option<String> = cf
        .conn()
        .query_row(
            "SELECT status FROM proposal WHERE id = ?1 AND kind = 'alliance'
               AND student_id = (SELECT student_id FROM alliance WHERE id = ?2)",
            params![proposal_id, alliance_id],
            |r| r.get(0),
        )
        .optional()?;
    if found.as_deref() != Some("open") {
        return Err(Error::invalid(
            "proposalId",
            "Cette proposition du GPDS n'est pas une alliance à reprendre pour cet élève.",
        ));
    }
    let today = cf.today();
    cf.write(|tx| {
        let conn = tx.conn();
        crate::gpds::take_proposal(
            conn,
            proposal_id,
            today,
            "Rattachée à l'alliance éducative en cours",
        )?;
        let sid: i64 = conn.query_row(
            "SELECT student_id FROM alliance WHERE id = ?1",
            [alliance_id],
            |r| r.get(0),
        )?;
        tx.journal(JournalDraft {
            entity: "alliance",
            entity_id: Some(alliance_id),
            student_id: Some(sid),
            summary: format!(
                "Proposition d'alliance du GPDS rattachée à l'alliance éducative en cours {}",
                crate::text::de(student)
            ),
            changes: Vec::new(),
        })
    })?;
    super::alliance(cf, alliance_id)
}

/// Changes an open alliance's frame. Turning an externe alliance interne is refused while
/// partners are members.
pub fn update_alliance(
    cf: &mut CaseFile,
    id: i64,
    input: &AllianceInput,
) -> Result<super::Alliance> {
    let before = open_frame(cf, id)?;
    if before.student_id != input.student_id {
        return Err(Error::invalid(
            "studentId",
            "Une alliance ne change pas d'élève.",
        ));
    }
    let (kind, f) = checked(input)?;
    if kind == AllianceKind::Internal {
        let partners: i64 = cf.conn().query_row(
            "SELECT count(*) FROM alliance_member WHERE alliance_id = ?1 AND partner_id IS NOT NULL AND left_on IS NULL",
            [id],
            |r| r.get(0),
        )?;
        if partners > 0 {
            return Err(Error::invalid(
                "kind",
                "Des partenaires font partie de l'équipe : retirez-les avant de passer l'alliance en interne.",
            ));
        }
    }
    let old = AllianceInput {
        student_id: before.student_id,
        proposal_id: before.proposal_id,
        kind: Some(before.kind),
        start_on: before.start_on,
        end_on: before.end_on,
        rhythm: before.rhythm.clone(),
    };
    let changes = diff(&fields(&old), &fields(&f));
    if changes.is_empty() {
        return super::alliance(cf, id);
    }
    cf.write(|tx| {
        tx.conn().execute(
            "UPDATE alliance SET kind = ?2, start_on = ?3, end_on = ?4, rhythm = ?5, updated_at = ?6 WHERE id = ?1",
            params![id, kind.code(), f.start_on, f.end_on, f.rhythm, tx.at()],
        )?;
        tx.journal(JournalDraft {
            entity: "alliance",
            entity_id: Some(id),
            student_id: Some(before.student_id),
            summary: format!("Alliance éducative {} modifiée", crate::text::de(&before.student_name)),
            changes,
        })
    })?;
    super::alliance(cf, id)
}

pub(super) fn open_frame(cf: &CaseFile, id: i64) -> Result<Frame> {
    let f = frame(cf.conn(), id)?;
    if f.state.is_closed() {
        return Err(Error::Conflict(format!(
            "Cette alliance est {} : rouvrez-la pour la modifier.",
            f.state.label().to_lowercase()
        )));
    }
    Ok(f)
}

fn reachable(from: AllianceState) -> &'static [AllianceState] {
    use AllianceState::*;
    match from {
        Proposed => &[Diagnosis, Abandoned],
        Diagnosis => &[Proposal, Abandoned],
        Proposal => &[Running, Diagnosis, Abandoned],
        Running => &[Closed, Abandoned],
        Closed | Abandoned => &[],
    }
}

fn missing_for(
    f: &Frame,
    to: AllianceState,
    members: &[Member],
    diagnosis: &[DiagnosisEntry],
    responses: &[Response],
) -> Vec<String> {
    let current: Vec<&Member> = members.iter().filter(|m| m.left_on.is_none()).collect();
    let mut missing = Vec::new();
    match to {
        AllianceState::Diagnosis => {
            if !current.iter().any(|m| m.is_referent) {
                missing.push(
                    "Désignez, parmi les personnels de l'établissement, le référent de l'élève dans l'alliance."
                        .to_owned(),
                );
            }
            if f.kind == AllianceKind::External && !current.iter().any(|m| m.partner_id.is_some()) {
                missing.push(
                    "Une alliance externe associe au moins un partenaire : ajoutez-le à l'équipe (ou passez l'alliance en interne)."
                        .to_owned(),
                );
            }
        }
        AllianceState::Proposal if diagnosis.is_empty() => {
            missing.push(
                "Notez au moins une potentialité ou une difficulté du diagnostic partagé."
                    .to_owned(),
            );
        }
        AllianceState::Running if responses.is_empty() => {
            missing.push("Formalisez au moins une réponse, avec son responsable.".to_owned());
        }
        AllianceState::Closed if f.evaluation.is_none() => {
            missing.push("Faites l'évaluation partagée avant de clôturer.".to_owned());
        }
        _ => {}
    }
    missing
}

pub(super) fn next_steps(
    f: &Frame,
    members: &[Member],
    diagnosis: &[DiagnosisEntry],
    responses: &[Response],
) -> Vec<NextStep> {
    reachable(f.state)
        .iter()
        .map(|&to| NextStep {
            to,
            missing: missing_for(f, to, members, diagnosis, responses),
        })
        .collect()
}

/// Moves an alliance to another state on a date the user gives.
pub fn change_state(cf: &mut CaseFile, id: i64, change: &StateChange) -> Result<super::Alliance> {
    let conn = cf.conn();
    let f = frame(conn, id)?;
    if !reachable(f.state).contains(&change.to) {
        return Err(Error::Conflict(format!(
            "Cette alliance est « {} » : elle ne peut pas passer à « {} ».",
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
                "La date {} précède la dernière étape de l'alliance ({}).",
                fr(change.on),
                fr(f.state_on)
            ),
        ));
    }
    let members = super::parts::members(conn, id)?;
    let diagnosis = super::parts::diagnosis(conn, id)?;
    let responses = super::parts::responses(conn, id)?;
    let missing = missing_for(&f, change.to, &members, &diagnosis, &responses);
    if !missing.is_empty() {
        return Err(Error::invalid(
            "to",
            format!(
                "L'alliance ne peut pas passer à « {} » : {}",
                change.to.label(),
                missing
                    .iter()
                    .map(|m| lower_first(m.trim_end_matches('.')))
                    .collect::<Vec<_>>()
                    .join(" ; ")
                    + "."
            ),
        ));
    }
    let note = tidy(&change.note);
    if change.to == AllianceState::Abandoned && note.is_empty() {
        return Err(Error::invalid(
            "note",
            "Indiquez pourquoi l'alliance est abandonnée.",
        ));
    }
    let summary = format!(
        "Alliance éducative {} : {} le {}{}",
        crate::text::de(&f.student_name),
        change.to.label().to_lowercase(),
        fr(change.on),
        if note.is_empty() {
            String::new()
        } else {
            format!(" ({note})")
        }
    );
    cf.write(|tx| {
        let conn = tx.conn();
        conn.execute(
            "UPDATE alliance SET state = ?2, state_on = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, change.to.code(), change.on, tx.at()],
        )?;
        match change.to {
            AllianceState::Abandoned => {
                conn.execute(
                    "UPDATE alliance SET abandon_reason = ?2 WHERE id = ?1",
                    params![id, note],
                )?;
            }
            AllianceState::Running if f.start_on.is_none() => {
                conn.execute(
                    "UPDATE alliance SET start_on = ?2 WHERE id = ?1",
                    params![id, change.on],
                )?;
            }
            _ => {}
        }
        conn.execute(
            "INSERT INTO alliance_transition (alliance_id, from_state, to_state, on_date, note, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                id,
                f.state.code(),
                change.to.code(),
                change.on,
                note,
                tx.at()
            ],
        )?;
        tx.journal(JournalDraft {
            entity: "alliance",
            entity_id: Some(id),
            student_id: Some(f.student_id),
            summary,
            changes: vec![Change {
                field: "État".into(),
                before: Some(f.state.label().into()),
                after: Some(change.to.label().into()),
            }],
        })
    })?;
    super::alliance(cf, id)
}

/// Records the shared evaluation of an alliance under way: the student's situation, what
/// worked, and each response's result. Closing needs it.
pub fn evaluate(cf: &mut CaseFile, id: i64, input: &EvaluationInput) -> Result<super::Alliance> {
    let f = open_frame(cf, id)?;
    if f.state != AllianceState::Running {
        return Err(Error::Conflict(
            "L'évaluation partagée se fait quand l'alliance est en cours, avant de la clôturer."
                .into(),
        ));
    }
    let on = input
        .on
        .ok_or_else(|| Error::invalid("on", "Indiquez la date de l'évaluation partagée."))?;
    if on > cf.today() {
        return Err(Error::invalid(
            "on",
            format!("La date {} est dans le futur.", fr(on)),
        ));
    }
    let situation = input.situation.ok_or_else(|| {
        Error::invalid(
            "situation",
            "Indiquez la situation de l'élève à l'issue de l'alliance.",
        )
    })?;
    let what_worked = input.what_worked.trim().to_owned();
    if what_worked.is_empty() {
        return Err(Error::invalid(
            "whatWorked",
            "Notez ce qui a fonctionné (et ce qui n'a pas fonctionné) : c'est le cœur de l'évaluation partagée.",
        ));
    }
    let responses = super::parts::responses(cf.conn(), id)?;
    for (i, r) in input.results.iter().enumerate() {
        if !responses.iter().any(|x| x.id == r.response_id) {
            return Err(Error::invalid(
                format!("results[{i}]"),
                "Cette réponse n'appartient pas à l'alliance.",
            ));
        }
    }
    let details = tidy(&input.situation_details);
    cf.write(|tx| {
        let conn = tx.conn();
        conn.execute(
            "UPDATE alliance SET evaluation_on = ?2, situation = ?3, situation_details = ?4, what_worked = ?5,
                                 updated_at = ?6 WHERE id = ?1",
            params![id, on, situation.code(), details, what_worked, tx.at()],
        )?;
        for r in &input.results {
            conn.execute(
                "UPDATE alliance_response SET status = ?2, result = ?3 WHERE id = ?1",
                params![r.response_id, r.status.code(), r.result.trim()],
            )?;
        }
        tx.journal(JournalDraft {
            entity: "alliance",
            entity_id: Some(id),
            student_id: Some(f.student_id),
            summary: format!(
                "Alliance éducative {} : évaluation partagée du {} ({})",
                crate::text::de(&f.student_name),
                fr(on),
                situation.label().to_lowercase()
            ),
            changes: Vec::new(),
        })
    })?;
    super::alliance(cf, id)
}

/// Reopens a closed or abandoned alliance (the student's situation changed again): it goes back
/// to the state it had before, and that is dated and journaled like any change.
pub fn reopen_alliance(cf: &mut CaseFile, id: i64, on: NaiveDate) -> Result<super::Alliance> {
    let f = frame(cf.conn(), id)?;
    if !f.state.is_closed() {
        return Err(Error::Conflict("Cette alliance est déjà ouverte.".into()));
    }
    let open: Option<i64> = cf
        .conn()
        .query_row(
            "SELECT id FROM alliance WHERE student_id = ?1 AND id != ?2 AND state NOT IN ('closed', 'abandoned')",
            params![f.student_id, id],
            |r| r.get(0),
        )
        .optional()?;
    if open.is_some() {
        return Err(Error::Conflict(format!(
            "{} a déjà une autre alliance ouverte.",
            f.student_name
        )));
    }
    if on > cf.today() || on < f.state_on {
        return Err(Error::invalid(
            "on",
            format!(
                "La date de réouverture va du {} à aujourd'hui.",
                fr(f.state_on)
            ),
        ));
    }
    let back: String = cf.conn().query_row(
        "SELECT from_state FROM alliance_transition WHERE alliance_id = ?1 AND to_state = ?2 ORDER BY id DESC LIMIT 1",
        params![id, f.state.code()],
        |r| r.get(0),
    )?;
    let to = AllianceState::from_code(&back).unwrap_or(AllianceState::Running);
    cf.write(|tx| {
        let conn = tx.conn();
        conn.execute(
            "UPDATE alliance SET state = ?2, state_on = ?3, abandon_reason = '', evaluation_on = NULL,
                                 situation = NULL, updated_at = ?4 WHERE id = ?1",
            params![id, to.code(), on, tx.at()],
        )?;
        conn.execute(
            "INSERT INTO alliance_transition (alliance_id, from_state, to_state, on_date, note, at)
             VALUES (?1, ?2, ?3, ?4, 'Réouverture', ?5)",
            params![id, f.state.code(), to.code(), on, tx.at()],
        )?;
        tx.journal(JournalDraft {
            entity: "alliance",
            entity_id: Some(id),
            student_id: Some(f.student_id),
            summary: format!(
                "Alliance éducative {} rouverte le {}",
                crate::text::de(&f.student_name),
                fr(on)
            ),
            changes: vec![Change {
                field: "État".into(),
                before: Some(f.state.label().into()),
                after: Some(to.label().into()),
            }],
        })
    })?;
    super::alliance(cf, id)
}
