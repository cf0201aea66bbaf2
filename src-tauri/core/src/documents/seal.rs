//! The establishment's seal: every document Accroche prints is signed in the establishment's name,
//! so that anyone holding its certificate authority can tell the file is the one the référent
//! produced, unchanged.
//!
//! - [`create_authority`] makes, once per case file, a certificate authority for the establishment
//!   (self-signed, about 20 years) and a seal key with its certificate signed by that authority
//!   (about 10 years). The authority's own private key is dropped as soon as the seal certificate
//!   is signed: nothing can issue another certificate in the establishment's name afterwards.
//! - [`seal`] appends an incremental update to a finished PDF: an invisible signature field and a
//!   `/Sig` dictionary (`/adbe.pkcs7.detached`) whose `/Contents` is a CMS `SignedData` over the
//!   `/ByteRange`, as Acrobat, poppler (`pdfsig`) and NSS expect. The bytes of the original
//!   document are kept as they are, so a document sealed twice keeps its first seal valid.
//! - [`check`] verifies, in process, the last seal of a PDF against the case file's authority.
//! - [`ca_pem`] gives the authority's certificate to whoever must verify outside Accroche.
//!
//! RSA 2048 and SHA-256 throughout (PKCS #1 v1.5). Times are passed in, never read from the
//! system clock; they are the local wall-clock times the app's clock gives, converted to UTC with
//! the computer's time zone for the certificates and the CMS signing time.

use chrono::{DateTime, Duration, Local, Months, NaiveDateTime, TimeZone, Utc};
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo};
use const_oid::db::{rfc4519, rfc5911, rfc5912};
use const_oid::ObjectIdentifier;
use der::asn1::{GeneralizedTime, OctetStringRef, SetOfVec, UtcTime};
use der::{Any, Decode, Encode, SliceReader, Tag, Tagged};
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
use rsa::signature::Verifier;
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use x509_cert::attr::{Attribute, AttributeTypeAndValue};
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

use crate::error::{Error, Result};
use crate::text::hex_decode;

/// Bytes reserved in `/Contents` for the CMS signature. A seal with its two RSA 2048 certificates
/// takes about 2.5 KB; the rest stays as zeros, as the format allows.
pub const SIGNATURE_CAPACITY: usize = 8192;

/// RSA modulus size of both keys.
const KEY_BITS: usize = 2048;

/// The authority's and the seal's validity, in months.
const CA_MONTHS: u32 = 20 * 12;
const SEAL_MONTHS: u32 = 10 * 12;

/// The establishment's certificate authority and seal key (DER), created once per case file.
#[derive(Clone, PartialEq, Eq)]
pub struct Authority {
    /// The authority's self-signed certificate (X.509, DER). Its private key is not kept.
    pub ca_cert_der: Vec<u8>,
    /// The seal's certificate, issued by the authority (X.509, DER).
    pub seal_cert_der: Vec<u8>,
    /// The seal's private key (PKCS #8, DER, unencrypted: the case file that holds it is).
    pub seal_key_pkcs8_der: Vec<u8>,
}

impl std::fmt::Debug for Authority {
    /// Never prints the private key.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authority")
            .field(
                "ca_cert_der",
                &format_args!("{} bytes", self.ca_cert_der.len()),
            )
            .field(
                "seal_cert_der",
                &format_args!("{} bytes", self.seal_cert_der.len()),
            )
            .field("seal_key_pkcs8_der", &"<secret>")
            .finish()
    }
}

/// What [`check`] found on a sealed document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealInfo {
    /// The seal certificate's common name, "Sceau de <établissement>".
    pub signer: String,
    /// The establishment the seal certificate names (its organisation).
    pub establishment: String,
    /// When the document was sealed (the CMS signing time), as local wall-clock time.
    pub signing_time: NaiveDateTime,
    /// How many seals the document carries; only the last one is verified.
    pub seals: usize,
}

/// Creates the establishment's certificate authority and its seal key, valid from `now` (less one
/// day, for computers whose clocks disagree): the authority about 20 years, the seal 10.
///
/// Generates two RSA 2048 keys: about a second in an optimised build, longer in a debug one.
pub fn create_authority(
    establishment_name: &str,
    uai: &str,
    now: NaiveDateTime,
) -> Result<Authority> {
    let establishment = establishment_name.trim();
    let uai = uai.trim();
    if establishment.is_empty() {
        return Err(Error::Format(
            "Le nom de l'établissement est nécessaire pour créer son sceau.".into(),
        ));
    }
    if uai.is_empty() {
        return Err(Error::Format(
            "Le numéro UAI de l'établissement est nécessaire pour créer son sceau.".into(),
        ));
    }

    let mut rng = rand::rngs::OsRng;
    let ca_key = RsaPrivateKey::new(&mut rng, KEY_BITS).map_err(|e| internal("clé", e))?;
    let seal_key = RsaPrivateKey::new(&mut rng, KEY_BITS).map_err(|e| internal("clé", e))?;

    let start = to_utc(now) - Duration::days(1);
    let ca_name = name(
        &format!("Accroche — {establishment} ({uai})"),
        establishment,
    )?;
    let seal_name = name(&format!("Sceau de {establishment}"), establishment)?;

    let ca_public = spki_of(&ca_key.to_public_key())?;
    let seal_public = spki_of(&seal_key.to_public_key())?;
    let ca_signer = SigningKey::<Sha256>::new(ca_key);

    let ca_cert = CertificateBuilder::new(
        Profile::Root,
        serial_number(&mut rng)?,
        validity(start, CA_MONTHS)?,
        ca_name.clone(),
        ca_public,
        &ca_signer,
    )
    .map_err(|e| internal("certificat", e))?
    .build::<Signature>()
    .map_err(|e| internal("certificat", e))?;

    let seal_cert = CertificateBuilder::new(
        Profile::Leaf {
            issuer: ca_name,
            enable_key_agreement: false,
            enable_key_encipherment: false,
        },
        serial_number(&mut rng)?,
        validity(start, SEAL_MONTHS)?,
        seal_name,
        seal_public,
        &ca_signer,
    )
    .map_err(|e| internal("certificat", e))?
    .build::<Signature>()
    .map_err(|e| internal("certificat", e))?;

    Ok(Authority {
        ca_cert_der: ca_cert.to_der().map_err(|e| internal("certificat", e))?,
        seal_cert_der: seal_cert.to_der().map_err(|e| internal("certificat", e))?,
        seal_key_pkcs8_der: seal_key
            .to_pkcs8_der()
            .map_err(|e| internal("clé", e))?
            .as_bytes()
            .to_vec(),
    })
}

/// The CA certificate as PEM, for whoever must verify (exported from Paramètres later).
pub fn ca_pem(authority: &Authority) -> String {
    let mut pem = String::from("-----BEGIN CERTIFICATE-----\n");
    let encoded = base64(&authority.ca_cert_der);
    for line in encoded.as_bytes().chunks(64) {
        pem.push_str(&String::from_utf8_lossy(line));
        pem.push('\n');
    }
    pem.push_str("-----END CERTIFICATE-----\n");
    pem
}

/// Signs `pdf` (a complete PDF from the renderer): appends an incremental update with an invisible
/// signature field on the first page and a `/Sig` dictionary (`/Adobe.PPKLite`,
/// `/adbe.pkcs7.detached`) whose `/Contents` is a CMS `SignedData` over the `/ByteRange`: signed
/// attributes content-type, message-digest (SHA-256) and signing-time; the seal certificate and
/// the authority's certificate included. `/M` is the signing time, `/Reason` the `reason` (left
/// out when empty), `/Name` the seal's common name.
///
/// A PDF already sealed can be sealed again: its bytes are kept, so its earlier seal stays valid.
pub fn seal(
    pdf: &[u8],
    authority: &Authority,
    signing_time: NaiveDateTime,
    reason: &str,
) -> Result<Vec<u8>> {
    let seal_cert = Certificate::from_der(&authority.seal_cert_der).map_err(|_| bad_authority())?;
    let ca_cert = Certificate::from_der(&authority.ca_cert_der).map_err(|_| bad_authority())?;
    let key = RsaPrivateKey::from_pkcs8_der(&authority.seal_key_pkcs8_der)
        .map_err(|_| bad_authority())?;
    if spki_of(&key.to_public_key())? != seal_cert.tbs_certificate.subject_public_key_info {
        return Err(bad_authority());
    }

    let utc = to_utc(signing_time);
    let validity = &seal_cert.tbs_certificate.validity;
    if !within(utc, validity) {
        return Err(Error::Format(format!(
            "Le sceau de l'établissement n'est pas valable à cette date : il l'est du {} au {}.",
            french_date(&validity.not_before),
            french_date(&validity.not_after)
        )));
    }
    let signer_name = common_name(&seal_cert.tbs_certificate.subject).unwrap_or_default();

    let mut out = incremental_update(pdf, &signer_name, utc, signing_time, reason)?;

    // Digest the two byte ranges, sign, and write the CMS in the placeholder.
    let placeholder = out.contents;
    let bytes = &mut out.bytes;
    let digest = Sha256::new()
        .chain_update(&bytes[..placeholder.start])
        .chain_update(&bytes[placeholder.end..])
        .finalize();
    let cms = signed_data(&digest, utc, key, &seal_cert, &ca_cert)?;
    if cms.len() > SIGNATURE_CAPACITY {
        return Err(internal(
            "signature",
            format!("{} octets pour {SIGNATURE_CAPACITY} réservés", cms.len()),
        ));
    }
    let hex = hex_upper(&cms);
    bytes[placeholder.start + 1..placeholder.start + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    Ok(out.bytes)
}

/// Checks a sealed PDF in-process: finds the last signature, recomputes the digest over its
/// ByteRange, verifies the CMS signature with the embedded seal certificate and that this
/// certificate is issued by `authority`'s CA. Returns what it found (signer, signing time) or a
/// French error saying what is wrong ("Le document a été modifié après son scellement.", "Le
/// sceau n'est pas celui de cet établissement.", "Ce document n'est pas scellé.").
///
/// Reads the file's bytes rather than its object structure, so that a document damaged anywhere
/// still says it was modified rather than that it is unreadable.
pub fn check(pdf: &[u8], authority: &Authority) -> Result<SealInfo> {
    let ca_cert = Certificate::from_der(&authority.ca_cert_der).map_err(|_| bad_authority())?;
    let seals = find_byte_ranges(pdf);
    let Some(&[start, first_len, second_start, second_len]) = seals.last() else {
        return Err(Error::Format("Ce document n'est pas scellé.".into()));
    };

    // The last seal must cover the whole file but its own signature, which sits between '<' and
    // '>' in the gap.
    let covers_all = start == 0
        && first_len < second_start
        && second_start.checked_add(second_len) == Some(pdf.len())
        && pdf.get(first_len) == Some(&b'<')
        && pdf.get(second_start - 1) == Some(&b'>');
    if !covers_all {
        return Err(modified());
    }
    let der = hex_decode(&pdf[first_len + 1..second_start - 1]).ok_or_else(unreadable_seal)?;
    let mut reader = SliceReader::new(&der).map_err(|_| unreadable_seal())?;
    let content = ContentInfo::decode(&mut reader).map_err(|_| unreadable_seal())?;
    if content.content_type != rfc5911::ID_SIGNED_DATA {
        return Err(unreadable_seal());
    }
    let signed: SignedData = content.content.decode_as().map_err(|_| unreadable_seal())?;
    let signer_info = signed
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or_else(unreadable_seal)?;
    let cert = signer_certificate(&signed, signer_info).ok_or_else(unreadable_seal)?;

    if signer_info.digest_alg.oid != rfc5912::ID_SHA_256 {
        return Err(unreadable_seal());
    }
    let attributes = signer_info
        .signed_attrs
        .as_ref()
        .ok_or_else(unreadable_seal)?;
    let content_type =
        attribute(attributes.as_slice(), rfc5911::ID_CONTENT_TYPE).ok_or_else(unreadable_seal)?;
    if content_type.decode_as::<ObjectIdentifier>().ok() != Some(rfc5911::ID_DATA) {
        return Err(unreadable_seal());
    }
    let message_digest =
        attribute(attributes.as_slice(), rfc5911::ID_MESSAGE_DIGEST).ok_or_else(unreadable_seal)?;
    let message_digest = OctetStringRef::try_from(message_digest).map_err(|_| unreadable_seal())?;
    let digest = Sha256::new()
        .chain_update(&pdf[..first_len])
        .chain_update(&pdf[second_start..])
        .finalize();
    if message_digest.as_bytes() != digest.as_slice() {
        return Err(modified());
    }

    // The signature over the signed attributes (DER, as a SET OF), with the seal's key.
    let signed_bytes = attributes.to_der().map_err(|_| unreadable_seal())?;
    let accepted = [
        rfc5912::RSA_ENCRYPTION,
        rfc5912::SHA_256_WITH_RSA_ENCRYPTION,
    ];
    if !accepted.contains(&signer_info.signature_algorithm.oid)
        || !verifies(
            &cert.tbs_certificate.subject_public_key_info,
            &signed_bytes,
            signer_info.signature.as_bytes(),
        )
    {
        return Err(Error::Format(
            "Le sceau de ce document est invalide : sa signature ne correspond pas à son certificat."
                .into(),
        ));
    }

    // The seal certificate must be issued by this establishment's authority.
    let tbs = cert
        .tbs_certificate
        .to_der()
        .map_err(|_| unreadable_seal())?;
    let issued_here = cert.tbs_certificate.issuer == ca_cert.tbs_certificate.subject
        && cert.signature_algorithm.oid == rfc5912::SHA_256_WITH_RSA_ENCRYPTION
        && cert.signature.as_bytes().is_some_and(|signature| {
            verifies(
                &ca_cert.tbs_certificate.subject_public_key_info,
                &tbs,
                signature,
            )
        });
    if !issued_here {
        return Err(Error::Format(
            "Le sceau n'est pas celui de cet établissement.".into(),
        ));
    }

    let signing_time = attribute(attributes.as_slice(), rfc5911::ID_SIGNING_TIME)
        .and_then(|value| value.to_der().ok())
        .and_then(|der| Time::from_der(&der).ok())
        .ok_or_else(unreadable_seal)?;
    let utc = time_to_utc(&signing_time).ok_or_else(unreadable_seal)?;
    if !within(utc, &cert.tbs_certificate.validity) {
        return Err(Error::Format(
            "Le document a été scellé en dehors de la période de validité du sceau.".into(),
        ));
    }

    Ok(SealInfo {
        signer: common_name(&cert.tbs_certificate.subject).unwrap_or_default(),
        establishment: organization(&cert.tbs_certificate.subject).unwrap_or_default(),
        signing_time: utc.with_timezone(&Local).naive_local(),
        seals: seals.len(),
    })
}

// ---------------------------------------------------------------------------------------------
// The PDF side.

/// The PDF with its update appended, and where the `/Contents` hex string sits (from its `<` to
/// just after its `>`).
struct Update {
    bytes: Vec<u8>,
    contents: std::ops::Range<usize>,
}

/// Appends to `pdf` an incremental update with the signature dictionary (a zeroed `/Contents`
/// and its final `/ByteRange`), the signature field and widget, the updated catalog (or its
/// AcroForm) and first page, and a cross-reference section of the kind the file already uses.
fn incremental_update(
    pdf: &[u8],
    signer_name: &str,
    utc: DateTime<Utc>,
    local: NaiveDateTime,
    reason: &str,
) -> Result<Update> {
    let doc = Document::load_mem(pdf).map_err(|e| {
        Error::Format(format!(
            "Le document à sceller n'est pas un PDF lisible ({e})."
        ))
    })?;
    if doc.trailer.has(b"Encrypt") {
        return Err(Error::Format(
            "Un document chiffré ne peut pas être scellé.".into(),
        ));
    }
    if doc.xref_recovery.is_some() || doc.xref_start == 0 || doc.xref_start >= pdf.len() {
        return Err(Error::Format(
            "Le document à sceller est endommagé : sa table des objets est incorrecte.".into(),
        ));
    }
    let previous_is_stream = !pdf[doc.xref_start..]
        .trim_ascii_start()
        .starts_with(b"xref");

    let root_id = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| not_a_document())?;
    let mut catalog = doc
        .get_dictionary(root_id)
        .map_err(|_| not_a_document())?
        .clone();
    let page_id = *doc
        .get_pages()
        .values()
        .next()
        .ok_or_else(|| Error::Format("Le document à sceller n'a aucune page.".into()))?;
    let mut page = doc
        .get_dictionary(page_id)
        .map_err(|_| not_a_document())?
        .clone();

    let declared_size = doc
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .ok()
        .and_then(|size| u32::try_from(size).ok())
        .unwrap_or(0);
    let first_free = declared_size.max(doc.max_id.saturating_add(1));
    let sig_id: ObjectId = (first_free, 0);
    let field_id: ObjectId = (first_free + 1, 0);
    let appearance_id: ObjectId = (first_free + 2, 0);
    let mut next_free = first_free + 3;

    // Objects written after the signature dictionary, in this order.
    let mut objects: Vec<(ObjectId, Object)> = Vec::new();

    // The AcroForm: in the catalog, or an object of its own.
    let field_name;
    match catalog.get(b"AcroForm") {
        Ok(Object::Reference(form_id)) => {
            let form_id = *form_id;
            let mut form = doc
                .get_dictionary(form_id)
                .map_err(|_| not_a_document())?
                .clone();
            field_name = add_field(&doc, &mut form, field_id)?;
            objects.push((form_id, Object::Dictionary(form)));
        }
        Ok(Object::Dictionary(form)) => {
            let mut form = form.clone();
            field_name = add_field(&doc, &mut form, field_id)?;
            catalog.set("AcroForm", form);
            objects.push((root_id, Object::Dictionary(catalog)));
        }
        _ => {
            let form_id = (next_free, 0);
            next_free += 1;
            let mut form = Dictionary::new();
            field_name = add_field(&doc, &mut form, field_id)?;
            objects.push((form_id, Object::Dictionary(form)));
            catalog.set("AcroForm", Object::Reference(form_id));
            objects.push((root_id, Object::Dictionary(catalog)));
        }
    }

    // The widget on the first page's annotations.
    match page.get(b"Annots") {
        Ok(Object::Reference(annots_id)) => {
            let annots_id = *annots_id;
            let mut annots = doc
                .get_object(annots_id)
                .and_then(Object::as_array)
                .map_err(|_| not_a_document())?
                .clone();
            annots.push(Object::Reference(field_id));
            objects.push((annots_id, Object::Array(annots)));
        }
        Ok(Object::Array(annots)) => {
            let mut annots = annots.clone();
            annots.push(Object::Reference(field_id));
            page.set("Annots", annots);
            objects.push((page_id, Object::Dictionary(page)));
        }
        _ => {
            page.set("Annots", vec![Object::Reference(field_id)]);
            objects.push((page_id, Object::Dictionary(page)));
        }
    }

    // The merged field and widget: invisible (zero rectangle), printed, locked.
    let mut field = Dictionary::new();
    field.set("Type", Object::Name(b"Annot".to_vec()));
    field.set("Subtype", Object::Name(b"Widget".to_vec()));
    field.set("FT", Object::Name(b"Sig".to_vec()));
    field.set("T", Object::String(field_name, StringFormat::Literal));
    field.set("V", Object::Reference(sig_id));
    field.set("F", 132);
    field.set("Rect", vec![0.into(), 0.into(), 0.into(), 0.into()]);
    field.set("P", Object::Reference(page_id));
    let mut appearance = Dictionary::new();
    appearance.set("N", Object::Reference(appearance_id));
    field.set("AP", appearance);
    objects.push((field_id, Object::Dictionary(field)));

    let mut form_xobject = Dictionary::new();
    form_xobject.set("Type", Object::Name(b"XObject".to_vec()));
    form_xobject.set("Subtype", Object::Name(b"Form".to_vec()));
    form_xobject.set("BBox", vec![0.into(), 0.into(), 0.into(), 0.into()]);
    objects.push((
        appearance_id,
        Object::Stream(lopdf::Stream::new(form_xobject, Vec::new())),
    ));

    // Write: the original bytes, then the signature dictionary, then the other objects.
    let mut bytes = Vec::with_capacity(pdf.len() + 2 * SIGNATURE_CAPACITY + 4096);
    bytes.extend_from_slice(pdf);
    if !matches!(bytes.last(), Some(b'\n' | b'\r')) {
        bytes.push(b'\n');
    }
    let mut offsets: Vec<(ObjectId, usize)> = Vec::new();

    offsets.push((sig_id, bytes.len()));
    bytes.extend_from_slice(format!("{} {} obj\n", sig_id.0, sig_id.1).as_bytes());
    bytes.extend_from_slice(
        b"<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached /ByteRange ",
    );
    let byte_range_at = bytes.len();
    bytes.extend_from_slice(BYTE_RANGE_PLACEHOLDER);
    bytes.extend_from_slice(b"\n/Contents ");
    let contents_start = bytes.len();
    bytes.push(b'<');
    bytes.resize(bytes.len() + 2 * SIGNATURE_CAPACITY, b'0');
    bytes.push(b'>');
    let contents_end = bytes.len();
    bytes.extend_from_slice(format!("\n/M {}", pdf_date(utc, local)).as_bytes());
    bytes.extend_from_slice(format!("\n/Name {}", pdf_text_hex(signer_name)).as_bytes());
    if !reason.trim().is_empty() {
        bytes.extend_from_slice(format!("\n/Reason {}", pdf_text_hex(reason.trim())).as_bytes());
    }
    bytes.extend_from_slice(b"\n/Prop_Build << /App << /Name /Accroche >> >>\n>>\nendobj\n");

    for (id, object) in &objects {
        offsets.push((*id, bytes.len()));
        bytes.extend_from_slice(format!("{} {} obj\n", id.0, id.1).as_bytes());
        lopdf::Writer::write_object(&mut bytes, object).map_err(|e| internal("PDF", e))?;
        bytes.extend_from_slice(b"\nendobj\n");
    }

    // The cross-reference section and trailer.
    let mut trailer = Dictionary::new();
    trailer.set("Root", Object::Reference(root_id));
    for key in [&b"Info"[..], b"ID"] {
        if let Ok(value) = doc.trailer.get(key) {
            trailer.set(key, value.clone());
        }
    }
    trailer.set("Prev", doc.xref_start as i64);
    if previous_is_stream {
        write_xref_stream(&mut bytes, &mut offsets, (next_free, 0), trailer)?;
    } else {
        trailer.set("Size", i64::from(next_free));
        write_xref_table(&mut bytes, &offsets, trailer)?;
    }

    // The byte ranges are known now: everything but the hex string of `/Contents`.
    let byte_range = format!(
        "[0 {contents_start} {contents_end} {}]",
        bytes.len() - contents_end
    );
    if byte_range.len() > BYTE_RANGE_PLACEHOLDER.len() {
        return Err(internal("PDF", "document trop grand"));
    }
    let slot = &mut bytes[byte_range_at..byte_range_at + BYTE_RANGE_PLACEHOLDER.len()];
    slot.fill(b' ');
    slot[..byte_range.len()].copy_from_slice(byte_range.as_bytes());

    Ok(Update {
        bytes,
        contents: contents_start..contents_end,
    })
}

/// Room for `[0 a b c]` with three ten-digit numbers; the unused end is blanked.
const BYTE_RANGE_PLACEHOLDER: &[u8] = b"[0 0000000000 0000000000 0000000000]";

/// Adds the signature field to an AcroForm dictionary (its `/Fields` inlined if it was a
/// reference), sets `/SigFlags` to 3 (signatures exist, append only) and returns the field's
/// name: `Sceau1`, `Sceau2`… the first one free.
fn add_field(doc: &Document, form: &mut Dictionary, field_id: ObjectId) -> Result<Vec<u8>> {
    let mut fields = match form.get(b"Fields") {
        Ok(fields) => doc
            .dereference(fields)
            .and_then(|(_, fields)| fields.as_array())
            .map_err(|_| not_a_document())?
            .clone(),
        Err(_) => Vec::new(),
    };
    let taken: Vec<Vec<u8>> = fields
        .iter()
        .filter_map(|field| doc.dereference(field).ok())
        .filter_map(|(_, field)| field.as_dict().ok())
        .filter_map(|field| field.get(b"T").and_then(Object::as_str).ok())
        .map(<[u8]>::to_vec)
        .collect();
    let name = (1..)
        .map(|n| format!("Sceau{n}").into_bytes())
        .find(|name| !taken.contains(name))
        .unwrap_or_else(|| b"Sceau".to_vec());
    fields.push(Object::Reference(field_id));
    form.set("Fields", fields);
    form.set("SigFlags", 3);
    Ok(name)
}

/// A classic cross-reference table for the update's objects, then trailer and `startxref`.
fn write_xref_table(
    bytes: &mut Vec<u8>,
    offsets: &[(ObjectId, usize)],
    trailer: Dictionary,
) -> Result<()> {
    let xref_at = bytes.len();
    bytes.extend_from_slice(b"xref\n");
    let mut sorted = offsets.to_vec();
    sorted.sort_by_key(|(id, _)| id.0);
    for run in runs(&sorted) {
        bytes.extend_from_slice(format!("{} {}\n", run[0].0 .0, run.len()).as_bytes());
        for ((_, generation), offset) in run {
            bytes.extend_from_slice(format!("{offset:010} {generation:05} n\r\n").as_bytes());
        }
    }
    bytes.extend_from_slice(b"trailer\n");
    lopdf::Writer::write_object(bytes, &Object::Dictionary(trailer))
        .map_err(|e| internal("PDF", e))?;
    bytes.extend_from_slice(format!("\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    Ok(())
}

/// A cross-reference stream (for files that use them), uncompressed, listing itself too.
fn write_xref_stream(
    bytes: &mut Vec<u8>,
    offsets: &mut Vec<(ObjectId, usize)>,
    stream_id: ObjectId,
    mut trailer: Dictionary,
) -> Result<()> {
    let xref_at = bytes.len();
    offsets.push((stream_id, xref_at));
    let mut sorted = offsets.clone();
    sorted.sort_by_key(|(id, _)| id.0);
    let mut index = Vec::new();
    let mut data = Vec::new();
    for run in runs(&sorted) {
        index.push(Object::Integer(i64::from(run[0].0 .0)));
        index.push(Object::Integer(run.len() as i64));
        for ((_, generation), offset) in run {
            let offset =
                u32::try_from(*offset).map_err(|_| internal("PDF", "document trop grand"))?;
            data.push(1);
            data.extend_from_slice(&offset.to_be_bytes());
            data.extend_from_slice(&generation.to_be_bytes());
        }
    }
    trailer.set("Type", Object::Name(b"XRef".to_vec()));
    trailer.set("Size", i64::from(stream_id.0) + 1);
    trailer.set("Index", index);
    trailer.set("W", vec![1.into(), 4.into(), 2.into()]);
    bytes.extend_from_slice(format!("{} {} obj\n", stream_id.0, stream_id.1).as_bytes());
    lopdf::Writer::write_object(bytes, &Object::Stream(lopdf::Stream::new(trailer, data)))
        .map_err(|e| internal("PDF", e))?;
    bytes.extend_from_slice(format!("\nendobj\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
    Ok(())
}

/// Splits object ids sorted ascending into runs of consecutive numbers.
fn runs(sorted: &[(ObjectId, usize)]) -> Vec<&[(ObjectId, usize)]> {
    let mut runs = Vec::new();
    let mut start = 0;
    for i in 1..=sorted.len() {
        if i == sorted.len() || sorted[i].0 .0 != sorted[i - 1].0 .0 + 1 {
            runs.push(&sorted[start..i]);
            start = i;
        }
    }
    runs
}

/// Every `/ByteRange [a b c d]` of the file, in file order.
fn find_byte_ranges(pdf: &[u8]) -> Vec<[usize; 4]> {
    const KEY: &[u8] = b"/ByteRange";
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = find(&pdf[from..], KEY).map(|i| i + from) {
        from = at + KEY.len();
        if let Some(range) = parse_byte_range(&pdf[from..]) {
            found.push(range);
        }
    }
    found
}

/// Four non-negative integers in brackets, after optional white space.
fn parse_byte_range(text: &[u8]) -> Option<[usize; 4]> {
    let text = text.trim_ascii_start().strip_prefix(b"[")?;
    let end = text.iter().position(|&b| b == b']')?;
    let inner = std::str::from_utf8(&text[..end]).ok()?;
    let numbers: Vec<usize> = inner
        .split_ascii_whitespace()
        .map(str::parse)
        .collect::<std::result::Result<_, _>>()
        .ok()?;
    numbers.try_into().ok()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A PDF date, `D:YYYYMMDDHHmmSS+HH'mm'`, the local time with its offset from UTC.
fn pdf_date(utc: DateTime<Utc>, local: NaiveDateTime) -> String {
    let offset_minutes = (local - utc.naive_utc()).num_minutes();
    let sign = if offset_minutes < 0 { '-' } else { '+' };
    let offset_minutes = offset_minutes.abs();
    format!(
        "(D:{}{sign}{:02}'{:02}')",
        local.format("%Y%m%d%H%M%S"),
        offset_minutes / 60,
        offset_minutes % 60
    )
}

/// A PDF text string as hex: UTF-16BE with its byte order mark (accents survive every reader).
fn pdf_text_hex(text: &str) -> String {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    format!("<{}>", hex_upper(&bytes))
}

// ---------------------------------------------------------------------------------------------
// The certificate and CMS side.

/// The CMS `SignedData` (DER) for a detached signature over `digest`.
fn signed_data(
    digest: &[u8],
    utc: DateTime<Utc>,
    key: RsaPrivateKey,
    seal_cert: &Certificate,
    ca_cert: &Certificate,
) -> Result<Vec<u8>> {
    let cms_error = |e: cms::builder::Error| internal("signature", e);
    let sha256 = AlgorithmIdentifierOwned {
        oid: rfc5912::ID_SHA_256,
        parameters: None,
    };
    let content = EncapsulatedContentInfo {
        econtent_type: rfc5911::ID_DATA,
        econtent: None,
    };
    let signer = SigningKey::<Sha256>::new(key);
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: seal_cert.tbs_certificate.issuer.clone(),
        serial_number: seal_cert.tbs_certificate.serial_number.clone(),
    });
    let mut signer_info =
        SignerInfoBuilder::new(&signer, sid, sha256.clone(), &content, Some(digest))
            .map_err(cms_error)?;
    signer_info
        .add_signed_attribute(signing_time_attribute(utc)?)
        .map_err(cms_error)?;
    let mut builder = SignedDataBuilder::new(&content);
    builder
        .add_digest_algorithm(sha256)
        .map_err(cms_error)?
        .add_certificate(CertificateChoices::Certificate(seal_cert.clone()))
        .map_err(cms_error)?
        .add_certificate(CertificateChoices::Certificate(ca_cert.clone()))
        .map_err(cms_error)?
        .add_signer_info::<_, Signature>(signer_info)
        .map_err(cms_error)?;
    builder
        .build()
        .map_err(cms_error)?
        .to_der()
        .map_err(|e| internal("signature", e))
}

/// The signing-time attribute: UTCTime until 2049, GeneralizedTime after (RFC 5652 § 11.3).
fn signing_time_attribute(utc: DateTime<Utc>) -> Result<Attribute> {
    let time = der_date_time(utc)?;
    let value = if time.year() <= 2049 {
        Any::encode_from(&UtcTime::from_date_time(time).map_err(|e| internal("date", e))?)
    } else {
        Any::encode_from(&GeneralizedTime::from_date_time(time))
    }
    .map_err(|e| internal("date", e))?;
    let mut values = SetOfVec::new();
    values.insert(value).map_err(|e| internal("date", e))?;
    Ok(Attribute {
        oid: rfc5911::ID_SIGNING_TIME,
        values,
    })
}

/// The first value of the signed attribute `oid`.
fn attribute(attributes: &[Attribute], oid: ObjectIdentifier) -> Option<&Any> {
    attributes
        .iter()
        .find(|attribute| attribute.oid == oid)
        .and_then(|attribute| attribute.values.iter().next())
}

/// The certificate the signer info names (issuer and serial number, or subject key identifier).
fn signer_certificate<'a>(signed: &'a SignedData, signer: &SignerInfo) -> Option<&'a Certificate> {
    signed
        .certificates
        .as_ref()?
        .0
        .iter()
        .filter_map(|choice| match choice {
            CertificateChoices::Certificate(cert) => Some(cert),
            CertificateChoices::Other(_) => None,
        })
        .find(|cert| match &signer.sid {
            SignerIdentifier::IssuerAndSerialNumber(id) => {
                cert.tbs_certificate.issuer == id.issuer
                    && cert.tbs_certificate.serial_number == id.serial_number
            }
            SignerIdentifier::SubjectKeyIdentifier(_) => false,
        })
}

/// Whether `signature` is an RSA PKCS #1 v1.5 SHA-256 signature of `message` by `key`.
fn verifies(key: &SubjectPublicKeyInfoOwned, message: &[u8], signature: &[u8]) -> bool {
    let Ok(key_der) = key.to_der() else {
        return false;
    };
    let Ok(public) = RsaPublicKey::from_public_key_der(&key_der) else {
        return false;
    };
    let Ok(signature) = Signature::try_from(signature) else {
        return false;
    };
    VerifyingKey::<Sha256>::new(public)
        .verify(message, &signature)
        .is_ok()
}

/// A name with an organisation and a common name, both UTF-8.
fn name(common_name: &str, organization: &str) -> Result<Name> {
    let mut rdns = Vec::new();
    for (oid, value) in [(rfc4519::O, organization), (rfc4519::CN, common_name)] {
        let value = Any::new(Tag::Utf8String, value.as_bytes()).map_err(|e| internal("nom", e))?;
        let mut set = SetOfVec::new();
        set.insert(AttributeTypeAndValue { oid, value })
            .map_err(|e| internal("nom", e))?;
        rdns.push(RelativeDistinguishedName(set));
    }
    Ok(RdnSequence(rdns))
}

fn common_name(name: &Name) -> Option<String> {
    name_part(name, rfc4519::CN)
}

fn organization(name: &Name) -> Option<String> {
    name_part(name, rfc4519::O)
}

/// The text of the first `oid` attribute of `name` (UTF-8, printable or IA5 string).
fn name_part(name: &Name, oid: ObjectIdentifier) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == oid)
        .filter(|atv| {
            matches!(
                atv.value.tag(),
                Tag::Utf8String | Tag::PrintableString | Tag::Ia5String
            )
        })
        .and_then(|atv| std::str::from_utf8(atv.value.value()).ok())
        .map(str::to_owned)
}

fn spki_of(key: &RsaPublicKey) -> Result<SubjectPublicKeyInfoOwned> {
    let der = key.to_public_key_der().map_err(|e| internal("clé", e))?;
    SubjectPublicKeyInfoOwned::from_der(der.as_bytes()).map_err(|e| internal("clé", e))
}

/// A random positive serial number of 16 bytes at most.
fn serial_number(rng: &mut rand::rngs::OsRng) -> Result<SerialNumber> {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(rng, &mut bytes);
    bytes[0] = (bytes[0] & 0x7F) | 0x01;
    SerialNumber::new(&bytes).map_err(|e| internal("certificat", e))
}

/// From `start`, `months` long.
fn validity(start: DateTime<Utc>, months: u32) -> Result<Validity> {
    let end = start
        .checked_add_months(Months::new(months))
        .ok_or_else(|| internal("date", "hors limites"))?;
    Ok(Validity {
        not_before: x509_time(start)?,
        not_after: x509_time(end)?,
    })
}

/// UTCTime until 2049, GeneralizedTime after (RFC 5280 § 4.1.2.5).
fn x509_time(utc: DateTime<Utc>) -> Result<Time> {
    let time = der_date_time(utc)?;
    Ok(if time.year() <= 2049 {
        Time::UtcTime(UtcTime::from_date_time(time).map_err(|e| internal("date", e))?)
    } else {
        Time::GeneralTime(GeneralizedTime::from_date_time(time))
    })
}

fn der_date_time(utc: DateTime<Utc>) -> Result<der::DateTime> {
    use chrono::{Datelike, Timelike};
    let year = u16::try_from(utc.year()).map_err(|e| internal("date", e))?;
    der::DateTime::new(
        year,
        utc.month() as u8,
        utc.day() as u8,
        utc.hour() as u8,
        utc.minute() as u8,
        utc.second() as u8,
    )
    .map_err(|e| internal("date", e))
}

fn time_to_utc(time: &Time) -> Option<DateTime<Utc>> {
    let seconds = i64::try_from(time.to_unix_duration().as_secs()).ok()?;
    DateTime::from_timestamp(seconds, 0)
}

/// Whether `utc` falls within the certificate validity.
fn within(utc: DateTime<Utc>, validity: &Validity) -> bool {
    match (
        time_to_utc(&validity.not_before),
        time_to_utc(&validity.not_after),
    ) {
        (Some(start), Some(end)) => start <= utc && utc <= end,
        _ => false,
    }
}

fn french_date(time: &Time) -> String {
    time_to_utc(time)
        .map(|utc| utc.with_timezone(&Local).format("%d/%m/%Y").to_string())
        .unwrap_or_default()
}

/// The local wall-clock time `local` in UTC. A time skipped by a change to summer time is read
/// with the offset in force just before the change.
fn to_utc(local: NaiveDateTime) -> DateTime<Utc> {
    match Local.from_local_datetime(&local).earliest() {
        Some(time) => time.with_timezone(&Utc),
        None => {
            let offset = Local.offset_from_utc_datetime(&(local - Duration::hours(3)));
            let seconds = i64::from(chrono::Offset::fix(&offset).local_minus_utc());
            Utc.from_utc_datetime(&(local - Duration::seconds(seconds)))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Errors and encodings.

fn internal(what: &str, error: impl std::fmt::Display) -> Error {
    Error::Format(format!(
        "Le sceau de l'établissement a rencontré une erreur interne ({what} : {error})."
    ))
}

fn bad_authority() -> Error {
    Error::Format(
        "Le sceau de l'établissement enregistré dans ce dossier est illisible ou incohérent."
            .into(),
    )
}

fn not_a_document() -> Error {
    Error::Format("Le document à sceller n'a pas la structure d'un PDF complet.".into())
}

fn modified() -> Error {
    Error::Format("Le document a été modifié après son scellement.".into())
}

fn unreadable_seal() -> Error {
    Error::Format("Le sceau de ce document est illisible.".into())
}

fn hex_upper(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut hex = String::with_capacity(bytes.len() * 2);
    for &byte in bytes {
        hex.push(DIGITS[usize::from(byte >> 4)] as char);
        hex.push(DIGITS[usize::from(byte & 0x0F)] as char);
    }
    hex
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> shift) & 0x3F) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }

    #[test]
    fn byte_ranges_are_read_with_any_spacing() {
        let text = b"<< /ByteRange [0 10 20 30]  /X 1 /ByteRange[ 0  1\n2 3 ] /ByteRange [1 2] >>";
        assert_eq!(find_byte_ranges(text), vec![[0, 10, 20, 30], [0, 1, 2, 3]]);
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(
            hex_decode(hex_upper(&[0, 1, 0xAB, 0xFF]).as_bytes()),
            Some(vec![0, 1, 0xAB, 0xFF])
        );
        assert_eq!(hex_decode(b"A"), Some(vec![0xA0]));
        assert_eq!(hex_decode(b"zz"), None);
    }
}
