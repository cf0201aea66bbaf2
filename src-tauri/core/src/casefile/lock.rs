//! The OS lock that keeps two processes from writing one case file.
//!
//! The lock is taken on a sidecar file (`<case file>-lock`), not on the database itself: on
//! Windows a whole-file lock on the database would collide with SQLite's own byte-range locks.
//! The operating system drops the lock when the process dies, so a crash never leaves a stale one.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// How many times a lock that looks held is tried (25 ms apart) before saying it is.
const RETRIES: u32 = 8;

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
        // A process this one starts (a PDF viewer, a tool) holds a copy of every descriptor
        // between its fork and its exec, the lock's included: a lock released a moment ago may
        // still look held. Another process holding it keeps it far longer than these tries.
        for attempt in 0..RETRIES {
            match file.try_lock() {
                Ok(()) => return Ok(FileLock { _file: file }),
                Err(TryLockError::WouldBlock) if attempt + 1 < RETRIES => {
                    std::thread::sleep(std::time::Duration::from_millis(25));
                }
                Err(TryLockError::WouldBlock) => return Err(Error::Locked),
                Err(TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
        }
        Err(Error::Locked)
    }
}
