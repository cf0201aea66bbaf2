//! The registry: validation messages, search, archive.

use accroche_core::registry::{
    create_partner, create_staff, create_student, list_partners, list_staff, list_students,
    set_student_archived, update_establishment, Contact, PartnerInput, PartnerKind, StaffInput,
    StaffRole,
};
use accroche_core::Error;
use accroche_tests::*;

/// (what the user typed wrong, the field the message is next to, a piece of the message)
#[test]
fn bad_student_input_is_refused_with_a_french_message_next_to_the_field() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    type Edit = fn(&mut accroche_core::registry::StudentInput);
    let cases: &[(Edit, &str, &str)] = &[
        (|s| s.last_name = "  ".into(), "lastName", "Indiquez le nom"),
        (
            |s| s.first_name = String::new(),
            "firstName",
            "Indiquez le prénom",
        ),
        (|s| s.ine = Some("12345".into()), "ine", "11 caractères"),
        (
            |s| s.birth_date = date(2027, 1, 1),
            "birthDate",
            "ne peut pas être dans le futur",
        ),
        (
            |s| s.birth_date = date(1990, 1, 1),
            "birthDate",
            "vérifiez la date",
        ),
        (
            |s| s.birth_date = date(2024, 1, 1),
            "birthDate",
            "aurait 2 ans",
        ),
        (
            |s| s.class_name = String::new(),
            "className",
            "Indiquez la classe",
        ),
        (
            |s| s.exit_date = Some(date(2026, 1, 1)),
            "exitDate",
            "précède la date d'entrée",
        ),
        (
            |s| s.email = "pas-une-adresse".into(),
            "email",
            "n'est pas valide",
        ),
        (
            |s| s.legal_reps[0].last_name = String::new(),
            "legalReps[0].lastName",
            "responsable légal",
        ),
        (
            |s| s.legal_reps[0].phone = "appelez-moi".into(),
            "legalReps[0].phone",
            "téléphone",
        ),
        (|s| s.mef = Some("123".into()), "mef", "MEF"),
    ];
    for (edit, field, words) in cases {
        let mut s = student("Dubois", "Léa");
        edit(&mut s);
        let err = create_student(&mut cf, &s).unwrap_err();
        assert_eq!(err.field(), Some(*field), "{err}");
        assert!(
            err.to_string().contains(words),
            "message for {field}: {err}"
        );
    }
    assert!(
        list_students(&cf, "", true).unwrap().is_empty(),
        "no refused student was written"
    );
}

#[test]
fn two_students_cannot_share_an_ine() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let mut a = student("Dubois", "Léa");
    a.ine = Some("1234567890a".into());
    let created = create_student(&mut cf, &a).unwrap();
    assert_eq!(
        created.input.ine.as_deref(),
        Some("1234567890A"),
        "INE upper-cased"
    );
    let mut b = student("Martin", "Jules");
    b.ine = Some("1234567890A".into());
    let err = create_student(&mut cf, &b).unwrap_err();
    assert_eq!(err.field(), Some("ine"));
    assert!(err.to_string().contains("Léa Dubois"), "{err}");
}

#[test]
fn search_matches_name_prefixes_ignoring_accents_and_case() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    for (last, first) in [
        ("Dubois-Lefèvre", "Léa"),
        ("Dupont", "Éloïse"),
        ("Martin", "Dubaï"),
        ("Œuvray", "Jules"),
    ] {
        create_student(&mut cf, &student(last, first)).unwrap();
    }
    let names = |q: &str| -> Vec<String> {
        list_students(&cf, q, false)
            .unwrap()
            .into_iter()
            .map(|r| format!("{} {}", r.first_name, r.last_name))
            .collect()
    };
    assert_eq!(
        names("dub"),
        ["Léa Dubois-Lefèvre", "Dubaï Martin"],
        "last or first name, sorted by last name"
    );
    assert_eq!(names("DUBOIS"), ["Léa Dubois-Lefèvre"]);
    assert_eq!(names("eloise"), ["Éloïse Dupont"], "accents ignored");
    assert_eq!(
        names("éloïse dup"),
        ["Éloïse Dupont"],
        "first name then last name"
    );
    assert_eq!(
        names("dupont elo"),
        ["Éloïse Dupont"],
        "last name then first name"
    );
    assert_eq!(names("oeuv"), ["Jules Œuvray"], "ligatures folded");
    assert_eq!(names("").len(), 4);
    assert!(names("x").is_empty());
}

#[test]
fn archived_students_leave_the_default_list_and_come_back() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let s = create_student(&mut cf, &student("Dubois", "Léa")).unwrap();
    set_student_archived(&mut cf, s.id, true).unwrap();
    assert!(list_students(&cf, "", false).unwrap().is_empty());
    assert_eq!(list_students(&cf, "", true).unwrap().len(), 1);
    set_student_archived(&mut cf, s.id, false).unwrap();
    assert_eq!(list_students(&cf, "", false).unwrap().len(), 1);
}

#[test]
fn staff_and_partners_are_validated_and_searchable() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let input = StaffInput {
        last_name: "Rivière".into(),
        first_name: "Claire".into(),
        role: StaffRole::PsyEn,
        email: "claire.riviere@exemple.test".into(),
        phone: String::new(),
    };
    create_staff(&mut cf, &input).unwrap();
    assert_eq!(list_staff(&cf, "riv", false).unwrap().len(), 1);
    let err = create_staff(
        &mut cf,
        &StaffInput {
            email: "x@".into(),
            ..input
        },
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("email"));

    let partner = PartnerInput {
        name: "Mission locale du Val d'Exemple".into(),
        kind: PartnerKind::MissionLocale,
        address: String::new(),
        phone: "05 99 00 00 00".into(),
        email: String::new(),
        contacts: vec![Contact {
            last_name: "Schmitt".into(),
            first_name: "Olivier".into(),
            function: "Conseiller".into(),
            phone: String::new(),
            email: String::new(),
        }],
    };
    create_partner(&mut cf, &partner).unwrap();
    let found = list_partners(&cf, "val d'ex", false).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].input.contacts[0].last_name, "Schmitt");
    let mut bad = partner;
    bad.contacts[0].last_name = String::new();
    let err = create_partner(&mut cf, &bad).unwrap_err();
    assert_eq!(err.field(), Some("contacts[0].lastName"));
}

#[test]
fn the_uai_must_carry_the_right_check_letter() {
    let (_dir, _path, opened) = new_casefile();
    let mut cf = opened.casefile;
    let mut e = establishment();
    e.uai = "0750654X".into();
    let err = update_establishment(&mut cf, &e, None).unwrap_err();
    assert!(matches!(err, Error::Validation { .. }));
    assert_eq!(err.field(), Some("uai"));
    assert!(
        err.to_string().contains("la lettre de contrôle est D"),
        "{err}"
    );
}
