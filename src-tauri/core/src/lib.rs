//! # accroche-core
//!
//! The domain of Accroche — the case file of a French school's *référent décrochage scolaire* —
//! with no user interface: the Tauri desktop app and the `accroche` CLI are two thin faces over
//! this crate.
//!
//! ## Code map
//! - [`casefile`]: the encrypted SQLite file — create, open, OS lock, migrations, transactions,
//!   journal, backups, restore.
//! - [`registry`]: the establishment, students, staff, partners; their validation.
//! - [`gpds`]: flags, GPDS meetings and agendas, reviews, follow-up, actions, entretiens de
//!   situation, mesures de responsabilisation, the dashboard.
//! - [`pafi`]: parcours aménagés de formation initiale — the path and its states, activities,
//!   schedule, follow-up, final bilan, rules and reminders.
//! - [`alliance`]: alliances éducatives — the team, chartes, the family's contract, the shared
//!   diagnosis, responses, follow-up meetings, the sharing log, the shared evaluation.
//! - [`bilan`]: the yearly bilan's indicators, each with its definition; the anonymous JSON.
//! - [`chronology`]: each student's one timeline, across every mechanism.
//! - [`documents`]: templates, layout, PDF rendering, the document registry, signing, the seal.
//! - [`export`]: the open JSON export, and case files built from one.
//! - [`rgpd`]: a family's right of access (everything held on one student, PDF and JSON,
//!   journaled) and the record of processing activities for the DPO.
//! - [`demo`]: a realistic invented school, for trying the app and for benchmarks.
//! - [`files`]: writing a file the user asked for, whole or not at all.
//! - [`recent`]: the app's list of recently opened case files.
//! - [`users`]: the accounts of a case file, their roles, who is signed in.
//! - [`access`]: who reads what — the sensitivity of notes and diagnosis entries (équipe,
//!   restreint, auteur seul), the one rule deciding who may read one, the stub shown instead.
//! - [`notes`]: notes on a student's page, each with its sensitivity and its résumé utile;
//!   reading a restricted one is journaled.
//! - [`school_year`], [`text`]: school-year arithmetic, name folding.
//!
//! ## Invariants
//! - No Tauri here (`cargo tree -p accroche-core | grep -c tauri` is 0), no dialog, no window.
//! - Time is passed in: the case file gets a [`casefile::Clock`] when opened; no function here
//!   reads the system clock.
//! - Every write is one transaction through [`casefile::CaseFile::write`], which appends its
//!   journal entry inside that transaction and refuses to commit without one.
//! - Bad input is an [`Error::Validation`] naming the field, with a French sentence saying what
//!   is wrong and how to fix it; nothing is written.
//! - Migrations are forward-only SQL files in `migrations/`, never edited once landed.
//! - Who may read the text of a restricted note or diagnosis entry is decided by
//!   [`access::may_read`] alone. That text never appears in a list, a chronology, the journal or
//!   a document, nor in an access file or an export made for someone who may not read it; every
//!   reading of it by someone other than its author is journaled.
#![deny(missing_docs)]

pub mod access;
pub mod alliance;
pub mod bilan;
pub mod casefile;
pub mod chronology;
pub mod demo;
pub mod documents;
pub mod error;
pub mod export;
pub mod files;
pub mod gpds;
pub mod notes;
pub mod pafi;
pub mod recent;
pub mod registry;
pub mod retention;
pub mod rgpd;
pub mod roster;
pub mod school_year;
pub mod text;
pub mod users;

pub use error::{Error, Result};
