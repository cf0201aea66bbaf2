//! The demo school's notes, on the students of the alliances under way: what the référent and a
//! CPE noted for the whole team, and a note « restreint » of the school nurse with its résumé
//! utile — what a teacher reads of it (that it exists, and what may be shared), what the nurse and
//! the référent read in full. Written before accounts (no account id), as an imported case file's
//! notes are.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde_json::{json, Map, Value};

use super::at;
use crate::casefile::{Change, JournalEntry};
use crate::export::{ExportStudent, Row};

/// One invented note: days before today, author, role code, sensitivity code, text, résumé.
type DemoNote = (
    i64,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

const NOTES: &[DemoNote] = &[
    (
        15,
        "Karim Benhamou",
        "referent",
        "equipe",
        "Rencontre avec la mère au bureau : elle souhaite un point chaque mois et préfère être appelée après 18 h.",
        "",
    ),
    (
        9,
        "Maud Texier",
        "medico_social",
        "restreint",
        "Consultations à l'infirmerie trois lundis de suite pour des maux de tête et une grande fatigue ; l'élève évoque des nuits très courtes et des tensions à la maison. Orientation vers le médecin scolaire proposée, acceptée.",
        "Fatigue marquée le lundi matin : éviter les évaluations en première heure ce jour-là ; en parler d'abord avec l'infirmière.",
    ),
    (
        4,
        "Sophie Lagarde",
        "cpe",
        "equipe",
        "Retards en baisse depuis la mise en place du tutorat : deux cette semaine contre cinq la précédente.",
        "",
    ),
];

fn row(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

fn adjective(sensitivity: &str) -> &'static str {
    match sensitivity {
        "restreint" => "restreinte",
        "auteur" => "réservée à son auteur",
        _ => "d'équipe",
    }
}

/// The notes of `students` (those of the alliances under way), with their journal entries.
pub(super) fn generate(
    students: &[&ExportStudent],
    today: NaiveDate,
) -> (Vec<Row>, Vec<(NaiveDateTime, JournalEntry)>) {
    let mut rows = Vec::new();
    let mut journal = Vec::new();
    for s in students {
        for (days, author, role, sensitivity, text, summary) in NOTES {
            let on = today - Duration::days(*days);
            if on < s.fields.birth_date {
                continue;
            }
            let when = at(on, 16);
            let stamp = when.format("%Y-%m-%dT%H:%M:%S").to_string();
            let id = rows.len() as i64 + 1;
            rows.push(row(json!({
                "id": id, "student_id": s.id, "written_on": on.format("%Y-%m-%d").to_string(),
                "author_user_id": null, "author_name": author, "author_role": role,
                "sensitivity": sensitivity, "text": text, "summary": summary,
                "created_at": stamp, "updated_at": stamp,
            })));
            let shown = if *sensitivity == "equipe" {
                (*text).to_owned()
            } else {
                format!("(texte non reproduit : note {})", adjective(sensitivity))
            };
            let mut changes = vec![
                Change {
                    field: "Date".into(),
                    before: None,
                    after: Some(crate::school_year::french_date(on)),
                },
                Change {
                    field: "Texte".into(),
                    before: None,
                    after: Some(shown),
                },
            ];
            if !summary.is_empty() {
                changes.push(Change {
                    field: "Résumé utile".into(),
                    before: None,
                    after: Some((*summary).to_owned()),
                });
            }
            journal.push((
                when,
                JournalEntry {
                    id: 0,
                    at: when,
                    author: (*author).to_owned(),
                    entity: "student_note".into(),
                    entity_id: Some(id),
                    student_id: Some(s.id),
                    summary: format!(
                        "Note {} ajoutée au dossier {}",
                        adjective(sensitivity),
                        crate::text::de(&format!("{} {}", s.fields.first_name, s.fields.last_name))
                    ),
                    changes,
                },
            ));
        }
    }
    (rows, journal)
}
