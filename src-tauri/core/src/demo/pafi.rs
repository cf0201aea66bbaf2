//! The demo school's PAFI, one in each situation a newcomer should see: a path under way
//! (its contract and its host's convention signed on paper, a schedule, a tutor's note, an
//! intermediate bilan due), one finished with its final bilan (back to class, skills), one
//! proposed from a GPDS proposal, one waiting for its validation for more than two weeks.
//!
//! Rows are built as the export carries them, around `today`, and obey the rules: students of
//! 15 to 17 on the first day, paths of five or six weeks, dates of changes never in the future,
//! the activities and the schedule within the path. Their documents are made afterwards
//! through the real engine ([`super::add_documents`]).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use serde_json::{json, Map, Value};

use super::{at, Rng};
use crate::casefile::{Change, JournalEntry};
use crate::export::{ExportStudent, PafiExport};
use crate::gpds::GpdsExport;
use crate::registry::{Coded, Track};
use crate::school_year::{age_on, french_date as fr, SchoolYear};

/// Staff ids of the demo (see `demo_staff`): teachers who tutor, the MLDS coordinator.
const TUTORS: std::ops::RangeInclusive<i64> = 12..=33;
const MLDS: &str = "Yannick Fabre, coordonnateur de la MLDS";
/// Partner ids of the demo (see `demo_partners`).
const ASSOCIATION: i64 = 9;
const BAKERY: i64 = 11;
const GARAGE: i64 = 12;

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

/// The Monday on or after `d`.
fn monday_from(d: NaiveDate) -> NaiveDate {
    d + Duration::days(i64::from((7 - d.weekday().num_days_from_monday()) % 7))
}

/// What the generator is building.
struct Build {
    out: PafiExport,
    journal: Vec<(NaiveDateTime, JournalEntry)>,
    period_id: i64,
    activity_id: i64,
}

impl Build {
    fn note(&mut self, when: NaiveDateTime, pafi: i64, student: i64, summary: String) {
        self.journal.push((
            when,
            JournalEntry {
                id: 0,
                at: when,
                author: "Karim Benhamou".into(),
                entity: "pafi".into(),
                entity_id: Some(pafi),
                student_id: Some(student),
                summary,
                changes: Vec::<Change>::new(),
            },
        ));
    }
}

/// A path's frame, before its rows are written.
struct Path<'a> {
    id: i64,
    s: &'a ExportStudent,
    proposal: Option<i64>,
    proposed: NaiveDate,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    tutor: Option<i64>,
    objectives: &'static [&'static str],
    text: &'static str,
    /// Each later state and its date.
    steps: Vec<(&'static str, NaiveDate, String)>,
}

impl Path<'_> {
    fn name(&self) -> String {
        format!("{} {}", self.s.fields.first_name, self.s.fields.last_name)
    }

    fn write(&self, b: &mut Build) {
        let name = self.name();
        let (state, state_on) = self
            .steps
            .last()
            .map_or(("proposed", self.proposed), |(s, on, _)| (*s, *on));
        let requested = self
            .steps
            .iter()
            .find(|(s, _, _)| *s == "awaiting_validation")
            .map(|(_, on, _)| day(*on));
        let validated = self.steps.iter().find(|(s, _, _)| *s == "validated");
        b.out.paths.push(row(json!({
            "id": self.id, "student_id": self.s.id, "proposal_id": self.proposal,
            "state": state, "state_on": day(state_on), "proposed_on": day(self.proposed),
            "class_name": self.s.fields.class_name,
            "track": self.s.fields.track.map(|t| t.code()),
            "start_on": self.start.map(day), "end_on": self.end.map(day),
            "tutor_id": self.tutor, "mlds_coordinator": if self.tutor.is_some() { MLDS } else { "" },
            "objectives": serde_json::to_string(self.objectives).unwrap_or_default(),
            "objectives_text": self.text,
            "diagnosis_on": self.proposal.map_or(Value::Null, |_| json!(day(self.proposed))),
            "bilan_due_on": self.end.map(|e| day(e - Duration::days(1))),
            "return_on": self.end.map(|e| day(e + Duration::days(3))),
            "return_terms": if self.end.is_some() {
                "Un point hebdomadaire avec le tuteur est maintenu pendant les trois semaines qui suivent le retour."
            } else { "" },
            "family_signs": 0,
            "validation_requested_on": requested,
            "validation_authority": validated.map(|_| "dasen"),
            "validated_on": validated.map(|(_, on, _)| day(*on)),
            "validation_ref": validated.map_or("", |(_, _, note)| note.as_str()),
            "interrupted_on": null, "interruption_reason": "",
            "created_at": stamp(at(self.proposed, 10)), "updated_at": stamp(at(state_on, 17)),
        })));
        let mut from: Option<&str> = None;
        let first = (
            "proposed",
            self.proposed,
            if self.proposal.is_some() {
                "Proposé par le GPDS".to_owned()
            } else {
                String::new()
            },
        );
        for (to, on, note) in std::iter::once(&first).chain(&self.steps) {
            let id = b.out.transitions.len() as i64 + 1;
            b.out.transitions.push(row(json!({
                "id": id, "pafi_id": self.id, "from_state": from, "to_state": to,
                "on_date": day(*on), "note": note, "at": stamp(at(*on, 11)),
            })));
            let summary = match *to {
                "proposed" => format!("PAFI proposé pour {name}"),
                "preparing" => format!("PAFI de {name} en préparation"),
                "awaiting_validation" => {
                    format!("PAFI de {name} transmis pour validation le {}", fr(*on))
                }
                "validated" => format!("PAFI de {name} validé le {} (DASEN (DSDEN))", fr(*on)),
                "running" => format!("Début du PAFI de {name} le {}", fr(*on)),
                _ => format!("PAFI de {name} terminé le {}", fr(*on)),
            };
            b.note(at(*on, 11), self.id, self.s.id, summary);
            from = Some(to);
        }
    }

    /// An activity; returns its id.
    #[allow(clippy::too_many_arguments)]
    fn activity(
        &self,
        b: &mut Build,
        kind: &str,
        title: &str,
        host: Option<(i64, &str, &str, &str, &str)>,
        start: NaiveDate,
        end: NaiveDate,
        hours: f64,
        tasks: &[&str],
        realisation: &str,
    ) -> i64 {
        b.activity_id += 1;
        let (partner, rep, rep_role, tutor, tutor_role) = host.unwrap_or((0, "", "", "", ""));
        b.out.activities.push(row(json!({
            "id": b.activity_id, "pafi_id": self.id, "kind": kind, "title": title,
            "partner_id": host.map(|_| partner), "host_representative": rep,
            "host_representative_role": rep_role, "host_tutor": tutor, "host_tutor_role": tutor_role,
            "host_tutor_phone": if host.is_some() { "05 99 40 41 42" } else { "" },
            "start_on": day(start), "end_on": day(end), "hours_per_week": hours, "address": "",
            "tasks": serde_json::to_string(tasks).unwrap_or_default(), "realisation": realisation,
        })));
        b.activity_id
    }

    /// One period over the whole path: class on Monday and Friday, `internship` on Tuesday and
    /// Thursday morning, `module` (if any) on Wednesday morning.
    fn schedule(&self, b: &mut Build, internship: i64, module: Option<i64>) {
        let (Some(start), Some(end)) = (self.start, self.end) else {
            return;
        };
        b.period_id += 1;
        let period = b.period_id;
        b.out.periods.push(row(json!({
            "id": period, "pafi_id": self.id, "position": 0, "label": "Période 1",
            "start_on": day(start), "end_on": day(end),
        })));
        let class = &self.s.fields.class_name;
        let mut slots: Vec<(u8, u8, Option<i64>)> = vec![
            (0, 0, None),
            (0, 1, None),
            (1, 0, Some(internship)),
            (1, 1, Some(internship)),
            (3, 0, Some(internship)),
            (3, 1, None),
            (4, 0, None),
            (4, 1, None),
        ];
        if let Some(m) = module {
            slots.push((2, 0, Some(m)));
        }
        slots.sort_unstable();
        for (d, half, activity) in slots {
            b.out.slots.push(row(json!({
                "period_id": period, "day": d, "half": half,
                "kind": if activity.is_some() { "activity" } else { "school" },
                "activity_id": activity,
                "label": if activity.is_some() { "" } else { class.as_str() },
            })));
        }
    }

    fn checkpoint(
        &self,
        b: &mut Build,
        due: NaiveDate,
        subject: &str,
        held: Option<(NaiveDate, &str)>,
    ) {
        let id = b.out.checkpoints.len() as i64 + 1;
        b.out.checkpoints.push(row(json!({
            "id": id, "pafi_id": self.id, "due_on": day(due), "subject": subject,
            "held_on": held.map(|(h, _)| day(h)), "summary": held.map_or("", |(_, s)| s),
        })));
        if let Some((h, _)) = held {
            b.note(
                at(h, 16),
                self.id,
                self.s.id,
                format!(
                    "PAFI de {} : bilan intermédiaire tenu le {}",
                    self.name(),
                    fr(h)
                ),
            );
        }
    }
}

/// Students who may start a path on `on`: in a vocational class this year, 15 to 17 then.
fn candidates(students: &[ExportStudent], on: NaiveDate) -> Vec<&ExportStudent> {
    students
        .iter()
        .filter(|s| {
            !s.archived
                && matches!(s.fields.track, Some(Track::BacPro | Track::Cap))
                && (15..=17).contains(&age_on(s.fields.birth_date, on))
        })
        .collect()
}

/// Builds the four paths as of `today`; an open PAFI proposal of the GPDS (one is added when
/// the history holds none) is taken by the proposed path.
pub(super) fn generate(
    rng: &mut Rng,
    students: &[ExportStudent],
    gpds: &mut GpdsExport,
    today: NaiveDate,
) -> (PafiExport, Vec<(NaiveDateTime, JournalEntry)>) {
    let mut b = Build {
        out: PafiExport::default(),
        journal: Vec::new(),
        period_id: 0,
        activity_id: 0,
    };
    let mut taken: Vec<i64> = Vec::new();
    let reference = |n: u32| format!("DSDEN-PAFI-{}-{n:03}", SchoolYear::containing(today).0);
    let pick = |rng: &mut Rng, on: NaiveDate, taken: &mut Vec<i64>| {
        let list: Vec<_> = candidates(students, on)
            .into_iter()
            .filter(|s| !taken.contains(&s.id))
            .collect();
        let s = (!list.is_empty()).then(|| list[rng.below(list.len())]);
        if let Some(s) = s {
            taken.push(s.id);
        }
        s
    };
    let tutor = |rng: &mut Rng| *TUTORS.start() + rng.below(TUTORS.clone().count()) as i64;

    // 1. Under way since about three weeks: its second intermediate bilan is due.
    let start = monday_from(today - Duration::days(24));
    let end = start + Duration::days(39);
    if let Some(s) = pick(rng, start, &mut taken) {
        let p = Path {
            id: 1,
            s,
            proposal: None,
            proposed: start - Duration::days(35),
            start: Some(start),
            end: Some(end),
            tutor: Some(tutor(rng)),
            objectives: &["assiduite", "decouverte_metiers", "retour"],
            text:
                "Vérifier l'intérêt pour les métiers de la vente avant de confirmer l'orientation.",
            steps: vec![
                ("preparing", start - Duration::days(30), String::new()),
                (
                    "awaiting_validation",
                    start - Duration::days(25),
                    String::new(),
                ),
                ("validated", start - Duration::days(7), reference(17)),
                ("running", start, String::new()),
            ],
        };
        p.write(&mut b);
        let internship = p.activity(
            &mut b,
            "stage_entreprise",
            "Stage en boulangerie : vente et accueil",
            Some((
                BAKERY,
                "Jacques Fournier",
                "artisan boulanger",
                "Martine Fournier",
                "vendeuse",
            )),
            start + Duration::days(1),
            end - Duration::days(1),
            11.0,
            &[
                "accueil de la clientèle et vente au comptoir, avec une vendeuse",
                "mise en place de la vitrine",
                "entretien de l'espace de vente",
            ],
            "",
        );
        let module = p.activity(
            &mut b,
            "module_mlds",
            "Module de remobilisation de la MLDS",
            None,
            start + Duration::days(2),
            end - Duration::days(2),
            3.0,
            &[],
            "",
        );
        p.schedule(&mut b, internship, Some(module));
        p.checkpoint(
            &mut b,
            start + Duration::days(11),
            "Premier point avec l'élève et la tutrice d'accueil",
            Some((
                start + Duration::days(11),
                "Ponctuel au stage ; absences du lundi en baisse.",
            )),
        );
        p.checkpoint(
            &mut b,
            start + Duration::days(18),
            "Point intermédiaire avec la famille",
            None,
        );
        p.checkpoint(
            &mut b,
            start + Duration::days(32),
            "Préparation du retour en classe",
            None,
        );
        let written = start + Duration::days(8);
        let author = p.tutor.unwrap_or(*TUTORS.start());
        b.out.notes.push(row(json!({
            "id": 1, "pafi_id": p.id, "written_on": day(written), "author_id": author,
            "text": "Premier jeudi au Fournil : arrivé à l'heure, la tutrice d'accueil le trouve attentif. À l'aise avec les clients, moins avec la caisse.",
            "created_at": stamp(at(written, 17)),
        })));
        b.note(
            at(written, 17),
            p.id,
            s.id,
            format!("PAFI de {} : note de suivi du {}", p.name(), fr(written)),
        );
    }

    // 2. Finished about a month ago: back in class, with the skills it brought.
    let start = monday_from(today - Duration::days(63));
    let end = start + Duration::days(32);
    if let Some(s) = pick(rng, start, &mut taken) {
        let p = Path {
            id: 2,
            s,
            proposal: None,
            proposed: start - Duration::days(14),
            start: Some(start),
            end: Some(end),
            tutor: Some(tutor(rng)),
            objectives: &["remobilisation", "confiance", "retour"],
            text: "",
            steps: vec![
                ("preparing", start - Duration::days(12), String::new()),
                (
                    "awaiting_validation",
                    start - Duration::days(10),
                    String::new(),
                ),
                ("validated", start - Duration::days(3), reference(9)),
                ("running", start, String::new()),
                ("finished", end, String::new()),
            ],
        };
        p.write(&mut b);
        let internship = p.activity(
            &mut b,
            "stage_entreprise",
            "Stage en atelier de mécanique automobile",
            Some((
                GARAGE,
                "Sylvain Martin",
                "gérant",
                "Sylvain Martin",
                "gérant",
            )),
            start + Duration::days(1),
            end - Duration::days(1),
            11.0,
            &[
                "accueil des clients à l'atelier",
                "rangement et entretien de l'outillage",
                "aide au changement des pneumatiques, sous la conduite d'un mécanicien",
            ],
            "Réalisé en totalité ; l'atelier propose de l'accueillir de nouveau.",
        );
        p.schedule(&mut b, internship, None);
        p.checkpoint(
            &mut b,
            start + Duration::days(11),
            "Point avec l'élève et le tuteur d'accueil",
            Some((
                start + Duration::days(11),
                "Intégration réussie à l'atelier ; assiduité retrouvée en classe.",
            )),
        );
        b.out.bilans.push(row(json!({
            "pafi_id": p.id, "held_on": day(end),
            "participants": serde_json::to_string(&[
                format!("{}, élève", p.name()),
                "Sylvain Martin, tuteur d'accueil".to_owned(),
                "Karim Benhamou, référent décrochage scolaire".to_owned(),
            ]).unwrap_or_default(),
            "planned_half_days": 50, "absent_half_days": 2, "justified_half_days": 2, "lates": 1,
            "attendance_comment": "Aucune absence non justifiée pendant le parcours.",
            "student_view": "« À l'atelier j'ai compris pourquoi les maths servent. Je veux finir mon année. »",
            "family_view": "La famille constate un élève plus serein et souhaite le retour en classe.",
            "outcome": "retour_classe", "outcome_on": day(end + Duration::days(3)),
            "outcome_details": format!("en {}", s.fields.class_name),
            "recommendations": serde_json::to_string(&[
                "Maintenir un point hebdomadaire avec le tuteur pendant trois semaines.",
                "Faire le point à la prochaine séance du GPDS.",
            ]).unwrap_or_default(),
        })));
        for (i, (skill, level, evidence, obs)) in [
            (
                "Respecter des horaires et des consignes",
                "acquise",
                "hors_scolaire",
                "",
            ),
            (
                "Accueillir un client et répondre à sa demande",
                "acquise",
                "hors_scolaire",
                "De plus en plus à l'aise, selon le tuteur d'accueil.",
            ),
            ("Travailler en équipe", "en_cours", "hors_scolaire", ""),
            (
                "Rédiger un compte rendu d'activité",
                "non_acquise",
                "scolaire",
                "À reprendre avec le professeur de français.",
            ),
        ]
        .into_iter()
        .enumerate()
        {
            let id = b.out.skills.len() as i64 + 1;
            b.out.skills.push(row(json!({
                "id": id, "pafi_id": p.id, "position": i, "skill": skill, "level": level,
                "evidence": evidence, "observations": obs, "validated": 1,
            })));
        }
        b.note(
            at(end, 16),
            p.id,
            s.id,
            format!(
                "PAFI de {} : bilan final saisi (retour en classe ordinaire)",
                p.name()
            ),
        );
    }

    // 3. Proposed by the GPDS: an open proposal is taken.
    let open = gpds.proposals.iter_mut().find(|r| {
        r.get("kind").and_then(Value::as_str) == Some("pafi")
            && r.get("status").and_then(Value::as_str) == Some("open")
            && r.get("student_id")
                .and_then(Value::as_i64)
                .and_then(|id| students.iter().find(|s| s.id == id))
                .is_some_and(|s| {
                    !s.archived
                        && !taken.contains(&s.id)
                        && age_on(s.fields.birth_date, today) >= 15
                })
    });
    let proposal = match open {
        Some(r) => {
            r.insert("status".into(), json!("taken"));
            let on = r
                .get("proposed_on")
                .and_then(Value::as_str)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .unwrap_or(today);
            r.get("student_id")
                .and_then(Value::as_i64)
                .and_then(|id| students.iter().find(|s| s.id == id))
                .map(|s| (r.get("id").and_then(Value::as_i64).unwrap_or(0), s, on))
        }
        None => pick(rng, today, &mut taken).map(|s| {
            let id = gpds.proposals.len() as i64 + 1;
            let on = today - Duration::days(5);
            gpds.proposals.push(row(json!({
                "id": id, "student_id": s.id, "kind": "pafi", "action_id": null,
                "proposed_on": day(on), "status": "taken",
            })));
            (id, s, on)
        }),
    };
    if let Some((pid, s, on)) = proposal {
        taken.push(s.id);
        let p = Path {
            id: 3,
            s,
            proposal: Some(pid),
            proposed: on,
            start: None,
            end: None,
            tutor: None,
            objectives: &["remobilisation", "projet"],
            text: "",
            steps: Vec::new(),
        };
        p.write(&mut b);
    }

    // 4. Sent for validation three weeks ago, still waiting: to chase up.
    let start = monday_from(today + Duration::days(14));
    let end = start + Duration::days(25);
    if let Some(s) = pick(rng, start, &mut taken) {
        let p = Path {
            id: 4,
            s,
            proposal: None,
            proposed: today - Duration::days(40),
            start: Some(start),
            end: Some(end),
            tutor: Some(tutor(rng)),
            objectives: &["projet", "decouverte_metiers"],
            text: "Découvrir l'animation auprès d'enfants avant de choisir une réorientation.",
            steps: vec![
                ("preparing", today - Duration::days(35), String::new()),
                (
                    "awaiting_validation",
                    today - Duration::days(20),
                    String::new(),
                ),
            ],
        };
        p.write(&mut b);
        let internship = p.activity(
            &mut b,
            "stage_association",
            "Découverte de l'animation en accueil de loisirs",
            Some((
                ASSOCIATION,
                "Camille Roux",
                "présidente",
                "Camille Roux",
                "éducatrice de prévention spécialisée",
            )),
            start + Duration::days(1),
            end - Duration::days(1),
            11.0,
            &[
                "préparation des activités",
                "encadrement d'un atelier, avec une animatrice",
            ],
            "",
        );
        p.schedule(&mut b, internship, None);
    }
    (b.out, b.journal)
}
