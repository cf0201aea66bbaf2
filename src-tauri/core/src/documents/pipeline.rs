//! From markup to PDF bytes: layout then rendering — the one path every document takes.

use rusqlite::Connection;

use super::layout::{layout, Footer, Header, LayoutInput, Logo, SignatureImage};
use super::markup::parse;
use super::registry::{qr_payload, short, Produce};
use super::render::{pdf, PdfMeta};
use crate::error::Result;

/// The establishment's header, read from the case file.
fn header(conn: &Connection) -> Result<Header> {
    Ok(conn.query_row(
        "SELECT name, uai, address, logo, logo_mime FROM establishment WHERE id = 1",
        [],
        |r| {
            let logo: Option<Vec<u8>> = r.get(3)?;
            let mime: Option<String> = r.get(4)?;
            Ok(Header {
                name: r.get(0)?,
                uai: r.get(1)?,
                address: r.get(2)?,
                logo: logo.zip(mime).map(|(bytes, mime)| Logo { mime, bytes }),
            })
        },
    )?)
}

/// Lays out and renders a document. The PDF's subject carries the QR payload
/// (`REF;sha256=…`), so that an altered copy can still be recognised as claiming a reference.
pub(crate) fn produce(p: &Produce<'_>) -> Result<Vec<u8>> {
    let payload = qr_payload(p.reference, p.fingerprint);
    let laid = layout(&LayoutInput {
        header: header(p.conn)?,
        blocks: parse(p.markup)?,
        footer: Footer {
            reference: p.reference.to_owned(),
            fingerprint_short: short(p.fingerprint),
            qr_payload: payload.clone(),
        },
        draft: p.draft,
        signatures: p
            .signatures
            .iter()
            .map(|s| {
                s.as_ref().map(|(png, line)| SignatureImage {
                    png: png.clone(),
                    signed_line: line.clone(),
                })
            })
            .collect(),
    })?;
    pdf(
        &laid,
        &PdfMeta {
            title: format!("{} {}", p.title, p.reference),
            author: p.author.to_owned(),
            subject: payload,
            created: p.created,
        },
    )
}
