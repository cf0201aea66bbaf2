//! `accroche import <casefile> <file>`: the roster from SIECLE, Pronote or ONDE; and
//! `accroche undo-import <casefile>`.

use std::path::PathBuf;

use accroche_core::roster::{self, ImportPreview};
use accroche_core::school_year::french_date;
use accroche_core::Error;

/// Arguments of `accroche import`.
#[derive(clap::Args)]
pub struct Args {
    /// Le dossier.
    file: PathBuf,
    /// L'export : SIECLE (.xml ou .zip), Pronote ou ONDE (.csv).
    roster: PathBuf,
    /// Le fichier Nomenclature.xml de SIECLE (libellés des formations).
    #[arg(long)]
    nomenclature: Option<PathBuf>,
    /// Le fichier ResponsablesAvecAdresses.xml de SIECLE (responsables légaux).
    #[arg(long)]
    responsables: Option<PathBuf>,
    /// Affiche ce que l'import ferait, sans rien changer.
    #[arg(long)]
    dry_run: bool,
    /// Affiche les nombres en JSON : {"new", "updated", "left", "unchanged", "skipped"}.
    #[arg(long)]
    json: bool,
}

/// Arguments of `accroche undo-import`.
#[derive(clap::Args)]
pub struct UndoArgs {
    /// Le dossier.
    file: PathBuf,
}

pub fn run(a: Args) -> Result<(), Error> {
    let parsed = roster::read_roster(
        &a.roster,
        a.nomenclature.as_deref(),
        a.responsables.as_deref(),
    )?;
    let name = a
        .roster
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut cf = crate::open(&a.file, a.dry_run)?;
    let preview = if a.dry_run {
        roster::preview(&cf, &parsed, &name)?
    } else {
        roster::apply(&mut cf, &parsed, &name)?
    };
    if a.json {
        crate::say(serde_json::to_string(&preview.counts)?);
    } else {
        print(&preview, a.dry_run);
    }
    Ok(())
}

fn print(p: &ImportPreview, dry_run: bool) {
    let c = p.counts;
    crate::say(format!("Import de {} ({})", p.file_name, p.source));
    for w in &p.warnings {
        crate::say(format!("Attention : {w}"));
    }
    for n in &p.new {
        crate::say(format!("  nouveau      {} ({})", n.name, n.class_name));
    }
    for u in &p.updated {
        let fields: Vec<String> = u
            .changes
            .iter()
            .map(|ch| {
                format!(
                    "{} : {} → {}",
                    ch.field,
                    ch.before.as_deref().unwrap_or("—"),
                    ch.after.as_deref().unwrap_or("—")
                )
            })
            .collect();
        crate::say(format!(
            "  mis à jour   {} — {}",
            u.name,
            fields.join(" ; ")
        ));
        for ch in &u.conflicts {
            crate::say(format!(
                "    conflit    {} modifié dans Accroche ({}) ; le fichier donne {} : gardé tel quel",
                ch.field,
                ch.before.as_deref().unwrap_or("—"),
                ch.after.as_deref().unwrap_or("—")
            ));
        }
    }
    for l in &p.left {
        crate::say(format!(
            "  sorti        {} le {} ({})",
            l.name,
            french_date(l.exit_date),
            l.reason
        ));
    }
    for s in &p.skipped {
        crate::say(format!(
            "  ignoré       {} {} : {}",
            s.location, s.name, s.reason
        ));
    }
    crate::say(format!(
        "{}{}",
        if dry_run {
            "Simulation (rien n'a changé) : "
        } else {
            "Import fait : "
        },
        roster::counts_sentence(&c)
    ));
}

pub fn run_undo(a: UndoArgs) -> Result<(), Error> {
    let mut cf = crate::open(&a.file, false)?;
    let batch = roster::undo_last_import(&mut cf)?;
    crate::say(format!(
        "Import annulé : {} (du {})",
        batch.file_name,
        french_date(batch.at.date())
    ));
    Ok(())
}
