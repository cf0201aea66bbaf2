//! Alliances éducatives: the alliances, their states, the team and its chartes, the partners'
//! formalisation, the family's contract, the shared diagnosis, the responses, follow-up
//! meetings, the sharing log, the shared evaluation, and their documents.

use accroche_core::alliance::{
    self, Alliance, AllianceInput, AllianceRow, DiagnosisEntry, DiagnosisInput, EvaluationInput,
    FamilyChange, Formalisation, MeetingInput, Member, MemberInput, Response, ResponseInput, Share,
    ShareInput, StateChange,
};
use accroche_core::documents::registry::Document;
use chrono::NaiveDate;
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn alliance_list(state: State<'_, AppState>) -> Result<Vec<AllianceRow>, ApiError> {
    state.with(|cf| alliance::list_alliances(cf))
}

#[tauri::command(async)]
pub fn student_alliances(
    state: State<'_, AppState>,
    student_id: i64,
) -> Result<Vec<AllianceRow>, ApiError> {
    state.with(|cf| alliance::student_alliances(cf, student_id))
}

#[tauri::command(async)]
pub fn alliance_get(state: State<'_, AppState>, id: i64) -> Result<Alliance, ApiError> {
    state.with(|cf| alliance::alliance(cf, id))
}

#[tauri::command(async)]
pub fn alliance_create(
    state: State<'_, AppState>,
    input: AllianceInput,
) -> Result<Alliance, ApiError> {
    state.with(|cf| alliance::create_alliance(cf, &input))
}

#[tauri::command(async)]
pub fn alliance_update(
    state: State<'_, AppState>,
    id: i64,
    input: AllianceInput,
) -> Result<Alliance, ApiError> {
    state.with(|cf| alliance::update_alliance(cf, id, &input))
}

#[tauri::command(async)]
pub fn alliance_change_state(
    state: State<'_, AppState>,
    id: i64,
    change: StateChange,
) -> Result<Alliance, ApiError> {
    state.with(|cf| alliance::change_state(cf, id, &change))
}

#[tauri::command(async)]
pub fn alliance_reopen(
    state: State<'_, AppState>,
    id: i64,
    on: NaiveDate,
) -> Result<Alliance, ApiError> {
    state.with(|cf| alliance::reopen_alliance(cf, id, on))
}

#[tauri::command(async)]
pub fn alliance_evaluate(
    state: State<'_, AppState>,
    id: i64,
    input: EvaluationInput,
) -> Result<Alliance, ApiError> {
    state.with(|cf| alliance::evaluate(cf, id, &input))
}

#[tauri::command(async)]
pub fn alliance_add_member(
    state: State<'_, AppState>,
    alliance_id: i64,
    input: MemberInput,
) -> Result<Member, ApiError> {
    state.with(|cf| alliance::add_member(cf, alliance_id, &input))
}

#[tauri::command(async)]
pub fn alliance_set_referent(
    state: State<'_, AppState>,
    alliance_id: i64,
    member_id: i64,
) -> Result<Member, ApiError> {
    state.with(|cf| alliance::set_member_referent(cf, alliance_id, member_id))
}

#[tauri::command(async)]
pub fn alliance_remove_member(
    state: State<'_, AppState>,
    alliance_id: i64,
    member_id: i64,
    on: NaiveDate,
) -> Result<(), ApiError> {
    state.with(|cf| alliance::remove_member(cf, alliance_id, member_id, on))
}

#[tauri::command(async)]
pub fn alliance_set_charte(
    state: State<'_, AppState>,
    alliance_id: i64,
    member_id: i64,
    on: Option<NaiveDate>,
    method: Option<String>,
) -> Result<Member, ApiError> {
    state.with(|cf| alliance::set_charte(cf, alliance_id, member_id, on, method.as_deref()))
}

#[tauri::command(async)]
pub fn alliance_set_family(
    state: State<'_, AppState>,
    alliance_id: i64,
    change: FamilyChange,
) -> Result<Alliance, ApiError> {
    state.with(|cf| alliance::set_family(cf, alliance_id, &change))
}

#[tauri::command(async)]
pub fn alliance_set_partner(
    state: State<'_, AppState>,
    alliance_id: i64,
    partner_id: i64,
    formalisation: Formalisation,
    on: Option<NaiveDate>,
    reason: String,
) -> Result<Alliance, ApiError> {
    state.with(|cf| {
        alliance::set_partner_formalisation(cf, alliance_id, partner_id, formalisation, on, &reason)
    })
}

#[tauri::command(async)]
pub fn alliance_add_diagnosis(
    state: State<'_, AppState>,
    alliance_id: i64,
    input: DiagnosisInput,
) -> Result<DiagnosisEntry, ApiError> {
    state.with(|cf| alliance::add_diagnosis(cf, alliance_id, &input))
}

/// A restricted diagnosis entry's text (the reading is journaled by the core).
#[tauri::command(async)]
pub fn alliance_read_diagnosis(
    state: State<'_, AppState>,
    alliance_id: i64,
    entry_id: i64,
) -> Result<DiagnosisEntry, ApiError> {
    state.with(|cf| {
        let viewer = cf.user().clone();
        alliance::read_diagnosis(cf, &viewer, alliance_id, entry_id)
    })
}

#[tauri::command(async)]
pub fn alliance_save_response(
    state: State<'_, AppState>,
    alliance_id: i64,
    id: Option<i64>,
    input: ResponseInput,
) -> Result<Response, ApiError> {
    state.with(|cf| alliance::save_response(cf, alliance_id, id, &input))
}

#[tauri::command(async)]
pub fn alliance_record_meeting(
    state: State<'_, AppState>,
    alliance_id: i64,
    input: MeetingInput,
) -> Result<accroche_core::alliance::AllianceMeeting, ApiError> {
    state.with(|cf| alliance::record_meeting(cf, alliance_id, &input))
}

#[tauri::command(async)]
pub fn alliance_record_share(
    state: State<'_, AppState>,
    alliance_id: i64,
    input: ShareInput,
) -> Result<Share, ApiError> {
    state.with(|cf| alliance::record_share(cf, alliance_id, &input))
}

#[tauri::command(async)]
pub fn document_alliance_contract(
    state: State<'_, AppState>,
    alliance_id: i64,
) -> Result<Document, ApiError> {
    state.with(|cf| alliance::contract_document(cf, alliance_id))
}

#[tauri::command(async)]
pub fn document_alliance_partnership(
    state: State<'_, AppState>,
    alliance_id: i64,
    partner_id: i64,
) -> Result<Document, ApiError> {
    state.with(|cf| alliance::partnership_document(cf, alliance_id, partner_id))
}

#[tauri::command(async)]
pub fn document_alliance_charte(
    state: State<'_, AppState>,
    alliance_id: i64,
    member_id: i64,
) -> Result<Document, ApiError> {
    state.with(|cf| alliance::charte_document(cf, alliance_id, member_id))
}

#[tauri::command(async)]
pub fn document_alliance_meeting(
    state: State<'_, AppState>,
    alliance_id: i64,
    meeting_id: i64,
) -> Result<Document, ApiError> {
    state.with(|cf| alliance::meeting_document(cf, alliance_id, meeting_id))
}
