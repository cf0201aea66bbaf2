//! Students.

use accroche_core::gpds::{self, Leaver};
use accroche_core::registry::{self, Student, StudentInput, StudentRow};
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn students_list(
    state: State<'_, AppState>,
    query: String,
    include_archived: bool,
) -> Result<Vec<StudentRow>, ApiError> {
    state.with(|cf| registry::list_students(cf, &query, include_archived))
}

#[tauri::command(async)]
pub fn student_get(state: State<'_, AppState>, id: i64) -> Result<Student, ApiError> {
    state.with(|cf| registry::student(cf, id))
}

#[tauri::command(async)]
pub fn student_create(
    state: State<'_, AppState>,
    input: StudentInput,
) -> Result<Student, ApiError> {
    state.with(|cf| registry::create_student(cf, &input))
}

#[tauri::command(async)]
pub fn student_update(
    state: State<'_, AppState>,
    id: i64,
    input: StudentInput,
) -> Result<Student, ApiError> {
    state.with(|cf| registry::update_student(cf, id, &input))
}

#[tauri::command(async)]
pub fn student_set_archived(
    state: State<'_, AppState>,
    id: i64,
    archived: bool,
) -> Result<Student, ApiError> {
    state.with(|cf| registry::set_student_archived(cf, id, archived))
}

#[tauri::command(async)]
pub fn students_leavers(state: State<'_, AppState>) -> Result<Vec<Leaver>, ApiError> {
    state.with(|cf| gpds::leavers(cf))
}
