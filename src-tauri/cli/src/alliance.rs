//! `accroche alliance <file> list`: the alliances éducatives of the case file, as the window's
//! list shows them.

use std::path::PathBuf;

use accroche_core::alliance::list_alliances;
use accroche_core::registry::Coded;
use accroche_core::school_year::french_date as fr;
use accroche_core::Error;

use crate::say;

/// Arguments of `accroche alliance`.
#[derive(clap::Args)]
pub struct Args {
    /// Le dossier.
    file: PathBuf,
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Les alliances (une ligne chacune : élève, type, état, référent, famille, membres, chartes
    /// non signées), la plus récente d'abord.
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
            let list = list_alliances(&cf)?;
            if json {
                say(serde_json::to_string_pretty(&list)?);
                return Ok(());
            }
            for r in &list {
                let referent = if r.referent.is_empty() {
                    "référent à désigner".to_owned()
                } else {
                    format!("référent : {}", r.referent)
                };
                let members = match r.members {
                    0 => "aucun membre".to_owned(),
                    1 => "1 membre".to_owned(),
                    n => format!("{n} membres"),
                };
                let chartes = match r.charte_missing {
                    0 if r.members > 0 => ", chartes toutes signées".to_owned(),
                    0 => String::new(),
                    1 => ", 1 charte non signée".to_owned(),
                    n => format!(", {n} chartes non signées"),
                };
                say(format!(
                    "{} ({}) — {} — {} depuis le {} — {referent} — {} — {members}{chartes}",
                    r.student_name,
                    r.class_name,
                    r.kind.label(),
                    r.state.label(),
                    fr(r.state_on),
                    r.family.label(),
                ));
            }
            say(match list.len() {
                0 => "0 alliance (aucune alliance éducative dans ce dossier)".to_owned(),
                1 => "1 alliance".to_owned(),
                n => format!("{n} alliances"),
            });
        }
    }
    Ok(())
}
