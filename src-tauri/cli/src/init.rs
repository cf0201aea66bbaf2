//! `accroche init`: a new case file, from fields or from an export.

use std::path::PathBuf;

use accroche_core::export::{from_json, init_from_export};
use accroche_core::registry::{
    create_case_file, Coded, EstablishmentInput, EstablishmentKind, Logo,
};
use accroche_core::school_year::SchoolYear;
use accroche_core::Error;

/// Arguments of `accroche init`.
#[derive(clap::Args)]
pub struct Args {
    /// Le fichier à créer (extension .accroche).
    file: PathBuf,
    /// Crée le dossier à partir d'un export JSON (l'établissement vient de l'export).
    #[arg(long, conflicts_with_all = ["uai", "name"])]
    from: Option<PathBuf>,
    /// UAI de l'établissement (7 chiffres et une lettre).
    #[arg(long, required_unless_present = "from")]
    uai: Option<String>,
    /// Nom de l'établissement.
    #[arg(long, required_unless_present = "from")]
    name: Option<String>,
    /// Type : college, lp, lgt, lpo, cite_scolaire, erea, autre.
    #[arg(long, default_value = "college")]
    kind: String,
    /// Académie.
    #[arg(long, default_value = "")]
    academie: String,
    /// Adresse.
    #[arg(long, default_value = "")]
    address: String,
    /// Chef d'établissement.
    #[arg(long, default_value = "")]
    head: String,
    /// Référent décrochage.
    #[arg(long, default_value = "")]
    referent: String,
    /// Année scolaire (année de la rentrée, 2026 pour 2026-2027) ; par défaut l'année en cours.
    #[arg(long)]
    year: Option<i32>,
    /// Logo (PNG ou JPEG).
    #[arg(long)]
    logo: Option<PathBuf>,
}

pub fn run(a: Args) -> Result<(), Error> {
    let clock = crate::clock()?;
    let opened = if let Some(from) = &a.from {
        let json = std::fs::read_to_string(from).map_err(|e| Error::io(from, e))?;
        let export = from_json(&json)?;
        init_from_export(&a.file, &crate::passphrase(true)?, &export, clock)?
    } else {
        let kind = EstablishmentKind::from_code(&a.kind).ok_or_else(|| {
            Error::invalid(
                "kind",
                format!("Type d'établissement inconnu « {} » : college, lp, lgt, lpo, cite_scolaire, erea ou autre.", a.kind),
            )
        })?;
        let input = EstablishmentInput {
            uai: a.uai.unwrap_or_default(),
            name: a.name.unwrap_or_default(),
            kind,
            academie: a.academie,
            address: a.address,
            head_name: a.head,
            referent_name: a.referent,
            school_year_start: a.year.unwrap_or(SchoolYear::containing(clock().date()).0),
        };
        let logo = a.logo.as_deref().map(Logo::from_file).transpose()?;
        create_case_file(
            &a.file,
            &crate::passphrase(true)?,
            &input,
            logo.as_ref(),
            clock,
        )?
    };
    crate::say(format!(
        "Dossier créé : {}",
        opened.casefile.path().display()
    ));
    crate::tell_recovery_key(opened.recovery_key.as_deref());
    Ok(())
}
