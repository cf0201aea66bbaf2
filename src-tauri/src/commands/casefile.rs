//! Creating, opening and closing case files; the establishment; the journal; the JSON export.

use std::path::Path;

use accroche_core::casefile::{self as core_casefile, CaseFile, JournalEntry, Opened};
use accroche_core::export::export_to_file;
use accroche_core::recent;
use accroche_core::registry::{self, Establishment, EstablishmentInput, Logo};
use tauri::State;

use crate::dto::Session;
use crate::error::ApiError;
use crate::state::{system_clock, AppState};

/// Describes an open case file for the window.
pub(crate) fn session(cf: &CaseFile, backup_made: Option<&Path>) -> Result<Session, ApiError> {
    let path = cf.path();
    Ok(Session {
        path: path.display().to_string(),
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        read_only: cf.read_only(),
        establishment: registry::establishment(cf)?,
        backup_made: backup_made.map(|b| b.display().to_string()),
        auto_lock_minutes: core_casefile::auto_lock_minutes(cf)?,
        user: cf.user().clone(),
        recovery_key: None,
    })
}

/// Puts a freshly opened case file in the state and the recent list, and describes it.
pub(crate) fn install(state: &AppState, opened: Opened) -> Result<Session, ApiError> {
    let cf = opened.casefile;
    let mut session = session(&cf, opened.backup.as_deref())?;
    session.recovery_key = opened.recovery_key;
    // The recent list is a convenience: failing to update it must not fail the opening.
    let _ = recent::touch(
        &state.recent_path,
        cf.path(),
        &session.establishment.input.name,
        cf.now(),
    );
    *state.slot() = Some(cf);
    Ok(session)
}

fn logo(path: Option<String>) -> Result<Option<Logo>, ApiError> {
    Ok(path
        .as_deref()
        .map(|p| Logo::from_file(Path::new(p)))
        .transpose()?)
}

#[tauri::command(async)]
pub fn create_case_file(
    state: State<'_, AppState>,
    path: String,
    passphrase: String,
    establishment: EstablishmentInput,
    logo_path: Option<String>,
) -> Result<Session, ApiError> {
    let logo = logo(logo_path)?;
    state.slot().take();
    let opened = registry::create_case_file(
        path.as_ref(),
        &passphrase,
        &establishment,
        logo.as_ref(),
        system_clock(),
    )?;
    install(&state, opened)
}

#[tauri::command(async)]
pub fn open_case_file(
    state: State<'_, AppState>,
    path: String,
    passphrase: String,
    read_only: bool,
    user_id: Option<i64>,
) -> Result<Session, ApiError> {
    // Switching: the current case file is closed (and its lock released) first, so that
    // reopening the same file does not collide with our own lock.
    state.slot().take();
    let opened = core_casefile::open_as(
        path.as_ref(),
        user_id,
        &passphrase,
        read_only,
        system_clock(),
    )?;
    install(&state, opened)
}

/// The accounts the key file beside `path` lists, for the sign-in screen (empty: a file made
/// before accounts, which its référent's passphrase opens).
#[tauri::command(async)]
pub fn sign_in_accounts(path: String) -> Result<Vec<crate::dto::SignInAccount>, ApiError> {
    Ok(core_casefile::sign_in_accounts(path.as_ref())?
        .into_iter()
        .map(|(id, name)| crate::dto::SignInAccount { id, name })
        .collect())
}

#[tauri::command(async)]
pub fn close_case_file(state: State<'_, AppState>) {
    state.slot().take();
    // Copies opened for printing hold personal data: they go with the case file.
    let _ = std::fs::remove_dir_all(&state.print_dir);
}

#[tauri::command(async)]
pub fn current_session(state: State<'_, AppState>) -> Result<Option<Session>, ApiError> {
    state
        .slot()
        .as_ref()
        .map(|cf| session(cf, None))
        .transpose()
}

#[tauri::command(async)]
pub fn establishment_update(
    state: State<'_, AppState>,
    establishment: EstablishmentInput,
    logo_path: Option<String>,
) -> Result<Establishment, ApiError> {
    let logo = logo(logo_path)?;
    state.with(|cf| registry::update_establishment(cf, &establishment, logo.as_ref()))
}

#[tauri::command(async)]
pub fn journal_list(state: State<'_, AppState>, limit: u32) -> Result<Vec<JournalEntry>, ApiError> {
    state.with(|cf| core_casefile::journal_list(cf, limit))
}

/// Sets the idle time before the window locks the case file; returns the session as it is now.
#[tauri::command(async)]
pub fn auto_lock_set(state: State<'_, AppState>, minutes: u32) -> Result<Session, ApiError> {
    state.with(|cf| core_casefile::set_auto_lock_minutes(cf, minutes).map(drop))?;
    let slot = state.slot();
    let cf = slot.as_ref().ok_or_else(ApiError::no_case_file)?;
    session(cf, None)
}

/// The journal entries matching the screen's filters, newest first.
#[tauri::command(async)]
pub fn journal_search(
    state: State<'_, AppState>,
    filter: core_casefile::JournalFilter,
) -> Result<Vec<JournalEntry>, ApiError> {
    state.with(|cf| core_casefile::journal_search(cf, &filter))
}

/// The journal's authors and kinds of record, for the filters.
#[tauri::command(async)]
pub fn journal_facets(state: State<'_, AppState>) -> Result<crate::dto::JournalFacets, ApiError> {
    state.with(|cf| {
        let (authors, entities) = core_casefile::journal_facets(cf)?;
        Ok(crate::dto::JournalFacets { authors, entities })
    })
}

/// Checks the journal's hash chain (Paramètres → Journal).
#[tauri::command(async)]
pub fn journal_verify(state: State<'_, AppState>) -> Result<core_casefile::JournalCheck, ApiError> {
    state.with(|cf| core_casefile::verify_journal(cf))
}

#[tauri::command(async)]
pub fn export_json(state: State<'_, AppState>, path: String) -> Result<(), ApiError> {
    state.with(|cf| export_to_file(cf, path.as_ref()))
}
