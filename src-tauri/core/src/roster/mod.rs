//! The roster: importing the school's students from SIECLE (XML, zipped or not), Pronote (CSV)
//! or ONDE (CSV), previewing what would change, applying it in one transaction, undoing the
//! last import.
//!
//! Parsers (`siecle`, `csv`) turn bytes into a [`RosterFile`] and know nothing of the case file;
//! `mef` maps MEF codes to the bilan's tracks; `merge` compares a [`RosterFile`] with the case
//! file and writes. Nothing here deletes a student: leavers are marked, never removed.

pub mod csv;
pub mod mef;
mod merge;
pub mod siecle;

pub use merge::{
    apply, counts_sentence, last_import, preview, read_roster, undo_last_import, ImportBatch,
    ImportCounts, ImportPreview, PreviewLeft, PreviewNew, PreviewSkipped, PreviewUpdate,
};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::registry::{LegalRep, Sex};

/// Which export a roster came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RosterSource {
    /// SIECLE / Base élèves établissement XML (`BEE_ELEVES`), with its `VERSION` attribute.
    Siecle {
        /// The `VERSION` attribute of `BEE_ELEVES` ("3.0").
        version: String,
    },
    /// A Pronote CSV export (user-chosen columns).
    Pronote,
    /// ONDE (first degree) `CSVExtraction.csv`.
    Onde,
}

/// A parsed roster file: who the export says is in the school.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterFile {
    /// Where it came from.
    pub source: RosterSource,
    /// The establishment's UAI as the file states it (SIECLE `PARAMETRES/UAJ`), if any.
    pub uai: Option<String>,
    /// The school year the file is about, by its start year (SIECLE `ANNEE_SCOLAIRE`), if any.
    pub school_year: Option<i32>,
    /// The export date (SIECLE `DATE_EXPORT`), if any.
    pub exported_on: Option<NaiveDate>,
    /// Whether legal representatives were read (SIECLE: `ResponsablesAvecAdresses.xml` attached
    /// with `siecle::attach_legal_reps`; Pronote: "Responsable" columns). When false, the import
    /// leaves the case file's legal representatives alone.
    pub has_legal_reps: bool,
    /// The students the file lists, in file order.
    pub students: Vec<RosterStudent>,
    /// Records the parser could not use, with the reason.
    pub skipped: Vec<Skipped>,
}

/// One student as an export gives it (values trimmed; empty values are `None` / empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RosterStudent {
    /// Where in the file, for messages: "ELEVE_ID 4521" or "ligne 12".
    pub location: String,
    /// INE (`ID_NATIONAL`), upper-cased, if present.
    pub ine: Option<String>,
    /// SIECLE `ELEVE_ID`, if present.
    pub eleve_id: Option<String>,
    /// Last name (`NOM_DE_FAMILLE`, or `NOM` in files before 2016).
    pub last_name: String,
    /// First name (`PRENOM`).
    pub first_name: String,
    /// Birth date.
    pub birth_date: NaiveDate,
    /// Sex (`CODE_SEXE` 1 = M, 2 = F), if known.
    pub sex: Option<Sex>,
    /// The class (`STRUCTURE` of `TYPE_STRUCTURE` D), if any.
    pub class_name: Option<String>,
    /// Groups (`STRUCTURE`s of type G).
    pub groups: Vec<String>,
    /// MEF code (11 characters), if any.
    pub mef: Option<String>,
    /// The school's own label of the MEF (from `Nomenclature.xml`), if known.
    pub mef_label: Option<String>,
    /// Entry date in the establishment.
    pub entry_date: Option<NaiveDate>,
    /// Exit date (`DATE_SORTIE`): past = left, future = still present.
    pub exit_date: Option<NaiveDate>,
    /// Exit reason code (`CODE_MOTIF_SORTIE`), if any.
    pub exit_reason: Option<String>,
    /// Status code (`CODE_STATUT`), if any.
    pub status: Option<String>,
    /// The student's e-mail (`MEL`).
    pub email: String,
    /// The student's phone (first non-empty `TEL_*`).
    pub phone: String,
    /// Legal representatives (only meaningful when [`RosterFile::has_legal_reps`]).
    pub legal_reps: Vec<LegalRep>,
}

/// A record the parser could not use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    /// Where in the file ("ELEVE_ID 4521", "ligne 12").
    pub location: String,
    /// The name as far as it could be read ("DUPONT Léa"), possibly empty.
    pub name: String,
    /// Why, in French ("ni INE ni ELEVE_ID", "date de naissance 31/02/2010 impossible").
    pub reason: String,
}

/// Labels of MEF codes, from SIECLE's `Nomenclature.xml`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nomenclature {
    /// MEF code → the school's label (`LIBELLE_EDITION`, else `LIBELLE_LONG`).
    pub mef_labels: std::collections::BTreeMap<String, String>,
}

/// The largest roster file accepted (a whole SIECLE export of a big lycée is a few MB).
pub const MAX_FILE_BYTES: usize = 50 * 1024 * 1024;
