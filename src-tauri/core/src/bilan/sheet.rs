//! The bilan as a spreadsheet (XLSX, one sheet per table, numbers as numbers) and as CSV.

use super::{Bilan, Qualitative};

/// Placeholder until the spreadsheet writer lands (bilan-sheet branch).
pub fn xlsx(_b: &Bilan, _q: &Qualitative) -> crate::Result<Vec<u8>> {
    Err(crate::Error::Format(
        "Le bilan XLSX n'est pas encore disponible.".into(),
    ))
}

/// Placeholder until the CSV writer lands (bilan-sheet branch).
pub fn csv(_b: &Bilan) -> String {
    String::new()
}
