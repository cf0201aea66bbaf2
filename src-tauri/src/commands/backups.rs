//! Backups of the open case file, and restoring one.

use accroche_core::casefile::{self as core_casefile, BackupInfo};
use tauri::State;

use crate::dto::Session;
use crate::error::ApiError;
use crate::state::{system_clock, AppState};

#[tauri::command(async)]
pub fn backups_list(state: State<'_, AppState>) -> Result<Vec<BackupInfo>, ApiError> {
    state.with(|cf| core_casefile::list_backups(cf.path()))
}

#[tauri::command(async)]
pub fn backups_list_for(path: String) -> Result<Vec<BackupInfo>, ApiError> {
    Ok(core_casefile::list_backups(path.as_ref())?)
}

#[tauri::command(async)]
pub fn backup_now(state: State<'_, AppState>) -> Result<BackupInfo, ApiError> {
    state.with(|cf| cf.backup_now())
}

#[tauri::command(async)]
pub fn backup_restore(
    state: State<'_, AppState>,
    path: String,
    backup_path: String,
    passphrase: String,
) -> Result<Session, ApiError> {
    // Everything that can be checked is checked before the open case file is closed, so a
    // wrong passphrase or a bad backup leaves the window on its case file.
    if let Some(cf) = state.slot().as_ref() {
        if cf.user().role != accroche_core::users::Role::Referent {
            return Err(accroche_core::Error::Forbidden(
                "Seul le référent décrochage peut restaurer une sauvegarde.".into(),
            )
            .into());
        }
    }
    core_casefile::verify_backup(path.as_ref(), backup_path.as_ref(), &passphrase)?;
    let was_open = state.slot().take().map(|cf| cf.path().to_path_buf());
    match core_casefile::restore(
        path.as_ref(),
        backup_path.as_ref(),
        &passphrase,
        system_clock(),
    ) {
        Ok(opened) => super::casefile::install(&state, opened),
        Err(e) => {
            // The file was not replaced: give the window back the case file it had.
            if let Some(previous) = was_open {
                if let Ok(opened) =
                    core_casefile::open(&previous, &passphrase, false, system_clock())
                {
                    *state.slot() = Some(opened.casefile);
                }
            }
            Err(e.into())
        }
    }
}
