//! `accroche documents <file> list|export|certificate` and `accroche verify <file> <pdf>`.

use std::path::PathBuf;

use accroche_core::documents::registry::{latest_by_reference, list_documents, pdf, verify_file};
use accroche_core::registry::Coded;
use accroche_core::school_year::french_date as fr;
use accroche_core::Error;

use crate::say;

/// Arguments of `accroche documents`.
#[derive(clap::Args)]
pub struct Args {
    /// Le dossier.
    file: PathBuf,
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Les documents (une ligne par version), le plus récent d'abord.
    List {
        /// Sortie JSON.
        #[arg(long)]
        json: bool,
    },
    /// Écrit le PDF d'un document (sa dernière version, ou --version N).
    Export {
        /// La référence imprimée (GPDS-2026-0001).
        reference: String,
        /// Le fichier PDF à écrire.
        #[arg(short, long)]
        output: PathBuf,
        /// Une version précise.
        #[arg(long)]
        version: Option<u32>,
    },
    /// Écrit le certificat de l'autorité de l'établissement (PEM), pour qui doit vérifier le
    /// sceau des documents ; affiche son empreinte SHA-256.
    Certificate {
        /// Le fichier PEM à écrire.
        #[arg(short, long)]
        output: PathBuf,
    },
}

pub fn run(a: Args) -> Result<(), Error> {
    if let Action::Certificate { output } = &a.action {
        // The authority is made on first use: the case file is opened for writing.
        let mut cf = crate::open(&a.file, false)?;
        let ca = accroche_core::documents::seal_store::export_ca(&mut cf, output)?;
        say(format!("Certificat écrit : {}", output.display()));
        say(format!("Empreinte SHA-256 : {}", ca.sha256));
        return Ok(());
    }
    let cf = crate::open(&a.file, true)?;
    match a.action {
        Action::Certificate { .. } => {}
        Action::List { json } => {
            let list = list_documents(&cf)?;
            if json {
                say(serde_json::to_string_pretty(&list)?);
                return Ok(());
            }
            for d in &list {
                say(format!(
                    "{:<22} v{:<2} {:<12} {:<40} {} n° {}  {}",
                    d.reference,
                    d.version,
                    d.state.label(),
                    d.title,
                    d.record_entity,
                    d.record_id,
                    fr(d.created_at.date())
                ));
            }
            say(format!(
                "{} document{}",
                list.len(),
                if list.len() > 1 { "s" } else { "" }
            ));
        }
        Action::Export {
            reference,
            output,
            version,
        } => {
            let id = match version {
                None => latest_by_reference(&cf, &reference)?,
                Some(v) => list_documents(&cf)?
                    .into_iter()
                    .find(|d| d.reference == reference.trim() && d.version == v)
                    .map(|d| d.id)
                    .ok_or_else(|| {
                        Error::NotFound(format!(
                            "Le document « {} » n'a pas de version {v}.",
                            reference.trim()
                        ))
                    })?,
            };
            let bytes = pdf(&cf, id)?;
            accroche_core::files::write_whole(&output, &bytes)?;
            say(format!("Document écrit : {}", output.display()));
        }
    }
    Ok(())
}

/// Arguments of `accroche verify`.
#[derive(clap::Args)]
pub struct VerifyArgs {
    /// Le dossier.
    file: PathBuf,
    /// Le PDF à vérifier.
    pdf: PathBuf,
}

/// Exit 0 and the reference for a registered, unaltered file; an error saying why otherwise.
pub fn run_verify(a: VerifyArgs) -> Result<(), Error> {
    let cf = crate::open(&a.file, true)?;
    let bytes = std::fs::read(&a.pdf).map_err(|e| Error::io(&a.pdf, e))?;
    let v = verify_file(&cf, &bytes)?;
    if v.genuine {
        if let Some(d) = &v.document {
            say(format!("{} v{}", d.reference, d.version));
        }
        say(&v.verdict);
        Ok(())
    } else {
        Err(Error::Conflict(v.verdict))
    }
}
