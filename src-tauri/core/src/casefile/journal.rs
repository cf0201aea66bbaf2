//! The journal: who changed what, when. Append-only (triggers in the schema refuse UPDATE and
//! DELETE), written inside the same transaction as the change it describes.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};

use crate::error::Result;

/// One changed field: its French label, the value before and after (as shown to users).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// The field's French label ("Date de naissance").
    pub field: String,
    /// The value before, if any.
    pub before: Option<String>,
    /// The value after, if any.
    pub after: Option<String>,
}

/// A journal entry about to be written; the author and time come from the transaction.
#[derive(Debug, Clone)]
pub struct JournalDraft {
    /// The kind of record ("student", "staff", "partner", "establishment"…).
    pub entity: &'static str,
    /// The record's id, when it has one.
    pub entity_id: Option<i64>,
    /// The student concerned, so the entry shows in that student's chronology.
    pub student_id: Option<i64>,
    /// A short French sentence ("Fiche élève créée : Léa Dubois").
    pub summary: String,
    /// The fields that changed.
    pub changes: Vec<Change>,
}

/// A written journal entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct JournalEntry {
    /// Its rank in the journal.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// When.
    pub at: NaiveDateTime,
    /// Who.
    pub author: String,
    /// The kind of record.
    pub entity: String,
    /// The record's id.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub entity_id: Option<i64>,
    /// The student concerned, if any.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub student_id: Option<i64>,
    /// A short French sentence.
    pub summary: String,
    /// The fields that changed.
    pub changes: Vec<Change>,
}

pub(super) fn append(
    conn: &Connection,
    author: &str,
    at: NaiveDateTime,
    d: &JournalDraft,
) -> Result<()> {
    conn.execute(
        "INSERT INTO journal (at, author, entity, entity_id, student_id, summary, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            author,
            d.entity,
            d.entity_id,
            d.student_id,
            d.summary,
            serde_json::to_string(&d.changes)?
        ],
    )?;
    Ok(())
}

pub(super) fn insert_verbatim(conn: &Connection, e: &JournalEntry) -> Result<()> {
    conn.execute(
        "INSERT INTO journal (id, at, author, entity, entity_id, student_id, summary, changes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            e.id,
            e.at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            e.author,
            e.entity,
            e.entity_id,
            e.student_id,
            e.summary,
            serde_json::to_string(&e.changes)?
        ],
    )?;
    Ok(())
}

const COLUMNS: &str = "id, at, author, entity, entity_id, student_id, summary, changes";

fn from_row(r: &Row<'_>) -> rusqlite::Result<JournalEntry> {
    let at: String = r.get(1)?;
    let changes: String = r.get(7)?;
    Ok(JournalEntry {
        id: r.get(0)?,
        at: NaiveDateTime::parse_from_str(&at, "%Y-%m-%dT%H:%M:%S").map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
        })?,
        author: r.get(2)?,
        entity: r.get(3)?,
        entity_id: r.get(4)?,
        student_id: r.get(5)?,
        summary: r.get(6)?,
        changes: serde_json::from_str(&changes).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(7, rusqlite::types::Type::Text, Box::new(e))
        })?,
    })
}

pub(super) fn list(conn: &Connection, limit: u32) -> Result<Vec<JournalEntry>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM journal ORDER BY id DESC LIMIT ?1"
    ))?;
    let rows = stmt.query_map([limit], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn for_student(conn: &Connection, student_id: i64) -> Result<Vec<JournalEntry>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM journal WHERE student_id = ?1 ORDER BY id DESC"
    ))?;
    let rows = stmt.query_map([student_id], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn all(conn: &Connection) -> Result<Vec<JournalEntry>> {
    let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM journal ORDER BY id"))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
