//! The core's one error type. Each variant is something the user interface acts on; messages are
//! French sentences a référent can read as they are.

use std::path::PathBuf;

/// Everything that can go wrong in the core.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The user typed something that breaks a rule. `field` names the input (camelCase, as the
    /// UI names it, e.g. `birthDate` or `legalReps[0].email`); nothing was changed.
    #[error("{message}")]
    Validation {
        /// The input at fault, as the UI names it.
        field: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The input is allowed but unusual (a due date before the meeting…): nothing was changed;
    /// the user may confirm and send it again with the confirmation flag set.
    #[error("{message}")]
    NeedsConfirmation {
        /// The input concerned, as the UI names it.
        field: String,
        /// What is unusual, as a question the user can answer.
        message: String,
    },
    /// The record asked for does not exist (or no longer does).
    #[error("{0}")]
    NotFound(String),
    /// The change clashes with what is already there (a duplicate INE, an existing file…).
    #[error("{0}")]
    Conflict(String),
    /// Another process of this computer holds the case file's lock.
    #[error("Ce dossier est déjà ouvert sur cet ordinateur.")]
    Locked,
    /// SQLCipher could not decrypt the file with this passphrase.
    #[error("Phrase de passe incorrecte.")]
    WrongPassphrase,
    /// The file's schema version is higher than this build knows.
    #[error("Ce dossier a été créé par une version plus récente d'Accroche.")]
    NewerSchema {
        /// The schema version found in the file.
        found: u32,
        /// The newest schema this build knows.
        known: u32,
    },
    /// `PRAGMA quick_check` failed on open.
    #[error("Ce dossier est endommagé : Accroche ne peut pas l'ouvrir tel quel. Restaurez l'une de ses sauvegardes ; le fichier endommagé sera conservé.")]
    Corrupt {
        /// What SQLite reported (English, possibly many lines): for support, not for the message.
        detail: String,
    },
    /// The signed-in user's role does not allow this (a read-only account writing, a user other
    /// than the référent managing accounts…): nothing was changed.
    #[error("{0}")]
    Forbidden(String),
    /// A write was attempted on a case file opened read-only.
    #[error("Ce dossier est ouvert en lecture seule : aucune modification n'est possible.")]
    ReadOnly,
    /// The file does not look like an Accroche case file (or an export we can read).
    #[error("{0}")]
    Format(String),
    /// SQLite failed underneath.
    #[error("{}", db_message(.0))]
    Db(#[from] rusqlite::Error),
    /// The file system failed.
    #[error("{}", io_message(path, source))]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// JSON could not be read or written.
    #[error("Fichier JSON illisible : {0}")]
    Json(#[from] serde_json::Error),
}

/// SQLite's failures a user can act on, in French; the rest with SQLite's own words.
fn db_message(e: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    match e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            ErrorCode::DiskFull => "Le disque est plein : rien n'a été enregistré. Libérez de la place, puis recommencez.".into(),
            ErrorCode::ReadOnly => "Le dossier est sur un support en lecture seule : rien n'a été enregistré. Copiez-le sur un disque où l'on peut écrire.".into(),
            ErrorCode::CannotOpen => "Le fichier du dossier ne peut pas être ouvert : le support est-il en lecture seule, ou a-t-il été retiré ?".into(),
            ErrorCode::SystemIoFailure => "Le disque a refusé une lecture ou une écriture : rien n'a été enregistré. Vérifiez le support, puis recommencez.".into(),
            _ => format!("Erreur de la base de données : {e}"),
        },
        _ => format!("Erreur de la base de données : {e}"),
    }
}

/// The file system's failures a user can act on, in French, naming the file (the one asked for,
/// not its `.partiel` stand-in).
fn io_message(path: &std::path::Path, e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let shown = path.display().to_string();
    let shown = shown.strip_suffix(".partiel").unwrap_or(&shown);
    match e.kind() {
        ErrorKind::StorageFull => format!("Erreur d'accès au fichier {shown} : le disque est plein. Libérez de la place, puis recommencez."),
        ErrorKind::ReadOnlyFilesystem => format!("Erreur d'accès au fichier {shown} : le support est en lecture seule. Choisissez un autre emplacement."),
        ErrorKind::PermissionDenied => format!("Erreur d'accès au fichier {shown} : accès refusé. Choisissez un dossier où vous pouvez écrire."),
        ErrorKind::NotFound => format!("Erreur d'accès au fichier {shown} : le fichier ou son dossier n'existe pas."),
        ErrorKind::AlreadyExists => format!("Erreur d'accès au fichier {shown} : un fichier de ce nom existe déjà."),
        ErrorKind::IsADirectory => format!("Erreur d'accès au fichier {shown} : c'est un dossier, pas un fichier."),
        _ => format!("Erreur d'accès au fichier {shown} : {e}"),
    }
}

/// The core's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A validation error on `field`.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::Validation {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A short stable code the UI branches on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Validation { .. } => "validation",
            Error::NeedsConfirmation { .. } => "confirm",
            Error::NotFound(_) => "not_found",
            Error::Conflict(_) => "conflict",
            Error::Locked => "locked",
            Error::WrongPassphrase => "wrong_passphrase",
            Error::NewerSchema { .. } => "newer_schema",
            Error::Corrupt { .. } => "corrupt",
            Error::ReadOnly => "read_only",
            Error::Forbidden(_) => "forbidden",
            Error::Format(_) => "format",
            Error::Db(_) | Error::Io { .. } | Error::Json(_) => "internal",
        }
    }

    /// Technical details for support, kept out of the message (SQLite's integrity report).
    pub fn detail(&self) -> Option<&str> {
        match self {
            Error::Corrupt { detail } => Some(detail),
            _ => None,
        }
    }

    /// The input at fault, for validation errors.
    pub fn field(&self) -> Option<&str> {
        match self {
            Error::Validation { field, .. } | Error::NeedsConfirmation { field, .. } => Some(field),
            _ => None,
        }
    }
}
