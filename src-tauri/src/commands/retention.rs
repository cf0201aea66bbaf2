//! RGPD retention: the purge preview, the policy, the purge with its certificate.

use std::path::Path;

use accroche_core::retention::{self, Preview, Report};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

/// What a purge would delete today.
#[tauri::command(async)]
pub fn retention_preview(state: State<'_, AppState>) -> Result<Preview, ApiError> {
    state.with(|cf| retention::preview(cf))
}

/// Sets the policy (school years kept after the year of exit) and previews again.
#[tauri::command(async)]
pub fn retention_set_years(state: State<'_, AppState>, years: u32) -> Result<Preview, ApiError> {
    state.with(|cf| {
        retention::set_years_after_exit(cf, years)?;
        retention::preview(cf)
    })
}

/// Purges what the preview listed (`expected` students) and writes the certificate.
#[tauri::command(async)]
pub fn retention_purge(
    state: State<'_, AppState>,
    expected: usize,
    certificate: String,
) -> Result<Report, ApiError> {
    state.with(|cf| retention::purge(cf, expected, Path::new(certificate.trim())))
}
