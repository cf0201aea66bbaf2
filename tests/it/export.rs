//! The open JSON export and case files built from one.

use accroche_core::demo::{generate, Scale};
use accroche_core::export::{export, from_json, init_from_export, to_json};
use accroche_core::registry::{establishment_logo, update_establishment, Logo};
use accroche_tests::*;

#[test]
fn export_then_import_then_export_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let demo = generate(Scale::Normal, 7, date(2026, 11, 22));
    let mut first = init_from_export(&dir.path().join("a.accroche"), PASSPHRASE, &demo, clock())
        .unwrap()
        .casefile;
    // A logo makes the round trip carry binary data too.
    let png = std::fs::read(fixtures().join("logo.png")).unwrap();
    let mut e = accroche_core::registry::establishment(&first)
        .unwrap()
        .input;
    e.name = "Lycée des Tilleuls — « essai » œuvre".into();
    update_establishment(
        &mut first,
        &e,
        Some(&Logo::from_bytes(png.clone()).unwrap()),
    )
    .unwrap();

    let json1 = to_json(&export(&first).unwrap()).unwrap();
    let second = init_from_export(
        &dir.path().join("b.accroche"),
        PASSPHRASE,
        &from_json(&json1).unwrap(),
        clock(),
    )
    .unwrap()
    .casefile;
    let json2 = to_json(&export(&second).unwrap()).unwrap();
    assert!(json1 == json2, "the round trip changed the export");
    assert_eq!(
        second.meta("origin").unwrap().as_deref(),
        Some("export JSON"),
        "the copy says where it came from"
    );
    assert_eq!(
        second.meta("created_at").unwrap().as_deref(),
        Some("2026-11-22T10:00:00")
    );
    assert_eq!(establishment_logo(&second).unwrap().unwrap().bytes, png);
    assert!(json1.contains("\"format\": \"accroche-export\""));
}

#[test]
fn a_json_that_is_not_an_export_is_refused_in_french() {
    let err = from_json(r#"{"hello": 1}"#).unwrap_err();
    assert!(
        err.to_string().contains("n'est pas un export Accroche"),
        "{err}"
    );
    let err = from_json(r#"{"format": "accroche-export", "version": 99}"#).unwrap_err();
    assert!(err.to_string().contains("format 99"), "{err}");
}

#[test]
fn the_demo_school_is_realistic_and_reproducible() {
    let a = generate(Scale::Normal, 1, date(2026, 11, 22));
    let b = generate(Scale::Normal, 1, date(2026, 11, 22));
    assert_eq!(a, b, "same seed, same school");
    assert!(
        (550..=650).contains(&a.students.len()),
        "{}",
        a.students.len()
    );
    assert!(a.students.iter().all(|s| !s.fields.legal_reps.is_empty()));
    assert!(a.staff.len() >= 20 && a.partners.len() >= 10);
    let large = generate(Scale::Large, 1, date(2026, 11, 22));
    let current = large.students.iter().filter(|s| !s.archived).count();
    assert!(
        (1800..=2200).contains(&current),
        "about 2,000 students this year: {current}"
    );
    assert!(
        large.students.len() > 6000,
        "ten years of students: {}",
        large.students.len()
    );
}

#[test]
fn the_gpds_travels_through_the_export_and_its_follow_ups_are_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let json = std::fs::read_to_string(fixtures().join("gpds-export.json")).unwrap();
    let cf = init_from_export(
        &dir.path().join("g.accroche"),
        PASSPHRASE,
        &from_json(&json).unwrap(),
        clock(),
    )
    .unwrap()
    .casefile;
    // The schema version is information only: the fixture was written at schema 3.
    let again = to_json(&export(&cf).unwrap()).unwrap();
    let schema = |s: &str| {
        s.lines()
            .filter(|l| !l.contains("\"schemaVersion\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        schema(&again) == schema(&json),
        "the round trip changed the export"
    );
    let f = accroche_core::gpds::followup(&cf, 1).unwrap().unwrap();
    assert!(f.open, "Léa entered follow-up on 13/10/2026");
    assert_eq!(f.in_charge_name.as_deref(), Some("Karim Benhamou"));
    assert_eq!(
        accroche_core::gpds::minutes(&cf, 1).unwrap().rows[0]
            .actions
            .len(),
        2
    );
}

#[test]
fn an_export_with_a_broken_gpds_row_is_refused_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let json = std::fs::read_to_string(fixtures().join("gpds-export.json"))
        .unwrap()
        .replace("\"decision\": \"enter\"", "\"decision\": \"peut-être\"");
    let path = dir.path().join("g.accroche");
    let err = init_from_export(&path, PASSPHRASE, &from_json(&json).unwrap(), clock()).unwrap_err();
    assert!(err.to_string().contains("table review, ligne 1"), "{err}");
    assert!(!path.exists(), "no half-made case file");
}
