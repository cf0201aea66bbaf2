//! The demo school's GPDS history: every school year, meetings about every three weeks, about
//! one student in eight flagged, most of them followed for a few meetings with actions whose
//! outcome depends on the date. Rows are built as the export carries them, so the demo loads
//! through the same import as any export and obeys the same rules (a person in charge for every
//! follow-up, next reviews after their meeting, at most 20 hours of mesure).

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use serde_json::{json, Map, Value};

use super::{at, Rng};
use crate::casefile::{Change, JournalEntry};
use crate::export::ExportStudent;
use crate::gpds::{ActionKind, GpdsExport};
use crate::registry::Coded;
use crate::school_year::{age_on, french_date as fr, SchoolYear};

/// Staff ids of the demo (see `demo_staff`).
const REFERENT: i64 = 3;
const CPE: [i64; 2] = [4, 5];
const PSY_EN: i64 = 6;
const MEMBERS: [i64; 7] = [1, 3, 4, 6, 7, 8, 10];
/// Professeurs principaux.
const PP: std::ops::RangeInclusive<i64> = 12..=27;

/// A professeur principal at random.
fn pp(rng: &mut Rng) -> i64 {
    *PP.start() + rng.below(PP.count()) as i64
}

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

struct Pupil<'a> {
    s: &'a ExportStudent,
    name: String,
}

impl Pupil<'_> {
    fn active_on(&self, d: NaiveDate) -> bool {
        self.s.fields.entry_date.is_none_or(|e| e <= d)
            && self.s.fields.exit_date.is_none_or(|x| x >= d)
    }
}

/// What the generator is building.
struct Build {
    out: GpdsExport,
    journal: Vec<(NaiveDateTime, JournalEntry)>,
    review_id: i64,
    action_id: i64,
}

impl Build {
    fn note(
        &mut self,
        when: NaiveDateTime,
        entity: &str,
        id: i64,
        student: Option<i64>,
        summary: String,
    ) {
        self.journal.push((
            when,
            JournalEntry {
                id: 0,
                at: when,
                author: "Karim Benhamou".into(),
                entity: entity.into(),
                entity_id: Some(id),
                student_id: student,
                summary,
                changes: Vec::<Change>::new(),
            },
        ));
    }
}

struct Held {
    id: i64,
    date: NaiveDate,
    next_position: i64,
}

const RESULTS: &[&str] = &[
    "Famille reçue, engagement sur l'assiduité.",
    "Séances tenues, l'élève s'y rend.",
    "Projet d'orientation clarifié.",
    "Contact pris, premier rendez-vous fixé.",
    "Mise en place effective.",
];

const SITUATIONS: &[&str] = &[
    "Absences répétées le lundi, retards fréquents.",
    "Résultats en forte baisse depuis le conseil de classe.",
    "Repli sur soi, ne participe plus en classe.",
    "Tensions familiales évoquées par l'élève.",
    "Exclusions de cours répétées en atelier.",
];

/// Builds the GPDS history from `first` to `today`; returns the rows and their journal entries.
pub(super) fn generate(
    rng: &mut Rng,
    students: &[ExportStudent],
    partners: i64,
    first: SchoolYear,
    today: NaiveDate,
) -> (GpdsExport, Vec<(NaiveDateTime, JournalEntry)>) {
    let pupils: Vec<Pupil<'_>> = students
        .iter()
        .map(|s| Pupil {
            s,
            name: format!("{} {}", s.fields.first_name, s.fields.last_name),
        })
        .collect();
    let mut b = Build {
        out: GpdsExport::default(),
        journal: Vec::new(),
        review_id: 0,
        action_id: 0,
    };
    let current = SchoolYear::containing(today);
    let mut meeting_id = 0;
    let mut flag_id = 0;
    for year in first.0..=current.0 {
        let sy = SchoolYear(year);
        // Meetings: a Tuesday about every three weeks from late September to late June.
        let mut d = sy.first_day() + Duration::days(20);
        while d.weekday() != Weekday::Tue {
            d += Duration::days(1);
        }
        let mut held: Vec<Held> = Vec::new();
        let end = NaiveDate::from_ymd_opt(year + 1, 6, 25).unwrap_or(sy.last_day());
        while d <= end {
            meeting_id += 1;
            let past = d < today;
            let members: Vec<i64> = MEMBERS
                .iter()
                .copied()
                .chain([pp(rng), pp(rng)])
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            b.out.meetings.push(row(json!({
                "id": meeting_id, "date": day(d), "time": "14:00", "place": "Salle de réunion B12",
                "status": if past { "held" } else { "planned" }, "cancel_reason": null,
                "opened_at": if past { json!(stamp(at(d, 14))) } else { Value::Null },
                "held_at": if past { json!(stamp(at(d, 16))) } else { Value::Null },
                "minutes_version": i64::from(past),
            })));
            for m in members {
                let attended = if past {
                    json!(i64::from(!rng.chance(10)))
                } else {
                    Value::Null
                };
                b.out.meeting_members.push(row(json!({
                    "meeting_id": meeting_id, "staff_id": m, "attended": attended,
                })));
            }
            if !past {
                break; // one planned meeting ahead; the agenda of a planned meeting is computed
            }
            b.note(
                at(d, 16),
                "meeting",
                meeting_id,
                None,
                format!("Séance GPDS du {} close", fr(d)),
            );
            held.push(Held {
                id: meeting_id,
                date: d,
                next_position: 1,
            });
            d += Duration::days(21);
        }
        // Flags between late September and the end of May, on students present that day; in
        // the current year only the days already past.
        let from = sy.first_day() + Duration::days(20);
        let to = NaiveDate::from_ymd_opt(year + 1, 5, 31).unwrap_or(sy.last_day());
        let span = (to - from).num_days().max(1) as usize;
        for p in &pupils {
            if !rng.chance(12) {
                continue;
            }
            let on = from + Duration::days(rng.below(span + 1) as i64);
            if on >= today || !p.active_on(on) {
                continue;
            }
            flag_id += 1;
            follow(
                &mut b,
                rng,
                p,
                flag_id,
                on,
                &mut held,
                partners,
                today,
                year == current.0,
            );
        }
    }
    (b.out, b.journal)
}

/// One flagged student's path through the GPDS.
#[allow(clippy::too_many_arguments)]
fn follow(
    b: &mut Build,
    rng: &mut Rng,
    p: &Pupil<'_>,
    flag_id: i64,
    on: NaiveDate,
    held: &mut [Held],
    partners: i64,
    today: NaiveDate,
    this_year: bool,
) {
    let student = p.s.id;
    let pp = pp(rng);
    let raised_by = *rng.pick(&[CPE[0], CPE[1], REFERENT, 7, pp]);
    let mut signals = Vec::new();
    let absences = rng.chance(60);
    if absences {
        let n = 6 + rng.below(30) as u32;
        signals.push(json!({"kind": "absences", "amount": n, "unjustified": n / 2 + rng.below(n as usize / 2 + 1) as u32 / 2, "detail": ""}));
    }
    let exclusions = rng.chance(15);
    for (kind, chance) in [
        ("resultats", 45),
        ("comportement", 25),
        ("retrait", 20),
        ("famille", 10),
        ("sante", 8),
    ] {
        if rng.chance(chance) {
            signals.push(json!({"kind": kind, "amount": null, "unjustified": null, "detail": ""}));
        }
    }
    if exclusions {
        signals.push(json!({"kind": "exclusions", "amount": 2 + rng.below(4), "unjustified": null, "detail": ""}));
    }
    if signals.is_empty() {
        signals.push(json!({"kind": "retrait", "amount": null, "unjustified": null, "detail": ""}));
    }
    let signals_text = serde_json::to_string(&signals).unwrap_or_default();
    b.out.flags.push(row(json!({
        "id": flag_id, "student_id": student, "flagged_on": day(on), "raised_by": raised_by,
        "signals": signals_text, "note": "", "created_at": stamp(at(on, 9)),
    })));
    b.note(
        at(on, 9),
        "flag",
        flag_id,
        Some(student),
        format!("Repérage de {} le {}", p.name, fr(on)),
    );

    let mut reason = json!([{"kind": "flagged", "text": format!("Repéré le {}", fr(on))}]);
    let mut open = false;
    let mut in_charge = 0;
    let mut next_review = on;
    let mut reviews = 0;
    // Past years end with a "bilan" at their last meeting: nobody stays followed over summer.
    let year_end = if this_year {
        None
    } else {
        held.last().map(|m| m.id)
    };
    for m in held.iter_mut().filter(|m| m.date >= on) {
        let last = year_end == Some(m.id);
        if open && m.date < next_review && !last {
            continue;
        }
        if !p.active_on(m.date) && !open {
            break;
        }
        b.review_id += 1;
        let rid = b.review_id;
        reviews += 1;
        b.out.agenda_items.push(row(json!({
            "meeting_id": m.id, "student_id": student, "position": m.next_position,
            "origin": "auto", "removed": 0, "reasons": reason.to_string(),
        })));
        m.next_position += 1;
        let (decision, close) = if !p.active_on(m.date) {
            ("close", Some("left"))
        } else if open && last {
            ("close", Some(*rng.pick(&["resolved", "resolved", "relay"])))
        } else if !open {
            match rng.below(100) {
                0..=74 => ("enter", None),
                75..=89 => ("close", Some("no_need")),
                _ if reviews == 1 => ("not_examined", None),
                _ => ("enter", None),
            }
        } else if reviews > 5 || rng.chance(40) {
            (
                "close",
                Some(*rng.pick(&["resolved", "resolved", "relay", "refusal", "left"])),
            )
        } else {
            ("keep", None)
        };
        if matches!(decision, "enter" | "keep") {
            if !open || rng.chance(10) {
                let pp = self::pp(rng);
                in_charge = *rng.pick(&[REFERENT, CPE[0], CPE[1], PSY_EN, pp]);
            }
            open = true;
            next_review = m.date + Duration::days(28 + rng.below(29) as i64);
        } else if decision == "close" {
            open = false;
        }
        b.out.reviews.push(row(json!({
            "id": rid, "meeting_id": m.id, "student_id": student,
            "situation": if decision == "not_examined" { "" } else { *rng.pick(SITUATIONS) },
            "decision": decision, "close_reason": close, "close_detail": "",
            "in_charge": if open { json!(in_charge) } else { Value::Null },
            "next_review": if open { json!(day(next_review)) } else { Value::Null },
            "created_at": stamp(at(m.date, 15)), "recorded_at": stamp(at(m.date, 15)),
        })));
        let label = match decision {
            "enter" => "Entrée en suivi",
            "keep" => "Suivi maintenu",
            "close" => "Fin du suivi",
            _ => "Non examiné",
        };
        b.note(
            at(m.date, 15),
            "review",
            rid,
            Some(student),
            format!("GPDS du {} — {} : {label}", fr(m.date), p.name),
        );
        if open {
            let count = if decision == "enter" {
                1 + rng.below(3)
            } else {
                rng.below(2)
            };
            for _ in 0..count {
                action(b, rng, student, rid, m.date, today, this_year);
            }
            if decision == "enter" && age_on(p.s.fields.birth_date, m.date) >= 16 && rng.chance(25)
            {
                let held_on = m.date + Duration::days(7 + rng.below(14) as i64);
                if held_on < today {
                    entretien(b, rng, student, held_on);
                }
            }
            if decision == "enter" && exclusions && rng.chance(50) {
                mesure(b, rng, student, m.date, partners, today);
            }
        }
        reason = json!([{"kind": "review_due", "text": format!("Point de suivi prévu le {}", fr(next_review))}]);
        if !open && decision == "close" {
            break;
        }
    }
}

fn action(
    b: &mut Build,
    rng: &mut Rng,
    student: i64,
    review: i64,
    decided: NaiveDate,
    today: NaiveDate,
    this_year: bool,
) {
    let kinds: Vec<ActionKind> = ActionKind::ALL
        .iter()
        .copied()
        .filter(|k| {
            this_year || !matches!(k, ActionKind::ProposerPafi | ActionKind::ProposerAlliance)
        })
        .filter(|k| *k != ActionKind::Autre)
        .collect();
    let kind = *rng.pick(&kinds);
    let owner = match kind {
        ActionKind::EntretienSituation => PSY_EN,
        ActionKind::Mlds => 10,
        ActionKind::ProposerPafi | ActionKind::ProposerAlliance => REFERENT,
        _ => {
            let pp = pp(rng);
            *rng.pick(&[REFERENT, CPE[0], CPE[1], 7, 8, pp])
        }
    };
    let due = decided + Duration::days(7 + rng.below(36) as i64);
    let (status, done_on, result, cancel) = if due < today {
        // Late actions only in the current year: past years were settled.
        match rng.below(if this_year { 100 } else { 85 }) {
            0..=74 => {
                let done = (due - Duration::days(rng.below(5) as i64)).max(decided);
                ("done", json!(day(done)), *rng.pick(RESULTS), "")
            }
            75..=84 => (
                "cancelled",
                json!(day(due)),
                "",
                "Situation évoluée, action devenue sans objet.",
            ),
            _ => ("todo", Value::Null, "", ""),
        }
    } else {
        ("todo", Value::Null, "", "")
    };
    b.action_id += 1;
    let id = b.action_id;
    b.out.actions.push(row(json!({
        "id": id, "student_id": student, "review_id": review, "kind": kind.code(), "detail": "",
        "owner": owner, "due_on": day(due), "status": status, "done_on": done_on,
        "result": result, "cancel_reason": cancel, "created_at": stamp(at(decided, 15)),
    })));
    let proposal = match kind {
        ActionKind::ProposerPafi => Some("pafi"),
        ActionKind::ProposerAlliance => Some("alliance"),
        _ => None,
    };
    if let (Some(kind), "todo") = (proposal, status) {
        let pid = b.out.proposals.len() as i64 + 1;
        b.out.proposals.push(row(json!({
            "id": pid, "student_id": student, "kind": kind, "action_id": id,
            "proposed_on": day(decided), "status": "open",
        })));
    }
}

fn entretien(b: &mut Build, rng: &mut Rng, student: i64, held_on: NaiveDate) {
    let id = b.out.entretiens.len() as i64 + 1;
    let found = rng.chance(50);
    b.out.entretiens.push(row(json!({
        "id": id, "student_id": student, "held_on": day(held_on), "staff_id": PSY_EN,
        "diagnosis": "Perte de motivation, projet d'orientation à construire.",
        "outcome": if found { "solution" } else { "none" },
        "solution": if found { "Stage de découverte en CAP puis réorientation envisagée." } else { "" },
        "next_step": "Point avec la famille et le professeur principal.",
        "created_at": stamp(at(held_on, 11)),
    })));
}

fn mesure(
    b: &mut Build,
    rng: &mut Rng,
    student: i64,
    decided: NaiveDate,
    partners: i64,
    today: NaiveDate,
) {
    let id = b.out.mesures.len() as i64 + 1;
    let start = decided + Duration::days(7);
    let end = start + Duration::days(11);
    let partner = if rng.chance(40) && partners > 0 {
        json!(1 + rng.below(partners as usize) as i64)
    } else {
        Value::Null
    };
    b.out.mesures.push(row(json!({
        "id": id, "student_id": student, "hours": 4 + rng.below(17), "partner_id": partner,
        "host_detail": if partner.is_null() { "CDI, avec la professeure documentaliste" } else { "" },
        "start_on": day(start), "end_on": day(end),
        "status": if end < today { if rng.chance(85) { "done" } else { "not_done" } } else { "planned" },
        "created_at": stamp(at(decided, 16)),
    })));
}
