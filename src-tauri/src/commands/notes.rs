//! Notes on a student's page, as the signed-in user sees them; reading a restricted one (it is
//! journaled by the core).

use accroche_core::notes::{self, StudentNote, StudentNoteInput, StudentNotes};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn student_notes(
    state: State<'_, AppState>,
    student_id: i64,
) -> Result<StudentNotes, ApiError> {
    state.with(|cf| notes::student_notes(cf, cf.user(), student_id))
}

#[tauri::command(async)]
pub fn note_read(state: State<'_, AppState>, id: i64) -> Result<StudentNote, ApiError> {
    state.with(|cf| {
        let viewer = cf.user().clone();
        notes::read_note(cf, &viewer, id)
    })
}

#[tauri::command(async)]
pub fn note_add(
    state: State<'_, AppState>,
    student_id: i64,
    input: StudentNoteInput,
) -> Result<StudentNote, ApiError> {
    state.with(|cf| {
        let who = cf.user().clone();
        notes::add_note(cf, &who, student_id, &input)
    })
}

#[tauri::command(async)]
pub fn note_update(
    state: State<'_, AppState>,
    id: i64,
    input: StudentNoteInput,
) -> Result<StudentNote, ApiError> {
    state.with(|cf| {
        let who = cf.user().clone();
        notes::update_note(cf, &who, id, &input)
    })
}

#[tauri::command(async)]
pub fn note_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    state.with(|cf| {
        let who = cf.user().clone();
        notes::delete_note(cf, &who, id)
    })
}
