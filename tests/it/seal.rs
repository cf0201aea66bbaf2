//! The establishment's seal, judged by real tools: poppler's `pdfsig` (NSS underneath), `qpdf`,
//! NSS's `certutil` — and by `seal::check`. Two authorities in all (four RSA keys), shared by
//! every test of this binary.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use accroche_core::documents::seal::{self, Authority};
use accroche_core::Error;
use chrono::{Datelike, Duration, NaiveDateTime, TimeZone, Timelike};

const ESTABLISHMENT: &str = "Lycée Jean-Moulin";
const UAI: &str = "0690001A";
const TEXT: &str = "Convention d'accompagnement";

/// Now, to the second. The tests use the real clock so that certificate checks done by NSS at
/// the current date keep passing as years go by.
fn now() -> NaiveDateTime {
    let now = chrono::Local::now().naive_local();
    now.with_nanosecond(0).unwrap_or(now)
}

/// The establishment's authority, created once for the whole test binary, with its creation time.
fn authority() -> &'static (Authority, NaiveDateTime) {
    static AUTHORITY: OnceLock<(Authority, NaiveDateTime)> = OnceLock::new();
    AUTHORITY.get_or_init(|| {
        let at = now();
        (seal::create_authority(ESTABLISHMENT, UAI, at).unwrap(), at)
    })
}

/// Another establishment's authority.
fn other_authority() -> &'static Authority {
    static AUTHORITY: OnceLock<Authority> = OnceLock::new();
    AUTHORITY
        .get_or_init(|| seal::create_authority("Collège Victor-Hugo", "0750002B", now()).unwrap())
}

/// A one-page PDF from printpdf, as the renderer makes them.
fn document() -> Vec<u8> {
    use printpdf::{
        BuiltinFont, Mm, Op, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt,
        TextItem,
    };
    let ops = vec![
        Op::StartTextSection,
        Op::SetTextCursor {
            pos: Point::new(Mm(20.0), Mm(270.0)),
        },
        Op::SetFont {
            font: PdfFontHandle::Builtin(BuiltinFont::Helvetica),
            size: Pt(14.0),
        },
        Op::ShowText {
            items: vec![TextItem::Text(TEXT.to_string())],
        },
        Op::EndTextSection,
    ];
    let page = PdfPage::new(Mm(210.0), Mm(297.0), ops);
    let mut doc = PdfDocument::new("Convention");
    doc.with_pages(vec![page])
        .save(&PdfSaveOptions::default(), &mut Vec::new())
}

/// The same document rewritten by lopdf with object streams and a cross-reference stream, its
/// AcroForm inline in the catalog and its page's annotations an indirect array: the other
/// shapes a PDF can take.
fn modern_document() -> Vec<u8> {
    use lopdf::{Dictionary, Object};
    let mut doc = lopdf::Document::load_mem(&document()).unwrap();
    let page_id = *doc.get_pages().values().next().unwrap();
    let annots = doc.add_object(Object::Array(Vec::new()));
    doc.get_dictionary_mut(page_id)
        .unwrap()
        .set("Annots", Object::Reference(annots));
    let mut form = Dictionary::new();
    form.set("Fields", Object::Array(Vec::new()));
    doc.catalog_mut().unwrap().set("AcroForm", form);
    let mut bytes = Vec::new();
    doc.save_modern(&mut bytes).unwrap();
    bytes
}

/// Seals `pdf` now with the establishment's authority.
fn sealed(pdf: &[u8]) -> Vec<u8> {
    seal::seal(
        pdf,
        &authority().0,
        now(),
        "Convention signée par la famille",
    )
    .unwrap()
}

/// Runs a tool, returning whether it succeeded and everything it printed.
fn tool(program: &str, args: &[&str]) -> (bool, String) {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{program} est introuvable ({e}) : installez poppler-utils, qpdf et libnss3-tools \
             (.ci/setup-debian.sh --test)"
            )
        });
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output.status.success(), text)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// A fresh NSS database in `dir`, trusting the certificate authorities `pems` as issuers.
fn nss_db(dir: &Path, pems: &[&str]) -> String {
    let db_dir = dir.join("nssdb");
    std::fs::create_dir_all(&db_dir).unwrap();
    let db = format!("sql:{}", db_dir.display());
    let (ok, out) = tool("certutil", &["-N", "-d", &db, "--empty-password"]);
    assert!(ok, "certutil -N a échoué :\n{out}");
    for (i, pem) in pems.iter().enumerate() {
        let file = write(dir, &format!("ca{i}.pem"), pem.as_bytes());
        let nick = format!("accroche{i}");
        let (ok, out) = tool(
            "certutil",
            &[
                "-A",
                "-d",
                &db,
                "-n",
                &nick,
                "-t",
                "CT,C,C",
                "-i",
                file.to_str().unwrap(),
            ],
        );
        assert!(ok, "certutil -A a échoué :\n{out}");
    }
    db
}

/// Adds a certificate (DER) to the NSS database `db`, with no trust of its own.
fn import_der(db: &str, dir: &Path, nick: &str, der: &[u8]) {
    let file = write(dir, &format!("{nick}.der"), der);
    let (ok, out) = tool(
        "certutil",
        &[
            "-A",
            "-d",
            db,
            "-n",
            nick,
            "-t",
            ",,",
            "-i",
            file.to_str().unwrap(),
        ],
    );
    assert!(ok, "certutil -A ({nick}) a échoué :\n{out}");
}

/// `pdfsig` on `pdf` with the NSS database `db`.
fn pdfsig(db: &str, pdf: &Path) -> String {
    let (_, out) = tool("pdfsig", &["-nssdir", db, pdf.to_str().unwrap()]);
    out
}

fn qpdf_check(pdf: &Path) {
    let (ok, out) = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        ok && out.contains("No syntax or stream encoding errors found"),
        "qpdf --check a trouvé des erreurs :\n{out}"
    );
}

fn format_message(result: Result<seal::SealInfo, Error>) -> String {
    match result {
        Err(Error::Format(message)) => message,
        other => panic!("une erreur de format était attendue, pas {other:?}"),
    }
}

#[test]
fn a_sealed_document_is_valid_and_trusted_once_the_ca_is_imported() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = write(dir.path(), "scelle.pdf", &sealed(&document()));

    let untrusting = nss_db(&dir.path().join("vide"), &[]);
    let out = pdfsig(&untrusting, &pdf);
    for expected in [
        "Signature #1:",
        "Signature Field Name: Sceau1",
        "Signer Certificate Common Name: Sceau de Lycée Jean-Moulin",
        "Signing Hash Algorithm: SHA-256",
        "Signature Type: adbe.pkcs7.detached",
        "Total document signed",
        "Signature Validation: Signature is Valid.",
        "Certificate Validation: Certificate issuer isn't Trusted.",
    ] {
        assert!(
            out.contains(expected),
            "« {expected} » manque dans pdfsig :\n{out}"
        );
    }
    assert!(
        !out.contains("Signature #2"),
        "un seul sceau était attendu :\n{out}"
    );

    let trusting = nss_db(&dir.path().join("ca"), &[&seal::ca_pem(&authority().0)]);
    let out = pdfsig(&trusting, &pdf);
    assert!(
        out.contains("Signature Validation: Signature is Valid.")
            && out.contains("Certificate Validation: Certificate is Trusted."),
        "pdfsig avec l'autorité de l'établissement :\n{out}"
    );
}

#[test]
fn qpdf_finds_no_error_in_sealed_documents() {
    let dir = tempfile::tempdir().unwrap();
    let once = sealed(&document());
    qpdf_check(&write(dir.path(), "un.pdf", &once));
    qpdf_check(&write(dir.path(), "deux.pdf", &sealed(&once)));
    qpdf_check(&write(
        dir.path(),
        "moderne.pdf",
        &sealed(&modern_document()),
    ));
}

#[test]
fn check_finds_the_signer_and_the_signing_time() {
    let (authority, _) = authority();
    let at = now();
    let pdf = seal::seal(&document(), authority, at, "Contrat").unwrap();
    let info = seal::check(&pdf, authority).unwrap();
    assert_eq!(info.signer, "Sceau de Lycée Jean-Moulin");
    assert_eq!(info.establishment, ESTABLISHMENT);
    assert_eq!(info.signing_time, at);
    assert_eq!(info.seals, 1);
}

#[test]
fn one_changed_byte_is_a_digest_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let mut pdf = sealed(&document());
    let at = pdf
        .windows(TEXT.len())
        .position(|w| w == TEXT.as_bytes())
        .expect("le texte de la page, en clair dans le PDF de printpdf");
    pdf[at] = b'K';
    let file = write(dir.path(), "modifie.pdf", &pdf);

    let db = nss_db(&dir.path().join("ca"), &[&seal::ca_pem(&authority().0)]);
    let out = pdfsig(&db, &file);
    assert!(
        out.contains("Signature Validation: Digest Mismatch."),
        "pdfsig sur le document modifié :\n{out}"
    );
    assert_eq!(
        format_message(seal::check(&pdf, &authority().0)),
        "Le document a été modifié après son scellement."
    );
}

#[test]
fn bytes_added_after_the_seal_are_a_modification() {
    let mut pdf = sealed(&document());
    pdf.extend_from_slice(b"% ajout\n");
    assert_eq!(
        format_message(seal::check(&pdf, &authority().0)),
        "Le document a été modifié après son scellement."
    );
    let mut truncated = sealed(&document());
    truncated.truncate(truncated.len() - 3);
    assert_eq!(
        format_message(seal::check(&truncated, &authority().0)),
        "Le document a été modifié après son scellement."
    );
}

#[test]
fn another_establishment_does_not_recognise_the_seal() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = sealed(&document());
    assert_eq!(
        format_message(seal::check(&pdf, other_authority())),
        "Le sceau n'est pas celui de cet établissement."
    );
    let db = nss_db(dir.path(), &[&seal::ca_pem(other_authority())]);
    let out = pdfsig(&db, &write(dir.path(), "scelle.pdf", &pdf));
    assert!(
        out.contains("Signature is Valid.") && !out.contains("Certificate is Trusted."),
        "pdfsig ne doit pas faire confiance au sceau d'un autre établissement :\n{out}"
    );
}

#[test]
fn a_document_never_sealed_is_not_sealed() {
    assert_eq!(
        format_message(seal::check(&document(), &authority().0)),
        "Ce document n'est pas scellé."
    );
}

#[test]
fn a_document_sealed_twice_keeps_both_seals_valid() {
    let dir = tempfile::tempdir().unwrap();
    let twice = sealed(&sealed(&document()));
    let file = write(dir.path(), "deux-fois.pdf", &twice);
    let db = nss_db(dir.path(), &[&seal::ca_pem(&authority().0)]);
    let out = pdfsig(&db, &file);
    assert!(
        out.contains("Signature #2:"),
        "deux sceaux attendus :\n{out}"
    );
    assert!(out.contains("Signature Field Name: Sceau2"), "{out}");
    assert_eq!(
        out.matches("Signature Validation: Signature is Valid.")
            .count(),
        2,
        "les deux sceaux doivent être valides :\n{out}"
    );
    assert_eq!(out.matches("Total document signed").count(), 1, "{out}");
    assert!(out.contains("Not total document signed"), "{out}");
    // Poppler 22.12 cannot validate a certificate it meets a second time in one run when that
    // certificate is not in its database (its own `pdfsig -add-signature` twice behaves the same,
    // "Unknown issue with Certificate"): with the seal's certificate imported, both are trusted.
    assert!(
        out.contains("Certificate Validation: Certificate is Trusted."),
        "{out}"
    );
    import_der(&db, dir.path(), "sceau", &authority().0.seal_cert_der);
    let out = pdfsig(&db, &file);
    assert_eq!(
        out.matches("Certificate Validation: Certificate is Trusted.")
            .count(),
        2,
        "les deux sceaux doivent être de confiance :\n{out}"
    );
    let info = seal::check(&twice, &authority().0).unwrap();
    assert_eq!(info.seals, 2);
}

#[test]
fn a_document_with_streams_for_its_tables_is_sealed() {
    let dir = tempfile::tempdir().unwrap();
    let modern = modern_document();
    assert!(
        !modern.windows(5).any(|w| w == b"\nxref"),
        "lopdf devait écrire un flux de références croisées"
    );
    let pdf = sealed(&modern);
    let db = nss_db(dir.path(), &[&seal::ca_pem(&authority().0)]);
    let out = pdfsig(&db, &write(dir.path(), "moderne.pdf", &pdf));
    assert!(
        out.contains("Total document signed")
            && out.contains("Signature is Valid.")
            && out.contains("Certificate is Trusted."),
        "pdfsig sur un PDF à flux de références croisées :\n{out}"
    );
    assert_eq!(seal::check(&pdf, &authority().0).unwrap().seals, 1);
}

#[test]
fn the_certificates_have_the_expected_profiles() {
    let dir = tempfile::tempdir().unwrap();
    let (authority, created) = authority();
    let db = nss_db(dir.path(), &[&seal::ca_pem(authority)]);
    import_der(&db, dir.path(), "sceau", &authority.seal_cert_der);

    // Valid from a day before creation; the year may differ between local time and UTC.
    let start = *created - Duration::days(1);
    let utc_year = chrono::Local
        .from_local_datetime(&start)
        .earliest()
        .map_or(start.year(), |t| t.with_timezone(&chrono::Utc).year());
    let ends_after = |out: &str, years: i32| {
        let line = out
            .lines()
            .find(|line| line.contains("Not After"))
            .unwrap_or_default();
        line.contains(&(start.year() + years).to_string())
            || line.contains(&(utc_year + years).to_string())
    };

    let (ok, ca) = tool("certutil", &["-L", "-d", &db, "-n", "accroche0"]);
    assert!(ok, "{ca}");
    for expected in [
        "Is a CA",
        "Certificate Signing",
        "CRL Signing",
        "(0690001A)",
    ] {
        assert!(
            ca.contains(expected),
            "« {expected} » manque dans l'autorité :\n{ca}"
        );
    }
    assert!(ends_after(&ca, 20), "{ca}");

    let (ok, leaf) = tool("certutil", &["-L", "-d", &db, "-n", "sceau"]);
    assert!(ok, "{leaf}");
    for expected in [
        "Is not a CA",
        "Digital Signature",
        "Non-Repudiation",
        "CN=Sceau de",
    ] {
        assert!(
            leaf.contains(expected),
            "« {expected} » manque dans le sceau :\n{leaf}"
        );
    }
    assert!(ends_after(&leaf, 10), "{leaf}");

    // NSS accepts the seal for signing mail and documents, through the establishment's authority.
    let (ok, out) = tool("certutil", &["-V", "-d", &db, "-n", "sceau", "-u", "S"]);
    assert!(
        ok && out.contains("certificate is valid"),
        "certutil -V :\n{out}"
    );
}

#[test]
fn ca_pem_is_a_pem_certificate() {
    let pem = seal::ca_pem(&authority().0);
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
    assert!(pem.ends_with("-----END CERTIFICATE-----\n"));
    assert!(pem.lines().all(|line| line.len() <= 64));
}

#[test]
fn sealing_outside_the_seal_validity_is_refused() {
    let (authority, created) = authority();
    for at in [
        *created - Duration::days(2),
        *created + Duration::days(11 * 366),
    ] {
        let message = match seal::seal(&document(), authority, at, "") {
            Err(Error::Format(message)) => message,
            other => panic!(
                "refus attendu le {at}, pas {:?}",
                other.map(|pdf| pdf.len())
            ),
        };
        assert!(
            message.contains("n'est pas valable à cette date"),
            "{message}"
        );
    }
}

#[test]
fn what_is_not_a_pdf_is_not_sealed() {
    let message = match seal::seal(b"Bonjour", &authority().0, now(), "") {
        Err(Error::Format(message)) => message,
        other => panic!("refus attendu, pas {:?}", other.map(|pdf| pdf.len())),
    };
    assert!(
        message.starts_with("Le document à sceller n'est pas un PDF lisible"),
        "{message}"
    );
    assert_eq!(
        format_message(seal::check(b"Bonjour", &authority().0)),
        "Ce document n'est pas scellé."
    );
}

#[test]
fn an_authority_needs_a_name_and_a_uai() {
    for (name, uai) in [(" ", UAI), (ESTABLISHMENT, "")] {
        match seal::create_authority(name, uai, now()) {
            Err(Error::Format(message)) => assert!(message.contains("nécessaire"), "{message}"),
            other => panic!("refus attendu, pas {:?}", other),
        }
    }
}

#[test]
fn a_damaged_authority_is_refused() {
    let mut authority = authority().0.clone();
    authority.seal_key_pkcs8_der = other_authority().seal_key_pkcs8_der.clone();
    let message = match seal::seal(&document(), &authority, now(), "") {
        Err(Error::Format(message)) => message,
        other => panic!("refus attendu, pas {:?}", other.map(|pdf| pdf.len())),
    };
    assert!(message.contains("incohérent"), "{message}");
}
