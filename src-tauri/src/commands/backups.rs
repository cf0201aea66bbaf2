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
    state.slot().take();
    let opened = core_casefile::restore(
        path.as_ref(),
        backup_path.as_ref(),
        &passphrase,
        system_clock(),
    )?;
    super::casefile::install(&state, opened)
}
