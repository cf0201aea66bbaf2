//! `accroche students <file> list`.

use std::path::PathBuf;

use accroche_core::registry::list_students;
use accroche_core::school_year::french_date;
use accroche_core::Error;

/// Arguments of `accroche students`.
#[derive(clap::Args)]
pub struct Args {
    /// Le dossier.
    file: PathBuf,
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Liste les élèves (par nom).
    List {
        /// Début du nom ou du prénom.
        #[arg(long, default_value = "")]
        search: String,
        /// Inclut les élèves archivés.
        #[arg(long)]
        archived: bool,
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(a: Args) -> Result<(), Error> {
    let cf = crate::open(&a.file, true)?;
    match a.action {
        Action::List {
            search,
            archived,
            json,
        } => {
            let rows = list_students(&cf, &search, archived)?;
            if json {
                crate::say(serde_json::to_string_pretty(&rows)?);
            } else {
                for r in &rows {
                    crate::say(format!(
                        "{:<24} {:<18} {:<8} {} {}{}",
                        r.last_name,
                        r.first_name,
                        r.class_name,
                        french_date(r.birth_date),
                        r.ine.as_deref().unwrap_or("-"),
                        if r.archived { " (archivé)" } else { "" }
                    ));
                }
                crate::say(format!(
                    "{} élève{}",
                    rows.len(),
                    if rows.len() > 1 { "s" } else { "" }
                ));
            }
        }
    }
    Ok(())
}
