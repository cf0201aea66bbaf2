//! RGPD: a family's right of access (everything held on one student, PDF and JSON), and the
//! registre des activités de traitement for the DPO.

use std::path::Path;

use accroche_core::rgpd;
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

/// Writes everything the case file holds on a student (PDF, and JSON if a path is given), as the
/// signed-in user reads it, and journals the access.
#[tauri::command(async)]
pub fn rgpd_student_file(
    state: State<'_, AppState>,
    student_id: i64,
    pdf_path: String,
    json_path: Option<String>,
) -> Result<(), ApiError> {
    let json = json_path
        .as_deref()
        .map(str::trim)
        .filter(|p| !p.is_empty());
    state.with(|cf| {
        let viewer = cf.user().clone();
        rgpd::export_student_file(
            cf,
            student_id,
            &viewer,
            Path::new(pdf_path.trim()),
            json.map(Path::new),
        )
        .map(drop)
    })
}

/// Writes the registre des activités de traitement (PDF), whole or not at all.
#[tauri::command(async)]
pub fn rgpd_registre(state: State<'_, AppState>, path: String) -> Result<(), ApiError> {
    state.with(|cf| {
        let pdf = rgpd::registre_pdf(cf)?;
        accroche_core::files::write_whole(Path::new(path.trim()), &pdf)
    })
}
