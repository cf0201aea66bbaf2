//! The document registry: references and versions, states, what is missing, paper signatures,
//! and checking a file or a printed reference.

use accroche_core::documents::registry::*;
use accroche_core::documents::template::DocumentType;
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
    let data = DocumentType::CompteRenduGpds.example().unwrap();
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
    // The "à signer" file as printed and given out before anyone signs.
    let to_sign = pdf(&cf, d.id).unwrap();
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
    let text = pdftotext(&file);
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
    assert_ne!(to_sign, bytes, "the sealed file is a new file");
    let earlier = verify_file(&cf, &to_sign).unwrap();
    assert!(earlier.genuine, "{}", earlier.verdict);
    assert_eq!(earlier.document.as_ref().map(|d| d.id), Some(d.id));
    assert!(
        earlier.verdict.contains("étape antérieure"),
        "{}",
        earlier.verdict
    );
    // One byte changed in that earlier file: no longer genuine.
    let mut altered = to_sign.clone();
    let at = altered.len() / 2;
    altered[at] ^= 0x20;
    assert!(!verify_file(&cf, &altered).unwrap().genuine);
}

#[test]
fn an_adapted_article_gives_the_template_a_new_version_kept_with_each_document() {
    use accroche_core::documents::template::{clause_texts, set_clause};
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
    assert_eq!(texts.version, "1.1");
    let diffusion = texts
        .clauses
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
        .clauses
        .iter()
        .all(|c| c.adapted.is_none()));
    assert_eq!(
        minutes_document(&mut cf, 1).unwrap().template_version,
        "1.2"
    );
}

#[test]
fn an_article_with_a_misspelt_placeholder_is_refused_and_changes_nothing() {
    use accroche_core::documents::template::{clause_texts, set_clause};
    let (_dir, mut cf) = school();
    let kind = DocumentType::ContratPafi;
    let before = clause_texts(&cf, kind).unwrap();
    let err = set_clause(
        &mut cf,
        kind,
        "article_objet",
        Some("## Article 1 — Objet\n\nLe parcours de {{ eleve.prenon }} est aménagé."),
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("text"), "{err}");
    let message = err.to_string();
    assert!(message.contains("eleve.prenon"), "{message}");
    assert!(message.contains("Contrat PAFI"), "{message}");
    assert_eq!(clause_texts(&cf, kind).unwrap(), before, "nothing saved");
    // A real placeholder and a condition are accepted.
    let ok = set_clause(
        &mut cf,
        kind,
        "article_objet",
        Some("## Article 1 — Objet\n\nLe parcours de {{ eleve.prenom }} {{ eleve.nom }} est aménagé{% if eleve.age >= 16 %} (élève de plus de 16 ans){% endif %}."),
    )
    .unwrap();
    assert_eq!(ok.version, "1.1");
}

#[test]
fn the_preview_prints_the_adapted_template_with_the_example_under_the_school_header() {
    use accroche_core::documents::template::set_clause;
    let (dir, mut cf) = school();
    let kind = DocumentType::ConventionPartenariat;
    set_clause(
        &mut cf,
        kind,
        "article_litiges",
        Some("## Article 14 — Litiges\n\nLes parties cherchent d'abord un accord amiable, avec le concours du médiateur académique."),
    )
    .unwrap();
    let bytes = preview(&cf, kind).unwrap();
    let file = dir.path().join("exemple.pdf");
    std::fs::write(&file, &bytes).unwrap();
    let text = pdftotext(&file);
    assert!(text.contains("médiateur académique"), "{text}");
    let school = accroche_core::registry::establishment(&cf)
        .unwrap()
        .input
        .name;
    assert!(text.contains(&school), "{text}");
    assert!(text.contains("EXEMPLE"), "{text}");
    // For the eye: the BROUILLON watermark (pdftotext skips rotated text).
    let keep = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("documents");
    std::fs::create_dir_all(&keep).unwrap();
    std::fs::write(keep.join("apercu-convention_partenariat.pdf"), &bytes).unwrap();
    assert!(
        list_documents(&cf).unwrap().is_empty(),
        "registered nowhere"
    );
}

#[test]
fn the_exported_authority_certificate_makes_the_seal_trusted() {
    use accroche_core::documents::seal_store::export_ca;
    let (dir, mut cf) = school();
    let pem_path = dir.path().join("autorite.pem");
    let ca = export_ca(&mut cf, &pem_path).unwrap();
    let pem = std::fs::read_to_string(&pem_path).unwrap();
    assert_eq!(pem, ca.pem);
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n"), "{pem}");
    assert_eq!(ca.sha256.split(':').count(), 32, "{}", ca.sha256);
    // The same authority every time: exporting again gives the same certificate.
    assert_eq!(export_ca(&mut cf, &pem_path).unwrap(), ca);
    // A document sealed by this case file is trusted once that file is imported.
    let draft = minutes_document(&mut cf, 1).unwrap().id;
    let d = prepare_for_signature(&mut cf, draft).unwrap();
    sign_on_screen(
        &mut cf,
        d.id,
        &signature(0, "signature-1.png"),
        "poste",
        "test",
    )
    .unwrap();
    sign_on_screen(
        &mut cf,
        d.id,
        &signature(1, "signature-2.png"),
        "poste",
        "test",
    )
    .unwrap();
    let sealed = dir.path().join("scelle.pdf");
    std::fs::write(&sealed, pdf(&cf, d.id).unwrap()).unwrap();
    let db = dir.path().join("nss");
    std::fs::create_dir_all(&db).unwrap();
    let db = format!("sql:{}", db.display());
    let run = |args: &[&str]| {
        let out = std::process::Command::new("certutil")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    run(&["-N", "-d", &db, "--empty-password"]);
    run(&[
        "-A",
        "-d",
        &db,
        "-n",
        "autorite",
        "-t",
        "CT,C,C",
        "-a",
        "-i",
        pem_path.to_str().unwrap(),
    ]);
    let out = std::process::Command::new("pdfsig")
        .args(["-nssdir", &db])
        .arg(&sealed)
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.contains("Signature is Valid."), "{out}");
    assert!(out.contains("Certificate is Trusted."), "{out}");
    // A path that cannot be written: a French message, no partial file left.
    let bad = dir.path().join("absent").join("autorite.pem");
    assert!(export_ca(&mut cf, &bad).is_err());
    assert!(!bad.with_extension("pem.partiel").exists());
}
