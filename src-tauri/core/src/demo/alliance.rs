//! The demo school's alliances éducatives, one in each situation a newcomer should see: an
//! externe alliance under way (a CPE as the student's référent, the school nurse, a teacher, the
//! Maison des adolescents under a convention and a street educator working informally, chartes
//! partly signed, the family's contract signed, a diagnosis with one restricted entry of the
//! nurse (with its résumé utile), two responses, a follow-up meeting and an entry of the sharing log); an interne one
//! that goes on although the family refused to sign (its reason in its own words); one closed
//! with its shared evaluation; one just proposed by the GPDS, its team still to form.
//!
//! Rows are built as the export carries them, around `today`, and obey the rules: a school
//! référent before leaving "proposée", a partner in an externe alliance, responses with their
//! responsible member, dates of changes never in the future, one open alliance per student.
//! Their documents are made afterwards through the real engine ([`super::add_documents`]).

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::{json, Map, Value};

use super::{at, Rng};
use crate::casefile::{Change, JournalEntry};
use crate::export::{AllianceExport, ExportStaff, ExportStudent};
use crate::gpds::GpdsExport;
use crate::school_year::french_date as fr;

/// Staff ids of the demo (see `demo_staff`).
const CPE: i64 = 4;
const CPE_2: i64 = 5;
const PSY_EN: i64 = 6;
const NURSE: i64 = 7;
/// Professeurs principaux.
const TEACHERS: std::ops::RangeInclusive<i64> = 12..=28;
/// Partner ids of the demo (see `demo_partners`).
const MDA: i64 = 4;
const STREET: i64 = 9;
const TUTORING: i64 = 10;

fn row(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn stamp(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

/// What the generator is building.
struct Build<'a> {
    out: AllianceExport,
    journal: Vec<(NaiveDateTime, JournalEntry)>,
    staff: &'a [ExportStaff],
}

impl Build<'_> {
    /// "Prénom Nom" of a member of staff.
    fn staff_name(&self, id: i64) -> String {
        self.staff
            .iter()
            .find(|s| s.id == id)
            .map(|s| format!("{} {}", s.fields.first_name, s.fields.last_name))
            .unwrap_or_default()
    }
}

/// An alliance's frame, before its rows are written.
struct Frame<'a> {
    id: i64,
    s: &'a ExportStudent,
    proposal: Option<i64>,
    kind: &'static str,
    proposed: NaiveDate,
    /// Each later state and its date.
    steps: Vec<(&'static str, NaiveDate)>,
    rhythm: &'static str,
    /// The family's answer: status, date, reason.
    family: (&'static str, Option<NaiveDate>, &'static str),
    /// The shared evaluation: date, situation, details, what worked.
    evaluation: Option<(NaiveDate, &'static str, &'static str, &'static str)>,
}

impl Frame<'_> {
    fn name(&self) -> String {
        format!("{} {}", self.s.fields.first_name, self.s.fields.last_name)
    }

    fn note(&self, b: &mut Build<'_>, when: NaiveDateTime, summary: String) {
        b.journal.push((
            when,
            JournalEntry {
                id: 0,
                at: when,
                author: "Karim Benhamou".into(),
                entity: "alliance".into(),
                entity_id: Some(self.id),
                student_id: Some(self.s.id),
                summary,
                changes: Vec::<Change>::new(),
            },
        ));
    }

    fn write(&self, b: &mut Build<'_>) {
        let name = self.name();
        let de = crate::text::de(&name);
        let (state, state_on) = self
            .steps
            .last()
            .map_or(("proposed", self.proposed), |(s, on)| (*s, *on));
        let start = self
            .steps
            .iter()
            .find(|(s, _)| *s == "running")
            .map(|(_, on)| *on);
        let (family, family_on, reason) = self.family;
        b.out.alliances.push(row(json!({
            "id": self.id, "student_id": self.s.id, "proposal_id": self.proposal,
            "kind": self.kind, "state": state, "state_on": day(state_on),
            "proposed_on": day(self.proposed), "class_name": self.s.fields.class_name,
            "start_on": start.map(day), "end_on": null, "rhythm": self.rhythm,
            "family": family, "family_on": family_on.map(day), "family_reason": reason,
            "family_at": family_on.map(|d| stamp(at(d, 17))), "abandon_reason": "",
            "evaluation_on": self.evaluation.map(|e| day(e.0)),
            "situation": self.evaluation.map(|e| e.1),
            "situation_details": self.evaluation.map_or("", |e| e.2),
            "what_worked": self.evaluation.map_or("", |e| e.3),
            "created_at": stamp(at(self.proposed, 10)), "updated_at": stamp(at(state_on, 17)),
        })));
        let mut from: Option<&str> = None;
        let first = ("proposed", self.proposed);
        for (to, on) in std::iter::once(&first).chain(&self.steps) {
            let id = b.out.transitions.len() as i64 + 1;
            let note = if from.is_none() && self.proposal.is_some() {
                "Proposée par le GPDS"
            } else {
                ""
            };
            b.out.transitions.push(row(json!({
                "id": id, "alliance_id": self.id, "from_state": from, "to_state": to,
                "on_date": day(*on), "note": note, "at": stamp(at(*on, 11)),
            })));
            let summary = match *to {
                "proposed" => format!(
                    "Alliance {} proposée pour {name}",
                    if self.kind == "interne" {
                        "interne"
                    } else {
                        "externe"
                    }
                ),
                "diagnosis" => format!(
                    "Alliance éducative {de} : diagnostic partagé le {}",
                    fr(*on)
                ),
                "proposal" => format!(
                    "Alliance éducative {de} : proposition formalisée le {}",
                    fr(*on)
                ),
                "running" => format!("Alliance éducative {de} : en cours le {}", fr(*on)),
                _ => format!("Alliance éducative {de} : clôturée le {}", fr(*on)),
            };
            self.note(b, at(*on, 11), summary);
            from = Some(to);
        }
        if let Some(on) = family_on {
            let label = match family {
                "signed" => "contrat signé par la famille",
                "refused" => "contrat refusé par la famille",
                _ => "contrat proposé à la famille",
            };
            self.note(
                b,
                at(on, 17),
                format!("Alliance éducative {de} : {label} le {}", fr(on)),
            );
        }
        if let Some((on, situation, _, _)) = self.evaluation {
            let label = match situation {
                "in_school" => "toujours scolarisé dans l'établissement",
                _ => "autre",
            };
            self.note(
                b,
                at(on, 16),
                format!(
                    "Alliance éducative {de} : évaluation partagée du {} ({label})",
                    fr(on)
                ),
            );
        }
    }

    /// A member of staff (`partner` none) or a partner's contact; returns its id.
    #[allow(clippy::too_many_arguments)]
    fn member(
        &self,
        b: &mut Build<'_>,
        staff: Option<i64>,
        partner: Option<(i64, &str, &str)>,
        role: &str,
        referent: bool,
        charte: Option<(NaiveDate, &str)>,
        joined: NaiveDate,
    ) -> i64 {
        let id = b.out.members.len() as i64 + 1;
        let (partner_id, contact, function) =
            partner.map_or((None, "", ""), |(p, c, f)| (Some(p), c, f));
        b.out.members.push(row(json!({
            "id": id, "alliance_id": self.id, "staff_id": staff, "partner_id": partner_id,
            "contact_name": contact, "contact_function": function, "role": role,
            "is_referent": i64::from(referent),
            "charte_on": charte.map(|(d, _)| day(d)), "charte_method": charte.map(|(_, m)| m),
            "left_on": null,
        })));
        if let Some(p) = partner_id {
            if !b.out.partners.iter().any(|r| {
                r.get("alliance_id") == Some(&json!(self.id))
                    && r.get("partner_id") == Some(&json!(p))
            }) {
                b.out.partners.push(row(json!({
                    "alliance_id": self.id, "partner_id": p, "formalisation": "pending",
                    "on_date": null, "reason": "",
                })));
            }
        }
        self.note(
            b,
            at(joined, 12),
            format!(
                "Alliance éducative {} : {} rejoint l'équipe{}",
                crate::text::de(&self.name()),
                if contact.is_empty() {
                    b.staff_name(staff.unwrap_or_default())
                } else {
                    contact.to_owned()
                },
                if referent {
                    " comme référent de l'élève"
                } else {
                    ""
                }
            ),
        );
        if let Some((on, _)) = charte {
            self.note(
                b,
                at(on, 13),
                format!(
                    "Alliance éducative {} : charte signée le {}",
                    crate::text::de(&self.name()),
                    fr(on)
                ),
            );
        }
        id
    }

    /// How a partner works with the school in this alliance.
    fn formalise(&self, b: &mut Build<'_>, partner: i64, how: &str, on: NaiveDate, reason: &str) {
        for r in &mut b.out.partners {
            if r.get("alliance_id") == Some(&json!(self.id))
                && r.get("partner_id") == Some(&json!(partner))
            {
                r.insert("formalisation".into(), json!(how));
                r.insert("on_date".into(), json!(day(on)));
                r.insert("reason".into(), json!(reason));
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn diagnosis(
        &self,
        b: &mut Build<'_>,
        domain: &str,
        polarity: &str,
        text: &str,
        on: NaiveDate,
        member: i64,
        restricted: bool,
    ) {
        let id = b.out.diagnosis.len() as i64 + 1;
        b.out.diagnosis.push(row(json!({
            "id": id, "alliance_id": self.id, "domain": domain, "polarity": polarity,
            "text": text, "noted_on": day(on), "member_id": member,
            "restricted": i64::from(restricted),
            "sensitivity": if restricted { "restreint" } else { "equipe" },
            "summary": if restricted {
                "Fatigue marquée en début de matinée : un suivi médical est en place."
            } else {
                ""
            },
            "author_user_id": null,
            "created_at": stamp(at(on, 14)),
        })));
    }

    #[allow(clippy::too_many_arguments)]
    fn response(
        &self,
        b: &mut Build<'_>,
        theme: &str,
        action: &str,
        member: i64,
        span: (NaiveDate, Option<NaiveDate>),
        rhythm: &str,
        status: &str,
        result: &str,
    ) -> i64 {
        let id = b.out.responses.len() as i64 + 1;
        b.out.responses.push(row(json!({
            "id": id, "alliance_id": self.id, "theme": theme, "action": action,
            "member_id": member, "start_on": day(span.0), "end_on": span.1.map(day),
            "rhythm": rhythm, "status": status, "pafi_id": null, "result": result,
        })));
        id
    }

    /// A held follow-up meeting: who came among `team`, notes, decisions.
    fn meeting(
        &self,
        b: &mut Build<'_>,
        on: NaiveDate,
        team: &[(i64, bool)],
        notes: &str,
        decisions: &[&str],
    ) {
        let id = b.out.meetings.len() as i64 + 1;
        b.out.meetings.push(row(json!({
            "id": id, "alliance_id": self.id, "held_on": day(on), "time": "17:30",
            "place": "Bureau de la vie scolaire", "notes": notes,
            "decisions": serde_json::to_string(decisions).unwrap_or_default(),
            "created_at": stamp(at(on, 19)),
        })));
        for (member, present) in team {
            b.out.meeting_members.push(row(json!({
                "meeting_id": id, "member_id": member, "present": i64::from(*present),
            })));
        }
        self.note(
            b,
            at(on, 19),
            format!(
                "Alliance éducative {} : réunion de suivi du {}",
                crate::text::de(&self.name()),
                fr(on)
            ),
        );
    }
}

/// Students who may be in an alliance: this year's, not already in a demo path.
fn candidates<'a>(students: &'a [ExportStudent], taken: &[i64]) -> Vec<&'a ExportStudent> {
    students
        .iter()
        .filter(|s| !s.archived && !taken.contains(&s.id))
        .collect()
}

/// Builds the four alliances as of `today`; an open alliance proposal of the GPDS (one is added
/// when the history holds none) is taken by the proposed one. `taken`: students already in a
/// demo path, left out.
pub(super) fn generate(
    rng: &mut Rng,
    students: &[ExportStudent],
    staff: &[ExportStaff],
    gpds: &mut GpdsExport,
    mut taken: Vec<i64>,
    today: NaiveDate,
) -> (AllianceExport, Vec<(NaiveDateTime, JournalEntry)>) {
    let mut b = Build {
        out: AllianceExport::default(),
        journal: Vec::new(),
        staff,
    };
    let pick = |rng: &mut Rng, taken: &mut Vec<i64>| {
        let list = candidates(students, taken);
        let s = (!list.is_empty()).then(|| list[rng.below(list.len())]);
        if let Some(s) = s {
            taken.push(s.id);
        }
        s
    };
    let teacher = |rng: &mut Rng| *TEACHERS.start() + rng.below(TEACHERS.clone().count()) as i64;
    // The GPDS proposal first, so that its student is not drawn for another alliance.
    let open = gpds.proposals.iter_mut().find(|r| {
        r.get("kind").and_then(Value::as_str) == Some("alliance")
            && r.get("status").and_then(Value::as_str) == Some("open")
            && r.get("student_id")
                .and_then(Value::as_i64)
                .and_then(|id| students.iter().find(|s| s.id == id))
                .is_some_and(|s| !s.archived && !taken.contains(&s.id))
    });
    let proposal = match open {
        Some(r) => {
            r.insert("status".into(), json!("taken"));
            let on = r
                .get("proposed_on")
                .and_then(Value::as_str)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .unwrap_or(today)
                .min(today);
            r.get("student_id")
                .and_then(Value::as_i64)
                .and_then(|id| students.iter().find(|s| s.id == id))
                .map(|s| (r.get("id").and_then(Value::as_i64).unwrap_or(0), s, on))
        }
        None => pick(rng, &mut taken).map(|s| {
            let id = gpds.proposals.len() as i64 + 1;
            let on = today - Duration::days(6);
            gpds.proposals.push(row(json!({
                "id": id, "student_id": s.id, "kind": "alliance", "action_id": null,
                "proposed_on": day(on), "status": "taken",
            })));
            (id, s, on)
        }),
    };
    if let Some((_, s, _)) = proposal {
        taken.push(s.id);
    }

    // 1. Externe, under way for four weeks.
    let proposed = today - Duration::days(56);
    let (diagnosed, formalised, running) = (
        proposed + Duration::days(7),
        proposed + Duration::days(21),
        proposed + Duration::days(28),
    );
    if let Some(s) = pick(rng, &mut taken) {
        let a = Frame {
            id: 1,
            s,
            proposal: None,
            kind: "externe",
            proposed,
            steps: vec![
                ("diagnosis", diagnosed),
                ("proposal", formalised),
                ("running", running),
            ],
            rhythm: "toutes les six semaines",
            family: ("signed", Some(running - Duration::days(2)), ""),
            evaluation: None,
        };
        a.write(&mut b);
        let joined = proposed + Duration::days(3);
        let cpe = a.member(
            &mut b,
            Some(CPE),
            None,
            "suivi et lien avec la famille",
            true,
            Some((diagnosed, "paper")),
            joined,
        );
        let nurse = a.member(
            &mut b,
            Some(NURSE),
            None,
            "santé",
            false,
            Some((diagnosed, "paper")),
            joined,
        );
        let pp = a.member(
            &mut b,
            Some(teacher(rng)),
            None,
            "suivi scolaire",
            false,
            None,
            joined,
        );
        let mda = a.member(
            &mut b,
            None,
            Some((MDA, "Élodie Berthier", "psychologue")),
            "écoute et accompagnement",
            false,
            Some((diagnosed + Duration::days(2), "screen")),
            joined,
        );
        let street = a.member(
            &mut b,
            None,
            Some((
                STREET,
                "Camille Roux",
                "éducatrice de prévention spécialisée",
            )),
            "accompagnement hors de l'école",
            false,
            None,
            joined,
        );
        a.formalise(&mut b, MDA, "convention", diagnosed + Duration::days(2), "");
        a.formalise(
            &mut b,
            STREET,
            "informal",
            diagnosed + Duration::days(2),
            "L'éducatrice de rue ne signe rien pour garder la confiance du jeune ; elle vient aux réunions et ne reçoit que ce que la famille autorise.",
        );
        a.diagnosis(
            &mut b,
            "scolarite",
            "strength",
            "À l'aise à l'oral et dans les travaux de groupe ; bons résultats en atelier.",
            diagnosed,
            cpe,
            false,
        );
        a.diagnosis(
            &mut b,
            "vie_scolaire",
            "difficulty",
            "Absences répétées le lundi et retards fréquents depuis la rentrée.",
            diagnosed,
            cpe,
            false,
        );
        a.diagnosis(
            &mut b,
            "sante",
            "difficulty",
            "Troubles du sommeil importants ; un suivi médical est en place (réservé : ne pas diffuser).",
            diagnosed + Duration::days(1),
            nurse,
            true,
        );
        a.diagnosis(
            &mut b,
            "famille_social",
            "strength",
            "Investissement dans le club de football du quartier, où l'élève encadre les plus jeunes.",
            diagnosed + Duration::days(4),
            street,
            false,
        );
        a.response(
            &mut b,
            "sante",
            "Rencontres avec la psychologue de la Maison des adolescents",
            mda,
            (running, None),
            "tous les quinze jours",
            "running",
            "",
        );
        a.response(
            &mut b,
            "remediation",
            "Tutorat en français écrit, une heure par semaine",
            pp,
            (running, Some(running + Duration::days(70))),
            "chaque jeudi",
            "running",
            "",
        );
        let held = today - Duration::days(7);
        a.meeting(
            &mut b,
            held,
            &[
                (cpe, true),
                (nurse, true),
                (pp, true),
                (mda, true),
                (street, false),
            ],
            "Premier point depuis le début de l'alliance. Les retards du lundi diminuent ; les rendez-vous à la Maison des adolescents ont lieu.",
            &[
                "Le tutorat est maintenu le jeudi jusqu'aux vacances.",
                "La référente rencontre la famille avant la prochaine réunion.",
            ],
        );
        b.out.shares.push(row(json!({
            "id": 1, "alliance_id": a.id, "shared_on": day(held), "member_id": mda,
            "information": "Absences du lundi depuis la rentrée et horaires de l'emploi du temps.",
            "purpose": "Fixer les rendez-vous hors des heures de cours.",
            "family_informed": 1, "charte_unsigned": 0, "created_at": stamp(at(held, 19)),
        })));
        a.note(
            &mut b,
            at(held, 19),
            format!(
                "Alliance éducative {} : information partagée avec Élodie Berthier (Maison des adolescents de l'Exemple) le {}",
                crate::text::de(&a.name()),
                fr(held)
            ),
        );
    }

    // 2. Interne: the family refused to sign; the alliance goes on.
    let proposed = today - Duration::days(40);
    let (diagnosed, formalised, running) = (
        proposed + Duration::days(5),
        proposed + Duration::days(15),
        proposed + Duration::days(22),
    );
    if let Some(s) = pick(rng, &mut taken) {
        let a = Frame {
            id: 2,
            s,
            proposal: None,
            kind: "interne",
            proposed,
            steps: vec![
                ("diagnosis", diagnosed),
                ("proposal", formalised),
                ("running", running),
            ],
            rhythm: "une fois par mois",
            family: (
                "refused",
                Some(formalised + Duration::days(3)),
                "« On s'occupe de ses affaires nous-mêmes, on ne signe pas de papiers. Mais vous pouvez continuer à l'aider au lycée. »",
            ),
            evaluation: None,
        };
        a.write(&mut b);
        let joined = proposed + Duration::days(2);
        let cpe = a.member(
            &mut b,
            Some(CPE_2),
            None,
            "suivi et lien avec la famille",
            true,
            Some((diagnosed, "paper")),
            joined,
        );
        let psy = a.member(
            &mut b,
            Some(PSY_EN),
            None,
            "entretiens d'orientation",
            false,
            Some((diagnosed, "paper")),
            joined,
        );
        let pp = a.member(
            &mut b,
            Some(teacher(rng)),
            None,
            "suivi scolaire",
            false,
            None,
            joined,
        );
        a.diagnosis(
            &mut b,
            "orientation",
            "difficulty",
            "Ne se voit pas dans sa filière ; parle d'arrêter à la fin de l'année.",
            diagnosed,
            psy,
            false,
        );
        a.diagnosis(
            &mut b,
            "scolarite",
            "strength",
            "Résultats corrects en mathématiques, malgré les absences.",
            diagnosed,
            pp,
            false,
        );
        a.response(
            &mut b,
            "temps_scolaire",
            "Emploi du temps allégé le mercredi matin pour des entretiens d'orientation",
            psy,
            (running, Some(running + Duration::days(42))),
            "chaque mercredi",
            "running",
            "",
        );
        a.response(
            &mut b,
            "coeducation",
            "Appel de la famille par la CPE après chaque absence",
            cpe,
            (running, None),
            "",
            "running",
            "",
        );
    }

    // 3. Closed a month ago with its shared evaluation.
    let proposed = today - Duration::days(180);
    let (diagnosed, formalised, running, evaluated, closed) = (
        proposed + Duration::days(8),
        proposed + Duration::days(20),
        proposed + Duration::days(27),
        today - Duration::days(33),
        today - Duration::days(30),
    );
    if let Some(s) = pick(rng, &mut taken) {
        let a = Frame {
            id: 3,
            s,
            proposal: None,
            kind: "externe",
            proposed,
            steps: vec![
                ("diagnosis", diagnosed),
                ("proposal", formalised),
                ("running", running),
                ("closed", closed),
            ],
            rhythm: "toutes les six semaines",
            family: ("signed", Some(running - Duration::days(1)), ""),
            evaluation: Some((
                evaluated,
                "in_school",
                "Assiduité retrouvée depuis deux mois ; passage en classe supérieure envisagé.",
                "Le tutorat hors du lycée a redonné confiance ; les appels réguliers à la famille ont compté. Le rythme des réunions était trop espacé au début.",
            )),
        };
        a.write(&mut b);
        let joined = proposed + Duration::days(4);
        let pp = a.member(
            &mut b,
            Some(teacher(rng)),
            None,
            "suivi scolaire et lien avec la famille",
            true,
            Some((diagnosed, "paper")),
            joined,
        );
        let tutor = a.member(
            &mut b,
            None,
            Some((TUTORING, "Hugo Petit", "responsable du tutorat")),
            "tutorat",
            false,
            Some((diagnosed, "paper")),
            joined,
        );
        a.formalise(&mut b, TUTORING, "convention", diagnosed, "");
        a.diagnosis(
            &mut b,
            "scolarite",
            "difficulty",
            "Grandes difficultés en français écrit ; décrochage en classe.",
            diagnosed,
            pp,
            false,
        );
        a.response(
            &mut b,
            "remediation",
            "Tutorat en français à l'association, deux fois par semaine",
            tutor,
            (running, Some(evaluated)),
            "mardi et jeudi",
            "done",
            "Moyenne de français passée de 6 à 11 ; l'association poursuit le tutorat hors alliance.",
        );
        a.meeting(
            &mut b,
            running + Duration::days(42),
            &[(pp, true), (tutor, true)],
            "Progrès nets en français ; assiduité retrouvée.",
            &["Le tutorat continue jusqu'à l'évaluation."],
        );
    }

    // 4. Proposed by the GPDS: the team is to be formed.
    if let Some((pid, s, on)) = proposal {
        let a = Frame {
            id: 4,
            s,
            proposal: Some(pid),
            kind: "externe",
            proposed: on,
            steps: Vec::new(),
            rhythm: "",
            family: ("pending", None, ""),
            evaluation: None,
        };
        a.write(&mut b);
    }
    (b.out, b.journal)
}
