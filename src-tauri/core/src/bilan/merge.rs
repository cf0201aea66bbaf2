//! Consolidating many schools' anonymous JSON files: sums and distributions across schools.

use std::path::Path;

use super::Bilan;

/// Placeholder until the merge lands (bilan-sheet branch).
#[derive(Debug)]
pub struct Consolidated {
    /// The year.
    pub school_year: String,
}

fn later() -> crate::Error {
    crate::Error::Format("La consolidation n'est pas encore disponible.".into())
}

/// Placeholder.
pub fn read(_path: &Path) -> crate::Result<Bilan> {
    Err(later())
}

/// Placeholder.
pub fn merge(_files: &[Bilan]) -> crate::Result<Consolidated> {
    Err(later())
}

/// Placeholder.
pub fn consolidated_json(_c: &Consolidated) -> crate::Result<String> {
    Err(later())
}

/// Placeholder.
pub fn consolidated_xlsx(_c: &Consolidated) -> crate::Result<Vec<u8>> {
    Err(later())
}
