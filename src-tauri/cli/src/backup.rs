//! `accroche backup`, `backups` and `restore`.

use std::path::PathBuf;

use accroche_core::casefile::{list_backups, restore, BackupKind};
use accroche_core::school_year::french_date;
use accroche_core::Error;

/// Arguments of `accroche backup`.
#[derive(clap::Args)]
pub struct BackupArgs {
    /// Le dossier.
    file: PathBuf,
}

/// Arguments of `accroche backups`.
#[derive(clap::Args)]
pub struct ListArgs {
    /// Le dossier.
    file: PathBuf,
}

/// Arguments of `accroche restore`.
#[derive(clap::Args)]
pub struct RestoreArgs {
    /// Le dossier à remplacer.
    file: PathBuf,
    /// La sauvegarde à restaurer.
    #[arg(long)]
    from: PathBuf,
}

pub fn run_backup(a: BackupArgs) -> Result<(), Error> {
    let cf = crate::open(&a.file, false)?;
    let b = cf.backup_now()?;
    crate::say(format!("Sauvegarde faite : {}", b.path.display()));
    Ok(())
}

pub fn run_list(a: ListArgs) -> Result<(), Error> {
    for b in list_backups(&a.file)? {
        let kind = match b.kind {
            BackupKind::Daily => "quotidienne",
            BackupKind::Weekly => "hebdomadaire",
            BackupKind::Manual => "manuelle",
            BackupKind::PreRestore => "avant restauration",
            BackupKind::PreMigration => "avant mise à jour",
        };
        crate::say(format!(
            "{}  {:<20} {}",
            french_date(b.date),
            kind,
            b.path.display()
        ));
    }
    Ok(())
}

pub fn run_restore(a: RestoreArgs) -> Result<(), Error> {
    let opened = restore(
        &a.file,
        &a.from,
        &crate::passphrase(false)?,
        crate::clock()?,
    )?;
    crate::say(format!(
        "Dossier restauré depuis {} : {}",
        a.from.display(),
        opened.casefile.path().display()
    ));
    Ok(())
}
