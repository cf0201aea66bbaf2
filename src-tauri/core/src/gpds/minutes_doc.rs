//! The compte-rendu of a GPDS meeting as a document (through the document engine).

use serde_json::json;

use super::reviews::minutes;
use crate::casefile::CaseFile;
use crate::documents::registry::{generate, Document, DocumentRequest, SignatoryDecl};
use crate::documents::template::DocumentType;
use crate::error::Result;
use crate::registry::establishment;

/// Makes (or remakes, as a new version once the previous one left draft) the compte-rendu of a
/// meeting. Signed by the head of school, who pilots the group, and the référent who wrote it.
pub fn minutes_document(cf: &mut CaseFile, meeting_id: i64) -> Result<Document> {
    let m = minutes(cf, meeting_id)?;
    let e = establishment(cf)?.input;
    let lines: Vec<_> = m
        .rows
        .iter()
        .map(|r| {
            json!({
                "eleve": r.student, "classe": r.class_name, "decision": r.decision,
                "responsable": r.in_charge, "prochain_point": r.next_review,
                "actions": r.actions.iter().map(|a| json!({
                    "action": a.what, "responsable": a.owner, "echeance": a.due_on,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let followed: Vec<_> = m
        .rows
        .iter()
        .filter_map(|r| {
            Some(json!({
                "eleve": r.student, "responsable": r.in_charge.as_ref()?,
                "prochain_point": r.next_review?,
            }))
        })
        .collect();
    let data = json!({
        "seance": {
            "date": m.meeting.date, "heure": m.meeting.time, "lieu": m.meeting.place,
            "version": m.version,
        },
        "presents": m.present, "absents": m.absent, "non_notes": m.not_recorded,
        "lignes": lines, "suivis": followed, "sans_decision": m.undecided,
    });
    let person = |name: &str, role: &str, mention: &str, hint: &str| SignatoryDecl {
        role: role.into(),
        name: (!name.trim().is_empty()).then(|| name.trim().to_owned()),
        relationship: String::new(),
        required: true,
        mention: mention.into(),
        missing_hint: hint.into(),
    };
    generate(
        cf,
        &DocumentRequest {
            kind: DocumentType::CompteRenduGpds,
            record: ("meeting", meeting_id),
            student_id: None,
            data,
            signatories: vec![
                person(
                    &e.head_name,
                    "Le chef d'établissement",
                    "Pour le groupe",
                    "Indiquez le nom du chef d'établissement dans Paramètres.",
                ),
                person(
                    &e.referent_name,
                    "Le référent décrochage scolaire",
                    "Rédacteur",
                    "Indiquez le nom du référent dans Paramètres.",
                ),
            ],
        },
    )
}
