//! Documents: the registry, preparing, signing on screen or on paper, checking, saving, printing.

use std::path::PathBuf;

use accroche_core::documents::registry::{self, Document, ScreenSignature, Verification};
use accroche_core::documents::seal_store::{self, CaCertificate};
use accroche_core::documents::template::{self, DocumentType, TemplateClauses};
use accroche_core::gpds;
use tauri::State;

use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn documents_list(state: State<'_, AppState>) -> Result<Vec<Document>, ApiError> {
    state.with(|cf| registry::list_documents(cf))
}

#[tauri::command(async)]
pub fn document_get(state: State<'_, AppState>, id: i64) -> Result<Document, ApiError> {
    state.with(|cf| registry::document(cf, id))
}

#[tauri::command(async)]
pub fn record_documents(
    state: State<'_, AppState>,
    entity: String,
    id: i64,
) -> Result<Vec<Document>, ApiError> {
    state.with(|cf| registry::record_documents(cf, &entity, id))
}

#[tauri::command(async)]
pub fn document_meeting_minutes(
    state: State<'_, AppState>,
    meeting_id: i64,
) -> Result<Document, ApiError> {
    state.with(|cf| gpds::minutes_document(cf, meeting_id))
}

#[tauri::command(async)]
pub fn document_prepare(state: State<'_, AppState>, id: i64) -> Result<Document, ApiError> {
    state.with(|cf| registry::prepare_for_signature(cf, id))
}

#[tauri::command(async)]
pub fn document_sign_screen(
    state: State<'_, AppState>,
    id: i64,
    signature: ScreenSignature,
) -> Result<Document, ApiError> {
    let machine = crate::state::machine_name();
    state.with(|cf| {
        registry::sign_on_screen(cf, id, &signature, &machine, env!("CARGO_PKG_VERSION"))
    })
}

#[tauri::command(async)]
pub fn document_sign_paper(
    state: State<'_, AppState>,
    id: i64,
    signed_on: Option<chrono::NaiveDate>,
    positions: Vec<u32>,
    scan_path: Option<String>,
) -> Result<Document, ApiError> {
    state.with(|cf| {
        let scan = scan_path
            .map(|p| registry::read_user_file(&PathBuf::from(p)))
            .transpose()?;
        registry::record_paper_signature(cf, id, signed_on, &positions, scan)
    })
}

#[tauri::command(async)]
pub fn document_cancel(
    state: State<'_, AppState>,
    id: i64,
    reason: String,
) -> Result<Document, ApiError> {
    state.with(|cf| registry::cancel_document(cf, id, &reason))
}

#[tauri::command(async)]
pub fn document_verify_file(
    state: State<'_, AppState>,
    path: String,
) -> Result<Verification, ApiError> {
    state.with(|cf| {
        let (_, bytes) = registry::read_user_file(&PathBuf::from(path))?;
        registry::verify_file(cf, &bytes)
    })
}

#[tauri::command(async)]
pub fn document_verify_reference(
    state: State<'_, AppState>,
    reference: String,
    fingerprint: String,
) -> Result<Verification, ApiError> {
    state.with(|cf| registry::verify_reference(cf, &reference, &fingerprint))
}

#[tauri::command(async)]
pub fn document_save(state: State<'_, AppState>, id: i64, path: String) -> Result<(), ApiError> {
    state.with(|cf| registry::save_pdf(cf, id, &PathBuf::from(path)))
}

/// Writes `bytes` to the app's own print folder (emptied when the case file closes, never a
/// shared temporary folder) and opens it in the system's viewer, to print it.
fn open_copy(state: &AppState, name: &str, bytes: &[u8]) -> Result<(), ApiError> {
    let dir = state.print_dir.clone();
    std::fs::create_dir_all(&dir).map_err(|e| accroche_core::Error::io(&dir, e))?;
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| accroche_core::Error::io(&path, e))?;
    crate::state::open_with_system(&path)
}

/// Opens the PDF in the system's viewer, to print it.
#[tauri::command(async)]
pub fn document_open(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    let (name, bytes) = state.with(|cf| {
        let d = registry::document(cf, id)?;
        Ok((
            format!("{}-v{}.pdf", d.reference, d.version),
            registry::pdf(cf, id)?,
        ))
    })?;
    open_copy(&state, &name, &bytes)
}

/// Opens in the system's viewer an example of a type's template as the establishment adapted it.
#[tauri::command(async)]
pub fn template_preview(state: State<'_, AppState>, kind: DocumentType) -> Result<(), ApiError> {
    let bytes = state.with(|cf| registry::preview(cf, kind))?;
    open_copy(
        &state,
        &format!("exemple-{}.pdf", accroche_core::registry::Coded::code(kind)),
        &bytes,
    )
}

/// The establishment's certificate authority (made on first use), to show its fingerprint.
#[tauri::command(async)]
pub fn seal_certificate(state: State<'_, AppState>) -> Result<CaCertificate, ApiError> {
    state.with(seal_store::ca_certificate)
}

/// Writes the authority's certificate (PEM) to `path`, for whoever must check a sealed document.
#[tauri::command(async)]
pub fn seal_certificate_export(
    state: State<'_, AppState>,
    path: String,
) -> Result<CaCertificate, ApiError> {
    state.with(|cf| seal_store::export_ca(cf, &PathBuf::from(path)))
}

#[tauri::command(async)]
pub fn template_clauses(
    state: State<'_, AppState>,
    kind: DocumentType,
) -> Result<TemplateClauses, ApiError> {
    state.with(|cf| template::clause_texts(cf, kind))
}

#[tauri::command(async)]
pub fn template_set_clause(
    state: State<'_, AppState>,
    kind: DocumentType,
    block: String,
    text: Option<String>,
) -> Result<TemplateClauses, ApiError> {
    state.with(|cf| template::set_clause(cf, kind, &block, text.as_deref()))
}
