//! The GPDS part of the open export: each table's rows, column by column, in id order.
//! The `followup` table is derived (replayed from reviews) and so not exported.

use rusqlite::types::{Value as Sql, ValueRef};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// A table row: column name → value.
pub type Row = Map<String, Value>;

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

fn rows(conn: &Connection, table: &str) -> Result<Vec<Row>> {
    let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))?;
    let names: Vec<String> = stmt.column_names().map(str::to_owned).collect();
    let mut out = Vec::new();
    let mut q = stmt.query([])?;
    while let Some(r) = q.next()? {
        let mut row = Map::new();
        for (i, name) in names.iter().enumerate() {
            let v = match r.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Real(x) => Value::from(x),
                ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
                ValueRef::Blob(_) => {
                    return Err(Error::Format(format!(
                        "Donnée binaire inattendue dans {table}.{name}."
                    )))
                }
            };
            row.insert(name.clone(), v);
        }
        out.push(row);
    }
    Ok(out)
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
        let known: Vec<String> = {
            let mut stmt =
                conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
            let names = stmt.query_map([], |r| r.get(0))?;
            names.collect::<rusqlite::Result<_>>()?
        };
        for (n, row) in rows.iter().enumerate() {
            let bad = |what: String| {
                Error::Format(format!("Export, table {table}, ligne {} : {what}", n + 1))
            };
            let mut cols = Vec::new();
            let mut values = Vec::new();
            for (name, v) in row {
                if !known.contains(name) {
                    return Err(bad(format!("colonne inconnue « {name} »")));
                }
                cols.push(name.as_str());
                values.push(match v {
                    Value::Null => Sql::Null,
                    Value::Bool(b) => Sql::Integer(i64::from(*b)),
                    Value::Number(x) => match x.as_i64() {
                        Some(i) => Sql::Integer(i),
                        None => Sql::Real(x.as_f64().unwrap_or_default()),
                    },
                    Value::String(s) => Sql::Text(s.clone()),
                    _ => return Err(bad(format!("valeur illisible pour « {name} »"))),
                });
            }
            let marks = vec!["?"; cols.len()].join(", ");
            conn.execute(
                &format!("INSERT INTO {table} ({}) VALUES ({marks})", cols.join(", ")),
                rusqlite::params_from_iter(values),
            )
            .map_err(|e| bad(e.to_string()))?;
        }
    }
    super::followup::refresh_all(conn)
}
