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

/// The establishment's certificate authority, for whoever must check a sealed document: to be
/// imported as trusted in their PDF reader (or NSS database), after comparing its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CaCertificate {
    /// The certificate, PEM-encoded.
    pub pem: String,
    /// SHA-256 of the certificate (DER), as readers show it: `AB:CD:…` (32 pairs).
    pub sha256: String,
}

/// The authority's certificate (the authority is created, and journaled, on first use).
pub fn ca_certificate(cf: &mut CaseFile) -> Result<CaCertificate> {
    let a = authority(cf)?;
    let hex = super::registry::sha256_hex(&a.ca_cert_der).to_uppercase();
    let sha256 = hex
        .as_bytes()
        .chunks(2)
        .map(|pair| String::from_utf8_lossy(pair).into_owned())
        .collect::<Vec<_>>()
        .join(":");
    Ok(CaCertificate {
        pem: super::seal::ca_pem(&a),
        sha256,
    })
}

/// Writes the authority's certificate (PEM) to `path`, whole or not at all.
pub fn export_ca(cf: &mut CaseFile, path: &std::path::Path) -> Result<CaCertificate> {
    let ca = ca_certificate(cf)?;
    crate::files::write_whole(path, ca.pem.as_bytes())?;
    Ok(ca)
}
