//! Notes on a student and the sensitivity of what professionals write: who reads a note of each
//! sensitivity, for every role; the text of a restricted note never in a list, the chronology,
//! the journal, its search, the RGPD access file (JSON and PDF read back with `pdftotext`) or an
//! export its reader may not read; its résumé utile everywhere; each reading journaled (not the
//! author's); « lecture seule » and read-only openings refused; the French messages; the purge;
//! the migration of the alliances' old « réservé » entries.

use accroche_core::access::{may_read, Sensitivity};
use accroche_core::casefile::{self, journal_list, journal_search, CaseFile, JournalFilter};
use accroche_core::chronology::{student_chronology, ChronologyKind};
use accroche_core::export::{export, export_as, from_json, init_from_export, to_json};
use accroche_core::notes::{
    add_note, delete_note, read_note, student_notes, update_note, StudentNote, StudentNoteInput,
};
use accroche_core::registry::{create_student, student as student_record, update_student};
use accroche_core::retention::{preview, purge, set_years_after_exit};
use accroche_core::rgpd::{student_file, student_file_json, student_file_pdf};
use accroche_core::users::{Role, SignedIn};
use accroche_core::Error;
use accroche_tests::{clock, date, fixtures, new_casefile, pdftotext, student, PASSPHRASE};
use serde_json::Value;

/// The restricted note's text: a word of it is searched everywhere it must not be.
const SECRET: &str = "Suivie au CMP depuis septembre : angoisses le matin, traitement en cours.";
const SECRET_WORD: &str = "angoisses";
const SUMMARY: &str = "Éviter les évaluations en première heure le lundi.";
const AUTHOR_ONLY: &str = "Mes impressions après l'entretien : à reprendre avec elle en décembre.";
const TEAM: &str = "Bonne participation en atelier cette semaine.";

fn user(id: i64, name: &str, role: Role) -> SignedIn {
    SignedIn {
        id,
        name: name.into(),
        role,
    }
}

/// The school nurse's account.
fn nurse() -> SignedIn {
    user(7, "Inès Martin", Role::MedicoSocial)
}

fn teacher() -> SignedIn {
    user(8, "Paul Girard", Role::Enseignant)
}

/// One account of every role, none of them the nurse; then the nurse herself, and account 0
/// (the case file opened by the référent before accounts).
fn everyone() -> Vec<SignedIn> {
    vec![
        user(2, "Karim Benhamou", Role::Referent),
        user(3, "Hélène Marchetti", Role::Direction),
        user(4, "Sophie Lagarde", Role::Cpe),
        user(5, "Claire Rivière", Role::PsyEn),
        user(6, "Maud Texier", Role::MedicoSocial),
        teacher(),
        user(9, "Nadia Ferrand", Role::LectureSeule),
        nurse(),
        user(0, "Karim Benhamou", Role::Referent),
    ]
}

fn input(sensitivity: Sensitivity, text: &str, summary: &str) -> StudentNoteInput {
    StudentNoteInput {
        written_on: Some(date(2026, 11, 12)),
        sensitivity,
        text: text.into(),
        summary: summary.into(),
    }
}

/// A case file with Léa (id 1) and the nurse's three notes on her: équipe, restreint (with its
/// résumé utile), auteur seul.
struct School {
    dir: tempfile::TempDir,
    cf: CaseFile,
    lea: i64,
    team: StudentNote,
    restricted: StudentNote,
    author_only: StudentNote,
}

fn school() -> School {
    let (dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let lea = create_student(&mut cf, &student("Dubois", "Léa"))
        .unwrap()
        .id;
    let team = add_note(
        &mut cf,
        &nurse(),
        lea,
        &input(Sensitivity::Equipe, TEAM, ""),
    )
    .unwrap();
    let restricted = add_note(
        &mut cf,
        &nurse(),
        lea,
        &input(Sensitivity::Restreint, SECRET, SUMMARY),
    )
    .unwrap();
    let author_only = add_note(
        &mut cf,
        &nurse(),
        lea,
        &input(Sensitivity::Auteur, AUTHOR_ONLY, ""),
    )
    .unwrap();
    School {
        dir,
        cf,
        lea,
        team,
        restricted,
        author_only,
    }
}

/// Whether `who` should read a note of the nurse's with this sensitivity.
fn expected(sensitivity: Sensitivity, who: &SignedIn) -> bool {
    match sensitivity {
        Sensitivity::Equipe => true,
        Sensitivity::Restreint => {
            matches!(who.role, Role::Referent | Role::MedicoSocial) || who.id == nurse().id
        }
        Sensitivity::Auteur => who.id == nurse().id,
    }
}

#[test]
fn each_sensitivity_is_read_by_the_roles_it_names_and_no_other() {
    let mut s = school();
    for who in everyone() {
        let list = student_notes(&s.cf, &who, s.lea).unwrap();
        assert_eq!(list.notes.len(), 3);
        for n in &list.notes {
            let should = expected(n.sensitivity, &who);
            assert_eq!(
                n.readable, should,
                "{:?} by {:?}: readable",
                n.sensitivity, who.role
            );
            assert_eq!(
                may_read(&who, n.sensitivity, Some(7), Some(Role::MedicoSocial)),
                should,
                "the one rule agrees"
            );
            // Lists never carry a restricted text, even to whom may read it.
            assert_eq!(
                n.text.is_some(),
                n.sensitivity == Sensitivity::Equipe,
                "{:?} by {:?}: text in the list",
                n.sensitivity,
                who.role
            );
            if !should {
                assert_eq!(n.author_name, "", "the stub names the role, not the person");
            }
            match read_note(&mut s.cf, &who, n.id) {
                Ok(full) => {
                    assert!(should, "{:?} read by {:?}", n.sensitivity, who.role);
                    assert!(full.text.is_some());
                }
                Err(e) => {
                    assert!(
                        !should,
                        "{:?} refused to {:?}: {e}",
                        n.sensitivity, who.role
                    );
                    assert_eq!(e.code(), "forbidden");
                }
            }
        }
        assert_eq!(
            list.may_write,
            who.role != Role::LectureSeule,
            "{:?} writes",
            who.role
        );
        assert_eq!(list.may_write_author_only, list.may_write && who.id != 0);
    }
    // What a user who may not read it sees: that it exists, and the résumé utile.
    let seen = student_notes(&s.cf, &teacher(), s.lea).unwrap();
    let r = seen.notes.iter().find(|n| n.id == s.restricted.id).unwrap();
    assert_eq!(r.stub, "1 note restreinte — Médico-social, 12/11/2026");
    assert_eq!(r.summary, SUMMARY);
    let a = seen
        .notes
        .iter()
        .find(|n| n.id == s.author_only.id)
        .unwrap();
    assert_eq!(
        a.stub,
        "1 note réservée à son auteur — Médico-social, 12/11/2026"
    );
    assert!(!serde_json::to_string(&seen).unwrap().contains(SECRET_WORD));
    assert_eq!(
        seen.notes
            .iter()
            .find(|n| n.id == s.team.id)
            .unwrap()
            .text
            .as_deref(),
        Some(TEAM)
    );
}

#[test]
fn reading_a_restricted_note_is_journaled_unless_one_wrote_it() {
    let mut s = school();
    let count = |cf: &CaseFile| journal_list(cf, 10_000).unwrap().len();
    let before = count(&s.cf);
    read_note(&mut s.cf, &nurse(), s.restricted.id).unwrap();
    read_note(&mut s.cf, &nurse(), s.author_only.id).unwrap();
    read_note(&mut s.cf, &teacher(), s.team.id).unwrap();
    assert_eq!(count(&s.cf), before, "the author's and équipe readings");
    let referent = user(2, "Karim Benhamou", Role::Referent);
    let full = read_note(&mut s.cf, &referent, s.restricted.id).unwrap();
    assert_eq!(full.text.as_deref(), Some(SECRET));
    assert_eq!(count(&s.cf), before + 1, "the référent's reading");
    let last = &journal_list(&s.cf, 1).unwrap()[0];
    assert_eq!(last.summary, "Lecture d'une note restreinte de Léa Dubois");
    assert_eq!(last.entity, "student_note");
    assert_eq!(last.student_id, Some(s.lea));
    assert_eq!(
        last.changes[0].after.as_deref(),
        Some("du 12/11/2026, de Inès Martin (Médico-social), par Karim Benhamou")
    );
    // Account 0 (opened with the recovery key) is nobody in particular: its reading is
    // journaled, even of its own note.
    let zero = user(0, accroche_core::users::RECOVERY_NAME, Role::Referent);
    let own = add_note(
        &mut s.cf,
        &zero,
        s.lea,
        &input(Sensitivity::Restreint, "Appel du père.", ""),
    )
    .unwrap();
    let before = count(&s.cf);
    read_note(&mut s.cf, &zero, own.id).unwrap();
    assert_eq!(count(&s.cf), before + 1);
    // A refused reading leaves no trace and no text.
    let err = read_note(&mut s.cf, &teacher(), s.restricted.id).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Cette note est restreinte : votre rôle (enseignant) ne permet pas de la lire. Son résumé utile, s'il y en a un, est lisible par tous."
    );
    assert_eq!(count(&s.cf), before + 1);
}

#[test]
fn a_restricted_text_stays_out_of_the_journal_the_chronology_and_their_search() {
    let mut s = school();
    update_note(
        &mut s.cf,
        &nurse(),
        s.restricted.id,
        &input(
            Sensitivity::Restreint,
            &format!("{SECRET} Rendez-vous le 3 décembre."),
            SUMMARY,
        ),
    )
    .unwrap();
    let journal = serde_json::to_string(&journal_list(&s.cf, 10_000).unwrap()).unwrap();
    assert!(!journal.contains(SECRET_WORD), "{journal}");
    assert!(!journal.contains("impressions"), "the author-only text");
    assert!(journal.contains(TEAM), "an équipe text is journaled");
    assert!(journal.contains(SUMMARY), "the résumé utile is journaled");
    assert!(journal.contains("Note restreinte de Léa Dubois modifiée"));
    let found = journal_search(
        &s.cf,
        &JournalFilter {
            student: "Dubois".into(),
            author: String::new(),
            entity: "student_note".into(),
            from: None,
            to: None,
            limit: 100,
        },
    )
    .unwrap();
    assert_eq!(found.len(), 4, "three writes and a change");
    assert!(!serde_json::to_string(&found).unwrap().contains(SECRET_WORD));

    let chrono = student_chronology(&s.cf, s.lea, &[ChronologyKind::Note]).unwrap();
    assert_eq!(chrono.len(), 3);
    let text = serde_json::to_string(&chrono).unwrap();
    assert!(!text.contains(SECRET_WORD) && !text.contains("impressions"));
    assert!(chrono.iter().any(
        |e| e.summary == "1 note restreinte — Médico-social, 12/11/2026"
            && e.detail == format!("Résumé utile : {SUMMARY}")
    ));
    assert!(chrono
        .iter()
        .any(|e| e.summary == "Note de Inès Martin (Médico-social)" && e.detail == TEAM));
}

#[test]
fn the_access_file_gives_a_restricted_note_only_to_whom_may_read_it() {
    let s = school();
    for (who, reads) in [
        (teacher(), false),
        (user(6, "Maud Texier", Role::MedicoSocial), true),
    ] {
        let file = student_file(&s.cf, s.lea, &who).unwrap();
        assert_eq!(file.notes.len(), 3);
        let json = student_file_json(&s.cf, s.lea, &who).unwrap();
        assert_eq!(json.contains(SECRET_WORD), reads, "{:?}: JSON", who.role);
        assert!(!json.contains("impressions"), "nobody but the nurse");
        assert!(json.contains(SUMMARY));
        let v: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(v["notes"].as_array().unwrap().len(), 3);
        let path = s.dir.path().join(format!("acces-{}.pdf", who.id));
        std::fs::write(&path, student_file_pdf(&s.cf, s.lea, &who).unwrap()).unwrap();
        let text = pdftotext(&path)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains("8. Notes"), "{text}");
        assert_eq!(text.contains(SECRET_WORD), reads, "{:?}: PDF", who.role);
        assert!(
            text.contains("Éviter les évaluations en première heure"),
            "{text}"
        );
        assert!(text.contains("1 note réservée à son auteur"), "{text}");
        assert_eq!(text.contains("1 note restreinte"), !reads, "{text}");
        assert!(text.contains(TEAM));
    }
}

#[test]
fn an_export_holds_no_text_its_user_may_not_read_and_lists_what_it_left_out() {
    let s = school();
    let by_teacher = to_json(&export_as(&s.cf, &teacher()).unwrap()).unwrap();
    assert!(!by_teacher.contains(SECRET_WORD) && !by_teacher.contains("impressions"));
    let e: Value = serde_json::from_str(&by_teacher).unwrap();
    assert_eq!(e["notes"].as_array().unwrap().len(), 1, "the équipe note");
    let withheld = e["withheld"].as_array().unwrap();
    assert_eq!(withheld.len(), 2);
    assert_eq!(withheld[0]["table"], "student_note");
    assert_eq!(
        withheld[0]["stub"],
        "1 note restreinte — Médico-social, 12/11/2026"
    );
    assert_eq!(withheld[0]["summary"], SUMMARY);

    // The référent reads the restricted note, not the nurse's « auteur seul » one.
    let by_referent = to_json(&export(&s.cf).unwrap()).unwrap();
    assert!(by_referent.contains(SECRET_WORD));
    assert!(!by_referent.contains("impressions"));
    let copy = init_from_export(
        &s.dir.path().join("copie.accroche"),
        PASSPHRASE,
        &from_json(&by_referent).unwrap(),
        clock(),
    )
    .unwrap()
    .casefile;
    let notes = student_notes(&copy, &nurse(), s.lea).unwrap().notes;
    assert_eq!(notes.len(), 2, "what was withheld is not recreated");
    assert!(notes.iter().all(|n| n.id != s.author_only.id));
    assert!(
        !to_json(&export(&copy).unwrap())
            .unwrap()
            .contains("\"withheld\""),
        "the copy holds only what its exporter could read"
    );
}

#[test]
fn lecture_seule_and_read_only_openings_are_refused_in_french() {
    let (_dir, path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let lea = create_student(&mut cf, &student("Dubois", "Léa"))
        .unwrap()
        .id;
    let lecture = user(9, "Nadia Ferrand", Role::LectureSeule);
    let err = add_note(
        &mut cf,
        &lecture,
        lea,
        &input(Sensitivity::Equipe, TEAM, ""),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Forbidden(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "Votre compte (lecture seule) permet de consulter le dossier, pas d'y écrire."
    );
    let n = add_note(
        &mut cf,
        &nurse(),
        lea,
        &input(Sensitivity::Restreint, SECRET, SUMMARY),
    )
    .unwrap();
    assert!(delete_note(&mut cf, &lecture, n.id).is_err());
    drop(cf);

    let mut ro = casefile::open(&path, PASSPHRASE, true, clock())
        .unwrap()
        .casefile;
    let referent = user(2, "Karim Benhamou", Role::Referent);
    let err = read_note(&mut ro, &referent, n.id).unwrap_err();
    assert_eq!(err.code(), "forbidden");
    assert_eq!(
        err.to_string(),
        "Ce dossier est ouvert en lecture seule : la lecture d'un élément restreint doit être inscrite au journal, ce qui est impossible ainsi. Fermez-le, puis ouvrez-le sans la lecture seule pour le lire."
    );
    // Its author reads it there: nothing to journal.
    assert!(read_note(&mut ro, &nurse(), n.id).is_ok());
    let err = add_note(
        &mut ro,
        &referent,
        lea,
        &input(Sensitivity::Equipe, TEAM, ""),
    )
    .unwrap_err();
    assert!(matches!(err, Error::ReadOnly), "{err:?}");
    let list = student_notes(&ro, &referent, lea).unwrap();
    assert!(!list.may_write);
}

#[test]
fn only_its_author_changes_a_note_and_the_referent_may_delete_it() {
    let mut s = school();
    let err = update_note(
        &mut s.cf,
        &teacher(),
        s.team.id,
        &input(Sensitivity::Equipe, "Autre texte.", ""),
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Seul l'auteur d'une note peut la modifier (Inès Martin l'a écrite)."
    );
    let err = delete_note(&mut s.cf, &teacher(), s.team.id).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Seuls l'auteur d'une note et le référent décrochage peuvent la supprimer."
    );
    // The nurse lowers her note to « équipe »: the team reads it, the journal says so.
    let changed = update_note(
        &mut s.cf,
        &nurse(),
        s.author_only.id,
        &input(Sensitivity::Equipe, AUTHOR_ONLY, ""),
    )
    .unwrap();
    assert_eq!(changed.sensitivity, Sensitivity::Equipe);
    let seen = student_notes(&s.cf, &teacher(), s.lea).unwrap();
    assert!(seen
        .notes
        .iter()
        .any(|n| n.text.as_deref() == Some(AUTHOR_ONLY)));
    // The référent deletes the restricted note without reading it; the journal keeps its stub.
    let referent = user(2, "Karim Benhamou", Role::Referent);
    delete_note(&mut s.cf, &referent, s.restricted.id).unwrap();
    let last = &journal_list(&s.cf, 1).unwrap()[0];
    assert_eq!(last.summary, "Note restreinte de Léa Dubois supprimée");
    assert!(!serde_json::to_string(last).unwrap().contains(SECRET_WORD));
    assert_eq!(
        student_notes(&s.cf, &referent, s.lea).unwrap().notes.len(),
        2
    );
}

#[test]
fn a_note_says_in_french_what_is_wrong_with_it() {
    let mut s = school();
    let who = nurse();
    let zero = user(0, accroche_core::users::RECOVERY_NAME, Role::Referent);
    let mut check = |input: StudentNoteInput, as_: &SignedIn, field: &str, message: &str| {
        let err = add_note(&mut s.cf, as_, s.lea, &input).unwrap_err();
        assert_eq!(
            (err.code(), err.field(), err.to_string().as_str()),
            ("validation", Some(field), message)
        );
    };
    check(
        input(Sensitivity::Equipe, "   ", ""),
        &who,
        "text",
        "Écrivez la note : elle ne peut pas être vide.",
    );
    check(
        StudentNoteInput {
            written_on: Some(date(2026, 11, 23)),
            ..input(Sensitivity::Equipe, TEAM, "")
        },
        &who,
        "writtenOn",
        "La date 23/11/2026 est dans le futur : une note se date du jour où elle est écrite, ou d'un jour passé.",
    );
    check(
        StudentNoteInput {
            written_on: Some(date(2009, 1, 1)),
            ..input(Sensitivity::Equipe, TEAM, "")
        },
        &who,
        "writtenOn",
        "La date 01/01/2009 précède la naissance de l'élève (14/03/2010) : vérifiez l'année.",
    );
    check(
        StudentNoteInput {
            written_on: None,
            ..input(Sensitivity::Equipe, TEAM, "")
        },
        &who,
        "writtenOn",
        "Indiquez la date de la note.",
    );
    check(
        input(Sensitivity::Auteur, TEAM, ""),
        &zero,
        "sensitivity",
        "Une note « auteur seul » n'est lue que par son auteur : elle demande d'être connecté avec un compte personnel. Choisissez « Restreint », ou connectez-vous avec votre compte.",
    );
    // A résumé longer than the note is fine; today is fine.
    let long = add_note(
        &mut s.cf,
        &who,
        s.lea,
        &StudentNoteInput {
            written_on: Some(date(2026, 11, 22)),
            ..input(
                Sensitivity::Restreint,
                "Vue ce matin.",
                "Elle a besoin de calme en début de journée ; prévenir l'infirmière avant toute sortie.",
            )
        },
    );
    assert!(long.is_ok(), "{long:?}");
}

#[test]
fn a_purge_deletes_the_notes_of_a_student_who_left() {
    let mut s = school();
    let mut lea = student_record(&s.cf, s.lea).unwrap().input;
    lea.entry_date = Some(date(2025, 9, 1));
    lea.exit_date = Some(date(2026, 6, 30));
    update_student(&mut s.cf, s.lea, &lea).unwrap();
    set_years_after_exit(&mut s.cf, 0).unwrap();
    let p = preview(&s.cf).unwrap();
    assert_eq!(p.due.len(), 1);
    assert_eq!(p.due[0].counts.notes, 3);
    purge(&mut s.cf, 1, &s.dir.path().join("certificat.pdf")).unwrap();
    let left: i64 =
        s.cf.conn()
            .query_row("SELECT count(*) FROM student_note", [], |r| r.get(0))
            .unwrap();
    assert_eq!(left, 0);
    let text = pdftotext(&s.dir.path().join("certificat.pdf"));
    assert!(text.contains("Notes (toutes diffusions)"), "{text}");
}

#[test]
fn the_old_reserved_entries_of_the_alliances_become_restreint() {
    // A case file of schema 8 with a « réservé » entry, upgraded.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v8.accroche");
    std::fs::copy(fixtures().join("schema").join("v8.accroche"), &path).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "key", "schema-fixture-v1")
            .unwrap();
        conn.execute(
            "INSERT INTO alliance_diagnosis (alliance_id, domain, polarity, text, noted_on, member_id, restricted, created_at)
             SELECT alliance_id, 'sante', 'difficulty', 'Suivi médical en cours.', '2026-11-21', member_id, 1, '2026-11-21T10:00:00'
               FROM alliance_diagnosis LIMIT 1",
            [],
        )
        .unwrap();
    }
    let cf = casefile::open(&path, "schema-fixture-v1", false, clock())
        .unwrap()
        .casefile;
    let a = accroche_core::alliance::list_alliances(&cf).unwrap()[0].id;
    let a = accroche_core::alliance::alliance(&cf, a).unwrap();
    let kinds: Vec<Sensitivity> = a.diagnosis.iter().map(|d| d.sensitivity).collect();
    assert_eq!(kinds, [Sensitivity::Restreint, Sensitivity::Equipe]);
    assert_eq!(
        a.diagnosis[0].text, "",
        "the alliance as loaded leaves it out"
    );
    // And an export made before schema 10, with only `restricted` = 1, imports as restreint.
    let mut e = from_json(
        &std::fs::read_to_string(fixtures().join("schema").join("alliance-export.json")).unwrap(),
    )
    .unwrap();
    e.alliance.diagnosis[0].insert("restricted".into(), Value::from(1));
    let copy = init_from_export(&dir.path().join("copie.accroche"), PASSPHRASE, &e, clock())
        .unwrap()
        .casefile;
    let id = accroche_core::alliance::list_alliances(&copy).unwrap()[0].id;
    let d = &accroche_core::alliance::alliance(&copy, id)
        .unwrap()
        .diagnosis[0];
    assert_eq!(d.sensitivity, Sensitivity::Restreint);
}
