//! App-level commands: facts for the welcome screen, recent files, the passphrase rule.

use accroche_core::casefile::{self as core_casefile, LATEST_SCHEMA, PASSPHRASE_RULE};
use accroche_core::recent::{self, RecentFile};
use accroche_core::school_year::SchoolYear;
use tauri::State;

use crate::dto::AppInfo;
use crate::error::ApiError;
use crate::state::AppState;

#[tauri::command(async)]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, ApiError> {
    // Best effort: if the folder cannot be made, creating a file there will say why.
    let _ = std::fs::create_dir_all(&state.default_dir);
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        schema_version: LATEST_SCHEMA,
        suggested_school_year_start: SchoolYear::containing(chrono::Local::now().date_naive()).0,
        default_dir: state.default_dir.display().to_string(),
        opened_path: state.opened_path.as_ref().map(|p| p.display().to_string()),
        passphrase_rule: PASSPHRASE_RULE.into(),
        auto_lock_seconds_override: state.auto_lock_seconds,
        demo_path: state
            .default_dir
            .join("demo.accroche")
            .display()
            .to_string(),
        demo_passphrase: accroche_core::demo::DEMO_PASSPHRASE.into(),
        documents_dir: state.documents_dir.display().to_string(),
    })
}

#[tauri::command(async)]
pub fn recent_files(state: State<'_, AppState>) -> Vec<RecentFile> {
    recent::load(&state.recent_path)
}

#[tauri::command(async)]
pub fn forget_recent(
    state: State<'_, AppState>,
    path: String,
) -> Result<Vec<RecentFile>, ApiError> {
    Ok(recent::forget(&state.recent_path, path.as_ref())?)
}

#[tauri::command(async)]
pub fn check_passphrase(passphrase: String) -> Option<String> {
    core_casefile::check_passphrase(&passphrase)
        .err()
        .map(|e| e.to_string())
}

/// « Découvrir avec un dossier de démonstration »: makes the demo case file in the default folder
/// the first time (a few seconds), then opens it with its known passphrase.
#[tauri::command(async)]
pub fn demo_open(state: State<'_, AppState>) -> Result<crate::dto::Session, ApiError> {
    use accroche_core::demo::{create_demo, Scale, DEMO_PASSPHRASE};
    std::fs::create_dir_all(&state.default_dir)
        .map_err(|e| accroche_core::Error::io(&state.default_dir, e))?;
    let path = state.default_dir.join("demo.accroche");
    state.slot().take();
    let opened = if path.exists() {
        accroche_core::casefile::open(&path, DEMO_PASSPHRASE, false, crate::state::system_clock())?
    } else {
        let (mut made, _, _) = create_demo(
            &path,
            DEMO_PASSPHRASE,
            Scale::Normal,
            1,
            crate::state::system_clock(),
        )?;
        // Invented people, a passphrase written on the screen: no recovery key to keep.
        made.recovery_key = None;
        made
    };
    super::casefile::install(&state, opened)
}
