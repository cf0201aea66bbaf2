//! The GPDS part of the open export: each table's rows, column by column, in id order.
//! The `followup` table is derived (replayed from reviews) and so not exported.

use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::export::{load_rows, table_rows as rows};

/// A table row: column name → value.
pub type Row = crate::export::Row;

/// The GPDS tables of an export, in the order they load (a row only refers to earlier ones).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GpdsExport {
    /// `flag` rows.
    #[serde(default)]
    pub flags: Vec<Row>,
    /// `meeting` rows.
    #[serde(default)]
    pub meetings: Vec<Row>,
    /// `meeting_member` rows.
    #[serde(default)]
    pub meeting_members: Vec<Row>,
    /// `meeting_guest` rows.
    #[serde(default)]
    pub meeting_guests: Vec<Row>,
    /// `agenda_item` rows.
    #[serde(default)]
    pub agenda_items: Vec<Row>,
    /// `review` rows.
    #[serde(default)]
    pub reviews: Vec<Row>,
    /// `followup_assignment` rows.
    #[serde(default)]
    pub followup_assignments: Vec<Row>,
    /// `action` rows.
    #[serde(default)]
    pub actions: Vec<Row>,
    /// `proposal` rows.
    #[serde(default)]
    pub proposals: Vec<Row>,
    /// `entretien` rows.
    #[serde(default)]
    pub entretiens: Vec<Row>,
    /// `mesure` rows.
    #[serde(default)]
    pub mesures: Vec<Row>,
}

impl GpdsExport {
    /// No GPDS data at all (older exports, new case files).
    pub fn is_empty(&self) -> bool {
        self.tables().iter().all(|(_, rows)| rows.is_empty())
    }

    fn tables(&self) -> [(&'static str, &Vec<Row>); 11] {
        [
            ("flag", &self.flags),
            ("meeting", &self.meetings),
            ("meeting_member", &self.meeting_members),
            ("meeting_guest", &self.meeting_guests),
            ("agenda_item", &self.agenda_items),
            ("review", &self.reviews),
            ("followup_assignment", &self.followup_assignments),
            ("action", &self.actions),
            ("proposal", &self.proposals),
            ("entretien", &self.entretiens),
            ("mesure", &self.mesures),
        ]
    }
}

/// Reads the GPDS tables.
pub(crate) fn export(conn: &Connection) -> Result<GpdsExport> {
    Ok(GpdsExport {
        flags: rows(conn, "flag")?,
        meetings: rows(conn, "meeting")?,
        meeting_members: rows(conn, "meeting_member")?,
        meeting_guests: rows(conn, "meeting_guest")?,
        agenda_items: rows(conn, "agenda_item")?,
        reviews: rows(conn, "review")?,
        followup_assignments: rows(conn, "followup_assignment")?,
        actions: rows(conn, "action")?,
        proposals: rows(conn, "proposal")?,
        entretiens: rows(conn, "entretien")?,
        mesures: rows(conn, "mesure")?,
    })
}

/// Loads the GPDS tables into a new case file, then replays every follow-up.
pub(crate) fn import(conn: &Connection, data: &GpdsExport) -> Result<()> {
    for (table, rows) in data.tables() {
        load_rows(conn, table, rows)?;
    }
    super::followup::refresh_all(conn)
}
