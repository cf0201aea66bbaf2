//! The RGPD side of the case file: a family's right of access (art. 15) — everything the case
//! file holds on one student, as JSON and as a readable PDF — and the « fiche de registre des
//! activités de traitement » (art. 30) the head of school gives the DPO.
//!
//! Reads every mechanism through its own typed getters (registry, GPDS, PAFI, alliances, the
//! document registry, the journal) and owns no table. Restricted notes and entries of an
//! alliance's diagnosis are given only to a viewer that [`crate::access::may_read`] lets read
//! them; otherwise the file says such an entry exists and gives its résumé utile, without its
//! text. Giving a student's
//! data out ([`export_student_file`]) is journaled on that student, in the same transaction as
//! the files written, so the access itself is traced.
//!
//! Must not write any mechanism's table, nor put anything about another student in a
//! student's file: every part is read by that student's id.

mod access_pdf;
mod registre;

use std::path::Path;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::access::Sensitivity;
use crate::alliance::{self, Alliance, Domain, Polarity};
use crate::casefile::{journal_for_student, CaseFile, Change, JournalDraft, JournalEntry};
use crate::documents::registry::{list_documents, DocumentState};
use crate::documents::template::DocumentType;
use crate::error::{Error, Result};
use crate::gpds::{self, Action, Entretien, Flag, FollowUp, Mesure, Proposal, Review};
use crate::notes::StudentNote;
use crate::pafi::{self, Pafi};
use crate::registry::{self, Student};
use crate::users::SignedIn;

pub use access_pdf::{student_file_pdf, TITLE as ACCESS_TITLE};
pub use registre::{registre_pdf, TITLE as REGISTRE_TITLE};

/// Printed (and given in the JSON) in place of a restricted diagnosis entry the viewer may not
/// read.
pub const WITHHELD: &str = "Élément réservé : son contenu n'est communiqué qu'aux professionnels \
                            habilités (secret partagé) et n'est pas reproduit ici.";

/// The establishment, as the file names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EstablishmentRef {
    /// Its name.
    pub name: String,
    /// Its UAI.
    pub uai: String,
    /// Its postal address.
    pub address: String,
}

/// What the GPDS holds on the student.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GpdsFile {
    /// The follow-up, if the student ever had one.
    pub followup: Option<FollowUp>,
    /// Flags (repérages), newest first.
    pub flags: Vec<Flag>,
    /// Reviews at GPDS meetings (each with its meeting's date), newest first.
    pub reviews: Vec<Review>,
    /// Follow-up actions.
    pub actions: Vec<Action>,
    /// Entretiens de situation.
    pub entretiens: Vec<Entretien>,
    /// Mesures de responsabilisation.
    pub mesures: Vec<Mesure>,
    /// PAFI and alliance proposals.
    pub proposals: Vec<Proposal>,
}

/// A restricted diagnosis entry the viewer may not read: that it exists, not what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WithheldEntry {
    /// Its id.
    pub id: i64,
    /// Its domain.
    pub domain: Domain,
    /// Potentiality or difficulty.
    pub polarity: Polarity,
    /// When it was noted.
    pub noted_on: NaiveDate,
    /// Who brought it.
    pub author: String,
    /// Who may read it.
    pub sensitivity: Sensitivity,
    /// Its résumé utile, which every reader gets (may be empty).
    pub summary: String,
    /// Why its text is missing ([`WITHHELD`]).
    pub notice: String,
}

/// An alliance as given out: its diagnosis holds only the entries the viewer may read; the
/// others are listed in `withheld`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AllianceFile {
    /// The alliance, restricted entries the viewer may not read left out of its diagnosis.
    #[serde(flatten)]
    pub alliance: Alliance,
    /// The restricted entries left out.
    pub withheld: Vec<WithheldEntry>,
}

/// A signatory of a document, as given out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentSignatory {
    /// Quality.
    pub role: String,
    /// Name.
    pub name: String,
    /// "screen" or "paper", once signed.
    pub method: Option<String>,
    /// When.
    pub signed_at: Option<NaiveDateTime>,
}

/// A document registered about the student: what it is, not its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentLine {
    /// Id of this version.
    pub id: i64,
    /// Reference shared by the versions.
    pub reference: String,
    /// Version number.
    pub version: u32,
    /// Type.
    pub kind: DocumentType,
    /// Title.
    pub title: String,
    /// State.
    pub state: DocumentState,
    /// Made.
    pub created_at: NaiveDateTime,
    /// Last change of state.
    pub updated_at: NaiveDateTime,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// Its signatories.
    pub signatories: Vec<DocumentSignatory>,
}

/// « Tout ce que le dossier contient sur cet élève ».
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StudentFile {
    /// The day the file was made.
    pub made_on: NaiveDate,
    /// The establishment holding the data.
    pub establishment: EstablishmentRef,
    /// The student's record, legal representatives included.
    pub student: Student,
    /// The GPDS.
    pub gpds: GpdsFile,
    /// PAFI, each with all its parts, the latest first.
    pub pafi: Vec<Pafi>,
    /// Alliances éducatives, each with all its parts, the latest first.
    pub alliances: Vec<AllianceFile>,
    /// Notes on the student, the latest first: the text of those the viewer may read, the stub
    /// and the résumé utile of the others.
    pub notes: Vec<StudentNote>,
    /// Documents registered about the student (every version), newest first.
    pub documents: Vec<DocumentLine>,
    /// Every journal entry about the student, newest first.
    pub journal: Vec<JournalEntry>,
}

/// Everything the case file holds on one student, as `viewer` may read it: the text of restricted
/// notes and diagnosis entries is included only when [`crate::access::may_read`] lets `viewer`
/// read them.
///
/// # Errors
/// [`Error::NotFound`] (French) if no student has this id; [`Error::Db`] underneath.
pub fn student_file(cf: &CaseFile, student_id: i64, viewer: &SignedIn) -> Result<StudentFile> {
    let student = registry::student(cf, student_id)?;
    let est = registry::establishment(cf)?;
    let gpds = GpdsFile {
        followup: gpds::followup(cf, student_id)?,
        flags: gpds::student_flags(cf, student_id)?,
        reviews: gpds::student_reviews(cf, student_id)?,
        actions: gpds::student_actions(cf, student_id)?,
        entretiens: gpds::student_entretiens(cf, student_id)?,
        mesures: gpds::student_mesures(cf, student_id)?,
        proposals: gpds::student_proposals(cf, student_id)?,
    };
    let pafi = pafi::student_pafi(cf, student_id)?
        .iter()
        .map(|row| pafi::pafi(cf, row.id))
        .collect::<Result<Vec<_>>>()?;
    let alliances = alliance::student_alliances(cf, student_id)?
        .iter()
        .map(|row| Ok(for_viewer(alliance::alliance_unmasked(cf, row.id)?, viewer)))
        .collect::<Result<Vec<_>>>()?;
    let documents = list_documents(cf)?
        .into_iter()
        .filter(|d| d.student_id == Some(student_id))
        .map(|d| DocumentLine {
            id: d.id,
            reference: d.reference,
            version: d.version,
            kind: d.kind,
            title: d.title,
            state: d.state,
            created_at: d.created_at,
            updated_at: d.updated_at,
            cancel_reason: d.cancel_reason,
            signatories: d
                .signatories
                .into_iter()
                .map(|s| DocumentSignatory {
                    role: s.role,
                    name: s.name,
                    method: s.method,
                    signed_at: s.signed_at,
                })
                .collect(),
        })
        .collect();
    Ok(StudentFile {
        made_on: cf.today(),
        establishment: EstablishmentRef {
            name: est.input.name,
            uai: est.input.uai,
            address: est.input.address,
        },
        student,
        gpds,
        pafi,
        alliances,
        notes: crate::notes::notes_for_file(cf, viewer, student_id)?,
        documents,
        journal: journal_for_student(cf, student_id)?,
    })
}

/// The alliance with the diagnosis entries `viewer` may not read moved to `withheld`.
fn for_viewer(mut a: Alliance, viewer: &SignedIn) -> AllianceFile {
    let (shown, hidden): (Vec<_>, Vec<_>) = std::mem::take(&mut a.diagnosis)
        .into_iter()
        .partition(|e| e.readable_by(viewer));
    a.diagnosis = shown;
    AllianceFile {
        alliance: a,
        withheld: hidden
            .into_iter()
            .map(|e| WithheldEntry {
                id: e.id,
                domain: e.domain,
                polarity: e.polarity,
                noted_on: e.noted_on,
                author: e.author,
                sensitivity: e.sensitivity,
                summary: e.summary,
                notice: WITHHELD.to_owned(),
            })
            .collect(),
    }
}

/// [`student_file`] as pretty JSON.
///
/// # Errors
/// As [`student_file`].
pub fn student_file_json(cf: &CaseFile, student_id: i64, viewer: &SignedIn) -> Result<String> {
    Ok(serde_json::to_string_pretty(&student_file(
        cf, student_id, viewer,
    )?)?)
}

/// "Prénom Nom".
fn full_name(s: &Student) -> String {
    format!("{} {}", s.input.first_name, s.input.last_name)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// Gives a family the data held on a student: writes the PDF at `pdf_path` and, if asked, the
/// JSON at `json_path`, each whole or not at all, and journals « Données de … communiquées
/// (droit d'accès) » on the student in the same transaction: if a file cannot be written,
/// nothing is journaled and no file is left behind.
///
/// # Errors
/// [`Error::NotFound`] for an unknown student (nothing written); [`Error::ReadOnly`] on a case
/// file opened read-only (nothing written: the access could not be traced);
/// [`Error::Validation`] for an empty path; [`Error::Io`] if a file cannot be written.
pub fn export_student_file(
    cf: &mut CaseFile,
    student_id: i64,
    viewer: &SignedIn,
    pdf_path: &Path,
    json_path: Option<&Path>,
) -> Result<StudentFile> {
    let file = student_file(cf, student_id, viewer)?;
    let pdf = access_pdf::pdf(cf, &file)?;
    let json = match json_path {
        Some(_) => Some(serde_json::to_string_pretty(&file)?),
        None => None,
    };
    if json_path == Some(pdf_path) {
        return Err(Error::invalid(
            "jsonPath",
            "Le PDF et le JSON doivent être deux fichiers différents.",
        ));
    }
    let name = full_name(&file.student);
    let mut changes = vec![Change {
        field: "Fichier PDF".into(),
        before: None,
        after: Some(file_name(pdf_path)),
    }];
    if let Some(p) = json_path {
        changes.push(Change {
            field: "Fichier JSON".into(),
            before: None,
            after: Some(file_name(p)),
        });
    }
    cf.write(|tx| {
        tx.journal(JournalDraft {
            entity: "student",
            entity_id: Some(student_id),
            student_id: Some(student_id),
            summary: format!("Données de {name} communiquées (droit d'accès)"),
            changes,
        })?;
        crate::files::write_whole(pdf_path, &pdf)?;
        if let (Some(path), Some(json)) = (json_path, &json) {
            if let Err(e) = crate::files::write_whole(path, json.as_bytes()) {
                let _ = std::fs::remove_file(pdf_path);
                return Err(e);
            }
        }
        Ok(())
    })?;
    Ok(file)
}
