//! Errors as the UI receives them: `{ code, message, field }`, the message in French.

use serde::Serialize;
use ts_rs::TS;

/// An error for the UI.
#[derive(Debug, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    /// What the UI branches on: validation, not_found, conflict, locked, wrong_passphrase,
    /// newer_schema, corrupt, read_only, format, no_case_file, internal.
    pub code: String,
    /// A French sentence to show as it is.
    pub message: String,
    /// The input at fault, for validation errors.
    pub field: Option<String>,
    /// Technical details for support (shown folded), e.g. SQLite's integrity report.
    pub detail: Option<String>,
}

impl ApiError {
    pub fn no_case_file() -> Self {
        ApiError {
            code: "no_case_file".into(),
            message: "Aucun dossier n'est ouvert : ouvrez ou créez un dossier d'abord.".into(),
            field: None,
            detail: None,
        }
    }
}

impl From<accroche_core::Error> for ApiError {
    fn from(e: accroche_core::Error) -> Self {
        let code = e.code();
        let message = if code == "internal" {
            // The full error goes to the log; the user gets what happened and what to do.
            eprintln!("[accroche] erreur interne : {e:?}");
            format!("{e}. Réessayez ; si l'erreur persiste, fermez puis rouvrez le dossier.")
        } else {
            e.to_string()
        };
        ApiError {
            code: code.into(),
            field: e.field().map(str::to_owned),
            detail: e.detail().map(str::to_owned),
            message,
        }
    }
}
