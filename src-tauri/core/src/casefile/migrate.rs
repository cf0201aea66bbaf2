//! Schema migrations: numbered SQL files embedded in the binary, forward-only.
//!
//! Each migration runs with its `user_version` bump in one transaction, so a crash mid-way
//! leaves the file at the previous version, never between two.

use rusqlite::Connection;

use crate::error::Result;

/// (version, SQL). Append only; never edit a landed file.
const MIGRATIONS: &[(u32, &str)] = &[
    (1, include_str!("../../migrations/0001_init.sql")),
    (2, include_str!("../../migrations/0002_roster.sql")),
    (3, include_str!("../../migrations/0003_gpds.sql")),
    (4, include_str!("../../migrations/0004_documents.sql")),
    (5, include_str!("../../migrations/0005_pafi.sql")),
    (6, include_str!("../../migrations/0006_alliances.sql")),
    (7, include_str!("../../migrations/0007_bilan.sql")),
    (8, include_str!("../../migrations/0008_journal_chain.sql")),
    (9, include_str!("../../migrations/0009_users.sql")),
    (10, include_str!("../../migrations/0010_notes.sql")),
];

/// The newest schema this build knows. Versions run 1..=LATEST_SCHEMA without a gap: a file
/// migrates only through the versions above its own.
pub const LATEST_SCHEMA: u32 = MIGRATIONS.len() as u32;

pub(super) fn version(conn: &Connection) -> Result<u32> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

pub(super) fn upgrade(conn: &Connection) -> Result<()> {
    let current = version(conn)?;
    for &(v, sql) in MIGRATIONS.iter().filter(|(v, _)| *v > current) {
        let tx = conn.unchecked_transaction()?;
        tx.execute_batch(sql)?;
        if v == 8 {
            super::journal::chain_existing(&tx)?;
        }
        tx.pragma_update(None, "user_version", v)?;
        tx.commit()?;
    }
    Ok(())
}
