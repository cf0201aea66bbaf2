//! `accroche check <file>`: integrity and schema version, without taking the lock.

use std::path::PathBuf;

use accroche_core::casefile::LATEST_SCHEMA;
use accroche_core::Error;

/// Arguments of `accroche check`.
#[derive(clap::Args)]
pub struct Args {
    /// Le dossier.
    file: PathBuf,
}

pub fn run(a: Args) -> Result<(), Error> {
    let cf = crate::open(&a.file, true)?;
    let verdict: String = cf
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    if verdict != "ok" {
        return Err(Error::Corrupt { detail: verdict });
    }
    let count = |table: &str| -> Result<i64, Error> {
        Ok(cf
            .conn()
            .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?)
    };
    crate::say("Intégrité : correcte");
    crate::say(format!(
        "Schéma : version {} (cette version d'Accroche : {LATEST_SCHEMA})",
        cf.schema_version()?
    ));
    crate::say(format!(
        "Contenu : {} élèves, {} personnels, {} partenaires, {} entrées de journal",
        count("student")?,
        count("staff")?,
        count("partner")?,
        count("journal")?
    ));
    Ok(())
}
