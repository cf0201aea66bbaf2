//! `accroche bilan <file> --year 2026-2027 --format pdf|xlsx|csv|json [-o FILE]`: the yearly
//! bilan. Written to a file, it is frozen in the case file (its figures kept with the day) and
//! the command says which figures changed since the previous export; the CSV and the JSON go to
//! standard output when no `-o` is given (nothing is then frozen).
//!
//! `accroche bilan merge a.json b.json … [-o out.xlsx|out.json]`: consolidates schools'
//! anonymous JSON files (one column per school and a total).

use std::path::{Path, PathBuf};

use accroche_core::bilan::{self, merge, ExportFormat};
use accroche_core::registry::Coded;
use accroche_core::school_year::{french_date, SchoolYear};
use accroche_core::Error;

use crate::say;

/// The formats the bilan is written in.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// The report, with charts.
    Pdf,
    /// A workbook, one sheet per table.
    Xlsx,
    /// One CSV table (`;`).
    Csv,
    /// The anonymous JSON that coordinators merge.
    Json,
}

impl From<Format> for ExportFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Pdf => ExportFormat::Pdf,
            Format::Xlsx => ExportFormat::Xlsx,
            Format::Csv => ExportFormat::Csv,
            Format::Json => ExportFormat::Json,
        }
    }
}

/// Arguments of `accroche bilan`.
#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(subcommand)]
    merge: Option<Sub>,
    /// Le dossier.
    #[arg(required = true)]
    file: Option<PathBuf>,
    /// L'année scolaire (2026-2027, ou 2026 pour l'année qui commence en septembre 2026).
    #[arg(long, required = true)]
    year: Option<String>,
    /// Le format.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Le fichier à écrire (sans -o : la sortie standard, pour le CSV et le JSON).
    #[arg(short, long)]
    output: Option<PathBuf>,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Consolide les bilans JSON anonymes de plusieurs établissements (même année).
    Merge {
        /// Les fichiers JSON des établissements.
        #[arg(required = true, num_args = 1..)]
        files: Vec<PathBuf>,
        /// Le fichier à écrire : .xlsx ou .json (sans -o : le JSON sur la sortie standard).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

/// "2026-2027" or "2026" → the school year starting in September 2026.
fn year(text: &str) -> Result<SchoolYear, Error> {
    let t = text.trim();
    let bad = || {
        Error::invalid(
            "year",
            format!("« {t} » n'est pas une année scolaire : écrivez-la 2026-2027."),
        )
    };
    let (first, second) = match t.split_once(['-', '/']) {
        Some((a, b)) => (a.trim(), Some(b.trim())),
        None => (t, None),
    };
    let start: i32 = first.parse().map_err(|_| bad())?;
    if let Some(end) = second {
        let end: i32 = end.parse().map_err(|_| bad())?;
        if end != start + 1 {
            return Err(bad());
        }
    }
    let y = SchoolYear(start);
    if !y.is_plausible() {
        return Err(bad());
    }
    Ok(y)
}

pub fn run(a: Args) -> Result<(), Error> {
    if let Some(Sub::Merge { files, output }) = a.merge {
        return run_merge(&files, output.as_deref());
    }
    let (Some(file), Some(y)) = (a.file, a.year) else {
        return Err(Error::invalid(
            "file",
            "Indiquez le dossier et l'année : accroche bilan dossier.accroche --year 2026-2027.",
        ));
    };
    let y = year(&y)?;
    let format = ExportFormat::from(a.format);
    let Some(path) = a.output else {
        if matches!(format, ExportFormat::Pdf | ExportFormat::Xlsx) {
            return Err(Error::invalid(
                "output",
                format!(
                    "Le bilan {} s'écrit dans un fichier : ajoutez -o bilan.{}.",
                    format.label(),
                    format.extension()
                ),
            ));
        }
        let cf = crate::open(&file, true)?;
        let b = bilan::bilan(&cf, y)?;
        let q = bilan::qualitative(&cf, y)?;
        let bytes = bilan::store::render(&b, &q, format)?;
        say(String::from_utf8_lossy(&bytes).trim_end());
        return Ok(());
    };
    let mut cf = crate::open(&file, false)?;
    let done = bilan::export(&mut cf, y, format, &path)?;
    say(format!(
        "Bilan {} écrit ({}) : {}",
        done.bilan.school_year,
        format.label(),
        path.display()
    ));
    match (&done.previous, done.changes.is_empty()) {
        (None, _) => say("Premier export de l'année : ses chiffres sont figés dans le dossier."),
        (Some(p), true) => say(format!(
            "Chiffres inchangés depuis l'export du {}.",
            french_date(p.exported_on)
        )),
        (Some(p), false) => {
            say(format!(
                "Chiffres changés depuis l'export du {} :",
                french_date(p.exported_on)
            ));
            for c in &done.changes {
                say(format!("  {} : {} → {}", c.label, c.before, c.after));
            }
        }
    }
    Ok(())
}

fn run_merge(files: &[PathBuf], output: Option<&Path>) -> Result<(), Error> {
    let c = merge::merge_files(files)?;
    let Some(path) = output else {
        say(merge::consolidated_json(&c)?.trim_end());
        return Ok(());
    };
    merge::write(&c, path)?;
    say(format!(
        "{} bilans consolidés ({}) : {}",
        c.schools.len(),
        c.school_year,
        path.display()
    ));
    Ok(())
}
