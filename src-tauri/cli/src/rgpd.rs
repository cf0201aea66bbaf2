//! `accroche rgpd <file> acces --eleve <id> -o dossier.pdf [--json dossier.json]`: everything
//! the case file holds on one student, for the family (RGPD art. 15), journaled on the student.
//! `accroche rgpd <file> registre -o registre.pdf`: the record of processing activities
//! (RGPD art. 30) for the académie's DPO.

use std::path::PathBuf;

use accroche_core::registry::{Coded, StaffRole};
use accroche_core::rgpd::{export_student_file, registre_pdf};
use accroche_core::users::{Role, SignedIn};
use accroche_core::Error;

use crate::say;

/// Arguments of `accroche rgpd`.
#[derive(clap::Args)]
pub struct Args {
    /// Le dossier.
    file: PathBuf,
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Droit d'accès : tout ce que le dossier contient sur un élève (PDF, et JSON avec --json).
    Acces {
        /// Le numéro de l'élève (accroche students).
        #[arg(long)]
        eleve: i64,
        /// Le PDF à écrire.
        #[arg(short, long)]
        output: PathBuf,
        /// Le JSON à écrire aussi.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Établir le document comme le lirait ce rôle (un rôle de compte : medico_social,
        /// enseignant, cpe… ; ou une fonction du personnel : infirmier, psy_en…) : les notes et
        /// éléments restreints qu'il ne peut pas lire sont signalés, avec leur résumé utile,
        /// sans leur contenu. Par défaut : le référent.
        #[arg(long)]
        role: Option<String>,
    },
    /// La fiche de registre des activités de traitement (RGPD art. 30), pour le DPO.
    Registre {
        /// Le PDF à écrire.
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// The reader the file is made for: an account role, or a staff function read as the matching
/// role; nobody in particular (account 0), so that only the role decides.
fn viewer(role: Option<&str>) -> Result<SignedIn, Error> {
    let role = match role.map(str::trim) {
        None => Role::Referent,
        Some(code) => Role::from_code(code)
            .or_else(|| StaffRole::from_code(code).and_then(accroche_core::access::role_of_staff))
            .ok_or_else(|| {
                let known = Role::ALL
                    .iter()
                    .map(|r| r.code())
                    .chain(StaffRole::ALL.iter().map(|r| r.code()))
                    .collect::<Vec<_>>()
                    .join(", ");
                Error::invalid(
                    "role",
                    format!("« {code} » n'est pas un rôle connu : choisissez parmi {known}."),
                )
            })?,
    };
    Ok(SignedIn {
        id: 0,
        name: String::new(),
        role,
    })
}

pub fn run(a: Args) -> Result<(), Error> {
    match a.command {
        Sub::Acces {
            eleve,
            output,
            json,
            role,
        } => {
            let viewer = viewer(role.as_deref())?;
            let mut cf = crate::open(&a.file, false)?;
            let file = export_student_file(&mut cf, eleve, &viewer, &output, json.as_deref())?;
            say(format!(
                "Données de {} {} écrites dans {}{} (communication inscrite au journal).",
                file.student.input.first_name,
                file.student.input.last_name,
                output.display(),
                json.map(|j| format!(" et {}", j.display()))
                    .unwrap_or_default()
            ));
        }
        Sub::Registre { output } => {
            let cf = crate::open(&a.file, true)?;
            accroche_core::files::write_whole(&output, &registre_pdf(&cf)?)?;
            say(format!(
                "Fiche de registre des activités de traitement écrite dans {}.",
                output.display()
            ));
        }
    }
    Ok(())
}
