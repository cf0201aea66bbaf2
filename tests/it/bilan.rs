//! The yearly bilan on a hand-built school whose right answers are written here: the GPDS
//! fixture's history (one flag, one held meeting, two actions, an entretien, a mesure), PAFI
//! with a student 15 on the first day, one across two school years and one interrupted, and an
//! alliance whose family refused the contract. Then the anonymous JSON holds no student data.

use std::path::{Path, PathBuf};

use accroche_core::alliance::{
    create_alliance, set_family, AllianceInput, AllianceKind, FamilyChange, FamilyContract,
};
use accroche_core::bilan::{bilan, records, to_json, Bilan, RecordKind, SCHEMA_VERSION};
use accroche_core::casefile::{fixed_clock, CaseFile};
use accroche_core::documents::registry::{
    generate, prepare_for_signature, record_paper_signature, DocumentRequest, SignatoryDecl,
};
use accroche_core::documents::template::DocumentType;
use accroche_core::export::{from_json, init_from_export};
use accroche_core::pafi::*;
use accroche_core::registry::{
    create_partner, create_staff, create_student, Contact, PartnerInput, PartnerKind, Sex,
    StaffInput, StaffRole, Track,
};
use accroche_core::school_year::SchoolYear;
use accroche_tests::{date, fixtures, student, PASSPHRASE};
use chrono::NaiveDate;

fn at(d: NaiveDate) -> accroche_core::casefile::Clock {
    fixed_clock(d.and_hms_opt(10, 0, 0).unwrap())
}

fn reopen(path: &Path, cf: CaseFile, on: NaiveDate) -> CaseFile {
    drop(cf);
    accroche_core::casefile::open(path, PASSPHRASE, false, at(on))
        .unwrap()
        .casefile
}

fn sign(
    cf: &mut CaseFile,
    kind: DocumentType,
    record: (&'static str, i64),
    student_id: i64,
    on: NaiveDate,
) {
    let d = generate(
        cf,
        &DocumentRequest {
            kind,
            record,
            student_id: Some(student_id),
            data: kind.example().unwrap(),
            signatories: vec![SignatoryDecl {
                role: "Le chef d'établissement".into(),
                name: Some("Hélène Marchetti".into()),
                relationship: String::new(),
                required: true,
                mention: String::new(),
                missing_hint: String::new(),
            }],
        },
    )
    .unwrap();
    let d = prepare_for_signature(cf, d.id).unwrap();
    record_paper_signature(cf, d.id, Some(on), &[0], None).unwrap();
}

fn go(cf: &mut CaseFile, id: i64, to: PafiState, on: NaiveDate, note: &str) {
    change_state(
        cf,
        id,
        &StateChange {
            to,
            on,
            authority: None,
            note: note.into(),
        },
    )
    .unwrap();
}

/// The hand-counted school (other bilan tests build on it: `crate::bilan::school()`).
pub(crate) struct Made {
    pub(crate) _dir: tempfile::TempDir,
    pub(crate) path: PathBuf,
    pub(crate) cf: CaseFile,
}

/// The school, built over a year: see the module's header for what it holds.
pub(crate) fn school() -> Made {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bilan.accroche");
    let json = std::fs::read_to_string(fixtures().join("gpds-export.json")).unwrap();
    let mut cf = init_from_export(
        &path,
        PASSPHRASE,
        &from_json(&json).unwrap(),
        at(date(2027, 3, 1)),
    )
    .unwrap()
    .casefile;
    let tutor = create_staff(
        &mut cf,
        &StaffInput {
            last_name: "Lœillet".into(),
            first_name: "Bérénice".into(),
            role: StaffRole::ProfesseurPrincipal,
            email: String::new(),
            phone: String::new(),
        },
    )
    .unwrap()
    .id;
    let host = create_partner(
        &mut cf,
        &PartnerInput {
            name: "Le Fournil d'Élise".into(),
            kind: PartnerKind::Entreprise,
            address: "27 place du Marché\n99001 Valmont-sur-Exemple".into(),
            phone: String::new(),
            email: String::new(),
            contacts: vec![Contact {
                last_name: "Kœnig".into(),
                first_name: "Élise".into(),
                function: "gérante".into(),
                phone: String::new(),
                email: String::new(),
            }],
        },
    )
    .unwrap()
    .id;
    let pupil = |cf: &mut CaseFile, last: &str, first: &str, born, sex, track| {
        let mut s = student(last, first);
        s.birth_date = born;
        s.sex = Some(sex);
        s.track = Some(track);
        s.ine = None;
        create_student(cf, &s).unwrap().id
    };
    let noe = pupil(
        &mut cf,
        "Bérard",
        "Noé",
        date(2012, 3, 1),
        Sex::M,
        Track::Cap,
    );
    let ines = pupil(
        &mut cf,
        "Aït-Ali",
        "Inès",
        date(2009, 1, 10),
        Sex::F,
        Track::BacPro,
    );
    let tom = pupil(
        &mut cf,
        "Girard",
        "Tomàs",
        date(2010, 5, 5),
        Sex::M,
        Track::BacPro,
    );
    let path_for = |cf: &mut CaseFile, student_id, start, end| {
        let id = create_pafi(
            cf,
            &PafiInput {
                student_id,
                proposal_id: None,
                start_on: Some(start),
                end_on: Some(end),
                tutor_id: Some(tutor),
                mlds_coordinator: String::new(),
                objectives: vec![Objective::Remobilisation],
                objectives_text: String::new(),
                diagnosis_on: None,
                bilan_due_on: None,
                return_on: None,
                return_terms: String::new(),
                family_signs: false,
                confirm_long: true,
            },
        )
        .unwrap()
        .id;
        let act = save_activity(
            cf,
            id,
            None,
            &ActivityInput {
                kind: Some(ActivityKind::CompanyInternship),
                title: "Stage en boulangerie".into(),
                partner_id: Some(host),
                host_representative: "Élise Kœnig".into(),
                host_representative_role: "gérante".into(),
                host_tutor: "Noël Kœnig".into(),
                host_tutor_role: String::new(),
                host_tutor_phone: String::new(),
                start_on: Some(start),
                end_on: Some(end),
                hours_per_week: Some(10.0),
                address: String::new(),
                tasks: Vec::new(),
                realisation: String::new(),
            },
        )
        .unwrap();
        (id, act.id)
    };
    // 01/03/2027: Noé, 15 that very day, starts a one-month path; Inès's path is interrupted.
    let today = date(2027, 3, 1);
    let (a, a_act) = path_for(&mut cf, noe, today, date(2027, 3, 31));
    for to in [
        PafiState::Preparing,
        PafiState::AwaitingValidation,
        PafiState::Validated,
    ] {
        go(&mut cf, a, to, today, "");
    }
    sign(&mut cf, DocumentType::ContratPafi, ("pafi", a), noe, today);
    sign(
        &mut cf,
        DocumentType::ConventionStage,
        ("pafi_activity", a_act),
        noe,
        today,
    );
    go(&mut cf, a, PafiState::Running, today, "");
    let (b, _) = path_for(&mut cf, ines, date(2027, 4, 5), date(2027, 4, 30));
    go(
        &mut cf,
        b,
        PafiState::Interrupted,
        today,
        "La famille a déménagé.",
    );
    // The family of Léa (the fixture's student) refuses the alliance's contract.
    let lea = 1;
    let al = create_alliance(
        &mut cf,
        &AllianceInput {
            student_id: lea,
            proposal_id: None,
            kind: Some(AllianceKind::Internal),
            start_on: None,
            end_on: None,
            rhythm: String::new(),
        },
    )
    .unwrap();
    set_family(
        &mut cf,
        al.id,
        &FamilyChange {
            status: FamilyContract::Refused,
            on: Some(today),
            reason: "Pas de papiers.".into(),
        },
    )
    .unwrap();
    // 15/06/2027: Tomàs starts a path that ends after the summer.
    let june = date(2027, 6, 15);
    let mut cf = reopen(&path, cf, june);
    let (c, c_act) = path_for(&mut cf, tom, june, date(2027, 9, 20));
    for to in [
        PafiState::Preparing,
        PafiState::AwaitingValidation,
        PafiState::Validated,
    ] {
        go(&mut cf, c, to, june, "");
    }
    sign(&mut cf, DocumentType::ContratPafi, ("pafi", c), tom, june);
    sign(
        &mut cf,
        DocumentType::ConventionStage,
        ("pafi_activity", c_act),
        tom,
        june,
    );
    go(&mut cf, c, PafiState::Running, june, "");
    // 20/06/2027: Léa, followed in GPDS, leaves the school (her entretien found no solution).
    let mut input = accroche_core::registry::student(&cf, lea).unwrap().input;
    input.exit_date = Some(date(2027, 6, 20));
    accroche_core::registry::update_student(&mut cf, lea, &input).unwrap();
    // 20/09/2027 (next school year): its bilan and its end.
    let september = date(2027, 9, 20);
    let mut cf = reopen(&path, cf, september);
    save_bilan(
        &mut cf,
        c,
        &BilanInput {
            held_on: Some(september),
            participants: Vec::new(),
            planned_half_days: None,
            absent_half_days: 0,
            justified_half_days: 0,
            lates: 0,
            attendance_comment: String::new(),
            student_view: String::new(),
            family_view: String::new(),
            outcome: Some(Outcome::Apprenticeship),
            outcome_on: Some(september),
            outcome_details: String::new(),
            recommendations: Vec::new(),
            skills: Vec::new(),
        },
    )
    .unwrap();
    go(&mut cf, c, PafiState::Finished, september, "");
    Made {
        _dir: dir,
        path,
        cf,
    }
}

fn rows(b: &Bilan, id: &str) -> Vec<(String, u32)> {
    b.distribution(id)
        .unwrap_or_else(|| panic!("no distribution {id}"))
        .rows
        .iter()
        .filter(|r| r.count > 0)
        .map(|r| (r.key.clone(), r.count))
        .collect()
}

fn pairs(list: &[(&str, u32)]) -> Vec<(String, u32)> {
    list.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect()
}

#[test]
fn the_indicators_of_a_year_are_the_hand_counted_ones() {
    let m = school();
    let b = bilan(&m.cf, SchoolYear(2026)).unwrap();
    assert_eq!(b.schema_version, SCHEMA_VERSION);
    assert_eq!(b.school_year, "2026-2027");
    let expect = [
        ("eleves_signales", 1),
        ("eleves_suivis_gpds", 1),
        ("seances_gpds", 1),
        ("actions_decidees", 2),
        ("actions_realisees", 1),
        ("actions_taux_realisation", 50),
        ("suivis_toujours_scolarises", 0),
        ("suivis_sortis", 1),
        ("sortis_sans_solution", 1),
        ("sortis_devenir_connu", 1),
        ("entretiens", 1),
        ("entretiens_solution", 0),
        ("mesures", 1),
        ("mesures_effectuees", 1),
        ("alliances_ouvertes", 1),
        ("alliances_internes", 1),
        ("contrats_refuses_familles", 1),
        ("parcours_contractualises", 2),
        ("parcours_contractualises_alliance", 0),
        ("pafi_proposes", 3),
        ("pafi_valides", 2),
        ("pafi_commences", 2),
        ("pafi_termines", 0),
        ("pafi_interrompus", 1),
    ];
    for (id, value) in expect {
        assert_eq!(b.value(id), Some(value), "{id}");
    }
    // What each figure opens is what it counted, and it names who.
    let year = SchoolYear(2026);
    for s in &b.sections {
        for f in s
            .figures
            .iter()
            .filter(|f| f.id != "actions_taux_realisation")
        {
            assert_eq!(
                records(&m.cf, year, &f.id, None).unwrap().len() as u32,
                f.value,
                "{}",
                f.id
            );
        }
        for d in &s.distributions {
            for r in &d.rows {
                let n = records(&m.cf, year, &d.id, Some(&r.key)).unwrap().len() as u32;
                assert_eq!(n, r.count, "{} {}", d.id, r.key);
            }
        }
    }
    let left = records(&m.cf, year, "suivis_sortis", None).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(
        (left[0].kind, left[0].on),
        (RecordKind::Student, Some(date(2027, 6, 20)))
    );
    assert!(left[0].title.starts_with("Léa "), "{}", left[0].title);
    let young = records(&m.cf, year, "pafi_age", Some("15")).unwrap();
    assert_eq!(young.len(), 1);
    assert_eq!(young[0].kind, RecordKind::Pafi);
    assert!(
        young[0].title.starts_with("Noé Bérard"),
        "{}",
        young[0].title
    );
    assert_eq!(young[0].detail, "Aujourd'hui : en cours");
    let actions: Vec<String> = records(&m.cf, year, "actions_decidees", None)
        .unwrap()
        .into_iter()
        .map(|r| r.detail)
        .collect();
    assert!(
        actions.iter().any(|d| d.ends_with("— faite")),
        "{actions:?}"
    );
    assert!(
        records(&m.cf, year, "pas_un_indicateur", None).is_err(),
        "an unknown figure is refused"
    );
    // Noé was 15 on his first day, Tomàs 17.
    assert_eq!(rows(&b, "pafi_age"), pairs(&[("15", 1), ("16_18", 1)]));
    assert_eq!(rows(&b, "pafi_genre"), pairs(&[("M", 2)]));
    assert_eq!(
        rows(&b, "pafi_filiere"),
        pairs(&[("cap", 1), ("bac_pro", 1)])
    );
    assert_eq!(rows(&b, "pafi_nature"), pairs(&[("stage_entreprise", 2)]));
    assert_eq!(
        rows(&b, "pafi_duree"),
        pairs(&[("2_mois", 1), ("2_6_mois", 1)])
    );
    assert_eq!(rows(&b, "entretiens_issue"), pairs(&[("sans_solution", 1)]));
    assert!(
        rows(&b, "pafi_situation_fin").is_empty(),
        "nothing finished in 2026-2027"
    );
    // Every figure has its definition.
    for s in &b.sections {
        for f in &s.figures {
            assert!(f.definition.ends_with('.'), "{}: {}", f.id, f.definition);
        }
    }

    // The path across two years finishes in 2027-2028.
    let next = bilan(&m.cf, SchoolYear(2027)).unwrap();
    assert_eq!(next.value("pafi_commences"), Some(0));
    assert_eq!(next.value("pafi_termines"), Some(1));
    assert_eq!(
        rows(&next, "pafi_situation_fin"),
        pairs(&[("apprentissage", 1)])
    );
    // And the year before holds nothing.
    let before = bilan(&m.cf, SchoolYear(2025)).unwrap();
    assert!(before
        .sections
        .iter()
        .flat_map(|s| &s.figures)
        .filter(|f| f.id != "suivis_sans_responsable")
        .all(|f| f.value == 0));
    let _ = &m.path;
}

#[test]
fn the_anonymous_json_holds_no_student_name_ine_or_birth_date() {
    let m = school();
    let json = to_json(&bilan(&m.cf, SchoolYear(2026)).unwrap()).unwrap();
    let students = accroche_core::registry::list_students(&m.cf, "", true).unwrap();
    assert!(students.len() >= 5);
    for s in students {
        let full = accroche_core::registry::student(&m.cf, s.id).unwrap();
        let i = &full.input;
        for needle in [
            i.last_name.clone(),
            i.first_name.clone(),
            i.birth_date.format("%Y-%m-%d").to_string(),
            i.birth_date.format("%d/%m/%Y").to_string(),
        ]
        .into_iter()
        .chain(i.ine.clone())
        {
            assert!(!json.contains(&needle), "{needle} in the bilan");
        }
    }
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["uai"], "0750654D");
    assert_eq!(value["schoolYear"], "2026-2027");
}

#[test]
fn the_qualitative_part_is_kept_with_its_year_and_may_not_name_a_student() {
    use accroche_core::bilan::{qualitative, save_qualitative, Qualitative};
    let mut m = school();
    let year = SchoolYear(2026);
    assert!(qualitative(&m.cf, year).unwrap().is_empty());
    let words = Qualitative {
        apports: "  Les familles reviennent vers l'établissement.  ".into(),
        difficultes: "Peu de stages pour les moins de seize ans.".into(),
        leviers: "La charte signée par chaque membre.".into(),
        perspectives: String::new(),
    };
    let saved = save_qualitative(&mut m.cf, year, &words).unwrap();
    assert_eq!(
        saved.apports,
        "Les familles reviennent vers l'établissement."
    );
    assert_eq!(qualitative(&m.cf, year).unwrap(), saved);
    assert!(
        qualitative(&m.cf, SchoolYear(2025)).unwrap().is_empty(),
        "kept with its own year"
    );
    let entry = &accroche_core::casefile::journal_list(&m.cf, 1).unwrap()[0];
    assert_eq!(
        entry.summary,
        "Bilan 2026-2027 : analyse qualitative modifiée"
    );

    // A student's name, in any order, accents and case aside, is refused; nothing changes.
    for (text, who) in [
        ("Le parcours de Noé Bérard a bien marché.", "Noé Bérard"),
        ("Suivi de BERARD noe à poursuivre.", "Noé Bérard"),
        ("Inès Aït Ali a retrouvé sa classe.", "Inès Aït-Ali"),
    ] {
        let mut bad = saved.clone();
        bad.leviers = text.into();
        let e = save_qualitative(&mut m.cf, year, &bad).unwrap_err();
        let accroche_core::Error::Validation { field, message } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(field, "leviers");
        assert!(message.contains(who), "{message}");
        assert!(message.contains("anonyme"), "{message}");
    }
    // A first name alone is not a student's name.
    let mut fine = saved.clone();
    fine.perspectives = "Noé, Inès et les autres : continuer.".into();
    save_qualitative(&mut m.cf, year, &fine).unwrap();
    let mut long = fine.clone();
    long.apports = "x".repeat(accroche_core::bilan::store::QUALITATIVE_MAX_CHARS + 1);
    assert!(save_qualitative(&mut m.cf, year, &long).is_err());
    assert_eq!(qualitative(&m.cf, year).unwrap(), fine);
}

#[test]
fn an_exported_bilan_is_frozen_and_a_later_export_says_what_changed() {
    use accroche_core::bilan::{export, exports, frozen_bilan, overview, years, ExportFormat};
    let mut m = school();
    let year = SchoolYear(2026);
    let out = m.path.with_file_name("bilan-2026-2027.json");
    let first = export(&mut m.cf, year, ExportFormat::Json, &out).unwrap();
    assert!(first.frozen && first.previous.is_none() && first.changes.is_empty());
    let written: Bilan = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(written, first.bilan);
    let list = exports(&m.cf, year).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (
            list[0].exported_on,
            list[0].format,
            list[0].file_name.as_str()
        ),
        (
            date(2027, 9, 20),
            ExportFormat::Json,
            "bilan-2026-2027.json"
        )
    );

    // A file that cannot be written freezes nothing.
    let nowhere = m.path.with_file_name("pas-de-dossier").join("bilan.json");
    assert!(export(&mut m.cf, year, ExportFormat::Json, &nowhere).is_err());
    assert_eq!(exports(&m.cf, year).unwrap().len(), 1);

    // Old records purged: today's figures drop, the frozen ones stay as exported.
    m.cf.conn().execute("DELETE FROM mesure", []).unwrap();
    let o = overview(&m.cf, year).unwrap();
    assert_eq!(o.bilan.value("mesures"), Some(0));
    assert_eq!(o.frozen.as_ref().and_then(|b| b.value("mesures")), Some(1));
    let ids: Vec<(&str, u32, u32)> = o
        .changes
        .iter()
        .map(|c| (c.id.as_str(), c.before, c.after))
        .collect();
    assert_eq!(
        ids,
        [("mesures", 1, 0), ("mesures_effectuees", 1, 0)],
        "{:?}",
        o.changes
    );
    assert_eq!(o.changes[0].label, "Mesures de responsabilisation");

    // Re-exported: it says so, and the journal keeps the figures that moved.
    let again = export(&mut m.cf, year, ExportFormat::Json, &out).unwrap();
    assert_eq!(
        again.previous.map(|p| p.exported_on),
        Some(date(2027, 9, 20))
    );
    assert_eq!(again.changes.len(), 2);
    let entry = &accroche_core::casefile::journal_list(&m.cf, 1).unwrap()[0];
    assert_eq!(
        entry.summary,
        "Bilan 2026-2027 exporté (JSON anonyme) : bilan-2026-2027.json — 2 chiffres changés depuis l'export du 20/09/2027"
    );
    assert_eq!(
        frozen_bilan(&m.cf, list[0].id).unwrap().value("mesures"),
        Some(1)
    );
    // Then nothing changed since.
    assert!(overview(&m.cf, year).unwrap().changes.is_empty());

    // A read-only case file exports without freezing.
    let path = m.path.clone();
    drop(m.cf);
    let ro = accroche_core::casefile::open(&path, PASSPHRASE, true, at(date(2027, 9, 21)))
        .unwrap()
        .casefile;
    let mut ro = ro;
    let copy = path.with_file_name("copie.json");
    let done = export(&mut ro, year, ExportFormat::Json, &copy).unwrap();
    assert!(!done.frozen && copy.is_file());
    assert_eq!(exports(&ro, year).unwrap().len(), 2);
    // The years with facts, up to today's.
    assert_eq!(years(&ro).unwrap(), [SchoolYear(2026), SchoolYear(2027)]);
}
