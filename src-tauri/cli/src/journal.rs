//! `accroche journal <file> verify`: checks the journal's hash chain (exit 0 when intact; the
//! first altered entry named and exit 1 otherwise). `accroche journal <file> list [--limit N]`:
//! the latest entries.

use std::path::PathBuf;

use accroche_core::casefile::{journal_list, verify_journal};
use accroche_core::Error;

use crate::say;

/// Arguments of `accroche journal`.
#[derive(clap::Args)]
pub struct Args {
    /// Le dossier.
    file: PathBuf,
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Vérifie la chaîne du journal : aucune entrée modifiée, insérée ou supprimée.
    Verify,
    /// Les dernières entrées du journal.
    List {
        /// Combien (les plus récentes).
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

pub fn run(a: Args) -> Result<(), Error> {
    let cf = crate::open(&a.file, true)?;
    match a.command {
        Sub::Verify => {
            let check = verify_journal(&cf)?;
            if check.broken.is_some() {
                return Err(Error::Conflict(check.verdict));
            }
            say(check.verdict);
        }
        Sub::List { limit } => {
            for e in journal_list(&cf, limit)? {
                say(format!(
                    "{:>6}  {}  {}  {}",
                    e.id,
                    e.at.format("%d/%m/%Y %H:%M"),
                    e.author,
                    e.summary
                ));
            }
        }
    }
    Ok(())
}
