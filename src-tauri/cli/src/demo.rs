//! `accroche demo`: a case file of an invented school.

use std::path::PathBuf;

use accroche_core::demo::{create_demo, Scale};
use accroche_core::Error;

/// Arguments of `accroche demo`.
#[derive(clap::Args)]
pub struct Args {
    /// Le fichier à créer (extension .accroche).
    file: PathBuf,
    /// 2 000 élèves par an sur 10 années scolaires (l'échelle des mesures de performance).
    #[arg(long)]
    large: bool,
    /// Graine du tirage : la même graine donne le même établissement.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub fn run(a: Args) -> Result<(), Error> {
    let clock = crate::clock()?;
    let scale = if a.large { Scale::Large } else { Scale::Normal };
    let (opened, export, documents) =
        create_demo(&a.file, &crate::passphrase(true)?, scale, a.seed, clock)?;
    crate::say(format!(
        "Dossier de démonstration créé : {} ({} élèves, {} personnels, {} partenaires, {} documents)",
        opened.casefile.path().display(),
        export.students.len(),
        export.staff.len(),
        export.partners.len(),
        documents
    ));
    Ok(())
}
