//! Tauri commands, one file per area. Each is an adapter: state and arguments in, one core
//! call, the error mapped. Database and file work run as async commands (off the main thread).

pub mod alliance;
pub mod app;
pub mod backups;
pub mod bilan;
pub mod casefile;
pub mod documents;
pub mod gpds;
pub mod notes;
pub mod pafi;
pub mod partners;
pub mod retention;
pub mod rgpd;
pub mod roster;
pub mod staff;
pub mod students;
pub mod users;
