//! The bilan as a PDF: cover, tables, charts drawn in the PDF, the qualitative part, the
//! definitions in an appendix.

use super::{Bilan, Qualitative};

/// Placeholder until the PDF writer lands (bilan-pdf branch).
pub fn pdf(_b: &Bilan, _q: &Qualitative) -> crate::Result<Vec<u8>> {
    Err(crate::Error::Format(
        "Le bilan PDF n'est pas encore disponible.".into(),
    ))
}
