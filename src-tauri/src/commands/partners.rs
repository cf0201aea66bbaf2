//! Partner organisations.

use accroche_core::registry::{self, Partner, PartnerInput};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn partners_list(
    state: State<'_, AppState>,
    query: String,
    include_archived: bool,
) -> Result<Vec<Partner>, ApiError> {
    state.with(|cf| registry::list_partners(cf, &query, include_archived))
}

#[tauri::command(async)]
pub fn partner_get(state: State<'_, AppState>, id: i64) -> Result<Partner, ApiError> {
    state.with(|cf| registry::partner(cf, id))
}

#[tauri::command(async)]
pub fn partner_create(
    state: State<'_, AppState>,
    input: PartnerInput,
) -> Result<Partner, ApiError> {
    state.with(|cf| registry::create_partner(cf, &input))
}

#[tauri::command(async)]
pub fn partner_update(
    state: State<'_, AppState>,
    id: i64,
    input: PartnerInput,
) -> Result<Partner, ApiError> {
    state.with(|cf| registry::update_partner(cf, id, &input))
}

#[tauri::command(async)]
pub fn partner_set_archived(
    state: State<'_, AppState>,
    id: i64,
    archived: bool,
) -> Result<Partner, ApiError> {
    state.with(|cf| registry::set_partner_archived(cf, id, archived))
}
