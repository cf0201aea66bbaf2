//! PAFI: the paths, their states, activities, schedule, follow-up, final bilan, the validating
//! authority, and their documents (contract, conventions, bilan de parcours).

use accroche_core::documents::registry::Document;
use accroche_core::pafi::{
    self, Activity, ActivityInput, Amendment, Bilan, BilanInput, Checkpoint, CheckpointInput, Note,
    NoteInput, Pafi, PafiInput, PafiRow, Period, PeriodInput, StateChange, ValidationAuthority,
};
use chrono::NaiveDate;
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn pafi_list(state: State<'_, AppState>) -> Result<Vec<PafiRow>, ApiError> {
    state.with(|cf| pafi::list_pafi(cf))
}

#[tauri::command(async)]
pub fn student_pafi(state: State<'_, AppState>, student_id: i64) -> Result<Vec<PafiRow>, ApiError> {
    state.with(|cf| pafi::student_pafi(cf, student_id))
}

#[tauri::command(async)]
pub fn pafi_get(state: State<'_, AppState>, id: i64) -> Result<Pafi, ApiError> {
    state.with(|cf| pafi::pafi(cf, id))
}

#[tauri::command(async)]
pub fn pafi_create(state: State<'_, AppState>, input: PafiInput) -> Result<Pafi, ApiError> {
    state.with(|cf| pafi::create_pafi(cf, &input))
}

#[tauri::command(async)]
pub fn pafi_update(
    state: State<'_, AppState>,
    id: i64,
    input: PafiInput,
) -> Result<Pafi, ApiError> {
    state.with(|cf| pafi::update_pafi(cf, id, &input))
}

#[tauri::command(async)]
pub fn pafi_change_state(
    state: State<'_, AppState>,
    id: i64,
    change: StateChange,
) -> Result<Pafi, ApiError> {
    state.with(|cf| pafi::change_state(cf, id, &change))
}

#[tauri::command(async)]
pub fn pafi_save_activity(
    state: State<'_, AppState>,
    pafi_id: i64,
    id: Option<i64>,
    input: ActivityInput,
) -> Result<Activity, ApiError> {
    state.with(|cf| pafi::save_activity(cf, pafi_id, id, &input))
}

#[tauri::command(async)]
pub fn pafi_remove_activity(
    state: State<'_, AppState>,
    pafi_id: i64,
    id: i64,
) -> Result<(), ApiError> {
    state.with(|cf| pafi::remove_activity(cf, pafi_id, id))
}

#[tauri::command(async)]
pub fn pafi_set_schedule(
    state: State<'_, AppState>,
    pafi_id: i64,
    periods: Vec<PeriodInput>,
) -> Result<Vec<Period>, ApiError> {
    state.with(|cf| pafi::set_schedule(cf, pafi_id, &periods))
}

#[tauri::command(async)]
pub fn pafi_add_note(
    state: State<'_, AppState>,
    pafi_id: i64,
    input: NoteInput,
) -> Result<Note, ApiError> {
    state.with(|cf| pafi::add_note(cf, pafi_id, &input))
}

#[tauri::command(async)]
pub fn pafi_save_checkpoint(
    state: State<'_, AppState>,
    pafi_id: i64,
    id: Option<i64>,
    input: CheckpointInput,
) -> Result<Checkpoint, ApiError> {
    state.with(|cf| pafi::save_checkpoint(cf, pafi_id, id, &input))
}

#[tauri::command(async)]
pub fn pafi_record_amendment(
    state: State<'_, AppState>,
    pafi_id: i64,
    on: NaiveDate,
    reason: String,
) -> Result<Amendment, ApiError> {
    state.with(|cf| pafi::record_amendment(cf, pafi_id, on, &reason))
}

#[tauri::command(async)]
pub fn pafi_save_bilan(
    state: State<'_, AppState>,
    pafi_id: i64,
    input: BilanInput,
) -> Result<Bilan, ApiError> {
    state.with(|cf| pafi::save_bilan(cf, pafi_id, &input))
}

#[tauri::command(async)]
pub fn pafi_authority(state: State<'_, AppState>) -> Result<ValidationAuthority, ApiError> {
    state.with(|cf| pafi::authority(cf))
}

#[tauri::command(async)]
pub fn pafi_set_authority(
    state: State<'_, AppState>,
    authority: ValidationAuthority,
) -> Result<ValidationAuthority, ApiError> {
    state.with(|cf| pafi::set_authority(cf, authority))
}

#[tauri::command(async)]
pub fn document_pafi_contract(
    state: State<'_, AppState>,
    pafi_id: i64,
) -> Result<Document, ApiError> {
    state.with(|cf| pafi::contract_document(cf, pafi_id))
}

#[tauri::command(async)]
pub fn document_pafi_convention(
    state: State<'_, AppState>,
    activity_id: i64,
) -> Result<Document, ApiError> {
    state.with(|cf| pafi::convention_document(cf, activity_id))
}

#[tauri::command(async)]
pub fn document_pafi_bilan(state: State<'_, AppState>, pafi_id: i64) -> Result<Document, ApiError> {
    state.with(|cf| pafi::bilan_document(cf, pafi_id))
}
