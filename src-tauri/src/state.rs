//! What the window keeps between commands: the open case file and where the app's files live.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use accroche_core::casefile::{CaseFile, Clock};

use crate::error::ApiError;

/// The app's state, managed by Tauri.
pub struct AppState {
    casefile: Mutex<Option<CaseFile>>,
    /// Where new case files go by default.
    pub default_dir: PathBuf,
    /// The recent-files list.
    pub recent_path: PathBuf,
    /// A case file given on the command line.
    pub opened_path: Option<PathBuf>,
}

impl AppState {
    pub fn new(data_dir: PathBuf, config_dir: PathBuf, opened_path: Option<PathBuf>) -> Self {
        AppState {
            casefile: Mutex::new(None),
            default_dir: data_dir,
            recent_path: config_dir.join("recents.json"),
            opened_path,
        }
    }

    /// The slot holding the open case file (a poisoned lock is recovered: the case file's own
    /// transactions keep it consistent).
    pub fn slot(&self) -> MutexGuard<'_, Option<CaseFile>> {
        self.casefile.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Runs `f` on the open case file.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut CaseFile) -> accroche_core::Result<T>,
    ) -> Result<T, ApiError> {
        let mut slot = self.slot();
        let cf = slot.as_mut().ok_or_else(ApiError::no_case_file)?;
        Ok(f(cf)?)
    }
}

/// The system clock: the shell is where time enters the core.
pub fn system_clock() -> Clock {
    Arc::new(|| chrono::Local::now().naive_local())
}
