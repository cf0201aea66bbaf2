//! The OS lock that keeps two processes from writing one case file.
//!
//! The lock is taken on a sidecar file (`<case file>-lock`), not on the database itself: on
//! Windows a whole-file lock on the database would collide with SQLite's own byte-range locks.
//! The operating system drops the lock when the process dies, so a crash never leaves a stale one.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Holds the lock until dropped.
#[derive(Debug)]
pub(super) struct FileLock {
    _file: File,
}

pub(super) fn lock_path(casefile: &Path) -> PathBuf {
    let mut p = casefile.as_os_str().to_owned();
    p.push("-lock");
    PathBuf::from(p)
}

impl FileLock {
    pub(super) fn acquire(casefile: &Path) -> Result<FileLock> {
        let path = lock_path(casefile);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| Error::io(&path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(FileLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(Error::Locked),
            Err(TryLockError::Error(e)) => Err(Error::io(&path, e)),
        }
    }
}
