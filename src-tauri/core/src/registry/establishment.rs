//! The establishment the case file belongs to (one row), and case-file creation.

use std::path::Path;

use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{coded_enum, diff, required, Coded, Fields};
use crate::casefile::{self, CaseFile, Clock, JournalDraft, Opened, Tx};
use crate::error::{Error, Result};
use crate::school_year::SchoolYear;

coded_enum! {
    /// The kind of establishment.
    EstablishmentKind {
        /// Collège.
        College = "college" / "Collège",
        /// Lycée professionnel.
        Lp = "lp" / "Lycée professionnel (LP)",
        /// Lycée général et technologique.
        Lgt = "lgt" / "Lycée général et technologique (LGT)",
        /// Lycée polyvalent.
        Lpo = "lpo" / "Lycée polyvalent (LPO)",
        /// Cité scolaire.
        CiteScolaire = "cite_scolaire" / "Cité scolaire",
        /// Établissement régional d'enseignement adapté.
        Erea = "erea" / "EREA",
        /// Anything else.
        Autre = "autre" / "Autre",
    }
}

/// What the user types to create or edit the establishment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EstablishmentInput {
    /// Unité administrative immatriculée: 7 digits and a check letter.
    pub uai: String,
    /// The establishment's name.
    pub name: String,
    /// Its kind.
    pub kind: EstablishmentKind,
    /// Its académie.
    pub academie: String,
    /// Postal address.
    pub address: String,
    /// The head of school.
    pub head_name: String,
    /// The référent décrochage (the journal's author for now).
    pub referent_name: String,
    /// The current school year, by its start year (2026 = 2026-2027).
    pub school_year_start: i32,
}

/// The establishment as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Establishment {
    /// Its fields.
    #[serde(flatten)]
    pub input: EstablishmentInput,
    /// Whether a logo is stored.
    pub has_logo: bool,
    /// "2026-2027".
    pub school_year_label: String,
}

/// A logo image for the documents' header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    /// The image bytes.
    pub bytes: Vec<u8>,
    /// "image/png" or "image/jpeg".
    pub mime: &'static str,
}

impl Logo {
    /// The largest logo accepted.
    pub const MAX_BYTES: usize = 2 * 1024 * 1024;

    /// Checks that `bytes` are a PNG or JPEG image of reasonable size.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Logo> {
        let mime = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            "image/png"
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            "image/jpeg"
        } else {
            return Err(Error::invalid(
                "logo",
                "Le logo doit être une image PNG ou JPEG.",
            ));
        };
        if bytes.len() > Self::MAX_BYTES {
            return Err(Error::invalid(
                "logo",
                "Le logo dépasse 2 Mo : choisissez une image plus légère.",
            ));
        }
        // Read now what documents will read: a damaged image is refused here, not at the
        // first document made.
        let unreadable = || {
            Error::invalid(
                "logo",
                "Le logo est illisible (image abîmée ou incomplète) : enregistrez-le de nouveau en PNG ou JPEG.",
            )
        };
        crate::documents::layout::sniff_image(&bytes).ok_or_else(unreadable)?;
        if mime == "image/png" {
            let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
            let mut reader = decoder.read_info().map_err(|_| unreadable())?;
            let size = reader.output_buffer_size().ok_or_else(unreadable)?;
            if size > 256 * 1024 * 1024 {
                return Err(unreadable());
            }
            let mut buf = vec![0; size];
            reader.next_frame(&mut buf).map_err(|_| unreadable())?;
        }
        Ok(Logo { bytes, mime })
    }

    /// Reads and checks an image file.
    pub fn from_file(path: &Path) -> Result<Logo> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Logo::from_bytes(bytes)
    }
}

const UAI_KEYS: &[u8; 23] = b"ABCDEFGHJKLMNPRSTUVWXYZ";

/// Checks a UAI: 7 digits then the check letter (the 7-digit number modulo 23, as a letter
/// of "ABCDEFGHJKLMNPRSTUVWXYZ"). Returns it upper-cased.
pub(crate) fn check_uai(uai: &str) -> Result<String> {
    let uai = uai.trim().to_uppercase();
    let shape_ok = uai.len() == 8
        && uai[..7].bytes().all(|b| b.is_ascii_digit())
        && uai.as_bytes()[7].is_ascii_uppercase();
    if !shape_ok {
        return Err(Error::invalid(
            "uai",
            "L'UAI compte 7 chiffres suivis d'une lettre (exemple : 0750654D).",
        ));
    }
    let number: usize = uai[..7].parse().unwrap_or(0);
    let expected = char::from(UAI_KEYS[number % 23]);
    if uai.ends_with(expected) {
        Ok(uai)
    } else {
        Err(Error::invalid(
            "uai",
            format!(
                "L'UAI {uai} n'est pas valide : pour {}, la lettre de contrôle est {expected}. Vérifiez le numéro.",
                &uai[..7]
            ),
        ))
    }
}

impl EstablishmentInput {
    /// Trims, upper-cases the UAI and checks every field.
    pub fn validated(&self) -> Result<EstablishmentInput> {
        let year = SchoolYear(self.school_year_start);
        if !year.is_plausible() {
            return Err(Error::invalid(
                "schoolYearStart",
                "Choisissez une année scolaire entre 2000-2001 et 2100-2101.",
            ));
        }
        Ok(EstablishmentInput {
            uai: check_uai(&self.uai)?,
            name: required(&self.name, "name", "Indiquez le nom de l'établissement.")?,
            kind: self.kind,
            academie: required(&self.academie, "academie", "Indiquez l'académie.")?,
            address: self.address.trim().to_owned(),
            head_name: required(
                &self.head_name,
                "headName",
                "Indiquez le nom du chef d'établissement.",
            )?,
            referent_name: required(
                &self.referent_name,
                "referentName",
                "Indiquez le nom du référent décrochage.",
            )?,
            school_year_start: self.school_year_start,
        })
    }

    fn fields(&self) -> Fields {
        vec![
            ("UAI", Some(self.uai.clone())),
            ("Nom", Some(self.name.clone())),
            ("Type", Some(self.kind.label().to_owned())),
            ("Académie", Some(self.academie.clone())),
            ("Adresse", super::non_empty(&self.address)),
            ("Chef d'établissement", Some(self.head_name.clone())),
            ("Référent décrochage", Some(self.referent_name.clone())),
            (
                "Année scolaire",
                Some(SchoolYear(self.school_year_start).label()),
            ),
        ]
    }
}

fn write_row(tx: &Tx<'_>, e: &EstablishmentInput, logo: Option<&Logo>) -> Result<()> {
    tx.conn().execute(
        "INSERT INTO establishment (id, uai, name, kind, academie, address, head_name,
             referent_name, school_year_start, logo, logo_mime)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (id) DO UPDATE SET uai = ?1, name = ?2, kind = ?3, academie = ?4,
             address = ?5, head_name = ?6, referent_name = ?7, school_year_start = ?8,
             logo = coalesce(?9, logo), logo_mime = coalesce(?10, logo_mime)",
        params![
            e.uai,
            e.name,
            e.kind.code(),
            e.academie,
            e.address,
            e.head_name,
            e.referent_name,
            e.school_year_start,
            logo.map(|l| l.bytes.as_slice()),
            logo.map(|l| l.mime),
        ],
    )?;
    Ok(())
}

/// Writes the establishment row inside an import or creation transaction.
pub(crate) fn insert_establishment(
    tx: &mut Tx<'_>,
    e: &EstablishmentInput,
    logo: Option<&Logo>,
) -> Result<()> {
    write_row(tx, e, logo)
}

/// Creates a new case file for an establishment and opens it.
pub fn create_case_file(
    path: &Path,
    passphrase: &str,
    input: &EstablishmentInput,
    logo: Option<&Logo>,
    clock: Clock,
) -> Result<Opened> {
    let e = input.validated()?;
    casefile::check_passphrase(passphrase)?;
    casefile::create(path, passphrase, &e.referent_name, clock, |tx| {
        write_row(tx, &e, logo)?;
        tx.journal(JournalDraft {
            entity: "establishment",
            entity_id: Some(1),
            student_id: None,
            summary: format!("Dossier créé pour {} ({})", e.name, e.uai),
            changes: diff(&Vec::new(), &e.fields()),
        })
    })
}

/// The establishment.
pub fn establishment(cf: &CaseFile) -> Result<Establishment> {
    let row = cf.conn().query_row(
        "SELECT uai, name, kind, academie, address, head_name, referent_name,
                school_year_start, logo IS NOT NULL
         FROM establishment WHERE id = 1",
        [],
        |r| {
            let kind: String = r.get(2)?;
            Ok((
                EstablishmentInput {
                    uai: r.get(0)?,
                    name: r.get(1)?,
                    kind: super::decode(&kind, 2)?,
                    academie: r.get(3)?,
                    address: r.get(4)?,
                    head_name: r.get(5)?,
                    referent_name: r.get(6)?,
                    school_year_start: r.get(7)?,
                },
                r.get::<_, bool>(8)?,
            ))
        },
    )?;
    Ok(Establishment {
        school_year_label: SchoolYear(row.0.school_year_start).label(),
        input: row.0,
        has_logo: row.1,
    })
}

/// The logo's bytes and MIME type, if one is stored.
pub fn establishment_logo(cf: &CaseFile) -> Result<Option<Logo>> {
    let row: Option<(Option<Vec<u8>>, Option<String>)> = cf
        .conn()
        .query_row(
            "SELECT logo, logo_mime FROM establishment WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(match row {
        Some((Some(bytes), Some(_))) => Some(Logo::from_bytes(bytes)?),
        _ => None,
    })
}

/// Changes the establishment's details (and its logo, when one is given).
pub fn update_establishment(
    cf: &mut CaseFile,
    input: &EstablishmentInput,
    logo: Option<&Logo>,
) -> Result<Establishment> {
    let e = input.validated()?;
    let before = establishment(cf)?.input;
    let mut changes = diff(&before.fields(), &e.fields());
    if logo.is_some() {
        changes.push(crate::casefile::Change {
            field: "Logo".into(),
            before: None,
            after: Some("nouvelle image".into()),
        });
    }
    if changes.is_empty() {
        return establishment(cf);
    }
    cf.write(|tx| {
        write_row(tx, &e, logo)?;
        tx.journal(JournalDraft {
            entity: "establishment",
            entity_id: Some(1),
            student_id: None,
            summary: format!(
                "Établissement modifié : {}",
                changes
                    .iter()
                    .map(|c| c.field.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            changes: changes.clone(),
        })
    })?;
    establishment(cf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uai_check_letter_is_the_number_modulo_23() {
        assert_eq!(check_uai(" 0750654d ").ok().as_deref(), Some("0750654D"));
        assert_eq!(check_uai("0750655E").ok().as_deref(), Some("0750655E"));
        let wrong = check_uai("0750654X").expect_err("wrong key letter");
        assert!(
            wrong.to_string().contains("la lettre de contrôle est D"),
            "{wrong}"
        );
        assert!(check_uai("075065D").is_err(), "too short");
    }
}
