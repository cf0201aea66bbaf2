//! The RGPD side: a family's right of access — everything the case file holds on one student,
//! as JSON and as a PDF read back with `pdftotext`, nothing about another student, the access
//! journaled, restricted diagnosis entries given only to whom may read them — and the record of
//! processing activities, which names the establishment and no student.

use std::path::{Path, PathBuf};

use accroche_core::access::Sensitivity;
use accroche_core::alliance::{add_diagnosis, DiagnosisInput, Domain, Polarity};
use accroche_core::casefile::{journal_for_student, CaseFile};
use accroche_core::export::{from_json, init_from_export};
use accroche_core::registry::list_students;
use accroche_core::rgpd::{
    export_student_file, registre_pdf, student_file, student_file_json, student_file_pdf, WITHHELD,
};
use accroche_core::users::{Role, SignedIn};
use accroche_core::Error;
use accroche_tests::{clock, date, fixtures, pdftotext, PASSPHRASE};
use serde_json::Value;

/// Léa Dubois-Lefèvre: flag, review, actions, entretien, mesure, PAFI.
const LEA: i64 = 1;
/// Maëlle Côté-Nœl: an alliance éducative.
const MAELLE: i64 = 3;

const RESTRICTED_TEXT: &str = "Suivie au centre médico-psychologique depuis septembre.";

/// The alliance fixture (GPDS, a PAFI for Léa, an alliance for Maëlle), in a temp dir.
fn school() -> (tempfile::TempDir, CaseFile) {
    let dir = tempfile::tempdir().unwrap();
    let json =
        std::fs::read_to_string(fixtures().join("schema").join("alliance-export.json")).unwrap();
    let cf = init_from_export(
        &dir.path().join("lycee.accroche"),
        PASSPHRASE,
        &from_json(&json).unwrap(),
        clock(),
    )
    .unwrap()
    .casefile;
    (dir, cf)
}

/// A reader of the file with this role (nobody in particular: only the role decides).
fn viewer(role: Role) -> SignedIn {
    SignedIn {
        id: 0,
        name: String::new(),
        role,
    }
}

/// The other students' names ("Prénom Nom" and last names), which a student's file must not
/// hold.
fn others(cf: &CaseFile, id: i64) -> Vec<String> {
    list_students(cf, "", true)
        .unwrap()
        .into_iter()
        .filter(|s| s.id != id)
        .flat_map(|s| [format!("{} {}", s.first_name, s.last_name), s.last_name])
        .collect()
}

fn collapse(s: &str) -> String {
    s.replace(['\u{202F}', '\u{00A0}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where the PDFs are rendered for the eye.
fn png_dir() -> PathBuf {
    let dir = PathBuf::from("/tmp/rgpd");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn render_pages(pdf: &Path, prefix: &str) {
    let out = std::process::Command::new("pdftoppm")
        .args(["-r", "60", "-png"])
        .arg(pdf)
        .arg(png_dir().join(prefix))
        .output()
        .unwrap_or_else(|e| panic!("pdftoppm (poppler-utils) : {e}"));
    assert!(out.status.success(), "pdftoppm {}", pdf.display());
}

fn len(v: &Value, pointer: &str) -> usize {
    v.pointer(pointer)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("{pointer} should be an array in the student's file"))
        .len()
}

#[test]
fn the_json_holds_everything_on_the_student_and_nothing_on_another() {
    let (_dir, cf) = school();
    let lea: Value =
        serde_json::from_str(&student_file_json(&cf, LEA, &viewer(Role::Referent)).unwrap())
            .unwrap();
    assert_eq!(
        lea["student"]["lastName"], "Dubois-Lefèvre",
        "the record itself"
    );
    assert!(
        len(&lea, "/student/legalReps") >= 1,
        "the legal representatives come with the record"
    );
    assert_eq!(len(&lea, "/gpds/flags"), 1, "her flag");
    assert_eq!(len(&lea, "/gpds/reviews"), 1, "her review");
    assert!(
        lea["gpds"]["reviews"][0]["meetingDate"].is_string(),
        "a review says the meeting's date"
    );
    assert_eq!(len(&lea, "/gpds/actions"), 2, "her two actions");
    assert_eq!(
        len(&lea, "/gpds/entretiens"),
        1,
        "her entretien de situation"
    );
    assert_eq!(
        len(&lea, "/gpds/mesures"),
        1,
        "her mesure de responsabilisation"
    );
    assert_eq!(len(&lea, "/gpds/proposals"), 1, "the PAFI proposal");
    assert_eq!(len(&lea, "/pafi"), 1, "her PAFI");
    assert_eq!(len(&lea, "/pafi/0/activities"), 2, "the PAFI's activities");
    assert_eq!(len(&lea, "/pafi/0/periods"), 1, "its schedule");
    assert_eq!(len(&lea, "/pafi/0/notes"), 1, "the tutor's note");
    assert_eq!(
        len(&lea, "/pafi/0/checkpoints"),
        2,
        "the intermediate bilans"
    );
    assert_eq!(len(&lea, "/pafi/0/transitions"), 4, "the path's steps");
    assert_eq!(len(&lea, "/alliances"), 0, "Léa has no alliance");
    let journal = lea["journal"].as_array().unwrap();
    assert_eq!(
        journal.len(),
        8,
        "every journal line about Léa in the fixture"
    );
    assert!(
        journal.iter().all(|e| e["studentId"] == LEA),
        "only journal lines about Léa"
    );

    let maelle: Value =
        serde_json::from_str(&student_file_json(&cf, MAELLE, &viewer(Role::Referent)).unwrap())
            .unwrap();
    assert_eq!(len(&maelle, "/alliances"), 1, "Maëlle's alliance");
    assert_eq!(len(&maelle, "/alliances/0/members"), 2, "its team");
    assert_eq!(len(&maelle, "/alliances/0/diagnosis"), 1, "its diagnosis");
    assert_eq!(len(&maelle, "/alliances/0/responses"), 1, "its response");
    assert_eq!(len(&maelle, "/gpds/flags"), 0, "Maëlle was never flagged");
    assert_eq!(len(&maelle, "/pafi"), 0, "nor had a PAFI");

    for (id, text) in [(LEA, lea.to_string()), (MAELLE, maelle.to_string())] {
        for name in others(&cf, id) {
            assert!(
                !text.contains(&name),
                "the file of student {id} must say nothing of {name}"
            );
        }
    }
}

#[test]
fn the_access_writes_a_readable_pdf_and_the_json_and_is_journaled() {
    let (dir, mut cf) = school();
    let pdf = dir.path().join("dossier.pdf");
    let json = dir.path().join("dossier.json");
    let before = journal_for_student(&cf, LEA).unwrap().len();
    export_student_file(&mut cf, LEA, &viewer(Role::Referent), &pdf, Some(&json)).unwrap();

    let journal = journal_for_student(&cf, LEA).unwrap();
    assert_eq!(journal.len(), before + 1, "the access is journaled once");
    assert_eq!(
        journal[0].summary, "Données de Léa Dubois-Lefèvre communiquées (droit d'accès)",
        "the newest line of Léa's journal is the access itself"
    );
    assert_eq!(journal[0].student_id, Some(LEA));

    let written: Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(written["student"]["id"], LEA, "the JSON is Léa's file");

    let text = pdftotext(&pdf);
    let flat = collapse(&text);
    for expected in [
        "Données détenues sur Léa Dubois-Lefèvre",
        "Lycée Jean-Moulin d'Essai",
        "Document établi le 22/11/2026 à la demande de la famille (droit d'accès, RGPD art. 15)",
        "1. Identité et responsables légaux",
        "2. Repérages et suivi GPDS",
        "3. Actions",
        "4. Entretiens de situation",
        "5. Mesures de responsabilisation",
        "6. Parcours aménagés de formation initiale (PAFI)",
        "7. Alliances éducatives",
        "8. Notes",
        "9. Documents",
        "10. Journal des accès et modifications",
        "Aucune donnée.",
        "Fiche élève créée : Léa Dubois-Lefèvre",
    ] {
        assert!(
            flat.contains(expected),
            "the PDF should read « {expected} »:\n{text}"
        );
    }
    for name in others(&cf, LEA) {
        assert!(
            !text.contains(&name),
            "Léa's PDF must say nothing of {name}"
        );
    }
    render_pages(&pdf, "acces-lea");
}

#[test]
fn a_restricted_entry_is_given_only_to_whom_may_read_it() {
    let (dir, mut cf) = school();
    // Member 2 is the mission locale's adviser: a partner may restrict an entry.
    add_diagnosis(
        &mut cf,
        1,
        &DiagnosisInput {
            domain: Some(Domain::Health),
            polarity: Some(Polarity::Difficulty),
            text: RESTRICTED_TEXT.into(),
            noted_on: Some(date(2026, 11, 21)),
            member_id: Some(2),
            sensitivity: Sensitivity::Restreint,
            summary: String::new(),
        },
    )
    .unwrap();

    let cpe = student_file(&cf, MAELLE, &viewer(Role::Cpe)).unwrap();
    let a = &cpe.alliances[0];
    assert_eq!(
        a.withheld.len(),
        1,
        "the CPE is told a restricted entry exists"
    );
    assert_eq!(a.withheld[0].notice, WITHHELD);
    assert_eq!(a.alliance.diagnosis.len(), 1, "the open entry stays");
    let json = serde_json::to_string(&cpe).unwrap();
    assert!(!json.contains(RESTRICTED_TEXT), "without its text");
    let path = dir.path().join("cpe.pdf");
    std::fs::write(
        &path,
        student_file_pdf(&cf, MAELLE, &viewer(Role::Cpe)).unwrap(),
    )
    .unwrap();
    let text = collapse(&pdftotext(&path));
    assert!(
        !text.contains("centre médico-psychologique"),
        "nor in the PDF: {text}"
    );
    assert!(text.contains("Élément réservé"), "the PDF says it exists");
    render_pages(&path, "acces-maelle-cpe");

    let referent = student_file(&cf, MAELLE, &viewer(Role::Referent)).unwrap();
    assert!(referent.alliances[0].withheld.is_empty());
    assert!(
        serde_json::to_string(&referent)
            .unwrap()
            .contains(RESTRICTED_TEXT),
        "the référent reads the restricted entry"
    );
    let path = dir.path().join("referent.pdf");
    std::fs::write(
        &path,
        student_file_pdf(&cf, MAELLE, &viewer(Role::Referent)).unwrap(),
    )
    .unwrap();
    let text = collapse(&pdftotext(&path));
    assert!(
        text.contains("centre médico-psychologique"),
        "and finds it in the PDF: {text}"
    );
    for name in others(&cf, MAELLE) {
        assert!(
            !text.contains(&name),
            "Maëlle's PDF must say nothing of {name}"
        );
    }
}

#[test]
fn an_unknown_student_writes_nothing() {
    let (dir, mut cf) = school();
    let pdf = dir.path().join("dossier.pdf");
    let json = dir.path().join("dossier.json");
    let err =
        export_student_file(&mut cf, 999, &viewer(Role::Referent), &pdf, Some(&json)).unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
    assert_eq!(err.to_string(), "Aucun élève n'a le numéro 999.");
    assert!(!pdf.exists() && !json.exists(), "no file written");
    assert_eq!(
        journal_for_student(&cf, 999).unwrap().len(),
        0,
        "nothing journaled"
    );
}

#[test]
fn the_registre_names_the_establishment_and_no_student() {
    let (dir, cf) = school();
    let path = dir.path().join("registre.pdf");
    std::fs::write(&path, registre_pdf(&cf).unwrap()).unwrap();
    let raw = pdftotext(&path);
    let text = collapse(&raw);
    for expected in [
        "Fiche de registre des activités de traitement",
        "Lycée Jean-Moulin d'Essai",
        "0750654D",
        "Hélène Marchetti, chef d'établissement",
        "Karim Benhamou, référent décrochage scolaire",
        "Prévention du décrochage scolaire",
        "article 6-1-e",
        "SQLCipher, AES-256",
        "Verrouillage automatique après 10 minutes d'inactivité",
        "Journal chaîné et infalsifiable",
        "Aucun transfert réseau",
        "bilan annuel anonyme",
        "Élèves 3",
        "Personnels 2",
        "Partenaires 2",
    ] {
        assert!(
            text.contains(expected),
            "the registre should read « {expected} »:\n{raw}"
        );
    }
    for s in list_students(&cf, "", true).unwrap() {
        assert!(
            !raw.contains(&s.last_name) && !raw.contains(&s.first_name),
            "the registre names no student ({} {})",
            s.first_name,
            s.last_name
        );
    }
    render_pages(&path, "registre");
}
