//! The open export: the whole case file as JSON, and building a new case file from one.
//!
//! Format `accroche-export`, version 1 (documented in `assets/export/README.md`, JSON Schema
//! in `assets/export/accroche-export-v1.schema.json`). Ids are kept, so export → import →
//! export gives the same bytes. Every later mechanism adds its own arrays here, raising
//! `version` only when an existing field changes meaning.
//!
//! An export never holds a text its exporting user may not read ([`crate::access::may_read`]):
//! a note or a diagnosis entry they may not read (another's « auteur seul », a « restreint »
//! one for a role that does not read them) is left out of its table and listed in `withheld` —
//! that it exists, its date, its sensitivity, its author's role and its résumé utile — and is not
//! recreated by an import. What they may read travels whole, restricted text included: the
//! export is the case file, for its owner, in clear (see `assets/export/README.md`).

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::types::{Value as Sql, ValueRef};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::access::Sensitivity;
use crate::casefile::{self, journal_all, CaseFile, Clock, JournalDraft, JournalEntry, Opened};
use crate::error::{Error, Result};
use crate::gpds::GpdsExport;
use crate::registry::{
    self, establishment, establishment_logo, insert_partner, insert_staff, insert_student,
    validate_student, Coded, EstablishmentInput, Logo, PartnerInput, StaffInput, StudentInput,
};
use crate::text::{base64_decode, base64_encode};
use crate::users::SignedIn;

/// The format's name, in every export.
pub const FORMAT: &str = "accroche-export";
/// The format version this build writes and reads.
pub const VERSION: u32 = 1;

/// A whole case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Export {
    /// Always "accroche-export".
    pub format: String,
    /// Format version.
    pub version: u32,
    /// The case file's schema version when exported.
    pub schema_version: u32,
    /// The establishment.
    pub establishment: ExportEstablishment,
    /// Every student, by id.
    pub students: Vec<ExportStudent>,
    /// Every staff member, by id.
    pub staff: Vec<ExportStaff>,
    /// Every partner, by id.
    pub partners: Vec<ExportPartner>,
    /// The GPDS: flags, meetings, reviews, actions… (absent when empty).
    #[serde(default, skip_serializing_if = "GpdsExport::is_empty")]
    pub gpds: GpdsExport,
    /// The PAFI: paths, their activities, schedules, follow-up and bilans (absent when empty).
    #[serde(default, skip_serializing_if = "PafiExport::is_empty")]
    pub pafi: PafiExport,
    /// The alliances éducatives: teams, chartes, partners, diagnosis, responses, follow-up
    /// (absent when empty).
    #[serde(default, skip_serializing_if = "AllianceExport::is_empty")]
    pub alliance: AllianceExport,
    /// The yearly bilan: qualitative parts and frozen exports (absent when empty).
    #[serde(default, skip_serializing_if = "BilanExport::is_empty")]
    pub bilan: BilanExport,
    /// `student_note` rows: the notes on students the exporting user may read (absent when
    /// none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Row>,
    /// The notes and diagnosis entries the exporting user may not read: that they exist, not
    /// their text (absent when none). Not recreated by an import.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub withheld: Vec<Withheld>,
    /// The journal, oldest first.
    pub journal: Vec<JournalEntry>,
}

/// The establishment in an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportEstablishment {
    /// Its fields.
    #[serde(flatten)]
    pub fields: EstablishmentInput,
    /// The logo, if any.
    pub logo: Option<ExportLogo>,
}

/// An image in an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportLogo {
    /// "image/png" or "image/jpeg".
    pub mime: String,
    /// The bytes, base64.
    pub base64: String,
}

/// A student in an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportStudent {
    /// Id in the case file.
    pub id: i64,
    /// Archived.
    pub archived: bool,
    /// Labels of the fields changed by hand (roster imports keep them), if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub manual_fields: Vec<String>,
    /// Fields.
    #[serde(flatten)]
    pub fields: StudentInput,
}

/// A staff member in an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportStaff {
    /// Id.
    pub id: i64,
    /// Archived.
    pub archived: bool,
    /// Fields.
    #[serde(flatten)]
    pub fields: StaffInput,
}

/// A partner in an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportPartner {
    /// Id.
    pub id: i64,
    /// Archived.
    pub archived: bool,
    /// Fields.
    #[serde(flatten)]
    pub fields: PartnerInput,
}

/// A note or a diagnosis entry left out of an export because its exporting user may not read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Withheld {
    /// Its table: `student_note` or `alliance_diagnosis`.
    pub table: String,
    /// Its id there.
    pub id: i64,
    /// The student it is about.
    pub student_id: i64,
    /// Its date.
    pub on: NaiveDate,
    /// Who may read it.
    pub sensitivity: Sensitivity,
    /// What stands for it (« 1 note restreinte — Médico-social, 12/03/2026 »).
    pub stub: String,
    /// Its résumé utile (may be empty).
    pub summary: String,
}

/// Reads the whole case file, as its signed-in user may read it.
pub fn export(cf: &CaseFile) -> Result<Export> {
    export_as(cf, cf.user())
}

/// Reads the whole case file as `viewer` may read it: the notes and diagnosis entries they may
/// not read are left out of their tables and listed in [`Export::withheld`].
pub fn export_as(cf: &CaseFile, viewer: &SignedIn) -> Result<Export> {
    let conn = cf.conn();
    let mut withheld = Vec::new();
    let mut hidden_notes = HashSet::new();
    for n in crate::notes::stored_all(conn)? {
        if !n.readable_by(viewer) {
            hidden_notes.insert(n.id);
            withheld.push(Withheld {
                table: "student_note".into(),
                id: n.id,
                student_id: n.student_id,
                on: n.written_on,
                sensitivity: n.sensitivity,
                stub: n.stub(),
                summary: n.summary.clone(),
            });
        }
    }
    let mut hidden_entries = HashSet::new();
    for (student_id, d) in crate::alliance::all_diagnosis(conn)? {
        if !d.readable_by(viewer) {
            hidden_entries.insert(d.id);
            withheld.push(Withheld {
                table: "alliance_diagnosis".into(),
                id: d.id,
                student_id,
                on: d.noted_on,
                sensitivity: d.sensitivity,
                stub: d.stub.clone(),
                summary: d.summary.clone(),
            });
        }
    }
    let unless_hidden = |rows: Vec<Row>, hidden: &HashSet<i64>| -> Vec<Row> {
        rows.into_iter()
            .filter(|r| {
                r.get("id")
                    .and_then(Value::as_i64)
                    .is_none_or(|id| !hidden.contains(&id))
            })
            .collect()
    };
    let mut alliance = export_alliance(conn)?;
    alliance.diagnosis = unless_hidden(std::mem::take(&mut alliance.diagnosis), &hidden_entries);
    let logo = establishment_logo(cf)?.map(|l| ExportLogo {
        mime: l.mime.to_owned(),
        base64: base64_encode(&l.bytes),
    });
    Ok(Export {
        format: FORMAT.into(),
        version: VERSION,
        schema_version: cf.schema_version()?,
        establishment: ExportEstablishment {
            fields: establishment(cf)?.input,
            logo,
        },
        students: registry::students_all(conn)?
            .into_iter()
            .map(|(id, fields, archived)| {
                Ok(ExportStudent {
                    id,
                    archived,
                    manual_fields: registry::manual_fields(conn, id)?,
                    fields,
                })
            })
            .collect::<Result<_>>()?,
        staff: registry::staff_all(conn)?
            .into_iter()
            .map(|s| ExportStaff {
                id: s.id,
                archived: s.archived,
                fields: s.input,
            })
            .collect(),
        partners: registry::partners_all(conn)?
            .into_iter()
            .map(|p| ExportPartner {
                id: p.id,
                archived: p.archived,
                fields: p.input,
            })
            .collect(),
        gpds: crate::gpds::export_tables(conn)?,
        pafi: export_pafi(conn)?,
        alliance,
        bilan: BilanExport {
            qualitative: table_rows(conn, "bilan_qualitative")?,
            freezes: table_rows(conn, "bilan_freeze")?,
        },
        notes: unless_hidden(table_rows(conn, "student_note")?, &hidden_notes),
        withheld,
        journal: journal_all(conn)?,
    })
}

/// Serialises an export as pretty JSON, with a final newline.
pub fn to_json(export: &Export) -> Result<String> {
    let mut s = serde_json::to_string_pretty(export)?;
    s.push('\n');
    Ok(s)
}

/// Writes the export of `cf` to `path`, atomically (a temporary file renamed into place), and
/// journals it when the case file is open for writing: the whole file's data leaving the
/// application is a communication the journal must show. (A read-only opening — the command line's,
/// beside an open window — cannot journal; its export is the same.)
pub fn export_to_file(cf: &mut CaseFile, path: &Path) -> Result<()> {
    let data = export(cf)?;
    let students = data.students.len();
    crate::files::write_whole(path, to_json(&data)?.as_bytes())?;
    if cf.read_only() {
        return Ok(());
    }
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    cf.write_trace(|tx| {
        tx.journal(crate::casefile::JournalDraft {
            entity: "casefile",
            entity_id: None,
            student_id: None,
            summary: format!(
                "Export JSON du dossier ({students} élève{}) : {file}",
                if students > 1 { "s" } else { "" }
            ),
            changes: Vec::new(),
        })
    })
}

/// Parses an export, checking its format and version.
pub fn from_json(json: &str) -> Result<Export> {
    let probe: serde_json::Value = serde_json::from_str(json)?;
    if probe.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(Error::Format(
            "Ce fichier JSON n'est pas un export Accroche (champ « format » absent ou différent)."
                .into(),
        ));
    }
    match probe.get("version").and_then(serde_json::Value::as_u64) {
        Some(v) if v == u64::from(VERSION) => {}
        Some(v) => {
            return Err(Error::Format(format!(
                "Cet export est au format {v}, que cette version d'Accroche ne sait pas lire (format {VERSION})."
            )))
        }
        None => return Err(Error::Format("L'export n'indique pas sa version.".into())),
    }
    Ok(serde_json::from_value(probe)?)
}

/// Creates a new case file at `path` holding everything in `export`, in one transaction.
pub fn init_from_export(
    path: &Path,
    passphrase: &str,
    export: &Export,
    clock: Clock,
) -> Result<Opened> {
    let est = export.establishment.fields.validated()?;
    let logo = match &export.establishment.logo {
        None => None,
        Some(l) => Some(Logo::from_bytes(base64_decode(&l.base64).ok_or_else(
            || Error::Format("Le logo de l'export n'est pas en base64.".into()),
        )?)?),
    };
    let students = export
        .students
        .iter()
        .map(|s| {
            validate_student(&s.fields, None).map_err(|e| match e {
                Error::Validation { message, .. } => Error::Format(format!(
                    "Élève n° {} ({} {}) : {message}",
                    s.id, s.fields.first_name, s.fields.last_name
                )),
                other => other,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    casefile::check_passphrase(passphrase)?;
    casefile::create(path, passphrase, &est.referent_name, clock, |tx| {
        // Not in the export (so the round trip stays identical): where this file came from.
        tx.set_meta("origin", "export JSON")?;
        crate::registry::insert_establishment(tx, &est, logo.as_ref())?;
        for (s, fields) in export.students.iter().zip(&students) {
            insert_student(tx.conn(), Some(s.id), fields, s.archived)?;
            if !s.manual_fields.is_empty() {
                registry::set_manual_fields(tx.conn(), s.id, &s.manual_fields)?;
            }
        }
        for s in &export.staff {
            insert_staff(tx.conn(), Some(s.id), &s.fields, s.archived)?;
        }
        for p in &export.partners {
            insert_partner(tx.conn(), Some(p.id), &p.fields, p.archived)?;
        }
        crate::gpds::import_tables(tx.conn(), &export.gpds)?;
        import_pafi(tx.conn(), &export.pafi)?;
        for (table, rows) in export.alliance.tables() {
            load_rows(tx.conn(), table, rows)?;
        }
        load_rows(tx.conn(), "bilan_qualitative", &export.bilan.qualitative)?;
        load_rows(tx.conn(), "bilan_freeze", &export.bilan.freezes)?;
        load_rows(tx.conn(), "student_note", &export.notes)?;
        for e in &export.journal {
            tx.journal_verbatim(e)?;
        }
        if export.journal.is_empty() {
            tx.journal(JournalDraft {
                entity: "establishment",
                entity_id: Some(1),
                student_id: None,
                summary: format!(
                    "Dossier créé depuis un export JSON pour {} ({})",
                    est.name, est.uai
                ),
                changes: Vec::new(),
            })?;
        }
        Ok(())
    })
}

/// A table row in an export: column name → stored value (numbers, strings, null).
pub type Row = Map<String, Value>;

/// Every row of `table`, in rowid (id) order, each as its columns and stored values.
pub(crate) fn table_rows(conn: &Connection, table: &str) -> Result<Vec<Row>> {
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

/// Inserts `rows` into `table` as they are. A column the table does not have, or a row its
/// rules refuse, fails with a French message naming the table and the row.
pub(crate) fn load_rows(conn: &Connection, table: &str, rows: &[Row]) -> Result<()> {
    let known: Vec<String> = {
        let mut stmt = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
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
    Ok(())
}

/// The PAFI part of an export: the case file's validating authority and each table's rows, in
/// the order they load (a row only refers to earlier ones, to the registry or to the GPDS).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PafiExport {
    /// Who validates paths (`pafi_setting.authority`: `dasen`, `ien_io`, `csaio`, `foquale`);
    /// absent: the DASEN.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<String>,
    /// `pafi` rows.
    #[serde(default)]
    pub paths: Vec<Row>,
    /// `pafi_transition` rows.
    #[serde(default)]
    pub transitions: Vec<Row>,
    /// `pafi_activity` rows.
    #[serde(default)]
    pub activities: Vec<Row>,
    /// `pafi_period` rows.
    #[serde(default)]
    pub periods: Vec<Row>,
    /// `pafi_slot` rows.
    #[serde(default)]
    pub slots: Vec<Row>,
    /// `pafi_note` rows.
    #[serde(default)]
    pub notes: Vec<Row>,
    /// `pafi_checkpoint` rows.
    #[serde(default)]
    pub checkpoints: Vec<Row>,
    /// `pafi_amendment` rows.
    #[serde(default)]
    pub amendments: Vec<Row>,
    /// `pafi_bilan` rows.
    #[serde(default)]
    pub bilans: Vec<Row>,
    /// `pafi_skill` rows.
    #[serde(default)]
    pub skills: Vec<Row>,
}

/// The authority a new case file starts with.
const DEFAULT_AUTHORITY: &str = "dasen";

impl PafiExport {
    /// No path and the default authority (older exports, new case files).
    pub fn is_empty(&self) -> bool {
        self.authority
            .as_deref()
            .is_none_or(|a| a == DEFAULT_AUTHORITY)
            && self.tables().iter().all(|(_, rows)| rows.is_empty())
    }

    fn tables(&self) -> [(&'static str, &Vec<Row>); 10] {
        [
            ("pafi", &self.paths),
            ("pafi_transition", &self.transitions),
            ("pafi_activity", &self.activities),
            ("pafi_period", &self.periods),
            ("pafi_slot", &self.slots),
            ("pafi_note", &self.notes),
            ("pafi_checkpoint", &self.checkpoints),
            ("pafi_amendment", &self.amendments),
            ("pafi_bilan", &self.bilans),
            ("pafi_skill", &self.skills),
        ]
    }
}

fn export_pafi(conn: &Connection) -> Result<PafiExport> {
    let authority: String =
        conn.query_row("SELECT authority FROM pafi_setting WHERE id = 1", [], |r| {
            r.get(0)
        })?;
    Ok(PafiExport {
        authority: Some(authority),
        paths: table_rows(conn, "pafi")?,
        transitions: table_rows(conn, "pafi_transition")?,
        activities: table_rows(conn, "pafi_activity")?,
        periods: table_rows(conn, "pafi_period")?,
        slots: table_rows(conn, "pafi_slot")?,
        notes: table_rows(conn, "pafi_note")?,
        checkpoints: table_rows(conn, "pafi_checkpoint")?,
        amendments: table_rows(conn, "pafi_amendment")?,
        bilans: table_rows(conn, "pafi_bilan")?,
        skills: table_rows(conn, "pafi_skill")?,
    })
}

fn import_pafi(conn: &Connection, data: &PafiExport) -> Result<()> {
    if let Some(a) = &data.authority {
        if crate::pafi::ValidationAuthority::from_code(a).is_none() {
            return Err(Error::Format(format!(
                "Export, PAFI : autorité de validation inconnue « {a} » (attendu : dasen, ien_io, csaio ou foquale)."
            )));
        }
        conn.execute("UPDATE pafi_setting SET authority = ?1 WHERE id = 1", [a])?;
    }
    for (table, rows) in data.tables() {
        load_rows(conn, table, rows)?;
    }
    Ok(())
}

/// The alliances part of an export: each table's rows, in the order they load (a row only
/// refers to earlier ones, to the registry, to the GPDS proposals or to the PAFI).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AllianceExport {
    /// `alliance` rows.
    #[serde(default)]
    pub alliances: Vec<Row>,
    /// `alliance_transition` rows.
    #[serde(default)]
    pub transitions: Vec<Row>,
    /// `alliance_member` rows.
    #[serde(default)]
    pub members: Vec<Row>,
    /// `alliance_partner` rows.
    #[serde(default)]
    pub partners: Vec<Row>,
    /// `alliance_diagnosis` rows.
    #[serde(default)]
    pub diagnosis: Vec<Row>,
    /// `alliance_response` rows.
    #[serde(default)]
    pub responses: Vec<Row>,
    /// `alliance_meeting` rows.
    #[serde(default)]
    pub meetings: Vec<Row>,
    /// `alliance_meeting_member` rows.
    #[serde(default)]
    pub meeting_members: Vec<Row>,
    /// `alliance_share` rows.
    #[serde(default)]
    pub shares: Vec<Row>,
}

impl AllianceExport {
    /// No alliance (older exports, new case files).
    pub fn is_empty(&self) -> bool {
        self.tables().iter().all(|(_, rows)| rows.is_empty())
    }

    fn tables(&self) -> [(&'static str, &Vec<Row>); 9] {
        [
            ("alliance", &self.alliances),
            ("alliance_transition", &self.transitions),
            ("alliance_member", &self.members),
            ("alliance_partner", &self.partners),
            ("alliance_diagnosis", &self.diagnosis),
            ("alliance_response", &self.responses),
            ("alliance_meeting", &self.meetings),
            ("alliance_meeting_member", &self.meeting_members),
            ("alliance_share", &self.shares),
        ]
    }
}

/// The bilan part of an export.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BilanExport {
    /// `bilan_qualitative` rows.
    #[serde(default)]
    pub qualitative: Vec<Row>,
    /// `bilan_freeze` rows (each export's figures, as exported).
    #[serde(default)]
    pub freezes: Vec<Row>,
}

impl BilanExport {
    /// Nothing written, nothing exported (older exports, new case files).
    pub fn is_empty(&self) -> bool {
        self.qualitative.is_empty() && self.freezes.is_empty()
    }
}

fn export_alliance(conn: &Connection) -> Result<AllianceExport> {
    Ok(AllianceExport {
        alliances: table_rows(conn, "alliance")?,
        transitions: table_rows(conn, "alliance_transition")?,
        members: table_rows(conn, "alliance_member")?,
        partners: table_rows(conn, "alliance_partner")?,
        diagnosis: table_rows(conn, "alliance_diagnosis")?,
        responses: table_rows(conn, "alliance_response")?,
        meetings: table_rows(conn, "alliance_meeting")?,
        meeting_members: table_rows(conn, "alliance_meeting_member")?,
        shares: table_rows(conn, "alliance_share")?,
    })
}
