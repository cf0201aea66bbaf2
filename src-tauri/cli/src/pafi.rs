//! `accroche pafi <file> list`: the paths of the case file, as the window's PAFI list shows them.

use std::path::PathBuf;

use accroche_core::pafi::list_pafi;
use accroche_core::registry::Coded;
use accroche_core::school_year::french_date as fr;
use accroche_core::Error;

use crate::say;

/// Arguments of `accroche pafi`.
#[derive(clap::Args)]
pub struct Args {
    /// Le dossier.
    file: PathBuf,
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Les parcours (une ligne chacun : élève, état, dates, tuteur, situation à l'issue), le
    /// plus récent d'abord.
    List {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(a: Args) -> Result<(), Error> {
    let cf = crate::open(&a.file, true)?;
    match a.action {
        Action::List { json } => {
            let list = list_pafi(&cf)?;
            if json {
                say(serde_json::to_string_pretty(&list)?);
                return Ok(());
            }
            for p in &list {
                let dates = match (p.start_on, p.end_on) {
                    (Some(s), Some(e)) => format!("du {} au {}", fr(s), fr(e)),
                    (Some(s), None) => format!("à partir du {}", fr(s)),
                    (None, Some(e)) => format!("jusqu'au {}", fr(e)),
                    (None, None) => "dates à fixer".to_owned(),
                };
                let tutor = if p.tutor_name.is_empty() {
                    "tuteur à désigner".to_owned()
                } else {
                    format!("tuteur : {}", p.tutor_name)
                };
                let mut line = format!(
                    "{} ({}) — {} depuis le {} — {dates} — {tutor}",
                    p.student_name,
                    p.class_name,
                    p.state.label(),
                    fr(p.state_on)
                );
                if let Some(o) = p.outcome {
                    line.push_str(&format!(" — à l'issue : {}", o.label()));
                }
                say(line);
            }
            say(format!(
                "{} parcours{}",
                list.len(),
                if list.is_empty() {
                    " (aucun PAFI dans ce dossier)"
                } else {
                    ""
                }
            ));
        }
    }
    Ok(())
}
