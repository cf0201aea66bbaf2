//! GPDS: flags, meetings, agendas, reviews, actions, follow-up, entretiens, mesures, dashboard.

use accroche_core::chronology::{self, ChronologyEntry, ChronologyKind};
use accroche_core::gpds::{
    self, Action, ActionInput, Agenda, Attendance, Dashboard, Entretien, EntretienInput, Flag,
    FlagInput, FollowUp, Meeting, MeetingInput, MeetingRow, Mesure, MesureInput, MesureStatus,
    Minutes, Review, ReviewInput, StudentGpds,
};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn dashboard(state: State<'_, AppState>) -> Result<Dashboard, ApiError> {
    state.with(|cf| gpds::dashboard(cf))
}

#[tauri::command(async)]
pub fn student_gpds(state: State<'_, AppState>, id: i64) -> Result<StudentGpds, ApiError> {
    state.with(|cf| gpds::student_gpds(cf, id))
}

#[tauri::command(async)]
pub fn student_chronology(
    state: State<'_, AppState>,
    id: i64,
    kinds: Vec<ChronologyKind>,
) -> Result<Vec<ChronologyEntry>, ApiError> {
    state.with(|cf| chronology::student_chronology(cf, id, &kinds))
}

#[tauri::command(async)]
pub fn flag_create(state: State<'_, AppState>, input: FlagInput) -> Result<Flag, ApiError> {
    state.with(|cf| gpds::create_flag(cf, &input))
}

#[tauri::command(async)]
pub fn flag_update(
    state: State<'_, AppState>,
    id: i64,
    input: FlagInput,
) -> Result<Flag, ApiError> {
    state.with(|cf| gpds::update_flag(cf, id, &input))
}

#[tauri::command(async)]
pub fn meetings_list(state: State<'_, AppState>) -> Result<Vec<MeetingRow>, ApiError> {
    state.with(|cf| gpds::list_meetings(cf))
}

#[tauri::command(async)]
pub fn meeting_get(state: State<'_, AppState>, id: i64) -> Result<Meeting, ApiError> {
    state.with(|cf| gpds::meeting(cf, id))
}

#[tauri::command(async)]
pub fn meeting_suggested_members(state: State<'_, AppState>) -> Result<Vec<i64>, ApiError> {
    state.with(|cf| gpds::suggested_members(cf))
}

#[tauri::command(async)]
pub fn meeting_plan(state: State<'_, AppState>, input: MeetingInput) -> Result<Meeting, ApiError> {
    state.with(|cf| gpds::plan_meeting(cf, &input))
}

#[tauri::command(async)]
pub fn meeting_update(
    state: State<'_, AppState>,
    id: i64,
    input: MeetingInput,
) -> Result<Meeting, ApiError> {
    state.with(|cf| gpds::update_meeting(cf, id, &input))
}

#[tauri::command(async)]
pub fn meeting_cancel(
    state: State<'_, AppState>,
    id: i64,
    reason: String,
) -> Result<Meeting, ApiError> {
    state.with(|cf| gpds::cancel_meeting(cf, id, &reason))
}

#[tauri::command(async)]
pub fn meeting_open(state: State<'_, AppState>, id: i64) -> Result<Meeting, ApiError> {
    state.with(|cf| gpds::open_meeting(cf, id))
}

#[tauri::command(async)]
pub fn meeting_close(state: State<'_, AppState>, id: i64) -> Result<Meeting, ApiError> {
    state.with(|cf| gpds::close_meeting(cf, id))
}

#[tauri::command(async)]
pub fn meeting_attendance(
    state: State<'_, AppState>,
    id: i64,
    attendance: Attendance,
) -> Result<Meeting, ApiError> {
    state.with(|cf| gpds::set_attendance(cf, id, &attendance))
}

#[tauri::command(async)]
pub fn meeting_minutes(state: State<'_, AppState>, id: i64) -> Result<Minutes, ApiError> {
    state.with(|cf| gpds::minutes(cf, id))
}

#[tauri::command(async)]
pub fn agenda_get(state: State<'_, AppState>, meeting_id: i64) -> Result<Agenda, ApiError> {
    state.with(|cf| gpds::agenda(cf, meeting_id))
}

#[tauri::command(async)]
pub fn agenda_add(
    state: State<'_, AppState>,
    meeting_id: i64,
    student_id: i64,
) -> Result<Agenda, ApiError> {
    state.with(|cf| gpds::agenda_add(cf, meeting_id, student_id))
}

#[tauri::command(async)]
pub fn agenda_remove(
    state: State<'_, AppState>,
    meeting_id: i64,
    student_id: i64,
) -> Result<Agenda, ApiError> {
    state.with(|cf| gpds::agenda_remove(cf, meeting_id, student_id))
}

#[tauri::command(async)]
pub fn agenda_reorder(
    state: State<'_, AppState>,
    meeting_id: i64,
    student_ids: Vec<i64>,
) -> Result<Agenda, ApiError> {
    state.with(|cf| gpds::agenda_reorder(cf, meeting_id, &student_ids))
}

#[tauri::command(async)]
pub fn review_get(
    state: State<'_, AppState>,
    meeting_id: i64,
    student_id: i64,
) -> Result<Option<Review>, ApiError> {
    state.with(|cf| gpds::review(cf, meeting_id, student_id))
}

#[tauri::command(async)]
pub fn review_record(
    state: State<'_, AppState>,
    meeting_id: i64,
    student_id: i64,
    input: ReviewInput,
) -> Result<Review, ApiError> {
    state.with(|cf| gpds::record_review(cf, meeting_id, student_id, &input))
}

#[tauri::command(async)]
pub fn action_add(
    state: State<'_, AppState>,
    student_id: i64,
    input: ActionInput,
    confirmed: bool,
) -> Result<Action, ApiError> {
    state.with(|cf| gpds::add_action(cf, student_id, &input, confirmed))
}

#[tauri::command(async)]
pub fn action_complete(
    state: State<'_, AppState>,
    id: i64,
    done_on: Option<chrono::NaiveDate>,
    result: String,
) -> Result<Action, ApiError> {
    state.with(|cf| gpds::complete_action(cf, id, done_on, &result))
}

#[tauri::command(async)]
pub fn action_cancel(
    state: State<'_, AppState>,
    id: i64,
    reason: String,
) -> Result<Action, ApiError> {
    state.with(|cf| gpds::cancel_action(cf, id, &reason))
}

#[tauri::command(async)]
pub fn action_reopen(state: State<'_, AppState>, id: i64) -> Result<Action, ApiError> {
    state.with(|cf| gpds::reopen_action(cf, id))
}

#[tauri::command(async)]
pub fn followup_set_in_charge(
    state: State<'_, AppState>,
    student_id: i64,
    staff_id: i64,
) -> Result<FollowUp, ApiError> {
    state.with(|cf| gpds::set_in_charge(cf, student_id, staff_id))
}

#[tauri::command(async)]
pub fn entretien_record(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: EntretienInput,
) -> Result<Entretien, ApiError> {
    state.with(|cf| gpds::record_entretien(cf, id, &input))
}

#[tauri::command(async)]
pub fn mesure_record(
    state: State<'_, AppState>,
    id: Option<i64>,
    input: MesureInput,
) -> Result<Mesure, ApiError> {
    state.with(|cf| gpds::record_mesure(cf, id, &input))
}

#[tauri::command(async)]
pub fn mesure_set_status(
    state: State<'_, AppState>,
    id: i64,
    status: MesureStatus,
) -> Result<Mesure, ApiError> {
    state.with(|cf| gpds::set_mesure_status(cf, id, status))
}
