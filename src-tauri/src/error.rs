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
        if code == "internal" {
            // The full error goes to the log and to `detail` (SQLite and the OS speak English);
            // the message says in French what happened and what to do.
            eprintln!("[accroche] erreur interne : {e:?}");
            let what = match &e {
                accroche_core::Error::Io { path, .. } => {
                    format!("Le fichier {} n'a pas pu être lu ou écrit", path.display())
                }
                accroche_core::Error::Json(_) => "Un fichier JSON n'a pas pu être lu".to_owned(),
                _ => "Le dossier n'a pas pu être lu ou modifié".to_owned(),
            };
            return ApiError {
                code: code.into(),
                field: None,
                detail: Some(e.to_string()),
                message: format!(
                    "{what}. Rien n'a été enregistré. Réessayez ; si l'erreur persiste, fermez puis rouvrez le dossier."
                ),
            };
        }
        ApiError {
            code: code.into(),
            field: e.field().map(str::to_owned),
            detail: e.detail().map(str::to_owned),
            message: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ApiError;

    /// SQLite's English must not reach the référent: it goes to `detail`, the message is French.
    #[test]
    fn an_internal_database_error_reads_as_a_french_sentence() {
        let db = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(19),
            Some("NOT NULL constraint failed: review.created_at".into()),
        );
        let e = ApiError::from(accroche_core::Error::Db(db));
        assert_eq!(e.code, "internal");
        assert!(
            e.message
                .starts_with("Le dossier n'a pas pu être lu ou modifié. Rien n'a été enregistré."),
            "{}",
            e.message
        );
        assert!(!e.message.contains("constraint"), "{}", e.message);
        assert!(e
            .detail
            .is_some_and(|d| d.contains("NOT NULL constraint failed")));
    }
}
