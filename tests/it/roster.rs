//! Roster imports: matching, preview, apply, re-import, leavers, hand edits, undo.

use accroche_core::export::{export, to_json};
use accroche_core::registry::{list_students, student, update_student, Sex};
use accroche_core::roster::{
    apply, last_import, preview, undo_last_import, RosterFile, RosterSource, RosterStudent,
};
use accroche_tests::*;

fn pupil(eleve_id: &str, last: &str, first: &str, class: &str) -> RosterStudent {
    RosterStudent {
        location: format!("ELEVE_ID {eleve_id}"),
        ine: None,
        eleve_id: Some(eleve_id.into()),
        last_name: last.into(),
        first_name: first.into(),
        birth_date: date(2010, 5, 4),
        sex: Some(Sex::F),
        class_name: Some(class.into()),
        groups: vec!["ESP2".into()],
        mef: Some("24731200310".into()),
        mef_label: Some("2NDE PRO MRC".into()),
        entry_date: Some(date(2026, 9, 1)),
        exit_date: None,
        exit_reason: None,
        status: Some("ST".into()),
        email: String::new(),
        phone: String::new(),
        legal_reps: Vec::new(),
    }
}

fn siecle(students: Vec<RosterStudent>) -> RosterFile {
    RosterFile {
        source: RosterSource::Siecle {
            version: "3.0".into(),
        },
        uai: Some("0750654D".into()),
        school_year: Some(2026),
        exported_on: Some(date(2026, 11, 20)),
        has_legal_reps: false,
        students,
        skipped: Vec::new(),
    }
}

fn names(cf: &accroche_core::casefile::CaseFile, archived: bool) -> Vec<String> {
    list_students(cf, "", archived)
        .unwrap()
        .into_iter()
        .map(|r| format!("{} {}", r.first_name, r.last_name))
        .collect()
}

#[test]
fn a_first_import_adds_students_and_the_same_file_again_changes_nothing() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let mut no_class = pupil("103", "Groupe", "Seul", "");
    no_class.class_name = None;
    let file = siecle(vec![
        pupil("101", "DUBOIS", "Léa", "2MRC1"),
        pupil("102", "ŒUVRAY", "Jules", "2MRC2"),
        no_class,
    ]);

    let p = preview(&cf, &file, "ElevesSansAdresses.xml").unwrap();
    assert_eq!(
        (
            p.counts.new,
            p.counts.updated,
            p.counts.left,
            p.counts.unchanged,
            p.counts.skipped
        ),
        (2, 0, 0, 0, 1)
    );
    assert!(
        p.skipped[0].reason.contains("aucune classe"),
        "{:?}",
        p.skipped
    );
    assert!(names(&cf, true).is_empty(), "a preview changes nothing");

    apply(&mut cf, &file, "ElevesSansAdresses.xml").unwrap();
    assert_eq!(names(&cf, false), ["Léa DUBOIS", "Jules ŒUVRAY"]);
    let lea = list_students(&cf, "dubois", false).unwrap()[0].id;
    let s = student(&cf, lea).unwrap().input;
    assert_eq!(
        s.track,
        Some(accroche_core::registry::Track::BacPro),
        "MEF 247… is bac pro"
    );
    assert_eq!(s.mef_label.as_deref(), Some("2NDE PRO MRC"));
    assert_eq!(s.groups, ["ESP2"]);
    assert_eq!(s.status, "Scolaire", "SIECLE's ST code shown in French");

    let again = apply(&mut cf, &file, "ElevesSansAdresses.xml").unwrap();
    assert_eq!(
        (
            again.counts.new,
            again.counts.updated,
            again.counts.left,
            again.counts.unchanged
        ),
        (0, 0, 0, 2),
        "re-importing the same file changes nothing"
    );
}

#[test]
fn leavers_are_marked_never_deleted_and_absent_students_leave_on_the_export_date() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    apply(
        &mut cf,
        &siecle(vec![
            pupil("101", "DUBOIS", "Léa", "2MRC1"),
            pupil("102", "MARTIN", "Jules", "2MRC2"),
            pupil("104", "PETIT", "Zoé", "2MRC2"),
        ]),
        "sept.xml",
    )
    .unwrap();

    let mut lea = pupil("101", "DUBOIS", "Léa", "1MRC1");
    lea.exit_date = None;
    let mut jules = pupil("102", "MARTIN", "Jules", "2MRC2");
    jules.exit_date = Some(date(2026, 10, 15));
    jules.exit_reason = Some("DEM".into());
    let mut future = pupil("105", "ROUX", "Noé", "2MRC1");
    future.exit_date = Some(date(2027, 7, 4));
    let jan = siecle(vec![lea, jules, future]); // Zoé is no longer in the export
    let p = apply(&mut cf, &jan, "janvier.xml").unwrap();
    assert_eq!(
        (p.counts.new, p.counts.updated, p.counts.left),
        (1, 1, 2),
        "{p:#?}"
    );
    let change = &p.updated[0].changes;
    assert!(
        change.iter().any(|c| c.field == "Classe"
            && c.before.as_deref() == Some("2MRC1")
            && c.after.as_deref() == Some("1MRC1")),
        "{change:?}"
    );
    let left: Vec<_> = p
        .left
        .iter()
        .map(|l| (l.name.as_str(), l.exit_date, l.reason.as_str()))
        .collect();
    assert!(
        left.contains(&(
            "Jules MARTIN",
            date(2026, 10, 15),
            "date de sortie dans le fichier"
        )),
        "{left:?}"
    );
    assert!(
        left.contains(&("Zoé PETIT", date(2026, 11, 20), "absent de l'export")),
        "{left:?}"
    );

    assert_eq!(
        names(&cf, false),
        ["Léa DUBOIS", "Noé ROUX"],
        "a future exit date keeps the student present"
    );
    assert_eq!(names(&cf, true).len(), 4, "nobody was deleted");
    assert!(
        accroche_core::gpds::leavers(&cf).unwrap().is_empty(),
        "leavers to follow in N+1 are those the GPDS followed: none here"
    );
    let jules_id = list_students(&cf, "martin", true).unwrap()[0].id;
    let chronology = accroche_core::chronology::student_chronology(&cf, jules_id, &[]).unwrap();
    assert!(
        chronology[0].summary.contains("sorti le 15/10/2026"),
        "{:?}",
        chronology[0]
    );
}

#[test]
fn a_hand_edit_is_not_overwritten_but_shown_as_a_conflict() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let file = siecle(vec![pupil("101", "DUBOIS", "Léa", "2MRC1")]);
    apply(&mut cf, &file, "sept.xml").unwrap();
    let id = list_students(&cf, "", false).unwrap()[0].id;
    let mut edited = student(&cf, id).unwrap().input;
    edited.class_name = "2MRC3".into();
    update_student(&mut cf, id, &edited).unwrap();

    let p = preview(&cf, &file, "sept.xml").unwrap();
    assert_eq!(p.counts.updated, 1);
    let conflict = &p.updated[0].conflicts[0];
    assert_eq!(
        (
            conflict.field.as_str(),
            conflict.before.as_deref(),
            conflict.after.as_deref()
        ),
        ("Classe", Some("2MRC3"), Some("2MRC1"))
    );
    apply(&mut cf, &file, "sept.xml").unwrap();
    assert_eq!(
        student(&cf, id).unwrap().input.class_name,
        "2MRC3",
        "the hand edit stays"
    );
}

#[test]
fn undo_restores_exactly_the_state_before_the_import() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    apply(
        &mut cf,
        &siecle(vec![
            pupil("101", "DUBOIS", "Léa", "2MRC1"),
            pupil("102", "MARTIN", "Jules", "2MRC2"),
        ]),
        "sept.xml",
    )
    .unwrap();
    let strip_journal = |cf: &accroche_core::casefile::CaseFile| {
        let mut e = export(cf).unwrap();
        e.journal.clear();
        to_json(&e).unwrap()
    };
    let before = strip_journal(&cf);

    let mut lea = pupil("101", "DUBOIS", "Léa", "1MRC1");
    lea.email = "lea@exemple.test".into();
    apply(
        &mut cf,
        &siecle(vec![lea, pupil("106", "NOUVEAU", "Tom", "2MRC1")]),
        "janvier.xml",
    )
    .unwrap();
    assert_ne!(strip_journal(&cf), before);
    let batch = last_import(&cf).unwrap().unwrap();
    assert!(batch.can_undo);
    assert_eq!(batch.file_name, "janvier.xml");

    undo_last_import(&mut cf).unwrap();
    assert_eq!(
        strip_journal(&cf),
        before,
        "every student as it was, the added one gone"
    );
    assert_eq!(
        last_import(&cf).unwrap().unwrap().file_name,
        "sept.xml",
        "the previous import is next in line"
    );
}

#[test]
fn undo_is_refused_once_something_was_written_after_the_import() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    apply(
        &mut cf,
        &siecle(vec![pupil("101", "DUBOIS", "Léa", "2MRC1")]),
        "sept.xml",
    )
    .unwrap();
    let id = list_students(&cf, "", false).unwrap()[0].id;
    let mut edited = student(&cf, id).unwrap().input;
    edited.phone = "06 11 22 33 44".into();
    update_student(&mut cf, id, &edited).unwrap();
    assert!(!last_import(&cf).unwrap().unwrap().can_undo);
    let err = undo_last_import(&mut cf).unwrap_err();
    assert!(
        err.to_string().contains("ne peut plus être annulé"),
        "{err}"
    );
    assert_eq!(
        student(&cf, id).unwrap().input.phone,
        "06 11 22 33 44",
        "nothing was undone"
    );
}

#[test]
fn another_schools_file_or_another_year_is_flagged_before_importing() {
    let (_dir, _path, opened) = new_casefile();
    let cf = opened.casefile;
    let mut file = siecle(vec![pupil("101", "DUBOIS", "Léa", "2MRC1")]);
    file.uai = Some("0750655E".into());
    file.school_year = Some(2025);
    let p = preview(&cf, &file, "x.xml").unwrap();
    assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
    assert!(p.warnings[0].contains("0750655E"));
    assert!(p.warnings[1].contains("2025-2026"));
}

fn fixture(rel: &str) -> std::path::PathBuf {
    fixtures().join(rel)
}

fn counts(p: &accroche_core::roster::ImportPreview) -> (usize, usize, usize, usize, usize) {
    let c = p.counts;
    (c.new, c.updated, c.left, c.unchanged, c.skipped)
}

/// The SIECLE fixtures (tests/fixtures/siecle, invented people): 12 usable records and 3 the
/// parser skips; of the 12, one left in September (not added) and one has only groups.
#[test]
fn the_siecle_export_of_september_then_january_imports_as_a_referent_expects() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let nomenclature = fixture("siecle/Nomenclature.xml");
    let sept = accroche_core::roster::read_roster(
        &fixture("siecle/ExportXML_ElevesSansAdresses.zip"),
        Some(&nomenclature),
        None,
    )
    .unwrap();
    let p = apply(&mut cf, &sept, "ExportXML_ElevesSansAdresses.zip").unwrap();
    assert_eq!(counts(&p), (10, 0, 0, 0, 5), "{:#?}", p.skipped);
    assert!(
        p.warnings.is_empty(),
        "same UAI, same school year: {:?}",
        p.warnings
    );
    let reasons: Vec<&str> = p.skipped.iter().map(|s| s.reason.as_str()).collect();
    assert!(
        reasons.iter().any(|r| r.contains("ni INE ni ELEVE_ID")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("« 31/02/2010 » impossible")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("9 caractères au lieu de 11")),
        "{reasons:?}"
    );
    assert!(
        names(&cf, false).contains(&"Lœtitia ŒUVRAY".to_string()),
        "ISO-8859-15 œ decoded: {:?}",
        names(&cf, false)
    );

    let same = accroche_core::roster::read_roster(
        &fixture("siecle/ElevesSansAdresses.xml"),
        Some(&nomenclature),
        None,
    )
    .unwrap();
    assert_eq!(
        counts(&apply(&mut cf, &same, "ElevesSansAdresses.xml").unwrap()),
        (0, 0, 0, 10, 5),
        "the bare XML is the same export as the zip"
    );

    let jan = accroche_core::roster::read_roster(
        &fixture("siecle/ElevesSansAdresses-janvier.xml"),
        Some(&nomenclature),
        None,
    )
    .unwrap();
    let p = apply(&mut cf, &jan, "ElevesSansAdresses-janvier.xml").unwrap();
    assert_eq!((p.counts.new, p.counts.updated), (1, 2), "{p:#?}");
    assert!(
        p.updated
            .iter()
            .any(|u| u.changes.iter().any(|c| c.field == "Classe")),
        "a class change: {:#?}",
        p.updated
    );
}

#[test]
fn legal_representatives_come_from_the_export_with_addresses() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let alone =
        accroche_core::roster::read_roster(&fixture("siecle/ElevesAvecAdresses.xml"), None, None)
            .unwrap();
    assert!(
        !alone.has_legal_reps,
        "the students' file alone must not wipe representatives"
    );
    let file = accroche_core::roster::read_roster(
        &fixture("siecle/ElevesAvecAdresses.xml"),
        None,
        Some(&fixture("siecle/ResponsablesAvecAdresses.xml")),
    )
    .unwrap();
    assert!(file.has_legal_reps);
    apply(&mut cf, &file, "ElevesAvecAdresses.xml").unwrap();
    let with_reps = list_students(&cf, "", true)
        .unwrap()
        .into_iter()
        .map(|r| student(&cf, r.id).unwrap().input)
        .filter(|s| !s.legal_reps.is_empty())
        .count();
    assert!(with_reps > 0, "legal representatives were stored");
}

#[test]
fn a_pronote_csv_imports_through_the_same_path() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let file =
        accroche_core::roster::read_roster(&fixture("csv/pronote-utf8.csv"), None, None).unwrap();
    let p = apply(&mut cf, &file, "pronote-utf8.csv").unwrap();
    assert_eq!(p.source, "Pronote");
    assert_eq!(
        p.counts.new + p.counts.skipped,
        file.students.len() + file.skipped.len(),
        "every row is accounted for: {p:#?}"
    );
    assert!(p.counts.new >= 1);
    assert_eq!(
        p.counts.left, 0,
        "a CSV export may be partial: nobody absent from it is marked as left"
    );
}

#[test]
fn a_file_that_is_not_a_roster_is_refused_in_french_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("x.xml");
    std::fs::write(&bad, "bonjour").unwrap();
    let missing =
        accroche_core::roster::read_roster(&dir.path().join("absent.xml"), None, None).unwrap_err();
    assert!(
        missing.to_string().contains("est introuvable"),
        "a missing file is said in French: {missing}"
    );
    let err = accroche_core::roster::read_roster(&bad, None, None).unwrap_err();
    assert!(matches!(err, accroche_core::Error::Format(_)), "{err:?}");
    assert!(
        !err.to_string().is_empty() && !err.to_string().contains("Error"),
        "{err}"
    );
}
