//! The case file itself: one SQLCipher-encrypted SQLite file per establishment.
//!
//! Owns opening, creating, the OS lock, schema migrations, transactions, the journal and
//! backups. It knows nothing of students or PAFI: the mechanisms write through [`CaseFile::write`]
//! and read through [`CaseFile::conn`].
//!
//! Invariants kept here:
//! - a writable [`CaseFile`] holds the OS lock of its file for its whole life;
//! - every write is one IMMEDIATE transaction that commits only if it appended at least one
//!   journal entry, and rolls back on any error;
//! - `synchronous=FULL`, `journal_mode=WAL`, `foreign_keys=ON`, `temp_store=MEMORY` on every connection.

mod backup;
mod journal;
pub(crate) mod keys;
mod lock;
mod migrate;

pub use backup::{backup_dir, list_backups, restore, verify_backup, BackupInfo, BackupKind};
pub use journal::{BrokenEntry, Change, JournalCheck, JournalDraft, JournalEntry, JournalFilter};
pub use migrate::LATEST_SCHEMA;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Error, Result};

/// The source of the current date and time. Core never reads the system clock: the desktop
/// shell and the CLI pass one in, tests pass a fixed one.
pub type Clock = Arc<dyn Fn() -> NaiveDateTime + Send + Sync>;

/// A clock that always answers `at` (tests, reproducible demos).
pub fn fixed_clock(at: NaiveDateTime) -> Clock {
    Arc::new(move || at)
}

/// The passphrase rule, as told to the user before they type.
pub const PASSPHRASE_RULE: &str = "Au moins 12 caractères, ou 4 mots.";

/// Checks the passphrase rule: at least 12 characters, or at least 4 words.
pub fn check_passphrase(passphrase: &str) -> Result<()> {
    let chars = passphrase.chars().count();
    let words = passphrase.split_whitespace().count();
    if chars >= 12 || words >= 4 {
        Ok(())
    } else {
        Err(Error::invalid(
            "passphrase",
            format!(
                "La phrase de passe est trop courte ({chars} caractères) : il faut au moins 12 caractères, ou 4 mots."
            ),
        ))
    }
}

/// An open case file.
pub struct CaseFile {
    conn: Connection,
    path: PathBuf,
    read_only: bool,
    /// What SQLCipher was given (backups are encrypted with the same).
    key: String,
    /// The data key (absent only for a file still encrypted with a passphrase, opened read-only).
    data_key: Option<keys::DataKey>,
    user: crate::users::SignedIn,
    clock: Clock,
    _lock: Option<lock::FileLock>,
}

/// What opening did besides giving the case file.
#[derive(Debug)]
pub struct Opened {
    /// The open case file.
    pub casefile: CaseFile,
    /// The backup made on opening (the first opening of the day), if any.
    pub backup: Option<PathBuf>,
    /// The recovery key, when this opening made it (a new case file, or a file encrypted with a
    /// passphrase converted to accounts): to be printed now; it is shown only this once.
    pub recovery_key: Option<String>,
}

impl std::fmt::Debug for CaseFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaseFile")
            .field("path", &self.path)
            .field("read_only", &self.read_only)
            .finish_non_exhaustive()
    }
}

/// Opens the SQLite file, applies the key and checks it decrypts.
fn connect(path: &Path, passphrase: &str, flags: OpenFlags) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher would print its own decryption errors on stderr; the caller reports them.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    conn.pragma_update(None, "key", passphrase)?;
    match conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => Ok(conn),
        Err(rusqlite::Error::SqliteFailure(e, _))
            if e.code == rusqlite::ErrorCode::NotADatabase =>
        {
            Err(Error::WrongPassphrase)
        }
        Err(e) => Err(as_corrupt(e.into())),
    }
}

/// SQLite's "database disk image is malformed" (a truncated file, a damaged page read before
/// the integrity check) is a damaged case file, whose message offers the restore: not an
/// internal error.
fn as_corrupt(e: Error) -> Error {
    match e {
        Error::Db(rusqlite::Error::SqliteFailure(f, message))
            if f.code == rusqlite::ErrorCode::DatabaseCorrupt =>
        {
            Error::Corrupt {
                detail: message.unwrap_or_else(|| f.to_string()),
            }
        }
        other => other,
    }
}

fn configure(conn: &Connection, read_only: bool) -> Result<()> {
    if !read_only {
        conn.pragma_update(None, "journal_mode", "WAL")?;
    }
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    // Sorts and temporary tables stay in memory: SQLite writes no unencrypted temporary file.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

fn quick_check(conn: &Connection) -> Result<()> {
    let verdict: String = conn
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| Error::Corrupt {
            detail: e.to_string(),
        })?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(Error::Corrupt { detail: verdict })
    }
}

/// The message of a database that is not a case file.
const NOT_A_CASE_FILE: &str = "Ce fichier n'est pas un dossier Accroche complet.";

/// The message of an empty file.
const EMPTY: &str = "Ce fichier est vide : ce n'est pas (ou plus) un dossier Accroche. Restaurez l'une de ses sauvegardes s'il en a.";

fn missing(path: &Path) -> Error {
    Error::NotFound(format!(
        "Le fichier {} est introuvable. Vérifiez son emplacement.",
        path.display()
    ))
}

/// Creates a new case file at `path` (which must not exist), runs every migration, creates the
/// référent's account (named `author`, unlocked by `passphrase`), then runs `init` (which writes
/// the establishment) as the first journaled transaction, and opens it signed in as the référent.
///
/// The file is encrypted with a fresh random key, returned once as `Opened::recovery_key`. It is
/// built under a temporary name beside `path` and renamed into place only once complete (its key
/// file written first), so a crash never leaves a half-made case file behind.
pub fn create(
    path: &Path,
    passphrase: &str,
    author: &str,
    clock: Clock,
    init: impl FnOnce(&mut Tx<'_>) -> Result<()>,
) -> Result<Opened> {
    check_passphrase(passphrase)?;
    if path.extension().and_then(|e| e.to_str()) != Some("accroche") {
        return Err(Error::invalid(
            "path",
            "Le nom du fichier doit se terminer par « .accroche ».",
        ));
    }
    if path.exists() {
        return Err(Error::Conflict(format!(
            "Un fichier existe déjà à l'emplacement {}. Choisissez un autre nom ou ouvrez ce dossier.",
            path.display()
        )));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Error::invalid(
            "path",
            format!("Le dossier {} n'existe pas.", dir.display()),
        ));
    }
    let tmp = dir.join(format!(
        ".{}.creation",
        path.file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("dossier")
    ));
    remove_sqlite_files(&tmp);
    let data_key = keys::DataKey::random();
    let built = (|| -> Result<()> {
        let conn = connect(&tmp, &data_key.sqlcipher(), OpenFlags::default())?;
        configure(&conn, false)?;
        migrate::upgrade(&conn)?;
        let mut cf = CaseFile {
            conn,
            path: tmp.clone(),
            read_only: false,
            key: data_key.sqlcipher(),
            data_key: Some(data_key.clone()),
            user: crate::users::SignedIn {
                id: 0,
                name: author.to_owned(),
                role: crate::users::Role::Referent,
            },
            clock: clock.clone(),
            _lock: None,
        };
        cf.write(|tx| {
            let made = [
                (
                    "created_at",
                    tx.at().format("%Y-%m-%dT%H:%M:%S").to_string(),
                ),
                (
                    "created_by",
                    format!("Accroche {}", env!("CARGO_PKG_VERSION")),
                ),
            ];
            for (key, value) in made {
                tx.set_meta(key, &value)?;
            }
            // After `init`: an import copies the journal with its own ids first.
            init(tx)?;
            // An import's journal is copied as it was, so that its export gives the same
            // bytes: the account made with it is not journaled apart (the import is the write).
            let journal = !tx.verbatim;
            crate::users::insert_account(
                tx,
                &data_key,
                author,
                crate::users::Role::Referent,
                passphrase,
                journal,
            )
            .map(drop)
        })?;
        // Fold the WAL back into the file so that the rename moves everything.
        cf.conn.pragma_update(None, "journal_mode", "DELETE")?;
        // The key file first, under the final name: the case file never stands without it.
        crate::users::write_key_file(&cf.conn, path)
    })();
    if let Err(e) = built {
        remove_sqlite_files(&tmp);
        return Err(e);
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        remove_sqlite_files(&tmp);
        let _ = std::fs::remove_file(keys::key_file_path(path));
        Error::io(path, e)
    })?;
    let mut opened = open(path, passphrase, false, clock)?;
    opened.recovery_key = Some(data_key.recovery_text());
    Ok(opened)
}

fn remove_sqlite_files(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// What unlocked the file.
enum Unlocked {
    /// An account's passphrase unwrapped the data key.
    Account(i64, keys::DataKey),
    /// The recovery key was typed.
    Recovery(keys::DataKey),
    /// A file made before accounts: the passphrase is SQLCipher's key itself.
    Legacy,
}

/// The accounts a case file's key file lists, for the sign-in screen: (id, name). Empty for a
/// file made before accounts (its référent's passphrase opens it).
pub fn sign_in_accounts(path: &Path) -> Result<Vec<(i64, String)>> {
    Ok(keys::read(path)?
        .map(|f| f.accounts.into_iter().map(|a| (a.id, a.name)).collect())
        .unwrap_or_default())
}

/// Finds what `secret` unlocks: an account's slot (that account's only, when `user_id` is
/// given), the recovery key, or else a passphrase-encrypted file.
fn unlock(path: &Path, user_id: Option<i64>, secret: &str) -> Result<Unlocked> {
    let key_file = match keys::read(path) {
        Ok(f) => f,
        // A damaged key file: the recovery key still opens (and rebuilds it).
        Err(e) => match keys::DataKey::parse_recovery(secret) {
            Some(k) => return Ok(Unlocked::Recovery(k)),
            None => return Err(e),
        },
    };
    if let Some(f) = &key_file {
        for a in f
            .accounts
            .iter()
            .filter(|a| user_id.is_none_or(|id| id == a.id))
        {
            if let Some(k) = a.slot.unwrap_key(a.id, secret) {
                return Ok(Unlocked::Account(a.id, k));
            }
        }
    }
    if let Some(k) = keys::DataKey::parse_recovery(secret) {
        return Ok(Unlocked::Recovery(k));
    }
    Ok(Unlocked::Legacy)
}

/// The SQLCipher key that `secret` gives for the case file at `path` (backups share it).
fn key_for(path: &Path, secret: &str) -> Result<String> {
    Ok(match unlock(path, None, secret)? {
        Unlocked::Account(_, k) | Unlocked::Recovery(k) => k.sqlcipher(),
        Unlocked::Legacy => secret.to_owned(),
    })
}

/// Opens an existing case file with any account's passphrase, or the recovery key (see
/// [`open_as`]).
pub fn open(path: &Path, passphrase: &str, read_only: bool, clock: Clock) -> Result<Opened> {
    open_as(path, None, passphrase, read_only, clock)
}

/// Opens an existing case file, signed in as the account `user_id` (any account whose
/// passphrase `secret` is, when `None`), or with the recovery key.
///
/// Writable opening takes the OS lock (`Error::Locked` if another process holds it), checks
/// integrity (`Error::Corrupt`), refuses a newer schema (`Error::NewerSchema`), backs the file up
/// before migrating an older schema, migrates, and makes the day's backup if none exists yet.
/// A file made before accounts, opened writable with its passphrase, gets its référent's account
/// and a recovery key (returned in `Opened::recovery_key`). Opening with the recovery key
/// rebuilds the key file from the accounts kept in the case file.
/// Read-only opening takes no lock, migrates nothing and backs nothing up.
pub fn open_as(
    path: &Path,
    user_id: Option<i64>,
    secret: &str,
    read_only: bool,
    clock: Clock,
) -> Result<Opened> {
    if !path.is_file() {
        return Err(missing(path));
    }
    // SQLite takes an empty file for a new database and the migrations below would write one
    // into it: a file emptied by a failed copy must be refused as it is.
    let len = std::fs::metadata(path)
        .map_err(|e| Error::io(path, e))?
        .len();
    if len == 0 {
        return Err(Error::Format(EMPTY.into()));
    }
    let lock = if read_only {
        None
    } else {
        Some(lock::FileLock::acquire(path)?)
    };
    let flags = if read_only {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let mut unlocked = unlock(path, user_id, secret)?;
    let conn = match &unlocked {
        Unlocked::Account(_, k) | Unlocked::Recovery(k) => {
            match connect(path, &k.sqlcipher(), flags) {
                // A conversion interrupted before the file was re-encrypted: the passphrase
                // still opens it, and the conversion starts again below.
                Err(Error::WrongPassphrase) if matches!(unlocked, Unlocked::Account(..)) => {
                    let c = connect(path, secret, flags)?;
                    unlocked = Unlocked::Legacy;
                    c
                }
                other => other?,
            }
        }
        Unlocked::Legacy => connect(path, secret, flags)?,
    };
    configure(&conn, read_only).map_err(as_corrupt)?;
    quick_check(&conn)?;
    let version = migrate::version(&conn)?;
    // Every case file is made at a version (create migrates before the file gets its name):
    // version 0 is a database that is not one, never to be migrated in place.
    if version == 0 {
        return Err(Error::Format(NOT_A_CASE_FILE.into()));
    }
    if version > LATEST_SCHEMA {
        return Err(Error::NewerSchema {
            found: version,
            known: LATEST_SCHEMA,
        });
    }
    let sqlcipher_key = match &unlocked {
        Unlocked::Account(_, k) | Unlocked::Recovery(k) => k.sqlcipher(),
        Unlocked::Legacy => secret.to_owned(),
    };
    let now = clock();
    let mut backup = None;
    if version < LATEST_SCHEMA {
        if read_only {
            return Err(Error::Format(
                "Ce dossier doit être mis à jour pour cette version d'Accroche : ouvrez-le sans la lecture seule.".into(),
            ));
        }
        backup = Some(backup::make(
            &conn,
            path,
            &sqlcipher_key,
            BackupKind::PreMigration,
            now,
        )?);
        migrate::upgrade(&conn)?;
    }
    let referent_name: String = conn
        .query_row(
            "SELECT referent_name FROM establishment WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .map_err(|_| Error::Format(NOT_A_CASE_FILE.into()))?;
    let mut casefile = CaseFile {
        conn,
        path: path.to_path_buf(),
        read_only,
        key: sqlcipher_key,
        data_key: None,
        user: crate::users::SignedIn {
            id: 0,
            name: referent_name,
            role: crate::users::Role::Referent,
        },
        clock,
        _lock: lock,
    };
    let mut recovery_key = None;
    match unlocked {
        Unlocked::Account(id, k) => {
            casefile.data_key = Some(k);
            let user = crate::users::signed_in(&casefile.conn, id)?;
            casefile.user = user;
        }
        Unlocked::Recovery(k) => {
            casefile.data_key = Some(k);
            casefile.user.name = crate::users::RECOVERY_NAME.into();
            if !read_only {
                // It may be lost or damaged: rebuilt from the accounts the file holds.
                crate::users::write_key_file(&casefile.conn, path)?;
            }
        }
        Unlocked::Legacy if !read_only => {
            let k = crate::users::convert_legacy(&mut casefile, secret)?;
            recovery_key = Some(k.recovery_text());
        }
        Unlocked::Legacy => {}
    }
    if !read_only && backup::needs_daily(path, now.date())? {
        backup = Some(backup::make(
            &casefile.conn,
            path,
            &casefile.key,
            BackupKind::Daily,
            now,
        )?);
        backup::prune(path)?;
    }
    Ok(Opened {
        casefile,
        backup,
        recovery_key,
    })
}

impl CaseFile {
    /// A fact recorded about the case file itself (`created_at`, `created_by`, `origin`).
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    /// The connection, for reads. Writes go through [`CaseFile::write`].
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Where the case file is.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether it was opened read-only.
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    /// Who the journal names as the author of writes.
    pub fn author(&self) -> &str {
        &self.user.name
    }

    /// The user signed in: the author of every write, whose role decides what they may read.
    pub fn user(&self) -> &crate::users::SignedIn {
        &self.user
    }

    /// The current date and time, from the clock given at opening.
    pub fn now(&self) -> NaiveDateTime {
        (self.clock)()
    }

    /// Today's date, from the clock given at opening.
    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    /// The schema version of the file.
    pub fn schema_version(&self) -> Result<u32> {
        migrate::version(&self.conn)
    }

    /// Runs `f` as one transaction: commits if it returns `Ok` and appended a journal entry,
    /// rolls back otherwise. A write that forgets its journal entry is refused, not committed.
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        if !self.user.role.may_write() {
            return Err(Error::Forbidden(
                "Votre compte est en lecture seule : vous pouvez consulter le dossier, pas le modifier. Demandez au référent de changer votre rôle si besoin.".into(),
            ));
        }
        self.write_trace(f)
    }

    /// Like [`CaseFile::write`], for what every account may record, a read-only one included:
    /// the trace of its own reads of restricted entries.
    pub fn write_trace<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        if self.read_only {
            return Err(Error::ReadOnly);
        }
        let at = (self.clock)();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut tx = Tx {
            tx,
            author: &self.user.name,
            at,
            journaled: false,
            verbatim: false,
        };
        let value = f(&mut tx)?;
        if !tx.journaled {
            return Err(Error::Format(
                "Écriture refusée : elle ne laissait aucune trace dans le journal.".into(),
            ));
        }
        tx.tx.commit()?;
        Ok(value)
    }

    /// Makes a backup now, in the `Sauvegardes` folder beside the file.
    pub fn backup_now(&self) -> Result<BackupInfo> {
        let path = backup::make(
            &self.conn,
            &self.path,
            &self.key,
            BackupKind::Manual,
            self.now(),
        )?;
        backup::prune(&self.path)?;
        list_backups(&self.path)?
            .into_iter()
            .find(|b| b.path == path)
            .ok_or_else(|| {
                Error::NotFound("La sauvegarde vient d'être faite mais reste introuvable.".into())
            })
    }

    /// Signs `user` in on this open file (after taking it over with the recovery key).
    pub(crate) fn set_user(&mut self, user: crate::users::SignedIn) {
        self.user = user;
    }

    /// The data key (none for a file still encrypted with a passphrase, opened read-only).
    pub(crate) fn data_key(&self) -> Option<&keys::DataKey> {
        self.data_key.as_ref()
    }

    /// Re-encrypts the file with `key` (a file made before accounts, converted).
    pub(crate) fn rekey(&mut self, key: &keys::DataKey) -> Result<()> {
        self.conn.pragma_update(None, "rekey", key.sqlcipher())?;
        self.key = key.sqlcipher();
        self.data_key = Some(key.clone());
        Ok(())
    }
}

/// A write transaction: the SQL connection plus the journal.
pub struct Tx<'c> {
    tx: rusqlite::Transaction<'c>,
    author: &'c str,
    at: NaiveDateTime,
    journaled: bool,
    /// Whether journal entries were copied from an export.
    verbatim: bool,
}

impl Tx<'_> {
    /// The connection inside the transaction.
    pub fn conn(&self) -> &Connection {
        &self.tx
    }

    /// When this write happens.
    pub fn at(&self) -> NaiveDateTime {
        self.at
    }

    /// Appends a journal entry inside this transaction.
    pub fn journal(&mut self, draft: JournalDraft) -> Result<()> {
        journal::append(&self.tx, self.author, self.at, &draft)?;
        self.journaled = true;
        Ok(())
    }

    /// Records a fact about the case file itself (when and how it was made…) in `meta`.
    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// Appends a journal entry copied from an export, keeping its author and date.
    pub(crate) fn journal_verbatim(&mut self, entry: &JournalEntry) -> Result<()> {
        journal::insert_verbatim(&self.tx, entry)?;
        self.journaled = true;
        self.verbatim = true;
        Ok(())
    }
}

/// The idle time after which the window locks the case file, by default.
pub const AUTO_LOCK_DEFAULT_MINUTES: u32 = 10;
/// The longest idle time one may choose (a laptop left open in a staff room).
pub const AUTO_LOCK_MAX_MINUTES: u32 = 60;

/// After how many idle minutes the window locks this case file (asks its passphrase again).
pub fn auto_lock_minutes(casefile: &CaseFile) -> Result<u32> {
    Ok(casefile
        .meta("auto_lock_minutes")?
        .and_then(|v| v.parse().ok())
        .filter(|m| (1..=AUTO_LOCK_MAX_MINUTES).contains(m))
        .unwrap_or(AUTO_LOCK_DEFAULT_MINUTES))
}

/// Sets the idle time before the window locks the case file: 1 to 60 minutes.
pub fn set_auto_lock_minutes(casefile: &mut CaseFile, minutes: u32) -> Result<u32> {
    if !(1..=AUTO_LOCK_MAX_MINUTES).contains(&minutes) {
        return Err(Error::invalid(
            "minutes",
            format!("Choisissez un délai de 1 à {AUTO_LOCK_MAX_MINUTES} minutes."),
        ));
    }
    let before = auto_lock_minutes(casefile)?;
    if before == minutes {
        return Ok(minutes);
    }
    casefile.write(|tx| {
        tx.set_meta("auto_lock_minutes", &minutes.to_string())?;
        tx.journal(JournalDraft {
            entity: "casefile",
            entity_id: None,
            student_id: None,
            summary: format!("Verrouillage automatique après {minutes} minutes d'inactivité"),
            changes: vec![Change {
                field: "Verrouillage automatique (minutes)".into(),
                before: Some(before.to_string()),
                after: Some(minutes.to_string()),
            }],
        })
    })?;
    Ok(minutes)
}

/// Erases the text of the journal entries about a student (a purge, inside its transaction);
/// their hashes stay, so the chain still verifies. Returns how many were erased.
pub(crate) fn redact_journal_of_student(
    conn: &rusqlite::Connection,
    student_id: i64,
    on: &str,
) -> Result<usize> {
    journal::redact_student(conn, student_id, on)
}

/// Checks the journal's hash chain and names the first entry that breaks it.
pub fn verify_journal(casefile: &CaseFile) -> Result<JournalCheck> {
    journal::verify(casefile.conn())
}

/// The journal, newest first.
pub fn journal_list(casefile: &CaseFile, limit: u32) -> Result<Vec<JournalEntry>> {
    journal::list(casefile.conn(), limit)
}

/// The journal entries matching the screen's filters, newest first.
pub fn journal_search(casefile: &CaseFile, filter: &JournalFilter) -> Result<Vec<JournalEntry>> {
    if let (Some(from), Some(to)) = (filter.from, filter.to) {
        if from > to {
            return Err(Error::invalid(
                "to",
                "La date de fin précède la date de début.",
            ));
        }
    }
    journal::search(casefile.conn(), filter)
}

/// The journal's authors and kinds of record, for the screen's filters.
pub fn journal_facets(casefile: &CaseFile) -> Result<(Vec<String>, Vec<String>)> {
    journal::facets(casefile.conn())
}

/// The journal entries about one student, newest first.
pub fn journal_for_student(casefile: &CaseFile, student_id: i64) -> Result<Vec<JournalEntry>> {
    journal::for_student(casefile.conn(), student_id)
}

/// The whole journal, oldest first (exports).
pub(crate) fn journal_all(conn: &Connection) -> Result<Vec<JournalEntry>> {
    journal::all(conn)
}
