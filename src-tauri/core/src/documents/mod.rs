//! Documents: the conventions, contracts, comptes-rendus and bilans Accroche prints, as one
//! engine — templates (`assets/templates/`) filled with a record's data give block markup
//! ([`markup`]), laid out on A4 pages as pure data ([`layout`]), drawn by one printpdf renderer
//! ([`render`]); sealed by the establishment ([`seal`]).
//!
//! Owns the `document*` tables (schema 4). Must not know PAFI or alliance rules: each mechanism
//! hands its record over as JSON data for its template.

pub mod fonts;
pub mod layout;
pub mod markup;
mod pipeline;
pub mod registry;
pub mod render;
pub mod seal;
pub mod seal_store;
pub mod template;
