//! `accroche`: the case file from the terminal. The same core as the desktop app; one file per
//! subcommand. The passphrase comes from `ACCROCHE_PASSPHRASE` or a prompt, never from argv.
//! Errors are French sentences on stderr, with a non-zero exit code.

mod accounts;
mod alliance;
mod backup;
mod bilan;
mod check;
mod demo;
mod documents;
mod export;
mod gpds;
mod import;
mod init;
mod journal;
mod pafi;
mod purge;
mod rgpd;
mod students;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use accroche_core::casefile::{self, CaseFile, Clock};
use accroche_core::Error;
use clap::{Parser, Subcommand};

/// Accroche — le dossier du référent décrochage scolaire, en ligne de commande.
#[derive(Parser)]
#[command(name = "accroche", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Crée un dossier d'établissement (à partir des champs, ou d'un export JSON avec --from).
    Init(init::Args),
    /// Crée un dossier de démonstration (élèves, personnels et partenaires inventés).
    Demo(demo::Args),
    /// Les élèves d'un dossier.
    Students(students::Args),
    /// Importe la liste des élèves (SIECLE .xml/.zip, Pronote ou ONDE .csv), après un aperçu.
    Import(import::Args),
    /// Annule le dernier import de la liste des élèves.
    UndoImport(import::UndoArgs),
    /// Exporte tout le dossier en JSON (format ouvert et documenté).
    Export(export::Args),
    /// Le GPDS : ordre du jour de la prochaine séance, liste des séances.
    Gpds(gpds::Args),
    /// Le tableau de bord (actions en retard, élèves à examiner…), comme à l'écran.
    Dashboard(gpds::DashboardArgs),
    /// Les PAFI (parcours aménagés de formation initiale) : liste des parcours.
    Pafi(pafi::Args),
    /// Le bilan annuel (PDF, XLSX, CSV, JSON anonyme) ; « bilan merge » consolide des bilans.
    Bilan(bilan::Args),
    /// Les alliances éducatives : liste des alliances.
    Alliance(alliance::Args),
    /// Les documents produits : liste, export d'un PDF, certificat du sceau.
    Documents(documents::Args),
    /// Vérifie un PDF : document connu de ce dossier, intact ou modifié.
    Verify(documents::VerifyArgs),
    /// RGPD : droit d'accès d'une famille (acces), fiche de registre des traitements (registre).
    Rgpd(rgpd::Args),
    /// Vérifie l'intégrité et la version du schéma d'un dossier.
    Check(check::Args),
    /// Le journal du dossier : vérifier sa chaîne (verify), lister ses dernières entrées (list).
    Journal(journal::Args),
    /// Conservation des données (RGPD) : aperçu de la purge, règle (--years), purge (--confirm).
    Purge(purge::Args),
    /// Les comptes du dossier : liste, création, désactivation, fiche de la clé de secours.
    Comptes(accounts::Args),
    /// Fait une sauvegarde du dossier dans le répertoire « Sauvegardes ».
    Backup(backup::BackupArgs),
    /// Liste les sauvegardes d'un dossier.
    Backups(backup::ListArgs),
    /// Remplace le dossier par une de ses sauvegardes (l'état actuel est sauvegardé avant).
    Restore(backup::RestoreArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Init(a) => init::run(a),
        Command::Demo(a) => demo::run(a),
        Command::Students(a) => students::run(a),
        Command::Import(a) => import::run(a),
        Command::UndoImport(a) => import::run_undo(a),
        Command::Export(a) => export::run(a),
        Command::Gpds(a) => gpds::run(a),
        Command::Dashboard(a) => gpds::run_dashboard(a),
        Command::Pafi(a) => pafi::run(a),
        Command::Bilan(a) => bilan::run(a),
        Command::Alliance(a) => alliance::run(a),
        Command::Documents(a) => documents::run(a),
        Command::Verify(a) => documents::run_verify(a),
        Command::Rgpd(a) => rgpd::run(a),
        Command::Check(a) => check::run(a),
        Command::Journal(a) => journal::run(a),
        Command::Purge(a) => purge::run(a),
        Command::Comptes(a) => accounts::run(a),
        Command::Backup(a) => backup::run_backup(a),
        Command::Backups(a) => backup::run_list(a),
        Command::Restore(a) => backup::run_restore(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("accroche : {e}");
            if let Some(detail) = e.detail() {
                eprintln!(
                    "Détail technique : {}",
                    detail.lines().take(5).collect::<Vec<_>>().join(" / ")
                );
            }
            ExitCode::from(match e {
                Error::WrongPassphrase => 3,
                Error::Locked => 4,
                Error::NewerSchema { .. } => 5,
                Error::Corrupt { .. } => 6,
                Error::Validation { .. } | Error::NeedsConfirmation { .. } => 7,
                _ => 1,
            })
        }
    }
}

/// Writes a line to stdout. A closed pipe (`accroche … | head`) ends the output quietly
/// instead of panicking like `println!`.
pub(crate) fn say(line: impl std::fmt::Display) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// The system clock, or `ACCROCHE_NOW` (`2026-11-22T10:00:00`) for reproducible scripts.
pub(crate) fn clock() -> Result<Clock, Error> {
    match std::env::var("ACCROCHE_NOW") {
        Ok(v) => {
            let at =
                chrono::NaiveDateTime::parse_from_str(&v, "%Y-%m-%dT%H:%M:%S").map_err(|_| {
                    Error::invalid(
                        "ACCROCHE_NOW",
                        format!("ACCROCHE_NOW vaut « {v} » : attendu 2026-11-22T10:00:00."),
                    )
                })?;
            Ok(casefile::fixed_clock(at))
        }
        Err(_) => Ok(Arc::new(|| chrono::Local::now().naive_local())),
    }
}

/// The passphrase from `ACCROCHE_PASSPHRASE`, or asked on the terminal without echo.
pub(crate) fn passphrase(confirm: bool) -> Result<String, Error> {
    if let Ok(p) = std::env::var("ACCROCHE_PASSPHRASE") {
        return Ok(p);
    }
    if confirm {
        eprintln!("Phrase de passe du dossier : {}", casefile::PASSPHRASE_RULE);
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt).map_err(|e| Error::io(PathBuf::from("(terminal)"), e))
    };
    let first = ask("Phrase de passe : ")?;
    if confirm && ask("Confirmation : ")? != first {
        return Err(Error::invalid(
            "passphrase",
            "Les deux phrases de passe ne sont pas identiques.",
        ));
    }
    Ok(first)
}

/// Opens a case file with the passphrase (or recovery key) from the environment or the
/// terminal, signed in as the account `ACCROCHE_COMPTE` names, or the one the passphrase opens.
pub(crate) fn open(path: &Path, read_only: bool) -> Result<CaseFile, Error> {
    let user = match std::env::var("ACCROCHE_COMPTE") {
        Ok(name) => Some(
            casefile::sign_in_accounts(path)?
                .into_iter()
                .find(|(_, n)| accroche_core::text::fold(n) == accroche_core::text::fold(&name))
                .map(|(id, _)| id)
                .ok_or_else(|| {
                    Error::NotFound(format!(
                        "Aucun compte « {name} » dans ce dossier (ACCROCHE_COMPTE)."
                    ))
                })?,
        ),
        Err(_) => None,
    };
    let opened = casefile::open_as(path, user, &passphrase(false)?, read_only, clock()?)?;
    if let Some(b) = &opened.backup {
        eprintln!("Sauvegarde du jour : {}", b.display());
    }
    tell_recovery_key(opened.recovery_key.as_deref());
    Ok(opened.casefile)
}

/// Says the recovery key a creation or a conversion just made: shown this once.
pub(crate) fn tell_recovery_key(key: Option<&str>) {
    if let Some(k) = key {
        eprintln!("Clé de secours du dossier : {k}");
        eprintln!("Notez-la et gardez-la sous clé (accroche comptes <dossier> cle-secours -o cle.pdf l'imprime) : c'est le seul moyen de rouvrir le dossier si toutes les phrases de passe sont perdues.");
    }
}
