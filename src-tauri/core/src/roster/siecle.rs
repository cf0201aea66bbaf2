//! SIECLE (Base élèves établissement) XML exports → [`RosterFile`].
//!
//! Owns the reading of SIECLE's generic XML exports: the zip SIECLE hands out, the character
//! encoding it declares, the XML itself, and the mapping of its elements to roster types. It knows
//! nothing of the case file and must not touch it: the merge decides what a student means for the
//! case file (new, moved, left…). It never panics on any input (fuzzed, see `core/fuzz`).
//!
//! # The files, as SIECLE writes them
//!
//! - `ElevesSansAdresses.xml` (often zipped alone as `ExportXML_ElevesSansAdresses.zip`) and
//!   `ElevesAvecAdresses.xml`, root `BEE_ELEVES VERSION="…"`: `PARAMETRES` (`UAJ`,
//!   `ANNEE_SCOLAIRE`, `DATE_EXPORT`, `HORODATAGE`), `DONNEES/ELEVES/ELEVE[@ELEVE_ID][@ELENOET]`
//!   and `DONNEES/STRUCTURES/STRUCTURES_ELEVE[@ELEVE_ID]/STRUCTURE` (`CODE_STRUCTURE`,
//!   `TYPE_STRUCTURE` D = class, G = group). `ElevesAvecAdresses` adds the student's *own*
//!   address (`ADRESSE_ID` and `DONNEES/ADRESSES`), which the roster does not keep.
//! - The legal representatives are not in the students' export but in its sibling
//!   `ResponsablesAvecAdresses.xml`, root `BEE_RESPONSABLES`: `DONNEES/PERSONNES/PERSONNE
//!   [@PERSONNE_ID]` (`NOM_DE_FAMILLE`, `NOM_USAGE`, `PRENOM`, `TEL_PORTABLE`, `TEL_PERSONNEL`,
//!   `TEL_PROFESSIONNEL`, `MEL`, `ADRESSE_ID`), `DONNEES/RESPONSABLES/RESPONSABLE_ELEVE`
//!   (`ELEVE_ID`, `PERSONNE_ID`, `RESP_LEGAL` 1 or 2 = legal representative, 0 = a contact only,
//!   `CODE_PARENTE`) and `DONNEES/ADRESSES/ADRESSE[@ADRESSE_ID]` (`LIGNE1_ADRESSE`…
//!   `LIGNE4_ADRESSE`, `CODE_POSTAL`, `LIBELLE_POSTAL`, `LL_PAYS`). Source: the SIECLE importers
//!   of gepi (tbelliard/gepi, `init_xml/lecture_xml_sconet.php` and `responsables/`), which read
//!   the two files separately and check the roots `BEE_ELEVES` / `BEE_RESPONSABLES`.
//!   [`parse_responsables`] reads it and [`attach_legal_reps`] joins it to a roster by `ELEVE_ID`.
//! - `Nomenclature.xml`, root `BEE_NOMENCLATURES`: `DONNEES/MEFS/MEF[@CODE_MEF]` with
//!   `LIBELLE_EDITION` (may be missing) and `LIBELLE_LONG`, read by [`parse_nomenclature`].
//!
//! Encoding: the XML declaration is honoured (SIECLE declares `ISO-8859-15`, older generators
//! `ISO-8859-1`); a byte-order mark wins over it; without a declaration the file is UTF-8, and
//! if it is not valid UTF-8 it is read as ISO-8859-15, SIECLE's own encoding (a file re-saved by
//! a tool that dropped the declaration). Every value is trimmed.
//!
//! Errors: a file-level problem is an [`Error::Format`] whose French message names the file, the
//! problem and where (line, element, `ELEVE_ID`). A record-level problem never fails the file:
//! the record goes to [`RosterFile::skipped`] with its reason.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

use chrono::NaiveDate;
use encoding_rs::Encoding;
use quick_xml::errors::{IllFormedError, SyntaxError};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::{Nomenclature, RosterFile, RosterSource, RosterStudent, Skipped, MAX_FILE_BYTES};
use crate::error::{Error, Result};
use crate::registry::{LegalRep, Relationship, Sex};

/// Reads a SIECLE students' export: the zip (`ExportXML_ElevesSansAdresses.zip`, exactly one
/// XML inside) or the bare XML (`ElevesSansAdresses.xml` or `ElevesAvecAdresses.xml`).
///
/// `file_name` is only used in messages. `nomenclature`, when given, fills
/// [`RosterStudent::mef_label`]. The result has `has_legal_reps == false`: the representatives
/// come from `ResponsablesAvecAdresses.xml`, see [`attach_legal_reps`].
///
/// # Errors
/// [`Error::Format`] with a French message when the file is larger than [`MAX_FILE_BYTES`], is
/// not a zip or XML Accroche can read (zero or several XML in the zip, unknown encoding,
/// malformed or truncated XML), is another SIECLE export (nomenclature, responsables…), or lists
/// no student at all. Students Accroche cannot use are not errors: they are in
/// [`RosterFile::skipped`].
pub fn parse_siecle(
    bytes: &[u8],
    file_name: &str,
    nomenclature: Option<&Nomenclature>,
) -> Result<RosterFile> {
    let doc = open(bytes, file_name, Export::Eleves)?;
    let mut structures: HashMap<String, (Option<String>, Vec<String>)> = HashMap::new();
    let mut eleves = Vec::new();
    for (kind, record) in doc.records {
        match kind {
            ELEVE => eleves.push(record),
            STRUCTURE => {
                let (Some(eleve_id), Some(code)) =
                    (record.get("ELEVE_ID"), record.get("CODE_STRUCTURE"))
                else {
                    continue;
                };
                let entry = structures.entry(eleve_id.to_owned()).or_default();
                match record.get("TYPE_STRUCTURE") {
                    Some(t) if t.eq_ignore_ascii_case("D") => {
                        // A second class is an anomaly of the export: the first one wins.
                        entry.0.get_or_insert_with(|| code.to_owned());
                    }
                    Some(t)
                        if t.eq_ignore_ascii_case("G") && !entry.1.iter().any(|g| g == code) =>
                    {
                        entry.1.push(code.to_owned());
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    if eleves.is_empty() {
        return Err(Error::Format(format!(
            "Le fichier {} ne contient aucun élève (aucun élément ELEVE sous DONNEES/ELEVES) : \
             vérifiez l'export choisi dans SIECLE. Rien n'a été importé.",
            doc.what
        )));
    }

    let mut students = Vec::with_capacity(eleves.len());
    let mut skipped = Vec::new();
    let mut seen_ids: HashMap<String, String> = HashMap::new();
    let mut seen_ines: HashMap<String, String> = HashMap::new();
    for record in &eleves {
        match student(record, &structures, nomenclature) {
            Ok(s) => {
                let name = format!("{} {}", s.last_name, s.first_name);
                let duplicate = s
                    .eleve_id
                    .as_ref()
                    .and_then(|id| {
                        seen_ids
                            .get(id)
                            .map(|other| (format!("ELEVE_ID {id}"), other))
                    })
                    .or_else(|| {
                        s.ine.as_ref().and_then(|ine| {
                            seen_ines
                                .get(ine)
                                .map(|other| (format!("INE {ine}"), other))
                        })
                    });
                if let Some((key, other)) = duplicate {
                    skipped.push(Skipped {
                        location: s.location,
                        name,
                        reason: format!(
                            "{key} en double : déjà porté par {other} plus haut dans le fichier"
                        ),
                    });
                    continue;
                }
                if let Some(id) = &s.eleve_id {
                    seen_ids.insert(id.clone(), name.clone());
                }
                if let Some(ine) = &s.ine {
                    seen_ines.insert(ine.clone(), name);
                }
                students.push(s);
            }
            Err(skip) => skipped.push(skip),
        }
    }

    Ok(RosterFile {
        source: RosterSource::Siecle {
            version: doc.version.unwrap_or_default(),
        },
        uai: doc.params.get("UAJ").map(str::to_uppercase),
        school_year: doc.params.get("ANNEE_SCOLAIRE").and_then(school_year),
        exported_on: exported_on(&doc.params),
        has_legal_reps: false,
        students,
        skipped,
    })
}

/// Reads SIECLE's `Nomenclature.xml` (root `BEE_NOMENCLATURES`, bare or zipped): the label of
/// each MEF, `LIBELLE_EDITION` when present and not blank, else `LIBELLE_LONG`.
///
/// # Errors
/// [`Error::Format`] with a French message, under the same rules as [`parse_siecle`], and when
/// the file lists no MEF.
pub fn parse_nomenclature(bytes: &[u8]) -> Result<Nomenclature> {
    let doc = open(bytes, "", Export::Nomenclatures)?;
    let mut mef_labels = BTreeMap::new();
    for (kind, record) in &doc.records {
        if *kind != MEF {
            continue;
        }
        let Some(code) = record.get("CODE_MEF") else {
            continue;
        };
        if let Some(label) = record
            .get("LIBELLE_EDITION")
            .or_else(|| record.get("LIBELLE_LONG"))
        {
            mef_labels.insert(code.to_owned(), label.to_owned());
        }
    }
    if mef_labels.is_empty() {
        return Err(Error::Format(format!(
            "Le fichier {} ne contient aucun libellé de MEF (DONNEES/MEFS/MEF) : vérifiez que \
             c'est bien Nomenclature.xml exporté de SIECLE.",
            doc.what
        )));
    }
    Ok(Nomenclature { mef_labels })
}

/// The legal representatives read from SIECLE's `ResponsablesAvecAdresses.xml`, by student.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LegalRepsFile {
    /// The establishment's UAI as the file states it (`PARAMETRES/UAJ`), if any.
    pub uai: Option<String>,
    /// The school year the file is about, by its start year (`ANNEE_SCOLAIRE`), if any.
    pub school_year: Option<i32>,
    /// `ELEVE_ID` → the student's legal representatives (`RESP_LEGAL` 1 first, then 2). Contacts
    /// who are not legal representatives (`RESP_LEGAL` 0) are left out.
    pub by_eleve_id: BTreeMap<String, Vec<LegalRep>>,
    /// Links the parser could not use (a `PERSONNE_ID` missing from `PERSONNES`, a person
    /// without a name), with the reason in French.
    pub skipped: Vec<Skipped>,
}

/// Reads SIECLE's `ResponsablesAvecAdresses.xml` (root `BEE_RESPONSABLES`, bare or zipped as
/// `ExportXML_ResponsablesAvecAdresses.zip`).
///
/// Relationship (`CODE_PARENTE`): 10 → mère, 20 → père, 50 → tuteur, any other code → autre.
/// Address: the non-empty `LIGNE1_ADRESSE`…`LIGNE4_ADRESSE`, then `CODE_POSTAL LIBELLE_POSTAL`,
/// then the country when it is not France, joined by ", ". Phone: the first non-empty of
/// `TEL_PORTABLE`, `TEL_PERSONNEL`, `TEL_PROFESSIONNEL`. Last name: `NOM_USAGE` (the name the
/// person goes by, as gepi does), else `NOM_DE_FAMILLE`, else `NOM` (files before 2016).
///
/// # Errors
/// [`Error::Format`] with a French message, under the same rules as [`parse_siecle`].
pub fn parse_responsables(bytes: &[u8], file_name: &str) -> Result<LegalRepsFile> {
    let doc = open(bytes, file_name, Export::Responsables)?;
    let mut addresses = HashMap::new();
    let mut persons = HashMap::new();
    let mut links = Vec::new();
    for (kind, record) in &doc.records {
        match *kind {
            ADRESSE => {
                if let Some(id) = record.get("ADRESSE_ID") {
                    addresses.insert(id, address(record));
                }
            }
            PERSONNE => {
                if let Some(id) = record.get("PERSONNE_ID") {
                    persons.insert(id, record);
                }
            }
            RESPONSABLE_ELEVE => links.push(record),
            _ => {}
        }
    }

    let mut ranked: BTreeMap<String, Vec<(u8, LegalRep)>> = BTreeMap::new();
    let mut skipped = Vec::new();
    for link in links {
        let rank = match (link.get("RESP_LEGAL"), link.get("NIVEAU_RESPONSABILITE")) {
            (Some("1"), _) => 1,
            (Some("2"), _) => 2,
            (Some(_), _) => continue,
            (None, Some("1") | None) => 3,
            (None, Some(_)) => continue,
        };
        let (Some(eleve_id), Some(personne_id)) = (link.get("ELEVE_ID"), link.get("PERSONNE_ID"))
        else {
            continue;
        };
        let location = format!("PERSONNE_ID {personne_id}");
        let Some(person) = persons.get(personne_id) else {
            skipped.push(Skipped {
                location,
                name: String::new(),
                reason: format!(
                    "responsable de l'élève ELEVE_ID {eleve_id} absent de la liste des personnes"
                ),
            });
            continue;
        };
        let first_name = person.get("PRENOM").unwrap_or_default().to_owned();
        let Some(last_name) = person
            .get("NOM_USAGE")
            .or_else(|| person.get("NOM_DE_FAMILLE"))
            .or_else(|| person.get("NOM"))
        else {
            skipped.push(Skipped {
                location,
                name: first_name,
                reason: format!("nom du responsable de l'élève ELEVE_ID {eleve_id} absent"),
            });
            continue;
        };
        let rep = LegalRep {
            last_name: last_name.to_owned(),
            first_name,
            relationship: relationship(link.get("CODE_PARENTE")),
            address: person
                .get("ADRESSE_ID")
                .and_then(|id| addresses.get(id))
                .cloned()
                .unwrap_or_default(),
            phone: ["TEL_PORTABLE", "TEL_PERSONNEL", "TEL_PROFESSIONNEL"]
                .iter()
                .find_map(|f| person.get(f))
                .unwrap_or_default()
                .to_owned(),
            email: person.get("MEL").unwrap_or_default().to_owned(),
        };
        ranked
            .entry(eleve_id.to_owned())
            .or_default()
            .push((rank, rep));
    }
    let by_eleve_id = ranked
        .into_iter()
        .map(|(id, mut reps)| {
            reps.sort_by_key(|(rank, _)| *rank);
            (id, reps.into_iter().map(|(_, rep)| rep).collect())
        })
        .collect();

    Ok(LegalRepsFile {
        uai: doc.params.get("UAJ").map(str::to_uppercase),
        school_year: doc.params.get("ANNEE_SCOLAIRE").and_then(school_year),
        by_eleve_id,
        skipped,
    })
}

/// Gives each student of `roster` its legal representatives from `reps` (joined by
/// `ELEVE_ID`; a student the file does not mention gets none) and sets
/// [`RosterFile::has_legal_reps`].
///
/// # Errors
/// [`Error::Format`] when the two files name different establishments (`UAJ`) or school years:
/// nothing is changed then.
pub fn attach_legal_reps(roster: &mut RosterFile, reps: &LegalRepsFile) -> Result<()> {
    if let (Some(a), Some(b)) = (&roster.uai, &reps.uai) {
        if a != b {
            return Err(Error::Format(format!(
                "Le fichier des responsables est celui de l'établissement {b}, la liste des \
                 élèves celle de {a} : choisissez les deux exports du même établissement."
            )));
        }
    }
    if let (Some(a), Some(b)) = (roster.school_year, reps.school_year) {
        if a != b {
            return Err(Error::Format(format!(
                "Le fichier des responsables est de l'année scolaire {b}-{}, la liste des élèves \
                 de {a}-{} : choisissez deux exports faits le même jour.",
                b + 1,
                a + 1
            )));
        }
    }
    for student in &mut roster.students {
        student.legal_reps = student
            .eleve_id
            .as_ref()
            .and_then(|id| reps.by_eleve_id.get(id))
            .cloned()
            .unwrap_or_default();
    }
    roster.has_legal_reps = true;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Records → roster types.

/// One student record, or why it is skipped.
fn student(
    record: &Record,
    structures: &HashMap<String, (Option<String>, Vec<String>)>,
    nomenclature: Option<&Nomenclature>,
) -> std::result::Result<RosterStudent, Skipped> {
    let eleve_id = record.get("ELEVE_ID");
    let location = match (eleve_id, record.get("ELENOET")) {
        (Some(id), _) => format!("ELEVE_ID {id}"),
        (None, Some(n)) => format!("ELENOET {n}"),
        (None, None) => format!("ligne {}", record.line),
    };
    // Files before 2016 have NOM; later ones NOM_DE_FAMILLE (birth name) and NOM_USAGE.
    let last_name = record
        .get("NOM_DE_FAMILLE")
        .or_else(|| record.get("NOM_USAGE"))
        .or_else(|| record.get("NOM"));
    let first_name = record.get("PRENOM");
    let name = format!("{} {}", last_name.unwrap_or(""), first_name.unwrap_or(""))
        .trim()
        .to_owned();
    let skip = |reason: String| Skipped {
        location: location.clone(),
        name: name.clone(),
        reason,
    };

    let ine = record.get("ID_NATIONAL").map(str::to_uppercase);
    if ine.is_none() && eleve_id.is_none() {
        return Err(skip("ni INE ni ELEVE_ID".into()));
    }
    let Some(last_name) = last_name else {
        return Err(skip("nom de famille absent".into()));
    };
    let Some(first_name) = first_name else {
        return Err(skip("prénom absent".into()));
    };
    let birth_date = match record.get("DATE_NAISS") {
        None => return Err(skip("date de naissance absente".into())),
        Some(raw) => date(raw).map_err(|p| skip(p.describe("date de naissance", raw)))?,
    };
    if let Some(ine) = &ine {
        let n = ine.chars().count();
        if n != 11 {
            return Err(skip(format!(
                "INE « {ine} » de {n} caractères au lieu de 11"
            )));
        }
        if !ine.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(skip(format!(
                "INE « {ine} » invalide (11 chiffres et lettres attendus)"
            )));
        }
    }
    let mef = record.get("CODE_MEF");
    if let Some(mef) = mef {
        let n = mef.chars().count();
        if n != 11 {
            return Err(skip(format!(
                "code MEF « {mef} » de {n} caractères au lieu de 11"
            )));
        }
        if !mef.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(skip(format!(
                "code MEF « {mef} » invalide (11 chiffres attendus)"
            )));
        }
    }
    let exit_date = match record.get("DATE_SORTIE") {
        None => None,
        Some(raw) => Some(date(raw).map_err(|p| skip(p.describe("date de sortie", raw)))?),
    };
    // The entry date only informs: an unreadable one is dropped rather than losing the student.
    let entry_date = record.get("DATE_ENTREE").and_then(|raw| date(raw).ok());

    let (class_name, groups) = eleve_id
        .and_then(|id| structures.get(id))
        .cloned()
        .unwrap_or_default();
    Ok(RosterStudent {
        location: location.clone(),
        ine,
        eleve_id: eleve_id.map(str::to_owned),
        last_name: last_name.to_owned(),
        first_name: first_name.to_owned(),
        birth_date,
        sex: match record.get("CODE_SEXE") {
            Some("1") => Some(Sex::M),
            Some("2") => Some(Sex::F),
            _ => None,
        },
        class_name,
        groups,
        mef: mef.map(str::to_owned),
        mef_label: mef
            .and_then(|m| nomenclature.and_then(|n| n.mef_labels.get(m)))
            .cloned(),
        entry_date,
        exit_date,
        exit_reason: record.get("CODE_MOTIF_SORTIE").map(str::to_owned),
        status: record.get("CODE_STATUT").map(str::to_owned),
        email: record.get("MEL").unwrap_or_default().to_owned(),
        phone: record
            .fields
            .iter()
            .find(|(name, value)| name.starts_with("TEL_") && !value.is_empty())
            .map(|(_, value)| value.clone())
            .unwrap_or_default(),
        legal_reps: Vec::new(),
    })
}

/// SIECLE's `CODE_PARENTE` (lien de parenté) → [`Relationship`].
fn relationship(code: Option<&str>) -> Relationship {
    match code {
        Some("10") => Relationship::Mere,
        Some("20") => Relationship::Pere,
        Some("50") => Relationship::Tuteur,
        _ => Relationship::Autre,
    }
}

/// One postal address on one line: "4 ALLÉE DU PARC, 93100 MONTREUIL".
fn address(record: &Record) -> String {
    let mut parts: Vec<String> = [
        "LIGNE1_ADRESSE",
        "LIGNE2_ADRESSE",
        "LIGNE3_ADRESSE",
        "LIGNE4_ADRESSE",
    ]
    .iter()
    .filter_map(|f| record.get(f))
    .map(str::to_owned)
    .collect();
    let town = format!(
        "{} {}",
        record.get("CODE_POSTAL").unwrap_or_default(),
        record
            .get("LIBELLE_POSTAL")
            .or_else(|| record.get("LL_COMMUNE_INSEE"))
            .unwrap_or_default()
    );
    if !town.trim().is_empty() {
        parts.push(town.trim().to_owned());
    }
    if let Some(country) = record.get("LL_PAYS") {
        if !country.eq_ignore_ascii_case("FRANCE") {
            parts.push(country.to_owned());
        }
    }
    parts.join(", ")
}

/// `ANNEE_SCOLAIRE`: the year the school year starts ("2026", or "2026-2027").
fn school_year(raw: &str) -> Option<i32> {
    raw.get(..4)?
        .parse()
        .ok()
        .filter(|y| (1900..=2200).contains(y))
}

/// `DATE_EXPORT`, else the date part of `HORODATAGE` ("15/09/2026 10:12:34").
fn exported_on(params: &Record) -> Option<NaiveDate> {
    params
        .get("DATE_EXPORT")
        .and_then(|d| date(d).ok())
        .or_else(|| {
            params
                .get("HORODATAGE")
                .and_then(|h| h.split_whitespace().next())
                .and_then(|d| date(d).ok())
        })
}

/// Why a date could not be read.
#[derive(Debug, PartialEq, Eq)]
enum DateProblem {
    /// Not dd/mm/yyyy at all.
    Unreadable,
    /// dd/mm/yyyy, but no such day (31/02/2010).
    Impossible,
}

impl DateProblem {
    fn describe(&self, what: &str, raw: &str) -> String {
        match self {
            DateProblem::Unreadable => format!("{what} « {raw} » illisible (attendu jj/mm/aaaa)"),
            DateProblem::Impossible => format!("{what} « {raw} » impossible"),
        }
    }
}

/// SIECLE's dates: dd/mm/yyyy (one-digit day and month tolerated).
fn date(raw: &str) -> std::result::Result<NaiveDate, DateProblem> {
    let mut parts = raw.trim().split('/');
    let (Some(d), Some(m), Some(y), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(DateProblem::Unreadable);
    };
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(d, 1..=2) && digits(m, 1..=2) && digits(y, 4..=4)) {
        return Err(DateProblem::Unreadable);
    }
    let (Ok(d), Ok(m), Ok(y)) = (d.parse(), m.parse(), y.parse()) else {
        return Err(DateProblem::Unreadable);
    };
    NaiveDate::from_ymd_opt(y, m, d).ok_or(DateProblem::Impossible)
}

// ---------------------------------------------------------------------------------------------
// Bytes → document: size, zip, encoding, XML.

/// The SIECLE exports Accroche reads, by their root element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Export {
    Eleves,
    Responsables,
    Nomenclatures,
}

impl Export {
    const ALL: [Export; 3] = [Export::Eleves, Export::Responsables, Export::Nomenclatures];

    fn root(self) -> &'static str {
        match self {
            Export::Eleves => "BEE_ELEVES",
            Export::Responsables => "BEE_RESPONSABLES",
            Export::Nomenclatures => "BEE_NOMENCLATURES",
        }
    }

    /// What it is, in a sentence: "c'est {noun}".
    fn noun(self) -> &'static str {
        match self {
            Export::Eleves => "l'export des élèves",
            Export::Responsables => "le fichier des responsables",
            Export::Nomenclatures => "le fichier de nomenclature",
        }
    }

    /// What to choose instead: "choisissez {hint}".
    fn hint(self) -> &'static str {
        match self {
            Export::Eleves => {
                "l'export des élèves (ElevesSansAdresses.xml, ElevesAvecAdresses.xml ou le zip \
                 ExportXML_ElevesSansAdresses.zip)"
            }
            Export::Responsables => "le fichier des responsables (ResponsablesAvecAdresses.xml)",
            Export::Nomenclatures => "le fichier de nomenclature (Nomenclature.xml)",
        }
    }

    /// The records to collect, as paths below the root.
    fn records(self) -> &'static [&'static [&'static str]] {
        match self {
            Export::Eleves => &[
                &["PARAMETRES"],
                &["DONNEES", "ELEVES", "ELEVE"],
                &["DONNEES", "STRUCTURES", "STRUCTURES_ELEVE", "STRUCTURE"],
            ],
            Export::Responsables => &[
                &["PARAMETRES"],
                &["DONNEES", "PERSONNES", "PERSONNE"],
                &["DONNEES", "RESPONSABLES", "RESPONSABLE_ELEVE"],
                &["DONNEES", "ADRESSES", "ADRESSE"],
            ],
            Export::Nomenclatures => &[&["PARAMETRES"], &["DONNEES", "MEFS", "MEF"]],
        }
    }
}

// Indexes into `Export::records()`.
const PARAMETRES: usize = 0;
const ELEVE: usize = 1;
const STRUCTURE: usize = 2;
const PERSONNE: usize = 1;
const RESPONSABLE_ELEVE: usize = 2;
const ADRESSE: usize = 3;
const MEF: usize = 1;

/// One element of interest: its attributes, then the text of its direct children, in file
/// order, trimmed; then the attributes of its parent (`STRUCTURES_ELEVE/@ELEVE_ID` for a
/// `STRUCTURE`). Deeper descendants are ignored (`SCOLARITE_AN_DERNIER/CODE_MEF` is not the
/// student's MEF).
#[derive(Debug, Default)]
struct Record {
    line: usize,
    fields: Vec<(String, String)>,
}

impl Record {
    /// The first non-empty value named `name`.
    fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, v)| n == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }
}

/// Records tagged by their index in `Export::records()`, in file order.
type Records = Vec<(usize, Record)>;

/// A parsed export: what the callers need of it.
struct Document {
    /// How messages name the file: "« ElevesSansAdresses.xml »".
    what: String,
    /// The root's `VERSION` attribute.
    version: Option<String>,
    /// `PARAMETRES`.
    params: Record,
    /// Other records.
    records: Records,
}

/// Size check, unzip, decode, parse.
fn open(bytes: &[u8], file_name: &str, export: Export) -> Result<Document> {
    let mut what = if file_name.trim().is_empty() {
        match export {
            Export::Eleves => "des élèves".to_owned(),
            Export::Responsables => "des responsables".to_owned(),
            Export::Nomenclatures => "de nomenclature".to_owned(),
        }
    } else {
        format!("« {} »", file_name.trim())
    };
    check_size(bytes.len(), &what)?;
    let unzipped;
    let xml = if is_zip(bytes) {
        let (member, data) = unzip(bytes, &what, export)?;
        what = format!("« {member} » (dans l'archive {what})");
        unzipped = data;
        &unzipped[..]
    } else {
        bytes
    };
    let text = decode(xml, &what)?;
    let (version, mut records) = read_xml(&text, &what, export)?;
    let params = match records.iter().position(|(kind, _)| *kind == PARAMETRES) {
        Some(i) => records.remove(i).1,
        None => Record::default(),
    };
    Ok(Document {
        what,
        version,
        params,
        records,
    })
}

fn check_size(len: usize, what: &str) -> Result<()> {
    if len > MAX_FILE_BYTES {
        return Err(Error::Format(format!(
            "Le fichier {what} pèse {} : Accroche n'accepte pas plus de {} pour un export \
             SIECLE (celui des élèves d'un grand lycée pèse quelques Mo). Vérifiez que c'est le \
             bon fichier.",
            megabytes(len),
            megabytes(MAX_FILE_BYTES)
        )));
    }
    Ok(())
}

/// "50 Mo", "200,5 Mo".
fn megabytes(bytes: usize) -> String {
    // Rounded up, so that a file just over the limit does not read as "50 Mo".
    let tenths = (bytes as u128 * 10).div_ceil(1_048_576);
    if tenths.is_multiple_of(10) {
        format!("{} Mo", tenths / 10)
    } else {
        format!("{},{} Mo", tenths / 10, tenths % 10)
    }
}

fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

/// The one XML member of a zip, with its name.
fn unzip(bytes: &[u8], what: &str, export: Export) -> Result<(String, Vec<u8>)> {
    let unreadable = |detail: String| {
        Error::Format(format!(
            "L'archive {what} est abîmée : Accroche ne peut pas l'ouvrir ({detail}). \
             Téléchargez-la de nouveau depuis SIECLE, ou choisissez le fichier XML qu'elle contient."
        ))
    };
    let mut archive =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    let mut xml = Vec::new();
    let mut others = Vec::new();
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| unreadable(e.to_string()))?;
        let name = match entry.name() {
            Ok(n) => n.into_owned(),
            Err(_) => String::from_utf8_lossy(entry.name_raw()).into_owned(),
        };
        let base = name.rsplit(['/', '\\']).next().unwrap_or(&name);
        // Folders, and the "._" shadow files macOS adds when it compresses.
        if entry.is_dir() || name.starts_with("__MACOSX/") || base.starts_with("._") {
            continue;
        }
        if base.to_lowercase().ends_with(".xml") {
            xml.push((i, name));
        } else {
            others.push(name);
        }
    }
    let list = |names: &[String]| {
        let shown: Vec<String> = names.iter().take(5).map(|n| format!("« {n} »")).collect();
        let more = names.len().saturating_sub(5);
        if more > 0 {
            format!("{} et {more} autre(s)", shown.join(", "))
        } else {
            shown.join(", ")
        }
    };
    let (index, name) = match xml.len() {
        0 => {
            let found = if others.is_empty() {
                "elle est vide".to_owned()
            } else {
                format!("elle contient {}", list(&others))
            };
            return Err(Error::Format(format!(
                "L'archive {what} ne contient aucun fichier XML ({found}) : choisissez {}.",
                export.hint()
            )));
        }
        1 => xml.swap_remove(0),
        n => {
            let names: Vec<String> = xml.into_iter().map(|(_, n)| n).collect();
            return Err(Error::Format(format!(
                "L'archive {what} contient {n} fichiers XML ({}) : Accroche en attend un seul. \
                 Décompressez-la et choisissez {}.",
                list(&names),
                export.hint()
            )));
        }
    };
    let entry = archive
        .by_index(index)
        .map_err(|e| unreadable(e.to_string()))?;
    let inner = format!("« {name} » (dans l'archive {what})");
    check_size(usize::try_from(entry.size()).unwrap_or(usize::MAX), &inner)?;
    let mut data = Vec::new();
    entry
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut data)
        .map_err(|e| unreadable(format!("« {name} » ne se décompresse pas : {e}")))?;
    check_size(data.len(), &inner)?;
    Ok((name, data))
}

/// Bytes → text, per the byte-order mark, else the XML declaration, else UTF-8 (falling back to
/// ISO-8859-15 when the bytes are not UTF-8).
fn decode(bytes: &[u8], what: &str) -> Result<String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, what, "UTF-8");
    }
    for (bom, encoding) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = encoding.decode_without_bom_handling(rest);
            if had_errors {
                return Err(Error::Format(format!(
                    "Le fichier {what} commence comme un fichier {} mais contient des octets \
                     invalides dans cet encodage : ré-exportez-le depuis SIECLE.",
                    encoding.name()
                )));
            }
            return Ok(text.into_owned());
        }
    }
    let Some(label) = declared_encoding(bytes) else {
        return Ok(match std::str::from_utf8(bytes) {
            Ok(text) => text.to_owned(),
            Err(_) => encoding_rs::ISO_8859_15
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        });
    };
    let encoding = Encoding::for_label(label.as_bytes())
        .filter(|e| *e != encoding_rs::REPLACEMENT && e.is_ascii_compatible())
        .ok_or_else(|| {
            Error::Format(format!(
                "Le fichier {what} déclare l'encodage « {label} », qu'Accroche ne sait pas lire \
                 (ligne 1, déclaration <?xml … ?>). SIECLE écrit ISO-8859-15 : ré-exportez le \
                 fichier depuis SIECLE sans l'ouvrir dans un autre logiciel."
            ))
        })?;
    if encoding == encoding_rs::UTF_8 {
        return utf8(bytes, what, &label);
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(Error::Format(format!(
            "Le fichier {what} déclare l'encodage « {label} » mais contient des octets qui \
             n'existent pas dans cet encodage : ré-exportez-le depuis SIECLE."
        )));
    }
    Ok(text.into_owned())
}

fn utf8(bytes: &[u8], what: &str, label: &str) -> Result<String> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            Err(Error::Format(format!(
                "Le fichier {what} se dit encodé en {label} mais ne l'est pas (ligne {line}, \
                 octet {at}) : il a sans doute été ré-enregistré par un autre logiciel. \
                 Ré-exportez-le depuis SIECLE."
            )))
        }
    }
}

/// The `encoding` of a leading `<?xml … ?>` declaration, read as ASCII.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(1024)];
    let decl = head.strip_prefix(b"<?xml")?;
    let end = decl.windows(2).position(|w| w == b"?>")?;
    let decl = &decl[..end];
    let at = decl.windows(8).position(|w| w == b"encoding")?;
    let rest = decl[at + 8..]
        .trim_ascii_start()
        .strip_prefix(b"=")?
        .trim_ascii_start();
    let (&quote, rest) = rest.split_first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = &rest[..rest.iter().position(|b| *b == quote)?];
    Some(String::from_utf8_lossy(value).trim().to_owned())
}

/// An element open while reading.
struct Open {
    name: String,
    line: usize,
    attrs: Vec<(String, String)>,
}

/// Counts lines incrementally (offsets mostly grow).
struct Lines<'a> {
    text: &'a [u8],
    offset: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, offset: u64) -> usize {
        let offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        if offset < self.offset {
            self.offset = 0;
            self.line = 1;
        }
        self.line += self.text[self.offset..offset]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.offset = offset;
        self.line
    }
}

/// Reads the XML: checks the root is `export`'s and collects its records.
fn read_xml(text: &str, what: &str, export: Export) -> Result<(Option<String>, Records)> {
    let start = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if !start.starts_with('<') {
        return Err(not_xml(start, what, export));
    }
    let mut reader = Reader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let mut lines = Lines {
        text: text.as_bytes(),
        offset: 0,
        line: 1,
    };
    let paths = export.records();
    let mut stack: Vec<Open> = Vec::new();
    let mut current: Option<(usize, usize, Record)> = None;
    let mut records = Vec::new();
    let mut buffer = String::new();
    let mut version = None;
    let mut root_closed = false;
    loop {
        let event = match reader.read_event() {
            Ok(event) => event,
            Err(e) => {
                let line = lines.at(reader.error_position());
                return Err(malformed(what, line, &stack, &describe(&e)));
            }
        };
        match event {
            Event::Start(start) => {
                let line = lines.at(reader.buffer_position());
                let name = start.name().as_ref().to_owned();
                let attrs =
                    attributes(&start).map_err(|detail| malformed(what, line, &stack, &detail))?;
                if stack.is_empty() {
                    if root_closed {
                        return Err(malformed(
                            what,
                            line,
                            &stack,
                            &format!("l'élément <{name}> suit la fin du document"),
                        ));
                    }
                    if name != export.root() {
                        return Err(wrong_root(&name, what, export));
                    }
                    version = attrs
                        .iter()
                        .find(|(k, v)| k == "VERSION" && !v.is_empty())
                        .map(|(_, v)| v.clone());
                } else if current.is_none() {
                    if let Some(kind) = paths.iter().position(|path| {
                        path.len() == stack.len()
                            && path.last() == Some(&name.as_str())
                            && stack[1..]
                                .iter()
                                .zip(path.iter())
                                .all(|(o, p)| o.name == *p)
                    }) {
                        let record = Record {
                            line,
                            fields: attrs.clone(),
                        };
                        current = Some((kind, stack.len(), record));
                    }
                }
                buffer.clear();
                stack.push(Open { name, line, attrs });
            }
            Event::End(_) => {
                // quick-xml has checked that the end tag matches the innermost open element.
                let Some(open) = stack.pop() else {
                    let line = lines.at(reader.buffer_position());
                    return Err(malformed(what, line, &stack, "balise fermante en trop"));
                };
                let depth = stack.len();
                if let Some((kind, record_depth, record)) = &mut current {
                    if depth == *record_depth + 1 {
                        record.fields.push((open.name, buffer.trim().to_owned()));
                    } else if depth == *record_depth {
                        if let Some(parent) = stack.last() {
                            record.fields.extend(parent.attrs.iter().cloned());
                        }
                        records.push((*kind, std::mem::take(record)));
                        current = None;
                    }
                }
                if stack.is_empty() {
                    root_closed = true;
                }
                buffer.clear();
            }
            Event::Text(t) => {
                if current.is_some() {
                    buffer.push_str(&t.xml10_content());
                } else if stack.is_empty() && !t.trim().is_empty() {
                    let line = lines.at(reader.buffer_position());
                    return Err(malformed(
                        what,
                        line,
                        &stack,
                        "du texte se trouve hors de l'élément principal",
                    ));
                }
            }
            Event::CData(c) => {
                if current.is_some() {
                    buffer.push_str(&c.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(Cow::Owned(c.to_string())),
                    Ok(None) => quick_xml::escape::resolve_predefined_entity(&r).map(Cow::Borrowed),
                    Err(_) => None,
                };
                let Some(resolved) = resolved else {
                    let line = lines.at(reader.buffer_position());
                    return Err(malformed(
                        what,
                        line,
                        &stack,
                        &format!("la référence « &{}; » est inconnue", &*r),
                    ));
                };
                if current.is_some() {
                    buffer.push_str(&resolved);
                }
            }
            Event::Eof => break,
            Event::Empty(_)
            | Event::Comment(_)
            | Event::Decl(_)
            | Event::PI(_)
            | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        let line = lines.at(text.len() as u64);
        return Err(Error::Format(format!(
            "Le fichier {what} est incomplet : il s'arrête ligne {line} alors que l'élément \
             {}{} ouvert ligne {} n'est pas fermé. Il a sans doute été tronqué (téléchargement \
             interrompu ?) : ré-exportez-le depuis SIECLE.",
            open.name,
            key_of(&stack),
            open.line
        )));
    }
    if !root_closed {
        return Err(not_xml(start, what, export));
    }
    Ok((version, records))
}

fn attributes(start: &BytesStart<'_>) -> std::result::Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|_| {
            format!(
                "les attributs de la balise <{}> sont mal écrits",
                start.name().as_ref()
            )
        })?;
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|_| {
                format!(
                    "la valeur de l'attribut {} de <{}> contient une référence « & » invalide",
                    attr.key.as_ref(),
                    start.name().as_ref()
                )
            })?;
        out.push((attr.key.as_ref().to_owned(), value.trim().to_owned()));
    }
    Ok(out)
}

/// ", ELEVE_ID 4521" when an open element carries an identifying attribute.
fn key_of(stack: &[Open]) -> String {
    const KEYS: [&str; 4] = ["ELEVE_ID", "PERSONNE_ID", "CODE_MEF", "ADRESSE_ID"];
    stack
        .iter()
        .rev()
        .find_map(|open| {
            open.attrs
                .iter()
                .find(|(k, v)| KEYS.contains(&k.as_str()) && !v.is_empty())
        })
        .map(|(k, v)| format!(" ({k} {v})"))
        .unwrap_or_default()
}

fn malformed(what: &str, line: usize, stack: &[Open], problem: &str) -> Error {
    let place = match stack.last() {
        Some(open) => format!(", dans l'élément {}{}", open.name, key_of(stack)),
        None => String::new(),
    };
    Error::Format(format!(
        "Le fichier {what} est illisible ligne {line}{place} : {problem}. Ce n'est pas un XML \
         valide, peut-être un fichier tronqué ou modifié à la main : ré-exportez-le depuis SIECLE."
    ))
}

fn describe(e: &quick_xml::Error) -> String {
    match e {
        quick_xml::Error::Syntax(s) => match s {
            SyntaxError::UnclosedTag => {
                "une balise commence mais n'est jamais terminée (« > » manquant)".into()
            }
            SyntaxError::UnclosedComment => "un commentaire n'est jamais fermé".into(),
            SyntaxError::UnclosedCData => "une section CDATA n'est jamais fermée".into(),
            SyntaxError::UnclosedPI | SyntaxError::UnclosedXmlDecl => {
                "une instruction « <? … ?> » n'est jamais fermée".into()
            }
            SyntaxError::UnclosedDoctype => "une déclaration DOCTYPE n'est jamais fermée".into(),
            SyntaxError::UnclosedSingleQuotedAttributeValue
            | SyntaxError::UnclosedDoubleQuotedAttributeValue => {
                "la valeur d'un attribut n'a pas de guillemet fermant".into()
            }
            SyntaxError::InvalidBangMarkup => "une balise « <! » incorrecte".into(),
        },
        quick_xml::Error::IllFormed(i) => {
            match i {
                IllFormedError::MismatchedEndTag { expected, found } => {
                    format!("la balise fermante </{found}> arrive alors que <{expected}> est encore ouvert")
                }
                IllFormedError::UnmatchedEndTag(tag) => {
                    format!("la balise fermante </{tag}> ne ferme aucune balise ouverte")
                }
                IllFormedError::UnclosedReference => {
                    "un « & » n'est pas suivi d'une référence terminée par « ; »".into()
                }
                IllFormedError::MissingDeclVersion(_) | IllFormedError::UnknownVersion => {
                    "la déclaration <?xml … ?> est incorrecte".into()
                }
                other => format!("XML mal formé ({other})"),
            }
        }
        quick_xml::Error::InvalidAttr(_) => "les attributs d'une balise sont mal écrits".into(),
        quick_xml::Error::Escape(_) => "une référence « &…; » est invalide".into(),
        other => format!("XML mal formé ({other})"),
    }
}

fn not_xml(start: &str, what: &str, export: Export) -> Error {
    let first_line = start.lines().next().unwrap_or_default();
    let shown: String = first_line
        .chars()
        .take(40)
        .map(|c| if c.is_control() { '·' } else { c })
        .collect();
    let kind = if start.starts_with("%PDF") {
        " : c'est un PDF".to_owned()
    } else if first_line.contains(';') || first_line.contains('\t') {
        format!(" : il commence par « {shown} », comme un tableau CSV")
    } else if shown.trim().is_empty() {
        " : il est vide".to_owned()
    } else {
        format!(" : il commence par « {shown} »")
    };
    Error::Format(format!(
        "Le fichier {what} n'est pas un fichier XML{kind}. Choisissez {}.",
        export.hint()
    ))
}

fn wrong_root(found: &str, what: &str, expected: Export) -> Error {
    if let Some(other) = Export::ALL.iter().find(|e| e.root() == found) {
        // `what` is "« name »" when the caller gave a file name, else a description.
        let named = if what.starts_with('«') {
            format!(" (fichier {what})")
        } else {
            String::new()
        };
        return Error::Format(format!(
            "Ce n'est pas {}, c'est {}{named} : choisissez {}.",
            expected.noun(),
            other.noun(),
            expected.hint()
        ));
    }
    let kind = if found.starts_with("BEE_") {
        format!("un autre export SIECLE ({found})")
    } else {
        format!("un fichier XML dont l'élément principal est <{found}>")
    };
    Error::Format(format!(
        "Le fichier {what} n'est pas {} : c'est {kind}, là où SIECLE écrit <{}>. Choisissez {}.",
        expected.noun(),
        expected.root(),
        expected.hint()
    ))
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    const SANS: &[u8] = include_bytes!("../../../../tests/fixtures/siecle/ElevesSansAdresses.xml");
    const ZIP: &[u8] =
        include_bytes!("../../../../tests/fixtures/siecle/ExportXML_ElevesSansAdresses.zip");
    const AVEC: &[u8] = include_bytes!("../../../../tests/fixtures/siecle/ElevesAvecAdresses.xml");
    const RESPONSABLES: &[u8] =
        include_bytes!("../../../../tests/fixtures/siecle/ResponsablesAvecAdresses.xml");
    const AVANT_2016: &[u8] =
        include_bytes!("../../../../tests/fixtures/siecle/ElevesSansAdresses-2015.xml");
    const JANVIER: &[u8] =
        include_bytes!("../../../../tests/fixtures/siecle/ElevesSansAdresses-janvier.xml");
    const NOMENCLATURE: &[u8] =
        include_bytes!("../../../../tests/fixtures/siecle/Nomenclature.xml");

    fn roster(bytes: &[u8], name: &str) -> RosterFile {
        parse_siecle(bytes, name, None).expect("the fixture must parse")
    }

    fn student<'a>(roster: &'a RosterFile, eleve_id: &str) -> &'a RosterStudent {
        roster
            .students
            .iter()
            .find(|s| s.eleve_id.as_deref() == Some(eleve_id))
            .unwrap_or_else(|| panic!("ELEVE_ID {eleve_id} must be among the students"))
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
    }

    /// The French message of a file-level error.
    fn message<T: std::fmt::Debug>(result: Result<T>) -> String {
        match result {
            Err(Error::Format(m)) => m,
            other => panic!("expected Error::Format, got {other:?}"),
        }
    }

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, data) in entries {
            writer.start_file(*name, options).expect("zip entry");
            writer.write_all(data).expect("zip write");
        }
        writer.finish().expect("zip finish").into_inner()
    }

    /// A small BEE_ELEVES document around `eleves` (ELEVE elements), UTF-8.
    fn eleves_xml(eleves: &str) -> String {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<BEE_ELEVES VERSION=\"3.0\">\
             <PARAMETRES><UAJ>0750654D</UAJ><ANNEE_SCOLAIRE>2026</ANNEE_SCOLAIRE></PARAMETRES>\
             <DONNEES><ELEVES>{eleves}</ELEVES></DONNEES></BEE_ELEVES>\n"
        )
    }

    #[test]
    fn sans_adresses_gives_the_documented_header_and_counts() {
        let r = roster(SANS, "ElevesSansAdresses.xml");
        assert_eq!(
            r.source,
            RosterSource::Siecle {
                version: "3.0".into()
            },
            "the VERSION attribute of BEE_ELEVES is kept"
        );
        assert_eq!(
            r.uai.as_deref(),
            Some("0750654D"),
            "UAJ is the school's UAI"
        );
        assert_eq!(
            r.school_year,
            Some(2026),
            "ANNEE_SCOLAIRE is the start year"
        );
        assert_eq!(r.exported_on, Some(day(2026, 9, 15)), "DATE_EXPORT");
        assert!(
            !r.has_legal_reps,
            "a students' export never carries legal representatives"
        );
        assert_eq!(r.students.len(), 12, "README: 12 usable students");
        assert_eq!(r.skipped.len(), 3, "README: 3 skipped records");
        let ids: Vec<&str> = r
            .students
            .iter()
            .filter_map(|s| s.eleve_id.as_deref())
            .collect();
        assert_eq!(
            ids,
            [
                "4501", "4502", "4503", "4504", "4505", "4506", "4507", "4508", "4509", "4510",
                "4511", "4512"
            ],
            "students come in file order"
        );
    }

    #[test]
    fn latin9_names_keep_their_oe_and_padding_is_trimmed() {
        let r = roster(SANS, "ElevesSansAdresses.xml");
        let s = student(&r, "4501");
        assert_eq!(s.last_name, "ŒUVRAY", "Œ is 0xBC in ISO-8859-15, not ¼");
        assert_eq!(s.first_name, "Lœtitia", "œ is 0xBD in ISO-8859-15, not ½");
        assert_eq!(
            student(&r, "4505").last_name,
            "CŒUR",
            "Œ inside a name decodes too"
        );
        assert_eq!(
            student(&r, "4502").last_name,
            "DUBOIS-LEFÈVRE",
            "Latin letters shared with Latin-1 decode as well"
        );
        assert_eq!(
            student(&r, "4502").phone,
            "0622334455",
            "a space-padded TEL_PORTABLE is trimmed"
        );
        assert_eq!(s.location, "ELEVE_ID 4501", "location names the ELEVE_ID");
    }

    #[test]
    fn class_and_groups_come_from_the_structures() {
        let r = roster(SANS, "ElevesSansAdresses.xml");
        let s = student(&r, "4501");
        assert_eq!(s.class_name.as_deref(), Some("2NDE3"), "TYPE_STRUCTURE D");
        assert_eq!(
            s.groups,
            ["2NDE_ESP1", "2NDE_AP2"],
            "TYPE_STRUCTURE G, in order"
        );
        let only_groups = student(&r, "4507");
        assert_eq!(
            only_groups.class_name, None,
            "only G structures: no class, and the student is not skipped here"
        );
        assert_eq!(
            only_groups.groups,
            ["GR_FLE", "GR_UPE2A"],
            "its groups are kept"
        );
        assert!(
            student(&r, "4502").groups.is_empty(),
            "a student with a class only has no group"
        );
    }

    #[test]
    fn student_fields_are_read_from_the_direct_children_of_eleve() {
        let r = roster(SANS, "ElevesSansAdresses.xml");
        let s = student(&r, "4501");
        assert_eq!(
            s.mef.as_deref(),
            Some("20010010110"),
            "the CODE_MEF of SCOLARITE_AN_DERNIER (last year's) must not replace the student's"
        );
        assert_eq!(s.ine.as_deref(), Some("0912345678A"), "ID_NATIONAL");
        assert_eq!(s.birth_date, day(2010, 3, 12), "DATE_NAISS dd/mm/yyyy");
        assert_eq!(s.sex, Some(Sex::F), "CODE_SEXE 2");
        assert_eq!(s.entry_date, Some(day(2026, 9, 1)), "DATE_ENTREE");
        assert_eq!(s.exit_date, None, "no DATE_SORTIE: present");
        assert_eq!(s.status.as_deref(), Some("ST"), "CODE_STATUT");
        assert_eq!(s.email, "loetitia.oeuvray@example.org", "MEL");
        assert_eq!(s.phone, "0611223344", "first non-empty TEL_*");
        assert_eq!(s.mef_label, None, "no nomenclature given, no label");
        assert!(s.legal_reps.is_empty(), "no representatives in this export");

        let m = student(&r, "4502");
        assert_eq!(m.sex, Some(Sex::M), "CODE_SEXE 1");
        assert_eq!(m.email, "", "an empty MEL stays empty");
        assert_eq!(
            student(&r, "4511").sex,
            None,
            "an empty CODE_SEXE is unknown, not guessed"
        );
        assert_eq!(student(&r, "4512").mef, None, "an empty CODE_MEF is None");
        assert_eq!(
            student(&r, "4512").last_name,
            "PETIT",
            "an empty NOM_DE_FAMILLE falls back to NOM_USAGE"
        );
        let no_ine = student(&r, "4508");
        assert_eq!(no_ine.ine, None, "an empty ID_NATIONAL is None");
        assert_eq!(
            no_ine.location, "ELEVE_ID 4508",
            "a student without INE is kept on its ELEVE_ID"
        );
    }

    #[test]
    fn exit_dates_past_and_future_are_both_kept() {
        let r = roster(SANS, "ElevesSansAdresses.xml");
        let left = student(&r, "4505");
        assert_eq!(
            left.exit_date,
            Some(day(2026, 9, 10)),
            "DATE_SORTIE before the export"
        );
        assert_eq!(left.exit_reason.as_deref(), Some("12"), "CODE_MOTIF_SORTIE");
        let leaving = student(&r, "4506");
        assert_eq!(
            leaving.exit_date,
            Some(day(2027, 4, 2)),
            "a future DATE_SORTIE is kept: the merge decides it is still present"
        );
    }

    #[test]
    fn unusable_records_are_skipped_with_their_reason() {
        let r = roster(SANS, "ElevesSansAdresses.xml");
        let got: Vec<(&str, &str, &str)> = r
            .skipped
            .iter()
            .map(|s| (s.location.as_str(), s.name.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("ELENOET 1513", "LAMBERT Tom", "ni INE ni ELEVE_ID"),
                (
                    "ELEVE_ID 4514",
                    "MOREAU Lucas",
                    "date de naissance « 31/02/2010 » impossible"
                ),
                (
                    "ELEVE_ID 4515",
                    "SIMON Emma",
                    "code MEF « 200100101 » de 9 caractères au lieu de 11"
                ),
            ],
            "each skipped record says where and why, in French"
        );
    }

    #[test]
    fn the_zip_reads_exactly_like_the_bare_xml() {
        assert_eq!(
            roster(ZIP, "ExportXML_ElevesSansAdresses.zip"),
            roster(SANS, "ElevesSansAdresses.xml"),
            "the zip holds the same ElevesSansAdresses.xml"
        );
    }

    #[test]
    fn a_file_before_2016_uses_nom_and_latin1() {
        let r = roster(AVANT_2016, "ElevesSansAdresses-2015.xml");
        assert_eq!(
            r.source,
            RosterSource::Siecle {
                version: "2.1".into()
            },
            "older VERSION"
        );
        assert_eq!(r.school_year, Some(2015), "ANNEE_SCOLAIRE 2015");
        assert_eq!(r.students.len(), 3, "README: 3 students");
        assert!(r.skipped.is_empty(), "README: none skipped");
        let s = student(&r, "3101");
        assert_eq!(
            (s.last_name.as_str(), s.first_name.as_str()),
            ("FRANÇOIS", "Anaëlle"),
            "NOM is the last name before 2016, and ISO-8859-1 decodes"
        );
        assert_eq!(
            student(&r, "3102").last_name,
            "GIRARD",
            "a padded NOM is trimmed"
        );
        assert_eq!(
            student(&r, "3103").exit_date,
            Some(day(2016, 2, 5)),
            "its leaver"
        );
    }

    #[test]
    fn nomenclature_prefers_libelle_edition_and_reads_mefs_only() {
        let n = parse_nomenclature(NOMENCLATURE).expect("the fixture must parse");
        assert_eq!(
            n.mef_labels.len(),
            11,
            "README: 11 MEF, and the MATIERE labels are not MEF labels"
        );
        assert_eq!(
            n.mef_labels.get("20010010110").map(String::as_str),
            Some("2nde générale et technologique"),
            "LIBELLE_EDITION wins"
        );
        assert_eq!(
            n.mef_labels.get("21133101110").map(String::as_str),
            Some("1ERE STMG"),
            "LIBELLE_EDITION missing: LIBELLE_LONG"
        );
        assert_eq!(
            n.mef_labels.get("24020010210").map(String::as_str),
            Some("1CAP2 MANŒUVRE ET LOGISTIQUE"),
            "LIBELLE_EDITION empty: LIBELLE_LONG, with its Œ decoded"
        );

        let r = parse_siecle(SANS, "ElevesSansAdresses.xml", Some(&n)).expect("parses");
        assert_eq!(
            student(&r, "4502").mef_label.as_deref(),
            Some("2de pro métiers du commerce et de la vente"),
            "the school's label reaches the student"
        );
        assert_eq!(student(&r, "4512").mef_label, None, "no MEF, no label");
    }

    #[test]
    fn the_january_export_differs_as_documented() {
        let september = roster(SANS, "ElevesSansAdresses.xml");
        let january = roster(JANVIER, "ElevesSansAdresses-janvier.xml");
        assert_eq!(january.exported_on, Some(day(2027, 1, 12)), "DATE_EXPORT");
        assert_eq!(january.students.len(), 13, "README: 12 + 1 new");
        assert_eq!(january.skipped.len(), 3, "README: the same 3 skipped");
        assert_eq!(
            student(&january, "4501").class_name.as_deref(),
            Some("2NDE1"),
            "ŒUVRAY changed class"
        );
        let new = student(&january, "4516");
        assert_eq!(
            (new.last_name.as_str(), new.first_name.as_str()),
            ("HOARAU", "Maëlys"),
            "the new student"
        );
        assert_eq!(
            student(&january, "4503").exit_date,
            Some(day(2026, 12, 18)),
            "MARTIN left in December"
        );
        let unchanged = september
            .students
            .iter()
            .filter(|s| !["4501", "4503"].contains(&s.eleve_id.as_deref().unwrap_or("")))
            .filter(|s| january.students.contains(s))
            .count();
        assert_eq!(unchanged, 10, "README: the other 10 students are identical");
    }

    #[test]
    fn legal_representatives_come_from_the_responsables_export() {
        let mut r = roster(AVEC, "ElevesAvecAdresses.xml");
        assert_eq!(r.students.len(), 4, "README: 4 students with addresses");
        assert!(
            !r.has_legal_reps,
            "ElevesAvecAdresses holds the students' own addresses, not their representatives"
        );
        let reps = parse_responsables(RESPONSABLES, "ResponsablesAvecAdresses.xml")
            .expect("the fixture must parse");
        assert_eq!(reps.uai.as_deref(), Some("0750654D"), "UAJ");
        assert!(
            reps.skipped.is_empty(),
            "every link of the fixture is usable"
        );
        attach_legal_reps(&mut r, &reps).expect("same school, same year");
        assert!(r.has_legal_reps, "attached: the merge may now replace them");

        let oeuvray = &student(&r, "4501").legal_reps;
        assert_eq!(
            oeuvray
                .iter()
                .map(|l| (l.last_name.as_str(), l.first_name.as_str(), l.relationship))
                .collect::<Vec<_>>(),
            [
                ("ŒUVRAY", "Bénédicte", Relationship::Mere),
                ("ŒUVRAY", "Jérôme", Relationship::Pere)
            ],
            "RESP_LEGAL 1 then 2; CODE_PARENTE 10 mère, 20 père"
        );
        assert_eq!(oeuvray[0].phone, "0698000001", "TEL_PORTABLE first");
        assert_eq!(oeuvray[0].email, "b.oeuvray@example.org", "MEL");
        assert_eq!(
            oeuvray[0].address, "12 RUE DES LILAS, 75011 PARIS",
            "ADRESSE"
        );
        assert_eq!(
            oeuvray[1].phone, "0155000002",
            "no mobile nor home phone: the work phone"
        );
        assert_eq!(
            oeuvray[1].address, "27 AVENUE JEAN JAURÈS, ESCALIER C, 69007 LYON",
            "lines joined, then postcode and town"
        );

        let dubois = &student(&r, "4502").legal_reps;
        assert_eq!(
            dubois.len(),
            1,
            "the grandmother is a contact (RESP_LEGAL 0), not a legal representative"
        );
        assert_eq!(
            dubois[0].last_name, "DUBOIS-LEFÈVRE",
            "NOM_USAGE is the name the parent goes by"
        );
        assert_eq!(dubois[0].phone, "0698000003", "padded phone trimmed");
        assert_eq!(
            dubois[0].address,
            "RÉSIDENCE LES ŒILLETS, BÂT. A & B, 4 ALLÉE DU PARC, 93100 MONTREUIL",
            "&amp; decodes and œ survives"
        );

        let martin = &student(&r, "4503").legal_reps;
        assert_eq!(
            (martin.len(), martin[0].relationship),
            (1, Relationship::Tuteur),
            "CODE_PARENTE 50 is a tutor"
        );
        let benali = &student(&r, "4507").legal_reps;
        assert_eq!(
            benali[1].relationship,
            Relationship::Autre,
            "CODE_PARENTE 90 is another link"
        );
        assert_eq!(
            benali[1].address, "RUE IBN KHALDOUN, ORAN, ALGERIE",
            "a foreign address ends with its country"
        );
    }

    #[test]
    fn representatives_of_another_school_are_refused() {
        let mut r = roster(SANS, "ElevesSansAdresses.xml");
        let reps = LegalRepsFile {
            uai: Some("0931234X".into()),
            ..LegalRepsFile::default()
        };
        let m = message(attach_legal_reps(&mut r, &reps));
        assert!(
            m.contains("0931234X") && m.contains("0750654D"),
            "both UAI are named: {m}"
        );
        assert!(!r.has_legal_reps, "nothing changed");
    }

    #[test]
    fn a_dangling_personne_id_is_skipped_with_its_reason() {
        let xml = "<?xml version=\"1.0\"?><BEE_RESPONSABLES><DONNEES><PERSONNES/>\
                   <RESPONSABLES><RESPONSABLE_ELEVE><ELEVE_ID>1</ELEVE_ID>\
                   <PERSONNE_ID>9</PERSONNE_ID><RESP_LEGAL>1</RESP_LEGAL></RESPONSABLE_ELEVE>\
                   </RESPONSABLES></DONNEES></BEE_RESPONSABLES>";
        let reps = parse_responsables(xml.as_bytes(), "r.xml").expect("parses");
        assert!(reps.by_eleve_id.is_empty(), "nobody to attach");
        assert_eq!(reps.skipped.len(), 1, "the link is reported");
        assert_eq!(reps.skipped[0].location, "PERSONNE_ID 9", "where");
        assert!(
            reps.skipped[0].reason.contains("ELEVE_ID 1"),
            "why: {}",
            reps.skipped[0].reason
        );
    }

    // --- Record-level problems, on small documents built here. ---

    #[test]
    fn record_level_problems_skip_the_record_not_the_file() {
        let xml = eleves_xml(
            "<ELEVE ELEVE_ID=\"1\"><ID_NATIONAL>1234567890A</ID_NATIONAL><PRENOM>Léa</PRENOM>\
             <DATE_NAISS>01/01/2010</DATE_NAISS></ELEVE>\
             <ELEVE ELEVE_ID=\"2\"><NOM_DE_FAMILLE>SANS</NOM_DE_FAMILLE>\
             <DATE_NAISS>01/01/2010</DATE_NAISS></ELEVE>\
             <ELEVE ELEVE_ID=\"3\"><NOM_DE_FAMILLE>DATE</NOM_DE_FAMILLE><PRENOM>Illisible</PRENOM>\
             <DATE_NAISS>2010-01-01</DATE_NAISS></ELEVE>\
             <ELEVE ELEVE_ID=\"4\"><NOM_DE_FAMILLE>SANS</NOM_DE_FAMILLE><PRENOM>Date</PRENOM></ELEVE>\
             <ELEVE ELEVE_ID=\"5\"><ID_NATIONAL>12345</ID_NATIONAL><NOM>COURT</NOM><PRENOM>Ine</PRENOM>\
             <DATE_NAISS>01/01/2010</DATE_NAISS></ELEVE>\
             <ELEVE ELEVE_ID=\"6\"><NOM>SORTIE</NOM><PRENOM>Fausse</PRENOM>\
             <DATE_NAISS>01/01/2010</DATE_NAISS><DATE_SORTIE>32/01/2027</DATE_SORTIE></ELEVE>\
             <ELEVE ELEVE_ID=\"7\"><NOM>BON</NOM><PRENOM>Élève</PRENOM>\
             <DATE_NAISS>1/2/2010</DATE_NAISS></ELEVE>\
             <ELEVE ELEVE_ID=\"7\"><NOM>DOUBLE</NOM><PRENOM>Id</PRENOM>\
             <DATE_NAISS>01/01/2010</DATE_NAISS></ELEVE>\
             <ELEVE><ID_NATIONAL>1234567890a</ID_NATIONAL><NOM>AUTRE</NOM><PRENOM>Ine</PRENOM>\
             <DATE_NAISS>01/01/2010</DATE_NAISS></ELEVE>\
             <ELEVE><ID_NATIONAL>1234567890A</ID_NATIONAL><NOM>DOUBLE</NOM><PRENOM>Ine</PRENOM>\
             <DATE_NAISS>01/01/2010</DATE_NAISS></ELEVE>",
        );
        let r = roster(xml.as_bytes(), "f.xml");
        let reasons: Vec<(&str, &str)> = r
            .skipped
            .iter()
            .map(|s| (s.location.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [
                ("ELEVE_ID 1", "nom de famille absent"),
                ("ELEVE_ID 2", "prénom absent"),
                (
                    "ELEVE_ID 3",
                    "date de naissance « 2010-01-01 » illisible (attendu jj/mm/aaaa)"
                ),
                ("ELEVE_ID 4", "date de naissance absente"),
                ("ELEVE_ID 5", "INE « 12345 » de 5 caractères au lieu de 11"),
                ("ELEVE_ID 6", "date de sortie « 32/01/2027 » impossible"),
                (
                    "ELEVE_ID 7",
                    "ELEVE_ID 7 en double : déjà porté par BON Élève plus haut dans le fichier"
                ),
                (
                    "ligne 2",
                    "INE 1234567890A en double : déjà porté par AUTRE Ine plus haut dans le fichier"
                ),
            ],
            "each problem skips its record with a French reason"
        );
        assert_eq!(r.students.len(), 2, "the two good records are kept");
        assert_eq!(
            r.students[0].birth_date,
            day(2010, 2, 1),
            "one-digit day and month are read"
        );
        assert_eq!(
            r.students[1].ine.as_deref(),
            Some("1234567890A"),
            "the INE is upper-cased"
        );
    }

    #[test]
    fn references_and_cdata_are_decoded() {
        let xml = eleves_xml(
            "<ELEVE ELEVE_ID=\"1\"><NOM_DE_FAMILLE>N&apos;GUYEN &amp; Co</NOM_DE_FAMILLE>\
             <PRENOM>Am&#233;lie</PRENOM><DATE_NAISS><![CDATA[01/01/2010]]></DATE_NAISS></ELEVE>",
        );
        let r = roster(xml.as_bytes(), "f.xml");
        assert_eq!(
            (
                r.students[0].last_name.as_str(),
                r.students[0].first_name.as_str()
            ),
            ("N'GUYEN & Co", "Amélie"),
            "predefined entities and character references are resolved"
        );
        assert_eq!(
            r.students[0].birth_date,
            day(2010, 1, 1),
            "CDATA is text like any other"
        );
    }

    // --- Encodings. ---

    #[test]
    fn a_bom_is_stripped_and_wins_over_the_declaration() {
        let xml = eleves_xml(
            "<ELEVE ELEVE_ID=\"1\"><NOM>ŒIL</NOM><PRENOM>Zoé</PRENOM>\
             <DATE_NAISS>01/01/2010</DATE_NAISS></ELEVE>",
        )
        .replace("UTF-8", "ISO-8859-15");
        let mut utf8 = b"\xEF\xBB\xBF".to_vec();
        utf8.extend_from_slice(xml.as_bytes());
        assert_eq!(
            roster(&utf8, "f.xml").students[0].last_name,
            "ŒIL",
            "a UTF-8 BOM means UTF-8 whatever the declaration says"
        );
        let mut utf16 = b"\xFF\xFE".to_vec();
        utf16.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(
            roster(&utf16, "f.xml").students[0].first_name,
            "Zoé",
            "a UTF-16LE BOM is honoured"
        );
    }

    #[test]
    fn without_declaration_utf8_then_latin9() {
        let xml = eleves_xml(
            "<ELEVE ELEVE_ID=\"1\"><NOM>CŒUR</NOM><PRENOM>Zoé</PRENOM>\
             <DATE_NAISS>01/01/2010</DATE_NAISS></ELEVE>",
        )
        .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", "");
        assert_eq!(
            roster(xml.as_bytes(), "f.xml").students[0].last_name,
            "CŒUR",
            "no declaration: UTF-8"
        );
        let (latin9, _, _) = encoding_rs::ISO_8859_15.encode(&xml);
        assert_eq!(
            roster(&latin9, "f.xml").students[0].last_name,
            "CŒUR",
            "no declaration and not UTF-8: SIECLE's ISO-8859-15"
        );
    }

    // --- Bad input: each a French message naming the problem and where. ---

    #[test]
    fn an_unknown_encoding_is_named() {
        let xml = eleves_xml("").replace("UTF-8", "KLINGON-8");
        let m = message(parse_siecle(xml.as_bytes(), "f.xml", None));
        assert!(
            m.contains("« KLINGON-8 »") && m.contains("encodage"),
            "the declared encoding is named: {m}"
        );
    }

    #[test]
    fn a_false_utf8_declaration_names_the_line() {
        let xml = eleves_xml("\n<ELEVE ELEVE_ID=\"1\"><NOM>CŒUR</NOM></ELEVE>");
        let (latin9, _, _) = encoding_rs::ISO_8859_15.encode(&xml);
        let m = message(parse_siecle(&latin9, "f.xml", None));
        assert!(
            m.contains("UTF-8") && m.contains("ligne 3"),
            "the lie and the line of the first bad byte: {m}"
        );
    }

    #[test]
    fn truncated_xml_names_the_open_element_and_line() {
        let cut = SANS
            .windows(12)
            .position(|w| w == b"<PRENOM>Math")
            .expect("fixture content");
        let m = message(parse_siecle(&SANS[..cut], "ElevesSansAdresses.xml", None));
        assert!(m.contains("incomplet"), "says the file is cut: {m}");
        assert!(
            m.contains("ELEVE (ELEVE_ID 4502)")
                && m.contains("ouvert ligne 41")
                && m.contains("s'arrête ligne 47"),
            "names the element left open and where it started: {m}"
        );
        assert!(m.contains("ElevesSansAdresses.xml"), "names the file: {m}");
    }

    #[test]
    fn xml_cut_inside_a_tag_names_the_line() {
        let text = eleves_xml("<ELEVE ELEVE_ID=\"1\">\n<NOM>X</NOM>\n<PREN");
        let text = &text[..text.find("<PREN").expect("built") + 5];
        let m = message(parse_siecle(text.as_bytes(), "f.xml", None));
        assert!(
            m.contains("ligne 4") && m.contains("ELEVE (ELEVE_ID 1)"),
            "line and element of the broken tag: {m}"
        );
        assert!(m.contains("jamais terminée"), "what is wrong: {m}");
    }

    #[test]
    fn mismatched_tags_are_named() {
        let xml = eleves_xml("<ELEVE ELEVE_ID=\"1\"><NOM>X</PRENOM></ELEVE>");
        let m = message(parse_siecle(xml.as_bytes(), "f.xml", None));
        assert!(
            m.contains("</PRENOM>") && m.contains("<NOM>"),
            "both tags are named: {m}"
        );
    }

    #[test]
    fn a_csv_or_pdf_is_not_xml() {
        let m = message(parse_siecle(
            "Nom;Prénom;Classe\nDUPONT;Léa;2NDE3\n".as_bytes(),
            "eleves.csv",
            None,
        ));
        assert!(
            m.contains("n'est pas un fichier XML") && m.contains("« Nom;Prénom;Classe »"),
            "says it is not XML and shows how it starts: {m}"
        );
        let m = message(parse_siecle(b"%PDF-1.7\n...", "liste.pdf", None));
        assert!(m.contains("PDF"), "recognises a PDF: {m}");
        let m = message(parse_siecle(b"", "vide.xml", None));
        assert!(m.contains("vide"), "an empty file says so: {m}");
    }

    #[test]
    fn the_nomenclature_given_as_roster_is_named() {
        let m = message(parse_siecle(NOMENCLATURE, "Nomenclature.xml", None));
        assert!(
            m.contains("c'est le fichier de nomenclature")
                && m.contains("choisissez l'export des élèves"),
            "tells which file it is and which one to choose: {m}"
        );
    }

    #[test]
    fn other_exports_are_told_apart() {
        let m = message(parse_siecle(
            RESPONSABLES,
            "ResponsablesAvecAdresses.xml",
            None,
        ));
        assert!(
            m.contains("c'est le fichier des responsables"),
            "responsables given as roster: {m}"
        );
        let m = message(parse_nomenclature(SANS));
        assert!(
            m.contains("c'est l'export des élèves") && m.contains("Nomenclature.xml"),
            "roster given as nomenclature: {m}"
        );
        let m = message(parse_siecle(
            b"<?xml version=\"1.0\"?><BEE_STRUCTURES/>",
            "Structures.xml",
            None,
        ));
        assert!(m.contains("BEE_STRUCTURES"), "another SIECLE export: {m}");
        let m = message(parse_siecle(b"<html><body/></html>", "page.xml", None));
        assert!(
            m.contains("<html>") && m.contains("BEE_ELEVES"),
            "a foreign XML names its root and the expected one: {m}"
        );
    }

    #[test]
    fn an_export_without_students_is_refused() {
        let m = message(parse_siecle(eleves_xml("").as_bytes(), "f.xml", None));
        assert!(
            m.contains("aucun élève"),
            "importing it would mark every student as left: {m}"
        );
    }

    #[test]
    fn zips_with_zero_or_several_xml_are_refused_naming_what_they_hold() {
        let m = message(parse_siecle(
            &zip_of(&[("lisez-moi.txt", b"x"), ("photo.jpg", b"y")]),
            "export.zip",
            None,
        ));
        assert!(
            m.contains("aucun fichier XML")
                && m.contains("« lisez-moi.txt »")
                && m.contains("« photo.jpg »"),
            "no XML, and what it holds instead: {m}"
        );
        let m = message(parse_siecle(&zip_of(&[]), "vide.zip", None));
        assert!(m.contains("elle est vide"), "an empty zip says so: {m}");
        let m = message(parse_siecle(
            &zip_of(&[
                ("ElevesSansAdresses.xml", SANS),
                ("Nomenclature.xml", NOMENCLATURE),
            ]),
            "export.zip",
            None,
        ));
        assert!(
            m.contains("2 fichiers XML")
                && m.contains("« ElevesSansAdresses.xml »")
                && m.contains("« Nomenclature.xml »"),
            "several XML: how many and which: {m}"
        );
    }

    #[test]
    fn a_zip_made_on_a_mac_ignores_its_shadow_files() {
        let zip = zip_of(&[
            ("ElevesSansAdresses.xml", SANS),
            ("__MACOSX/._ElevesSansAdresses.xml", b"\x00\x05\x16\x07"),
        ]);
        assert_eq!(
            roster(&zip, "export.zip").students.len(),
            12,
            "the __MACOSX/._* entry is not a second XML"
        );
    }

    #[test]
    fn a_damaged_zip_is_named() {
        let mut zip = ZIP.to_vec();
        zip.truncate(zip.len() / 2);
        let m = message(parse_siecle(&zip, "ExportXML_ElevesSansAdresses.zip", None));
        assert!(
            m.contains("abîmée") && m.contains("ExportXML_ElevesSansAdresses.zip"),
            "a cut zip: {m}"
        );
        let inner = message(parse_siecle(
            &zip_of(&[("ElevesSansAdresses.xml", b"<BEE_ELEVES><DONNEES>")]),
            "export.zip",
            None,
        ));
        assert!(
            inner.contains("« ElevesSansAdresses.xml » (dans l'archive « export.zip »)"),
            "a problem inside the zip names the member and the archive: {inner}"
        );
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_its_size() {
        let m = message(check_size(200 * 1024 * 1024, "« gros.xml »"));
        assert!(
            m.contains("pèse 200 Mo") && m.contains("pas plus de 50 Mo"),
            "the size and the limit: {m}"
        );
        let oversize = vec![b' '; MAX_FILE_BYTES + 1];
        let m = message(parse_siecle(&oversize, "gros.xml", None));
        assert!(
            m.contains("pèse 50,1 Mo") && m.contains("pas plus de 50 Mo"),
            "checked before reading anything, rounded up: {m}"
        );
        let m = message(parse_nomenclature(&oversize));
        assert!(m.contains("50 Mo"), "the nomenclature too: {m}");
    }

    #[test]
    fn no_prefix_of_a_real_export_makes_the_parser_panic() {
        // Regression net for truncated downloads: every cut is Ok or a French error.
        for source in [SANS, ZIP, RESPONSABLES, NOMENCLATURE] {
            for cut in (0..source.len()).step_by(61) {
                let bytes = &source[..cut];
                let _ = parse_siecle(bytes, "f", None);
                let _ = parse_responsables(bytes, "f");
                let _ = parse_nomenclature(bytes);
            }
        }
    }

    #[test]
    fn dates_tell_unreadable_from_impossible() {
        assert_eq!(date("29/02/2024"), Ok(day(2024, 2, 29)), "a leap day");
        assert_eq!(
            date("29/02/2023"),
            Err(DateProblem::Impossible),
            "not a leap year"
        );
        assert_eq!(
            date("31/02/2010"),
            Err(DateProblem::Impossible),
            "no 31 February"
        );
        for raw in [
            "",
            "2010-02-03",
            "03/02/10",
            "3/2/2010/1",
            "aa/bb/cccc",
            "+3/02/2010",
        ] {
            assert_eq!(
                date(raw),
                Err(DateProblem::Unreadable),
                "{raw:?} is not dd/mm/yyyy"
            );
        }
    }
}
