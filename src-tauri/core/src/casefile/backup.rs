//! Backups: copies made with SQLite's online backup API into a `Sauvegardes` folder beside the
//! case file, encrypted with the same key.
//!
//! One daily backup is made at the first opening of a day. Retention: the 7 most recent daily
//! backups, plus the most recent backup of each of the 4 most recent weeks; the 5 most recent of
//! each other kind (manual, before restoring, before an update).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rusqlite::{backup::Backup, Connection, OpenFlags};
use serde::{Deserialize, Serialize};

use super::{connect, quick_check, remove_sqlite_files, Clock, Opened};
use crate::error::{Error, Result};

/// Why a backup exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum BackupKind {
    /// One of the last 7 daily backups.
    Daily,
    /// Kept as the last of its week.
    Weekly,
    /// Asked for by the user.
    Manual,
    /// The state just before a restore.
    PreRestore,
    /// The state just before a schema update.
    PreMigration,
}

impl BackupKind {
    fn tag(self) -> Option<&'static str> {
        match self {
            BackupKind::Daily | BackupKind::Weekly => None,
            BackupKind::Manual => Some("manuelle"),
            BackupKind::PreRestore => Some("avant-restauration"),
            BackupKind::PreMigration => Some("avant-mise-a-jour"),
        }
    }
}

/// A backup file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BackupInfo {
    /// Full path.
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub path: PathBuf,
    /// File name.
    pub file_name: String,
    /// The day it was made.
    pub date: NaiveDate,
    /// Its size.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub size_bytes: u64,
    /// Why it exists.
    pub kind: BackupKind,
}

/// The `Sauvegardes` folder beside a case file.
pub fn backup_dir(casefile: &Path) -> PathBuf {
    casefile
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
        .join("Sauvegardes")
}

fn stem(casefile: &Path) -> String {
    casefile
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("dossier")
        .to_owned()
}

/// Parses "<stem>_2026-11-22.accroche" or "<stem>_2026-11-22_143005_manuelle.accroche".
fn parse_name(stem: &str, name: &str) -> Option<(NaiveDate, String, BackupKind)> {
    let rest = name
        .strip_prefix(stem)?
        .strip_prefix('_')?
        .strip_suffix(".accroche")?;
    let date = NaiveDate::parse_from_str(rest.get(..10)?, "%Y-%m-%d").ok()?;
    let tail = &rest[10..];
    if tail.is_empty() {
        return Some((date, String::new(), BackupKind::Daily));
    }
    let tail = tail.strip_prefix('_')?;
    let (time, tag) = tail.split_once('_')?;
    let kind = [
        BackupKind::Manual,
        BackupKind::PreRestore,
        BackupKind::PreMigration,
    ]
    .into_iter()
    .find(|k| k.tag() == Some(tag))?;
    Some((date, time.to_owned(), kind))
}

/// Every backup file of a case file, newest first, each with whether retention keeps it.
fn classify(casefile: &Path) -> Result<Vec<(BackupInfo, bool)>> {
    let dir = backup_dir(casefile);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let stem = stem(casefile);
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))? {
        let entry = entry.map_err(|e| Error::io(&dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some((date, time, kind)) = parse_name(&stem, &name) {
            let size_bytes = entry.metadata().map(|m| m.len()).unwrap_or(0);
            let info = BackupInfo {
                path: entry.path(),
                file_name: name,
                date,
                size_bytes,
                kind,
            };
            found.push((date, time, info));
        }
    }
    found.sort_by(|a, b| (b.0, &b.1).cmp(&(a.0, &a.1)));
    let mut dailies = 0;
    let mut weeks_covered = BTreeSet::new();
    let mut weeklies = 0;
    let mut others: HashMap<BackupKind, usize> = HashMap::new();
    let mut out = Vec::with_capacity(found.len());
    for (_, _, mut info) in found {
        let week = (info.date.iso_week().year(), info.date.iso_week().week());
        let keep = if info.kind == BackupKind::Daily {
            dailies += 1;
            if dailies <= 7 {
                weeks_covered.insert(week);
                true
            } else if weeklies < 4 && weeks_covered.insert(week) {
                weeklies += 1;
                info.kind = BackupKind::Weekly;
                true
            } else {
                false
            }
        } else {
            let n = others.entry(info.kind).or_insert(0);
            *n += 1;
            *n <= 5
        };
        out.push((info, keep));
    }
    Ok(out)
}

/// Lists the backups of a case file (open or not), newest first.
pub fn list_backups(casefile: &Path) -> Result<Vec<BackupInfo>> {
    Ok(classify(casefile)?.into_iter().map(|(b, _)| b).collect())
}

/// Deletes what the retention rule no longer keeps, and the half-made copies a backup
/// interrupted by a crash left behind (`.…partielle`, older than a minute: only the process
/// holding the case file's lock makes backups, and it is not making one now).
pub(super) fn prune(casefile: &Path) -> Result<()> {
    for (b, keep) in classify(casefile)? {
        if !keep {
            std::fs::remove_file(&b.path).map_err(|e| Error::io(&b.path, e))?;
        }
    }
    let stale = std::time::Duration::from_secs(60);
    if let Ok(entries) = std::fs::read_dir(backup_dir(casefile)) {
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > stale);
            if name.starts_with('.') && name.contains(".partielle") && old {
                // Best effort: a leftover that cannot be removed now will be next time.
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
    Ok(())
}

pub(super) fn needs_daily(casefile: &Path, today: NaiveDate) -> Result<bool> {
    Ok(!list_backups(casefile)?
        .iter()
        .any(|b| matches!(b.kind, BackupKind::Daily | BackupKind::Weekly) && b.date == today))
}

/// Copies the open database into a new backup file and returns its path.
pub(super) fn make(
    conn: &Connection,
    casefile: &Path,
    key: &str,
    kind: BackupKind,
    at: NaiveDateTime,
) -> Result<PathBuf> {
    let dir = backup_dir(casefile);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let name = match kind.tag() {
        None => format!("{}_{}.accroche", stem(casefile), at.format("%Y-%m-%d")),
        Some(tag) => format!(
            "{}_{}_{}.accroche",
            stem(casefile),
            at.format("%Y-%m-%d_%H%M%S"),
            tag
        ),
    };
    let target = dir.join(&name);
    let partial = dir.join(format!(".{name}.partielle"));
    remove_sqlite_files(&partial);
    let copied = (|| -> Result<()> {
        let mut dst = connect(&partial, key, OpenFlags::default())?;
        {
            let backup = Backup::new(conn, &mut dst)?;
            backup.run_to_completion(512, std::time::Duration::ZERO, None)?;
        }
        dst.pragma_update(None, "journal_mode", "DELETE")?;
        Ok(())
    })();
    if let Err(e) = copied {
        remove_sqlite_files(&partial);
        return Err(e);
    }
    std::fs::rename(&partial, &target).map_err(|e| Error::io(&target, e))?;
    Ok(target)
}

/// Checks that a backup of the case file at `casefile` exists, opens with `secret` (an
/// account's passphrase or the recovery key) and passes the integrity check, without touching
/// anything: what a restore checks before it closes or replaces anything. Returns the key that
/// opened it.
pub fn verify_backup(casefile: &Path, backup: &Path, secret: &str) -> Result<String> {
    verify_with(backup, &super::key_for(casefile, secret)?, secret)
}

/// [`verify_backup`] once the case file's key is known: tries it, then `secret` itself (a backup
/// made before the file had accounts was encrypted with the référent's passphrase).
fn verify_with(backup: &Path, key: &str, secret: &str) -> Result<String> {
    if !backup.is_file() {
        return Err(super::missing(backup));
    }
    let (source, used) = match connect(backup, key, OpenFlags::SQLITE_OPEN_READ_ONLY) {
        Ok(c) => (c, key),
        Err(Error::WrongPassphrase) if key != secret => (
            connect(backup, secret, OpenFlags::SQLITE_OPEN_READ_ONLY)?,
            secret,
        ),
        Err(e) => return Err(e),
    };
    quick_check(&source)?;
    Ok(used.to_owned())
}

/// Replaces the case file at `casefile` with the backup at `backup`, then opens it.
///
/// The case file must not be open in this process (close it first); the OS lock is taken for
/// the whole operation. The backup is checked (passphrase, integrity) before anything is
/// touched, and the current state is saved as an "avant-restauration" backup first — as a
/// database copy when it opens, byte for byte when it is damaged. The key file stays as it is:
/// an account created after the backup was made can no longer sign in.
pub fn restore(casefile: &Path, backup: &Path, passphrase: &str, clock: Clock) -> Result<Opened> {
    let key = super::key_for(casefile, passphrase)?;
    verify_with(backup, &key, passphrase)?;
    let lock = super::lock::FileLock::acquire(casefile)?;
    let now = clock();
    if casefile.is_file() {
        let current = connect(casefile, &key, OpenFlags::SQLITE_OPEN_READ_WRITE)
            .and_then(|c| quick_check(&c).map(|()| c));
        match current {
            Ok(conn) => {
                make(&conn, casefile, &key, BackupKind::PreRestore, now)?;
            }
            Err(Error::WrongPassphrase) => return Err(Error::WrongPassphrase),
            Err(_) => raw_copy(casefile, now)?,
        }
    }
    let staging = casefile.with_extension("accroche-restauration");
    std::fs::copy(backup, &staging).map_err(|e| Error::io(&staging, e))?;
    std::fs::File::open(&staging)
        .and_then(|f| f.sync_all())
        .map_err(|e| Error::io(&staging, e))?;
    for suffix in ["-wal", "-shm"] {
        let mut p = casefile.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
    std::fs::rename(&staging, casefile).map_err(|e| Error::io(casefile, e))?;
    drop(lock);
    super::open(casefile, passphrase, false, Arc::clone(&clock))
}

fn raw_copy(casefile: &Path, at: NaiveDateTime) -> Result<()> {
    let dir = backup_dir(casefile);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let target = dir.join(format!(
        "{}_{}_{}.accroche",
        stem(casefile),
        at.format("%Y-%m-%d_%H%M%S"),
        "avant-restauration"
    ));
    std::fs::copy(casefile, &target).map_err(|e| Error::io(&target, e))?;
    Ok(())
}
