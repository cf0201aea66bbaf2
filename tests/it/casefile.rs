//! Creating, reopening, encryption, the OS lock, migrations, integrity.

use accroche_core::casefile::{self, LATEST_SCHEMA};
use accroche_core::registry::{create_case_file, create_student, establishment, list_students};
use accroche_core::school_year::SchoolYear;
use accroche_core::Error;
use accroche_tests::*;

#[test]
fn a_created_case_file_reopens_with_its_establishment_and_students() {
    let (_dir, path, opened) = new_casefile();
    let mut cf = opened.casefile;
    create_student(&mut cf, &student("Dubois-Lefèvre", "Léa")).unwrap();
    drop(cf);

    let cf = casefile::open(&path, PASSPHRASE, false, clock())
        .unwrap()
        .casefile;
    let e = establishment(&cf).unwrap();
    assert_eq!(
        e.input,
        accroche_tests::establishment(),
        "every field typed at creation comes back"
    );
    assert_eq!(e.school_year_label, "2026-2027");
    let rows = list_students(&cf, "", false).unwrap();
    assert_eq!(
        rows.len(),
        1,
        "the student written before closing is there after reopening"
    );
    assert_eq!(cf.schema_version().unwrap(), LATEST_SCHEMA);
}

#[test]
fn the_file_on_disk_is_encrypted() {
    let (_dir, path, opened) = new_casefile();
    let mut cf = opened.casefile;
    create_student(&mut cf, &student("Zorglubienne", "Léa")).unwrap();
    drop(cf);
    let bytes = std::fs::read(&path).unwrap();
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(
        !contains(b"SQLite format 3"),
        "a plain SQLite header would mean no encryption"
    );
    assert!(
        !contains(b"Zorglubienne"),
        "a student's name must not be readable in the file"
    );
    assert!(
        !contains("Jean-Moulin".as_bytes()),
        "nor the establishment's"
    );
}

#[test]
fn a_wrong_passphrase_is_refused_and_changes_nothing() {
    let (_dir, path, opened) = new_casefile();
    drop(opened);
    let before = std::fs::read(&path).unwrap();
    let err = casefile::open(&path, "ce n'est pas la bonne", false, clock()).unwrap_err();
    assert!(matches!(err, Error::WrongPassphrase), "{err:?}");
    assert_eq!(err.to_string(), "Phrase de passe incorrecte.");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "a failed opening must not touch the file"
    );
    casefile::open(&path, PASSPHRASE, false, clock()).expect("the right passphrase still opens it");
}

#[test]
fn passphrases_need_twelve_characters_or_four_words() {
    for (p, ok) in [
        ("court", false),
        ("onze-caract", false),
        ("douze-caract", true),
        ("un de trois", false),
        ("un de tr qu", true),
    ] {
        assert_eq!(casefile::check_passphrase(p).is_ok(), ok, "{p:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.accroche");
    let err = create_case_file(
        &path,
        "court",
        &accroche_tests::establishment(),
        None,
        clock(),
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("passphrase"));
    assert!(!path.exists(), "a refused creation leaves no file behind");
}

#[test]
fn creating_over_an_existing_file_is_refused() {
    let (_dir, path, opened) = new_casefile();
    drop(opened);
    let err = create_case_file(
        &path,
        PASSPHRASE,
        &accroche_tests::establishment(),
        None,
        clock(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Conflict(_)), "{err:?}");
    casefile::open(&path, PASSPHRASE, false, clock()).expect("the existing file is intact");
}

#[test]
fn a_second_writer_gets_the_lock_message_and_can_open_read_only() {
    let (_dir, path, opened) = new_casefile();
    let err = casefile::open(&path, PASSPHRASE, false, clock()).unwrap_err();
    assert!(matches!(err, Error::Locked), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Ce dossier est déjà ouvert sur cet ordinateur."
    );
    let mut ro = casefile::open(&path, PASSPHRASE, true, clock())
        .unwrap()
        .casefile;
    assert!(ro.read_only());
    let err = create_student(&mut ro, &student("Martin", "Jules")).unwrap_err();
    assert!(
        matches!(err, Error::ReadOnly),
        "a read-only session cannot write: {err:?}"
    );
    drop(opened);
    casefile::open(&path, PASSPHRASE, false, clock())
        .expect("the lock goes with the first session");
}

#[test]
fn a_file_from_a_newer_version_is_refused() {
    let (_dir, path, opened) = new_casefile();
    opened
        .casefile
        .conn()
        .pragma_update(None, "user_version", LATEST_SCHEMA + 1)
        .unwrap();
    drop(opened);
    let err = casefile::open(&path, PASSPHRASE, false, clock()).unwrap_err();
    assert!(matches!(err, Error::NewerSchema { .. }), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Ce dossier a été créé par une version plus récente d'Accroche."
    );
}

/// Every landed schema keeps a case file made by the app of that time in tests/fixtures/schema;
/// today's app must open each, upgrade it, and find its content.
#[test]
fn case_files_of_every_landed_schema_upgrade_and_keep_their_content() {
    for version in 1..=LATEST_SCHEMA {
        let fixture = fixtures()
            .join("schema")
            .join(format!("v{version}.accroche"));
        assert!(
            fixture.is_file(),
            "no case file of schema {version} at {}: add one",
            fixture.display()
        );
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("v{version}.accroche"));
        std::fs::copy(&fixture, &path).unwrap();
        let keys = fixture.with_extension("accroche.cles");
        if keys.is_file() {
            std::fs::copy(&keys, path.with_extension("accroche.cles")).unwrap();
        }
        let opened = casefile::open(&path, "schema-fixture-v1", false, clock()).unwrap();
        // Files made before accounts (schema < 9) were encrypted with the référent's
        // passphrase: the first opening gives the référent an account (same passphrase),
        // re-encrypts the file with a random key and tells its recovery key, once.
        assert_eq!(
            opened.recovery_key.is_some(),
            version < 9,
            "schema {version}: the recovery key is told when the file is converted"
        );
        assert_eq!(opened.casefile.user().name, "Karim Benhamou");
        assert_eq!(
            opened.casefile.user().role,
            accroche_core::users::Role::Referent
        );
        let recovery = opened.recovery_key.clone();
        drop(opened);
        assert!(
            path.with_extension("accroche.cles").is_file(),
            "schema {version}: the key file is beside the case file"
        );
        if let Some(k) = &recovery {
            let by_key = casefile::open(&path, k, true, clock()).unwrap();
            assert_eq!(by_key.casefile.user().name, "Clé de secours");
        }
        if version >= 9 {
            let nurse = casefile::open(&path, "infirmière du lycée 2026", true, clock()).unwrap();
            assert_eq!(nurse.casefile.user().name, "Sophie Lambert");
            assert_eq!(
                nurse.casefile.user().role,
                accroche_core::users::Role::MedicoSocial
            );
            let key = match version {
                9 => "E6PT-5EBS-SG5J-8KQB-99YW-XZAQ-SR88-TWYT",
                _ => "J0PE-7ZXV-1540-FX0Q-3M9T-50JK-WCVT-XBS0",
            };
            let by_key = casefile::open(&path, key, true, clock());
            assert!(
                by_key.is_ok(),
                "schema {version}: its recovery key opens it"
            );
        }
        let mut cf = casefile::open(&path, "schema-fixture-v1", false, clock())
            .unwrap()
            .casefile;
        assert_eq!(
            accroche_core::users::list(&cf).unwrap()[0].name,
            "Karim Benhamou",
            "schema {version}: the référent's account"
        );
        assert_eq!(
            cf.schema_version().unwrap(),
            LATEST_SCHEMA,
            "schema {version} upgraded"
        );
        let names: Vec<String> = list_students(&cf, "", true)
            .unwrap()
            .into_iter()
            .map(|r| format!("{} {}", r.first_name, r.last_name))
            .collect();
        assert!(
            names.contains(&"Léa Dubois-Lefèvre".to_string()),
            "schema {version}: {names:?}"
        );
        assert_eq!(establishment(&cf).unwrap().input.uai, "0750654D");
        assert!(
            !casefile::journal_list(&cf, 100).unwrap().is_empty(),
            "the journal survives"
        );
        if version >= 3 {
            let f = accroche_core::gpds::followup(&cf, 1).unwrap().unwrap();
            assert!(f.open, "schema {version}: Léa's GPDS follow-up survives");
            assert_eq!(f.in_charge_name.as_deref(), Some("Karim Benhamou"));
            let next = accroche_core::gpds::next_meeting(&cf).unwrap().unwrap();
            let agenda = accroche_core::gpds::agenda(&cf, next.id).unwrap();
            assert_eq!(
                agenda.items.len(),
                1,
                "schema {version}: Léa's review of 08/12 is due"
            );
            assert!(accroche_core::gpds::dashboard(&cf).is_ok());
        }
        if version >= 4 {
            let docs = accroche_core::documents::registry::list_documents(&cf).unwrap();
            assert_eq!(
                docs[0].reference, "GPDS-2026-0001",
                "schema {version}: the document survives"
            );
            let pdf = accroche_core::documents::registry::pdf(&cf, docs[0].id).unwrap();
            let v = accroche_core::documents::registry::verify_file(&cf, &pdf).unwrap();
            assert!(v.genuine, "schema {version}: {}", v.verdict);
        }
        // Schema 6 brings the alliances: an older file has none; a file of schema 6 keeps its
        // alliance whole (team, chartes, partner, family, diagnosis, response, transitions).
        let alliances = accroche_core::alliance::list_alliances(&cf).unwrap();
        if version < 6 {
            assert!(alliances.is_empty(), "schema {version}: {alliances:?}");
            assert_eq!(
                accroche_core::alliance::figures(&cf, SchoolYear(2026)).unwrap(),
                accroche_core::alliance::AllianceFigures::default(),
                "schema {version}"
            );
        } else {
            use accroche_core::alliance::*;
            assert_eq!(alliances.len(), 1, "schema {version}");
            let a = alliance(&cf, alliances[0].id).unwrap();
            assert_eq!(a.student_name, "Maëlle Côté-Nœl");
            assert_eq!(a.class_name, "2MRC1");
            assert_eq!(
                (a.kind, a.state, a.state_on),
                (
                    AllianceKind::External,
                    AllianceState::Proposal,
                    date(2026, 11, 20)
                )
            );
            assert_eq!(a.transitions.len(), 3);
            assert_eq!(a.family, FamilyContract::Proposed);
            assert_eq!(a.members.len(), 2);
            assert!(a.members[0].is_referent);
            assert_eq!(a.members[0].name, "Karim Benhamou");
            assert_eq!(a.members[0].charte_on, Some(date(2026, 11, 18)));
            assert_eq!(
                a.members[1].label(),
                "Olivier Schmitt (Mission locale du Val d'Exemple)"
            );
            assert_eq!(a.members[1].charte_on, None);
            assert_eq!(a.partners.len(), 1);
            assert_eq!(a.partners[0].formalisation, Formalisation::Informal);
            assert!(!a.partners[0].reason.is_empty());
            assert_eq!(a.diagnosis.len(), 1);
            assert_eq!(
                (a.diagnosis[0].domain, a.diagnosis[0].sensitivity),
                (Domain::Guidance, accroche_core::access::Sensitivity::Equipe)
            );
            assert_eq!(a.responses.len(), 1);
            assert_eq!(a.responses[0].member_id, a.members[1].id);
            assert_eq!(a.responses[0].status, ResponseStatus::Planned);
            assert_eq!(alliances[0].charte_missing, 1);
            // And its contract can be made, nothing missing.
            let d = contract_document(&mut cf, a.id).unwrap();
            assert!(d.missing.is_empty(), "schema {version}: {:?}", d.missing);
        }
        // Schema 10 brings the notes: an older file has none, and takes one now.
        {
            use accroche_core::notes::*;
            let referent = cf.user().clone();
            assert!(student_notes(&cf, &referent, 1).unwrap().notes.is_empty());
            let n = add_note(
                &mut cf,
                &referent,
                1,
                &StudentNoteInput {
                    written_on: Some(date(2026, 11, 20)),
                    sensitivity: accroche_core::access::Sensitivity::Restreint,
                    text: "Note écrite après la mise à jour.".into(),
                    summary: String::new(),
                },
            )
            .unwrap();
            assert_eq!(n.student_id, 1, "schema {version}");
        }
        // Schema 8 chains the journal: every older entry is chained on upgrade, intact.
        let check = accroche_core::casefile::verify_journal(&cf).unwrap();
        assert!(
            check.broken.is_none(),
            "schema {version}: {}",
            check.verdict
        );
        assert_eq!(
            check.entries as usize,
            accroche_core::casefile::journal_list(&cf, 100_000)
                .unwrap()
                .len(),
            "schema {version}"
        );
        // Schema 7 brings the bilan's qualitative parts and frozen exports: an older file has
        // none, and can freeze an export now; a file of schema 7 keeps both.
        {
            use accroche_core::bilan::*;
            let exported = exports(&cf, SchoolYear(2026)).unwrap();
            let words = qualitative(&cf, SchoolYear(2025)).unwrap();
            if version < 7 {
                assert!(exported.is_empty() && words.is_empty(), "schema {version}");
            } else {
                assert_eq!(exported.len(), 1, "schema {version}");
                assert_eq!(
                    (exported[0].exported_on, exported[0].format),
                    (date(2026, 11, 22), ExportFormat::Json)
                );
                let frozen = frozen_bilan(&cf, exported[0].id).unwrap();
                assert_eq!(frozen.uai, "0750654D");
                assert_eq!(frozen.value("alliances_ouvertes"), Some(1));
                assert_eq!(
                    words.difficultes,
                    "Peu de stages pour les moins de seize ans."
                );
            }
            let out = dir.path().join("bilan.json");
            let done = export(&mut cf, SchoolYear(2026), ExportFormat::Json, &out).unwrap();
            assert!(done.frozen, "schema {version}");
            assert_eq!(done.previous.is_some(), version >= 7, "schema {version}");
            let check = accroche_core::casefile::verify_journal(&cf).unwrap();
            assert!(
                check.broken.is_none(),
                "schema {version}: a new entry extends the chain"
            );
            assert_eq!(
                exports(&cf, SchoolYear(2026)).unwrap().len(),
                if version >= 7 { 2 } else { 1 }
            );
        }
        // Schema 5 brings the PAFI: an older file gets the setting (the DASEN validates) and no
        // path; a file of schema 5 keeps its path whole.
        assert_eq!(
            accroche_core::pafi::authority(&cf).unwrap(),
            accroche_core::pafi::ValidationAuthority::Dasen,
            "schema {version}: pafi_setting"
        );
        let paths = accroche_core::pafi::list_pafi(&cf).unwrap();
        if version < 5 {
            assert!(paths.is_empty(), "schema {version}: {paths:?}");
        } else {
            use accroche_core::pafi::{pafi, PafiState, SlotKind};
            assert_eq!(paths.len(), 1, "schema {version}");
            let p = pafi(&cf, paths[0].id).unwrap();
            assert_eq!(p.student_name, "Léa Dubois-Lefèvre");
            assert_eq!(p.state, PafiState::Validated);
            assert_eq!(p.proposal_id, Some(1), "taken from the GPDS proposal");
            assert_eq!(
                (p.start_on, p.end_on),
                (Some(date(2027, 1, 11)), Some(date(2027, 2, 12)))
            );
            assert_eq!(p.tutor_name, "Karim Benhamou");
            assert_eq!(
                p.validation.as_ref().unwrap().reference,
                "DSDEN-PAFI-2026-041"
            );
            assert_eq!(p.transitions.len(), 4);
            assert_eq!(p.activities.len(), 2);
            assert_eq!(p.activities[0].host_name, "Le Fournil d'Élise");
            assert_eq!(p.periods.len(), 1);
            assert_eq!(
                p.periods[0]
                    .slots
                    .iter()
                    .filter(|s| s.kind == SlotKind::Activity)
                    .count(),
                4
            );
            assert_eq!((p.notes.len(), p.checkpoints.len()), (1, 2));
            // And its contract can be made, nothing missing.
            let d = accroche_core::pafi::contract_document(&mut cf, p.id).unwrap();
            assert!(d.missing.is_empty(), "schema {version}: {:?}", d.missing);
        }
    }
}

#[test]
fn a_damaged_file_is_reported_as_such_with_the_offer_to_restore() {
    let (_dir, path, opened) = new_casefile();
    let mut cf = opened.casefile;
    for i in 0..200 {
        create_student(&mut cf, &student(&format!("Élève{i:03}"), "Test")).unwrap();
    }
    drop(cf);
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 4096 * 12, "the file needs pages to damage");
    for b in &mut bytes[4096 * 10..4096 * 10 + 512] {
        *b ^= 0x5A;
    }
    std::fs::write(&path, bytes).unwrap();
    let err = casefile::open(&path, PASSPHRASE, false, clock()).unwrap_err();
    assert!(matches!(err, Error::Corrupt { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("Restaurez l'une de ses sauvegardes"),
        "{message}"
    );
    assert!(
        !message.contains("page") && !message.contains("error"),
        "SQLite's English report stays out of the message: {message}"
    );
    assert!(
        !err.detail().unwrap_or_default().is_empty(),
        "but is kept as the technical detail"
    );
}

#[test]
fn the_auto_lock_delay_is_ten_minutes_by_default_kept_in_the_file_and_bounded() {
    use accroche_core::casefile::{auto_lock_minutes, set_auto_lock_minutes};
    let (_dir, path, opened) = new_casefile();
    let mut cf = opened.casefile;
    assert_eq!(auto_lock_minutes(&cf).unwrap(), 10);
    for bad in [0, 61] {
        let e = set_auto_lock_minutes(&mut cf, bad).unwrap_err();
        assert_eq!(e.to_string(), "Choisissez un délai de 1 à 60 minutes.");
    }
    assert_eq!(set_auto_lock_minutes(&mut cf, 3).unwrap(), 3);
    drop(cf);
    let cf = casefile::open(&path, PASSPHRASE, true, clock())
        .unwrap()
        .casefile;
    assert_eq!(auto_lock_minutes(&cf).unwrap(), 3);
    let entry = &accroche_core::casefile::journal_list(&cf, 1).unwrap()[0];
    assert_eq!(
        entry.summary,
        "Verrouillage automatique après 3 minutes d'inactivité"
    );
}
