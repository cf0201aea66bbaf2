//! The journal: every write leaves one entry, in the same transaction; it cannot be rewritten.

use accroche_core::casefile::{journal_list, JournalDraft};
use accroche_core::chronology::student_chronology;
use accroche_core::registry::{create_student, student, update_student};
use accroche_core::Error;
use accroche_tests::*;

#[test]
fn each_write_journals_who_when_what_and_the_changed_fields() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let s = create_student(&mut cf, &accroche_tests::student("Dubois", "Léa")).unwrap();
    let mut edited = s.input.clone();
    edited.class_name = "1MRC2".into();
    update_student(&mut cf, s.id, &edited).unwrap();

    let journal = journal_list(&cf, 10).unwrap();
    assert_eq!(
        journal.len(),
        4,
        "creation of the file, the référent's account, of the student, the edit"
    );
    assert_eq!(
        journal[2].summary,
        "Compte créé : Karim Benhamou (Référent décrochage)"
    );
    let edit = &journal[0];
    assert_eq!(
        edit.author, "Karim Benhamou",
        "the référent named at creation"
    );
    assert_eq!(edit.at, morning(2026, 11, 22));
    assert_eq!(edit.summary, "Fiche élève modifiée : Classe");
    assert_eq!(edit.changes.len(), 1);
    assert_eq!(edit.changes[0].before.as_deref(), Some("2NDE3"));
    assert_eq!(edit.changes[0].after.as_deref(), Some("1MRC2"));
    let created = &journal[1];
    assert!(created
        .changes
        .iter()
        .any(|c| c.field == "Date de naissance" && c.after.as_deref() == Some("14/03/2010")));

    let chronology = student_chronology(&cf, s.id, &[]).unwrap();
    assert_eq!(chronology.len(), 2, "the student's chronology shows both");
    assert_eq!(chronology[0].summary, "Fiche élève modifiée : Classe");
}

#[test]
fn a_refused_edit_writes_nothing_and_journals_nothing() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let s = create_student(&mut cf, &accroche_tests::student("Dubois", "Léa")).unwrap();
    let before = journal_list(&cf, 100).unwrap().len();
    let mut bad = s.input.clone();
    bad.class_name = "TMRC1".into();
    bad.ine = Some("123".into());
    let err = update_student(&mut cf, s.id, &bad).unwrap_err();
    assert_eq!(err.field(), Some("ine"));
    assert_eq!(journal_list(&cf, 100).unwrap().len(), before);
    assert_eq!(
        student(&cf, s.id).unwrap().input.class_name,
        "2NDE3",
        "not half-written"
    );
}

#[test]
fn a_write_without_a_journal_entry_is_rolled_back() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let s = create_student(&mut cf, &accroche_tests::student("Dubois", "Léa")).unwrap();
    let result = cf.write(|tx| {
        tx.conn()
            .execute("UPDATE student SET class_name = 'X' WHERE id = ?1", [s.id])?;
        Ok(())
    });
    assert!(result.is_err(), "an unjournaled write must not commit");
    assert_eq!(student(&cf, s.id).unwrap().input.class_name, "2NDE3");
}

#[test]
fn an_error_inside_a_write_rolls_back_the_journal_entry_too() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let before = journal_list(&cf, 100).unwrap().len();
    let result: Result<(), Error> = cf.write(|tx| {
        tx.journal(JournalDraft {
            entity: "test",
            entity_id: None,
            student_id: None,
            summary: "ne doit pas rester".into(),
            changes: Vec::new(),
        })?;
        Err(Error::invalid("x", "échec voulu"))
    });
    assert!(result.is_err());
    assert_eq!(journal_list(&cf, 100).unwrap().len(), before);
}

#[test]
fn the_journal_cannot_be_rewritten_or_erased() {
    let (_dir, _path, opened) = new_casefile();
    let conn = opened.casefile.conn();
    assert!(conn
        .execute("UPDATE journal SET summary = 'falsifié'", [])
        .is_err());
    assert!(conn.execute("DELETE FROM journal", []).is_err());
    assert_eq!(
        journal_list(&opened.casefile, 10).unwrap().len(),
        2,
        "the establishment and the référent's account"
    );
}

#[test]
fn the_journal_is_hash_chained_and_verify_names_the_first_altered_entry() {
    use accroche_core::casefile::verify_journal;
    let (_dir, path, opened) = new_casefile();
    let mut cf = opened.casefile;
    for name in ["Dubois", "Martin", "Nguyen", "Petit"] {
        create_student(&mut cf, &accroche_tests::student(name, "Léa")).unwrap();
    }
    let check = verify_journal(&cf).unwrap();
    assert_eq!(check.entries, 6);
    assert!(check.broken.is_none(), "{}", check.verdict);
    assert_eq!(
        check.verdict,
        "Journal intègre : 6 entrées vérifiées, aucune modifiée ni supprimée."
    );
    let conn = cf.conn();
    let stored: Vec<(String, String)> = conn
        .prepare("SELECT prev_hash, hash FROM journal ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(stored[0].0, "", "the first entry has no predecessor");
    for w in stored.windows(2) {
        assert_eq!(
            w[1].0, w[0].1,
            "each entry stores the previous entry's hash"
        );
        assert_eq!(w[1].1.len(), 64);
    }

    // Someone with the key lifts the triggers and rewrites entry 3: verify names it.
    conn.execute_batch(
        "DROP TRIGGER journal_append_only_update; DROP TRIGGER journal_append_only_delete;
         UPDATE journal SET summary = 'Fiche élève créée : Personne' WHERE id = 3;",
    )
    .unwrap();
    let check = verify_journal(&cf).unwrap();
    assert_eq!(check.broken.as_ref().map(|b| b.id), Some(3));
    assert_eq!(check.entries, 3);
    assert!(
        check.verdict.starts_with("Journal altéré : l'entrée n° 3 (22/11/2026 à 10:00, Karim Benhamou — « Fiche élève créée : Personne »)"),
        "{}",
        check.verdict
    );
    // Put back, then entry 4 removed: the chain breaks at entry 5.
    let original = "Fiche élève créée : Léa Dubois";
    conn.execute("UPDATE journal SET summary = ?1 WHERE id = 3", [original])
        .unwrap();
    assert!(verify_journal(&cf).unwrap().broken.is_none(), "restored");
    conn.execute("DELETE FROM journal WHERE id = 4", [])
        .unwrap();
    assert_eq!(verify_journal(&cf).unwrap().broken.map(|b| b.id), Some(5));
    let _ = path;
}

#[test]
fn the_journal_filters_by_student_author_kind_and_dates() {
    use accroche_core::casefile::{journal_facets, journal_search, JournalFilter};
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    create_student(&mut cf, &accroche_tests::student("Dubois-Lefèvre", "Léa")).unwrap();
    create_student(&mut cf, &accroche_tests::student("Martin", "Hugo")).unwrap();
    let all = |f: JournalFilter| journal_search(&cf, &JournalFilter { limit: 100, ..f }).unwrap();
    assert_eq!(all(JournalFilter::default()).len(), 4);
    let lea = all(JournalFilter {
        student: "LEFEVRE".into(),
        ..Default::default()
    });
    assert_eq!(lea.len(), 1, "accents and case aside: {lea:?}");
    assert_eq!(lea[0].summary, "Fiche élève créée : Léa Dubois-Lefèvre");
    assert_eq!(
        all(JournalFilter {
            entity: "student".into(),
            author: "Karim Benhamou".into(),
            ..Default::default()
        })
        .len(),
        2
    );
    assert!(all(JournalFilter {
        author: "Quelqu'un d'autre".into(),
        ..Default::default()
    })
    .is_empty());
    let day = date(2026, 11, 22);
    assert_eq!(
        all(JournalFilter {
            from: Some(day),
            to: Some(day),
            ..Default::default()
        })
        .len(),
        4
    );
    assert!(all(JournalFilter {
        from: Some(date(2026, 11, 23)),
        ..Default::default()
    })
    .is_empty());
    let e = journal_search(
        &cf,
        &JournalFilter {
            from: Some(date(2026, 11, 23)),
            to: Some(day),
            limit: 10,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "La date de fin précède la date de début.");
    let (authors, kinds) = journal_facets(&cf).unwrap();
    assert_eq!(authors, ["Karim Benhamou"]);
    assert!(kinds.contains(&"student".to_owned()), "{kinds:?}");
}

#[test]
fn exporting_the_whole_case_file_is_journaled() {
    let (dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    create_student(&mut cf, &accroche_tests::student("Dubois", "Léa")).unwrap();
    let out = dir.path().join("export-complet.json");
    accroche_core::export::export_to_file(&mut cf, &out).unwrap();
    assert!(out.is_file());
    let last = &journal_list(&cf, 1).unwrap()[0];
    assert_eq!(
        last.summary,
        "Export JSON du dossier (1 élève) : export-complet.json"
    );
    assert_eq!(last.author, "Karim Benhamou");
}
