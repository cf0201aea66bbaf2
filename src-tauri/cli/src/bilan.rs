//! `accroche bilan <file> --year 2026-2027 --format json [-o FILE]`: the yearly bilan's
//! anonymous JSON (every indicator with its definition; no student data), to a file or to
//! standard output. The PDF, XLSX and CSV come with the rest of the bilan (issue 8).

use std::path::PathBuf;

use accroche_core::bilan::{bilan, to_json};
use accroche_core::school_year::SchoolYear;
use accroche_core::Error;

use crate::say;

/// The formats the bilan is written in.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    /// The anonymous JSON that coordinators merge.
    Json,
}

/// Arguments of `accroche bilan`.
#[derive(clap::Args)]
pub struct Args {
    /// Le dossier.
    file: PathBuf,
    /// L'année scolaire (2026-2027, ou 2026 pour l'année qui commence en septembre 2026).
    #[arg(long)]
    year: String,
    /// Le format.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Le fichier à écrire (sans -o : la sortie standard).
    #[arg(short, long)]
    output: Option<PathBuf>,
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
    let y = year(&a.year)?;
    let cf = crate::open(&a.file, true)?;
    let b = bilan(&cf, y)?;
    let text = match a.format {
        Format::Json => to_json(&b)?,
    };
    match a.output {
        Some(path) => {
            accroche_core::files::write_whole(&path, text.as_bytes())?;
            say(format!(
                "Bilan {} écrit : {}",
                b.school_year,
                path.display()
            ));
        }
        None => say(text.trim_end()),
    }
    Ok(())
}
