//! The open export: the whole case file as JSON, and building a new case file from one.
//!
//! Format `accroche-export`, version 1 (documented in `assets/export/README.md`, JSON Schema
//! in `assets/export/accroche-export-v1.schema.json`). Ids are kept, so export → import →
//! export gives the same bytes. Every later mechanism adds its own arrays here, raising
//! `version` only when an existing field changes meaning.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::casefile::{self, journal_all, CaseFile, Clock, JournalDraft, JournalEntry, Opened};
use crate::error::{Error, Result};
use crate::gpds::GpdsExport;
use crate::registry::{
    self, establishment, establishment_logo, insert_partner, insert_staff, insert_student,
    validate_student, EstablishmentInput, Logo, PartnerInput, StaffInput, StudentInput,
};
use crate::text::{base64_decode, base64_encode};

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

/// Reads the whole case file.
pub fn export(cf: &CaseFile) -> Result<Export> {
    let conn = cf.conn();
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
        journal: journal_all(conn)?,
    })
}

/// Serialises an export as pretty JSON, with a final newline.
pub fn to_json(export: &Export) -> Result<String> {
    let mut s = serde_json::to_string_pretty(export)?;
    s.push('\n');
    Ok(s)
}

/// Writes the export of `cf` to `path`, atomically (a temporary file renamed into place).
pub fn export_to_file(cf: &CaseFile, path: &Path) -> Result<()> {
    let json = to_json(&export(cf)?)?;
    let tmp = path.with_extension("json.partiel");
    std::fs::write(&tmp, json).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
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
