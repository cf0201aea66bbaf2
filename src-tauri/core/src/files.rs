//! Writing a file the user asked for, whole or not at all.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// `<path>.partiel`, the file written before being renamed into place.
fn partial(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".partiel");
    PathBuf::from(name)
}

/// Writes `bytes` at `path` through a `.partiel` file renamed into place, so that a crash or a
/// full disk never leaves a truncated file under the name asked for. An empty path is refused
/// (field `path`).
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.as_os_str().is_empty() {
        return Err(Error::invalid("path", "Indiquez le fichier à créer."));
    }
    let tmp = partial(path);
    std::fs::write(&tmp, bytes).map_err(|e| {
        // A full disk stops the write half-way: the piece written must not keep the space.
        let _ = std::fs::remove_file(&tmp);
        Error::io(&tmp, e)
    })?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}
