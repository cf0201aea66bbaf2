//! PAFI documents: the contract, the conventions and the bilan de parcours, read back with pdftotext.

use std::path::{Path, PathBuf};

use accroche_core::casefile::CaseFile;
use accroche_core::documents::registry::{
    pdf, prepare_for_signature, record_paper_signature, save_pdf, Document, DocumentState,
};
use accroche_core::pafi::*;
use accroche_core::registry::{
    create_partner, create_staff, create_student, Contact, LegalRep, PartnerInput, PartnerKind,
    Relationship, StaffInput, StaffRole, StudentInput,
};
use accroche_core::Error;
use accroche_tests::*;
use chrono::NaiveDate;

/// A school on 22/11/2026 with a tutor, a host (a bakery), and Léa, 15, with two legal
/// representatives.
pub(crate) struct School {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) cf: CaseFile,
    pub(crate) tutor: i64,
    bakery: i64,
    pub(crate) lea: i64,
}

fn lea() -> StudentInput {
    let mut s = student("Dubois-Lefèvre", "Léa");
    s.birth_date = date(2011, 4, 17);
    s.class_name = "2MRC1".into();
    s.mef_label = Some("Seconde professionnelle Métiers de la relation client".into());
    s.legal_reps = vec![
        LegalRep {
            last_name: "Lœillet".into(),
            first_name: "Nathalie".into(),
            relationship: Relationship::Mere,
            address: "12 allée des Tilleuls\n99001 Valmont-sur-Exemple".into(),
            phone: "06 12 34 56 78".into(),
            email: String::new(),
        },
        LegalRep {
            last_name: "Dubois".into(),
            first_name: "Stéphane".into(),
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
        let (dir, _path, opened) = new_casefile();
        let mut cf = opened.casefile;
        let tutor = create_staff(
            &mut cf,
            &StaffInput {
                last_name: "Kœnig".into(),
                first_name: "Bérénice".into(),
                role: StaffRole::Enseignant,
                email: "berenice.koenig@ac-exemple.fr".into(),
                phone: "01 98 76 54 32".into(),
            },
        )
        .unwrap()
        .id;
        let bakery = create_partner(
            &mut cf,
            &PartnerInput {
                name: "Le Fournil d'Élise".into(),
                kind: PartnerKind::Entreprise,
                address: "27 place du Marché\n99001 Valmont-sur-Exemple".into(),
                phone: "01 23 45 67 89".into(),
                email: String::new(),
                contacts: vec![Contact {
                    last_name: "Ménard".into(),
                    first_name: "Élise".into(),
                    function: "gérante".into(),
                    phone: String::new(),
                    email: String::new(),
                }],
            },
        )
        .unwrap()
        .id;
        let lea = create_student(&mut cf, &lea()).unwrap().id;
        School {
            dir,
            cf,
            tutor,
            bakery,
            lea,
        }
    }

    fn student(&mut self, input: &StudentInput) -> i64 {
        create_student(&mut self.cf, input).unwrap().id
    }

    /// A five-week path for `student` from `start` (a Monday): a bakery internship on Tuesday
    /// and Thursday morning, an MLDS module on Wednesday morning, class otherwise; two
    /// intermediate bilans.
    pub(crate) fn path(&mut self, student: i64, start: NaiveDate) -> (Pafi, i64, i64) {
        let end = start + chrono::Duration::days(32);
        let p = create_pafi(
            &mut self.cf,
            &PafiInput {
                student_id: student,
                proposal_id: None,
                start_on: Some(start),
                end_on: Some(end),
                tutor_id: Some(self.tutor),
                mlds_coordinator: "François Théret, coordonnateur de la MLDS".into(),
                objectives: vec![Objective::Attendance, Objective::Trades],
                objectives_text: "préparer le retour à temps plein dans la classe".into(),
                diagnosis_on: Some(date(2026, 11, 10)),
                bilan_due_on: Some(end - chrono::Duration::days(1)),
                return_on: Some(end + chrono::Duration::days(3)),
                return_terms: "Un point hebdomadaire avec la tutrice est maintenu.".into(),
                family_signs: false,
                confirm_long: false,
            },
        )
        .unwrap();
        let internship = save_activity(
            &mut self.cf,
            p.id,
            None,
            &ActivityInput {
                kind: Some(ActivityKind::CompanyInternship),
                title: "Stage en boulangerie : vente et accueil".into(),
                partner_id: Some(self.bakery),
                host_representative: "Élise Ménard".into(),
                host_representative_role: "gérante".into(),
                host_tutor: "Noël Ménard".into(),
                host_tutor_role: "boulanger".into(),
                host_tutor_phone: "01 23 45 67 80".into(),
                start_on: Some(start + chrono::Duration::days(1)),
                end_on: Some(end - chrono::Duration::days(1)),
                hours_per_week: Some(11.0),
                address: String::new(),
                tasks: vec![
                    "Accueil de la clientèle et vente au comptoir.".into(),
                    "Mise en place de la vitrine".into(),
                ],
                realisation: String::new(),
            },
        )
        .unwrap()
        .id;
        let module = save_activity(
            &mut self.cf,
            p.id,
            None,
            &ActivityInput {
                kind: Some(ActivityKind::MldsModule),
                title: "Module de remobilisation".into(),
                partner_id: None,
                host_representative: String::new(),
                host_representative_role: String::new(),
                host_tutor: String::new(),
                host_tutor_role: String::new(),
                host_tutor_phone: String::new(),
                start_on: Some(start + chrono::Duration::days(2)),
                end_on: Some(end - chrono::Duration::days(2)),
                hours_per_week: Some(3.0),
                address: String::new(),
                tasks: Vec::new(),
                realisation: String::new(),
            },
        )
        .unwrap()
        .id;
        let school = |day: u8, half: u8| SlotInput {
            day,
            half,
            kind: SlotKind::School,
            activity_id: None,
            label: "2MRC1".into(),
        };
        let activity = |day: u8, half: u8, id: i64| SlotInput {
            day,
            half,
            kind: SlotKind::Activity,
            activity_id: Some(id),
            label: String::new(),
        };
        set_schedule(
            &mut self.cf,
            p.id,
            &[PeriodInput {
                label: "Période 1".into(),
                start_on: Some(start),
                end_on: Some(end),
                slots: vec![
                    school(0, 0),
                    school(0, 1),
                    activity(1, 0, internship),
                    activity(1, 1, internship),
                    activity(2, 0, module),
                    activity(3, 0, internship),
                    school(3, 1),
                    school(4, 0),
                    school(4, 1),
                ],
            }],
        )
        .unwrap();
        for (days, subject) in [
            (11, "Premier point avec Léa et le tuteur d'accueil"),
            (25, "Point intermédiaire avec la famille"),
        ] {
            save_checkpoint(
                &mut self.cf,
                p.id,
                None,
                &CheckpointInput {
                    due_on: Some(start + chrono::Duration::days(days)),
                    subject: subject.into(),
                    held_on: None,
                    summary: String::new(),
                },
            )
            .unwrap();
        }
        (pafi(&self.cf, p.id).unwrap(), internship, module)
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

#[test]
fn the_contract_and_the_convention_name_every_party_with_their_accents_and_dates() {
    let mut s = School::new();
    let (p, internship, module) = s.path(s.lea, date(2027, 1, 11));
    assert_eq!(p.age_at_start, Some(15));

    let contract = contract_document(&mut s.cf, p.id).unwrap();
    assert_eq!(contract.state, DocumentState::Draft);
    assert!(contract.missing.is_empty(), "{:?}", contract.missing);
    assert_eq!(contract.reference, "PAFI-2026-0001");
    assert_eq!(
        names(&contract),
        [
            "Léa Dubois-Lefèvre",
            "Nathalie Lœillet",
            "Stéphane Dubois",
            "Hélène Marchetti",
            "Bérénice Kœnig",
            "Élise Ménard",
        ],
        "the student, both legal representatives, the head, the tutor, the host"
    );
    assert!(
        !contract.signatories[2].required,
        "the second legal representative may sign"
    );
    let (file, text) = s.text(&contract, "contrat");
    keep_for_the_eye(&file, "pafi-contrat");
    assert_all(
        &text,
        &[
            "Contrat de parcours aménagé de formation initiale (PAFI)",
            "Léa Dubois-Lefèvre",
            "17/04/2011",
            "11/01/2027",
            "12/02/2027",
            "cinq semaines",
            "10/11/2026",
            "Nathalie Lœillet",
            "Stéphane Dubois",
            "Hélène Marchetti",
            "Bérénice Kœnig",
            "Élise Ménard",
            "Pour Le Fournil d'Élise, gérante",
            "Le Fournil d'Élise",
            "Retrouver une assiduité régulière.",
            "Préparer le retour à temps plein dans la classe.",
            "François Théret",
            "22/01/2027",
            "directeur académique des services de l'Éducation nationale (DASEN)",
            "Il ne peut débuter avant cette validation.",
            "mardi, jeudi matin",
            "mercredi matin",
            "Empreinte",
        ],
    );
    assert!(
        !text.contains("none") && !text.contains("(à compléter)"),
        "{text}"
    );

    let convention = convention_document(&mut s.cf, internship).unwrap();
    assert_eq!(convention.reference, "STAGE-2026-0001");
    assert!(convention.missing.is_empty(), "{:?}", convention.missing);
    assert_eq!(
        names(&convention),
        [
            "Hélène Marchetti",
            "Élise Ménard",
            "Noël Ménard",
            "Léa Dubois-Lefèvre",
            "Nathalie Lœillet",
            "Stéphane Dubois",
        ]
    );
    let (file, text) = s.text(&convention, "convention");
    keep_for_the_eye(&file, "pafi-convention");
    assert_all(
        &text,
        &[
            "Convention de stage et d'accueil",
            "annexée au contrat de parcours aménagé de formation initiale n° PAFI-2026-0001",
            "Léa Dubois-Lefèvre",
            "12/01/2027",
            "11/02/2027",
            "11 heures par semaine",
            "Matin et après-midi",
            "7 h 20",
            "accueil de la clientèle et vente au comptoir",
            "Noël Ménard",
            "Bérénice Kœnig",
            "Nathalie Lœillet",
            "moins de dix-huit ans",
            "Empreinte",
        ],
    );

    // The contract made again names its convention; an MLDS module has none.
    let again = contract_document(&mut s.cf, p.id).unwrap();
    assert_eq!(
        (again.id, again.version),
        (contract.id, 1),
        "a draft is remade"
    );
    let (_, text) = s.text(&again, "contrat-2");
    assert!(text.contains("STAGE-2026-0001"), "{text}");
    assert!(text.contains("sans objet"), "{text}");
    let err = convention_document(&mut s.cf, module).unwrap_err();
    assert!(matches!(err, Error::Validation { .. }), "{err:?}");
    assert!(
        err.to_string().contains("n'a pas de convention de stage"),
        "{err}"
    );
    // The bilan de parcours waits for the final bilan.
    let err = bilan_document(&mut s.cf, p.id).unwrap_err();
    assert!(
        err.to_string().contains("n'a pas encore de bilan final"),
        "{err}"
    );
}

#[test]
fn an_adult_signs_alone_unless_they_ask_the_family_to_sign() {
    let mut s = School::new();
    let mut adult = lea();
    adult.first_name = "Maël".into();
    adult.last_name = "Œuvray".into();
    adult.birth_date = date(2008, 12, 1);
    let id = s.student(&adult);
    let (p, internship, _) = s.path(id, date(2027, 1, 4));
    assert_eq!(p.age_at_start, Some(18));
    let d = contract_document(&mut s.cf, p.id).unwrap();
    assert_eq!(
        names(&d),
        [
            "Maël Œuvray",
            "Hélène Marchetti",
            "Bérénice Kœnig",
            "Élise Ménard"
        ]
    );
    let (_, text) = s.text(&d, "majeur");
    assert!(text.contains("L'élève étant majeur"), "{text}");
    assert!(!text.contains("Nathalie Lœillet"), "{text}");
    let c = convention_document(&mut s.cf, internship).unwrap();
    assert!(!names(&c).contains(&"Nathalie Lœillet"), "{:?}", names(&c));

    let mut input = PafiInput {
        student_id: id,
        proposal_id: None,
        start_on: p.start_on,
        end_on: p.end_on,
        tutor_id: p.tutor_id,
        mlds_coordinator: p.mlds_coordinator.clone(),
        objectives: p.objectives.clone(),
        objectives_text: p.objectives_text.clone(),
        diagnosis_on: p.diagnosis_on,
        bilan_due_on: p.bilan_due_on,
        return_on: p.return_on,
        return_terms: p.return_terms.clone(),
        family_signs: true,
        confirm_long: false,
    };
    update_pafi(&mut s.cf, p.id, &input).unwrap();
    let d = contract_document(&mut s.cf, p.id).unwrap();
    assert!(names(&d).contains(&"Nathalie Lœillet"), "{:?}", names(&d));
    assert!(names(&d).contains(&"Stéphane Dubois"), "{:?}", names(&d));
    let (_, text) = s.text(&d, "majeur-famille");
    assert!(text.contains("Nathalie Lœillet"), "{text}");
    input.family_signs = false;
    update_pafi(&mut s.cf, p.id, &input).unwrap();
    assert_eq!(
        contract_document(&mut s.cf, p.id)
            .unwrap()
            .signatories
            .len(),
        4
    );
}

#[test]
fn without_a_legal_representative_or_a_tutor_the_contract_stays_a_draft_saying_what_to_add() {
    let mut s = School::new();
    let mut alone = lea();
    alone.first_name = "Inès".into();
    alone.legal_reps = Vec::new();
    let id = s.student(&alone);
    let (p, _, _) = s.path(id, date(2027, 1, 11));
    let d = contract_document(&mut s.cf, p.id).unwrap();
    assert_eq!(d.state, DocumentState::Draft);
    assert_eq!(
        d.missing,
        ["Ajoutez un responsable légal dans la fiche de l'élève."]
    );
    let err = prepare_for_signature(&mut s.cf, d.id).unwrap_err();
    assert!(
        err.to_string()
            .contains("Ajoutez un responsable légal dans la fiche de l'élève."),
        "{err}"
    );
    let (_, text) = s.text(&d, "sans-responsable");
    assert!(text.contains("(à compléter)"), "{text}");

    // No tutor yet: said too.
    let mut input = PafiInput {
        student_id: id,
        proposal_id: None,
        start_on: p.start_on,
        end_on: p.end_on,
        tutor_id: None,
        mlds_coordinator: String::new(),
        objectives: Vec::new(),
        objectives_text: String::new(),
        diagnosis_on: None,
        bilan_due_on: None,
        return_on: None,
        return_terms: String::new(),
        family_signs: false,
        confirm_long: false,
    };
    update_pafi(&mut s.cf, p.id, &input).unwrap();
    let d = contract_document(&mut s.cf, p.id).unwrap();
    assert_eq!(
        d.missing,
        [
            "Ajoutez un responsable légal dans la fiche de l'élève.",
            "Désignez le tuteur du parcours."
        ]
    );
    // Without dates, the contract cannot be written.
    input.start_on = None;
    input.end_on = None;
    update_pafi(&mut s.cf, p.id, &input).unwrap();
    let err = contract_document(&mut s.cf, p.id).unwrap_err();
    assert!(
        err.to_string()
            .contains("Indiquez les dates de début et de fin du parcours"),
        "{err}"
    );
}

/// Signs the latest version of a document on paper, by everyone.
pub(crate) fn sign(cf: &mut CaseFile, d: &Document, on: NaiveDate) {
    let d = prepare_for_signature(cf, d.id).unwrap();
    let all: Vec<u32> = d.signatories.iter().map(|s| s.position).collect();
    let scan = pdf(cf, d.id).unwrap();
    record_paper_signature(cf, d.id, Some(on), &all, Some(("scan.pdf".into(), scan))).unwrap();
}

#[test]
fn the_bilan_de_parcours_prints_the_skills_and_the_outcome_beside_the_signed_contract() {
    let mut s = School::new();
    let today = date(2026, 11, 22);
    let (p, internship, _) = s.path(s.lea, date(2026, 10, 5));
    for to in [
        PafiState::Preparing,
        PafiState::AwaitingValidation,
        PafiState::Validated,
    ] {
        change_state(
            &mut s.cf,
            p.id,
            &StateChange {
                to,
                on: today,
                authority: None,
                note: if to == PafiState::Validated {
                    "DSDEN-PAFI-2026-041".into()
                } else {
                    String::new()
                },
            },
        )
        .unwrap();
    }
    let contract = contract_document(&mut s.cf, p.id).unwrap();
    let (_, text) = s.text(&contract, "contrat-valide");
    assert!(
        text.contains("sous la référence DSDEN-PAFI-2026-041"),
        "{text}"
    );
    sign(&mut s.cf, &contract, today);
    let convention = convention_document(&mut s.cf, internship).unwrap();
    sign(&mut s.cf, &convention, today);
    change_state(
        &mut s.cf,
        p.id,
        &StateChange {
            to: PafiState::Running,
            on: today,
            authority: None,
            note: String::new(),
        },
    )
    .unwrap();
    let mut bilan = BilanInput {
        held_on: Some(today),
        participants: vec!["Léa Dubois-Lefèvre".into(), "Nathalie Lœillet, mère".into()],
        planned_half_days: Some(48),
        absent_half_days: 3,
        justified_half_days: 2,
        lates: 1,
        attendance_comment: String::new(),
        student_view: "Au Fournil j'ai aimé parler aux clients.".into(),
        family_view: String::new(),
        outcome: Some(Outcome::ReturnToClass),
        outcome_on: Some(today),
        outcome_details: "en 2MRC1".into(),
        recommendations: vec!["maintenir un point hebdomadaire avec la tutrice".into()],
        skills: vec![
            SkillInput {
                skill: "Accueillir un client et répondre à sa demande".into(),
                level: Some(SkillLevel::Acquired),
                evidence: Some(SkillEvidence::Outside),
                observations: "Aisance croissante au comptoir".into(),
                validated: true,
            },
            SkillInput {
                skill: "Rédiger un compte rendu d'activité".into(),
                level: Some(SkillLevel::NotAcquired),
                evidence: Some(SkillEvidence::School),
                observations: String::new(),
                validated: true,
            },
        ],
    };
    save_bilan(&mut s.cf, p.id, &bilan).unwrap();
    let d = bilan_document(&mut s.cf, p.id).unwrap();
    assert_eq!(d.reference, "BILAN-2026-0001");
    assert!(d.missing.is_empty(), "{:?}", d.missing);
    assert_eq!(
        names(&d),
        [
            "Hélène Marchetti",
            "Bérénice Kœnig",
            "Léa Dubois-Lefèvre",
            "Nathalie Lœillet",
            "Stéphane Dubois"
        ]
    );
    let (file, text) = s.text(&d, "bilan");
    keep_for_the_eye(&file, "pafi-bilan");
    assert_all(
        &text,
        &[
            "Bilan du parcours aménagé de formation initiale (PAFI)",
            "établi au titre du contrat n° PAFI-2026-0001",
            "Léa Dubois-Lefèvre",
            "05/10/2026",
            "06/11/2026",
            "Accueillir un client et répondre à sa demande",
            "montrée hors de l'école",
            "Retour en classe ordinaire",
            "22/11/2026",
            "L'élève reprend l'emploi du temps ordinaire de sa classe.",
            "Maintenir un point hebdomadaire avec la tutrice.",
            "Empreinte",
        ],
    );
    // The bilan is another kind of document of the same path: the signed contract stays.
    let contracts =
        accroche_core::documents::registry::record_documents(&s.cf, "pafi", p.id).unwrap();
    assert_eq!(contracts.len(), 2, "the contract and the bilan");
    assert!(contracts
        .iter()
        .any(|c| c.reference == "PAFI-2026-0001" && c.state == DocumentState::Signed));

    // Any outcome prints through its label; without a solution, the closing paragraph says so.
    bilan.outcome = Some(Outcome::NoSolution);
    save_bilan(&mut s.cf, p.id, &bilan).unwrap();
    let again = bilan_document(&mut s.cf, p.id).unwrap();
    assert_eq!((again.id, again.version), (d.id, 1), "still a draft");
    let (_, text) = s.text(&again, "bilan-sans-solution");
    assert!(text.contains("Sans solution"), "{text}");
    assert!(
        text.contains("Aucune solution n'a encore pu être construite"),
        "{text}"
    );
    assert!(!text.contains("La solution retenue"), "{text}");
}
