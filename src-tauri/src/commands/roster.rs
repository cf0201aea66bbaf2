//! Importing the roster (SIECLE, Pronote, ONDE): preview, apply, undo.

use std::path::Path;

use accroche_core::roster::{self, ImportBatch, ImportPreview};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The roster file and its optional SIECLE companions.
fn read(
    path: &str,
    nomenclature: &Option<String>,
    responsables: &Option<String>,
) -> Result<roster::RosterFile, ApiError> {
    Ok(roster::read_roster(
        path.as_ref(),
        nomenclature.as_deref().map(Path::new),
        responsables.as_deref().map(Path::new),
    )?)
}

#[tauri::command(async)]
pub fn roster_preview(
    state: State<'_, AppState>,
    path: String,
    nomenclature_path: Option<String>,
    responsables_path: Option<String>,
) -> Result<ImportPreview, ApiError> {
    let parsed = read(&path, &nomenclature_path, &responsables_path)?;
    state.with(|cf| roster::preview(cf, &parsed, &file_name(&path)))
}

#[tauri::command(async)]
pub fn roster_apply(
    state: State<'_, AppState>,
    path: String,
    nomenclature_path: Option<String>,
    responsables_path: Option<String>,
) -> Result<ImportPreview, ApiError> {
    let parsed = read(&path, &nomenclature_path, &responsables_path)?;
    state.with(|cf| roster::apply(cf, &parsed, &file_name(&path)))
}

#[tauri::command(async)]
pub fn roster_last_import(state: State<'_, AppState>) -> Result<Option<ImportBatch>, ApiError> {
    state.with(|cf| roster::last_import(cf))
}

#[tauri::command(async)]
pub fn roster_undo(state: State<'_, AppState>) -> Result<ImportBatch, ApiError> {
    state.with(roster::undo_last_import)
}
