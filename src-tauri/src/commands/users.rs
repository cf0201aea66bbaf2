//! The accounts of the open case file: list, create, role, deactivate, passphrases, the
//! recovery key's sheet, and taking the file over with the recovery key.

use accroche_core::users::{self, Account, Role};
use tauri::State;

use crate::dto::Session;
use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn accounts_list(state: State<'_, AppState>) -> Result<Vec<Account>, ApiError> {
    state.with(|cf| users::list(cf))
}

#[tauri::command(async)]
pub fn account_create(
    state: State<'_, AppState>,
    name: String,
    role: Role,
    passphrase: String,
) -> Result<Account, ApiError> {
    state.with(|cf| users::create_account(cf, &name, role, &passphrase))
}

#[tauri::command(async)]
pub fn account_set_role(
    state: State<'_, AppState>,
    id: i64,
    role: Role,
) -> Result<Account, ApiError> {
    state.with(|cf| users::set_role(cf, id, role))
}

#[tauri::command(async)]
pub fn account_deactivate(state: State<'_, AppState>, id: i64) -> Result<Account, ApiError> {
    state.with(|cf| users::deactivate(cf, id))
}

#[tauri::command(async)]
pub fn account_reset_passphrase(
    state: State<'_, AppState>,
    id: i64,
    passphrase: String,
) -> Result<(), ApiError> {
    state.with(|cf| users::reset_passphrase(cf, id, &passphrase))
}

#[tauri::command(async)]
pub fn passphrase_change(
    state: State<'_, AppState>,
    current: String,
    passphrase: String,
) -> Result<(), ApiError> {
    state.with(|cf| users::change_own_passphrase(cf, &current, &passphrase))
}

/// Opened with the recovery key: creates (or takes back) the référent's account and signs it in.
#[tauri::command(async)]
pub fn take_over(
    state: State<'_, AppState>,
    name: String,
    passphrase: String,
) -> Result<Session, ApiError> {
    state.with(|cf| users::take_over(cf, &name, &passphrase).map(drop))?;
    let slot = state.slot();
    let cf = slot.as_ref().ok_or_else(ApiError::no_case_file)?;
    super::casefile::session(cf, None)
}

/// Writes the recovery key's sheet (PDF) to `path`, chosen by the user in a dialog.
#[tauri::command(async)]
pub fn recovery_sheet(state: State<'_, AppState>, path: String) -> Result<String, ApiError> {
    state.with(|cf| {
        let key = users::recovery_key(cf)?;
        let pdf = users::recovery_pdf(cf, &key)?;
        accroche_core::files::write_whole(path.as_ref(), &pdf)
    })?;
    Ok(path)
}
