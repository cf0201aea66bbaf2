//! PAFI rules, states and reminders on real case files: ages on the start date (15 exactly,
//! 16 the day after, 29 February), durations (one year exactly, two months), overlaps, the
//! conditions of "en cours" and "terminé", the dashboard's reminders and the chronology.

use accroche_core::casefile::{fixed_clock, journal_list, CaseFile};
use accroche_core::chronology::{student_chronology, ChronologyKind};
use accroche_core::documents::registry::{
    generate, prepare_for_signature, record_paper_signature, DocumentRequest, SignatoryDecl,
};
use accroche_core::documents::template::DocumentType;
use accroche_core::pafi::*;
use accroche_core::registry::{
    create_partner, create_staff, create_student, Contact, PartnerInput, PartnerKind, StaffInput,
    StaffRole,
};
use accroche_core::Error;
use accroche_tests::{date, establishment, student, PASSPHRASE};
use chrono::NaiveDate;

/// A school on Monday 1 March 2027 with a tutor, a host and students born on chosen days.
struct School {
    _dir: tempfile::TempDir,
    cf: CaseFile,
    tutor: i64,
    host: i64,
}

const TODAY: (i32, u32, u32) = (2027, 3, 1);

fn today() -> NaiveDate {
    date(TODAY.0, TODAY.1, TODAY.2)
}

impl School {
    fn new() -> School {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pafi.accroche");
        let mut cf = accroche_core::registry::create_case_file(
            &path,
            PASSPHRASE,
            &establishment(),
            None,
            fixed_clock(today().and_hms_opt(10, 0, 0).unwrap()),
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
        School {
            _dir: dir,
            cf,
            tutor,
            host,
        }
    }

    fn student(&mut self, last: &str, born: NaiveDate) -> i64 {
        let mut s = student(last, "Léa");
        s.birth_date = born;
        create_student(&mut self.cf, &s).unwrap().id
    }

    fn input(&self, student_id: i64, start: NaiveDate, end: NaiveDate) -> PafiInput {
        PafiInput {
            student_id,
            proposal_id: None,
            start_on: Some(start),
            end_on: Some(end),
            tutor_id: Some(self.tutor),
            mlds_coordinator: String::new(),
            objectives: vec![Objective::Remobilisation, Objective::Trades],
            objectives_text: "Retrouver une assiduité régulière.".into(),
            diagnosis_on: None,
            bilan_due_on: None,
            return_on: None,
            return_terms: String::new(),
            family_signs: false,
            confirm_long: false,
        }
    }

    fn internship(&self, start: NaiveDate, end: NaiveDate) -> ActivityInput {
        ActivityInput {
            kind: Some(ActivityKind::CompanyInternship),
            title: "Stage en boulangerie : vente et accueil".into(),
            partner_id: Some(self.host),
            host_representative: "Élise Kœnig".into(),
            host_representative_role: "gérante".into(),
            host_tutor: "Noël Kœnig".into(),
            host_tutor_role: "boulanger".into(),
            host_tutor_phone: "01 23 45 67 89".into(),
            start_on: Some(start),
            end_on: Some(end),
            hours_per_week: Some(11.0),
            address: String::new(),
            tasks: vec!["accueil de la clientèle".into()],
            realisation: String::new(),
        }
    }

    fn create(&mut self, student_id: i64, start: NaiveDate, end: NaiveDate) -> Result<Pafi, Error> {
        let input = self.input(student_id, start, end);
        create_pafi(&mut self.cf, &input)
    }

    fn change(&mut self, id: i64, to: PafiState, note: &str) -> Result<Pafi, Error> {
        change_state(
            &mut self.cf,
            id,
            &StateChange {
                to,
                on: today(),
                authority: None,
                note: note.into(),
            },
        )
    }

    /// Makes and signs on paper a document of `kind` for a record (the rules read the registry).
    fn sign(&mut self, kind: DocumentType, record: (&'static str, i64), student_id: i64) {
        let d = generate(
            &mut self.cf,
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
        let d = prepare_for_signature(&mut self.cf, d.id).unwrap();
        record_paper_signature(&mut self.cf, d.id, Some(today()), &[0], None).unwrap();
    }
}

fn field_of(e: &Error) -> Option<&str> {
    e.field()
}

#[test]
fn fifteen_on_the_start_date_exactly_is_allowed_and_the_day_before_is_refused() {
    let mut s = School::new();
    let lea = s.student("Dubois-Lefèvre", date(2012, 3, 15));
    // 14 on 14/03/2027.
    let mut p = s.input(lea, date(2027, 3, 14), date(2027, 4, 10));
    let err = create_pafi(&mut s.cf, &p).unwrap_err();
    assert_eq!(field_of(&err), Some("startOn"), "{err}");
    assert!(err.to_string().contains("14 ans"), "{err}");
    assert!(
        err.to_string().contains("à partir du 15/03/2027"),
        "says from when: {err}"
    );
    assert!(list_pafi(&s.cf).unwrap().is_empty(), "nothing saved");
    // 15 on 15/03/2027: allowed.
    p.start_on = Some(date(2027, 3, 15));
    let made = create_pafi(&mut s.cf, &p).unwrap();
    assert_eq!(made.age_at_start, Some(15));
    assert_eq!(made.state, PafiState::Proposed);
    assert_eq!(made.class_name, "2NDE3");
}

#[test]
fn born_on_29_february_a_student_turns_15_on_1_march_in_a_common_year() {
    let mut s = School::new();
    let born = s.student("Œuvray", date(2012, 2, 29));
    let p = s.input(born, date(2027, 2, 28), date(2027, 3, 20));
    let err = create_pafi(&mut s.cf, &p).unwrap_err();
    assert!(err.to_string().contains("14 ans"), "{err}");
    assert!(err.to_string().contains("01/03/2027"), "{err}");
    let p = s.input(born, date(2027, 3, 1), date(2027, 3, 20));
    assert_eq!(create_pafi(&mut s.cf, &p).unwrap().age_at_start, Some(15));
}

#[test]
fn under_sixteen_only_the_dsden_validates_and_sixteen_the_day_after_may_go_elsewhere() {
    let mut s = School::new();
    set_authority(&mut s.cf, ValidationAuthority::Csaio).unwrap();
    assert_eq!(authority(&s.cf).unwrap(), ValidationAuthority::Csaio);
    // Turns 16 on 02/03/2027: starting on 01/03 they are 15.
    let young = s.student("Petit", date(2011, 3, 2));
    let id = s
        .create(young, date(2027, 3, 1), date(2027, 3, 26))
        .unwrap()
        .id;
    s.save_activity_ok(id);
    s.change(id, PafiState::Preparing, "").unwrap();
    s.change(id, PafiState::AwaitingValidation, "").unwrap();
    let err = change_state(
        &mut s.cf,
        id,
        &StateChange {
            to: PafiState::Validated,
            on: today(),
            authority: Some(ValidationAuthority::Csaio),
            note: "CSAIO-2027-3".into(),
        },
    )
    .unwrap_err();
    assert_eq!(field_of(&err), Some("authority"), "{err}");
    assert!(err.to_string().contains("moins de 16 ans"), "{err}");
    assert_eq!(
        pafi(&s.cf, id).unwrap().state,
        PafiState::AwaitingValidation,
        "unchanged"
    );
    // Without naming one, the DASEN is taken for an under-16.
    let v = s
        .change(id, PafiState::Validated, "DSDEN-PAFI-2027-012")
        .unwrap();
    let validation = v.validation.unwrap();
    assert_eq!(validation.authority, ValidationAuthority::Dasen);
    assert_eq!(validation.reference, "DSDEN-PAFI-2027-012");

    // Starting the day after their birthday (16): the case file's authority validates.
    let older = s.student("Martin", date(2011, 3, 1));
    let id = s
        .create(older, date(2027, 3, 1), date(2027, 3, 26))
        .unwrap()
        .id;
    s.save_activity_ok(id);
    s.change(id, PafiState::Preparing, "").unwrap();
    s.change(id, PafiState::AwaitingValidation, "").unwrap();
    let v = s.change(id, PafiState::Validated, "").unwrap();
    assert_eq!(v.age_at_start, Some(16));
    assert_eq!(v.validation.unwrap().authority, ValidationAuthority::Csaio);
}

impl School {
    fn save_activity_ok(&mut self, id: i64) -> Activity {
        let p = pafi(&self.cf, id).unwrap();
        let (s, e) = (p.start_on.unwrap(), p.end_on.unwrap());
        let a = self.internship(s, e);
        save_activity(&mut self.cf, id, None, &a).unwrap()
    }
}

#[test]
fn durations_one_year_exactly_is_allowed_more_is_refused_and_over_two_months_asks() {
    let mut s = School::new();
    let lea = s.student("Dubois-Lefèvre", date(2010, 3, 14));
    // End before start.
    let err = s
        .create(lea, date(2027, 3, 10), date(2027, 3, 9))
        .unwrap_err();
    assert_eq!(field_of(&err), Some("endOn"));
    assert!(err.to_string().contains("précède"), "{err}");
    // One year and a day.
    let err = s
        .create(lea, date(2027, 3, 10), date(2028, 3, 11))
        .unwrap_err();
    assert_eq!(field_of(&err), Some("endOn"));
    assert!(err.to_string().contains("10/03/2028"), "{err}");
    // One year exactly: allowed once the long duration is confirmed.
    let mut p = s.input(lea, date(2027, 3, 10), date(2028, 3, 10));
    let err = create_pafi(&mut s.cf, &p).unwrap_err();
    assert!(
        matches!(err, Error::NeedsConfirmation { .. }),
        "a long path asks first: {err}"
    );
    assert!(err.to_string().contains("parcours courts"), "{err}");
    assert!(list_pafi(&s.cf).unwrap().is_empty(), "nothing saved");
    p.confirm_long = true;
    create_pafi(&mut s.cf, &p).unwrap();

    // Two months exactly: no question; two months and a day: the question.
    let tom = s.student("Girard", date(2010, 5, 5));
    s.create(tom, date(2027, 3, 10), date(2027, 5, 10)).unwrap();
    let ines = s.student("Roux", date(2010, 5, 5));
    assert!(matches!(
        s.create(ines, date(2027, 3, 10), date(2027, 5, 11)),
        Err(Error::NeedsConfirmation { .. })
    ));
}

#[test]
fn one_year_from_29_february_ends_on_28_february() {
    let mut s = School::new();
    let lea = s.student("Dubois-Lefèvre", date(2010, 3, 14));
    let mut p = s.input(lea, date(2028, 2, 29), date(2029, 3, 1));
    p.confirm_long = true;
    let err = create_pafi(&mut s.cf, &p).unwrap_err();
    assert!(err.to_string().contains("28/02/2029"), "{err}");
    p.end_on = Some(date(2029, 2, 28));
    create_pafi(&mut s.cf, &p).unwrap();
}

#[test]
fn two_paths_of_one_student_never_overlap() {
    let mut s = School::new();
    let lea = s.student("Dubois-Lefèvre", date(2010, 3, 14));
    let first = s.create(lea, date(2027, 3, 1), date(2027, 3, 31)).unwrap();
    let err = s
        .create(lea, date(2027, 3, 31), date(2027, 4, 20))
        .unwrap_err();
    assert_eq!(field_of(&err), Some("startOn"));
    assert!(
        err.to_string().contains("01/03/2027 au 31/03/2027"),
        "{err}"
    );
    s.create(lea, date(2027, 4, 1), date(2027, 4, 20)).unwrap();
    // Moving the first one onto the second is refused too, but keeping its dates is fine.
    let mut moved = s.input(lea, date(2027, 3, 1), date(2027, 4, 5));
    assert!(update_pafi(&mut s.cf, first.id, &moved).is_err());
    moved.end_on = Some(date(2027, 3, 31));
    moved.mlds_coordinator = "François Théret, coordonnateur MLDS".into();
    let kept = update_pafi(&mut s.cf, first.id, &moved).unwrap();
    assert_eq!(kept.mlds_coordinator, "François Théret, coordonnateur MLDS");
    // Another student may have a path on the same dates.
    let tom = s.student("Girard", date(2010, 5, 5));
    s.create(tom, date(2027, 3, 1), date(2027, 3, 31)).unwrap();
}

#[test]
fn en_cours_needs_a_tutor_an_activity_a_signed_contract_and_signed_host_conventions() {
    let mut s = School::new();
    let lea = s.student("Dubois-Lefèvre", date(2010, 3, 14));
    let mut input = s.input(lea, date(2027, 3, 1), date(2027, 3, 31));
    input.tutor_id = None;
    let id = create_pafi(&mut s.cf, &input).unwrap().id;
    s.change(id, PafiState::Preparing, "").unwrap();
    // No activity: cannot even be sent for validation.
    let err = s.change(id, PafiState::AwaitingValidation, "").unwrap_err();
    assert!(err.to_string().contains("au moins une activité"), "{err}");
    let internship = s.save_activity_ok(id);
    assert!(internship.needs_convention);
    let module = save_activity(
        &mut s.cf,
        id,
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
            start_on: Some(date(2027, 3, 3)),
            end_on: Some(date(2027, 3, 24)),
            hours_per_week: Some(3.0),
            address: String::new(),
            tasks: Vec::new(),
            realisation: String::new(),
        },
    )
    .unwrap();
    assert!(!module.needs_convention, "an MLDS module has no convention");
    s.change(id, PafiState::AwaitingValidation, "").unwrap();
    s.change(id, PafiState::Validated, "DSDEN-1").unwrap();

    let p = pafi(&s.cf, id).unwrap();
    let running = p
        .next_steps
        .iter()
        .find(|n| n.to == PafiState::Running)
        .unwrap();
    assert_eq!(running.missing.len(), 3, "{:?}", running.missing);
    assert!(running.missing[0].contains("tuteur"));
    assert!(running.missing[1].contains("contrat PAFI"));
    assert!(running.missing[2].contains("Le Fournil d'Élise"));
    let err = s.change(id, PafiState::Running, "").unwrap_err();
    assert_eq!(field_of(&err), Some("to"));
    assert!(err.to_string().contains("tuteur"), "{err}");
    assert!(err.to_string().contains("convention"), "{err}");

    let mut with_tutor = s.input(lea, date(2027, 3, 1), date(2027, 3, 31));
    with_tutor.tutor_id = Some(s.tutor);
    update_pafi(&mut s.cf, id, &with_tutor).unwrap();
    s.sign(DocumentType::ContratPafi, ("pafi", id), lea);
    let err = s.change(id, PafiState::Running, "").unwrap_err();
    assert!(
        err.to_string().contains("convention d'accueil"),
        "only the convention is missing now: {err}"
    );
    s.sign(
        DocumentType::ConventionStage,
        ("pafi_activity", internship.id),
        lea,
    );
    let p = s.change(id, PafiState::Running, "").unwrap();
    assert_eq!(p.state, PafiState::Running);
    assert_eq!(
        p.activities
            .iter()
            .find(|a| a.id == internship.id)
            .unwrap()
            .convention_state
            .as_deref(),
        Some("signed")
    );

    // Terminé needs the final bilan.
    let err = s.change(id, PafiState::Finished, "").unwrap_err();
    assert!(err.to_string().contains("bilan final"), "{err}");
    save_bilan(&mut s.cf, id, &bilan_input()).unwrap();
    let done = s.change(id, PafiState::Finished, "").unwrap();
    assert_eq!(done.state, PafiState::Finished);
    assert!(done.next_steps.is_empty(), "a finished path goes nowhere");
    let row = &list_pafi(&s.cf).unwrap()[0];
    assert_eq!(row.outcome, Some(Outcome::ReturnToClass));
    // A finished path no longer changes.
    assert!(matches!(
        update_pafi(&mut s.cf, id, &with_tutor),
        Err(Error::Conflict(_))
    ));
}

fn bilan_input() -> BilanInput {
    BilanInput {
        held_on: Some(today()),
        participants: vec![
            "Léa Dubois-Lefèvre".into(),
            "Bérénice Lœillet, tutrice".into(),
        ],
        planned_half_days: Some(40),
        absent_half_days: 3,
        justified_half_days: 2,
        lates: 1,
        attendance_comment: String::new(),
        student_view: "J'ai aimé le contact avec les clients.".into(),
        family_view: String::new(),
        outcome: Some(Outcome::ReturnToClass),
        outcome_on: Some(today()),
        outcome_details: "en 2NDE3".into(),
        recommendations: vec!["Maintenir un point hebdomadaire.".into()],
        skills: vec![SkillInput {
            skill: "Accueillir un client".into(),
            level: Some(SkillLevel::Acquired),
            evidence: Some(SkillEvidence::Outside),
            observations: String::new(),
            validated: true,
        }],
    }
}

#[test]
fn a_bilan_with_bad_numbers_or_no_outcome_is_refused_and_changes_nothing() {
    let mut s = School::new();
    let lea = s.student("Dubois-Lefèvre", date(2010, 3, 14));
    let id = s
        .create(lea, date(2027, 2, 1), date(2027, 2, 26))
        .unwrap()
        .id;
    // Not started: no bilan yet.
    assert!(matches!(
        save_bilan(&mut s.cf, id, &bilan_input()),
        Err(Error::Conflict(_))
    ));
    s.save_activity_ok(id);
    s.change(id, PafiState::Preparing, "").unwrap();
    s.change(id, PafiState::AwaitingValidation, "").unwrap();
    s.change(id, PafiState::Validated, "").unwrap();
    s.sign(DocumentType::ContratPafi, ("pafi", id), lea);
    let act = pafi(&s.cf, id).unwrap().activities[0].id;
    s.sign(DocumentType::ConventionStage, ("pafi_activity", act), lea);
    s.change(id, PafiState::Running, "").unwrap();
    let mut b = bilan_input();
    b.outcome = None;
    assert_eq!(
        save_bilan(&mut s.cf, id, &b).unwrap_err().field(),
        Some("outcome")
    );
    let mut b = bilan_input();
    b.absent_half_days = 41;
    assert_eq!(
        save_bilan(&mut s.cf, id, &b).unwrap_err().field(),
        Some("absentHalfDays")
    );
    let mut b = bilan_input();
    b.justified_half_days = 4;
    assert_eq!(
        save_bilan(&mut s.cf, id, &b).unwrap_err().field(),
        Some("justifiedHalfDays")
    );
    let mut b = bilan_input();
    b.skills[0].evidence = None;
    assert_eq!(
        save_bilan(&mut s.cf, id, &b).unwrap_err().field(),
        Some("skills[0].evidence")
    );
    assert!(pafi(&s.cf, id).unwrap().bilan.is_none(), "nothing saved");
    let saved = save_bilan(&mut s.cf, id, &bilan_input()).unwrap();
    assert_eq!(saved.skills.len(), 1);
    assert_eq!(pafi(&s.cf, id).unwrap().bilan, Some(saved));
}

#[test]
fn an_interruption_needs_its_reason_and_states_follow_their_order() {
    let mut s = School::new();
    let lea = s.student("Dubois-Lefèvre", date(2010, 3, 14));
    let id = s
        .create(lea, date(2027, 3, 1), date(2027, 3, 31))
        .unwrap()
        .id;
    // Skipping steps is refused.
    assert!(matches!(
        s.change(id, PafiState::Running, ""),
        Err(Error::Conflict(_))
    ));
    // A date in the future is refused.
    let err = change_state(
        &mut s.cf,
        id,
        &StateChange {
            to: PafiState::Preparing,
            on: date(2027, 3, 2),
            authority: None,
            note: String::new(),
        },
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("on"));
    let err = s.change(id, PafiState::Interrupted, "  ").unwrap_err();
    assert_eq!(err.field(), Some("note"));
    let p = s
        .change(id, PafiState::Interrupted, "La famille a déménagé.")
        .unwrap();
    assert_eq!(p.state, PafiState::Interrupted);
    assert_eq!(p.interruption_reason, "La famille a déménagé.");
    let states: Vec<_> = p.transitions.iter().map(|t| (t.from, t.to)).collect();
    assert_eq!(
        states,
        vec![
            (None, PafiState::Proposed),
            (Some(PafiState::Proposed), PafiState::Interrupted)
        ]
    );
    // Journaled, and in the student's chronology under the PAFI filter.
    let journal = journal_list(&s.cf, 50).unwrap();
    assert!(journal.iter().any(|e| e.summary
        == "PAFI de Léa Dubois-Lefèvre interrompu le 01/03/2027 : La famille a déménagé."));
    let events = student_chronology(&s.cf, lea, &[ChronologyKind::Pafi]).unwrap();
    let summaries: Vec<_> = events.iter().map(|e| e.summary.as_str()).collect();
    assert_eq!(
        summaries,
        vec!["PAFI : interrompu", "PAFI proposé"],
        "{events:?}"
    );
    assert_eq!(events[0].detail, "La famille a déménagé.");
}

#[test]
fn a_path_made_from_a_gpds_proposal_takes_it() {
    use accroche_core::gpds::student_proposals;
    let mut s = School::new();
    let lea = s.student("Dubois-Lefèvre", date(2010, 3, 14));
    let tutor = s.tutor;
    s.cf.write(|tx| {
        tx.conn().execute(
            "INSERT INTO action (student_id, kind, owner, due_on, status, created_at)
             VALUES (?1, 'proposer_pafi', ?2, '2027-03-05', 'todo', '2027-02-20T17:00:00')",
            [lea, tutor],
        )?;
        let action = tx.conn().last_insert_rowid();
        tx.conn().execute(
            "INSERT INTO proposal (student_id, kind, action_id, proposed_on) VALUES (?1, 'pafi', ?2, '2027-02-20')",
            [lea, action],
        )?;
        tx.journal(accroche_core::casefile::JournalDraft {
            entity: "proposal",
            entity_id: None,
            student_id: Some(lea),
            summary: "test".into(),
            changes: Vec::new(),
        })
    })
    .unwrap();
    let proposal = student_proposals(&s.cf, lea).unwrap()[0].id;
    let mut p = s.input(lea, date(2027, 3, 1), date(2027, 3, 31));
    p.start_on = None;
    p.end_on = None;
    p.proposal_id = Some(proposal);
    let made = create_pafi(&mut s.cf, &p).unwrap();
    assert_eq!(made.proposal_id, Some(proposal));
    assert_eq!(made.start_on, None, "dates may wait while it is prepared");
    assert_eq!(student_proposals(&s.cf, lea).unwrap()[0].status, "taken");
    let action = &accroche_core::gpds::student_actions(&s.cf, lea).unwrap()[0];
    assert_eq!(
        (action.status, action.done_on),
        (accroche_core::gpds::ActionStatus::Done, Some(today())),
        "the GPDS action that proposed it is done"
    );
    // The same proposal cannot be taken twice.
    assert_eq!(
        create_pafi(&mut s.cf, &p).unwrap_err().field(),
        Some("proposalId")
    );
    // Without dates it cannot be sent for validation.
    s.change(made.id, PafiState::Preparing, "").unwrap();
    let err = s
        .change(made.id, PafiState::AwaitingValidation, "")
        .unwrap_err();
    assert!(
        err.to_string().contains("dates de début et de fin"),
        "{err}"
    );
}

#[test]
fn activities_and_schedule_keep_within_the_path_and_name_their_host() {
    let mut s = School::new();
    let lea = s.student("Dubois-Lefèvre", date(2010, 3, 14));
    let id = s
        .create(lea, date(2027, 3, 1), date(2027, 3, 31))
        .unwrap()
        .id;
    let mut a = s.internship(date(2027, 2, 25), date(2027, 3, 20));
    assert_eq!(
        save_activity(&mut s.cf, id, None, &a).unwrap_err().field(),
        Some("startOn")
    );
    a.start_on = Some(date(2027, 3, 2));
    a.partner_id = None;
    assert_eq!(
        save_activity(&mut s.cf, id, None, &a).unwrap_err().field(),
        Some("partnerId"),
        "an internship names its host"
    );
    a.partner_id = Some(s.host);
    a.host_tutor = " ".into();
    assert_eq!(
        save_activity(&mut s.cf, id, None, &a).unwrap_err().field(),
        Some("hostTutor")
    );
    a.host_tutor = "Noël Kœnig".into();
    a.hours_per_week = Some(40.0);
    assert_eq!(
        save_activity(&mut s.cf, id, None, &a).unwrap_err().field(),
        Some("hoursPerWeek")
    );
    a.hours_per_week = Some(11.0);
    let act = save_activity(&mut s.cf, id, None, &a).unwrap();
    assert_eq!(act.host_name, "Le Fournil d'Élise");

    let week = |kind_tuesday: SlotKind, activity: Option<i64>| PeriodInput {
        label: "Mars".into(),
        start_on: Some(date(2027, 3, 1)),
        end_on: Some(date(2027, 3, 31)),
        slots: vec![
            SlotInput {
                day: 0,
                half: 0,
                kind: SlotKind::School,
                activity_id: None,
                label: "2NDE3".into(),
            },
            SlotInput {
                day: 1,
                half: 0,
                kind: kind_tuesday,
                activity_id: activity,
                label: String::new(),
            },
        ],
    };
    assert!(set_schedule(&mut s.cf, id, &[week(SlotKind::Activity, None)]).is_err());
    assert!(set_schedule(&mut s.cf, id, &[week(SlotKind::Activity, Some(9999))]).is_err());
    let mut overlapping = week(SlotKind::Free, None);
    overlapping.start_on = Some(date(2027, 3, 15));
    assert!(
        set_schedule(&mut s.cf, id, &[week(SlotKind::Free, None), overlapping]).is_err(),
        "periods do not overlap"
    );
    let periods = set_schedule(&mut s.cf, id, &[week(SlotKind::Activity, Some(act.id))]).unwrap();
    assert_eq!(periods.len(), 1);
    let texts: Vec<_> = periods[0].slots.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        vec!["Classe (2NDE3)", "Stage en entreprise — Le Fournil d'Élise"]
    );
    // Removing the activity frees its half-days.
    remove_activity(&mut s.cf, id, act.id).unwrap();
    let p = pafi(&s.cf, id).unwrap();
    assert!(p.activities.is_empty());
    assert_eq!(p.periods[0].slots.len(), 2);
    assert_eq!(p.periods[0].slots[1].kind, SlotKind::Free);
}

#[test]
fn the_dashboard_recalls_paths_ending_soon_overdue_bilans_due_and_validations_waiting() {
    let mut s = School::new();
    // Running and ending within 14 days, with an intermediate bilan due today.
    let lea = s.student("Dubois-Lefèvre", date(2010, 3, 14));
    let ending = s.running(lea, date(2027, 2, 1), date(2027, 3, 12));
    save_checkpoint(
        &mut s.cf,
        ending,
        None,
        &CheckpointInput {
            due_on: Some(date(2027, 3, 1)),
            subject: "Point avec le tuteur d'accueil".into(),
            held_on: None,
            summary: String::new(),
        },
    )
    .unwrap();
    // Running and not ending soon: no reminder.
    let tom = s.student("Girard", date(2010, 5, 5));
    s.running(tom, date(2027, 2, 1), date(2027, 3, 31));
    // Awaiting validation since 14 days exactly (not yet recalled) and since 15 (recalled).
    let ines = s.student("Roux", date(2010, 5, 5));
    let waiting = s.awaiting(ines, date(2027, 2, 15));
    let noe = s.student("Bernard", date(2010, 5, 5));
    let waiting_long = s.awaiting(noe, date(2027, 2, 14));

    let d = accroche_core::gpds::dashboard(&s.cf).unwrap();
    let kinds: Vec<_> = d.pafi.iter().map(|r| (r.kind, r.pafi_id)).collect();
    assert_eq!(
        kinds,
        vec![
            (ReminderKind::ValidationPending, waiting_long),
            (ReminderKind::CheckpointDue, ending),
            (ReminderKind::EndingSoon, ending),
        ],
        "{:?}",
        d.pafi
    );
    assert!(!kinds.iter().any(|(_, id)| *id == waiting));
    assert!(d.pafi[2].text.contains("12/03/2027"), "{}", d.pafi[2].text);

    // Past its end without a bilan: overdue, first.
    let zoe = s.student("Faure", date(2010, 5, 5));
    let late = s.running(zoe, date(2027, 1, 4), date(2027, 2, 26));
    let d = accroche_core::gpds::dashboard(&s.cf).unwrap();
    assert_eq!(d.pafi[0].kind, ReminderKind::Overdue);
    assert_eq!(d.pafi[0].pafi_id, late);
    assert!(d.pafi[0].text.contains("26/02/2027"), "{}", d.pafi[0].text);
}

impl School {
    /// A path running from `start` to `end` (its activity at a host, contract and convention
    /// signed). States are dated today; the dates of the path are what the reminders read.
    fn running(&mut self, student: i64, start: NaiveDate, end: NaiveDate) -> i64 {
        let mut input = self.input(student, start, end);
        input.confirm_long = true;
        let id = create_pafi(&mut self.cf, &input).unwrap().id;
        let act = self.save_activity_ok(id);
        self.change(id, PafiState::Preparing, "").unwrap();
        self.change(id, PafiState::AwaitingValidation, "").unwrap();
        self.change(id, PafiState::Validated, "").unwrap();
        self.sign(DocumentType::ContratPafi, ("pafi", id), student);
        self.sign(
            DocumentType::ConventionStage,
            ("pafi_activity", act.id),
            student,
        );
        self.change(id, PafiState::Running, "").unwrap();
        id
    }

    /// A path sent for validation on `sent`.
    fn awaiting(&mut self, student: i64, sent: NaiveDate) -> i64 {
        let id = self
            .create(student, date(2027, 4, 5), date(2027, 4, 30))
            .unwrap()
            .id;
        self.save_activity_ok(id);
        self.cf
            .write(|tx| {
                tx.conn().execute(
                    "UPDATE pafi SET state = 'awaiting_validation', state_on = ?2, validation_requested_on = ?2 WHERE id = ?1",
                    rusqlite::params![id, sent],
                )?;
                tx.journal(accroche_core::casefile::JournalDraft {
                    entity: "pafi",
                    entity_id: Some(id),
                    student_id: Some(student),
                    summary: "test : transmis plus tôt".into(),
                    changes: Vec::new(),
                })
            })
            .unwrap();
        id
    }
}
