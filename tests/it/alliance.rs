//! Alliances éducatives on real case files: the référent rule, externe without partner, members
//! added twice, responses without a responsible member, sharing with a member who has not
//! signed the charte, closing without the evaluation, one open alliance per student, reopening,
//! the family's refusal that blocks nothing, the chronology and the bilan's figures.

use accroche_core::access::Sensitivity;
use accroche_core::alliance::*;
use accroche_core::casefile::{fixed_clock, CaseFile};
use accroche_core::chronology::{student_chronology, ChronologyKind};
use accroche_core::registry::{
    create_partner, create_staff, create_student, Contact, PartnerInput, PartnerKind, StaffInput,
    StaffRole,
};
use accroche_core::school_year::SchoolYear;
use accroche_core::users::{Role, SignedIn};
use accroche_core::Error;
use accroche_tests::{date, establishment, student, PASSPHRASE};
use chrono::NaiveDate;

struct School {
    _dir: tempfile::TempDir,
    cf: CaseFile,
    cpe: i64,
    infirmiere: i64,
    mda: i64,
    street: i64,
    lea: i64,
}

fn today() -> NaiveDate {
    date(2027, 1, 18)
}

impl School {
    fn new() -> School {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("alliance.accroche");
        let mut cf = accroche_core::registry::create_case_file(
            &path,
            PASSPHRASE,
            &establishment(),
            None,
            fixed_clock(today().and_hms_opt(10, 0, 0).unwrap()),
        )
        .unwrap()
        .casefile;
        let mut staff = |last: &str, first: &str, role| {
            create_staff(
                &mut cf,
                &StaffInput {
                    last_name: last.into(),
                    first_name: first.into(),
                    role,
                    email: String::new(),
                    phone: String::new(),
                },
            )
            .unwrap()
            .id
        };
        let cpe = staff("Lambert", "Sophie", StaffRole::Cpe);
        let infirmiere = staff("Nguyen", "Thérèse", StaffRole::Infirmier);
        let mut partner = |name: &str, kind, contact: &str| {
            create_partner(
                &mut cf,
                &PartnerInput {
                    name: name.into(),
                    kind,
                    address: "2 rue du Parc\n99001 Valmont-sur-Exemple".into(),
                    phone: String::new(),
                    email: String::new(),
                    contacts: vec![Contact {
                        last_name: contact.into(),
                        first_name: "Inès".into(),
                        function: "éducatrice".into(),
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
            "Moreau",
        );
        let street = partner(
            "Club de prévention Rues d'Essai",
            PartnerKind::Association,
            "Benali",
        );
        let lea = create_student(&mut cf, &student("Dubois-Lefèvre", "Léa"))
            .unwrap()
            .id;
        School {
            _dir: dir,
            cf,
            cpe,
            infirmiere,
            mda,
            street,
            lea,
        }
    }

    fn create(&mut self, kind: AllianceKind) -> Result<Alliance, Error> {
        create_alliance(
            &mut self.cf,
            &AllianceInput {
                student_id: self.lea,
                proposal_id: None,
                kind: Some(kind),
                start_on: None,
                end_on: None,
                rhythm: "toutes les six semaines".into(),
            },
        )
    }

    fn staff_member(&mut self, id: i64, staff_id: i64, referent: bool) -> Result<Member, Error> {
        add_member(
            &mut self.cf,
            id,
            &MemberInput {
                staff_id: Some(staff_id),
                partner_id: None,
                contact_name: String::new(),
                contact_function: String::new(),
                role: "suivi".into(),
                is_referent: referent,
            },
        )
    }

    fn partner_member(&mut self, id: i64, partner_id: i64, name: &str) -> Result<Member, Error> {
        add_member(
            &mut self.cf,
            id,
            &MemberInput {
                staff_id: None,
                partner_id: Some(partner_id),
                contact_name: name.into(),
                contact_function: "éducatrice".into(),
                role: "accompagnement hors de l'école".into(),
                is_referent: false,
            },
        )
    }

    fn go(&mut self, id: i64, to: AllianceState, note: &str) -> Result<Alliance, Error> {
        change_state(
            &mut self.cf,
            id,
            &StateChange {
                to,
                on: today(),
                note: note.into(),
            },
        )
    }

    fn diagnose(&mut self, id: i64, member: i64) -> DiagnosisEntry {
        add_diagnosis(
            &mut self.cf,
            id,
            &DiagnosisInput {
                domain: Some(Domain::Schooling),
                polarity: Some(Polarity::Strength),
                text: "Bonne participation orale en atelier.".into(),
                noted_on: Some(today()),
                member_id: Some(member),
                sensitivity: Sensitivity::Equipe,
                summary: String::new(),
            },
        )
        .unwrap()
    }

    fn respond(&mut self, id: i64, member: Option<i64>, theme: Theme) -> Result<Response, Error> {
        save_response(
            &mut self.cf,
            id,
            None,
            &ResponseInput {
                theme: Some(theme),
                action: "Entretiens hebdomadaires avec l'éducatrice".into(),
                member_id: member,
                start_on: Some(today()),
                end_on: None,
                rhythm: "chaque semaine".into(),
                status: ResponseStatus::Planned,
            },
        )
    }
}

#[test]
fn an_alliance_leaves_proposed_only_with_a_school_referent_and_externe_with_a_partner() {
    let mut s = School::new();
    let a = s.create(AllianceKind::External).unwrap();
    let err = s.go(a.id, AllianceState::Diagnosis, "").unwrap_err();
    assert_eq!(err.field(), Some("to"));
    let message = err.to_string();
    assert!(message.contains("référent de l'élève"), "{message}");
    assert!(message.contains("au moins un partenaire"), "{message}");
    // A partner cannot be the référent: the support is not outsourced.
    let err = add_member(
        &mut s.cf,
        a.id,
        &MemberInput {
            staff_id: None,
            partner_id: Some(s.mda),
            contact_name: "Inès Moreau".into(),
            contact_function: "éducatrice".into(),
            role: String::new(),
            is_referent: true,
        },
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("isReferent"));
    s.staff_member(a.id, s.cpe, true).unwrap();
    let err = s.go(a.id, AllianceState::Diagnosis, "").unwrap_err();
    assert!(
        !err.to_string().contains("référent"),
        "only the partner is missing: {err}"
    );
    s.partner_member(a.id, s.mda, "Inès Moreau").unwrap();
    let a = s.go(a.id, AllianceState::Diagnosis, "").unwrap();
    assert_eq!(a.state, AllianceState::Diagnosis);
    assert_eq!(a.members[0].name, "Sophie Lambert", "the référent first");
    assert!(a.members[0].is_referent);
    assert_eq!(a.partners.len(), 1);
    assert_eq!(a.partners[0].formalisation, Formalisation::Pending);
}

#[test]
fn an_internal_alliance_takes_staff_only_and_nobody_is_added_twice() {
    let mut s = School::new();
    let a = s.create(AllianceKind::Internal).unwrap();
    assert_eq!(
        s.partner_member(a.id, s.mda, "Inès Moreau")
            .unwrap_err()
            .field(),
        Some("partnerId")
    );
    s.staff_member(a.id, s.cpe, true).unwrap();
    let err = s.staff_member(a.id, s.cpe, false).unwrap_err();
    assert_eq!(err.field(), Some("staffId"));
    assert!(err.to_string().contains("déjà partie de l'équipe"), "{err}");
    // Internal alliances go on without partners.
    s.go(a.id, AllianceState::Diagnosis, "").unwrap();

    // In an externe one, the same contact of the same partner is refused too (name folded).
    let mut t = School::new();
    let b = t.create(AllianceKind::External).unwrap();
    t.partner_member(b.id, t.mda, "Inès Moreau").unwrap();
    let err = t.partner_member(b.id, t.mda, "INES  moreau").unwrap_err();
    assert_eq!(err.field(), Some("contactName"));
    // Going interne with partners in the team is refused.
    let err = update_alliance(
        &mut t.cf,
        b.id,
        &AllianceInput {
            student_id: t.lea,
            proposal_id: None,
            kind: Some(AllianceKind::Internal),
            start_on: None,
            end_on: None,
            rhythm: String::new(),
        },
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("kind"));
}

#[test]
fn a_second_open_alliance_is_refused_and_a_closed_one_can_be_reopened() {
    let mut s = School::new();
    let a = s.create(AllianceKind::Internal).unwrap();
    let err = s.create(AllianceKind::External).unwrap_err();
    assert_eq!(err.field(), Some("studentId"));
    assert!(
        err.to_string()
            .contains("déjà une alliance éducative ouverte"),
        "{err}"
    );
    assert!(err.to_string().contains("18/01/2027"), "{err}");
    assert_eq!(list_alliances(&s.cf).unwrap().len(), 1, "nothing saved");
    let err = s.go(a.id, AllianceState::Abandoned, " ").unwrap_err();
    assert_eq!(err.field(), Some("note"));
    s.go(a.id, AllianceState::Abandoned, "La famille a déménagé.")
        .unwrap();
    let back = reopen_alliance(&mut s.cf, a.id, today()).unwrap();
    assert_eq!(back.state, AllianceState::Proposed, "back where it was");
    assert_eq!(back.abandon_reason, "");
}

#[test]
fn responses_name_a_member_and_propose_a_pafi_through_the_gpds_proposals() {
    use accroche_core::gpds::student_proposals;
    let mut s = School::new();
    let a = s.create(AllianceKind::Internal).unwrap();
    let cpe = s.staff_member(a.id, s.cpe, true).unwrap();
    let err = s.respond(a.id, None, Theme::Remediation).unwrap_err();
    assert_eq!(err.field(), Some("memberId"));
    assert!(err.to_string().contains("responsable"), "{err}");
    assert!(alliance(&s.cf, a.id).unwrap().responses.is_empty());
    s.respond(a.id, Some(cpe.id), Theme::Pafi).unwrap();
    let proposals = student_proposals(&s.cf, s.lea).unwrap();
    assert_eq!(proposals.len(), 1);
    assert_eq!(
        (proposals[0].kind.as_str(), proposals[0].status.as_str()),
        ("pafi", "open")
    );
}

#[test]
fn sharing_with_a_member_without_the_charte_asks_first_and_the_log_says_so() {
    let mut s = School::new();
    let a = s.create(AllianceKind::External).unwrap();
    s.staff_member(a.id, s.cpe, true).unwrap();
    let ines = s.partner_member(a.id, s.mda, "Inès Moreau").unwrap();
    let share = |confirm: bool, informed: bool| ShareInput {
        shared_on: Some(today()),
        member_id: Some(ines.id),
        information: "Absences du trimestre.".into(),
        purpose: "Préparer l'entretien avec la famille.".into(),
        family_informed: informed,
        confirm,
    };
    let err = record_share(&mut s.cf, a.id, &share(false, true)).unwrap_err();
    assert!(matches!(err, Error::NeedsConfirmation { .. }), "{err}");
    assert!(err.to_string().contains("n'a pas signé la charte"), "{err}");
    assert!(
        alliance(&s.cf, a.id).unwrap().shares.is_empty(),
        "nothing saved"
    );
    let logged = record_share(&mut s.cf, a.id, &share(true, true)).unwrap();
    assert!(logged.charte_unsigned, "the log says so");
    // Once the charte is signed, nothing is asked while the family is informed…
    set_charte(&mut s.cf, a.id, ines.id, Some(today()), Some("paper")).unwrap();
    let ok = record_share(&mut s.cf, a.id, &share(false, true)).unwrap();
    assert!(!ok.charte_unsigned);
    // …and the family not informed beforehand asks again.
    let err = record_share(&mut s.cf, a.id, &share(false, false)).unwrap_err();
    assert!(
        err.to_string().contains("famille n'en a pas été informée"),
        "{err}"
    );
    let rows = list_alliances(&s.cf).unwrap();
    assert_eq!(rows[0].charte_missing, 1, "the CPE has not signed");
}

#[test]
fn a_family_refusal_blocks_nothing_and_closing_needs_the_shared_evaluation() {
    let mut s = School::new();
    let a = s.create(AllianceKind::External).unwrap();
    let cpe = s.staff_member(a.id, s.cpe, true).unwrap();
    s.partner_member(a.id, s.street, "Yanis Benali").unwrap();
    let err = set_family(
        &mut s.cf,
        a.id,
        &FamilyChange {
            status: FamilyContract::Refused,
            on: Some(today()),
            reason: " ".into(),
        },
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("reason"));
    set_family(
        &mut s.cf,
        a.id,
        &FamilyChange {
            status: FamilyContract::Refused,
            on: Some(today()),
            reason: "« On ne veut pas de papiers, mais on viendra aux réunions. »".into(),
        },
    )
    .unwrap();
    let err = set_partner_formalisation(
        &mut s.cf,
        a.id,
        s.street,
        Formalisation::Informal,
        Some(today()),
        "",
    )
    .unwrap_err();
    assert_eq!(err.field(), Some("reason"));
    set_partner_formalisation(
        &mut s.cf,
        a.id,
        s.street,
        Formalisation::Informal,
        Some(today()),
        "L'éducateur de rue garde la confiance du jeune.",
    )
    .unwrap();
    s.go(a.id, AllianceState::Diagnosis, "").unwrap();
    assert!(
        s.go(a.id, AllianceState::Proposal, "").is_err(),
        "no diagnosis yet"
    );
    s.diagnose(a.id, cpe.id);
    s.go(a.id, AllianceState::Proposal, "").unwrap();
    assert!(
        s.go(a.id, AllianceState::Running, "").is_err(),
        "no response yet"
    );
    let r = s.respond(a.id, Some(cpe.id), Theme::CoEducation).unwrap();
    let running = s.go(a.id, AllianceState::Running, "").unwrap();
    assert_eq!(
        running.family,
        FamilyContract::Refused,
        "the refusal blocked nothing"
    );
    assert_eq!(running.start_on, Some(today()));
    record_meeting(
        &mut s.cf,
        a.id,
        &MeetingInput {
            held_on: Some(today()),
            time: "17:30".into(),
            place: "Bureau de la CPE".into(),
            present: vec![cpe.id],
            notes: "Assiduité en progrès.".into(),
            decisions: vec!["Garder le rythme.".into()],
        },
    )
    .unwrap();
    let err = s.go(a.id, AllianceState::Closed, "").unwrap_err();
    assert!(err.to_string().contains("évaluation partagée"), "{err}");
    let bad = EvaluationInput {
        on: Some(today()),
        situation: Some(Situation::InSchool),
        situation_details: String::new(),
        what_worked: " ".into(),
        results: Vec::new(),
    };
    assert_eq!(
        evaluate(&mut s.cf, a.id, &bad).unwrap_err().field(),
        Some("whatWorked")
    );
    evaluate(
        &mut s.cf,
        a.id,
        &EvaluationInput {
            what_worked: "Les réunions régulières avec la famille.".into(),
            results: vec![ResponseResult {
                response_id: r.id,
                status: ResponseStatus::Done,
                result: "Lien rétabli.".into(),
            }],
            ..bad
        },
    )
    .unwrap();
    let closed = s.go(a.id, AllianceState::Closed, "").unwrap();
    assert_eq!(closed.state, AllianceState::Closed);
    assert_eq!(closed.responses[0].status, ResponseStatus::Done);
    assert_eq!(closed.evaluation.unwrap().situation, Situation::InSchool);

    let events = student_chronology(&s.cf, s.lea, &[ChronologyKind::Alliance]).unwrap();
    let summaries: Vec<_> = events.iter().map(|e| e.summary.as_str()).collect();
    assert!(
        summaries.contains(&"Contrat refusé par la famille"),
        "{summaries:?}"
    );
    assert!(
        summaries.contains(&"Réunion de suivi de l'alliance éducative"),
        "{summaries:?}"
    );
    assert_eq!(
        summaries[0], "Alliance éducative : clôturée",
        "{summaries:?}"
    );
    assert!(
        summaries.contains(&"Alliance externe proposée"),
        "{summaries:?}"
    );
}

#[test]
fn restricted_diagnosis_entries_come_from_medico_social_members_and_stay_with_their_role() {
    let mut s = School::new();
    let a = s.create(AllianceKind::Internal).unwrap();
    let cpe = s.staff_member(a.id, s.cpe, true).unwrap();
    let nurse = s.staff_member(a.id, s.infirmiere, false).unwrap();
    let entry = |member: i64| DiagnosisInput {
        domain: Some(Domain::Health),
        polarity: Some(Polarity::Difficulty),
        text: "Troubles du sommeil signalés.".into(),
        noted_on: Some(today()),
        member_id: Some(member),
        sensitivity: Sensitivity::Restreint,
        summary: "Fatigue le matin.".into(),
    };
    assert_eq!(
        add_diagnosis(&mut s.cf, a.id, &entry(cpe.id))
            .unwrap_err()
            .field(),
        Some("sensitivity"),
        "a CPE may not restrict an entry"
    );
    let d = add_diagnosis(&mut s.cf, a.id, &entry(nurse.id)).unwrap();
    assert_eq!(d.sensitivity, Sensitivity::Restreint);
    let as_role = |role| SignedIn {
        id: 0,
        name: String::new(),
        role,
    };
    assert!(d.readable_by(&as_role(Role::Referent)));
    assert!(
        d.readable_by(&as_role(Role::MedicoSocial)),
        "the nurse's role"
    );
    assert!(!d.readable_by(&as_role(Role::Cpe)));
    assert!(!d.readable_by(&as_role(Role::Enseignant)));
    // The alliance as loaded never carries the text; every member reads the résumé utile.
    let loaded = alliance(&s.cf, a.id).unwrap();
    let shown = loaded.diagnosis.iter().find(|x| x.id == d.id).unwrap();
    assert_eq!(shown.text, "", "the list leaves the restricted text out");
    assert_eq!(shown.summary, "Fatigue le matin.");
    assert!(shown.readable, "the référent may read it with « Lire »");
    assert!(
        shown
            .stub
            .starts_with("1 élément restreint — Infirmier·e, "),
        "{}",
        shown.stub
    );
}

#[test]
fn the_bilan_figures_count_the_year_by_the_date_of_each_fact() {
    let mut s = School::new();
    // Lea: externe, family refused, one convention, one informal partner, two chartes.
    let a = s.create(AllianceKind::External).unwrap();
    let cpe = s.staff_member(a.id, s.cpe, true).unwrap();
    let ines = s.partner_member(a.id, s.mda, "Inès Moreau").unwrap();
    s.partner_member(a.id, s.street, "Yanis Benali").unwrap();
    set_charte(&mut s.cf, a.id, cpe.id, Some(today()), Some("screen")).unwrap();
    set_charte(&mut s.cf, a.id, ines.id, Some(today()), Some("paper")).unwrap();
    set_partner_formalisation(
        &mut s.cf,
        a.id,
        s.mda,
        Formalisation::Convention,
        Some(today()),
        "",
    )
    .unwrap();
    set_partner_formalisation(
        &mut s.cf,
        a.id,
        s.street,
        Formalisation::Informal,
        Some(today()),
        "Éducateur de rue.",
    )
    .unwrap();
    set_family(
        &mut s.cf,
        a.id,
        &FamilyChange {
            status: FamilyContract::Refused,
            on: Some(today()),
            reason: "Pas de papiers.".into(),
        },
    )
    .unwrap();
    // Tom: interne, family signed.
    let tom = create_student(&mut s.cf, &student("Girard", "Tom"))
        .unwrap()
        .id;
    let b = create_alliance(
        &mut s.cf,
        &AllianceInput {
            student_id: tom,
            proposal_id: None,
            kind: Some(AllianceKind::Internal),
            start_on: None,
            end_on: None,
            rhythm: String::new(),
        },
    )
    .unwrap();
    set_family(
        &mut s.cf,
        b.id,
        &FamilyChange {
            status: FamilyContract::Signed,
            on: Some(today()),
            reason: String::new(),
        },
    )
    .unwrap();
    let f = figures(&s.cf, SchoolYear(2026)).unwrap();
    assert_eq!(
        f,
        AllianceFigures {
            opened: 2,
            internal: 1,
            external: 1,
            students_internal: 1,
            family_signed: 1,
            family_refused: 1,
            partners_involved: 2,
            conventions_signed: 1,
            informal: 1,
            chartes_signed: 2,
            closed: 0,
            abandoned: 0,
        }
    );
    assert_eq!(
        figures(&s.cf, SchoolYear(2025)).unwrap(),
        AllianceFigures::default()
    );
    // The yearly bilan counts the same, and opens the records it counted.
    let b = accroche_core::bilan::bilan(&s.cf, SchoolYear(2026)).unwrap();
    for (id, value) in [
        ("alliances_ouvertes", f.opened),
        ("alliances_internes", f.internal),
        ("alliances_externes", f.external),
        ("eleves_alliance_interne", f.students_internal),
        ("parcours_contractualises_alliance", f.family_signed),
        ("contrats_refuses_familles", f.family_refused),
        ("partenaires_impliques", f.partners_involved),
        ("conventions_signees", f.conventions_signed),
        ("collaborations_informelles", f.informal),
        ("chartes_signees", f.chartes_signed),
    ] {
        assert_eq!(b.value(id), Some(value), "{id}");
        let opened = accroche_core::bilan::records(&s.cf, SchoolYear(2026), id, None).unwrap();
        assert_eq!(opened.len() as u32, value, "{id}: {opened:?}");
    }
}

#[test]
fn a_gpds_proposal_is_taken_by_a_new_alliance_or_joins_the_open_one() {
    use accroche_core::gpds::{student_actions, student_proposals, ActionStatus};
    let mut s = School::new();
    let (lea, cpe) = (s.lea, s.cpe);
    let propose = |s: &mut School| {
        s.cf.write(|tx| {
            tx.conn().execute(
                "INSERT INTO action (student_id, kind, owner, due_on, status, created_at)
                 VALUES (?1, 'proposer_alliance', ?2, '2027-01-25', 'todo', '2027-01-11T17:00:00')",
                [lea, cpe],
            )?;
            let action = tx.conn().last_insert_rowid();
            tx.conn().execute(
                "INSERT INTO proposal (student_id, kind, action_id, proposed_on) VALUES (?1, 'alliance', ?2, '2027-01-11')",
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
        student_proposals(&s.cf, lea).unwrap().last().unwrap().id
    };
    let first = propose(&mut s);
    let input = |proposal| AllianceInput {
        student_id: lea,
        proposal_id: Some(proposal),
        kind: Some(AllianceKind::Internal),
        start_on: None,
        end_on: None,
        rhythm: String::new(),
    };
    let made = create_alliance(&mut s.cf, &input(first)).unwrap();
    assert_eq!(made.proposal_id, Some(first));
    // A second proposal while it is open joins it instead of waiting for ever.
    let second = propose(&mut s);
    let same = create_alliance(&mut s.cf, &input(second)).unwrap();
    assert_eq!(same.id, made.id);
    assert_eq!(list_alliances(&s.cf).unwrap().len(), 1);
    let proposals = student_proposals(&s.cf, lea).unwrap();
    assert!(
        proposals.iter().all(|p| p.status == "taken"),
        "{proposals:?}"
    );
    let actions = student_actions(&s.cf, lea).unwrap();
    assert!(
        actions
            .iter()
            .all(|a| a.status == ActionStatus::Done && a.done_on == Some(today())),
        "the GPDS actions that proposed them are done"
    );
}
