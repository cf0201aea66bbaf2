//! The GPDS on a hand-built school whose answers are known: flags, agendas, meetings, reviews,
//! follow-up, actions, entretiens, mesures, the dashboard and the chronology.

use std::path::{Path, PathBuf};

use accroche_core::casefile::{self, fixed_clock, journal_list, CaseFile};
use accroche_core::chronology::{student_chronology, ChronologyKind};
use accroche_core::gpds::*;
use accroche_core::registry::{
    create_partner, create_staff, create_student, set_staff_archived, set_student_archived,
    Contact, PartnerInput, PartnerKind, StaffInput, StaffRole,
};
use accroche_core::Error;
use accroche_tests::{date, establishment, student, PASSPHRASE};
use chrono::NaiveDate;

/// The school: five staff, four students, on Wednesday 4 November 2026.
struct School {
    _dir: tempfile::TempDir,
    path: PathBuf,
    cf: CaseFile,
    head: i64,
    referent: i64,
    cpe: i64,
    psy: i64,
    pp: i64,
    lea: i64,
    jules: i64,
    ines: i64,
    tom: i64,
    mission_locale: i64,
}

impl School {
    fn new() -> School {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gpds.accroche");
        let mut cf = accroche_core::registry::create_case_file(
            &path,
            PASSPHRASE,
            &establishment(),
            None,
            fixed_clock(date(2026, 11, 4).and_hms_opt(10, 0, 0).unwrap()),
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
        let head = staff("Marchetti", "Hélène", StaffRole::Direction);
        let referent = staff("Benhamou", "Karim", StaffRole::Referent);
        let cpe = staff("Lagarde", "Sophie", StaffRole::Cpe);
        let psy = staff("Rivière", "Claire", StaffRole::PsyEn);
        let pp = staff("Martin", "Paul", StaffRole::ProfesseurPrincipal);
        let mut pupil = |last: &str, first: &str, born: NaiveDate| {
            let mut s = student(last, first);
            s.birth_date = born;
            create_student(&mut cf, &s).unwrap().id
        };
        let lea = pupil("Dubois", "Léa", date(2010, 3, 14));
        let jules = pupil("Martin", "Jules", date(2009, 6, 1));
        let ines = pupil("Petit", "Inès", date(2011, 1, 20));
        let tom = pupil("Bernard", "Tom", date(2009, 9, 9));
        let mission_locale = create_partner(
            &mut cf,
            &PartnerInput {
                name: "Mission locale de Valmont".into(),
                kind: PartnerKind::MissionLocale,
                address: String::new(),
                phone: String::new(),
                email: String::new(),
                contacts: vec![Contact {
                    last_name: "Duval".into(),
                    first_name: "Marc".into(),
                    function: "Conseiller".into(),
                    phone: String::new(),
                    email: String::new(),
                }],
            },
        )
        .unwrap()
        .id;
        School {
            _dir: dir,
            path,
            cf,
            head,
            referent,
            cpe,
            psy,
            pp,
            lea,
            jules,
            ines,
            tom,
            mission_locale,
        }
    }

    /// Time passes: the case file is closed and reopened on `day` at 10:00.
    fn on(&mut self, day: NaiveDate) {
        self.at(day.and_hms_opt(10, 0, 0).unwrap());
    }

    /// Time passes: the case file is closed and reopened at `when`.
    fn at(&mut self, when: chrono::NaiveDateTime) {
        let placeholder = open_on_copy(&self.path);
        drop(std::mem::replace(&mut self.cf, placeholder));
        self.cf = casefile::open(&self.path, PASSPHRASE, false, fixed_clock(when))
            .unwrap()
            .casefile;
    }

    fn flag(&mut self, student: i64, on: NaiveDate, by: i64, signals: Vec<Signal>) -> Flag {
        create_flag(
            &mut self.cf,
            &FlagInput {
                student_id: student,
                flagged_on: on,
                raised_by: Some(by),
                signals,
                note: String::new(),
            },
        )
        .unwrap()
    }

    fn meeting(&mut self, on: NaiveDate) -> Meeting {
        plan_meeting(
            &mut self.cf,
            &MeetingInput {
                date: on,
                time: "14:00".into(),
                place: "Salle B12".into(),
                members: vec![self.head, self.referent, self.cpe, self.psy],
                guests: Vec::new(),
            },
        )
        .unwrap()
    }

    fn journal_len(&self) -> usize {
        journal_list(&self.cf, 100_000).unwrap().len()
    }
}

/// A read-only handle used only while swapping the writable one (the lock must be released
/// before reopening).
fn open_on_copy(path: &Path) -> CaseFile {
    casefile::open(
        path,
        PASSPHRASE,
        true,
        fixed_clock(date(2026, 1, 1).and_hms_opt(0, 0, 0).unwrap()),
    )
    .unwrap()
    .casefile
}

fn absences(n: u32, unjustified: u32) -> Signal {
    Signal {
        kind: SignalKind::Absences,
        amount: Some(n),
        unjustified: Some(unjustified),
        detail: String::new(),
    }
}

fn signal(kind: SignalKind) -> Signal {
    Signal {
        kind,
        amount: None,
        unjustified: None,
        detail: String::new(),
    }
}

fn action(kind: ActionKind, owner: i64, due: NaiveDate) -> ActionInput {
    ActionInput {
        id: None,
        kind,
        detail: String::new(),
        owner: Some(owner),
        due_on: Some(due),
    }
}

fn enter(in_charge: i64, next: NaiveDate, actions: Vec<ActionInput>) -> ReviewInput {
    ReviewInput {
        situation: "Absences en hausse depuis la Toussaint.".into(),
        decision: Decision::Enter,
        close_reason: None,
        close_detail: String::new(),
        in_charge: Some(in_charge),
        next_review: Some(next),
        actions,
        confirm_early_due: false,
    }
}

fn field_of(e: &Error) -> &str {
    e.field().unwrap_or_default()
}

fn agenda_names(cf: &CaseFile, meeting: i64) -> Vec<String> {
    agenda(cf, meeting)
        .unwrap()
        .items
        .into_iter()
        .map(|i| i.first_name)
        .collect()
}

#[test]
fn a_flag_without_signal_or_author_or_in_the_future_is_refused_and_nothing_is_written() {
    let mut s = School::new();
    let before = s.journal_len();
    let mut input = FlagInput {
        student_id: s.lea,
        flagged_on: date(2026, 11, 3),
        raised_by: Some(s.cpe),
        signals: Vec::new(),
        note: String::new(),
    };
    let e = create_flag(&mut s.cf, &input).unwrap_err();
    assert_eq!(field_of(&e), "signals", "no signal: {e}");
    input.signals = vec![Signal {
        kind: SignalKind::Absences,
        amount: None,
        unjustified: None,
        detail: String::new(),
    }];
    let e = create_flag(&mut s.cf, &input).unwrap_err();
    assert_eq!(
        field_of(&e),
        "signals[0].amount",
        "absences need a number: {e}"
    );
    input.signals = vec![absences(4, 6)];
    let e = create_flag(&mut s.cf, &input).unwrap_err();
    assert_eq!(field_of(&e), "signals[0].unjustified", "{e}");
    assert!(e.to_string().contains("ne peuvent pas dépasser"), "{e}");
    input.signals = vec![absences(12, 6)];
    input.raised_by = None;
    let e = create_flag(&mut s.cf, &input).unwrap_err();
    assert_eq!(field_of(&e), "raisedBy", "{e}");
    input.raised_by = Some(s.cpe);
    input.flagged_on = date(2026, 11, 5);
    let e = create_flag(&mut s.cf, &input).unwrap_err();
    assert_eq!(field_of(&e), "flaggedOn", "a flag in the future: {e}");
    input.signals = vec![signal(SignalKind::Autre)];
    input.flagged_on = date(2026, 11, 4);
    let e = create_flag(&mut s.cf, &input).unwrap_err();
    assert_eq!(
        field_of(&e),
        "signals[0].detail",
        "« Autre » needs a precision: {e}"
    );
    assert_eq!(s.journal_len(), before, "refused flags write nothing");
    assert!(student_flags(&s.cf, s.lea).unwrap().is_empty());
}

#[test]
fn the_agenda_builds_itself_from_flags_reviews_due_and_late_actions() {
    let mut s = School::new();
    // Léa flagged before the meeting, Inès after it: only Léa is on its agenda.
    s.flag(s.lea, date(2026, 11, 2), s.cpe, vec![absences(12, 6)]);
    let m = s.meeting(date(2026, 11, 10));
    s.flag(
        s.ines,
        date(2026, 11, 4),
        s.pp,
        vec![signal(SignalKind::Retrait)],
    );
    let later = s.meeting(date(2026, 12, 8));
    let a = agenda(&s.cf, m.id).unwrap();
    assert!(!a.frozen);
    assert_eq!(
        agenda_names(&s.cf, m.id),
        ["Léa", "Inès"],
        "both flags are on or before 10/11"
    );
    assert_eq!(a.items[0].reasons[0].kind, AgendaReasonKind::Flagged);
    assert!(
        a.items[0].reasons[0].text.starts_with(
            "Repéré le 02/11/2026 : Absences : 12 demi-journées dont 6 non justifiées"
        ),
        "{}",
        a.items[0].reasons[0].text
    );
    // Jules has an action decided outside a meeting, due before the meeting: late by then.
    add_action(
        &mut s.cf,
        s.jules,
        &action(ActionKind::EntretienFamille, s.cpe, date(2026, 11, 6)),
        false,
    )
    .unwrap();
    assert_eq!(agenda_names(&s.cf, m.id), ["Léa", "Inès", "Jules"]);
    let jules = &agenda(&s.cf, m.id).unwrap().items[2];
    assert_eq!(jules.reasons[0].kind, AgendaReasonKind::LateActions);
    assert_eq!(
        jules.reasons[0].text,
        "1 action en retard au jour de la séance (échéance du 06/11/2026)"
    );
    // The référent removes Inès, adds Tom, puts Tom first.
    agenda_remove(&mut s.cf, m.id, s.ines).unwrap();
    agenda_add(&mut s.cf, m.id, s.tom).unwrap();
    let a = agenda(&s.cf, m.id).unwrap();
    assert_eq!(
        a.removed
            .iter()
            .map(|i| i.first_name.as_str())
            .collect::<Vec<_>>(),
        ["Inès"]
    );
    assert_eq!(
        agenda_names(&s.cf, m.id),
        ["Léa", "Jules", "Tom"],
        "flags, late actions, additions"
    );
    agenda_reorder(&mut s.cf, m.id, &[s.tom, s.lea, s.jules]).unwrap();
    assert_eq!(agenda_names(&s.cf, m.id), ["Tom", "Léa", "Jules"]);
    let e = agenda_reorder(&mut s.cf, m.id, &[s.tom, s.lea]).unwrap_err();
    assert!(
        matches!(e, Error::Conflict(_)),
        "a reorder must list every student: {e}"
    );
    // Inès, removed from the first meeting, is still on the later one; an archived student is not.
    assert_eq!(agenda_names(&s.cf, later.id), ["Léa", "Inès", "Jules"]);
    set_student_archived(&mut s.cf, s.ines, true).unwrap();
    assert_eq!(agenda_names(&s.cf, later.id), ["Léa", "Jules"]);
}

#[test]
fn a_meeting_is_held_on_its_day_and_reviews_only_its_agenda() {
    let mut s = School::new();
    s.flag(s.lea, date(2026, 11, 2), s.cpe, vec![absences(12, 6)]);
    let m = s.meeting(date(2026, 11, 10));
    let e = open_meeting(&mut s.cf, m.id).unwrap_err();
    assert!(
        e.to_string()
            .contains("ne peut pas être ouverte avant ce jour"),
        "{e}"
    );
    let e = record_review(
        &mut s.cf,
        m.id,
        s.lea,
        &enter(s.cpe, date(2026, 12, 8), vec![]),
    )
    .unwrap_err();
    assert!(e.to_string().contains("Ouvrez d'abord la séance"), "{e}");
    s.on(date(2026, 11, 10));
    let opened = open_meeting(&mut s.cf, m.id).unwrap();
    assert_eq!(opened.status, MeetingStatus::Open);
    assert!(agenda(&s.cf, m.id).unwrap().frozen);
    // A flag raised during the meeting does not join the frozen agenda.
    s.flag(
        s.jules,
        date(2026, 11, 10),
        s.pp,
        vec![signal(SignalKind::Comportement)],
    );
    assert_eq!(agenda_names(&s.cf, m.id), ["Léa"]);
    let before = s.journal_len();
    let e = record_review(
        &mut s.cf,
        m.id,
        s.jules,
        &enter(s.cpe, date(2026, 12, 8), vec![]),
    )
    .unwrap_err();
    assert_eq!(field_of(&e), "studentId");
    assert!(e.to_string().contains("n'est pas à l'ordre du jour"), "{e}");
    assert_eq!(s.journal_len(), before);
    // Added during the meeting, Jules can be reviewed.
    agenda_add(&mut s.cf, m.id, s.jules).unwrap();
    assert_eq!(agenda_names(&s.cf, m.id), ["Léa", "Jules"]);
    record_review(
        &mut s.cf,
        m.id,
        s.jules,
        &enter(s.pp, date(2026, 12, 8), vec![]),
    )
    .unwrap();
    let e = agenda_remove(&mut s.cf, m.id, s.jules).unwrap_err();
    assert!(e.to_string().contains("déjà enregistrée"), "{e}");
}

#[test]
fn entering_follow_up_needs_a_person_in_charge_and_actions_need_owner_and_due_date() {
    let mut s = School::new();
    s.flag(s.lea, date(2026, 11, 2), s.cpe, vec![absences(12, 6)]);
    let m = s.meeting(date(2026, 11, 4));
    open_meeting(&mut s.cf, m.id).unwrap();
    let before = s.journal_len();
    let mut input = enter(s.cpe, date(2026, 12, 8), vec![]);
    input.in_charge = None;
    let e = record_review(&mut s.cf, m.id, s.lea, &input).unwrap_err();
    assert_eq!(field_of(&e), "inCharge", "{e}");
    assert!(
        e.to_string()
            .contains("Nommez la personne chargée du suivi"),
        "{e}"
    );
    input.in_charge = Some(s.cpe);
    input.next_review = None;
    assert_eq!(
        field_of(&record_review(&mut s.cf, m.id, s.lea, &input).unwrap_err()),
        "nextReview"
    );
    input.next_review = Some(date(2026, 11, 4));
    assert_eq!(
        field_of(&record_review(&mut s.cf, m.id, s.lea, &input).unwrap_err()),
        "nextReview",
        "the next review must follow the meeting"
    );
    input.next_review = Some(date(2026, 12, 8));
    let mut no_owner = action(ActionKind::Tutorat, s.pp, date(2026, 11, 20));
    no_owner.owner = None;
    input.actions = vec![
        action(ActionKind::EntretienFamille, s.cpe, date(2026, 11, 13)),
        no_owner,
    ];
    assert_eq!(
        field_of(&record_review(&mut s.cf, m.id, s.lea, &input).unwrap_err()),
        "actions[1].owner"
    );
    let mut no_due = action(ActionKind::Tutorat, s.pp, date(2026, 11, 20));
    no_due.due_on = None;
    input.actions[1] = no_due;
    assert_eq!(
        field_of(&record_review(&mut s.cf, m.id, s.lea, &input).unwrap_err()),
        "actions[1].dueOn"
    );
    // A due date before the meeting is allowed only once confirmed.
    input.actions[1] = action(ActionKind::Tutorat, s.pp, date(2026, 11, 3));
    let e = record_review(&mut s.cf, m.id, s.lea, &input).unwrap_err();
    assert!(matches!(e, Error::NeedsConfirmation { .. }), "{e:?}");
    assert_eq!(e.code(), "confirm");
    assert!(e.to_string().contains("précède la séance"), "{e}");
    assert_eq!(s.journal_len(), before, "nothing written by any refusal");
    assert!(followup(&s.cf, s.lea).unwrap().is_none());
    input.confirm_early_due = true;
    let r = record_review(&mut s.cf, m.id, s.lea, &input).unwrap();
    assert_eq!(r.actions.len(), 2);
    assert_eq!(r.in_charge_name.as_deref(), Some("Sophie Lagarde"));
    let f = followup(&s.cf, s.lea).unwrap().unwrap();
    assert!(f.open);
    assert_eq!(f.opened_on, date(2026, 11, 4));
    assert_eq!(f.in_charge, Some(s.cpe));
    assert_eq!(f.next_review, Some(date(2026, 12, 8)));
    assert!(
        student_flags(&s.cf, s.lea).unwrap()[0].reviewed,
        "the flag is reviewed now"
    );
    // Entering again is refused; "keep" for someone not followed too.
    let e = record_review(&mut s.cf, m.id, s.lea, &{
        let mut again = input.clone();
        again.actions = Vec::new();
        again.decision = Decision::Keep;
        again
    });
    assert!(
        e.is_err(),
        "Léa was not followed before this meeting: keep is refused"
    );
}

#[test]
fn closing_a_meeting_makes_minutes_version_1_and_each_later_correction_a_new_version() {
    let mut s = School::new();
    s.flag(s.lea, date(2026, 11, 2), s.cpe, vec![absences(12, 6)]);
    s.flag(
        s.jules,
        date(2026, 11, 3),
        s.pp,
        vec![signal(SignalKind::Resultats)],
    );
    let m = s.meeting(date(2026, 11, 4));
    open_meeting(&mut s.cf, m.id).unwrap();
    set_attendance(
        &mut s.cf,
        m.id,
        &Attendance {
            members: vec![s.head, s.referent, s.cpe],
            guests: Vec::new(),
        },
    )
    .unwrap();
    record_review(
        &mut s.cf,
        m.id,
        s.lea,
        &enter(
            s.cpe,
            date(2026, 12, 8),
            vec![
                action(ActionKind::EntretienFamille, s.cpe, date(2026, 11, 13)),
                action(ActionKind::ProposerPafi, s.referent, date(2026, 12, 1)),
            ],
        ),
    )
    .unwrap();
    let draft = minutes(&s.cf, m.id).unwrap();
    assert_eq!(draft.version, 0, "a draft until the meeting is closed");
    assert_eq!(draft.undecided, ["Jules Martin"]);
    let closed = close_meeting(&mut s.cf, m.id).unwrap();
    assert_eq!(closed.status, MeetingStatus::Held);
    let cr = minutes(&s.cf, m.id).unwrap();
    assert_eq!(cr.version, 1);
    assert_eq!(
        cr.present,
        [
            "Hélène Marchetti, Direction",
            "Karim Benhamou, Référent décrochage",
            "Sophie Lagarde, CPE"
        ]
    );
    assert_eq!(cr.absent, ["Claire Rivière, Psy-EN"]);
    assert_eq!(cr.rows.len(), 1);
    assert_eq!(cr.rows[0].student, "Léa Dubois");
    assert_eq!(cr.rows[0].decision, "Entrée en suivi");
    assert_eq!(cr.rows[0].in_charge.as_deref(), Some("Sophie Lagarde"));
    assert_eq!(
        cr.rows[0]
            .actions
            .iter()
            .map(|a| (a.what.as_str(), a.owner.as_str(), a.due_on))
            .collect::<Vec<_>>(),
        [
            (
                "Entretien avec la famille",
                "Sophie Lagarde",
                date(2026, 11, 13)
            ),
            ("Proposer un PAFI", "Karim Benhamou", date(2026, 12, 1)),
        ]
    );
    assert!(cr.notice.contains("confidentiel"));
    assert_eq!(
        student_proposals(&s.cf, s.lea).unwrap()[0].kind,
        "pafi",
        "a PAFI proposal waits"
    );
    // Jules, left undecided, goes to the next meeting.
    let next = s.meeting(date(2026, 12, 8));
    assert_eq!(
        agenda_names(&s.cf, next.id),
        ["Jules", "Léa"],
        "Jules still flagged; Léa's review comes on 08/12"
    );
    // Correcting Léa's decision after the meeting: journaled, minutes version 2.
    let review = review(&s.cf, m.id, s.lea).unwrap().unwrap();
    let mut fix = enter(s.psy, date(2026, 12, 8), Vec::new());
    fix.actions = review
        .actions
        .iter()
        .map(|a| ActionInput {
            id: Some(a.id),
            kind: a.kind,
            detail: a.detail.clone(),
            owner: Some(a.owner),
            due_on: Some(a.due_on),
        })
        .collect();
    record_review(&mut s.cf, m.id, s.lea, &fix).unwrap();
    assert_eq!(minutes(&s.cf, m.id).unwrap().version, 2);
    let last = &journal_list(&s.cf, 1).unwrap()[0];
    assert!(
        last.summary.contains("compte-rendu version 2"),
        "{}",
        last.summary
    );
    assert!(last
        .changes
        .iter()
        .any(|c| c.field == "Personne chargée du suivi"
            && c.before.as_deref() == Some("Sophie Lagarde")
            && c.after.as_deref() == Some("Claire Rivière")));
    assert_eq!(
        followup(&s.cf, s.lea).unwrap().unwrap().in_charge,
        Some(s.psy)
    );
    // Dropping the PAFI action removes its proposal.
    fix.actions.truncate(1);
    record_review(&mut s.cf, m.id, s.lea, &fix).unwrap();
    assert_eq!(minutes(&s.cf, m.id).unwrap().version, 3);
    assert!(student_proposals(&s.cf, s.lea).unwrap().is_empty());
    // A held meeting is not "opened" again, nor its agenda changed.
    assert!(agenda_add(&mut s.cf, m.id, s.tom).is_err());
}

#[test]
fn editing_an_old_decision_replays_the_follow_up() {
    let mut s = School::new();
    s.flag(s.lea, date(2026, 10, 1), s.cpe, vec![absences(8, 8)]);
    let first = s.meeting(date(2026, 10, 6));
    open_meeting(&mut s.cf, first.id).unwrap();
    record_review(
        &mut s.cf,
        first.id,
        s.lea,
        &enter(s.cpe, date(2026, 11, 3), vec![]),
    )
    .unwrap();
    close_meeting(&mut s.cf, first.id).unwrap();
    let second = s.meeting(date(2026, 11, 3));
    open_meeting(&mut s.cf, second.id).unwrap();
    assert_eq!(
        agenda_names(&s.cf, second.id),
        ["Léa"],
        "her review date came"
    );
    let close = ReviewInput {
        situation: "Assiduité retrouvée.".into(),
        decision: Decision::Close,
        close_reason: Some(CloseReason::Resolved),
        close_detail: String::new(),
        in_charge: None,
        next_review: None,
        actions: Vec::new(),
        confirm_early_due: false,
    };
    record_review(&mut s.cf, second.id, s.lea, &close).unwrap();
    let f = followup(&s.cf, s.lea).unwrap().unwrap();
    assert!(!f.open);
    assert_eq!(f.closed_on, Some(date(2026, 11, 3)));
    assert_eq!(f.close_reason, Some(CloseReason::Resolved));
    // The first decision becomes "not examined": the second meeting's "close" now ends nothing,
    // and "keep" there would be refused.
    let mut not_examined = close.clone();
    not_examined.decision = Decision::NotExamined;
    not_examined.close_reason = None;
    record_review(&mut s.cf, first.id, s.lea, &not_examined).unwrap();
    let mut keep = enter(s.cpe, date(2026, 12, 1), Vec::new());
    keep.decision = Decision::Keep;
    let e = record_review(&mut s.cf, second.id, s.lea, &keep).unwrap_err();
    assert!(e.to_string().contains("n'est pas en suivi"), "{e}");
    let f = followup(&s.cf, s.lea).unwrap().unwrap();
    assert!(!f.open);
    assert_eq!(
        f.opened_on,
        date(2026, 11, 3),
        "closed without having been followed"
    );
}

#[test]
fn actions_are_done_with_a_date_and_a_result_or_cancelled_with_a_reason() {
    let mut s = School::new();
    let e = add_action(
        &mut s.cf,
        s.lea,
        &action(ActionKind::Tutorat, s.pp, date(2026, 11, 1)),
        false,
    )
    .unwrap_err();
    assert_eq!(e.code(), "confirm", "due before today: {e}");
    let a = add_action(
        &mut s.cf,
        s.lea,
        &action(ActionKind::Tutorat, s.pp, date(2026, 11, 20)),
        false,
    )
    .unwrap();
    assert_eq!(a.status, ActionStatus::Todo);
    assert_eq!(
        field_of(&complete_action(&mut s.cf, a.id, Some(date(2026, 11, 4)), " ").unwrap_err()),
        "result"
    );
    assert_eq!(
        field_of(&complete_action(&mut s.cf, a.id, Some(date(2026, 11, 5)), "ok").unwrap_err()),
        "doneOn"
    );
    let done = complete_action(
        &mut s.cf,
        a.id,
        Some(date(2026, 11, 4)),
        "Deux séances faites",
    )
    .unwrap();
    assert_eq!(done.status, ActionStatus::Done);
    assert_eq!(done.done_on, Some(date(2026, 11, 4)));
    assert!(
        cancel_action(&mut s.cf, a.id, "doublon").is_err(),
        "done: reopen first"
    );
    reopen_action(&mut s.cf, a.id).unwrap();
    assert_eq!(
        field_of(&cancel_action(&mut s.cf, a.id, "").unwrap_err()),
        "cancelReason"
    );
    let c = cancel_action(&mut s.cf, a.id, "L'élève a changé d'établissement").unwrap();
    assert_eq!(c.status, ActionStatus::Cancelled);
}

#[test]
fn entretien_de_situation_and_mesure_de_responsabilisation_rules() {
    let mut s = School::new();
    let mut e = EntretienInput {
        student_id: s.ines, // 15 years old on 04/11/2026
        held_on: date(2026, 11, 4),
        staff_id: Some(s.psy),
        diagnosis: "Perte de sens, projet flou.".into(),
        outcome: Some(EntretienOutcome::Solution),
        solution: String::new(),
        next_step: String::new(),
        confirm_age: false,
    };
    assert_eq!(
        field_of(&record_entretien(&mut s.cf, None, &e).unwrap_err()),
        "solution"
    );
    e.solution = "Mini-stage en CAP cuisine".into();
    let err = record_entretien(&mut s.cf, None, &e).unwrap_err();
    assert_eq!(err.code(), "confirm");
    assert!(err.to_string().contains("avait 15 ans"), "{err}");
    e.confirm_age = true;
    let saved = record_entretien(&mut s.cf, None, &e).unwrap();
    assert_eq!(saved.staff_name, "Claire Rivière");
    e.student_id = s.jules; // 17
    e.confirm_age = false;
    record_entretien(&mut s.cf, None, &e).unwrap();

    let mut m = MesureInput {
        student_id: s.tom,
        hours: Some(25),
        partner_id: None,
        host_detail: "CDI".into(),
        start_on: Some(date(2026, 11, 9)),
        end_on: Some(date(2026, 11, 20)),
        status: MesureStatus::Planned,
    };
    let before = s.journal_len();
    let err = record_mesure(&mut s.cf, None, &m).unwrap_err();
    assert_eq!(field_of(&err), "hours");
    assert!(err.to_string().contains("au plus 20 heures"), "{err}");
    m.hours = Some(12);
    m.end_on = Some(date(2026, 11, 1));
    assert_eq!(
        field_of(&record_mesure(&mut s.cf, None, &m).unwrap_err()),
        "endOn"
    );
    assert_eq!(s.journal_len(), before);
    m.end_on = Some(date(2026, 11, 20));
    m.partner_id = Some(s.mission_locale);
    let saved = record_mesure(&mut s.cf, None, &m).unwrap();
    assert_eq!(saved.host_name, "Mission locale de Valmont");
    let done = set_mesure_status(&mut s.cf, saved.id, MesureStatus::Done).unwrap();
    assert_eq!(done.status, MesureStatus::Done);
    assert_eq!(student_mesures(&s.cf, s.tom).unwrap().len(), 1);
}

#[test]
fn the_dashboard_gives_known_answers_on_a_known_school() {
    let mut s = School::new();
    // Monday 2 November: Léa and Jules flagged; Tom flagged too.
    s.flag(s.lea, date(2026, 11, 2), s.cpe, vec![absences(12, 6)]);
    s.flag(
        s.jules,
        date(2026, 11, 2),
        s.pp,
        vec![signal(SignalKind::Retrait)],
    );
    s.flag(
        s.tom,
        date(2026, 11, 3),
        s.pp,
        vec![signal(SignalKind::Comportement)],
    );
    let m = s.meeting(date(2026, 11, 4));
    open_meeting(&mut s.cf, m.id).unwrap();
    record_review(
        &mut s.cf,
        m.id,
        s.lea,
        &enter(
            s.cpe,
            date(2026, 11, 16),
            vec![
                action(ActionKind::EntretienFamille, s.cpe, date(2026, 11, 6)),
                action(ActionKind::Tutorat, s.pp, date(2026, 11, 12)),
                action(ActionKind::ProposerAlliance, s.referent, date(2026, 12, 15)),
            ],
        ),
    )
    .unwrap();
    record_review(
        &mut s.cf,
        m.id,
        s.jules,
        &enter(s.pp, date(2026, 12, 1), vec![]),
    )
    .unwrap();
    close_meeting(&mut s.cf, m.id).unwrap();
    let next = s.meeting(date(2026, 11, 24));
    // Paul Martin leaves the school: Jules has nobody in charge.
    set_staff_archived(&mut s.cf, s.pp, true).unwrap();

    // Wednesday 11 November.
    s.on(date(2026, 11, 11));
    let d = dashboard(&s.cf).unwrap();
    assert_eq!(d.week_end, date(2026, 11, 15), "this week ends on Sunday");
    assert_eq!(d.counts.late_actions, 1);
    assert_eq!(d.late_actions[0].owner_name, "Sophie Lagarde");
    assert_eq!(
        d.late_actions[0].actions[0].what(),
        "Entretien avec la famille"
    );
    assert_eq!(d.counts.due_this_week, 1);
    assert_eq!(d.due_this_week[0].owner_name, "Paul Martin");
    assert_eq!(d.counts.without_in_charge, 1);
    assert_eq!(d.without_in_charge[0].name, "Jules Martin");
    assert!(d.without_in_charge[0]
        .detail
        .contains("Paul Martin a quitté l'établissement"));
    assert_eq!(d.counts.flagged_not_reviewed, 1);
    assert_eq!(d.flagged_not_reviewed[0].student_id, s.tom);
    assert_eq!(
        d.flagged_not_reviewed[0].detail,
        "Repéré le 03/11/2026 par Paul Martin : Comportement"
    );
    assert_eq!(d.counts.review_due, 0);
    assert_eq!(d.counts.in_followup, 2);
    assert_eq!(d.counts.open_proposals, 1);
    assert_eq!(
        d.open_proposals[0].detail,
        "Alliance éducative proposée le 04/11/2026"
    );
    let nm = d.next_meeting.unwrap();
    assert_eq!(nm.id, next.id);
    assert_eq!(
        nm.agenda_size, 2,
        "Tom (flagged), Léa (review on 16/11, late actions); not Jules (review on 01/12)"
    );

    // Monday 16 November: Léa's review date has come; the tutoring is late now.
    s.on(date(2026, 11, 16));
    let d = dashboard(&s.cf).unwrap();
    assert_eq!(d.counts.review_due, 1);
    assert_eq!(d.review_due[0].student_id, s.lea);
    assert_eq!(d.counts.late_actions, 2);
    assert_eq!(
        d.late_actions
            .iter()
            .map(|o| o.owner_name.as_str())
            .collect::<Vec<_>>(),
        ["Paul Martin", "Sophie Lagarde"]
    );
    // A new person in charge for Jules clears that line.
    set_in_charge(&mut s.cf, s.jules, s.psy).unwrap();
    assert_eq!(dashboard(&s.cf).unwrap().counts.without_in_charge, 0);
}

#[test]
fn the_chronology_holds_every_kind_newest_first_and_filters() {
    let mut s = School::new();
    s.flag(s.lea, date(2026, 11, 2), s.cpe, vec![absences(12, 6)]);
    let m = s.meeting(date(2026, 11, 4));
    open_meeting(&mut s.cf, m.id).unwrap();
    let r = record_review(
        &mut s.cf,
        m.id,
        s.lea,
        &enter(
            s.cpe,
            date(2026, 12, 8),
            vec![action(
                ActionKind::EntretienFamille,
                s.cpe,
                date(2026, 11, 4),
            )],
        ),
    )
    .unwrap();
    complete_action(
        &mut s.cf,
        r.actions[0].id,
        Some(date(2026, 11, 4)),
        "Mère reçue, accord pour un tutorat",
    )
    .unwrap();
    let all = student_chronology(&s.cf, s.lea, &[]).unwrap();
    let kinds: Vec<ChronologyKind> = all.iter().map(|e| e.kind).collect();
    for k in [
        ChronologyKind::Registre,
        ChronologyKind::Reperage,
        ChronologyKind::Gpds,
        ChronologyKind::Action,
    ] {
        assert!(kinds.contains(&k), "{k:?} missing from {kinds:?}");
    }
    assert!(
        all.windows(2)
            .all(|w| (w[0].on, w[0].at) >= (w[1].on, w[1].at)),
        "newest first"
    );
    assert_eq!(
        all.last().unwrap().kind,
        ChronologyKind::Reperage,
        "events sort by their own date: the flag of 02/11 comes before the record typed on 04/11"
    );
    let gpds = all.iter().find(|e| e.kind == ChronologyKind::Gpds).unwrap();
    assert_eq!(gpds.summary, "GPDS du 04/11/2026 : Entrée en suivi");
    assert!(
        gpds.detail.contains("Suivi confié à Sophie Lagarde"),
        "{}",
        gpds.detail
    );
    let actions = student_chronology(&s.cf, s.lea, &[ChronologyKind::Action]).unwrap();
    assert_eq!(
        actions
            .iter()
            .map(|e| e.summary.as_str())
            .collect::<Vec<_>>(),
        [
            "Action faite : Entretien avec la famille",
            "Action décidée : Entretien avec la famille"
        ]
    );
    // A second flag while followed: a new entry, not a second case.
    s.flag(
        s.lea,
        date(2026, 11, 4),
        s.pp,
        vec![signal(SignalKind::Sante)],
    );
    assert_eq!(
        student_chronology(&s.cf, s.lea, &[ChronologyKind::Reperage])
            .unwrap()
            .len(),
        2
    );
    assert!(followup(&s.cf, s.lea).unwrap().unwrap().open);
}

#[test]
fn meetings_refuse_bad_times_missing_members_and_future_closing() {
    let mut s = School::new();
    let mut input = MeetingInput {
        date: date(2026, 11, 20),
        time: "25h".into(),
        place: String::new(),
        members: vec![s.head],
        guests: Vec::new(),
    };
    assert_eq!(
        field_of(&plan_meeting(&mut s.cf, &input).unwrap_err()),
        "time"
    );
    input.time = "9:30".into();
    input.members.clear();
    assert_eq!(
        field_of(&plan_meeting(&mut s.cf, &input).unwrap_err()),
        "members"
    );
    input.members = vec![s.head, s.referent];
    input.guests = vec![GuestInput {
        partner_id: s.mission_locale,
        contact: "Marc Duval".into(),
        students: Vec::new(),
    }];
    assert_eq!(
        field_of(&plan_meeting(&mut s.cf, &input).unwrap_err()),
        "guests[0].students"
    );
    input.guests[0].students = vec![s.jules];
    let m = plan_meeting(&mut s.cf, &input).unwrap();
    assert_eq!(m.time, "09:30");
    assert_eq!(m.guests[0].student_names, ["Jules Martin"]);
    assert!(close_meeting(&mut s.cf, m.id).is_err(), "not opened");
    assert!(open_meeting(&mut s.cf, m.id).is_err(), "in the future");
    assert_eq!(
        field_of(&cancel_meeting(&mut s.cf, m.id, " ").unwrap_err()),
        "cancelReason"
    );
    let c = cancel_meeting(&mut s.cf, m.id, "Conseil de classe avancé").unwrap();
    assert_eq!(c.status, MeetingStatus::Cancelled);
    assert!(open_meeting(&mut s.cf, m.id).is_err());
    assert_eq!(
        suggested_members(&s.cf).unwrap(),
        [s.referent, s.cpe, s.head, s.pp, s.psy]
    );
}

#[test]
fn leavers_to_follow_in_n_plus_1_are_the_students_who_left_after_a_follow_up() {
    let mut s = School::new();
    s.flag(s.lea, date(2026, 11, 2), s.cpe, vec![absences(12, 6)]);
    s.flag(
        s.jules,
        date(2026, 11, 2),
        s.cpe,
        vec![signal(SignalKind::Retrait)],
    );
    let m = s.meeting(date(2026, 11, 4));
    open_meeting(&mut s.cf, m.id).unwrap();
    record_review(
        &mut s.cf,
        m.id,
        s.lea,
        &enter(s.cpe, date(2026, 12, 8), vec![]),
    )
    .unwrap();
    let no_need = ReviewInput {
        decision: Decision::Close,
        close_reason: Some(CloseReason::NoNeed),
        in_charge: None,
        next_review: None,
        ..enter(s.cpe, date(2026, 12, 8), vec![])
    };
    record_review(&mut s.cf, m.id, s.jules, &no_need).unwrap();
    // All four leave on 04/11; only Léa was followed; Tom had an entretien de situation.
    record_entretien(
        &mut s.cf,
        None,
        &EntretienInput {
            student_id: s.tom,
            held_on: date(2026, 11, 4),
            staff_id: Some(s.psy),
            diagnosis: String::new(),
            outcome: Some(EntretienOutcome::None),
            solution: String::new(),
            next_step: "Orientation vers la mission locale.".into(),
            confirm_age: false,
        },
    )
    .unwrap();
    for id in [s.lea, s.jules, s.ines, s.tom] {
        let mut st = accroche_core::registry::student(&s.cf, id).unwrap().input;
        st.exit_date = Some(date(2026, 11, 4));
        accroche_core::registry::update_student(&mut s.cf, id, &st).unwrap();
    }
    let names: Vec<String> = leavers(&s.cf)
        .unwrap()
        .into_iter()
        .map(|l| l.first_name)
        .collect();
    assert_eq!(
        names,
        ["Tom", "Léa"],
        "followed or seen in entretien de situation; by name on the same day"
    );
}

/// Regression: a flag raised on the afternoon of a meeting that had decided on the student was
/// counted as reviewed, so it never reached the next agenda.
#[test]
fn a_flag_raised_after_that_days_meeting_waits_for_the_next_one() {
    let mut s = School::new();
    s.flag(s.lea, date(2026, 11, 2), s.cpe, vec![absences(12, 6)]);
    let m = s.meeting(date(2026, 11, 4));
    open_meeting(&mut s.cf, m.id).unwrap();
    record_review(
        &mut s.cf,
        m.id,
        s.lea,
        &enter(s.cpe, date(2026, 12, 8), vec![]),
    )
    .unwrap();
    close_meeting(&mut s.cf, m.id).unwrap();
    s.at(date(2026, 11, 4).and_hms_opt(17, 30, 0).unwrap());
    let late = s.flag(
        s.lea,
        date(2026, 11, 4),
        s.pp,
        vec![signal(SignalKind::Comportement)],
    );
    assert!(!late.reviewed, "the meeting did not see this flag");
    assert!(
        student_flags(&s.cf, s.lea).unwrap()[1].reviewed,
        "the first flag was reviewed"
    );
    let d = dashboard(&s.cf).unwrap();
    assert_eq!(
        d.flagged_not_reviewed
            .iter()
            .map(|l| l.student_id)
            .collect::<Vec<_>>(),
        [s.lea]
    );
    let next = s.meeting(date(2026, 11, 24));
    assert_eq!(agenda_names(&s.cf, next.id), ["Léa"]);
}
