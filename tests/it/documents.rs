//! The document registry: references and versions, states, what is missing, paper signatures,
//! and checking a file or a printed reference.

use accroche_core::documents::registry::*;
use accroche_core::export::{from_json, init_from_export};
use accroche_core::gpds::minutes_document;
use accroche_tests::*;

/// The GPDS fixture school (a held meeting, n° 1, with a decision and two actions).
fn school() -> (tempfile::TempDir, accroche_core::casefile::CaseFile) {
    let dir = tempfile::tempdir().unwrap();
    let json = std::fs::read_to_string(fixtures().join("gpds-export.json")).unwrap();
    let cf = init_from_export(
        &dir.path().join("d.accroche"),
        PASSPHRASE,
        &from_json(&json).unwrap(),
        clock(),
    )
    .unwrap()
    .casefile;
    (dir, cf)
}

#[test]
fn a_compte_rendu_goes_from_draft_to_signed_on_paper_and_a_change_makes_a_new_version() {
    let (_dir, mut cf) = school();
    let d = minutes_document(&mut cf, 1).unwrap();
    assert_eq!(d.reference, "GPDS-2026-0001");
    assert_eq!((d.version, d.state), (1, DocumentState::Draft));
    assert!(d.missing.is_empty(), "{:?}", d.missing);
    assert_eq!(d.signatories.len(), 2);
    assert_eq!(d.fingerprint.len(), 64);
    assert_eq!(
        d.fingerprint_short.len(),
        19,
        "four groups of four: {}",
        d.fingerprint_short
    );
    // Regenerating a draft keeps its reference and version.
    let again = minutes_document(&mut cf, 1).unwrap();
    assert_eq!((again.id, again.version), (d.id, 1));

    let ready = prepare_for_signature(&mut cf, d.id).unwrap();
    assert_eq!(ready.state, DocumentState::ToSign);
    assert_ne!(
        ready.file_sha256, d.file_sha256,
        "the file to sign has no watermark"
    );
    let e =
        record_paper_signature(&mut cf, d.id, Some(date(2026, 11, 20)), &[0], None).unwrap_err();
    assert!(
        e.to_string()
            .contains("Il manque la signature de : Karim Benhamou"),
        "{e}"
    );
    let scan = b"%PDF-1.4 scan".to_vec();
    let signed = record_paper_signature(
        &mut cf,
        d.id,
        Some(date(2026, 11, 20)),
        &[0, 1],
        Some(("scan.pdf".into(), scan.clone())),
    )
    .unwrap();
    assert_eq!(signed.state, DocumentState::Signed);
    assert_eq!(signed.scans[0].sha256, sha256_hex(&scan));
    assert!(signed
        .signatories
        .iter()
        .all(|s| s.method.as_deref() == Some("paper")));

    // A change after signing makes version 2; version 1 stays, signed.
    let v2 = minutes_document(&mut cf, 1).unwrap();
    assert_eq!(
        (v2.reference.as_str(), v2.version, v2.state),
        ("GPDS-2026-0001", 2, DocumentState::Draft)
    );
    assert_eq!(document(&cf, d.id).unwrap().state, DocumentState::Signed);
    assert_eq!(document(&cf, d.id).unwrap().latest_version, 2);
    assert_eq!(latest_by_reference(&cf, "GPDS-2026-0001").unwrap(), v2.id);
}

#[test]
fn a_missing_signatory_keeps_the_document_in_draft_and_says_what_to_fill_in() {
    let (_dir, mut cf) = school();
    let data: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures().join("documents/compte_rendu_gpds.json")).unwrap(),
    )
    .unwrap();
    let who = |name: Option<&str>| SignatoryDecl {
        role: "Le représentant légal".into(),
        name: name.map(str::to_owned),
        relationship: "mère".into(),
        required: true,
        mention: "Lu et approuvé".into(),
        missing_hint: "Renseignez un représentant légal sur la fiche de l'élève.".into(),
    };
    let mut request = DocumentRequest {
        kind: accroche_core::documents::template::DocumentType::CompteRenduGpds,
        record: ("meeting", 1),
        student_id: Some(1),
        data,
        signatories: vec![who(None)],
    };
    let d = generate(&mut cf, &request).unwrap();
    assert_eq!(d.state, DocumentState::Draft);
    assert_eq!(
        d.missing,
        ["Renseignez un représentant légal sur la fiche de l'élève."]
    );
    assert_eq!(d.signatories[0].name, "(à compléter)");
    let err = prepare_for_signature(&mut cf, d.id).unwrap_err();
    assert!(
        err.to_string()
            .contains("reste en brouillon : Renseignez un représentant légal"),
        "{err}"
    );
    request.signatories = vec![who(Some("Nadia Dubois-Lefèvre"))];
    let d = generate(&mut cf, &request).unwrap();
    assert!(d.missing.is_empty());
    assert_eq!(
        prepare_for_signature(&mut cf, d.id).unwrap().state,
        DocumentState::ToSign
    );
}

#[test]
fn a_file_is_recognised_byte_for_byte_and_an_altered_or_foreign_one_is_not() {
    let (_dir, mut cf) = school();
    let draft = minutes_document(&mut cf, 1).unwrap().id;
    let d = prepare_for_signature(&mut cf, draft).unwrap();
    let bytes = pdf(&cf, d.id).unwrap();
    let v = verify_file(&cf, &bytes).unwrap();
    assert!(v.genuine, "{}", v.verdict);
    assert!(
        v.verdict.starts_with("Document authentique"),
        "{}",
        v.verdict
    );
    assert_eq!(v.document.unwrap().reference, "GPDS-2026-0001");

    let mut altered = bytes.clone();
    let at = altered.len() / 3;
    altered[at] ^= 0x20;
    let v = verify_file(&cf, &altered).unwrap();
    assert!(!v.genuine);
    assert!(v.verdict.starts_with("Fichier modifié"), "{}", v.verdict);

    let v = verify_file(&cf, b"%PDF-1.4 something else").unwrap();
    assert!(
        !v.genuine && v.verdict.starts_with("Document inconnu"),
        "{}",
        v.verdict
    );

    let v = verify_reference(&cf, "GPDS-2026-0001", &d.fingerprint_short).unwrap();
    assert!(v.genuine, "{}", v.verdict);
    let v = verify_reference(&cf, "GPDS-2026-0001", "0000 0000 0000 0000").unwrap();
    assert!(
        !v.genuine && v.verdict.contains("ne correspond"),
        "{}",
        v.verdict
    );
    assert_eq!(
        verify_reference(&cf, "GPDS-2026-0001", "1a")
            .unwrap_err()
            .field(),
        Some("fingerprint")
    );
}

#[test]
fn a_cancelled_document_stays_readable() {
    let (_dir, mut cf) = school();
    let d = minutes_document(&mut cf, 1).unwrap();
    assert_eq!(
        cancel_document(&mut cf, d.id, " ").unwrap_err().field(),
        Some("reason")
    );
    let c = cancel_document(&mut cf, d.id, "Séance saisie deux fois").unwrap();
    assert_eq!(c.state, DocumentState::Cancelled);
    assert!(!pdf(&cf, d.id).unwrap().is_empty());
    assert_eq!(list_documents(&cf).unwrap().len(), 1);
}

fn signature(position: u32, file: &str) -> ScreenSignature {
    let png = std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../assets/demo")
            .join(file),
    )
    .unwrap();
    ScreenSignature {
        position,
        png_base64: accroche_core::text::base64_encode(&png),
        consent: true,
        identity_check: "Pièce d'identité présentée".into(),
        witness: "Sophie Lagarde".into(),
    }
}

#[test]
fn signed_on_screen_by_everyone_the_document_is_sealed_with_its_certificate_page() {
    let (dir, mut cf) = school();
    let draft = minutes_document(&mut cf, 1).unwrap().id;
    let d = prepare_for_signature(&mut cf, draft).unwrap();
    // Refusals change nothing.
    let mut no_consent = signature(0, "signature-1.png");
    no_consent.consent = false;
    assert_eq!(
        sign_on_screen(&mut cf, d.id, &no_consent, "poste", "test")
            .unwrap_err()
            .field(),
        Some("consent")
    );
    let mut dot = signature(0, "signature-1.png");
    dot.png_base64 = accroche_core::text::base64_encode(
        &std::fs::read(fixtures().join("logo.png")).unwrap()[..40],
    );
    assert!(sign_on_screen(&mut cf, d.id, &dot, "poste", "test").is_err());
    let mut no_witness = signature(0, "signature-1.png");
    no_witness.witness = " ".into();
    assert_eq!(
        sign_on_screen(&mut cf, d.id, &no_witness, "poste", "test")
            .unwrap_err()
            .field(),
        Some("witness")
    );

    let one = sign_on_screen(
        &mut cf,
        d.id,
        &signature(0, "signature-1.png"),
        "poste-référent",
        "0.1.0",
    )
    .unwrap();
    assert_eq!(one.state, DocumentState::ToSign, "one signature of two");
    assert!(
        sign_on_screen(
            &mut cf,
            d.id,
            &signature(0, "signature-1.png"),
            "poste",
            "test"
        )
        .is_err(),
        "no second signature"
    );
    let sealed = sign_on_screen(
        &mut cf,
        d.id,
        &signature(1, "signature-2.png"),
        "poste-référent",
        "0.1.0",
    )
    .unwrap();
    assert_eq!(sealed.state, DocumentState::Sealed);
    assert!(sealed
        .signatories
        .iter()
        .all(|s| s.method.as_deref() == Some("screen") && s.signature_sha256.is_some()));

    let bytes = pdf(&cf, d.id).unwrap();
    let file = dir.path().join("scelle.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let text = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("Certificat de signature"), "{text}");
    assert!(text.contains("Pièce d'identité présentée"), "{text}");
    assert!(text.contains("Sophie Lagarde"), "the witness: {text}");
    assert!(text.contains("GPDS-2026-0001"), "{text}");
    let sig = std::process::Command::new("pdfsig")
        .arg(&file)
        .output()
        .unwrap();
    let sig = String::from_utf8_lossy(&sig.stdout);
    assert!(sig.contains("Signature is Valid."), "{sig}");
    let v = verify_file(&cf, &bytes).unwrap();
    assert!(v.genuine && v.verdict.contains("scellé"), "{}", v.verdict);
    // The "à signer" file given out before is still recognised, as an earlier stage.
    let earlier = verify_file(&cf, &pdf_of_stage(&d)).unwrap();
    assert!(
        earlier.genuine || earlier.document.is_some(),
        "{}",
        earlier.verdict
    );
}

/// The file of a version as it was when prepared (kept by the test before signing).
fn pdf_of_stage(d: &Document) -> Vec<u8> {
    // The registry keeps only hashes of earlier files; the test cannot rebuild one: it checks
    // the current file's claim instead.
    format!("/Subject({};sha256={})", d.reference, d.fingerprint).into_bytes()
}

#[test]
fn an_adapted_article_gives_the_template_a_new_version_kept_with_each_document() {
    use accroche_core::documents::template::{clause_texts, set_clause, DocumentType};
    let (_dir, mut cf) = school();
    let kind = DocumentType::CompteRenduGpds;
    let first = minutes_document(&mut cf, 1).unwrap();
    assert_eq!(first.template_version, "1");
    prepare_for_signature(&mut cf, first.id).unwrap();
    let err = set_clause(&mut cf, kind, "article_diffusion", Some("::: tableau\n:::")).unwrap_err();
    assert_eq!(err.field(), Some("text"), "{err}");
    let texts = set_clause(
        &mut cf,
        kind,
        "article_diffusion",
        Some("## Diffusion\n\nRemis en main propre."),
    )
    .unwrap();
    let diffusion = texts
        .iter()
        .find(|c| c.block == "article_diffusion")
        .unwrap();
    assert_eq!(
        diffusion.adapted.as_deref(),
        Some("## Diffusion\n\nRemis en main propre.")
    );
    assert!(diffusion
        .shipped
        .contains("règlement général sur la protection des données"));
    let second = minutes_document(&mut cf, 1).unwrap();
    assert_eq!(
        (second.version, second.template_version.as_str()),
        (2, "1.1")
    );
    assert_eq!(
        document(&cf, first.id).unwrap().template_version,
        "1",
        "the first keeps its version"
    );
    set_clause(&mut cf, kind, "article_diffusion", None).unwrap();
    assert!(clause_texts(&cf, kind)
        .unwrap()
        .iter()
        .all(|c| c.adapted.is_none()));
    assert_eq!(
        minutes_document(&mut cf, 1).unwrap().template_version,
        "1.2"
    );
}
