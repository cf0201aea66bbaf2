//! The document registry: every PDF Accroche made, with its reference and versions, its state
//! (brouillon → à signer → signé / scellé, or annulé), its signatories and signatures, its
//! fingerprint and the hash of each file given out, and the file itself (inside the case file,
//! so that it is encrypted and backed up with everything else).
//!
//! Rules: a document past "brouillon" is never changed — a change makes a new version, the old
//! one stays readable; a document whose required signatories are not all known stays a draft,
//! saying what to fill in; a signature on screen keeps the drawn shape only (PNG) and its hash.

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::template::{fill, Clause, DocumentType};
use crate::casefile::{CaseFile, Change, JournalDraft};
use crate::error::{Error, Result};
use crate::registry::{coded_enum, collect, decode, establishment, Coded};
use crate::school_year::{french_date as fr, SchoolYear};

coded_enum! {
    /// Where a document stands.
    DocumentState {
        /// Being prepared: may be regenerated; printed with a "BROUILLON" watermark.
        Draft = "draft" / "Brouillon",
        /// Final text, waiting for signatures (on screen or on paper).
        ToSign = "to_sign" / "À signer",
        /// Signed on paper (a scan may be attached).
        Signed = "signed" / "Signé",
        /// Signed on screen by everyone required, and sealed by the establishment.
        Sealed = "sealed" / "Scellé",
        /// Cancelled (with a reason); stays readable.
        Cancelled = "cancelled" / "Annulé",
    }
}

/// The version of the consent sentence a signatory ticks on screen.
pub const CONSENT_VERSION: u32 = 1;

/// The consent sentence, as shown and stored.
pub fn consent_text(title: &str) -> String {
    format!(
        "J'ai lu l'intégralité du document « {title} », j'en accepte les termes et je le signe de ma main sur cet écran."
    )
}

/// Someone who must (or may) sign, as the mechanism declares it from its record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatoryDecl {
    /// Quality, as printed above the box ("Le représentant légal").
    pub role: String,
    /// Name, when the record holds it.
    pub name: Option<String>,
    /// Relationship to the student ("mère", "l'élève", "" for staff and partners).
    pub relationship: String,
    /// Whether the document cannot be signed without them.
    pub required: bool,
    /// The mention printed in the box ("Lu et approuvé").
    pub mention: String,
    /// What to fill in when the name is missing ("Renseignez un représentant légal sur la fiche de l'élève.").
    pub missing_hint: String,
}

/// What a mechanism asks the registry to make.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentRequest {
    /// The document type.
    pub kind: DocumentType,
    /// The record it belongs to ("meeting", "partner", "pafi"…) and its id.
    pub record: (&'static str, i64),
    /// The student concerned, if any (the document then shows in their chronology).
    pub student_id: Option<i64>,
    /// Its own data for the template (the registry adds `etablissement`, `document` and
    /// `signataires`).
    pub data: Value,
    /// The signatories, in box order.
    pub signatories: Vec<SignatoryDecl>,
}

/// A signatory of a document, and their signature if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Signatory {
    /// Their box.
    pub position: u32,
    /// Quality.
    pub role: String,
    /// Name.
    pub name: String,
    /// Relationship to the student.
    pub relationship: String,
    /// Required.
    pub required: bool,
    /// "screen" or "paper", once signed.
    pub method: Option<String>,
    /// When.
    pub signed_at: Option<NaiveDateTime>,
    /// How identity was checked (on screen).
    pub identity_check: String,
    /// The staff witness (on screen).
    pub witness: String,
    /// SHA-256 of the signature image.
    pub signature_sha256: Option<String>,
}

/// A document version, without its file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// Id of this version.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Reference shared by the versions ("GPDS-2026-0007").
    pub reference: String,
    /// Version number (1, 2…).
    pub version: u32,
    /// The newest version of this reference.
    pub latest_version: u32,
    /// Type.
    pub kind: DocumentType,
    /// Title.
    pub title: String,
    /// The record it belongs to.
    pub record_entity: String,
    /// Its id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub record_id: i64,
    /// The student concerned.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub student_id: Option<i64>,
    /// The template's version ("1", or "1.2" once adapted twice).
    pub template_version: String,
    /// State.
    pub state: DocumentState,
    /// What to fill in before it can be signed.
    pub missing: Vec<String>,
    /// SHA-256 (hex) of the canonical content: printed in the footer and the QR code.
    pub fingerprint: String,
    /// Its short printed form ("1a2b 3c4d 5e6f 7a8b").
    pub fingerprint_short: String,
    /// SHA-256 of the current file.
    pub file_sha256: String,
    /// Made.
    pub created_at: NaiveDateTime,
    /// Last state change.
    pub updated_at: NaiveDateTime,
    /// Why it was cancelled.
    pub cancel_reason: Option<String>,
    /// Signatories.
    pub signatories: Vec<Signatory>,
    /// Paper scans attached.
    pub scans: Vec<Scan>,
}

/// A scan of a paper signed document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Scan {
    /// Id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Original file name.
    pub file_name: String,
    /// MIME type.
    pub mime: String,
    /// SHA-256.
    pub sha256: String,
    /// The date it was signed on paper.
    pub signed_on: NaiveDate,
}

/// SHA-256 in lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::text::hex(&Sha256::digest(bytes))
}

/// The printed short form of a fingerprint: its first 16 hex digits in groups of four.
pub fn short(fingerprint: &str) -> String {
    fingerprint
        .get(..16)
        .unwrap_or(fingerprint)
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The QR code's payload, also written in the PDF so that a file can be recognised.
pub fn qr_payload(reference: &str, fingerprint: &str) -> String {
    format!("{reference};sha256={fingerprint}")
}

/// The fingerprint: SHA-256 of the canonical JSON (keys sorted, no spaces) of what the document
/// says — reference, version, type, template version, the filled data, the signatories and the
/// hashes of their signature images.
pub fn fingerprint(
    reference: &str,
    version: u32,
    kind: DocumentType,
    template_version: &str,
    data: &Value,
    signatories: &[(String, String, Option<String>)],
) -> String {
    let content = json!({
        "reference": reference,
        "version": version,
        "type": kind.code(),
        "templateVersion": template_version,
        "data": data,
        "signatories": signatories
            .iter()
            .map(|(role, name, sig)| json!({"role": role, "name": name, "signatureSha256": sig}))
            .collect::<Vec<_>>(),
    });
    // serde_json's map keeps keys sorted (no preserve_order): this is the canonical form.
    sha256_hex(content.to_string().as_bytes())
}

fn prefix(kind: DocumentType) -> &'static str {
    match kind {
        DocumentType::CompteRenduGpds => "GPDS",
        DocumentType::ContratPafi => "PAFI",
        DocumentType::ConventionStage => "STAGE",
        DocumentType::BilanPafi => "BILAN",
        DocumentType::ContratAlliance => "ALLIANCE",
        DocumentType::ConventionPartenariat => "PARTENARIAT",
        DocumentType::CharteDeontologie => "CHARTE",
        DocumentType::CompteRenduAlliance => "CRA",
    }
}

/// The adapted clauses and the template version for a type.
pub(crate) fn clauses(conn: &Connection, kind: DocumentType) -> Result<(Vec<Clause>, String)> {
    let mut stmt = conn
        .prepare_cached("SELECT block, text FROM template_clause WHERE kind = ?1 ORDER BY block")?;
    let rows = stmt.query_map([kind.code()], |r| {
        Ok(Clause {
            block: r.get(0)?,
            text: r.get(1)?,
        })
    })?;
    let list = collect(rows)?;
    let revision: Option<u32> = conn
        .prepare_cached("SELECT revision FROM template_revision WHERE kind = ?1")?
        .query_row([kind.code()], |r| r.get(0))
        .optional()?;
    let base = kind.shipped().version;
    let version = match revision {
        Some(r) if r > 0 => format!("{base}.{r}"),
        _ => base.to_string(),
    };
    Ok((list, version))
}

/// What the renderer needs besides the markup.
pub(crate) struct Produce<'a> {
    pub conn: &'a Connection,
    pub title: &'a str,
    pub reference: &'a str,
    pub fingerprint: &'a str,
    pub markup: &'a str,
    pub draft: bool,
    pub created: NaiveDateTime,
    pub author: &'a str,
    /// By signature box: the PNG and the "signé le …" line.
    pub signatures: Vec<Option<(Vec<u8>, String)>>,
}

/// The `etablissement` every template receives.
fn establishment_data(e: &crate::registry::EstablishmentInput) -> Value {
    json!({
        "nom": e.name, "uai": e.uai, "adresse": e.address, "chef": e.head_name,
        "referent": e.referent_name, "academie": e.academie,
        "annee_scolaire": SchoolYear(e.school_year_start).label(),
    })
}

fn base_data(
    cf: &CaseFile,
    req: &DocumentRequest,
    reference: &str,
    version: u32,
    draft: bool,
    names: &[String],
) -> Result<Value> {
    let e = establishment(cf)?.input;
    let mut data = req.data.clone();
    let Some(map) = data.as_object_mut() else {
        return Err(Error::Format(
            "Les données d'un document doivent être un objet JSON.".into(),
        ));
    };
    map.insert("etablissement".into(), establishment_data(&e));
    map.insert(
        "document".into(),
        json!({
            "reference": reference, "version": version, "brouillon": draft,
            "date": cf.today().format("%Y-%m-%d").to_string(),
        }),
    );
    map.insert(
        "signataires".into(),
        Value::Array(
            req.signatories
                .iter()
                .zip(names)
                .map(|(s, n)| json!({"qualite": s.role, "nom": n, "mention": s.mention}))
                .collect(),
        ),
    );
    Ok(data)
}

/// A preview of a type's template as the establishment adapted it, filled with the type's
/// example (invented people) under the case file's own header; marked BROUILLON and registered
/// nowhere. Its reference is « EXEMPLE ».
pub fn preview(cf: &CaseFile, kind: DocumentType) -> Result<Vec<u8>> {
    let e = establishment(cf)?.input;
    let mut data = kind.example()?;
    if let Some(map) = data.as_object_mut() {
        map.insert("etablissement".into(), establishment_data(&e));
        map.insert(
            "document".into(),
            json!({
                "reference": "EXEMPLE", "version": 1, "brouillon": true,
                "date": cf.today().format("%Y-%m-%d").to_string(),
            }),
        );
    }
    let (clauses, template_version) = clauses(cf.conn(), kind)?;
    let markup = super::template::fill(kind, &data, &clauses)?;
    let title = format!("{} (exemple, modèle {template_version})", kind.label());
    super::pipeline::produce(&Produce {
        conn: cf.conn(),
        title: &title,
        reference: "EXEMPLE",
        fingerprint: &sha256_hex(markup.as_bytes()),
        markup: &markup,
        draft: true,
        created: cf.now(),
        author: &e.name,
        signatures: Vec::new(),
    })
}

/// Makes a document for a record: a new one, or — when the record already has one of this
/// type — a new version (a draft is regenerated in place; a signed or sealed one is kept).
pub fn generate(cf: &mut CaseFile, req: &DocumentRequest) -> Result<Document> {
    let conn = cf.conn();
    let latest: Option<(i64, String, u32, String)> = conn
        .prepare_cached(
            "SELECT id, reference, version, state FROM document
              WHERE kind = ?1 AND record_entity = ?2 AND record_id = ?3
              ORDER BY version DESC LIMIT 1",
        )?
        .query_row(params![req.kind.code(), req.record.0, req.record.1], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .optional()?;
    let now = cf.now();
    let (reference, version, replace) = match &latest {
        Some((id, reference, version, state)) if state == "draft" => {
            (reference.clone(), *version, Some(*id))
        }
        Some((_, reference, version, _)) => (reference.clone(), version + 1, None),
        None => (next_reference(conn, req.kind, now.date())?, 1, None),
    };
    let missing: Vec<String> = req
        .signatories
        .iter()
        .filter(|s| s.required && s.name.as_deref().is_none_or(|n| n.trim().is_empty()))
        .map(|s| s.missing_hint.clone())
        .collect();
    let names: Vec<String> = req
        .signatories
        .iter()
        .map(|s| s.name.clone().unwrap_or_else(|| "(à compléter)".into()))
        .collect();
    let data = base_data(cf, req, &reference, version, true, &names)?;
    let (clauses, template_version) = clauses(conn, req.kind)?;
    let markup = fill(req.kind, &data, &clauses)?;
    let signatories: Vec<(String, String, Option<String>)> = req
        .signatories
        .iter()
        .zip(&names)
        .map(|(s, n)| (s.role.clone(), n.clone(), None))
        .collect();
    let fp = fingerprint(
        &reference,
        version,
        req.kind,
        &template_version,
        &data,
        &signatories,
    );
    let title = req.kind.label().to_owned();
    let author = establishment(cf)?.input.name;
    let pdf = super::pipeline::produce(&Produce {
        conn,
        title: &title,
        reference: &reference,
        fingerprint: &fp,
        markup: &markup,
        draft: true,
        created: now,
        author: &author,
        signatures: Vec::new(),
    })?;
    let file_sha = sha256_hex(&pdf);
    let id = cf.write(|tx| {
        let conn = tx.conn();
        let id = match replace {
            Some(id) => {
                conn.prepare_cached(
                    "UPDATE document SET template_version = ?2, data = ?3, missing = ?4, content_sha256 = ?5,
                                         file_sha256 = ?6, pdf = ?7, updated_at = ?8, title = ?9, student_id = ?10
                      WHERE id = ?1",
                )?
                .execute(params![
                    id,
                    template_version,
                    data.to_string(),
                    serde_json::to_string(&missing)?,
                    fp,
                    file_sha,
                    pdf,
                    now,
                    title,
                    req.student_id
                ])?;
                conn.prepare_cached("DELETE FROM document_signatory WHERE document_id = ?1")?
                    .execute([id])?;
                id
            }
            None => {
                conn.prepare_cached(
                    "INSERT INTO document (reference, version, kind, title, record_entity, record_id, student_id,
                                           template_version, data, state, missing, content_sha256, file_sha256,
                                           pdf, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'draft', ?10, ?11, ?12, ?13, ?14, ?14)",
                )?
                .execute(params![
                    reference,
                    version,
                    req.kind.code(),
                    title,
                    req.record.0,
                    req.record.1,
                    req.student_id,
                    template_version,
                    data.to_string(),
                    serde_json::to_string(&missing)?,
                    fp,
                    file_sha,
                    pdf,
                    now
                ])?;
                conn.last_insert_rowid()
            }
        };
        remember_file(conn, id, &file_sha, "draft", now)?;
        for (i, (s, name)) in req.signatories.iter().zip(&names).enumerate() {
            conn.prepare_cached(
                "INSERT INTO document_signatory (document_id, position, role, name, relationship, required)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![id, i as i64, s.role, name, s.relationship, s.required])?;
        }
        tx.journal(JournalDraft {
            entity: "document",
            entity_id: Some(id),
            student_id: req.student_id,
            summary: format!("{title} {reference} (version {version}) préparé en brouillon"),
            changes: Vec::new(),
        })?;
        Ok(id)
    })?;
    document(cf, id)
}

fn remember_file(
    conn: &Connection,
    id: i64,
    sha: &str,
    stage: &str,
    at: NaiveDateTime,
) -> Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO document_file (document_id, sha256, stage, made_at) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![id, sha, stage, at])?;
    Ok(())
}

fn next_reference(conn: &Connection, kind: DocumentType, today: NaiveDate) -> Result<String> {
    let year = SchoolYear::containing(today).0;
    let stem = format!("{}-{year}-", prefix(kind));
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(DISTINCT reference) FROM document WHERE reference LIKE ?1 || '%'",
        )?
        .query_row([&stem], |r| r.get(0))?;
    Ok(format!("{stem}{:04}", n + 1))
}

const SELECT: &str = "SELECT d.id, d.reference, d.version,
        (SELECT max(v.version) FROM document v WHERE v.reference = d.reference),
        d.kind, d.title, d.record_entity, d.record_id, d.student_id, d.template_version, d.state,
        d.missing, d.content_sha256, d.file_sha256, d.created_at, d.updated_at, d.cancel_reason
   FROM document d";

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Document> {
    let kind: String = r.get(4)?;
    let state: String = r.get(10)?;
    let missing: String = r.get(11)?;
    let fp: String = r.get(12)?;
    Ok(Document {
        id: r.get(0)?,
        reference: r.get(1)?,
        version: r.get(2)?,
        latest_version: r.get(3)?,
        kind: decode(&kind, 4)?,
        title: r.get(5)?,
        record_entity: r.get(6)?,
        record_id: r.get(7)?,
        student_id: r.get(8)?,
        template_version: r.get(9)?,
        state: decode(&state, 10)?,
        missing: serde_json::from_str(&missing).unwrap_or_default(),
        fingerprint_short: short(&fp),
        fingerprint: fp,
        file_sha256: r.get(13)?,
        created_at: r.get(14)?,
        updated_at: r.get(15)?,
        cancel_reason: r.get(16)?,
        signatories: Vec::new(),
        scans: Vec::new(),
    })
}

/// A document version with its signatories and scans.
pub fn document(cf: &CaseFile, id: i64) -> Result<Document> {
    document_in(cf.conn(), id)
}

pub(crate) fn document_in(conn: &Connection, id: i64) -> Result<Document> {
    let mut d = conn
        .prepare_cached(&format!("{SELECT} WHERE d.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound("Ce document n'existe pas (ou plus).".into()))?;
    let mut stmt = conn.prepare_cached(
        "SELECT position, role, name, relationship, required, method, signed_at, identity_check,
                witness, signature_sha256
           FROM document_signatory WHERE document_id = ?1 ORDER BY position",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Signatory {
            position: r.get(0)?,
            role: r.get(1)?,
            name: r.get(2)?,
            relationship: r.get(3)?,
            required: r.get(4)?,
            method: r.get(5)?,
            signed_at: r.get(6)?,
            identity_check: r.get(7)?,
            witness: r.get(8)?,
            signature_sha256: r.get(9)?,
        })
    })?;
    d.signatories = collect(rows)?;
    let mut stmt = conn.prepare_cached(
        "SELECT id, file_name, mime, sha256, signed_on FROM document_scan WHERE document_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Scan {
            id: r.get(0)?,
            file_name: r.get(1)?,
            mime: r.get(2)?,
            sha256: r.get(3)?,
            signed_on: r.get(4)?,
        })
    })?;
    d.scans = collect(rows)?;
    Ok(d)
}

/// Every document, newest first (one line per version).
pub fn list_documents(cf: &CaseFile) -> Result<Vec<Document>> {
    let mut stmt = cf
        .conn()
        .prepare_cached(&format!("{SELECT} ORDER BY d.created_at DESC, d.id DESC"))?;
    let rows = stmt.query_map([], from_row)?;
    collect(rows)
}

/// The documents of a record (all versions), newest first.
pub fn record_documents(cf: &CaseFile, entity: &str, id: i64) -> Result<Vec<Document>> {
    let mut stmt = cf.conn().prepare_cached(&format!(
        "{SELECT} WHERE d.record_entity = ?1 AND d.record_id = ?2 ORDER BY d.version DESC, d.id DESC"
    ))?;
    let rows = stmt.query_map(params![entity, id], from_row)?;
    collect(rows)
}

/// The PDF of a document version.
pub fn pdf(cf: &CaseFile, id: i64) -> Result<Vec<u8>> {
    cf.conn()
        .prepare_cached("SELECT pdf FROM document WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound("Ce document n'existe pas (ou plus).".into()))
}

/// The id of the newest version of a reference.
pub fn latest_by_reference(cf: &CaseFile, reference: &str) -> Result<i64> {
    cf.conn()
        .prepare_cached(
            "SELECT id FROM document WHERE reference = ?1 ORDER BY version DESC LIMIT 1",
        )?
        .query_row([reference.trim()], |r| r.get(0))
        .optional()?
        .ok_or_else(|| {
            Error::NotFound(format!(
                "Aucun document de référence « {} » dans ce dossier.",
                reference.trim()
            ))
        })
}

/// Cancels a document version (with a reason); it stays readable.
pub fn cancel_document(cf: &mut CaseFile, id: i64, reason: &str) -> Result<Document> {
    let d = document(cf, id)?;
    if matches!(d.state, DocumentState::Cancelled) {
        return Ok(d);
    }
    let reason = crate::registry::required(
        reason,
        "reason",
        "Indiquez pourquoi le document est annulé.",
    )?;
    let now = cf.now();
    cf.write(|tx| {
        tx.conn()
            .prepare_cached("UPDATE document SET state = 'cancelled', cancel_reason = ?2, updated_at = ?3 WHERE id = ?1")?
            .execute(params![id, reason, now])?;
        tx.journal(JournalDraft {
            entity: "document",
            entity_id: Some(id),
            student_id: d.student_id,
            summary: format!("{} {} (version {}) annulé", d.title, d.reference, d.version),
            changes: vec![Change {
                field: "Motif".into(),
                before: None,
                after: Some(reason.clone()),
            }],
        })
    })?;
    document(cf, id)
}

/// What checking a file or a reference found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// True when the file (or reference and fingerprint) is a document of this case file,
    /// unaltered.
    pub genuine: bool,
    /// One French sentence saying what was found.
    pub verdict: String,
    /// The document version found, if any.
    pub document: Option<Document>,
    /// Whether it is the newest version of its reference.
    pub is_latest: bool,
}

fn found(d: Document, how: &str) -> Verification {
    let is_latest = d.version == d.latest_version;
    let mut verdict = format!(
        "{how} : {} {} (version {}{}), état « {} »",
        d.title,
        d.reference,
        d.version,
        if is_latest {
            ""
        } else {
            ", une version plus récente existe"
        },
        d.state.label().to_lowercase()
    );
    if d.state == DocumentState::Sealed {
        verdict.push_str(", signé et scellé par l'établissement");
    }
    verdict.push('.');
    Verification {
        genuine: true,
        verdict,
        is_latest,
        document: Some(d),
    }
}

/// Checks a PDF: a file Accroche registered (byte for byte), an altered copy of one, or unknown.
pub fn verify_file(cf: &CaseFile, bytes: &[u8]) -> Result<Verification> {
    let conn = cf.conn();
    let sha = sha256_hex(bytes);
    let id: Option<i64> = conn
        .prepare_cached(
            "SELECT id FROM document WHERE file_sha256 = ?1
             UNION SELECT document_id FROM document_file WHERE sha256 = ?1 LIMIT 1",
        )?
        .query_row([&sha], |r| r.get(0))
        .optional()?;
    if let Some(id) = id {
        let d = document_in(conn, id)?;
        let current = d.file_sha256 == sha;
        let mut v = found(d, "Document authentique, identique à l'original enregistré");
        if !current {
            v.verdict
                .push_str(" Ce fichier est une étape antérieure du document (avant signature).");
        }
        return Ok(v);
    }
    // Not byte-identical: does it claim one of our references (the PDF's subject)?
    let payload = claimed_payload(bytes);
    if let Some((reference, fp)) = payload {
        let id: Option<i64> = conn
            .prepare_cached("SELECT id FROM document WHERE reference = ?1 AND content_sha256 = ?2")?
            .query_row(params![reference, fp], |r| r.get(0))
            .optional()?;
        if let Some(id) = id {
            let d = document_in(conn, id)?;
            return Ok(Verification {
                genuine: false,
                verdict: format!(
                    "Fichier modifié : il se présente comme {} {} (version {}), mais ne correspond pas au fichier enregistré. Ne vous y fiez pas ; imprimez l'original depuis Accroche.",
                    d.title, d.reference, d.version
                ),
                is_latest: d.version == d.latest_version,
                document: Some(d),
            });
        }
    }
    Ok(Verification {
        genuine: false,
        verdict: "Document inconnu : ce fichier n'a pas été produit par ce dossier (ou il a été modifié au point de ne plus être reconnu).".into(),
        document: None,
        is_latest: false,
    })
}

/// The `REF;sha256=…` a PDF carries in its subject (UTF-16 hex or plain text), if any.
fn claimed_payload(bytes: &[u8]) -> Option<(String, String)> {
    let text = String::from_utf8_lossy(bytes);
    let subject = if let Some(i) = text.find("/Subject<FEFF") {
        let hex: String = text[i + 13..]
            .chars()
            .take_while(char::is_ascii_hexdigit)
            .collect();
        let units: Vec<u16> = hex
            .as_bytes()
            .chunks(4)
            .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        let i = text.find("/Subject(")?;
        text[i + 9..].chars().take_while(|c| *c != ')').collect()
    };
    let (reference, rest) = subject.split_once(";sha256=")?;
    let fp: String = rest.chars().take_while(char::is_ascii_hexdigit).collect();
    (fp.len() == 64).then(|| (reference.trim().to_owned(), fp))
}

/// Checks a printed page: its reference and the short fingerprint printed in its footer.
pub fn verify_reference(
    cf: &CaseFile,
    reference: &str,
    short_fingerprint: &str,
) -> Result<Verification> {
    let wanted: String = short_fingerprint
        .chars()
        .filter(char::is_ascii_hexdigit)
        .collect::<String>()
        .to_lowercase();
    if wanted.len() < 8 {
        return Err(Error::invalid(
            "fingerprint",
            "Recopiez l'empreinte imprimée en pied de page (au moins 8 caractères, par exemple 1a2b 3c4d).",
        ));
    }
    let conn = cf.conn();
    let mut stmt =
        conn.prepare_cached("SELECT id, content_sha256 FROM document WHERE reference = ?1")?;
    let rows = stmt.query_map([reference.trim()], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    let versions = collect(rows)?;
    if versions.is_empty() {
        return Ok(Verification {
            genuine: false,
            verdict: format!(
                "Aucun document de référence « {} » dans ce dossier.",
                reference.trim()
            ),
            document: None,
            is_latest: false,
        });
    }
    match versions.iter().find(|(_, fp)| fp.starts_with(&wanted)) {
        Some((id, _)) => Ok(found(document_in(conn, *id)?, "Document authentique")),
        None => Ok(Verification {
            genuine: false,
            verdict: format!(
                "L'empreinte ne correspond à aucune version du document « {} » : la page a pu être modifiée.",
                reference.trim()
            ),
            document: None,
            is_latest: false,
        }),
    }
}

/// Re-renders a version's file from its stored data, with the given signatures and state.
fn rerender(
    conn: &Connection,
    d: &Document,
    draft: bool,
    signatures: Vec<Option<(Vec<u8>, String)>>,
    certificate: Option<String>,
    at: NaiveDateTime,
    author: &str,
) -> Result<Vec<u8>> {
    let data: String = conn
        .prepare_cached("SELECT data FROM document WHERE id = ?1")?
        .query_row([d.id], |r| r.get(0))?;
    let mut data: Value = serde_json::from_str(&data)?;
    if let Some(doc) = data.get_mut("document").and_then(Value::as_object_mut) {
        doc.insert("brouillon".into(), Value::Bool(draft));
    }
    let (clauses, _) = clauses(conn, d.kind)?;
    let mut markup = fill(d.kind, &data, &clauses)?;
    if let Some(c) = certificate {
        markup.push_str("\n\n::: pagebreak\n:::\n\n");
        markup.push_str(&c);
    }
    super::pipeline::produce(&Produce {
        conn,
        title: &d.title,
        reference: &d.reference,
        fingerprint: &d.fingerprint,
        markup: &markup,
        draft,
        created: at,
        author,
        signatures,
    })
}

/// Makes a draft final: the "à signer" file, without the watermark. Refused while something
/// required is missing (the message says what).
pub fn prepare_for_signature(cf: &mut CaseFile, id: i64) -> Result<Document> {
    let d = document(cf, id)?;
    if d.state != DocumentState::Draft {
        return Err(Error::invalid(
            "state",
            format!(
                "Ce document est « {} » : seul un brouillon se prépare pour la signature.",
                d.state.label().to_lowercase()
            ),
        ));
    }
    if !d.missing.is_empty() {
        return Err(Error::invalid(
            "missing",
            format!("Le document reste en brouillon : {}", d.missing.join(" ")),
        ));
    }
    let now = cf.now();
    let author = establishment(cf)?.input.name;
    let pdf = rerender(cf.conn(), &d, false, Vec::new(), None, now, &author)?;
    let sha = sha256_hex(&pdf);
    cf.write(|tx| {
        tx.conn()
            .prepare_cached("UPDATE document SET state = 'to_sign', pdf = ?2, file_sha256 = ?3, updated_at = ?4 WHERE id = ?1")?
            .execute(params![id, pdf, sha, now])?;
        remember_file(tx.conn(), id, &sha, "to_sign", now)?;
        tx.journal(JournalDraft {
            entity: "document",
            entity_id: Some(id),
            student_id: d.student_id,
            summary: format!("{} {} (version {}) prêt à signer", d.title, d.reference, d.version),
            changes: Vec::new(),
        })
    })?;
    document(cf, id)
}

/// A signature drawn on the screen, with what the signatory and the witness stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ScreenSignature {
    /// The signatory's box.
    pub position: u32,
    /// The drawn shape, as a PNG (no timing, no pressure).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub png_base64: String,
    /// The signatory ticked the consent sentence.
    pub consent: bool,
    /// How identity was checked ("carte d'identité présentée", "connu du témoin"…).
    pub identity_check: String,
    /// The staff member witnessing.
    pub witness: String,
}

/// A signature must show strokes: an empty pad or a dot is refused.
fn check_signature_png(png_bytes: &[u8]) -> Result<()> {
    let unreadable = || {
        Error::invalid(
            "signature",
            "L'image de la signature est illisible : signez à nouveau.",
        )
    };
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|_| unreadable())?;
    let size = reader.output_buffer_size().ok_or_else(unreadable)?;
    if size > 64 * 1024 * 1024 {
        return Err(unreadable());
    }
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(|_| unreadable())?;
    let channels = frame.color_type.samples();
    let (w, h) = (frame.width as usize, frame.height as usize);
    let (mut ink, mut min_x, mut max_x, mut min_y, mut max_y) = (0usize, w, 0, h, 0);
    for y in 0..h {
        for x in 0..w {
            let o = (y * w + x) * channels;
            let px = &buf[o..o + channels];
            let inked = match channels {
                4 => px[3] > 64,
                2 => px[1] > 64,
                3 => px.iter().map(|&c| u32::from(c)).sum::<u32>() < 600,
                _ => px[0] < 200,
            };
            if inked {
                ink += 1;
                min_x = min_x.min(x);
                max_x = max_x.max(x);
                min_y = min_y.min(y);
                max_y = max_y.max(y);
            }
        }
    }
    let span = if ink == 0 {
        0
    } else {
        (max_x - min_x).max(max_y - min_y)
    };
    if ink < 40 || span < 20 {
        return Err(Error::invalid(
            "signature",
            "La signature est vide ou n'est qu'un point : signez dans le cadre.",
        ));
    }
    Ok(())
}

/// Records one signatory's signature on the screen. When every required signatory has signed,
/// the final PDF is made — signatures in their boxes, a "Certificat de signature" page — and
/// sealed by the establishment.
pub fn sign_on_screen(
    cf: &mut CaseFile,
    id: i64,
    sig: &ScreenSignature,
    machine: &str,
    app_version: &str,
) -> Result<Document> {
    let d = document(cf, id)?;
    if d.state != DocumentState::ToSign {
        return Err(Error::invalid(
            "state",
            format!(
                "Ce document est « {} » : seul un document « à signer » se signe.",
                d.state.label().to_lowercase()
            ),
        ));
    }
    let Some(who) = d.signatories.iter().find(|s| s.position == sig.position) else {
        return Err(Error::invalid(
            "position",
            "Ce signataire n'existe pas pour ce document.",
        ));
    };
    if who.signed_at.is_some() {
        return Err(Error::invalid(
            "position",
            format!("{} a déjà signé.", who.name),
        ));
    }
    if !sig.consent {
        return Err(Error::invalid(
            "consent",
            "Le signataire doit cocher la phrase de consentement avant de signer.",
        ));
    }
    let identity = crate::registry::required(
        &sig.identity_check,
        "identityCheck",
        "Indiquez comment l'identité du signataire a été vérifiée.",
    )?;
    let witness = crate::registry::required(
        &sig.witness,
        "witness",
        "Indiquez le membre du personnel témoin de la signature.",
    )?;
    let png = crate::text::base64_decode(&sig.png_base64)
        .ok_or_else(|| Error::invalid("signature", "L'image de la signature est illisible."))?;
    check_signature_png(&png)?;
    let sig_sha = sha256_hex(&png);
    let now = cf.now();
    let consent = consent_text(&d.title);
    let all_signed = d
        .signatories
        .iter()
        .all(|s| s.position == sig.position || s.signed_at.is_some() || !s.required);
    let author = establishment(cf)?.input.name;
    // The final file, when this was the last required signature.
    let final_pdf = if all_signed {
        let conn = cf.conn();
        let mut signatures: Vec<Option<(Vec<u8>, String)>> = Vec::new();
        for s in &d.signatories {
            let image: Option<Vec<u8>> = if s.position == sig.position {
                Some(png.clone())
            } else {
                conn.prepare_cached("SELECT signature_png FROM document_signatory WHERE document_id = ?1 AND position = ?2")?
                    .query_row(params![id, s.position], |r| r.get(0))?
            };
            let at = if s.position == sig.position {
                Some(now)
            } else {
                s.signed_at
            };
            signatures.push(image.zip(at).map(|(p, at)| {
                (
                    p,
                    format!("Signé le {} à {}", fr(at.date()), at.format("%H:%M")),
                )
            }));
        }
        let certificate = certificate_markup(
            &d,
            sig,
            &identity,
            &witness,
            &sig_sha,
            now,
            machine,
            app_version,
        )?;
        let pdf = rerender(conn, &d, false, signatures, Some(certificate), now, &author)?;
        let authority = super::seal_store::authority(cf)?;
        Some(super::seal::seal(
            &pdf,
            &authority,
            now,
            &format!("Scellé par {author}"),
        )?)
    } else {
        None
    };
    cf.write(|tx| {
        tx.conn().prepare_cached(
            "UPDATE document_signatory SET method = 'screen', signed_at = ?3, identity_check = ?4, witness = ?5,
                    consent_text = ?6, consent_version = ?7, signature_png = ?8, signature_sha256 = ?9
              WHERE document_id = ?1 AND position = ?2",
        )?
        .execute(params![id, sig.position, now, identity, witness, consent, CONSENT_VERSION, png, sig_sha])?;
        tx.journal(JournalDraft {
            entity: "document",
            entity_id: Some(id),
            student_id: d.student_id,
            summary: format!("{} {} signé à l'écran par {} ({})", d.title, d.reference, who.name, who.role),
            changes: vec![Change { field: "Empreinte de la signature".into(), before: None, after: Some(sig_sha.clone()) }],
        })?;
        if let Some(pdf) = &final_pdf {
            let sha = sha256_hex(pdf);
            let conn = tx.conn();
            conn.prepare_cached("UPDATE document SET state = 'sealed', pdf = ?2, file_sha256 = ?3, updated_at = ?4 WHERE id = ?1")?
                .execute(params![id, pdf, sha, now])?;
            remember_file(conn, id, &sha, "sealed", now)?;
            tx.journal(JournalDraft {
                entity: "document",
                entity_id: Some(id),
                student_id: d.student_id,
                summary: format!("{} {} (version {}) signé par tous et scellé par l'établissement", d.title, d.reference, d.version),
                changes: Vec::new(),
            })?;
        }
        Ok(())
    })?;
    document(cf, id)
}

/// "22/11/2026 à 10:00:00 (UTC+01:00)": the local time with its offset (read from the time zone
/// database, not from the clock).
/// Data as text inside markup.
fn esc(text: &str) -> String {
    super::markup::escape(text)
}

fn with_zone(t: NaiveDateTime) -> String {
    use chrono::TimeZone;
    let zone = chrono::Local
        .from_local_datetime(&t)
        .earliest()
        .map_or_else(
            || "heure locale".to_owned(),
            |z| format!("UTC{}", z.format("%:z")),
        );
    format!("{} à {} ({zone})", fr(t.date()), t.format("%H:%M:%S"))
}

#[allow(clippy::too_many_arguments)]
fn certificate_markup(
    d: &Document,
    last: &ScreenSignature,
    identity: &str,
    witness: &str,
    last_sha: &str,
    now: NaiveDateTime,
    machine: &str,
    app_version: &str,
) -> Result<String> {
    let mut out = format!(
        "# Certificat de signature\n\n::: table 35,65\n| Élément | Valeur |\n| Document | {} |\n| Référence | {} (version {}) |\n| Version du modèle | {} |\n| Empreinte du contenu | {} |\n| Produit par | Accroche {}, poste « {} » |\n:::\n\n## Signataires\n\n",
        esc(&d.title), d.reference, d.version, d.template_version, d.fingerprint, esc(app_version), esc(machine)
    );
    for s in &d.signatories {
        let (idc, wit, at, sha) = if s.position == last.position {
            (
                identity.to_owned(),
                witness.to_owned(),
                Some(now),
                Some(last_sha.to_owned()),
            )
        } else {
            (
                s.identity_check.clone(),
                s.witness.clone(),
                s.signed_at,
                s.signature_sha256.clone(),
            )
        };
        let dash = |v: &str| {
            if v.is_empty() {
                "—".to_owned()
            } else {
                esc(v)
            }
        };
        out.push_str(&format!(
            "### {} — {}\n\n::: table 35,65\n| Élément | Valeur |\n",
            esc(&s.name),
            esc(&s.role)
        ));
        if !s.relationship.is_empty() {
            out.push_str(&format!(
                "| Lien avec l'élève | {} |\n",
                esc(&s.relationship)
            ));
        }
        out.push_str(&format!(
            "| Identité vérifiée | {} |\n| Témoin | {} |\n| Date et heure | {} |\n| Empreinte de la signature | {} |\n:::\n\n",
            dash(&idc),
            dash(&wit),
            at.map_or("non signé".to_owned(), with_zone),
            sha.unwrap_or_else(|| "—".into())
        ));
    }
    out.push_str(&format!(
        "Chaque signataire a coché la phrase suivante (version {CONSENT_VERSION}) avant de signer : « {} »\n\n",
        consent_text(&d.title)
    ));
    out.push_str("Les signatures sont conservées sous forme d'image (le tracé seul, sans vitesse ni pression). Le document est scellé par l'établissement : toute modification du fichier est détectable.\n");
    Ok(out)
}

/// Records that a "à signer" document was signed on paper, on a date, by the given signatories
/// (all required ones), with the scan of the signed paper if there is one.
pub fn record_paper_signature(
    cf: &mut CaseFile,
    id: i64,
    signed_on: Option<NaiveDate>,
    positions: &[u32],
    scan: Option<(String, Vec<u8>)>,
) -> Result<Document> {
    let d = document(cf, id)?;
    if d.state != DocumentState::ToSign {
        return Err(Error::invalid(
            "state",
            format!(
                "Ce document est « {} » : seul un document « à signer » se signe.",
                d.state.label().to_lowercase()
            ),
        ));
    }
    let signed_on = signed_on.ok_or_else(|| {
        Error::invalid("signedOn", "Indiquez la date de la signature sur papier.")
    })?;
    if signed_on > cf.today() {
        return Err(Error::invalid(
            "signedOn",
            format!("La date {} est dans le futur.", fr(signed_on)),
        ));
    }
    let unsigned: Vec<&str> = d
        .signatories
        .iter()
        .filter(|s| s.required && !positions.contains(&s.position) && s.signed_at.is_none())
        .map(|s| s.name.as_str())
        .collect();
    if !unsigned.is_empty() {
        return Err(Error::invalid(
            "positions",
            format!(
                "Il manque la signature de : {}. Cochez chaque signataire qui a signé le papier.",
                unsigned.join(", ")
            ),
        ));
    }
    let scan = match scan {
        None => None,
        Some((name, bytes)) => {
            let mime = if bytes.starts_with(b"%PDF") {
                "application/pdf"
            } else if bytes.starts_with(b"\x89PNG") {
                "image/png"
            } else if bytes.starts_with(&[0xFF, 0xD8]) {
                "image/jpeg"
            } else {
                return Err(Error::invalid(
                    "scan",
                    "Le scan doit être un PDF, un PNG ou un JPEG.",
                ));
            };
            Some((name, mime, sha256_hex(&bytes), bytes))
        }
    };
    let now = cf.now();
    cf.write(|tx| {
        let conn = tx.conn();
        for p in positions {
            conn.prepare_cached(
                "UPDATE document_signatory SET method = 'paper', signed_at = ?3
                  WHERE document_id = ?1 AND position = ?2 AND signed_at IS NULL",
            )?
            .execute(params![id, p, signed_on.and_time(chrono::NaiveTime::MIN)])?;
        }
        if let Some((name, mime, sha, bytes)) = &scan {
            conn.prepare_cached(
                "INSERT INTO document_scan (document_id, file_name, mime, bytes, sha256, signed_on, attached_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![id, name, mime, bytes, sha, signed_on, now])?;
        }
        conn.prepare_cached("UPDATE document SET state = 'signed', updated_at = ?2 WHERE id = ?1")?
            .execute(params![id, now])?;
        tx.journal(JournalDraft {
            entity: "document",
            entity_id: Some(id),
            student_id: d.student_id,
            summary: format!("{} {} (version {}) signé sur papier le {}", d.title, d.reference, d.version, fr(signed_on)),
            changes: scan
                .iter()
                .map(|(name, _, sha, _)| Change { field: format!("Scan {name}"), before: None, after: Some(sha.clone()) })
                .collect(),
        })
    })?;
    document(cf, id)
}

/// Writes a document version's PDF to `path` (a copy the user chose to keep or print),
/// atomically.
pub fn save_pdf(cf: &CaseFile, id: i64, path: &std::path::Path) -> Result<()> {
    crate::files::write_whole(path, &pdf(cf, id)?)
}

/// Reads a file the user chose (a PDF to check, a scan to attach), refusing what is too big.
pub fn read_user_file(path: &std::path::Path) -> Result<(String, Vec<u8>)> {
    let meta = std::fs::metadata(path)
        .map_err(|_| Error::NotFound(format!("Le fichier {} est introuvable.", path.display())))?;
    if meta.len() > 50 * 1024 * 1024 {
        return Err(Error::invalid(
            "path",
            "Ce fichier dépasse 50 Mo : réduisez la résolution du scan.",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((name, bytes))
}
