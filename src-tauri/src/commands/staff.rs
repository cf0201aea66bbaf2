//! Staff.

use accroche_core::registry::{self, Staff, StaffInput};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn staff_list(
    state: State<'_, AppState>,
    query: String,
    include_archived: bool,
) -> Result<Vec<Staff>, ApiError> {
    state.with(|cf| registry::list_staff(cf, &query, include_archived))
}

#[tauri::command(async)]
pub fn staff_create(state: State<'_, AppState>, input: StaffInput) -> Result<Staff, ApiError> {
    state.with(|cf| registry::create_staff(cf, &input))
}

#[tauri::command(async)]
pub fn staff_update(
    state: State<'_, AppState>,
    id: i64,
    input: StaffInput,
) -> Result<Staff, ApiError> {
    state.with(|cf| registry::update_staff(cf, id, &input))
}

#[tauri::command(async)]
pub fn staff_set_archived(
    state: State<'_, AppState>,
    id: i64,
    archived: bool,
) -> Result<Staff, ApiError> {
    state.with(|cf| registry::set_staff_archived(cf, id, archived))
}
