//! The journal: who changed what, when. Append-only (triggers in the schema refuse UPDATE and
//! DELETE), written inside the same transaction as the change it describes, and hash-chained
//! (schema 8): each entry stores the hash of its fields, the previous entry's hash and its own
//! (SHA-256 of the previous hash and of the fields' hash), so that [`verify`] finds the first
//! entry changed, inserted or removed after the fact. A purge (RGPD) may erase an entry's text
//! ([`redact_student`]): its hashes stay, so the chain still holds around it.

use chrono::NaiveDateTime;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

use sha2::{Digest, Sha256};

use crate::error::Result;
use crate::text::hex;

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
    let (last, prev) = last(conn)?;
    insert(
        conn,
        &Stored {
            id: last + 1,
            at: at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            author: author.to_owned(),
            entity: d.entity.to_owned(),
            entity_id: d.entity_id,
            student_id: d.student_id,
            summary: d.summary.clone(),
            changes: serde_json::to_string(&d.changes)?,
        },
        &prev,
    )
}

pub(super) fn insert_verbatim(conn: &Connection, e: &JournalEntry) -> Result<()> {
    let (_, prev) = last(conn)?;
    insert(
        conn,
        &Stored {
            id: e.id,
            at: e.at.format("%Y-%m-%dT%H:%M:%S").to_string(),
            author: e.author.clone(),
            entity: e.entity.clone(),
            entity_id: e.entity_id,
            student_id: e.student_id,
            summary: e.summary.clone(),
            changes: serde_json::to_string(&e.changes)?,
        },
        &prev,
    )
}

/// An entry's fields as stored (the text the hash covers).
struct Stored {
    id: i64,
    at: String,
    author: String,
    entity: String,
    entity_id: Option<i64>,
    student_id: Option<i64>,
    summary: String,
    changes: String,
}

impl Stored {
    /// SHA-256 (hex) of the entry's fields as stored.
    fn fields_hash(&self) -> Result<String> {
        let fields = serde_json::to_string(&(
            self.id,
            &self.at,
            &self.author,
            &self.entity,
            self.entity_id,
            self.student_id,
            &self.summary,
            &self.changes,
        ))?;
        Ok(hex(&Sha256::digest(fields.as_bytes())))
    }

    fn read(r: &Row<'_>) -> rusqlite::Result<(Stored, Chain)> {
        Ok((
            Stored {
                id: r.get(0)?,
                at: r.get(1)?,
                author: r.get(2)?,
                entity: r.get(3)?,
                entity_id: r.get(4)?,
                student_id: r.get(5)?,
                summary: r.get(6)?,
                changes: r.get(7)?,
            },
            Chain {
                fields_hash: r.get(8)?,
                prev_hash: r.get(9)?,
                hash: r.get(10)?,
                redacted: r.get::<_, Option<String>>(11)?.is_some(),
            },
        ))
    }
}

/// An entry's place in the chain, as stored.
struct Chain {
    fields_hash: String,
    prev_hash: String,
    hash: String,
    redacted: bool,
}

/// The link: SHA-256 (hex) of the previous entry's hash and of this entry's fields' hash.
fn link(prev: &str, fields_hash: &str) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update(b"\n");
    h.update(fields_hash.as_bytes());
    hex(&h.finalize())
}

/// The last entry's id and hash (0 and "" in an empty journal).
fn last(conn: &Connection) -> Result<(i64, String)> {
    Ok(conn
        .query_row(
            "SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .unwrap_or((0, String::new())))
}

fn insert(conn: &Connection, e: &Stored, prev: &str) -> Result<()> {
    let fields_hash = e.fields_hash()?;
    conn.execute(
        "INSERT INTO journal (id, at, author, entity, entity_id, student_id, summary, changes, fields_hash, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            e.id,
            e.at,
            e.author,
            e.entity,
            e.entity_id,
            e.student_id,
            e.summary,
            e.changes,
            fields_hash,
            prev,
            link(prev, &fields_hash)
        ],
    )?;
    Ok(())
}

const STORED: &str = "id, at, author, entity, entity_id, student_id, summary, changes, fields_hash, prev_hash, hash, redacted_on";

/// Chains the entries written before schema 8 (run once, inside that migration's transaction;
/// its trigger lets an unchained entry receive its hashes, its text unchanged).
pub(super) fn chain_existing(conn: &Connection) -> Result<()> {
    let rows = {
        let mut stmt = conn.prepare(&format!("SELECT {STORED} FROM journal ORDER BY id"))?;
        let rows = stmt.query_map([], Stored::read)?;
        rows.collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut prev = String::new();
    for (e, _) in rows {
        let fields_hash = e.fields_hash()?;
        let hash = link(&prev, &fields_hash);
        conn.execute(
            "UPDATE journal SET fields_hash = ?2, prev_hash = ?3, hash = ?4 WHERE id = ?1",
            params![e.id, fields_hash, prev, hash],
        )?;
        prev = hash;
    }
    Ok(())
}

/// Erases the text of every journal entry about `student_id` (a purge): the summary says it was
/// erased and when, the changes are emptied; the hashes stay, so the chain still holds. Returns
/// how many entries were erased.
pub(crate) fn redact_student(conn: &Connection, student_id: i64, on: &str) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE journal SET summary = ?2, changes = '[]', redacted_on = ?3
          WHERE student_id = ?1 AND redacted_on IS NULL",
        params![
            student_id,
            format!("Entrée effacée lors de la purge du {on}"),
            on
        ],
    )?)
}

/// What [`verify`] found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct JournalCheck {
    /// Entries checked.
    pub entries: u32,
    /// The first entry where the chain breaks, if any.
    pub broken: Option<BrokenEntry>,
    /// A French sentence: « Journal intègre : 1 204 entrées vérifiées. » or what broke.
    pub verdict: String,
}

/// Where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BrokenEntry {
    /// The entry's rank.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// When it says it was written.
    pub at: String,
    /// Who it says wrote it.
    pub author: String,
    /// Its summary as stored now.
    pub summary: String,
}

/// Checks the chain from the first entry to the last: each entry's stored previous hash is the
/// hash of the entry before it, and its own hash is that of its fields as stored now.
pub(super) fn verify(conn: &Connection) -> Result<JournalCheck> {
    let mut stmt = conn.prepare(&format!("SELECT {STORED} FROM journal ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let (mut prev, mut entries, mut erased) = (String::new(), 0u32, 0u32);
    while let Some(r) = rows.next()? {
        let (e, chain) = Stored::read(r)?;
        entries += 1;
        // An erased entry's text is gone: its fields' hash is taken as stored.
        let fields_ok = chain.redacted || e.fields_hash()? == chain.fields_hash;
        if chain.redacted {
            erased += 1;
        }
        if !fields_ok || chain.prev_hash != prev || link(&prev, &chain.fields_hash) != chain.hash {
            let at = NaiveDateTime::parse_from_str(&e.at, "%Y-%m-%dT%H:%M:%S").map_or_else(
                |_| e.at.clone(),
                |d| d.format("%d/%m/%Y à %H:%M").to_string(),
            );
            let verdict = format!(
                "Journal altéré : l'entrée n° {} ({}, {} — « {} ») a été modifiée, ou une entrée a été insérée ou supprimée juste avant elle. Les entrées précédentes sont intègres.",
                e.id, at, e.author, e.summary
            );
            return Ok(JournalCheck {
                entries,
                broken: Some(BrokenEntry {
                    id: e.id,
                    at,
                    author: e.author,
                    summary: e.summary,
                }),
                verdict,
            });
        }
        prev = chain.hash;
    }
    let plural = |n: u32| if n > 1 { "s" } else { "" };
    let mut verdict = format!(
        "Journal intègre : {entries} entrée{} vérifiée{}, aucune modifiée ni supprimée.",
        plural(entries),
        plural(entries)
    );
    if erased > 0 {
        verdict.push_str(&format!(
            " Dont {erased} entrée{} dont le texte a été effacé par une purge (RGPD).",
            plural(erased)
        ));
    }
    Ok(JournalCheck {
        entries,
        broken: None,
        verdict,
    })
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

/// What the journal screen filters on; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct JournalFilter {
    /// A part of the student's name (accents and case aside).
    pub student: String,
    /// The author, exactly as written in the journal.
    pub author: String,
    /// The kind of record (`student`, `pafi`, `bilan`…).
    pub entity: String,
    /// From this day (included).
    pub from: Option<chrono::NaiveDate>,
    /// To this day (included).
    pub to: Option<chrono::NaiveDate>,
    /// At most this many entries (newest first).
    pub limit: u32,
}

pub(super) fn search(conn: &Connection, f: &JournalFilter) -> Result<Vec<JournalEntry>> {
    let student = crate::text::fold(&f.student);
    let pattern = format!("%{}%", student.replace(['%', '_'], ""));
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM journal
          WHERE (?1 = '' OR student_id IN (SELECT id FROM student
                 WHERE key_last_first LIKE ?2 OR key_first_last LIKE ?2))
            AND (?3 = '' OR author = ?3)
            AND (?4 = '' OR entity = ?4)
            AND (?5 IS NULL OR substr(at, 1, 10) >= ?5)
            AND (?6 IS NULL OR substr(at, 1, 10) <= ?6)
          ORDER BY id DESC LIMIT ?7"
    ))?;
    let rows = stmt.query_map(
        params![
            student,
            pattern,
            f.author.trim(),
            f.entity.trim(),
            f.from,
            f.to,
            f.limit.clamp(1, 5000)
        ],
        from_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The authors and the kinds of record the journal holds, for the screen's filters.
pub(super) fn facets(conn: &Connection) -> Result<(Vec<String>, Vec<String>)> {
    let list = |sql: &str| -> Result<Vec<String>> {
        let mut stmt = conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    };
    Ok((
        list("SELECT DISTINCT author FROM journal ORDER BY author")?,
        list("SELECT DISTINCT entity FROM journal ORDER BY entity")?,
    ))
}
