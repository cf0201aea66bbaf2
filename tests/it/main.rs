//! Integration tests: real encrypted case files in temporary folders, the real CLI binary.
#![allow(clippy::unwrap_used)]

mod accounts;
mod alliance;
mod alliance_documents;
mod backup;
mod bad_input;
mod bilan;
mod bilan_pdf;
mod bilan_sheet;
mod casefile;
mod documents;
mod export;
mod gpds;
mod journal;
mod layout;
mod notes;
mod pafi;
mod pafi_documents;
mod registry;
mod reliability;
mod retention;
mod rgpd;
mod roster;
mod seal;
mod templates;
