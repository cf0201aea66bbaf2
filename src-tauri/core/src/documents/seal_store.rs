//! The establishment's seal authority, kept in the case file (`seal_authority`), made the first
//! time a document is sealed.

use rusqlite::OptionalExtension;

use super::seal::{create_authority, Authority};
use crate::casefile::{CaseFile, JournalDraft};
use crate::error::Result;
use crate::registry::establishment;

/// The authority of this case file, created (and journaled) on first use.
pub fn authority(cf: &mut CaseFile) -> Result<Authority> {
    let found: Option<(Vec<u8>, Vec<u8>, Vec<u8>)> = cf
        .conn()
        .query_row(
            "SELECT ca_cert, seal_cert, seal_key FROM seal_authority WHERE id = 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((ca_cert_der, seal_cert_der, seal_key_pkcs8_der)) = found {
        return Ok(Authority {
            ca_cert_der,
            seal_cert_der,
            seal_key_pkcs8_der,
        });
    }
    let e = establishment(cf)?.input;
    let a = create_authority(&e.name, &e.uai, cf.now())?;
    cf.write(|tx| {
        tx.conn().execute(
            "INSERT INTO seal_authority (id, ca_cert, seal_cert, seal_key, created_at) VALUES (1, ?1, ?2, ?3, ?4)",
            rusqlite::params![a.ca_cert_der, a.seal_cert_der, a.seal_key_pkcs8_der, tx.at()],
        )?;
        tx.journal(JournalDraft {
            entity: "establishment",
            entity_id: Some(1),
            student_id: None,
            summary: format!("Autorité de certification et clé de sceau créées pour {}", e.name),
            changes: Vec::new(),
        })
    })?;
    Ok(a)
}
