//! The bilan as a PDF: cover, tables, charts drawn in the PDF, the qualitative part, the
//! definitions in an appendix.
