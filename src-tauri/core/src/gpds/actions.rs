//! Follow-up actions: decided at a meeting (or between two), each with an owner and a due date,
//! then done (with the date and a short result) or cancelled (with a reason).

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use super::{active_staff, fr, staff_name, student_name};
use crate::casefile::{CaseFile, Change, JournalDraft};
use crate::error::{Error, Result};
use crate::registry::{coded_enum, collect, decode, required, Coded};
use crate::text::tidy;

coded_enum! {
    /// What an action is.
    ActionKind {
        /// Entretien with the family.
        EntretienFamille = "entretien_famille" / "Entretien avec la famille",
        /// Entretien de situation with the Psy-EN.
        EntretienSituation = "entretien_situation" / "Entretien de situation (Psy-EN)",
        /// Tutoring.
        Tutorat = "tutorat" / "Tutorat",
        /// Adjusted timetable.
        EmploiDuTemps = "emploi_du_temps" / "Emploi du temps aménagé",
        /// Remobilisation module.
        Remobilisation = "remobilisation" / "Module de remobilisation",
        /// Change of orientation.
        Orientation = "orientation" / "Changement d'orientation",
        /// Referral to a partner.
        Partenaire = "partenaire" / "Orientation vers un partenaire",
        /// Mesure de responsabilisation.
        Responsabilisation = "responsabilisation" / "Mesure de responsabilisation",
        /// Boarding.
        Internat = "internat" / "Internat",
        /// MLDS action.
        Mlds = "mlds" / "Action de la MLDS",
        /// Propose a PAFI (creates a proposal the PAFI mechanism picks up).
        ProposerPafi = "proposer_pafi" / "Proposer un PAFI",
        /// Propose an alliance éducative (creates a proposal).
        ProposerAlliance = "proposer_alliance" / "Proposer une alliance éducative",
        /// Other.
        Autre = "autre" / "Autre",
    }
}

coded_enum! {
    /// Where an action stands.
    ActionStatus {
        /// To do.
        Todo = "todo" / "À faire",
        /// Done.
        Done = "done" / "Faite",
        /// Cancelled.
        Cancelled = "cancelled" / "Annulée",
    }
}

impl ActionKind {
    /// The proposal this action creates, if any.
    fn proposal(self) -> Option<&'static str> {
        match self {
            ActionKind::ProposerPafi => Some("pafi"),
            ActionKind::ProposerAlliance => Some("alliance"),
            _ => None,
        }
    }
}

/// What the user types for an action (`id` set when editing one).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ActionInput {
    /// The action being edited, none for a new one.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub id: Option<i64>,
    /// What.
    pub kind: ActionKind,
    /// Precision ("avec M. Duval, mission locale").
    pub detail: String,
    /// Who does it.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub owner: Option<i64>,
    /// By when.
    pub due_on: Option<NaiveDate>,
}

/// An action as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Action {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The student.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub student_id: i64,
    /// "Prénom NOM" of the student.
    pub student_name: String,
    /// Their class.
    pub class_name: String,
    /// The meeting that decided it, if any.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub meeting_id: Option<i64>,
    /// That meeting's date.
    pub meeting_date: Option<NaiveDate>,
    /// What.
    pub kind: ActionKind,
    /// Precision.
    pub detail: String,
    /// Who does it.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub owner: i64,
    /// Their name.
    pub owner_name: String,
    /// By when.
    pub due_on: NaiveDate,
    /// Where it stands.
    pub status: ActionStatus,
    /// When it was done.
    pub done_on: Option<NaiveDate>,
    /// What came of it.
    pub result: String,
    /// Why it was cancelled.
    pub cancel_reason: String,
    /// When it was recorded.
    pub created_at: NaiveDateTime,
}

impl Action {
    /// "Entretien avec la famille — avec la mère".
    pub fn what(&self) -> String {
        what(self.kind, &self.detail)
    }
}

pub(crate) fn what(kind: ActionKind, detail: &str) -> String {
    if detail.is_empty() {
        kind.label().to_owned()
    } else {
        format!("{} — {detail}", kind.label())
    }
}

/// Checks an action. `field` prefixes the input names (`actions[0].`); `not_before`: the date
/// a due date should not precede (the meeting's, or today), unless `confirmed`; `kept_owner`:
/// the action's current owner, who may have left the school since.
pub(crate) fn validated(
    conn: &Connection,
    field: &str,
    input: &ActionInput,
    not_before: (NaiveDate, &str),
    confirmed: bool,
    kept_owner: Option<i64>,
) -> Result<ActionInput> {
    let f = |name: &str| format!("{field}{name}");
    let detail = tidy(&input.detail);
    if input.kind == ActionKind::Autre && detail.is_empty() {
        return Err(Error::invalid(f("detail"), "Précisez l'action « Autre »."));
    }
    let owner = input.owner.ok_or_else(|| {
        Error::invalid(
            f("owner"),
            format!(
                "Indiquez qui se charge de l'action « {} ».",
                input.kind.label()
            ),
        )
    })?;
    if kept_owner == Some(owner) {
        staff_name(conn, owner, &f("owner"))?;
    } else {
        active_staff(conn, owner, &f("owner"))?;
    }
    let due_on = input.due_on.ok_or_else(|| {
        Error::invalid(
            f("dueOn"),
            format!(
                "Indiquez l'échéance de l'action « {} ».",
                input.kind.label()
            ),
        )
    })?;
    let (limit, of_what) = not_before;
    if due_on < limit && !confirmed {
        return Err(Error::NeedsConfirmation {
            field: f("dueOn"),
            message: format!(
                "L'échéance de l'action « {} » ({}) précède {of_what} ({}). Confirmez-vous cette date ?",
                input.kind.label(),
                fr(due_on),
                fr(limit)
            ),
        });
    }
    Ok(ActionInput {
        id: input.id,
        kind: input.kind,
        detail,
        owner: Some(owner),
        due_on: Some(due_on),
    })
}

/// Inserts a validated action (and its proposal); returns its id.
pub(crate) fn insert(
    conn: &Connection,
    student_id: i64,
    review_id: Option<i64>,
    a: &ActionInput,
    at: NaiveDateTime,
    proposed_on: NaiveDate,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO action (student_id, review_id, kind, detail, owner, due_on, status, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'todo', ?7)",
    )?
    .execute(params![
        student_id,
        review_id,
        a.kind.code(),
        a.detail,
        a.owner,
        a.due_on,
        at
    ])?;
    let id = conn.last_insert_rowid();
    if let Some(kind) = a.kind.proposal() {
        conn.prepare_cached(
            "INSERT INTO proposal (student_id, kind, action_id, proposed_on) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![student_id, kind, id, proposed_on])?;
    }
    Ok(id)
}

/// Rewrites an action's kind, detail, owner and due date (its proposal follows its kind).
pub(crate) fn rewrite(
    conn: &Connection,
    before: &Action,
    a: &ActionInput,
    proposed_on: NaiveDate,
) -> Result<()> {
    conn.prepare_cached(
        "UPDATE action SET kind = ?2, detail = ?3, owner = ?4, due_on = ?5 WHERE id = ?1",
    )?
    .execute(params![
        before.id,
        a.kind.code(),
        a.detail,
        a.owner,
        a.due_on
    ])?;
    if before.kind.proposal() != a.kind.proposal() {
        drop_proposal(conn, before.id)?;
        if let Some(kind) = a.kind.proposal() {
            conn.prepare_cached(
                "INSERT INTO proposal (student_id, kind, action_id, proposed_on) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![before.student_id, kind, before.id, proposed_on])?;
        }
    }
    Ok(())
}

/// Deletes an action still to do (and its proposal if nobody picked it up).
pub(crate) fn delete(conn: &Connection, a: &Action) -> Result<()> {
    if a.status != ActionStatus::Todo {
        return Err(Error::invalid(
            "actions",
            format!(
                "L'action « {} » est {} : elle ne peut plus être retirée (annulez-la plutôt).",
                a.what(),
                a.status.label().to_lowercase()
            ),
        ));
    }
    let taken: Option<String> = conn
        .prepare_cached("SELECT status FROM proposal WHERE action_id = ?1 AND status <> 'open'")?
        .query_row([a.id], |r| r.get(0))
        .optional()?;
    if taken.is_some() {
        return Err(Error::invalid(
            "actions",
            format!(
                "La proposition « {} » a déjà été reprise : l'action reste.",
                a.what()
            ),
        ));
    }
    drop_proposal(conn, a.id)?;
    conn.prepare_cached("DELETE FROM action WHERE id = ?1")?
        .execute([a.id])?;
    Ok(())
}

fn drop_proposal(conn: &Connection, action_id: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM proposal WHERE action_id = ?1 AND status = 'open'")?
        .execute([action_id])?;
    Ok(())
}

/// The journal's rendering of an action.
pub(crate) fn describe(conn: &Connection, a: &ActionInput) -> Result<String> {
    let owner = match a.owner {
        Some(o) => staff_name(conn, o, "owner")?,
        None => String::new(),
    };
    Ok(format!(
        "{} ({}, échéance {})",
        what(a.kind, &a.detail),
        owner,
        a.due_on.map(fr).unwrap_or_default()
    ))
}

/// Adds an action outside a meeting. A due date before today needs `confirmed`.
pub fn add_action(
    cf: &mut CaseFile,
    student_id: i64,
    input: &ActionInput,
    confirmed: bool,
) -> Result<Action> {
    let name = student_name(cf.conn(), student_id)?;
    let today = cf.today();
    let a = validated(
        cf.conn(),
        "",
        input,
        (today, "aujourd'hui"),
        confirmed,
        None,
    )?;
    let text = describe(cf.conn(), &a)?;
    let id = cf.write(|tx| {
        let id = insert(tx.conn(), student_id, None, &a, tx.at(), today)?;
        tx.journal(JournalDraft {
            entity: "action",
            entity_id: Some(id),
            student_id: Some(student_id),
            summary: format!("Action décidée pour {name} : {text}"),
            changes: Vec::new(),
        })?;
        Ok(id)
    })?;
    action(cf.conn(), id)
}

fn settle(
    cf: &mut CaseFile,
    id: i64,
    status: ActionStatus,
    done_on: Option<NaiveDate>,
    text: String,
) -> Result<Action> {
    let before = action(cf.conn(), id)?;
    if before.status != ActionStatus::Todo {
        return Err(Error::invalid(
            "status",
            format!(
                "Cette action est déjà « {} » : rouvrez-la d'abord pour changer son issue.",
                before.status.label()
            ),
        ));
    }
    cf.write(|tx| {
        let (sql, summary, change) = match status {
            ActionStatus::Done => (
                "UPDATE action SET status = 'done', done_on = ?2, result = ?3 WHERE id = ?1",
                format!(
                    "Action faite le {} pour {} : {}",
                    done_on.map(fr).unwrap_or_default(),
                    before.student_name,
                    before.what()
                ),
                ("Résultat", text.clone()),
            ),
            _ => (
                "UPDATE action SET status = 'cancelled', done_on = ?2, cancel_reason = ?3 WHERE id = ?1",
                format!("Action annulée pour {} : {}", before.student_name, before.what()),
                ("Motif d'annulation", text.clone()),
            ),
        };
        tx.conn().prepare_cached(sql)?.execute(params![id, done_on, text])?;
        if status == ActionStatus::Cancelled {
            drop_proposal(tx.conn(), id)?;
        }
        tx.journal(JournalDraft {
            entity: "action",
            entity_id: Some(id),
            student_id: Some(before.student_id),
            summary,
            changes: vec![
                Change {
                    field: "Statut".into(),
                    before: Some(before.status.label().into()),
                    after: Some(status.label().into()),
                },
                Change {
                    field: change.0.into(),
                    before: None,
                    after: Some(change.1),
                },
            ],
        })
    })?;
    action(cf.conn(), id)
}

/// Marks an action done, on a date (not in the future) with a short result.
pub fn complete_action(
    cf: &mut CaseFile,
    id: i64,
    done_on: Option<NaiveDate>,
    result: &str,
) -> Result<Action> {
    let done_on = done_on.ok_or_else(|| {
        Error::invalid(
            "doneOn",
            "Indiquez la date à laquelle l'action a été faite.",
        )
    })?;
    if done_on > cf.today() {
        return Err(Error::invalid(
            "doneOn",
            format!(
                "La date {} est dans le futur : une action se note faite une fois faite.",
                fr(done_on)
            ),
        ));
    }
    let result = required(
        &tidy(result),
        "result",
        "Indiquez en quelques mots ce qui en est ressorti (par exemple : « famille reçue, accord pour un tutorat »).",
    )?;
    settle(cf, id, ActionStatus::Done, Some(done_on), result)
}

/// Cancels an action, with a reason.
pub fn cancel_action(cf: &mut CaseFile, id: i64, reason: &str) -> Result<Action> {
    let reason = required(
        &tidy(reason),
        "cancelReason",
        "Indiquez pourquoi l'action est annulée.",
    )?;
    let today = cf.today();
    settle(cf, id, ActionStatus::Cancelled, Some(today), reason)
}

/// Puts a done or cancelled action back to "à faire" (a correction).
pub fn reopen_action(cf: &mut CaseFile, id: i64) -> Result<Action> {
    let before = action(cf.conn(), id)?;
    if before.status == ActionStatus::Todo {
        return Ok(before);
    }
    cf.write(|tx| {
        tx.conn()
            .prepare_cached(
                "UPDATE action SET status = 'todo', done_on = NULL, result = '', cancel_reason = '' WHERE id = ?1",
            )?
            .execute([id])?;
        tx.journal(JournalDraft {
            entity: "action",
            entity_id: Some(id),
            student_id: Some(before.student_id),
            summary: format!("Action rouverte pour {} : {}", before.student_name, before.what()),
            changes: vec![Change {
                field: "Statut".into(),
                before: Some(before.status.label().into()),
                after: Some(ActionStatus::Todo.label().into()),
            }],
        })
    })?;
    action(cf.conn(), id)
}

pub(crate) const SELECT: &str =
    "SELECT a.id, a.student_id, st.first_name || ' ' || st.last_name, st.class_name,
        r.meeting_id, m.date, a.kind, a.detail, a.owner, trim(o.first_name || ' ' || o.last_name),
        a.due_on, a.status, a.done_on, a.result, a.cancel_reason, a.created_at
   FROM action a
   JOIN student st ON st.id = a.student_id
   JOIN staff o ON o.id = a.owner
   LEFT JOIN review r ON r.id = a.review_id
   LEFT JOIN meeting m ON m.id = r.meeting_id";

pub(crate) fn from_row(r: &Row<'_>) -> rusqlite::Result<Action> {
    let kind: String = r.get(6)?;
    let status: String = r.get(11)?;
    Ok(Action {
        id: r.get(0)?,
        student_id: r.get(1)?,
        student_name: r.get(2)?,
        class_name: r.get(3)?,
        meeting_id: r.get(4)?,
        meeting_date: r.get(5)?,
        kind: decode(&kind, 6)?,
        detail: r.get(7)?,
        owner: r.get(8)?,
        owner_name: r.get(9)?,
        due_on: r.get(10)?,
        status: decode(&status, 11)?,
        done_on: r.get(12)?,
        result: r.get(13)?,
        cancel_reason: r.get(14)?,
        created_at: r.get(15)?,
    })
}

pub(crate) fn action(conn: &Connection, id: i64) -> Result<Action> {
    conn.prepare_cached(&format!("{SELECT} WHERE a.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound("Cette action n'existe pas (ou plus).".into()))
}

/// The actions decided at one review, in order.
pub(crate) fn of_review(conn: &Connection, review_id: i64) -> Result<Vec<Action>> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT} WHERE a.review_id = ?1 ORDER BY a.id"))?;
    let rows = stmt.query_map([review_id], from_row)?;
    collect(rows)
}

/// A student's actions: to do first (by due date), then the others, newest first.
pub fn student_actions(cf: &CaseFile, student_id: i64) -> Result<Vec<Action>> {
    let mut stmt = cf.conn().prepare_cached(&format!(
        "{SELECT} WHERE a.student_id = ?1
         ORDER BY a.status <> 'todo', CASE WHEN a.status = 'todo' THEN a.due_on END,
                  coalesce(a.done_on, a.due_on) DESC, a.id DESC"
    ))?;
    let rows = stmt.query_map([student_id], from_row)?;
    collect(rows)
}
