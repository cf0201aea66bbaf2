//! Alliance documents: contract, convention de partenariat, charte, compte-rendu — read back with pdftotext.

use std::path::{Path, PathBuf};

use accroche_core::alliance::*;
use accroche_core::casefile::{fixed_clock, CaseFile};
use accroche_core::documents::registry::{
    pdf, prepare_for_signature, record_paper_signature, save_pdf, Document, DocumentState,
};
use accroche_core::registry::{
    create_partner, create_staff, create_student, Contact, LegalRep, PartnerInput, PartnerKind,
    Relationship, StaffInput, StaffRole, StudentInput,
};
use accroche_core::Error;
use accroche_tests::*;
use chrono::NaiveDate;

fn today() -> NaiveDate {
    date(2027, 1, 18)
}

/// A school on 18/01/2027 with a CPE, a school nurse, three partners, and Chloé, 16, with two
/// legal representatives.
pub(crate) struct School {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) cf: CaseFile,
    cpe: i64,
    nurse: i64,
    mda: i64,
    street: i64,
    cio: i64,
    chloe: i64,
}

fn chloe() -> StudentInput {
    let mut s = student("Lefèvre-Œillet", "Chloé");
    s.birth_date = date(2010, 3, 14);
    s.class_name = "1MRC2".into();
    s.mef_label = Some("Première professionnelle Métiers de la relation client".into());
    s.legal_reps = vec![
        LegalRep {
            last_name: "Lefèvre".into(),
            first_name: "Nadia".into(),
            relationship: Relationship::Mere,
            address: "3 rue des Lilas\n99002 Saint-Fictif".into(),
            phone: "06 12 34 56 78".into(),
            email: String::new(),
        },
        LegalRep {
            last_name: "Œillet".into(),
            first_name: "Frédéric".into(),
            relationship: Relationship::Pere,
            address: String::new(),
            phone: String::new(),
            email: String::new(),
        },
    ];
    s
}

impl School {
    pub(crate) fn new() -> School {
        let dir = tempfile::tempdir().unwrap();
        let mut cf = accroche_core::registry::create_case_file(
            &dir.path().join("alliance.accroche"),
            PASSPHRASE,
            &establishment(),
            None,
            fixed_clock(today().and_hms_opt(10, 0, 0).unwrap()),
        )
        .unwrap()
        .casefile;
        let mut staff = |last: &str, first: &str, role, phone: &str| {
            create_staff(
                &mut cf,
                &StaffInput {
                    last_name: last.into(),
                    first_name: first.into(),
                    role,
                    email: String::new(),
                    phone: phone.into(),
                },
            )
            .unwrap()
            .id
        };
        let cpe = staff("Béranger", "Éloïse", StaffRole::Cpe, "01 98 76 54 10");
        let nurse = staff("Kœnig", "Thérèse", StaffRole::Infirmier, "");
        let mut partner = |name: &str, kind, contact: (&str, &str, &str)| {
            create_partner(
                &mut cf,
                &PartnerInput {
                    name: name.into(),
                    kind,
                    address: "15 boulevard Pasteur\n99002 Valmont-sur-Exemple".into(),
                    phone: "01 55 66 77 88".into(),
                    email: String::new(),
                    contacts: vec![Contact {
                        last_name: contact.0.into(),
                        first_name: contact.1.into(),
                        function: contact.2.into(),
                        phone: String::new(),
                        email: String::new(),
                    }],
                },
            )
            .unwrap()
            .id
        };
        let mda = partner(
            "Maison des adolescents du Val-d'Essai",
            PartnerKind::Mda,
            ("Dœuvre", "Aurélie", "Directrice"),
        );
        let street = partner(
            "Club de prévention Rues d'Essai",
            PartnerKind::Association,
            ("Benali", "Jérôme", "éducateur de prévention spécialisée"),
        );
        let cio = partner(
            "CIO de Valmont",
            PartnerKind::Cio,
            ("Caron", "Bénédicte", "Psy-EN EDO"),
        );
        let chloe = create_student(&mut cf, &chloe()).unwrap().id;
        School {
            dir,
            cf,
            cpe,
            nurse,
            mda,
            street,
            cio,
            chloe,
        }
    }

    fn student(&mut self, input: &StudentInput) -> i64 {
        create_student(&mut self.cf, input).unwrap().id
    }

    fn create(&mut self, student: i64, kind: AllianceKind) -> Alliance {
        create_alliance(
            &mut self.cf,
            &AllianceInput {
                student_id: student,
                proposal_id: None,
                kind: Some(kind),
                start_on: Some(date(2027, 1, 4)),
                end_on: Some(date(2027, 6, 30)),
                rhythm: "toutes les six semaines".into(),
            },
        )
        .unwrap()
    }

    fn staff(&mut self, a: i64, staff_id: i64, referent: bool) -> Member {
        add_member(
            &mut self.cf,
            a,
            &MemberInput {
                staff_id: Some(staff_id),
                partner_id: None,
                contact_name: String::new(),
                contact_function: String::new(),
                role: "suivi".into(),
                is_referent: referent,
            },
        )
        .unwrap()
    }

    fn partner(&mut self, a: i64, partner_id: i64, name: &str, function: &str) -> Member {
        add_member(
            &mut self.cf,
            a,
            &MemberInput {
                staff_id: None,
                partner_id: Some(partner_id),
                contact_name: name.into(),
                contact_function: function.into(),
                role: "accompagnement hors de l'école".into(),
                is_referent: false,
            },
        )
        .unwrap()
    }

    fn go(&mut self, a: i64, to: AllianceState) {
        change_state(
            &mut self.cf,
            a,
            &StateChange {
                to,
                on: today(),
                note: String::new(),
            },
        )
        .unwrap();
    }

    fn diagnose(&mut self, a: i64, member: i64, polarity: Polarity, text: &str, restricted: bool) {
        add_diagnosis(
            &mut self.cf,
            a,
            &DiagnosisInput {
                domain: Some(if restricted {
                    Domain::Health
                } else {
                    Domain::Schooling
                }),
                polarity: Some(polarity),
                text: text.into(),
                noted_on: Some(date(2027, 1, 11)),
                member_id: Some(member),
                sensitivity: if restricted {
                    accroche_core::access::Sensitivity::Restreint
                } else {
                    accroche_core::access::Sensitivity::Equipe
                },
                summary: String::new(),
            },
        )
        .unwrap();
    }

    /// Chloé's externe alliance under way: the CPE as her référent, the nurse, an educator of the
    /// MDA (charte signed) and a street educator (charte not signed); a diagnosis with one
    /// restricted entry of the nurse; two responses; one meeting; the family refused to sign.
    pub(crate) fn running(&mut self) -> (Alliance, [Member; 4], i64) {
        let a = self.create(self.chloe, AllianceKind::External);
        let cpe = self.staff(a.id, self.cpe, true);
        let nurse = self.staff(a.id, self.nurse, false);
        let ines = self.partner(a.id, self.mda, "Inès Moreau", "éducatrice");
        let jerome = self.partner(
            a.id,
            self.street,
            "Jérôme Benali",
            "éducateur de prévention spécialisée",
        );
        for m in [&cpe, &nurse, &ines] {
            set_charte(
                &mut self.cf,
                a.id,
                m.id,
                Some(date(2027, 1, 8)),
                Some("paper"),
            )
            .unwrap();
        }
        self.go(a.id, AllianceState::Diagnosis);
        self.diagnose(
            a.id,
            cpe.id,
            Polarity::Strength,
            "très investie dans l'atelier de vente",
            false,
        );
        self.diagnose(
            a.id,
            cpe.id,
            Polarity::Difficulty,
            "Absences répétées le lundi matin.",
            false,
        );
        self.diagnose(
            a.id,
            nurse.id,
            Polarity::Difficulty,
            "Suivi psychiatrique en cours depuis l'automne.",
            true,
        );
        self.go(a.id, AllianceState::Proposal);
        for (theme, action, member, status) in [
            (
                Theme::Remediation,
                "Tutorat en français écrit, une heure par semaine",
                cpe.id,
                ResponseStatus::Planned,
            ),
            (
                Theme::Health,
                "Accueil à la Maison des adolescents, auquel Chloé est libre de donner suite",
                ines.id,
                ResponseStatus::Running,
            ),
        ] {
            save_response(
                &mut self.cf,
                a.id,
                None,
                &ResponseInput {
                    theme: Some(theme),
                    action: action.into(),
                    member_id: Some(member),
                    start_on: Some(date(2027, 1, 11)),
                    end_on: Some(date(2027, 4, 9)),
                    rhythm: "chaque jeudi".into(),
                    status,
                },
            )
            .unwrap();
        }
        self.go(a.id, AllianceState::Running);
        let meeting = record_meeting(
            &mut self.cf,
            a.id,
            &MeetingInput {
                held_on: Some(date(2027, 1, 14)),
                time: "17:30".into(),
                place: "Bureau de la vie scolaire".into(),
                present: vec![cpe.id, nurse.id, ines.id],
                notes: "Chloé dit se sentir mieux accueillie depuis la rentrée de janvier.\nSa mère souhaite des rendez-vous en fin de journée.".into(),
                decisions: vec!["le tutorat commence jeudi prochain".into()],
            },
        )
        .unwrap();
        set_family(
            &mut self.cf,
            a.id,
            &FamilyChange {
                status: FamilyContract::Refused,
                on: Some(date(2027, 1, 15)),
                reason: "« On ne signe rien, mais on viendra aux réunions. »".into(),
            },
        )
        .unwrap();
        set_partner_formalisation(
            &mut self.cf,
            a.id,
            self.mda,
            Formalisation::Convention,
            Some(date(2027, 1, 15)),
            "",
        )
        .unwrap();
        (
            alliance(&self.cf, a.id).unwrap(),
            [cpe, nurse, ines, jerome],
            meeting.id,
        )
    }

    /// Writes a document's PDF under the temp dir and reads it back.
    fn text(&self, d: &Document, name: &str) -> (PathBuf, String) {
        let file = self.dir.path().join(format!("{name}.pdf"));
        save_pdf(&self.cf, d.id, &file).unwrap();
        let text = pdftotext(&file);
        (file, text)
    }
}

/// Asserts that `text` contains every one of `needles` (line breaks read as spaces), naming the
/// first one missing.
fn assert_all(text: &str, needles: &[&str]) {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for n in needles {
        assert!(flat.contains(n), "« {n} » missing from:\n{text}");
    }
}

fn names(d: &Document) -> Vec<&str> {
    d.signatories.iter().map(|s| s.name.as_str()).collect()
}

/// Keeps the PDF and a PNG of each of its first pages under the target directory, for the eye.
fn keep_for_the_eye(file: &Path, name: &str) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("documents");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(file, dir.join(format!("{name}.pdf"))).unwrap();
    let out = std::process::Command::new("pdftoppm")
        .args(["-png", "-r", "60", "-f", "1", "-l", "3"])
        .arg(file)
        .arg(dir.join(name))
        .output()
        .unwrap_or_else(|e| panic!("pdftoppm (poppler-utils) : {e}"));
    assert!(out.status.success(), "pdftoppm {}", file.display());
}

/// Signs the latest version of a document on paper, by everyone.
pub(crate) fn sign(cf: &mut CaseFile, d: &Document, on: NaiveDate) {
    let d = prepare_for_signature(cf, d.id).unwrap();
    let all: Vec<u32> = d.signatories.iter().map(|s| s.position).collect();
    let scan = pdf(cf, d.id).unwrap();
    record_paper_signature(cf, d.id, Some(on), &all, Some(("scan.pdf".into(), scan))).unwrap();
}

#[test]
fn the_contract_prints_only_what_may_be_written_and_is_made_though_the_family_refused() {
    let mut s = School::new();
    let (a, _, _) = s.running();
    assert_eq!(a.family, FamilyContract::Refused);

    let d = contract_document(&mut s.cf, a.id).unwrap();
    assert_eq!(d.state, DocumentState::Draft);
    assert!(d.missing.is_empty(), "{:?}", d.missing);
    assert_eq!(d.reference, "ALLIANCE-2026-0001");
    assert_eq!((d.record_entity.as_str(), d.record_id), ("alliance", a.id));
    assert_eq!(d.student_id, Some(s.chloe));
    assert_eq!(
        names(&d),
        [
            "Chloé Lefèvre-Œillet",
            "Nadia Lefèvre",
            "Frédéric Œillet",
            "Hélène Marchetti",
            "Éloïse Béranger",
        ],
        "the student, both legal representatives, the head, the référent"
    );
    assert!(
        !d.signatories[2].required,
        "the second legal representative may sign"
    );
    let (file, text) = s.text(&d, "contrat");
    keep_for_the_eye(&file, "alliance-contrat");
    assert_all(
        &text,
        &[
            "Contrat d'alliance éducative",
            "contrat n° ALLIANCE-2026-0001 du 18/01/2027",
            "Chloé Lefèvre-Œillet",
            "14/03/2010",
            "1MRC2",
            "professionnelle Métiers de la relation client",
            "responsable légal (mère) : Nadia Lefèvre, 3 rue des Lilas, 99002 Saint-Fictif",
            "Frédéric Œillet",
            "Hélène Marchetti",
            "Éloïse Béranger",
            "conseiller principal d'éducation",
            "01 98 76 54 10",
            "Le diagnostic a été établi le 11/01/2027",
            "Très investie dans l'atelier de vente.",
            "Absences répétées le lundi matin.",
            "Tutorat en français écrit, une heure par semaine",
            "Inès Moreau (Maison des adolescents du Val-d'Essai)",
            "chaque jeudi, jusqu'au 09/04/2027",
            "Jérôme Benali, éducateur de prévention spécialisée (Club de prévention Rues d'Essai) — n'ayant pas signé la charte",
            "toutes les six semaines",
            "14/01/2027",
            "Réunion de suivi (Bureau de la vie scolaire)",
            "prend effet le 04/01/2027 et s'achève le 30/06/2027",
            "Le référent de l'élève dans l'établissement",
            "Lu et approuvé",
            "Empreinte",
        ],
    );
    // A restricted entry never goes into a document.
    assert!(!text.contains("psychiatrique"), "{text}");
    assert!(
        !text.contains("none") && !text.contains("(à compléter)"),
        "{text}"
    );
    // The refusal is recorded on the alliance, not in the document; the alliance goes on.
    let a = alliance(&s.cf, a.id).unwrap();
    assert_eq!(a.family, FamilyContract::Refused);
    assert_eq!(a.state, AllianceState::Running);
    // Made again while a draft: the same version.
    let again = contract_document(&mut s.cf, a.id).unwrap();
    assert_eq!((again.id, again.version), (d.id, 1));
}

#[test]
fn the_contract_prints_the_resume_utile_of_a_restricted_entry_never_its_text() {
    use accroche_core::access::Sensitivity;
    let mut s = School::new();
    let (a, [_, nurse, _, _], _) = s.running();
    add_diagnosis(
        &mut s.cf,
        a.id,
        &DiagnosisInput {
            domain: Some(Domain::Health),
            polarity: Some(Polarity::Difficulty),
            text: "Hospitalisée deux semaines en octobre ; traitement en cours.".into(),
            noted_on: Some(date(2027, 1, 12)),
            member_id: Some(nurse.id),
            sensitivity: Sensitivity::Restreint,
            summary: "Une fatigue qui demande des pauses en fin de matinée.".into(),
        },
    )
    .unwrap();
    let d = contract_document(&mut s.cf, a.id).unwrap();
    let (_, text) = s.text(&d, "contrat-resume");
    assert_all(
        &text,
        &["Une fatigue qui demande des pauses en fin de matinée."],
    );
    assert!(!text.contains("Hospitalisée"), "{text}");
    assert!(!text.contains("psychiatrique"), "{text}");
}

#[test]
fn the_partnership_is_the_partners_valid_for_every_alliance_and_names_its_representative() {
    let mut s = School::new();
    let (a, [_, _, ines, _], _) = s.running();

    let err = partnership_document(&mut s.cf, a.id, s.cio).unwrap_err();
    assert!(matches!(err, Error::Validation { .. }), "{err:?}");
    assert!(
        err.to_string()
            .contains("ne fait pas partie de l'alliance éducative"),
        "{err}"
    );

    let d = partnership_document(&mut s.cf, a.id, s.mda).unwrap();
    assert!(d.missing.is_empty(), "{:?}", d.missing);
    assert_eq!(d.reference, "PARTENARIAT-2026-0001");
    assert_eq!((d.record_entity.as_str(), d.record_id), ("partner", s.mda));
    assert_eq!(d.student_id, None, "a convention names no student");
    assert_eq!(names(&d), ["Hélène Marchetti", "Aurélie Dœuvre"]);
    assert_eq!(
        d.signatories[1].role,
        "Pour Maison des adolescents du Val-d'Essai, directrice"
    );
    let (file, text) = s.text(&d, "convention");
    keep_for_the_eye(&file, "alliance-convention");
    assert_all(
        &text,
        &[
            "Convention de partenariat",
            "convention n° PARTENARIAT-2026-0001 du 18/01/2027",
            "Maison des adolescents du Val-d'Essai,",
            "Valmont-sur-Exemple, représenté par Aurélie Dœuvre, directrice.",
            "Hélène Marchetti",
            "Aurélie Dœuvre",
            "Karim Benhamou",
            "Inès Moreau",
            "éducatrice",
            "01 55 66 77 88",
            "que le partenaire a signée",
            "prend effet le 18/01/2027 et s'achève le 31/08/2027",
            "Pour l'établissement, le chef d'établissement",
            "Empreinte",
        ],
    );
    assert!(
        !text.contains("Chloé") && !text.contains("Lefèvre-Œillet"),
        "{text}"
    );
    assert!(!text.contains("none"), "{text}");
    assert_eq!(ines.partner_id, Some(s.mda));

    // The street educator has not signed the charte: no nominative data.
    let d2 = partnership_document(&mut s.cf, a.id, s.street).unwrap();
    assert_eq!(d2.reference, "PARTENARIAT-2026-0002");
    assert_eq!(names(&d2), ["Hélène Marchetti", "Jérôme Benali"]);
    let (_, text) = s.text(&d2, "convention-rue");
    assert_all(
        &text,
        &[
            "Club de prévention Rues d'Essai (association)",
            "Aucune donnée nominative relative à un élève n'est transmise",
            "proposer aux professionnels du partenaire de signer la charte",
        ],
    );

    // Signed, it is in force: asked again from another alliance, the same one comes back.
    sign(&mut s.cf, &d, today());
    let mut other = student("Œuvray", "Noé");
    other.birth_date = date(2011, 5, 2);
    let noe = s.student(&other);
    let b = s.create(noe, AllianceKind::External);
    s.partner(b.id, s.mda, "Inès Moreau", "éducatrice");
    let same = partnership_document(&mut s.cf, b.id, s.mda).unwrap();
    assert_eq!((same.id, same.version), (d.id, 1));
    assert_eq!(same.state, DocumentState::Signed);
    // Both alliances show the partner's signed convention.
    for id in [a.id, b.id] {
        let p = alliance(&s.cf, id).unwrap();
        let mda = p.partners.iter().find(|p| p.partner_id == s.mda).unwrap();
        assert_eq!(mda.convention_state.as_deref(), Some("signed"));
    }
}

#[test]
fn each_member_signs_the_charte_of_the_alliance_with_its_contract_reference() {
    let mut s = School::new();
    let (a, [cpe, nurse, _, jerome], _) = s.running();
    // Before the contract: the charte says the alliance without a reference.
    let d = charte_document(&mut s.cf, a.id, nurse.id).unwrap();
    assert_eq!(d.reference, "CHARTE-2026-0001");
    assert_eq!(
        (d.record_entity.as_str(), d.record_id),
        ("alliance_member", nurse.id)
    );
    assert_eq!(names(&d), ["Thérèse Kœnig", "Hélène Marchetti"]);
    assert!(
        !d.signatories[1].required,
        "the head countersigns if they wish"
    );
    let (_, text) = s.text(&d, "charte-infirmiere");
    assert_all(
        &text,
        &[
            "Charte de déontologie et de confidentialité des alliances éducatives",
            "engagement n° CHARTE-2026-0001 du 18/01/2027",
            "au titre de l'alliance éducative constituée autour de Chloé Lefèvre-Œillet (1MRC2), dont le référent dans l'établissement est Éloïse Béranger, conseiller principal d'éducation.",
            "Je soussigné(e), Thérèse Kœnig, infirmier·e",
            "dans le respect du secret professionnel auquel je suis tenu(e)",
            "jusqu'au 30/06/2027",
        ],
    );
    assert!(!text.contains("none"), "{text}");

    contract_document(&mut s.cf, a.id).unwrap();
    let d = charte_document(&mut s.cf, a.id, jerome.id).unwrap();
    assert_eq!(names(&d), ["Jérôme Benali", "Hélène Marchetti"]);
    let (file, text) = s.text(&d, "charte");
    keep_for_the_eye(&file, "alliance-charte");
    assert_all(
        &text,
        &[
            "alliance éducative n° ALLIANCE-2026-0001 constituée autour de Chloé Lefèvre-Œillet (1MRC2)",
            "Éloïse Béranger, conseiller principal d'éducation, référent de l'élève",
            "Thérèse Kœnig",
            "Inès Moreau, éducatrice (Maison des adolescents du Val-d'Essai)",
            "Je soussigné(e), Jérôme Benali, éducateur de prévention spécialisée, Club de prévention Rues d'Essai",
            "Le membre de l'alliance",
            "Jérôme Benali",
            "Hélène Marchetti",
            "Lu et approuvé",
        ],
    );
    // A member who left no longer signs; a stranger to the team is not found.
    remove_member(&mut s.cf, a.id, jerome.id, today()).unwrap();
    let err = charte_document(&mut s.cf, a.id, jerome.id).unwrap_err();
    assert!(
        err.to_string().contains("a quitté l'équipe le 18/01/2027"),
        "{err}"
    );
    let err = charte_document(&mut s.cf, a.id, cpe.id + 1000).unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
}

#[test]
fn the_minutes_of_a_meeting_list_who_came_the_responses_and_the_decisions() {
    let mut s = School::new();
    let (a, _, meeting) = s.running();
    let d = meeting_document(&mut s.cf, a.id, meeting).unwrap();
    assert!(d.missing.is_empty(), "{:?}", d.missing);
    assert_eq!(d.reference, "CRA-2026-0001");
    assert_eq!(
        (d.record_entity.as_str(), d.record_id),
        ("alliance_meeting", meeting)
    );
    assert_eq!(names(&d), ["Éloïse Béranger"]);
    let (file, text) = s.text(&d, "compte-rendu");
    keep_for_the_eye(&file, "alliance-compte-rendu");
    assert_all(
        &text,
        &[
            "Compte-rendu de la réunion de suivi de l'alliance éducative",
            "Document confidentiel.",
            "Réunion du 14/01/2027 à 17:30, Bureau de la vie scolaire",
            "Chloé Lefèvre-Œillet",
            "depuis le 04/01/2027",
            "Éloïse Béranger, CPE, référent",
            "Thérèse Kœnig, Infirmier·e",
            "Inès Moreau, Maison des adolescents du Val-d'Essai",
            "Excusés ou absents : Jérôme Benali, Club de prévention Rues d'Essai.",
            "Chloé dit se sentir mieux accueillie",
            "Sa mère souhaite des rendez-vous en fin de journée.",
            "Remédiation scolaire (FLE, tutorat) : Tutorat en français écrit",
            "état : prévue",
            "état : en cours",
            "Le tutorat commence jeudi prochain.",
            "La date de la prochaine réunion sera communiquée par le référent.",
            "Rédacteur",
        ],
    );
    assert!(
        !text.contains("psychiatrique") && !text.contains("none"),
        "{text}"
    );
    let err = meeting_document(&mut s.cf, a.id, meeting + 1000).unwrap_err();
    assert!(matches!(err, Error::NotFound(_)), "{err:?}");
}

#[test]
fn without_a_referent_or_a_legal_representative_the_contract_stays_a_draft_saying_what_to_add() {
    let mut s = School::new();
    let mut alone = chloe();
    alone.first_name = "Anaïs".into();
    alone.legal_reps = Vec::new();
    let id = s.student(&alone);
    let a = s.create(id, AllianceKind::Internal);
    s.staff(a.id, s.nurse, false);
    let d = contract_document(&mut s.cf, a.id).unwrap();
    assert_eq!(d.state, DocumentState::Draft);
    assert_eq!(
        d.missing,
        [
            "Ajoutez un responsable légal dans la fiche de l'élève.",
            "Désignez, parmi les personnels de l'établissement, le référent de l'élève dans l'alliance."
        ]
    );
    let err = prepare_for_signature(&mut s.cf, d.id).unwrap_err();
    assert!(err.to_string().contains("responsable légal"), "{err}");
    let (_, text) = s.text(&d, "sans-referent");
    assert_all(
        &text,
        &[
            "Anaïs Lefèvre-Œillet",
            "(à compléter)",
            "entre les seuls personnels de l'établissement (alliance interne)",
        ],
    );

    // An adult signs alone: no legal representative is a party.
    let mut adult = chloe();
    adult.first_name = "Maël".into();
    adult.birth_date = date(2008, 6, 1);
    let id = s.student(&adult);
    let b = s.create(id, AllianceKind::Internal);
    s.staff(b.id, s.cpe, true);
    let d = contract_document(&mut s.cf, b.id).unwrap();
    assert!(d.missing.is_empty(), "{:?}", d.missing);
    assert_eq!(
        names(&d),
        ["Maël Lefèvre-Œillet", "Hélène Marchetti", "Éloïse Béranger"]
    );
    let (_, text) = s.text(&d, "majeur");
    assert!(!text.contains("Nadia Lefèvre"), "{text}");
}
