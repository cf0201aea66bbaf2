//! The list of recently opened case files, kept by the app in its own settings file (not in
//! any case file). The caller says where that file lives.

use std::path::{Path, PathBuf};

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// How many case files the list remembers.
pub const MAX_RECENT: usize = 10;

/// One remembered case file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RecentFile {
    /// Where it is.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    /// The establishment's name when last opened.
    pub name: String,
    /// When it was last opened.
    pub last_opened: NaiveDateTime,
    /// Whether the file is still there (computed on loading).
    #[serde(default)]
    pub exists: bool,
}

/// Loads the list (empty if the settings file is missing or unreadable: it is only a convenience).
pub fn load(settings: &Path) -> Vec<RecentFile> {
    let mut list: Vec<RecentFile> = std::fs::read_to_string(settings)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    for r in &mut list {
        r.exists = r.path.is_file();
    }
    list
}

fn save(settings: &Path, list: &[RecentFile]) -> Result<()> {
    if let Some(dir) = settings.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    crate::files::write_whole(settings, serde_json::to_string_pretty(list)?.as_bytes())
}

/// Puts `path` at the top of the list.
pub fn touch(
    settings: &Path,
    path: &Path,
    name: &str,
    at: NaiveDateTime,
) -> Result<Vec<RecentFile>> {
    let mut list = load(settings);
    list.retain(|r| r.path != path);
    list.insert(
        0,
        RecentFile {
            path: path.to_path_buf(),
            name: name.to_owned(),
            last_opened: at,
            exists: true,
        },
    );
    list.truncate(MAX_RECENT);
    save(settings, &list)?;
    Ok(list)
}

/// Removes `path` from the list.
pub fn forget(settings: &Path, path: &Path) -> Result<Vec<RecentFile>> {
    let mut list = load(settings);
    list.retain(|r| r.path != path);
    save(settings, &list)?;
    Ok(list)
}
