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
    /// Where PDFs opened for printing are copied (emptied when a case file closes).
    pub print_dir: PathBuf,
    /// `--auto-lock-seconds=N`: replaces the case file's idle time (tests, demonstrations).
    pub auto_lock_seconds: Option<u32>,
    /// Where file dialogs start (the user's Documents folder, else their home).
    pub documents_dir: PathBuf,
}

impl AppState {
    pub fn new(
        data_dir: PathBuf,
        config_dir: PathBuf,
        cache_dir: PathBuf,
        opened_path: Option<PathBuf>,
    ) -> Self {
        AppState {
            print_dir: cache_dir.join("impression"),
            casefile: Mutex::new(None),
            default_dir: data_dir.clone(),
            recent_path: config_dir.join("recents.json"),
            opened_path,
            auto_lock_seconds: None,
            documents_dir: data_dir,
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

/// This computer's name, for the signature certificate.
pub fn machine_name() -> String {
    std::env::var("HOSTNAME")
        .or_else(|_| std::env::var("COMPUTERNAME"))
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "poste inconnu".into())
}

/// Opens a file with the system's default application (the PDF viewer, to print).
///
/// `ACCROCHE_OPEN_WITH` names another program to use (a school's chosen PDF reader; the tests'
/// recorder).
pub fn open_with_system(path: &std::path::Path) -> Result<(), ApiError> {
    let chosen = std::env::var_os("ACCROCHE_OPEN_WITH").filter(|p| !p.is_empty());
    let mut command = if let Some(program) = chosen {
        std::process::Command::new(program)
    } else if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    command.arg(path).spawn().map(drop).map_err(|e| ApiError {
        code: "internal".into(),
        message: "Aucune visionneuse de PDF n'a pu être ouverte : utilisez « Enregistrer sous » puis ouvrez le fichier.".into(),
        field: None,
        detail: Some(e.to_string()),
    })
}
