//! `accroche export <file> -o out.json`.

use std::path::PathBuf;

use accroche_core::export::export_to_file;
use accroche_core::Error;

/// Arguments of `accroche export`.
#[derive(clap::Args)]
pub struct Args {
    /// Le dossier.
    file: PathBuf,
    /// Le fichier JSON à écrire.
    #[arg(short, long)]
    output: PathBuf,
}

pub fn run(a: Args) -> Result<(), Error> {
    let mut cf = crate::open(&a.file, true)?;
    export_to_file(&mut cf, &a.output)?;
    crate::say(format!("Export écrit : {}", a.output.display()));
    Ok(())
}
