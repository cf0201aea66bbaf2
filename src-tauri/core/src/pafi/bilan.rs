//! The final bilan of a path: attendance, the skills acquired (each with its evidence, validated
//! by the tutor), the views of the student and the family, and the situation at the end.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{fr, frame, Outcome, PafiState, SkillEvidence, SkillLevel};
use crate::casefile::{CaseFile, JournalDraft};
use crate::error::{Error, Result};
use crate::registry::{collect, decode, diff, non_empty, Coded, Fields};
use crate::text::tidy;

/// A skill as the user types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SkillInput {
    /// The skill ("Accueillir un client et répondre à sa demande").
    pub skill: String,
    /// How far acquired.
    pub level: Option<SkillLevel>,
    /// Where it was shown.
    pub evidence: Option<SkillEvidence>,
    /// Observations.
    pub observations: String,
    /// The tutor validated it.
    pub validated: bool,
}

/// A stored skill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Skill {
    /// The skill.
    pub skill: String,
    /// Level.
    pub level: SkillLevel,
    /// Evidence.
    pub evidence: SkillEvidence,
    /// Observations.
    pub observations: String,
    /// Validated by the tutor.
    pub validated: bool,
}

/// What the user types for the final bilan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BilanInput {
    /// When it was held.
    pub held_on: Option<NaiveDate>,
    /// Who took part ("Nom, qualité"), one per line.
    pub participants: Vec<String>,
    /// Half-days planned (none: not counted).
    pub planned_half_days: Option<u32>,
    /// Half-days of absence.
    pub absent_half_days: u32,
    /// Of which justified.
    pub justified_half_days: u32,
    /// Late arrivals.
    pub lates: u32,
    /// About attendance.
    pub attendance_comment: String,
    /// The student's view.
    pub student_view: String,
    /// The family's view.
    pub family_view: String,
    /// The situation at the end.
    pub outcome: Option<Outcome>,
    /// From when.
    pub outcome_on: Option<NaiveDate>,
    /// Details ("en 2MRC1", the CFA's name…).
    pub outcome_details: String,
    /// Recommendations, one per line.
    pub recommendations: Vec<String>,
    /// Skills.
    pub skills: Vec<SkillInput>,
}

/// The stored final bilan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Bilan {
    /// When held.
    pub held_on: NaiveDate,
    /// Participants.
    pub participants: Vec<String>,
    /// Half-days planned.
    pub planned_half_days: Option<u32>,
    /// Half-days of absence.
    pub absent_half_days: u32,
    /// Of which justified.
    pub justified_half_days: u32,
    /// Late arrivals.
    pub lates: u32,
    /// About attendance.
    pub attendance_comment: String,
    /// The student's view.
    pub student_view: String,
    /// The family's view.
    pub family_view: String,
    /// Situation at the end.
    pub outcome: Outcome,
    /// From when.
    pub outcome_on: Option<NaiveDate>,
    /// Details.
    pub outcome_details: String,
    /// Recommendations.
    pub recommendations: Vec<String>,
    /// Skills.
    pub skills: Vec<Skill>,
}

fn lines(list: &[String]) -> Vec<String> {
    list.iter()
        .map(|l| tidy(l))
        .filter(|l| !l.is_empty())
        .collect()
}

fn bilan_fields(b: &Bilan) -> Fields {
    vec![
        ("Date", Some(fr(b.held_on))),
        ("Participants", non_empty(&b.participants.join(" ; "))),
        (
            "Demi-journées prévues",
            b.planned_half_days.map(|n| n.to_string()),
        ),
        (
            "Demi-journées d'absence",
            Some(b.absent_half_days.to_string()),
        ),
        ("Dont justifiées", Some(b.justified_half_days.to_string())),
        ("Retards", Some(b.lates.to_string())),
        ("Assiduité", non_empty(&b.attendance_comment)),
        ("Avis de l'élève", non_empty(&b.student_view)),
        ("Avis de la famille", non_empty(&b.family_view)),
        ("Situation à l'issue", Some(b.outcome.label().to_owned())),
        ("Depuis le", b.outcome_on.map(fr)),
        ("Précisions", non_empty(&b.outcome_details)),
        ("Préconisations", non_empty(&b.recommendations.join(" ; "))),
        (
            "Compétences",
            non_empty(
                &b.skills
                    .iter()
                    .map(|s| {
                        format!(
                            "{} ({}, {}{})",
                            s.skill,
                            s.level.label().to_lowercase(),
                            s.evidence.label().to_lowercase(),
                            if s.validated { ", validée" } else { "" }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(" ; "),
            ),
        ),
    ]
}

/// Records (or corrects) the final bilan of a path under way or just ended. The situation at
/// the end is required; absences cannot exceed the half-days planned, nor justified ones the
/// absences.
pub fn save_bilan(cf: &mut CaseFile, pafi_id: i64, input: &BilanInput) -> Result<Bilan> {
    let conn = cf.conn();
    let f = frame(conn, pafi_id)?;
    if !matches!(
        f.state,
        PafiState::Running | PafiState::Finished | PafiState::Interrupted
    ) {
        return Err(Error::Conflict(format!(
            "Ce PAFI est « {} » : le bilan final se fait une fois le parcours commencé.",
            f.state.label()
        )));
    }
    let held_on = input
        .held_on
        .ok_or_else(|| Error::invalid("heldOn", "Indiquez la date du bilan."))?;
    if held_on > cf.today() {
        return Err(Error::invalid(
            "heldOn",
            format!(
                "La date {} est dans le futur : un bilan se note une fois tenu.",
                fr(held_on)
            ),
        ));
    }
    if let Some(s) = f.start_on {
        if held_on < s {
            return Err(Error::invalid(
                "heldOn",
                format!("Le bilan se tient après le début du parcours ({}).", fr(s)),
            ));
        }
    }
    let outcome = input.outcome.ok_or_else(|| {
        Error::invalid(
            "outcome",
            "Indiquez la situation de l'élève à l'issue du parcours.",
        )
    })?;
    if let Some(planned) = input.planned_half_days {
        if input.absent_half_days > planned {
            return Err(Error::invalid(
                "absentHalfDays",
                format!(
                    "Les absences ({}) dépassent les demi-journées prévues ({planned}).",
                    input.absent_half_days
                ),
            ));
        }
    }
    if input.justified_half_days > input.absent_half_days {
        return Err(Error::invalid(
            "justifiedHalfDays",
            "Les absences justifiées ne peuvent pas dépasser les absences.",
        ));
    }
    let mut skills = Vec::new();
    for (i, s) in input.skills.iter().enumerate() {
        let skill = tidy(&s.skill);
        if skill.is_empty() {
            if s.level.is_none() && s.observations.trim().is_empty() {
                continue;
            }
            return Err(Error::invalid(
                format!("skills[{i}].skill"),
                "Nommez la compétence.",
            ));
        }
        let level = s.level.ok_or_else(|| {
            Error::invalid(
                format!("skills[{i}].level"),
                format!("Indiquez où en est la compétence « {skill} »."),
            )
        })?;
        let evidence = s.evidence.ok_or_else(|| {
            Error::invalid(
                format!("skills[{i}].evidence"),
                format!("Indiquez où la compétence « {skill} » a été montrée (à l'école ou hors de l'école)."),
            )
        })?;
        skills.push(Skill {
            skill,
            level,
            evidence,
            observations: s.observations.trim().to_owned(),
            validated: s.validated,
        });
    }
    let b = Bilan {
        held_on,
        participants: lines(&input.participants),
        planned_half_days: input.planned_half_days,
        absent_half_days: input.absent_half_days,
        justified_half_days: input.justified_half_days,
        lates: input.lates,
        attendance_comment: input.attendance_comment.trim().to_owned(),
        student_view: input.student_view.trim().to_owned(),
        family_view: input.family_view.trim().to_owned(),
        outcome,
        outcome_on: input.outcome_on,
        outcome_details: tidy(&input.outcome_details),
        recommendations: lines(&input.recommendations),
        skills,
    };
    let before = bilan(conn, pafi_id)?;
    let changes = diff(
        &before.as_ref().map(bilan_fields).unwrap_or_default(),
        &bilan_fields(&b),
    );
    if let (Some(old), true) = (&before, changes.is_empty()) {
        return Ok(old.clone());
    }
    let verb = if before.is_some() {
        "corrigé"
    } else {
        "saisi"
    };
    cf.write(|tx| {
        let conn = tx.conn();
        conn.prepare_cached(
            "INSERT INTO pafi_bilan (pafi_id, held_on, participants, planned_half_days, absent_half_days,
                justified_half_days, lates, attendance_comment, student_view, family_view, outcome, outcome_on,
                outcome_details, recommendations)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
             ON CONFLICT (pafi_id) DO UPDATE SET held_on = excluded.held_on, participants = excluded.participants,
                planned_half_days = excluded.planned_half_days, absent_half_days = excluded.absent_half_days,
                justified_half_days = excluded.justified_half_days, lates = excluded.lates,
                attendance_comment = excluded.attendance_comment, student_view = excluded.student_view,
                family_view = excluded.family_view, outcome = excluded.outcome, outcome_on = excluded.outcome_on,
                outcome_details = excluded.outcome_details, recommendations = excluded.recommendations",
        )?
        .execute(params![
            pafi_id, b.held_on, serde_json::to_string(&b.participants)?, b.planned_half_days,
            b.absent_half_days, b.justified_half_days, b.lates, b.attendance_comment, b.student_view,
            b.family_view, b.outcome.code(), b.outcome_on, b.outcome_details,
            serde_json::to_string(&b.recommendations)?,
        ])?;
        conn.execute("DELETE FROM pafi_skill WHERE pafi_id = ?1", [pafi_id])?;
        for (i, s) in b.skills.iter().enumerate() {
            conn.prepare_cached(
                "INSERT INTO pafi_skill (pafi_id, position, skill, level, evidence, observations, validated)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![
                pafi_id, i as i64, s.skill, s.level.code(), s.evidence.code(), s.observations, s.validated
            ])?;
        }
        tx.journal(JournalDraft {
            entity: "pafi",
            entity_id: Some(pafi_id),
            student_id: Some(f.student_id),
            summary: format!(
                "PAFI {} : bilan final {verb} ({})",
                crate::text::de(&f.student_name),
                b.outcome.label().to_lowercase()
            ),
            changes,
        })
    })?;
    Ok(b)
}

pub(super) fn bilan(conn: &Connection, pafi_id: i64) -> Result<Option<Bilan>> {
    let found = conn
        .prepare_cached(
            "SELECT held_on, participants, planned_half_days, absent_half_days, justified_half_days, lates,
                    attendance_comment, student_view, family_view, outcome, outcome_on, outcome_details,
                    recommendations
               FROM pafi_bilan WHERE pafi_id = ?1",
        )?
        .query_row([pafi_id], |r| {
            let participants: String = r.get(1)?;
            let outcome: String = r.get(9)?;
            let recommendations: String = r.get(12)?;
            Ok(Bilan {
                held_on: r.get(0)?,
                participants: serde_json::from_str(&participants).unwrap_or_default(),
                planned_half_days: r.get(2)?,
                absent_half_days: r.get(3)?,
                justified_half_days: r.get(4)?,
                lates: r.get(5)?,
                attendance_comment: r.get(6)?,
                student_view: r.get(7)?,
                family_view: r.get(8)?,
                outcome: decode(&outcome, 9)?,
                outcome_on: r.get(10)?,
                outcome_details: r.get(11)?,
                recommendations: serde_json::from_str(&recommendations).unwrap_or_default(),
                skills: Vec::new(),
            })
        })
        .optional()?;
    let Some(mut b) = found else {
        return Ok(None);
    };
    let mut stmt = conn.prepare_cached(
        "SELECT skill, level, evidence, observations, validated FROM pafi_skill WHERE pafi_id = ?1 ORDER BY position",
    )?;
    b.skills = collect(stmt.query_map([pafi_id], |r| {
        let level: String = r.get(1)?;
        let evidence: String = r.get(2)?;
        Ok(Skill {
            skill: r.get(0)?,
            level: decode(&level, 1)?,
            evidence: decode(&evidence, 2)?,
            observations: r.get(3)?,
            validated: r.get(4)?,
        })
    })?)?;
    Ok(Some(b))
}
