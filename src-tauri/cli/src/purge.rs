//! `accroche purge <file>`: what the RGPD retention policy would delete today (students who
//! left, past their date; those held by an open follow-up, PAFI or alliance). `--years N` sets
//! the policy (school years kept after the year of exit, 0 to 5). `--confirm N -o certificat.pdf`
//! purges, N being the number of students the preview listed, and writes the certificate.

use std::path::PathBuf;

use accroche_core::retention::{self, policy};
use accroche_core::school_year::french_date;
use accroche_core::Error;

use crate::say;

/// Arguments of `accroche purge`.
#[derive(clap::Args)]
pub struct Args {
    /// Le dossier.
    file: PathBuf,
    /// Années scolaires gardées après l'année de sortie (0 à 5) : change la règle du dossier.
    #[arg(long)]
    years: Option<u32>,
    /// Purger : le nombre d'élèves listés par l'aperçu (sécurité contre un aperçu périmé).
    #[arg(long, requires = "output")]
    confirm: Option<usize>,
    /// Le certificat de purge (PDF) à écrire.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(a: Args) -> Result<(), Error> {
    let writes = a.years.is_some() || a.confirm.is_some();
    let mut cf = crate::open(&a.file, !writes)?;
    if let Some(y) = a.years {
        retention::set_years_after_exit(&mut cf, y)?;
    }
    if let (Some(n), Some(out)) = (a.confirm, &a.output) {
        let r = retention::purge(&mut cf, n, out)?;
        say(format!(
            "Purge faite le {} : {} élève(s). Certificat : {}",
            french_date(r.on),
            r.counts.students,
            out.display()
        ));
        for (kind, n) in r.counts.kinds().iter().filter(|(_, n)| *n > 0) {
            say(format!("  {kind} : {n}"));
        }
        return Ok(());
    }
    let p = retention::preview(&cf)?;
    say(format!(
        "Règle : données gardées {}.",
        policy(p.years_after_exit)
    ));
    if p.due.is_empty() {
        say("Rien à purger aujourd'hui.");
    }
    for d in &p.due {
        say(format!(
            "À purger : {} — sorti le {}, gardé jusqu'au {}",
            d.name,
            french_date(d.exit_date),
            french_date(d.kept_until)
        ));
    }
    for d in &p.held {
        say(format!(
            "Gardé pour l'instant : {} ({})",
            d.name,
            d.held_by.as_deref().unwrap_or_default()
        ));
    }
    if !p.due.is_empty() {
        say(format!(
            "Pour purger : accroche purge {} --confirm {} -o certificat-purge.pdf",
            a.file.display(),
            p.due.len()
        ));
    }
    Ok(())
}
