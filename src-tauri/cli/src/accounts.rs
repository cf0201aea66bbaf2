//! `accroche comptes <file> list|ajouter|desactiver|cle-secours`: the accounts of a case file.
//! The signed-in account is the one whose passphrase `ACCROCHE_PASSPHRASE` is (or
//! `ACCROCHE_COMPTE` names); a new account's passphrase comes from `ACCROCHE_NOUVELLE_PHRASE`
//! or the terminal, never from argv.

use std::path::PathBuf;

use accroche_core::registry::Coded;
use accroche_core::users::{self, Role};
use accroche_core::Error;

use crate::say;

/// Arguments of `accroche comptes`.
#[derive(clap::Args)]
pub struct Args {
    /// Le dossier.
    file: PathBuf,
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Les comptes du dossier.
    List,
    /// Crée un compte (référent seulement) : sa phrase de passe ouvre le même dossier.
    Ajouter {
        /// Prénom et nom.
        #[arg(long)]
        nom: String,
        /// referent, direction, cpe, psy_en, medico_social, enseignant, lecture_seule.
        #[arg(long)]
        role: String,
    },
    /// Désactive un compte (référent seulement).
    Desactiver {
        /// Le numéro du compte (voir « list »).
        #[arg(long)]
        id: i64,
    },
    /// Écrit la fiche de la clé de secours (PDF), pour le coffre du chef d'établissement.
    CleSecours {
        /// Le PDF à écrire.
        #[arg(short, long)]
        output: PathBuf,
    },
}

fn new_passphrase() -> Result<String, Error> {
    if let Ok(p) = std::env::var("ACCROCHE_NOUVELLE_PHRASE") {
        return Ok(p);
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt).map_err(|e| Error::io(PathBuf::from("(terminal)"), e))
    };
    let first = ask("Phrase de passe du nouveau compte : ")?;
    if ask("Confirmation : ")? != first {
        return Err(Error::invalid(
            "passphrase",
            "Les deux phrases de passe ne sont pas identiques.",
        ));
    }
    Ok(first)
}

pub fn run(a: Args) -> Result<(), Error> {
    let read_only = matches!(a.command, Sub::List);
    let mut cf = crate::open(&a.file, read_only)?;
    match a.command {
        Sub::List => {
            for u in users::list(&cf)? {
                say(format!(
                    "{:>4}  {:<30}  {:<20}  {}",
                    u.id,
                    u.name,
                    u.role.label(),
                    if u.active { "actif" } else { "désactivé" }
                ));
            }
        }
        Sub::Ajouter { nom, role } => {
            let role = Role::ALL
                .iter()
                .copied()
                .find(|r| r.code() == role)
                .ok_or_else(|| {
                    Error::invalid(
                        "role",
                        format!("Rôle inconnu « {role} » : referent, direction, cpe, psy_en, medico_social, enseignant ou lecture_seule."),
                    )
                })?;
            let u = users::create_account(&mut cf, &nom, role, &new_passphrase()?)?;
            say(format!(
                "Compte créé : {} ({}), n° {}",
                u.name,
                u.role.label(),
                u.id
            ));
        }
        Sub::Desactiver { id } => {
            let u = users::deactivate(&mut cf, id)?;
            say(format!("Compte désactivé : {}", u.name));
        }
        Sub::CleSecours { output } => {
            let key = users::recovery_key(&cf)?;
            let pdf = users::recovery_pdf(&cf, &key)?;
            accroche_core::files::write_whole(&output, &pdf)?;
            say(format!("Clé de secours écrite dans {}", output.display()));
        }
    }
    Ok(())
}
